import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DataTable } from './DataTable';

afterEach(cleanup);

const rows = [
  { name: 'Moorside', people: 1200 },
  { name: 'Hillview', people: 80 },
];

describe('DataTable', () => {
  it('draws the NHS table: caption, column headers, numeric cells, a scrolling region', () => {
    render(
      <DataTable
        caption="Trusts"
        rows={rows}
        rowKey={(r) => r.name}
        columns={[
          { header: 'Name', rowHeader: true, cell: (r) => r.name },
          { header: 'People', numeric: true, cell: (r) => r.people },
        ]}
      />,
    );
    const table = screen.getByRole('table', { name: 'Trusts' });
    expect(table.querySelector('caption')?.className).toBe('nhsuk-table__caption nhsuk-u-visually-hidden');
    const heads = screen.getAllByRole('columnheader');
    expect(heads.map((h) => [h.textContent, h.getAttribute('scope'), h.className])).toEqual([
      ['Name', 'col', 'nhsuk-table__header'],
      ['People', 'col', 'nhsuk-table__header nhsuk-table__header--numeric'],
    ]);
    expect(screen.getByRole('rowheader', { name: 'Hillview' }).getAttribute('scope')).toBe('row');
    expect(screen.getByRole('cell', { name: '80' }).className).toBe('nhsuk-table__cell nhsuk-table__cell--numeric');
    // Named after its caption, so two tables on a page are two regions a reader can tell apart.
    const region = screen.getByRole('region', { name: 'Trusts (scrolls sideways on small screens)' });
    expect(region.getAttribute('tabindex')).toBe('0');
  });

  it('labels each cell with its column on a responsive table, and can go without the scrolling region', () => {
    render(<DataTable caption="Rows" captionSize="plain" responsive scroll={false} rows={rows} rowKey={(r) => r.name} columns={[{ header: 'Name', cell: (r) => r.name }]} />);
    expect(screen.queryByRole('region')).toBeNull();
    const cell = screen.getByRole('cell', { name: /Moorside/ });
    expect(cell.querySelector('.nhsuk-table__heading')?.textContent).toBe('Name ');
  });
});
