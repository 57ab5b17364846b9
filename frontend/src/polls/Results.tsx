// Results shows a poll's results in a way that does not depend on colour:
// labelled bars with their counts as text, a word cloud whose words also
// carry their counts, a scale's mean, and the same figures in a data table
// (visually hidden on the big screen, where the bars are the picture).
// The bars sit in fixed columns (label, bar, count), so the bars of every row
// start at the same place and their lengths compare at a glance; a ranking is
// listed best first.
import type { Poll, Results as R } from './api';
import { WordCloud } from './WordCloud';

/** optionLabels names each count of a poll: its options, or a scale's points. */
export function optionLabels(poll: Poll): string[] {
  if (poll.kind === 'scale') {
    const out: string[] = [];
    for (let v = poll.min ?? 1; v <= (poll.max ?? 5); v++) {
      let l = String(v);
      if (v === poll.min && poll.min_label) l += ` (${poll.min_label})`;
      if (v === poll.max && poll.max_label) l += ` (${poll.max_label})`;
      out.push(l);
    }
    return out;
  }
  return poll.options;
}

export interface Row {
  label: string;
  count: number;
  /** the option's index in the poll, for mean ranks */
  index: number;
}

/** resultRows pairs labels with counts; a ranking comes highest score first
 * (ties keep the poll's order), every other kind in the poll's order. */
export function resultRows(poll: Poll, results: R): Row[] {
  const names = optionLabels(poll);
  const rows = results.counts.map((count, index) => ({ label: names[index] ?? '', count, index }));
  if (poll.kind === 'ranking') rows.sort((a, b) => b.count - a.count || a.index - b.index);
  return rows;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

function Bars({ poll, rows }: { poll: Poll; rows: Row[] }) {
  const top = Math.max(1, ...rows.map((r) => r.count));
  return (
    <ul class="app-bars" aria-hidden="true" style={{ '--rows': rows.length }}>
      {rows.map((r) => (
        <li key={r.index} class="app-bars__item">
          <span class="app-bars__label">{r.label}</span>
          <span class="app-bars__track">
            <span class="app-bars__bar" style={{ width: `${(r.count / top) * 100}%` }} />
          </span>
          <span class="app-bars__count">{poll.kind === 'ranking' ? plural(r.count, 'point', 'points') : plural(r.count, 'vote', 'votes')}</span>
        </li>
      ))}
    </ul>
  );
}

function DataTable({ poll, results, rows, hidden }: { poll: Poll; results: R; rows: Row[]; hidden?: boolean }) {
  const cells: [string, string][] =
    poll.kind === 'wordcloud'
      ? (results.words ?? []).map((w) => [w.text, String(w.count)])
      : rows.map((r) => [
          r.label,
          poll.kind === 'ranking' ? `${r.count} points, mean rank ${(results.mean_ranks?.[r.index] ?? 0).toFixed(1)}` : String(r.count),
        ]);
  if (cells.length === 0) return null;
  const table = (
    <table class="app-results-table">
      <caption class="nhsuk-u-visually-hidden">Results: {poll.question}</caption>
      <thead>
        <tr>
          <th scope="col">{poll.kind === 'wordcloud' ? 'Word' : 'Answer'}</th>
          <th scope="col">{poll.kind === 'ranking' ? 'Score' : 'Votes'}</th>
        </tr>
      </thead>
      <tbody>
        {cells.map(([a, b]) => (
          <tr key={a}>
            <td>{a}</td>
            <td>{b}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  // Hidden in a box that clips it: a table is never narrower than its cells,
  // so hiding the table itself would still widen the page.
  return hidden ? <div class="nhsuk-u-visually-hidden">{table}</div> : table;
}

export function Results({ poll, results, big }: { poll: Poll; results: R; big?: boolean }) {
  const rows = resultRows(poll, results);
  const answers = results.answers ?? [];
  return (
    <div class={big ? 'app-results app-results--big' : 'app-results'}>
      <p class="app-results__total" aria-live="polite">
        {plural(results.total, 'response', 'responses')}
        {poll.kind === 'scale' && (
          <span class="app-results__mean">
            {' '}
            · Average: <strong>{results.mean !== undefined ? results.mean.toFixed(1) : '–'}</strong> out of {poll.max}
          </span>
        )}
      </p>
      <div class="app-results__picture">
        {poll.kind === 'wordcloud' && <WordCloud words={results.words ?? []} limit={big ? 40 : 100} />}
        {poll.kind === 'open' && (
          <ul class="app-answers">
            {(big ? answers.slice(0, 12) : answers).map((a, i) => (
              <li key={i}>{a}</li>
            ))}
          </ul>
        )}
        {poll.kind !== 'wordcloud' && poll.kind !== 'open' && <Bars poll={poll} rows={rows} />}
      </div>
      <DataTable poll={poll} results={results} rows={rows} hidden={big} />
    </div>
  );
}
