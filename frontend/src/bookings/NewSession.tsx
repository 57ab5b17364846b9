// NewSession creates a session, then opens its page to add slots.
import '../styles/admin.scss';
import './bookings.scss';
import { useLocation } from 'preact-iso';
import { Page } from '../components/Page';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { createSession, type SessionInput } from './api';
import { SessionForm } from './SessionForm';

function NewSessionPage() {
  const { route } = useLocation();
  async function create(input: SessionInput) {
    const s = await createSession(input);
    route(`/sessions/${s.id}?created=1`);
  }
  return (
    <Page title="Create a session" back={{ href: '/sessions', label: 'Back to sessions' }}>
      <SessionForm submitLabel="Create session" onSubmit={create} />
    </Page>
  );
}

export default function NewSession() {
  return (
    <RequireRole roles={access.sessions}>
      <NewSessionPage />
    </RequireRole>
  );
}
