// AccessibilityStatement is the public accessibility statement, linked from
// every page's footer, in the structure of GOV.UK's model statement (the
// Public Sector Bodies (Websites and Mobile Applications) (No. 2)
// Accessibility Regulations 2018 require one). Known issues, the contact and
// the test record come from the settings: the statement claims full
// compliance only when the organisation has recorded a test and no issues.
import { Page } from '../components/Page';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { dayOf, getNotices, type Notices } from './api';

export default function AccessibilityStatement() {
  const notices = useResource(getNotices, []);
  const n = notices.data;
  return (
    <Page title="Accessibility statement">
      {notices.error ? <LoadError error={notices.error} /> : null}
      {!n && notices.loading && <Loading />}
      {n && <Statement n={n} />}
    </Page>
  );
}

function Statement({ n }: { n: Notices }) {
  const fully = n.tested_on !== '' && n.known_issues.length === 0;
  return (
    <>
      <p>This accessibility statement applies to Confer at {n.base_url}.</p>
      <p>
        This website is run by {n.controller}. We want as many people as possible to be able to use this website. For
        example, that means you should be able to:
      </p>
      <ul>
        <li>change colours, contrast levels and fonts using your browser or device settings</li>
        <li>zoom in up to 300% without the text spilling off the screen</li>
        <li>use the whole website using just a keyboard</li>
        <li>book a session, give feedback and join a workshop on a phone</li>
      </ul>
      <p>We have also made the website text as simple as possible to understand.</p>
      <p>
        <a href="https://mcmw.abilitynet.org.uk/">AbilityNet</a> has advice on making your device easier to use if you
        have a disability.
      </p>

      <h2>How accessible this website is</h2>
      {n.known_issues.length === 0 ? (
        <p>We do not know of any parts of this website that are not accessible.</p>
      ) : (
        <>
          <p>We know some parts of this website are not fully accessible:</p>
          <ul>
            {n.known_issues.map((issue, i) => (
              <li key={i}>{issue}</li>
            ))}
          </ul>
        </>
      )}

      <h2>Feedback and contact information</h2>
      {n.accessibility_email ? (
        <p>
          If you need information on this website in a different format, such as large print, easy read or audio,
          email <a href={`mailto:${n.accessibility_email}`}>{n.accessibility_email}</a>. We will consider
          your request and get back to you within 5 working days.
        </p>
      ) : (
        <p>
          If you need information on this website in a different format, such as large print, easy read or audio, ask
          the programme team. We will consider your request and get back to you within 5 working days.
        </p>
      )}

      <h2>Reporting accessibility problems with this website</h2>
      <p>
        We are always looking to improve the accessibility of this website. If you find any problems not listed on this
        page or think we are not meeting accessibility requirements,{' '}
        {n.accessibility_email ? (
          <>
            email <a href={`mailto:${n.accessibility_email}`}>{n.accessibility_email}</a>.
          </>
        ) : (
          <>tell the programme team.</>
        )}
      </p>

      <h2>Enforcement procedure</h2>
      <p>
        The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites
        and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the 'accessibility regulations'). If you are
        not happy with how we respond to your complaint,{' '}
        <a href="https://www.equalityadvisoryservice.com/">contact the Equality Advisory and Support Service (EASS)</a>.
      </p>

      <h2>Technical information about this website's accessibility</h2>
      <p>
        {n.controller} is committed to making its website accessible, in accordance with the Public Sector Bodies
        (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.
      </p>
      <h3>Compliance status</h3>
      {fully ? (
        <p>
          This website is fully compliant with the{' '}
          <a href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines version 2.2</a> AA standard.
        </p>
      ) : (
        <p>
          This website is partially compliant with the{' '}
          <a href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines version 2.2</a> AA standard,{' '}
          {n.known_issues.length > 0
            ? 'due to the non-compliances listed above.'
            : 'because we have not yet recorded a full test of it.'}
        </p>
      )}

      <h2>What we are doing to improve accessibility</h2>
      <p>
        Every change to Confer is checked automatically against WCAG 2.2 AA before it is released, and its pages are
        used with a keyboard and on small screens as part of that testing. We fix problems people report to us.
      </p>

      <h2>Preparation of this accessibility statement</h2>
      {n.tested_on ? (
        <p>
          This website was last tested on {dayOf(n.tested_on)}
          {n.tested_by ? `. The test was carried out by ${n.tested_by}.` : '.'}
        </p>
      ) : (
        <p>{n.controller} has not yet recorded its own test of this website.</p>
      )}
    </>
  );
}
