// subject.tsx is the admin page for subject access and erasure ("What Confer
// holds about a person"): enter an email address, or the follow-up link an
// anonymous poster gave, to see everything Confer holds about them, download
// it as a zip, or erase it.
import '../styles/admin.scss';
import './subject.scss';
import { useState } from 'preact/hooks';
import { access } from '../areas';
import { ErrorSummary } from '../components/ErrorSummary';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { SubmitButton, TextField } from '../components/fields';
import { useSubmit } from '../components/formErrors';
import { SuccessBanner } from '../components/SuccessBanner';
import { SubjectErase } from './subjectErase';
import { SubjectFindings } from './subjectFindings';
import { exportURL, findSubject, parseSubject, records, type EraseResult, type Findings, type SubjectQuery } from './subjectApi';

/** Found is a search and what it found. */
interface Found {
  query: SubjectQuery;
  findings: Findings;
}

function whoOf(f: Found): string {
  return 'email' in f.query ? f.findings.email : 'the poster with this follow-up link';
}

function Erased({ result }: { result: EraseResult }) {
  return (
    <SuccessBanner heading={`${records(result.total)} erased`}>
      <ul data-testid="erased-list">
        {result.removed.map((r) => (
          <li key={r.key}>
            {r.title}: {records(r.count)} {r.erasure}
          </li>
        ))}
      </ul>
    </SuccessBanner>
  );
}

function SubjectSearch() {
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [erased, setErased] = useState<EraseResult | null>(null);
  const form = useSubmit();

  async function find(e: Event) {
    e.preventDefault();
    if (!text.trim()) return form.setErrors([{ field: 'subject', message: 'Enter an email address or a follow-up link' }]);
    const query = parseSubject(text);
    setErased(null);
    await form.run(async () => {
      setFound({ query, findings: await findSubject(query) });
    }, (err) => form.fail(err));
  }

  // The API names the field it reads (email or follow); both are this one input.
  const errors = form.errors.map((e) => (e.field === 'email' || e.field === 'follow' ? { ...e, field: 'subject' } : e));
  return (
    <>
      {erased && <Erased result={erased} />}
      <form onSubmit={find} noValidate role="search" aria-label="Find a person">
        <ErrorSummary errors={errors} />
        <TextField
          id="subject"
          label="Email address or follow-up link"
          hint="For someone who posted anonymously, use the follow-up link they were given when they posted."
          spellcheck={false}
          autoComplete="off"
          value={text}
          onValue={setText}
          error={errors.find((e) => e.field === 'subject')?.message}
        />
        <SubmitButton busy={form.busy}>Find</SubmitButton>
      </form>
      {found && !erased && (
        <div data-testid="subject-findings">
          <SubjectFindings findings={found.findings} who={whoOf(found)} />
          {found.findings.total > 0 && (
            <>
              <h2>Give them a copy</h2>
              <p>The zip holds a JSON file and a spreadsheet (CSV) for each kind of record, and a README that explains them.</p>
              <a class="nhsuk-button nhsuk-button--secondary" href={exportURL(found.query)} download data-testid="subject-download">
                Download everything (zip)
              </a>
              <SubjectErase
                query={found.query}
                findings={found.findings}
                who={whoOf(found)}
                onErased={(r) => {
                  setErased(r);
                  setFound(null);
                  setText('');
                }}
              />
            </>
          )}
        </div>
      )}
    </>
  );
}

export default function SubjectPage() {
  return (
    <RequireRole roles={access.admin}>
      <Page title="What Confer holds about a person" caption="Data protection" wide>
        <div class="nhsuk-grid-row">
          <div class="nhsuk-grid-column-two-thirds">
            <p>
              Use this when someone asks what Confer holds about them (a subject access request) or asks you to erase it. Confer
              looks in every part: contacts, bookings and waiting lists, feedback posts and replies, workshops, campaign emails,
              the outbox, sign-ins and the audit trail.
            </p>
            <p>
              Workshop participants and posts without an email address are found by the names the person gave with their address,
              so check that they are theirs.
            </p>
            <p>
              Admins, communications officers and facilitators cannot be erased while they have a role. Remove their role in People
              first; Confer then anonymises their account and keeps the sessions and campaigns they made.
            </p>
          </div>
        </div>
        <SubjectSearch />
      </Page>
    </RequireRole>
  );
}
