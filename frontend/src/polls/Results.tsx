// Results shows a poll's results in a way that does not depend on colour:
// labelled bars with their counts as text, a word cloud whose words also
// carry their counts, a scale's mean, and the same figures in a data table
// (visually hidden on the big screen, where the bars are the picture).
import type { Poll, Results as R } from './api';

function labels(poll: Poll): string[] {
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

function Bars({ poll, results }: { poll: Poll; results: R }) {
  const names = labels(poll);
  const top = Math.max(1, ...results.counts);
  const unit = (n: number) => (poll.kind === 'ranking' ? (n === 1 ? 'point' : 'points') : n === 1 ? 'vote' : 'votes');
  return (
    <ul class="app-bars" aria-hidden="true">
      {results.counts.map((n, i) => (
        <li key={i} class="app-bars__item">
          <span class="app-bars__label">{names[i]}</span>
          <span class="app-bars__track">
            <span class="app-bars__bar" style={{ width: `${(n / top) * 100}%` }} />
          </span>
          <span class="app-bars__count">
            {n} {unit(n)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function DataTable({ poll, results, hidden }: { poll: Poll; results: R; hidden?: boolean }) {
  const names = labels(poll);
  const rows: [string, string][] =
    poll.kind === 'wordcloud'
      ? (results.words ?? []).map((w) => [w.text, String(w.count)])
      : results.counts.map((n, i) => [
          names[i],
          poll.kind === 'ranking' ? `${n} points, mean rank ${(results.mean_ranks?.[i] ?? 0).toFixed(1)}` : String(n),
        ]);
  if (rows.length === 0) return null;
  return (
    <table class={`app-results-table${hidden ? ' nhsuk-u-visually-hidden' : ''}`}>
      <caption class="nhsuk-u-visually-hidden">Results: {poll.question}</caption>
      <thead>
        <tr>
          <th scope="col">{poll.kind === 'wordcloud' ? 'Word' : 'Answer'}</th>
          <th scope="col">{poll.kind === 'ranking' ? 'Score' : 'Votes'}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([a, b]) => (
          <tr key={a}>
            <td>{a}</td>
            <td>{b}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function WordCloud({ results }: { results: R }) {
  const words = results.words ?? [];
  const top = Math.max(1, ...words.map((w) => w.count));
  return (
    <ul class="app-wordcloud" aria-hidden="true">
      {words.map((w) => (
        <li key={w.text} style={{ fontSize: `${1 + (w.count / top) * 2}em` }}>
          {w.text} <span class="app-wordcloud__count">{w.count}</span>
        </li>
      ))}
    </ul>
  );
}

export function Results({ poll, results, big }: { poll: Poll; results: R; big?: boolean }) {
  const voted = results.total === 1 ? '1 response' : `${results.total} responses`;
  return (
    <div class={big ? 'app-results app-results--big' : 'app-results'}>
      <p class="app-results__total" aria-live="polite">
        {voted}
      </p>
      {poll.kind === 'scale' && (
        <p class="app-results__mean">
          Average: <strong>{results.mean !== undefined ? results.mean.toFixed(1) : '–'}</strong> out of {poll.max}
        </p>
      )}
      {poll.kind === 'wordcloud' && <WordCloud results={results} />}
      {poll.kind === 'open' && (
        <ul class="app-answers">
          {(results.answers ?? []).map((a, i) => (
            <li key={i}>{a}</li>
          ))}
        </ul>
      )}
      {poll.kind !== 'wordcloud' && poll.kind !== 'open' && <Bars poll={poll} results={results} />}
      <DataTable poll={poll} results={results} hidden={big} />
    </div>
  );
}
