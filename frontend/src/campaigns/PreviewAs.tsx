// PreviewAs shows a campaign as one person of its audience would receive it:
// their first name, organisation and staff group in the personal fields. An
// approver picks who (the first person found is shown at first), searching by
// name or email when the audience is large; the plain-text part is beside it.
import { useState } from 'preact/hooks';
import { LoadError } from '../components/Status';
import { useResource } from '../components/useResource';
import type { Organisation } from '../organisations/api';
import { getPreview, listAudience, type AudienceMember, type Campaign } from './api';

function describe(m: AudienceMember, organisations: Organisation[]): string {
  const org = m.organisation_id ? organisations.find((o) => o.id === m.organisation_id)?.name : 'no organisation';
  return [m.name || m.email, org, m.staff_group].filter(Boolean).join(', ');
}

export function PreviewAs({ c, organisations }: { c: Campaign; organisations: Organisation[] }) {
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<string>('');
  const people = useResource(() => listAudience(c.id, search), [c.id, c.version, search]);
  const list = people.data?.items ?? [];
  // The chosen person if still listed, else the first one found, else the reader themselves.
  const who = list.find((m) => String(m.id) === chosen) ?? list[0];
  const preview = useResource(() => (people.data ? getPreview(c.id, who?.id) : Promise.resolve(undefined)), [c.id, c.version, who?.id, people.data]);
  const total = people.data?.total ?? 0;
  const src = `/api/v1/campaigns/${c.id}/preview.html?v=${c.version}${who ? `&contact_id=${who.id}` : ''}`;
  return (
    <div data-testid="preview-as">
      <form
        class="app-preview-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(query.trim());
        }}
      >
        <div class="nhsuk-form-group">
          <label class="nhsuk-label" for="audience-search">
            Find someone in the audience
          </label>
          <div class="nhsuk-hint" id="audience-search-hint">
            Name or email address
          </div>
          <div class="app-button-group">
            <input class="nhsuk-input nhsuk-input--width-20" id="audience-search" type="search" value={query} aria-describedby="audience-search-hint" onInput={(e) => setQuery(e.currentTarget.value)} />
            <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">
              Search
            </button>
          </div>
        </div>
      </form>
      {people.error ? <LoadError error={people.error} /> : null}
      <p class="nhsuk-body-s" role="status">
        {!people.data
          ? ''
          : total === 0
            ? search
              ? `Nobody in the audience matches “${search}”. The preview shows your own details.`
              : 'The audience reaches nobody yet. The preview shows your own details.'
            : total > list.length
              ? `${total.toLocaleString('en-GB')} people found: the first ${list.length} are listed. Search to find someone else.`
              : `${total.toLocaleString('en-GB')} ${total === 1 ? 'person' : 'people'} found.`}
      </p>
      {list.length > 0 && (
        <div class="nhsuk-form-group">
          <label class="nhsuk-label" for="preview-as">
            Preview as
          </label>
          <select class="nhsuk-select" id="preview-as" value={who ? String(who.id) : ''} onChange={(e) => setChosen(e.currentTarget.value)}>
            {list.map((m) => (
              <option key={m.id} value={String(m.id)}>
                {describe(m, organisations)}
              </option>
            ))}
          </select>
        </div>
      )}
      {preview.error ? <LoadError error={preview.error} /> : null}
      <p>
        <strong>Subject:</strong> <span data-testid="preview-subject">{preview.data?.subject ?? ''}</span>
      </p>
      {people.data && (
        // A new frame for each person (key): the frame is sandboxed, and a fresh one
        // loads its address once instead of navigating from the last person's email.
        <iframe
          key={src}
          class="app-mail-frame"
          sandbox=""
          title={`Preview of the email${who ? ` as ${who.name || who.email}` : ''}: ${c.subject}`}
          src={src}
        />
      )}
      <details class="nhsuk-details">
        <summary class="nhsuk-details__summary">
          <span class="nhsuk-details__summary-text">Plain-text version</span>
        </summary>
        <div class="nhsuk-details__text">
          <pre class="app-mail-text" data-testid="preview-text">
            {preview.data?.text ?? ''}
          </pre>
        </div>
      </details>
    </div>
  );
}
