import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Checkboxes, Radios } from './choices';
import { emailProblem } from './formErrors';

afterEach(cleanup);

describe('choices', () => {
  it('gives a radio group’s first radio the field id and the rest their value', () => {
    const { container } = render(
      <Radios id="format" legend="Format" value="online" options={[{ value: 'in_person', label: 'In person' }, { value: 'online', label: 'Online', hint: 'A link' }]} onValue={() => {}} />,
    );
    const inputs = [...container.querySelectorAll('input')];
    expect(inputs.map((i) => [i.id, i.type, i.name, i.checked])).toEqual([
      ['format', 'radio', 'format', false],
      ['format-online', 'radio', 'format', true],
    ]);
    expect(inputs[1].getAttribute('aria-describedby')).toBe('format-online-item-hint');
  });

  it('numbers checkboxes, whose values may hold spaces', () => {
    let picked: string[] = [];
    const { container } = render(
      <Checkboxes id="staff_groups" legend="Staff groups" small values={['Allied health']} options={['Allied health', 'Nursing and midwifery'].map((g) => ({ value: g, label: g }))} onValues={(v) => (picked = v)} />,
    );
    const inputs = [...container.querySelectorAll('input')];
    expect(inputs.map((i) => [i.id, i.type, i.checked])).toEqual([
      ['staff_groups', 'checkbox', true],
      ['staff_groups-2', 'checkbox', false],
    ]);
    inputs[1].click();
    expect(picked).toEqual(['Allied health', 'Nursing and midwifery']);
  });
});

describe('emailProblem', () => {
  it('says what is missing or wrong, in the words the page asks for', () => {
    expect(emailProblem('  ', 'Enter the email address you booked with')).toBe('Enter the email address you booked with');
    expect(emailProblem('ada.nhs.net')).toBe('Enter an email address in the correct format, like name@example.nhs.net');
    expect(emailProblem(' ada@moorside.nhs.uk ')).toBeUndefined();
  });
});
