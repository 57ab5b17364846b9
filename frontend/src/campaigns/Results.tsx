// Results sums up how a sent campaign did: how many emails were delivered, the
// open and click rates as percentages of those, and clicks per link. With no
// email service set up it says the emails went to the outbox instead, since
// nothing was delivered or opened.
import { wentToOutbox, type Campaign } from './api';
import { DataTable } from '../components/DataTable';

const n = (v: number) => v.toLocaleString('en-GB');
const pct = (v: number | null) => (v === null ? 'Not known yet' : `${v.toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`);

export function Results({ c }: { c: Campaign }) {
  if (wentToOutbox(c)) return null; // Progress says where the emails went, and that nothing comes back
  const s = c.stats;
  const row = (k: string, v: string, detail: string, testid: string) => (
    <div class="nhsuk-summary-list__row">
      <dt class="nhsuk-summary-list__key">{k}</dt>
      <dd class="nhsuk-summary-list__value" data-testid={testid}>
        {v}
        {detail && <span class="nhsuk-u-secondary-text-colour"> {detail}</span>}
      </dd>
    </div>
  );
  const of = (part: number) => (s.delivered ? `(${n(part)} of ${n(s.delivered)} delivered)` : '');
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading">Results</h2>
      <dl class="nhsuk-summary-list">
        {row('Delivered', `${n(s.delivered)} of ${n(s.sent)}`, '', 'delivered')}
        {row('Opened', pct(c.open_rate), of(s.opened), 'open-rate')}
        {row('Clicked a link', pct(c.click_rate), of(s.clicked), 'click-rate')}
      </dl>
      <p class="nhsuk-body-s">
        Opens by a mail app's privacy feature, which loads every email, are not counted as opens. Some people read without loading
        images, so the real open rate may be higher.
      </p>
      {c.links.length > 0 ? (
        <DataTable
          caption="Clicks per link"
          captionSize="s"
          testId="campaign-links"
          scroll="Clicks per link (scrolls sideways)"
          rows={c.links}
          rowKey={(l) => l.url}
          columns={[
            { header: 'Link', rowHeader: true, cellClass: 'app-link-cell', cell: (l) => l.url },
            { header: 'Clicks', numeric: true, cell: (l) => n(l.clicks) },
            { header: 'People who clicked', numeric: true, cell: (l) => n(l.unique_clickers) },
          ]}
        />
      ) : (
        <p>Nobody has clicked a link yet.</p>
      )}
    </section>
  );
}
