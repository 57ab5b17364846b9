// Heard shows "what we heard" for a decision, the same on the team's page and
// the public one: how many contributions it links, from which organisations
// and staff groups, the poll results that informed it and the quotes the team
// chose. The server withholds public counts below 5 (null): those read
// "fewer than 5", never a number.
import { DataTable } from '../components/DataTable';
import type { Count, Heard as HeardData, HeardPoll, Quote } from './api';
import { countCell, countWords } from './words';

function PollResults({ poll }: { poll: HeardPoll }) {
  const rows = poll.options.map((label, i) => ({ label, count: poll.counts[i] as Count, text: poll.counts_text?.[i] }));
  return (
    <div data-testid="heard-poll">
      <h4 class="nhsuk-heading-xs nhsuk-u-margin-bottom-2">{poll.question}</h4>
      <p class="app-decision-meta">{countWords(poll.total, 'answer', 'answers', poll.total_text)}</p>
      {rows.length > 0 && (
        <DataTable
          caption={`Answers to: ${poll.question}`}
          rows={rows}
          rowKey={(r) => r.label}
          columns={[
            { header: 'Answer', cell: (r) => r.label, rowHeader: true },
            { header: 'Answers', cell: (r) => countCell(r.count, r.text), numeric: true },
          ]}
        />
      )}
    </div>
  );
}

/** Quotes lists the quotes the team chose, each as a pull quote. */
export function Quotes({ quotes }: { quotes: Quote[] }) {
  if (quotes.length === 0) return null;
  return (
    <>
      <h3 class="nhsuk-heading-s">What people said</h3>
      {quotes.map((q, i) => (
        <blockquote class="app-decision-quote" key={i} data-testid="heard-quote">
          <p>{q.text}</p>
        </blockquote>
      ))}
    </>
  );
}

/** withholds says whether any count was withheld (null), so the page can say why. */
export function withholds(h: HeardData): boolean {
  const counts: Count[] = [
    h.contributions,
    ...h.by_organisation.map((r) => r.count),
    ...h.by_staff_group.map((r) => r.count),
    ...h.polls.flatMap((p) => [p.total, ...p.counts]),
  ];
  return counts.some((c) => c === null);
}

export function Heard({ heard, headingLevel = 2 }: { heard: HeardData; headingLevel?: 2 | 3 }) {
  const H = `h${headingLevel}` as 'h2';
  const Sub = `h${headingLevel + 1}` as 'h3';
  return (
    <section aria-labelledby="heard-heading" data-testid="heard">
      <H id="heard-heading">What we heard</H>
      <p data-testid="heard-contributions">
        This decision was informed by {countWords(heard.contributions, 'contribution', 'contributions', heard.contributions_text)}.
      </p>
      {withholds(heard) && (
        <p class="app-decision-meta" data-testid="heard-withheld">
          We do not give numbers below 5, or numbers that would let one be worked out, so that nobody can be picked out.
        </p>
      )}
      {heard.by_organisation.length > 0 && (
        <>
          <Sub class="nhsuk-heading-s">From which organisations</Sub>
          <DataTable
            caption="Contributions by organisation"
            rows={heard.by_organisation}
            rowKey={(r) => r.organisation_id ?? 'none'}
            columns={[
              { header: 'Organisation', cell: (r) => r.name || 'Not given', rowHeader: true },
              { header: 'Contributions', cell: (r) => countCell(r.count, r.count_text), numeric: true },
            ]}
          />
        </>
      )}
      {heard.by_staff_group.length > 0 && (
        <>
          <Sub class="nhsuk-heading-s">From which staff groups</Sub>
          <DataTable
            caption="Contributions by staff group"
            rows={heard.by_staff_group}
            rowKey={(r) => r.staff_group}
            columns={[
              { header: 'Staff group', cell: (r) => r.name || r.staff_group || 'Not given', rowHeader: true },
              { header: 'Contributions', cell: (r) => countCell(r.count, r.count_text), numeric: true },
            ]}
          />
        </>
      )}
      {heard.polls.length > 0 && (
        <>
          <Sub class="nhsuk-heading-s">Poll results</Sub>
          {heard.polls.map((p) => (
            <PollResults poll={p} key={p.poll_id} />
          ))}
        </>
      )}
      <Quotes quotes={heard.quotes} />
    </section>
  );
}
