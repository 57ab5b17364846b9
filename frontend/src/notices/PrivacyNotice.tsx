// PrivacyNotice is the public privacy notice, linked from every page's footer.
// It follows the ICO's guidance on the right to be informed: who we are, what
// we collect and why, our lawful basis, who sees it, how long we keep it (the
// retention policy the daily job applies, read from the server so the two
// cannot differ), your rights and how to complain. The organisation's details
// come from the settings (README, "Data protection").
import { Page } from '../components/Page';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { getNotices, getRetention, dayOf, type Notices, type RetentionKind } from './api';
import { DPOContact } from './Contact';

export default function PrivacyNotice() {
  const notices = useResource(getNotices, []);
  const n = notices.data;
  return (
    <Page title="Privacy notice">
      {notices.error ? <LoadError error={notices.error} /> : null}
      {!n && notices.loading && <Loading />}
      {n && <Notice n={n} />}
    </Page>
  );
}

function Notice({ n }: { n: Notices }) {
  return (
    <>
      <p class="nhsuk-lede-text">
        How {n.controller} uses the information you give when you take part in {n.programme}.
      </p>

      <h2>Who we are</h2>
      <p>
        {n.controller} runs this service, Confer, to involve staff and partners in {n.programme}. {n.controller} is
        the controller of the personal information it holds: we decide why and how it is used.
      </p>
      <DPOContact n={n} />

      <h2>What we collect and why</h2>
      <h3>When you book a session</h3>
      <p>
        Your full name, work email address, organisation, staff group and job role. We use them to hold your place,
        send your confirmation, reminders and any changes, give the facilitator a list of who is coming and record who
        came. We count bookings by organisation and staff group to check that every part of the system has had a chance
        to take part.
      </p>
      <h3>When you give feedback</h3>
      <p>
        What you write, and your name, email address and staff group only if you give them. If you post anonymously we
        do not record who you are. If you ask for a private link to follow replies, we keep it so the link works.
      </p>
      <h3>When you join a workshop</h3>
      <p>
        Your answers and questions, and your name, organisation and staff group only if you give them. Your device
        keeps a note that you joined, so you can come back to the workshop.
      </p>
      <h3>When you answer a readiness pulse</h3>
      <p>
        Your answers, organisation, staff group and job role. If you answer through the link we emailed you, we know
        the answers are yours, so you can change them until the pulse closes. If you use the open link, we do not
        record who you are. We show results by organisation and staff group, and hide any group of fewer than 5 people.
      </p>
      <h3>When we email you about the programme</h3>
      <p>
        Your name, work email address, organisation and staff group, from the staff lists your organisation shares with
        the programme. We record whether our emails reach you and, where your email program allows, whether you open
        them and which links you follow, so we know who we have not reached yet. Every email has a link to stop them.
      </p>
      <h3>If you are on the programme team</h3>
      <p>
        Your name, email address and role, when and how you signed in, and a record of the changes you make (an audit
        trail), so we can show who did what.
      </p>
      <p>
        We do not ask for health, ethnicity, religion or other special category information. Please do not include it
        in your feedback.
      </p>

      <h2>Our lawful basis</h2>
      <p>
        We use this information to carry out our public task (UK GDPR Article 6(1)(e)): involving the people who work in
        health and care in changing how services work.
      </p>

      <h2>Who can see it</h2>
      <ul>
        <li>the programme team, each person only what their role needs</li>
        <li>the facilitator of a session you booked, who sees who is coming</li>
        <li>other people see only what you choose to post publicly</li>
        <li>the organisation that hosts Confer for us, which cannot use it for anything else</li>
        {n.mail === 'sendgrid' && <li>Twilio SendGrid, which delivers our emails</li>}
      </ul>
      <p>We do not sell your information or use it for marketing.</p>

      <h2 id="how-long">How long we keep it</h2>
      <Retention />

      <h2>Cookies</h2>
      <p>
        Confer sets one cookie, and only for members of the programme team when they sign in, to keep them signed in.
        It is strictly necessary, so we do not ask for consent. We use no analytics or advertising cookies.
      </p>

      <h2>Your rights</h2>
      <p>You can ask us to:</p>
      <ul>
        <li>give you a copy of the information we hold about you</li>
        <li>correct it if it is wrong</li>
        <li>delete it</li>
        <li>stop or limit how we use it</li>
      </ul>
      <p>
        Contact our data protection officer to ask. We will answer within one month. If you posted anonymously, send us
        your private follow-up link so we can find what you wrote.
      </p>

      <h2>If you are unhappy</h2>
      <p>
        Contact our data protection officer first. You can also complain to the Information Commissioner's Office (ICO)
        at <a href="https://ico.org.uk/make-a-complaint/">ico.org.uk/make-a-complaint</a> or by calling 0303 123 1113.
      </p>

      {n.notice_updated && (
        <>
          <h2>Changes to this notice</h2>
          <p>We last updated this notice on {dayOf(n.notice_updated)}.</p>
        </>
      )}
    </>
  );
}

// thenWords says in plain words what the daily job does when a kind's time is up.
const thenWords: Record<string, string> = {
  anonymised: 'Names and contact details removed; only counts kept',
  deleted: 'Deleted',
};

// Retention shows the policy the daily job applies: one row per kind of data.
function Retention() {
  const r = useResource(getRetention, []);
  if (r.error) return <LoadError error={r.error} />;
  if (!r.data) return <Loading />;
  return (
    <table class="nhsuk-table">
      <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">How long we keep each kind of information</caption>
      <thead class="nhsuk-table__head">
        <tr class="nhsuk-table__row">
          <th scope="col" class="nhsuk-table__header">
            Information
          </th>
          <th scope="col" class="nhsuk-table__header">
            How long we keep it
          </th>
          <th scope="col" class="nhsuk-table__header">
            Then
          </th>
        </tr>
      </thead>
      <tbody class="nhsuk-table__body">
        {r.data.kinds.map((k: RetentionKind) => (
          <tr class="nhsuk-table__row" key={k.kind}>
            <td class="nhsuk-table__cell">{k.label}</td>
            <td class="nhsuk-table__cell">
              {k.keep} after {k.after}
            </td>
            <td class="nhsuk-table__cell">{thenWords[k.action] ?? k.action}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
