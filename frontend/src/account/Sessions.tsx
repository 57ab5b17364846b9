// Sessions shows where the signed-in person is signed in (each browser, how it
// was signed in, when it started and was last used) and lets them end any
// other one, or all others: for the phone left on a ward or the PC they forgot.
import '../styles/admin.scss';
import { useEffect, useState } from 'preact/hooks';
import { loadMethods } from '../auth/methods';
import { DataTable } from '../components/DataTable';
import { ErrorSummary } from '../components/ErrorSummary';
import { useSubmit } from '../components/formErrors';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { SuccessBanner } from '../components/SuccessBanner';
import { Time } from '../components/Time';
import { useResource } from '../components/useResource';
import { endOtherSessions, endSession, listSessions, type BrowserSession } from './api';

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

function SessionTable({ sessions, how, onEnd }: { sessions: BrowserSession[]; how: string; onEnd(s: BrowserSession): void }) {
  return (
    <DataTable
      caption="Where you are signed in"
      responsive
      rows={[...sessions].sort((a, b) => Number(b.current) - Number(a.current))}
      rowKey={(s) => s.id}
      columns={[
        {
          header: 'Browser',
          cell: (s) => (
            <>
              {s.device} {s.current && <strong class="nhsuk-tag nhsuk-tag--green">This device</strong>}
            </>
          ),
        },
        { header: 'Signed in with', cell: (s) => (s.method === 'sso' ? how : 'Link by email') },
        { header: 'Signed in', cell: (s) => <Time value={s.created_at} /> },
        { header: 'Last used', cell: (s) => <Time value={s.last_seen_at} /> },
        {
          header: 'Action',
          cell: (s) =>
            s.current ? (
              ''
            ) : (
              <button class="app-link-button" type="button" onClick={() => onEnd(s)}>
                Sign out<span class="nhsuk-u-visually-hidden"> of {s.device}, last used <Time value={s.last_seen_at} /></span>
              </button>
            ),
        },
      ]}
    />
  );
}

function SessionsPage() {
  const list = useResource(listSessions, []);
  const [done, setDone] = useState<string | null>(null);
  const [how, setHow] = useState('Single sign-on');
  const form = useSubmit();
  useEffect(() => {
    void loadMethods().then((m) => m.sso && setHow(m.sso.label));
  }, []);

  async function end(s: BrowserSession) {
    await form.run(async () => {
      await endSession(s.id);
      setDone(`You have signed out of ${s.device}`);
    });
    list.reload();
  }

  async function endOthers(e: Event) {
    e.preventDefault();
    await form.run(async () => {
      const { ended } = await endOtherSessions();
      setDone(`You have signed out of ${plural(ended, 'other browser', 'other browsers')}`);
    });
    list.reload();
  }

  const others = list.data?.filter((s) => !s.current).length ?? 0;
  return (
    <Page title="Where you are signed in" wide>
      {done && <SuccessBanner heading={done} />}
      <ErrorSummary errors={form.errors} />
      <p>
        These are the browsers signed in to your Confer account. If you do not recognise one, or left yourself signed in
        on a shared computer, sign it out here.
      </p>
      <p>A browser you have not used for a while is signed out by itself.</p>
      {list.error ? (
        <LoadError error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : (
        <>
          <SessionTable sessions={list.data} how={how} onEnd={(s) => void end(s)} />
          {others > 0 && (
            <form onSubmit={endOthers} noValidate>
              <button class="nhsuk-button nhsuk-button--secondary" type="submit" disabled={form.busy}>
                Sign out everywhere else
              </button>
            </form>
          )}
        </>
      )}
    </Page>
  );
}

export default function Sessions() {
  return (
    <RequireRole>
      <SessionsPage />
    </RequireRole>
  );
}
