// CampaignEditor writes a campaign: name, subject, kind, Markdown body and audience.
// Beside the form, the saved campaign's HTML email (in a sandboxed frame served
// under its own CSP) and its plain-text twin; drafts save themselves as you
// type, so the preview follows the text.
import '../styles/admin.scss';
import './campaigns.scss';
import { useLocation, useRoute } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { SubmitButton, TextField } from '../components/fields';
import { useSubmit, type FormError } from '../components/formErrors';
import { Page } from '../components/Page';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { listOrganisations, type Organisation } from '../organisations/api';
import { listStaffGroups } from '../people/api';
import { AudienceFields } from './AudienceFields';
import { createCampaign, getCampaign, getPreview, kindLabels, updateCampaign, type Campaign, type CampaignInput, type CampaignKind } from './api';
import { RadioItem, type ChoiceOption } from '../components/choices';

const kindOptions: ChoiceOption<CampaignKind>[] = [
  { value: 'newsletter', label: kindLabels.newsletter, hint: 'People can unsubscribe; the email has an unsubscribe link.' },
  { value: 'notice', label: kindLabels.notice, hint: 'For instructions staff must receive, such as go-live steps. No unsubscribe link.' },
];

const emptyInput: CampaignInput = {
  name: '',
  subject: '',
  body_markdown: '',
  kind: 'newsletter',
  audience: { organisation_ids: [], staff_groups: [], job_roles: [] },
};

function validate(input: CampaignInput): FormError[] {
  const errors: FormError[] = [];
  if (!input.name.trim()) errors.push({ field: 'name', message: 'Enter a name for the campaign' });
  if (!input.subject.trim()) errors.push({ field: 'subject', message: 'Enter the email subject' });
  if (!input.body_markdown.trim()) errors.push({ field: 'body_markdown', message: 'Write the email' });
  return errors;
}

/** autosaves says whether edits save as you type: only before anyone has approved. */
const autosaves = (c?: Campaign) => !c || c.status === 'draft' || c.status === 'returned';

function Preview({ campaign }: { campaign: Campaign }) {
  const preview = useResource(() => getPreview(campaign.id), [campaign.id, campaign.version, campaign.updated_at]);
  return (
    <section class="app-campaign-preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview</h2>
      <p class="nhsuk-body-s">As you would receive it. Personal fields show your own details.</p>
      {preview.error ? <LoadError error={preview.error} /> : null}
      <p>
        <strong>Subject:</strong> <span data-testid="preview-subject">{preview.data?.subject ?? ''}</span>
      </p>
      <iframe
        class="app-mail-frame"
        sandbox=""
        title={`Preview of the HTML email: ${campaign.subject}`}
        src={`/api/v1/campaigns/${campaign.id}/preview.html?v=${campaign.version}-${encodeURIComponent(campaign.updated_at)}`}
      />
      <h3>Plain text</h3>
      <pre class="app-mail-text" data-testid="preview-text">{preview.data?.text ?? ''}</pre>
    </section>
  );
}

