// Outbox lists the mail Confer has sent or, in demo and test set-ups, would
// have sent, newest first, with a filter by recipient.
import '../styles/admin.scss';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { queryString } from '../api';
import { TextField } from '../components/fields';
import { Page } from '../components/Page';
import { DataTable } from '../components/DataTable';
import { Pagination } from '../components/Pagination';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { Time } from '../components/Time';
import { useResource } from '../components/useResource';
import { listOutbox, perPage, type OutboxMessage } from './api';

function OutboxTable({ items }: { items: OutboxMessage[] }) {
  if (items.length === 0) return <p>No messages.</p>;
  return (
    <DataTable
      caption="Messages"
      rows={items}
      rowKey={(m) => m.id}
      columns={[
        { header: 'To', cell: (m) => (m.to_name ? `${m.to_name} <${m.to}>` : m.to) },
        { header: 'Subject', cell: (m) => <a href={`/outbox/${m.id}`}>{m.subject || '(no subject)'}</a> },
        { header: 'Time', cell: (m) => <Time value={m.created_at} /> },
      ]}
    />
  );
}

function Filter({ initial }: { initial: string }) {
  const { route } = useLocation();
  const [to, setTo] = useState(initial);
  function submit(e: Event) {
    e.preventDefault();
    route(`/outbox${queryString({ to: to.trim() })}`);
  }
  return (
    <div class="app-filters" role="search" aria-label="Messages">
      <form onSubmit={submit} noValidate>
        <TextField id="to" label="Recipient email address" type="search" spellcheck={false} widthClass="nhsuk-u-width-two-thirds" value={to} onValue={setTo} />
        <button class="nhsuk-button nhsuk-button--secondary" type="submit">Search</button>
      </form>
    </div>
  );
}

function OutboxPageView() {
  const { query, url } = useLocation();
  const to = query.to ?? '';
  const page = Math.max(1, Number(query.page) || 1);
  const list = useResource(() => listOutbox(to, page), [url]);
  const total = list.data?.total ?? 0;

  return (
    <Page title="Outbox" wide>
      <p>Emails Confer has sent, newest first.</p>
      <Filter initial={to} key={url} />
      <p class="nhsuk-body" role="status">
        {list.data ? `${total} ${total === 1 ? 'message' : 'messages'}` : ''}
      </p>
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data ? <OutboxTable items={list.data.items} /> : list.loading && <Loading />}
      <Pagination page={page} perPage={perPage} total={total} href={(p) => `/outbox${queryString({ to, page: p > 1 ? p : undefined })}`} />
    </Page>
  );
}

export default function Outbox() {
  return (
    <RequireRole roles={access.admin}>
      <OutboxPageView />
    </RequireRole>
  );
}
