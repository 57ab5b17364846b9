// Actions are the buttons a campaign's status allows: edit, submit, test, send now
// or schedule, pause, resume, cancel. Each shows the API's answer or error.
import { useState } from 'preact/hooks';
import type { Me } from '../api';
import { ErrorSummary } from '../components/ErrorSummary';
import { useSubmit } from '../components/formErrors';
import { campaignAction, edited, sendTest, type Campaign, type CampaignAction } from './api';
import { londonToUTC } from '../time';

interface Props {
  c: Campaign;
  me: Me | null;
  onChange(c: Campaign): void;
}

/** submitted says who was told: the approvers by email, or the outbox when no email service is set up. */
const submitted = (c: Campaign) =>
  c.outbox
    ? 'Submitted for approval. The emails asking for approval are in the outbox (no email service is set up).'
    : 'Submitted for approval. The people who can approve it have been emailed.';

export function Actions({ c, me, onChange }: Props) {
  const form = useSubmit();
  const [note, setNote] = useState('');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');

  async function run(action: CampaignAction, body: object = {}, done = '') {
    await form.run(async () => {
      onChange(await campaignAction(c.id, action, body));
      setNote(done);
    });
  }
  async function test() {
    await form.run(async () => {
      const r = await sendTest(c.id);
      setNote(`A test email was sent to ${r.sent_to}.`);
    });
  }
  function schedule() {
    const at = londonToUTC(date, time);
    if (!at) return form.setErrors([{ field: 'send-date', message: 'Enter a date and a time, for example 2026-03-06 and 07:30' }]);
    run('send', { send_at: at }, 'The campaign is scheduled.');
  }

  const button = (label: string, onClick: () => void, secondary = true) => (
    <button class={`nhsuk-button${secondary ? ' nhsuk-button--secondary' : ''}`} type="button" disabled={form.busy} onClick={onClick}>
      {label}
    </button>
  );
  const editable = ['draft', 'returned', 'awaiting_approval', 'approved', 'scheduled'].includes(c.status);
  return (
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading" class="nhsuk-u-visually-hidden">
        Actions
      </h2>
      <ErrorSummary errors={form.errors} />
      <div class="app-button-group">
        {(c.status === 'draft' || c.status === 'returned') && button('Submit for approval', () => run('submit', {}, submitted(c)), false)}
        {c.status === 'approved' && button('Send now', () => run('send', {}, 'Sending has started.'), false)}
        {c.status === 'sending' && button('Pause', () => run('pause', {}, 'Paused. Nothing more is sent until you resume.'))}
        {c.status === 'paused' && button('Resume', () => run('resume', {}, 'Sending again.'), false)}
        {!['sending', 'paused', 'sent', 'cancelled'].includes(c.status) && button('Send a test to me', test)}
        {editable && (
          <a class="nhsuk-button nhsuk-button--secondary" href={`/campaigns/${c.id}/edit`}>
            Edit
          </a>
        )}
        {!['sent', 'cancelled'].includes(c.status) && button('Cancel the campaign', () => run('cancel', {}, 'The campaign is cancelled.'))}
      </div>
      {c.status === 'awaiting_approval' && me?.id === c.author_id && <p>Waiting for approval. You wrote it, so someone else must approve it.</p>}
      {c.status === 'awaiting_approval' && me && me.id !== c.author_id && edited(c, me.id) && (
        <p>Waiting for approval. You changed it, so someone who did not must approve it.</p>
      )}
      {c.status === 'approved' && (
        <div class="nhsuk-form-group">
          <fieldset class="nhsuk-fieldset" aria-describedby="send-date-hint">
            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Or schedule it</legend>
            <div class="nhsuk-hint" id="send-date-hint">
              UK time
            </div>
            <div class="app-button-group">
              <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="send-date">
                  Date
                </label>
                <input class="nhsuk-input" type="date" id="send-date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
              </div>
              <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="send-time">
                  Time
                </label>
                <input class="nhsuk-input nhsuk-input--width-5" type="time" id="send-time" value={time} onInput={(e) => setTime(e.currentTarget.value)} />
              </div>
              {button('Schedule', schedule)}
            </div>
          </fieldset>
        </div>
      )}
      <p class="nhsuk-body" role="status">
        {note}
      </p>
    </section>
  );
}
