// DataTable draws the NHS table (nhsuk-table) from a list of columns, so every
// list in Confer has the same markup: a caption, column headers with
// scope="col", numeric columns aligned right, and a focusable region that
// scrolls sideways on small screens (keyboard users can scroll it too).
// Table is the same frame for rows a page draws itself (rows with their own
// state, such as the roster's attendance buttons).
import type { ComponentChildren } from 'preact';

export interface Column<T> {
  header: string;
  cell(row: T): ComponentChildren;
  numeric?: boolean;
  /** rowHeader draws the cell as the header of its row (th scope="row"). */
  rowHeader?: boolean;
  /** cellClass is an extra class on this column's cells. */
  cellClass?: string;
}

/** captionSizes: "hidden" is heard by screen readers only; "plain" is the default NHS size. */
const captionClasses = {
  hidden: 'nhsuk-table__caption nhsuk-u-visually-hidden',
  plain: 'nhsuk-table__caption',
  s: 'nhsuk-table__caption nhsuk-table__caption--s',
  m: 'nhsuk-table__caption nhsuk-table__caption--m',
};

type TableRole = 'table' | 'rowgroup' | 'row' | 'columnheader' | 'rowheader' | 'cell';

/** scrollLabel names a table's scrolling region after its caption, so a page of several
 * tables has regions a screen reader can tell apart (landmarks need unique names). */
const scrollLabel = (caption: ComponentChildren) =>
  `${typeof caption === 'string' && caption.trim() !== '' ? caption : 'Table'} (scrolls sideways on small screens)`;

interface TableProps {
  caption: ComponentChildren;
  captionSize?: keyof typeof captionClasses;
  headers: (string | { label: string; numeric?: boolean })[];
  /** tableClass adds classes to the table, beside nhsuk-table. */
  tableClass?: string;
  testId?: string;
  /** scroll is the scrolling region's label (default: the caption's, when it is text);
   * false draws the table without one. */
  scroll?: string | false;
  /** responsive stacks each row into a card on small screens (nhsuk-table--responsive). */
  responsive?: boolean;
  children: ComponentChildren;
}

const cls = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ');

/** Table is the frame: caption, head and body; the rows are its children. */
export function Table({ caption, captionSize = 'hidden', headers, tableClass, testId, scroll, responsive, children }: TableProps) {
  const role = (r: TableRole) => (responsive ? r : undefined);
  const table = (
    <table class={cls('nhsuk-table', responsive && 'nhsuk-table--responsive', tableClass)} role={role('table')} data-testid={testId}>
      <caption class={captionClasses[captionSize]}>{caption}</caption>
      <thead class="nhsuk-table__head" role={role('rowgroup')}>
        <tr class="nhsuk-table__row" role={role('row')}>
          {headers.map((h) => {
            const { label, numeric } = typeof h === 'string' ? { label: h, numeric: false } : h;
            return (
              <th class={cls('nhsuk-table__header', numeric && 'nhsuk-table__header--numeric')} scope="col" role={role('columnheader')} key={label}>
                {label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody class="nhsuk-table__body" role={role('rowgroup')}>
        {children}
      </tbody>
    </table>
  );
  if (scroll === false) return table;
  return (
    <div class="app-table-scroll" tabIndex={0} role="region" aria-label={scroll ?? scrollLabel(caption)}>
      {table}
    </div>
  );
}

interface DataTableProps<T> extends Omit<TableProps, 'headers' | 'children'> {
  columns: Column<T>[];
  rows: T[];
  rowKey(row: T): string | number;
  /** rowAttrs adds attributes to a row, such as a data-testid. */
  rowAttrs?(row: T): Record<string, string>;
}

/** DataTable is a Table whose rows are drawn from columns, one row per item. */
export function DataTable<T>({ columns, rows, rowKey, rowAttrs, ...table }: DataTableProps<T>) {
  const role = (r: TableRole) => (table.responsive ? r : undefined);
  return (
    <Table {...table} headers={columns.map((c) => ({ label: c.header, numeric: c.numeric }))}>
      {rows.map((row) => (
        <tr class="nhsuk-table__row" role={role('row')} key={rowKey(row)} {...rowAttrs?.(row)}>
          {columns.map((c) => {
            const content = table.responsive ? (
              <>
                <span class="nhsuk-table__heading" aria-hidden="true">
                  {c.header}{' '}
                </span>
                <span>{c.cell(row)}</span>
              </>
            ) : (
              c.cell(row)
            );
            return c.rowHeader ? (
              <th class={cls('nhsuk-table__header', c.cellClass)} scope="row" role={role('rowheader')} key={c.header}>
                {content}
              </th>
            ) : (
              <td class={cls('nhsuk-table__cell', c.numeric && 'nhsuk-table__cell--numeric', c.cellClass)} role={role('cell')} key={c.header}>
                {content}
              </td>
            );
          })}
        </tr>
      ))}
    </Table>
  );
}
