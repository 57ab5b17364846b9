// PostForm is how anyone, on any phone, raises a concern, idea or question in
// a channel without an account. It says plainly what is and is not kept.
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { EmailField, SelectField, SubmitButton, TextField } from '../components/fields';
import { useSubmit, type FormError } from '../components/formErrors';
import { useResource } from '../components/useResource';
import { listOrganisations } from '../organisations/api';
import { listStaffGroups } from '../people/api';
import { createPost, type Channel, type CreatedPost, type Kind, type PostInput } from './api';
import { Radios, TextArea } from '../components/choices';

const kindOptions = [
  { value: 'concern', label: 'A concern', hint: 'Something that worries you, or could cause harm' },
  { value: 'idea', label: 'An idea', hint: 'Something that would make the change go better' },
  { value: 'question', label: 'A question', hint: 'Something you want the programme to answer' },
];

function WhatWeKeep({ channel }: { channel: Channel }) {
  return (
    <details class="nhsuk-details" open>
      <summary class="nhsuk-details__summary">
        <span class="nhsuk-details__summary-text">What we keep, and what we do not</span>
      </summary>
      <div class="nhsuk-details__text">
        <p>We keep what you write, the type of post, and anything you choose to tell us about who you are.</p>
        {channel.allow_anonymous && (
          <p>
            If you post anonymously, we do not keep your name, email address, IP address or any details of your device or
            browser, and nothing we record links the post to you. You get a private link instead: anyone with it can read
            the replies to your post, so keep it to yourself.
          </p>
        )}
        <p>
          If you give your name and email address, only the programme team sees them, and we email you when they reply.
          Your name is never shown on the public page.
        </p>
        {channel.require_approval && <p>The team checks posts in this channel before they appear publicly.</p>}
        <p>Do not include anything that identifies a patient.</p>
      </div>
    </details>
  );
}

/** patientOrPublic is the group a patient, carer or member of the public is counted in. */
const patientOrPublic = 'Patient or Public';

/** Respondent is the answer to "Are you a patient, carer or member of the public?". */
type Respondent = '' | 'public' | 'staff' | 'unsaid';

interface WhoProps {
  channel: Channel;
  respondent: Respondent;
  onRespondent(r: Respondent): void;
  input: PostInput;
  set(patch: Partial<PostInput>): void;
  orgs: { id: number; name: string }[];
  groups: string[];
  fieldError(field: string): string | undefined;
}

/**
 * WhoYouAre asks who is posting, for coverage. A staff channel asks for an
 * organisation and an ESR staff group; a channel for patients and the public
 * first asks, in plain words, whether they are a patient, carer or member of
 * the public, and records that answer as the "Patient or Public" group, the
 * way every other flow records a group.
 */
function WhoYouAre({ channel, respondent, onRespondent, input, set, orgs, groups, fieldError }: WhoProps) {
  const asksPublic = channel.audience !== 'staff';
  const isStaff = !asksPublic || respondent === 'staff';
  const orgField = (
    <SelectField
      id="organisation_id"
      label={isStaff ? 'Your organisation (optional)' : 'Which organisation is your feedback about? (optional)'}
      value={input.organisation_id ? String(input.organisation_id) : ''}
      options={[{ value: '', label: isStaff ? 'Prefer not to say' : 'Not about one organisation' }, ...orgs.map((o) => ({ value: String(o.id), label: o.name }))]}
      error={fieldError('organisation_id')}
      onValue={(v) => set({ organisation_id: v ? Number(v) : null })}
    />
  );
  const groupField = (
    <SelectField
      id="staff_group"
      label="Your staff group (optional)"
      value={input.staff_group}
      options={[{ value: '', label: 'Prefer not to say' }, ...groups.filter((g) => !asksPublic || g !== patientOrPublic).map((g) => ({ value: g, label: g }))]}
      error={fieldError('staff_group')}
      onValue={(v) => set({ staff_group: v })}
    />
  );
  if (!asksPublic) {
    return (
      <>
        {orgField}
        {groupField}
      </>
    );
  }
  return (
    <>
      <Radios
        id="respondent"
        legend="Are you a patient, carer or member of the public?"
        hint="This is optional. It helps us see who we have heard from."
        value={respondent}
        options={[
          { value: 'public', label: 'Yes' },
          { value: 'staff', label: 'No, I work in health or social care' },
          { value: 'unsaid', label: 'Prefer not to say' },
        ]}
        error={fieldError('respondent')}
        onValue={(v) => onRespondent(v as Respondent)}
      />
      {orgField}
      {respondent === 'staff' && groupField}
    </>
  );
}

