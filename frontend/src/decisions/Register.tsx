// Register is the public decision register: every published decision, with a
// search and filters by theme, organisation affected and status, and feeds
// for people who follow the programme.
import '../styles/admin.scss';
import './decisions.scss';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { queryString } from '../api';
import { SelectField } from '../components/fields';
import { SearchForm } from './SearchBox';
import { Page } from '../components/Page';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { listOrganisations } from '../organisations/api';
import { listPublicDecisions, type Decision } from './api';
import { FeedLinks, useFeedLinks } from './feeds';
import { matches, themesOf, type ListFilter } from './filter';
import { StatusTag } from './Summary';
import { calendarDay, countWords, publishedDay, statuses, statusLabels } from './words';

function Item({ d }: { d: Decision }) {
  return (
    <li class="app-decision-item" data-testid="register-item">
      <h2 class="nhsuk-heading-s nhsuk-u-margin-bottom-2">
        <a href={`/decisions/${d.id}`}>{d.title}</a>
      </h2>
      <p class="nhsuk-u-margin-bottom-2">
        <StatusTag status={d.status} />
      </p>
      {d.decided && <p class="app-decision-text">{d.decided}</p>}
      <p class="app-decision-meta">
        {[
          d.decided_by && `Decided by ${d.decided_by}`,
          d.decided_on && `decided on ${calendarDay(d.decided_on)}`,
          d.published_at && `published on ${publishedDay(d.published_at)}`,
        ]
          .filter(Boolean)
          .join(' · ')}

      </p>
    </li>
  );
}

export default function Register() {
  useFeedLinks();
  const { query, route } = useLocation();
  const filter: ListFilter = { q: query.q, theme: query.theme, organisation_id: query.organisation_id, status: query.status };
  const [q, setQ] = useState(query.q ?? '');
  const list = useResource(() => listPublicDecisions(filter), [filter.q, filter.theme, filter.organisation_id, filter.status]);
  const all = useResource(() => listPublicDecisions(), []);
  const orgs = useResource(listOrganisations, []);
  const go = (f: ListFilter) => route(`/decisions/register${queryString({ ...f })}`);
  const rows = (list.data ?? []).filter((d) => matches(d, filter));
  const themes = themesOf(all.data ?? []);
  return (
    <Page title="Decisions" back={{ href: '/programme', label: 'The programme' }} wide>
      <div class="nhsuk-grid-row">
        <div class="nhsuk-grid-column-two-thirds">
          <p class="nhsuk-lede-text">What the programme decided, why, and what people told us before it did.</p>
          <FeedLinks />
        </div>
      </div>
      <SearchForm q={q} onQ={setQ} onSearch={() => go({ ...filter, q })}>
          <div class="nhsuk-grid-column-one-third">
          <SelectField id="theme" label="Theme" value={filter.theme ?? ''} options={[{ value: '', label: 'Any theme' }, ...themes.map((t) => ({ value: t, label: t }))]} onValue={(theme) => go({ ...filter, q, theme })} />
        </div>
        <div class="nhsuk-grid-column-one-third">
          <SelectField
            id="organisation_id"
            label="Organisation affected"
            value={filter.organisation_id ?? ''}
            options={[{ value: '', label: 'Any organisation' }, ...(orgs.data ?? []).map((o) => ({ value: String(o.id), label: o.name }))]}
            onValue={(organisation_id) => go({ ...filter, q, organisation_id })}
          />
        </div>
        <div class="nhsuk-grid-column-one-third">
          <SelectField id="status" label="Status" value={filter.status ?? ''} options={[{ value: '', label: 'Any status' }, ...statuses.map((s) => ({ value: s, label: statusLabels[s] }))]} onValue={(status) => go({ ...filter, q, status })} />
        </div>
      </SearchForm>
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data ? (
        <>
          <p role="status">{countWords(rows.length, 'decision', 'decisions')}</p>
          {rows.length === 0 ? (
            <p>No published decisions match. Try fewer words or another filter.</p>
          ) : (
            <ul class="nhsuk-list app-decision-list">
              {rows.map((d) => (
                <Item d={d} key={d.id} />
              ))}
            </ul>
          )}
        </>
      ) : (
        !list.error && <Loading />
      )}
      <p>
        See also <a href="/you-said-we-did">you said, we did</a>: what changed because of feedback.
      </p>
    </Page>
  );
}
