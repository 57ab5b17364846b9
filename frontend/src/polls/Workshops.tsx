// Workshops lists live workshops and creates new ones (facilitators, admins).
import '../styles/admin.scss';
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/fields';
import { useSubmit } from '../components/formErrors';
import { Page } from '../components/Page';
import { DataTable } from '../components/DataTable';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { Time } from '../components/Time';
import { useResource } from '../components/useResource';
import { createWorkshop, listWorkshops } from './api';

function WorkshopsPage() {
  const list = useResource(listWorkshops, []);
  const [title, setTitle] = useState('');
  const form = useSubmit();
  const { route } = useLocation();

  async function create(e: Event) {
    e.preventDefault();
    if (!title.trim()) return form.setErrors([{ field: 'title', message: 'Enter a title for the workshop' }]);
    await form.run(async () => {
      const w = await createWorkshop(title.trim());
      route(`/workshops/${w.id}`);
    });
  }

  return (
    <Page title="Live workshops" wide>
      <p>Run live polls and audience questions in a workshop, in the room or online. Participants join on their phones with a code, no account needed.</p>
      <ErrorSummary errors={form.errors} />
      <h2>Create a workshop</h2>
      <form onSubmit={create} noValidate>
        <TextField id="title" label="Workshop title" widthClass="nhsuk-u-width-two-thirds" value={title} onValue={setTitle} error={form.fieldError('title')} />
        <button class="nhsuk-button" type="submit">
          Create workshop
        </button>
      </form>
      <h2>Workshops</h2>
      {list.error ? <LoadError error={list.error} /> : null}
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.length === 0 && <p>There are no workshops yet.</p>}
      {list.data && list.data.length > 0 && (
        <DataTable
          caption="Workshops"
          scroll={false}
          rows={list.data}
          rowKey={(w) => w.id}
          columns={[
            { header: 'Workshop', cell: (w) => <a href={`/workshops/${w.id}`}>{w.title}</a> },
            { header: 'Join code', cell: (w) => <code>{w.join_code}</code> },
            { header: 'Created', cell: (w) => <Time value={w.created_at} /> },
          ]}
        />
      )}
    </Page>
  );
}

export default function Workshops() {
  return (
    <RequireRole roles={access.workshops}>
      <WorkshopsPage />
    </RequireRole>
  );
}