function EditorForm({ initial, organisations, staffGroups }: { initial?: Campaign; organisations: Organisation[]; staffGroups: string[] }) {
  const { route } = useLocation();
  const [campaign, setCampaign] = useState(initial);
  const [input, setInput] = useState<CampaignInput>(
    initial
      ? { name: initial.name, subject: initial.subject, body_markdown: initial.body_markdown, kind: initial.kind, audience: initial.audience }
      : emptyInput,
  );
  const [saved, setSaved] = useState('');
  const form = useSubmit();
  const dirty = useRef(false);
  const set = (patch: Partial<CampaignInput>) => {
    dirty.current = true;
    setSaved('');
    setInput((old) => ({ ...old, ...patch }));
  };

  async function save(quiet: boolean) {
    const problems = validate(input);
    if (problems.length) {
      if (!quiet) form.setErrors(problems);
      return;
    }
    await form.run(async () => {
      dirty.current = false;
      if (!campaign) {
        const c = await createCampaign(input);
        route(`/campaigns/${c.id}/edit`);
        return;
      }
      setCampaign(await updateCampaign(campaign.id, input));
      setSaved(quiet ? 'Draft saved' : 'Changes saved');
    });
  }

  // Drafts save a moment after typing stops, so the preview follows the text.
  useEffect(() => {
    if (!campaign || !autosaves(campaign) || !dirty.current) return;
    const t = setTimeout(() => save(true), 900);
    return () => clearTimeout(t);
  }, [JSON.stringify(input)]);

  return (
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-one-half">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save(false);
          }}
          noValidate
        >
          <ErrorSummary errors={form.errors} />
          {campaign && !autosaves(campaign) && (
            <div class="nhsuk-warning-callout">
              <h2 class="nhsuk-warning-callout__label">
                <span>
                  <span class="nhsuk-u-visually-hidden">Important: </span>Approval
                </span>
              </h2>
              <p>Saving a change to the subject, text, kind or audience withdraws every approval: it must be approved again.</p>
            </div>
          )}
          <TextField id="name" label="Campaign name" hint="For you and your colleagues; recipients do not see it" value={input.name} onValue={(name) => set({ name })} error={form.fieldError('name')} />
          <TextField id="subject" label="Email subject" value={input.subject} onValue={(subject) => set({ subject })} error={form.fieldError('subject')} />
          <div class="nhsuk-form-group">
            <fieldset class="nhsuk-fieldset" id="kind">
              <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Type of campaign</legend>
              <div class="nhsuk-radios nhsuk-radios--small">
                {kindOptions.map((o) => (
                  <RadioItem key={o.value} name="kind" inputId={`kind-${o.value}`} option={o} checked={input.kind === o.value} onValue={(kind) => set({ kind })} />
                ))}
              </div>
            </fieldset>
          </div>
          <div class={`nhsuk-form-group${form.fieldError('body_markdown') ? ' nhsuk-form-group--error' : ''}`}>
            <label class="nhsuk-label" for="body_markdown">
              Email text
            </label>
            <div class="nhsuk-hint" id="body_markdown-hint">
              You can use Markdown: **bold**, # heading, - list, [link text](https://…). A line break stays a line break; leave a blank
              line between paragraphs. Personal fields: {'{{first_name}}'}, {'{{organisation}}'}, {'{{staff_group}}'}.
            </div>
            {form.fieldError('body_markdown') && (
              <span class="nhsuk-error-message" id="body_markdown-error">
                <span class="nhsuk-u-visually-hidden">Error: </span>
                {form.fieldError('body_markdown')}
              </span>
            )}
            <textarea
              class={`nhsuk-textarea${form.fieldError('body_markdown') ? ' nhsuk-textarea--error' : ''}`}
              id="body_markdown"
              name="body_markdown"
              rows={14}
              value={input.body_markdown}
              aria-describedby={form.fieldError('body_markdown') ? 'body_markdown-hint body_markdown-error' : 'body_markdown-hint'}
              onInput={(e) => set({ body_markdown: e.currentTarget.value })}
            />
          </div>
          <AudienceFields
            audience={input.audience}
            kind={input.kind}
            organisations={organisations}
            staffGroups={staffGroups}
            onChange={(audience) => set({ audience })}
            error={form.fieldError}
          />
          <div class="app-button-group">
            <SubmitButton busy={form.busy}>
              {campaign ? 'Save changes' : 'Save and preview'}
            </SubmitButton>
            {campaign && <a href={`/campaigns/${campaign.id}`}>Back to the campaign</a>}
          </div>
          <p class="nhsuk-body-s" role="status">
            {saved}
          </p>
        </form>
      </div>
      <div class="nhsuk-grid-column-one-half">
        {campaign ? <Preview campaign={campaign} /> : <p>The preview appears once the campaign is saved.</p>}
      </div>
    </div>
  );
}

function EditorView() {
  const { params } = useRoute();
  const id = params.id;
  const campaign = useResource(() => (id ? getCampaign(id) : Promise.resolve(undefined)), [id]);
  const orgs = useResource(listOrganisations, []);
  const groups = useResource(listStaffGroups, []);
  const title = id ? 'Edit campaign' : 'Write a campaign';
  const back = { href: id ? `/campaigns/${id}` : '/campaigns', label: 'Back' };
  if (campaign.error) return <Page title={title} back={back}><LoadError error={campaign.error} /></Page>;
  if ((id && !campaign.data) || !orgs.data || !groups.data) return <Loading />;
  return (
    <Page title={title} caption="Campaigns" back={back} wide>
      <EditorForm key={id ?? 'new'} initial={campaign.data} organisations={orgs.data} staffGroups={groups.data} />
    </Page>
  );
}

export default function CampaignEditor() {
  return (
    <RequireRole roles={access.campaigns}>
      <EditorView />
    </RequireRole>
  );
}
