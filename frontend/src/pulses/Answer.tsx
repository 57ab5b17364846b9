// Answer is the page behind a personal pulse link (/pulse/{token}), made for a nurse
// on a phone between shifts: the questions on one page, their answers filled back in,
// and after saving, when they can still change them. One answer per person: saving
// again replaces it until the pulse closes.
import './pulses.scss';
import { useRoute } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { ErrorSummary } from '../components/ErrorSummary';
import { SubmitButton } from '../components/fields';
import { useSubmit } from '../components/formErrors';
import { Page } from '../components/Page';
import { Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { getPersonal, savePersonal, type PersonalPage, type PublicPulse } from './api';
import { QuestionsForm, answersOf, draftFrom, onAnswersError, type Draft } from './QuestionsForm';
import { when } from './words';

/** NotOpen says why a pulse cannot be answered now. */
export function NotOpen({ pulse }: { pulse: PublicPulse }) {
  return pulse.state === 'scheduled' ? (
    <p>These questions open at {when(pulse.opens_at)}. Come back to this link then.</p>
  ) : (
    <p>These questions closed at {pulse.closes_in_words}, so answers can no longer be given or changed. Thank you.</p>
  );
}

/** Saved is the confirmation after saving, which takes focus so it is heard. */
export function Saved({ text }: { text: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div class="nhsuk-panel app-pulse-saved" role="status" tabIndex={-1} ref={ref} data-testid="pulse-saved">
      <h2 class="nhsuk-panel__title">Thank you</h2>
      <div class="nhsuk-panel__body">{text}</div>
    </div>
  );
}

function AnswerForm({ token, page }: { token: string; page: PersonalPage }) {
  const [current, setCurrent] = useState(page);
  const [draft, setDraft] = useState<Draft>(() => draftFrom(page.pulse.questions, page.answers));
  const [saved, setSaved] = useState(false);
  const form = useSubmit();
  const p = current.pulse;
  const submit = (e: Event) => {
    e.preventDefault();
    setSaved(false);
    void form.run(async () => {
      const next = await savePersonal(token, answersOf(p.questions, draft));
      setCurrent(next);
      setDraft(draftFrom(next.pulse.questions, next.answers));
      setSaved(true);
    }, onAnswersError(p.questions, form.setErrors));
  };
  return (
    <>
      {saved && <Saved text={`Your answer has been saved. You can change it until ${p.closes_in_words}.`} />}
      <ErrorSummary errors={form.errors} />
      {p.intro && <p class="app-pulse-intro">{p.intro}</p>}
      {!saved && current.answered && (
        <div class="nhsuk-inset-text">
          <p>You have already answered. You can change your answers until {p.closes_in_words}.</p>
        </div>
      )}
      {!current.answered && <p>You can change your answers until {p.closes_in_words}.</p>}
      {(current.organisation || current.staff_group) && (
        <p class="nhsuk-body-s app-pulse-who">
          Your answers count for {[current.staff_group, current.organisation].filter(Boolean).join(' at ')}. Nobody sees your name with them.
        </p>
      )}
      <form noValidate onSubmit={submit} class="app-pulse-form">
        <QuestionsForm questions={p.questions} draft={draft} onDraft={setDraft} error={form.fieldError} />
        <SubmitButton busy={form.busy}>{current.answered ? 'Save my changes' : 'Save my answers'}</SubmitButton>
      </form>
    </>
  );
}

export default function Answer() {
  const { params } = useRoute();
  const token = params.token ?? '';
  const page = useResource(() => (token === 'example' ? Promise.resolve(undefined) : getPersonal(token)), [token]);
  if (token === 'example') {
    return (
      <Page title="This is an example link">
        <p>This link is in previews and test emails. Each person the email is sent to gets their own link to the questions.</p>
      </Page>
    );
  }
  if (page.error) {
    const missing = page.error instanceof ApiError && page.error.status === 404;
    return (
      <Page title={missing ? 'This link does not work' : 'Sorry, there is a problem'}>
        <p>{missing ? 'Check you copied the whole link from your email. If it still does not work, the questions may have been withdrawn.' : 'Try again later.'}</p>
      </Page>
    );
  }
  if (!page.data) return <Loading />;
  const p = page.data.pulse;
  return (
    <Page title={p.title}>
      {p.state === 'open' ? <AnswerForm token={token} page={page.data} /> : <NotOpen pulse={p} />}
    </Page>
  );
}
