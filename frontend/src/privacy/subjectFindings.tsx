// subjectFindings.tsx shows what Confer holds about one person: a summary of
// counts per area, then a table per area that has records.
import { useEffect, useRef } from 'preact/hooks';
import { Table } from '../components/DataTable';
import { formatDateTime } from '../time';
import { records, type Findings, type FoundArea } from './subjectApi';

/** columnLabel turns an API column name into words: "staff_group" → "Staff group". */
const columnLabel = (c: string) =>
  c === 'id' ? 'ID' : (c.charAt(0).toUpperCase() + c.slice(1)).replace(/_id$/, ' ID').replaceAll('_', ' ');

/** cellText shows a time (the API gives UTC, RFC 3339) in London time; anything else as it is. */
const cellText = (s: string) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(s) ? formatDateTime(s) : s);

function AreaTable({ area }: { area: FoundArea }) {
  return (
    <div data-testid={`subject-area-${area.key}`}>
      <Table caption={`${area.title} (${records(area.count)})`} captionSize="s" headers={area.columns.map(columnLabel)}>
        {area.rows.map((row) => (
          <tr class="nhsuk-table__row" key={row[0]}>
            {row.map((cell, i) => (
              <td class="nhsuk-table__cell app-subject-cell" key={area.columns[i]}>
                {cellText(cell)}
              </td>
            ))}
          </tr>
        ))}
      </Table>
    </div>
  );
}

export function SubjectFindings({ findings, who }: { findings: Findings; who: string }) {
  const found = findings.areas.filter((a) => a.count > 0);
  const none = findings.areas.filter((a) => a.count === 0);
  // The heading takes focus when new findings arrive, so a screen reader reads what was found.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [findings]);
  return (
    <section aria-labelledby="findings-heading">
      <h2 id="findings-heading" data-testid="subject-total" tabIndex={-1} ref={heading}>
        {findings.total === 0 ? 'Confer holds nothing about ' : `Confer holds ${records(findings.total)} about `}
        <span class="app-subject-who">{who}</span>
      </h2>
      {found.length > 0 && (
        <dl class="nhsuk-summary-list" data-testid="subject-counts">
          {found.map((a) => (
            <div class="nhsuk-summary-list__row" key={a.key}>
              <dt class="nhsuk-summary-list__key">{a.title}</dt>
              <dd class="nhsuk-summary-list__value">{records(a.count)}</dd>
              <dd class="nhsuk-summary-list__actions">
                <a href={`#area-${a.key}`}>
                  See<span class="nhsuk-u-visually-hidden"> {a.title.toLowerCase()}</span>
                </a>
              </dd>
            </div>
          ))}
        </dl>
      )}
      {none.length > 0 && findings.total > 0 && (
        <>
          <p>Nothing found in:</p>
          <ul class="nhsuk-list nhsuk-list--bullet" data-testid="subject-none">
            {none.map((a) => (
              <li key={a.key}>{a.title}</li>
            ))}
          </ul>
        </>
      )}
      {found.map((a) => (
        <div id={`area-${a.key}`} key={a.key}>
          <AreaTable area={a} />
        </div>
      ))}
    </section>
  );
}
