import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorSummary } from './ErrorSummary';
import { TextField } from './fields';

afterEach(cleanup);

function Form({ errors }: { errors: { field?: string; message: string }[] }) {
  return (
    <form>
      <ErrorSummary errors={errors} />
      <TextField id="code" label="Code" value="" onValue={() => {}} error={errors.find((e) => e.field === 'code')?.message} />
    </form>
  );
}

describe('ErrorSummary', () => {
  it('renders nothing without errors', () => {
    const { container } = render(<Form errors={[]} />);
    expect(container.querySelector('.nhsuk-error-summary')).toBeNull();
  });

  it('links a field error to its input, takes focus, and moves focus to the field', () => {
    render(<Form errors={[{ field: 'code', message: 'Code already in use' }, { message: 'Server is tired' }]} />);
    const summary = screen.getByRole('alert').parentElement!;
    expect(document.activeElement).toBe(summary);
    expect(screen.getByRole('heading', { name: 'There is a problem' })).toBeTruthy();

    const link = screen.getByRole('link', { name: 'Code already in use' });
    expect(link.getAttribute('href')).toBe('#code');
    // An error with no field is shown as text, not as a link.
    expect(screen.getByText('Server is tired').tagName).toBe('LI');

    fireEvent.click(link);
    expect(document.activeElement).toBe(document.getElementById('code'));
  });
});

describe('TextField', () => {
  it('describes the input by its hint and error message', () => {
    render(<TextField id="name" label="Name" hint="Full name" error="Enter a name" value="" onValue={() => {}} />);
    const input = screen.getByLabelText('Name');
    expect(input.getAttribute('aria-describedby')).toBe('name-hint name-error');
    expect(input.classList.contains('nhsuk-input--error')).toBe(true);
    expect(document.getElementById('name-error')!.textContent).toBe('Error: Enter a name');
    expect(input.closest('.nhsuk-form-group')!.classList.contains('nhsuk-form-group--error')).toBe(true);
  });

  it('reports typed values', () => {
    let value = '';
    render(<TextField id="q" label="Search" value="" onValue={(v) => (value = v)} />);
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'Ada' } });
    expect(value).toBe('Ada');
  });
});
