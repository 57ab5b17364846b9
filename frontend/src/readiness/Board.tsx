// Board is one milestone's readiness: the countdown, the gaps in words at the
// top, training attended against target per staff group with how ready people
// who answered the latest pulse feel, the training times anchored to the
// milestone, and for the comms team "Invite them to training" (a campaign draft
// to exactly that group, and places held for them if asked).
import '../styles/admin.scss';
import './readiness.scss';
import { useState } from 'preact/hooks';
import { access } from '../areas';
import { useSession } from '../auth/session';
import { DataTable } from '../components/DataTable';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { clock, longDay } from '../time';
import { getBoard, type Board as BoardData, type BoardGroup, type TrainingSlot } from './api';
import { Invite } from './Invite';
import { countdown, feelReady, goLiveDay, onTrack, target, trained } from './words';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function Status({ g }: { g: BoardGroup }) {
  const cls = !g.has_target ? 'nhsuk-tag--grey' : g.on_track ? 'nhsuk-tag--green' : 'nhsuk-tag--red';
  return <strong class={`nhsuk-tag ${cls}`}>{onTrack(g)}</strong>;
}

function Gaps({ gaps }: { gaps: string[] }) {
  if (gaps.length === 0) {
    return <p class="app-readiness-nogaps">Every staff group with a target is on track, and no group says it feels unready.</p>;
  }
  return (
    <div class="nhsuk-warning-callout app-readiness-gaps">
      <h2 class="nhsuk-warning-callout__label">
        <span>
          <span class="nhsuk-u-visually-hidden">Important: </span>
          What needs attention
        </span>
      </h2>
      <ul class="nhsuk-list nhsuk-list--bullet" data-testid="readiness-gaps">
        {gaps.map((g) => (
          <li key={g}>{g}</li>
        ))}
      </ul>
    </div>
  );
}

function LatestPulse({ p }: { p: BoardData['latest_pulse'] }) {
  if (!p) return <p>No readiness pulse has opened for this go-live yet.</p>;
  const figures = p.withheld
    ? 'too few people have answered to show how ready they feel'
    : p.ready_percent === null
      ? 'nobody has answered yet'
      : `${p.ready_percent}% of the ${plural(p.answered ?? 0, 'person', 'people')} who answered feel ready`;
  return (
    <p>
      Latest pulse, <a href={`/pulses/${p.id}`}>{p.title}</a>: {figures}.
    </p>
  );
}

function Training({ slots }: { slots: TrainingSlot[] }) {
  if (slots.length === 0) {
    return <p>There are no training times tied to this go-live yet. Add a series of times anchored to it from a session's page.</p>;
  }
  return (
    <DataTable
      caption="Training times before go-live"
      captionSize="m"
      responsive
      rows={slots}
      rowKey={(s) => s.slot_id}
      columns={[
        { header: 'When', rowHeader: true, cell: (s) => `${longDay(s.starts_at)}, ${clock(s.starts_at)} to ${clock(s.ends_at)}` },
        { header: 'Session', cell: (s) => <a href={`/sessions/${s.session_id}`}>{s.title}</a> },
        { header: 'Open to', cell: (s) => (s.staff_groups.length ? s.staff_groups.join(', ') : 'All staff groups') },
        { header: 'Places left', numeric: true, cell: (s) => String(s.seats_left) },
      ]}
    />
  );
}

function BoardView({ id }: { id: string }) {
  const board = useResource(() => getBoard(id), [id]);
  const { me } = useSession();
  const canInvite = me?.role === 'admin' || me?.role === 'comms';
  const [inviting, setInviting] = useState<string | null>(null);
  const b = board.data;
  // Closing the panel puts focus back on the button that opened it.
  const closeInvite = (group: string) => {
    setInviting(null);
    requestAnimationFrame(() => document.querySelector<HTMLButtonElement>(`tr[data-group="${CSS.escape(group)}"] button`)?.focus());
  };
  const title = b?.milestone.name ?? 'Readiness board';
  const columns = [
    { header: 'Staff group', rowHeader: true, cell: (g: BoardGroup) => g.staff_group },
    { header: 'Staff', numeric: true, cell: (g: BoardGroup) => String(g.staff) },
    { header: 'Trained', numeric: true, cell: trained },
    { header: 'Target', cell: target },
    { header: 'Booked', numeric: true, cell: (g: BoardGroup) => String(g.booked) },
    { header: 'Status', cell: (g: BoardGroup) => <Status g={g} /> },
    { header: 'Feel ready', cell: (g: BoardGroup) => feelReady(g.pulse) },
  ];
  if (canInvite) {
    columns.push({
      header: 'Invite',
      cell: (g: BoardGroup) => (
        <button
          type="button"
          class="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-readiness-invite"
          aria-expanded={inviting === g.staff_group}
          aria-controls={inviting ? 'invite' : undefined}
          onClick={() => setInviting(g.staff_group)}
        >
          Invite them to training<span class="nhsuk-u-visually-hidden"> ({g.staff_group})</span>
        </button>
      ),
    });
  }
  return (
    <Page title={title} caption={b ? `${b.milestone.organisation}${b.milestone.site ? `, ${b.milestone.site}` : ''}` : undefined}
      back={{ href: '/readiness', label: 'All go-lives' }} wide>
      {board.error ? <LoadError error={board.error} /> : null}
      {!b && board.loading && <Loading />}
      {b && (
        <>
          <p class="app-countdown" data-testid="countdown">
            <strong class="app-countdown__days">{countdown(b.days_to_go)}</strong>
            <span class="app-countdown__date">Go-live on {goLiveDay(b.milestone.go_live_on)}</span>
          </p>
          <Gaps gaps={b.gaps} />
          <LatestPulse p={b.latest_pulse} />
          <DataTable
            caption="Training and readiness by staff group"
            captionSize="m"
            responsive
            rows={b.groups}
            rowKey={(g) => g.staff_group}
            rowAttrs={(g) => ({ 'data-group': g.staff_group })}
            tableClass="app-readiness-board"
            columns={columns}
          />
          <p class="nhsuk-body-s">
            Trained counts people who attended a session of the target's category before go-live. A group is on track when those
            trained plus those booked on a session still to come would meet its target. Feel ready is the share who answered the latest
            pulse's readiness question, with the change since the pulse before; it is not shown where fewer than 5 people answered.
          </p>
          {canInvite && inviting && (
            <Invite key={inviting} board={b} group={inviting} onClose={() => closeInvite(inviting)} />
          )}
          <Training slots={b.training} />
        </>
      )}
    </Page>
  );
}

export default function Board({ id }: { id: string }) {
  return (
    <RequireRole roles={access.readiness}>
      <BoardView id={id} />
    </RequireRole>
  );
}
