// Invite is the second of the two clicks: a campaign draft addressed to exactly
// one staff group at the milestone's organisation, listing the training times
// open to them, and (if ticked) places held for them on those sessions.
import { useEffect, useRef, useState } from 'preact/hooks';
import { CheckboxField } from '../components/choices';
import { useSubmit } from '../components/formErrors';
import { SuccessBanner } from '../components/SuccessBanner';
import { clock, longDay } from '../time';
import { inviteToTraining, type Board, type Outreach } from './api';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function Invite({ board, group, onClose }: { board: Board; group: string; onClose(): void }) {
  const [hold, setHold] = useState(false);
  const [done, setDone] = useState<Outreach | null>(null);
  const form = useSubmit();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [group]);
  const open = board.training.filter((t) => t.seats_left > 0 && (t.staff_groups.length === 0 || t.staff_groups.includes(group)));
  const error = form.errors[0]?.message;

  async function start() {
    await form.run(async () => {
      setDone(await inviteToTraining({ milestone_id: board.milestone.id, staff_group: group, hold_places: hold }));
    });
  }

  return (
    <section class="app-readiness-panel" id="invite" aria-labelledby="invite-heading">
      <h2 id="invite-heading" tabIndex={-1} ref={heading}>
        Invite {group} to training
      </h2>
      {done ? (
        <SuccessBanner heading="Campaign draft started">
          <p>
            It is addressed to {group} at {board.milestone.organisation} and lists {plural(done.training.length, 'training time', 'training times')}.
            {done.held &&
              ` ${done.held.share}% of the places on ${plural(done.held.sessions.length, 'session', 'sessions')} are held for them until ${longDay(done.held.until)}, ${clock(done.held.until)}.`}
          </p>
          <p>Check it and send it for approval in Campaigns.</p>
          <p>
            <a class="nhsuk-notification-banner__link" href={done.url}>
              Open the campaign draft
            </a>
          </p>
        </SuccessBanner>
      ) : (
        <>
          <p>
            This starts a campaign draft to {group} at {board.milestone.organisation}, listing{' '}
            {open.length ? plural(open.length, 'training time', 'training times') : 'the training times'} open to them with a link to book each.
            Nothing is sent until you send it from Campaigns.
          </p>
          <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
            {error && (
              <p class="nhsuk-error-message" role="alert">
                <span class="nhsuk-u-visually-hidden">Error: </span>
                {error}
              </p>
            )}
            <CheckboxField
              id="hold_places"
              label="Also hold places for them"
              hint="Holds half the places on these training sessions for this group (or adds them to places already held) until 2 days before the last training time."
              checked={hold}
              onChecked={setHold}
            />
          </div>
          <div class="app-readiness-panel__actions">
            <button type="button" class="nhsuk-button" disabled={form.busy} onClick={start}>
              Start the campaign draft
            </button>
            <button type="button" class="nhsuk-button nhsuk-button--secondary" onClick={onClose}>
              Cancel
            </button>
          </div>
        </>
      )}
    </section>
  );
}
