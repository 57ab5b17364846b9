// Results shows what a pulse heard, question by question: personal links and the
// open link apart, then by organisation, staff group and job role. A count of 1 to 4
// reads "fewer than 5", and a count that would give one away reads "not shown".
// Written answers are listed without who wrote them.
import type { ID } from '../api';
import { Table } from '../components/DataTable';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { pulseResults, type Cell, type QuestionResult } from './api';

const sourceLabels = { personal: 'Personal links', open: 'Open link (self-declared)' };

function count(n: number | null, text: string) {
  return n === null ? <span class="app-pulse-withheld">{text}</span> : n.toLocaleString('en-GB');
}

function rowCells(q: QuestionResult, c: Cell) {
  return (
    <>
      <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{count(c.answered, c.answered_text)}</td>
      {q.labels.map((_, i) => (
        <td class="nhsuk-table__cell nhsuk-table__cell--numeric" key={i}>
          {c.withheld ? (
            <span class="app-pulse-withheld">
              <span aria-hidden="true">–</span>
              <span class="nhsuk-u-visually-hidden">not shown</span>
            </span>
          ) : (
            count(c.counts[i], c.counts_text[i])
          )}
        </td>
      ))}
      {q.headline && <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{c.ready_percent === null ? <span class="app-pulse-withheld">not shown</span> : `${c.ready_percent}%`}</td>}
    </>
  );
}

function headers(q: QuestionResult, first: string) {
  return [first, { label: 'Answered', numeric: true }, ...q.labels.map((l) => ({ label: l, numeric: true })), ...(q.headline ? [{ label: 'Feel ready', numeric: true }] : [])];
}

function Question({ q }: { q: QuestionResult }) {
  const who = (c: Cell) => [c.organisation || 'No organisation', c.staff_group || 'No staff group', c.job_role].filter(Boolean).join(', ');
  return (
    <section class="app-pulse-question" data-testid="question-result">
      <h3>
        {q.position}. {q.prompt}
        {q.headline && <strong class="nhsuk-tag nhsuk-tag--blue nhsuk-u-margin-left-2">Headline</strong>}
      </h3>
      {q.kind !== 'open' && (
        <Table caption={`Answers to question ${q.position}`} headers={headers(q, 'Answered through')}>
          {q.overall.map((c) => (
            <tr class="nhsuk-table__row" key={c.source}>
              <th class="nhsuk-table__header" scope="row">
                {sourceLabels[c.source]}
              </th>
              {rowCells(q, c)}
            </tr>
          ))}
        </Table>
      )}
      {q.kind === 'open' && (
        <p>
          {q.overall.map((c) => `${sourceLabels[c.source]}: ${c.answered === null ? c.answered_text : c.answered} answered`).join('. ')}.
        </p>
      )}
      {q.cells.length > 0 && q.kind !== 'open' && (
        <details class="nhsuk-details">
          <summary class="nhsuk-details__summary">
            <span class="nhsuk-details__summary-text">By organisation, staff group and job role</span>
          </summary>
          <div class="nhsuk-details__text">
            <Table caption={`Question ${q.position} by group`} headers={headers(q, 'Group')}>
              {q.cells.map((c, i) => (
                <tr class="nhsuk-table__row" key={i}>
                  <th class="nhsuk-table__header" scope="row">
                    {who(c)}
                    {c.source === 'open' && <span class="nhsuk-body-s"> (open link)</span>}
                  </th>
                  {rowCells(q, c)}
                </tr>
              ))}
            </Table>
          </div>
        </details>
      )}
      {q.texts.length > 0 && (
        <details class="nhsuk-details">
          <summary class="nhsuk-details__summary">
            <span class="nhsuk-details__summary-text">Written answers ({q.texts.length})</span>
          </summary>
          <div class="nhsuk-details__text">
            <p class="nhsuk-body-s">In alphabetical order, without names. For the programme team only.</p>
            <ul class="nhsuk-list nhsuk-list--bullet">
              {q.texts.map((t, i) => (
                <li key={i}>{t}</li>
              ))}
            </ul>
          </div>
        </details>
      )}
    </section>
  );
}

export function PulseResults({ id }: { id: ID }) {
  const res = useResource(() => pulseResults(id), [id]);
  if (res.error) return <LoadError error={res.error} />;
  if (!res.data) return <Loading what="Loading the results" />;
  return (
    <>
      <p>To protect people's privacy, a count of 1 to 4 shows as "fewer than 5", and a count that would let someone work one out shows as "not shown".</p>
      {res.data.questions.map((q) => (
        <Question q={q} key={q.question_id} />
      ))}
    </>
  );
}