function validate(input: PostInput, channel: Channel): FormError[] {
  const errors: FormError[] = [];
  if (!input.kind) errors.push({ field: 'kind', message: 'Select whether this is a concern, an idea or a question' });
  if (input.body.trim() === '') errors.push({ field: 'body', message: 'Enter what you want to tell us' });
  if (input.body.length > 4000) errors.push({ field: 'body', message: 'What you tell us must be 4,000 characters or fewer' });
  if ((!input.anonymous || !channel.allow_anonymous) && input.name.trim() === '') {
    errors.push({ field: 'name', message: 'Enter your name, or choose to post anonymously' });
  }
  return errors;
}

export function PostForm({ channel, onPosted }: { channel: Channel; onPosted(p: CreatedPost): void }) {
  const orgs = useResource(listOrganisations, []);
  const groups = useResource(listStaffGroups, []);
  const [input, setInput] = useState<PostInput>({
    kind: '',
    body: '',
    organisation_id: null,
    staff_group: '',
    anonymous: channel.allow_anonymous,
    name: '',
    email: '',
  });
  const [respondent, setRespondent] = useState<Respondent>('');
  const form = useSubmit();
  const set = (patch: Partial<PostInput>) => setInput((old) => ({ ...old, ...patch }));

  async function submit(e: Event) {
    e.preventDefault();
    const problems = validate(input, channel);
    if (problems.length) return form.setErrors(problems);
    await form.run(async () => {
      const anonymous = channel.allow_anonymous && input.anonymous;
      const created = await createPost(channel.id, {
        ...input,
        anonymous,
        name: anonymous ? '' : input.name,
        email: anonymous ? '' : input.email,
      });
      onPosted(created);
      set({ body: '', kind: '' });
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <h2>Tell us</h2>
      <ErrorSummary errors={form.errors} />
      <WhatWeKeep channel={channel} />
      <Radios
        id="kind"
        legend="What is it?"
        value={input.kind}
        options={kindOptions}
        error={form.fieldError('kind')}
        onValue={(v) => set({ kind: v as Kind })}
      />
      <TextArea
        id="body"
        label="What do you want to tell us?"
        hint="Up to 4,000 characters. Plain text: line breaks are kept."
        value={input.body}
        error={form.fieldError('body')}
        onValue={(v) => set({ body: v })}
      />
      <WhoYouAre
        channel={channel}
        respondent={respondent}
        onRespondent={(r) => {
          setRespondent(r);
          set({ staff_group: r === 'public' ? patientOrPublic : '' });
        }}
        input={input}
        set={set}
        orgs={orgs.data ?? []}
        groups={groups.data ?? []}
        fieldError={form.fieldError}
      />
      {channel.allow_anonymous && (
        <Radios
          id="anonymous"
          legend="Do you want to give your name?"
          value={input.anonymous ? 'yes' : 'no'}
          options={[
            { value: 'yes', label: 'No, post anonymously', hint: 'You get a private link to read replies and answer back' },
            { value: 'no', label: 'Yes, give my name', hint: 'Only the programme team sees it' },
          ]}
          error={form.fieldError('anonymous')}
          onValue={(v) => set({ anonymous: v === 'yes' })}
        />
      )}
      {(!channel.allow_anonymous || !input.anonymous) && (
        <>
          <TextField id="name" label="Your name" autoComplete="name" value={input.name} error={form.fieldError('name')} onValue={(v) => set({ name: v })} />
          <EmailField
            id="email"
            label="Your email address (optional)"
            hint="We email you when the programme team replies."
            value={input.email}
            error={form.fieldError('email')}
            onValue={(v) => set({ email: v })}
          />
        </>
      )}
      <SubmitButton busy={form.busy}>
        Send
      </SubmitButton>
    </form>
  );
}
