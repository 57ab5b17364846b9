// Pulses lists the readiness pulses, newest first: when each is open, how many have
// answered (through personal links and the open link), and a way to make a new one.
import '../styles/admin.scss';
import './pulses.scss';
import { access } from '../areas';
import { DataTable } from '../components/DataTable';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { useSession } from '../auth/session';
import { listPulses } from './api';
import { plural, stateLabels, stateTags, when } from './words';

function PulsesPage() {
  const list = useResource(listPulses, []);
  const { me } = useSession();
  const canMake = me && (access.campaigns as readonly string[]).includes(me.role);
  return (
    <Page title="Readiness pulses" wide>
      <p>Ask staff how ready they feel for go-live, a few questions at a time, and see how it changes from one pulse to the next.</p>
      {canMake && (
        <a class="nhsuk-button" href="/pulses/new">
          Make a pulse
        </a>
      )}
      {list.error ? (
        <LoadError error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.length === 0 ? (
        <p>There are no pulses yet.</p>
      ) : (
        <DataTable
          caption="Pulses"
          rows={list.data}
          rowKey={(p) => p.id}
          rowAttrs={() => ({ 'data-testid': 'pulse-row' })}
          responsive
          columns={[
            { header: 'Pulse', cell: (p) => <a href={`/pulses/${p.id}`}>{p.title}</a> },
            { header: 'Status', cell: (p) => <strong class={`nhsuk-tag ${stateTags[p.state]}`}>{stateLabels[p.state]}</strong> },
            { header: 'Closes', cell: (p) => when(p.closes_at) },
            { header: 'Answered', cell: (p) => plural(p.answered.personal + p.answered.open, 'person', 'people') },
          ]}
        />
      )}
    </Page>
  );
}

export default function Pulses() {
  return (
    <RequireRole roles={access.pulses}>
      <PulsesPage />
    </RequireRole>
  );
}
