// Home is the first page. Signed out, it is the programme's front door: the
// ways in for anyone without an account (book, have your say, join a workshop,
// the programme, "you said, we did"). Signed in, it says what needs the
// person's attention, in counts and links their role may act on.
import './home.scss';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Me } from '../api';
import { areasFor } from '../areas';
import { roleLabels } from '../areas';
import { useSession } from '../auth/session';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/fields';
import { useFormErrors } from '../components/formErrors';
import { Page } from '../components/Page';
import { useSite, type Site } from '../components/site';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { getAttention } from './api';
import { attentionItems, type AttentionItem } from './attention';

function Chevron() {
  return (
    <svg class="nhsuk-icon nhsuk-icon--chevron-right-circle" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true">
      <path d="M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20Zm-.3 5.8a1 1 0 1 0-1.5 1.4l2.9 2.8-2.9 2.8a1 1 0 0 0 1.5 1.4l3.5-3.5c.4-.4.4-1 0-1.4Z" />
    </svg>
  );
}

/** DoorCard is one way in: an NHS primary card, clickable all over. */
function DoorCard({ href, title, children }: { href: string; title: string; children: ComponentChildren }) {
  return (
    <li class="nhsuk-grid-column-one-half nhsuk-card-group__item">
      <div class="nhsuk-card nhsuk-card--clickable nhsuk-card--primary">
        <div class="nhsuk-card__content">
          <h2 class="nhsuk-card__heading nhsuk-heading-m">
            <a class="nhsuk-card__link" href={href}>
              {title}
            </a>
          </h2>
          <p class="nhsuk-card__description">{children}</p>
          <Chevron />
        </div>
      </div>
    </li>
  );
}

/** JoinCard takes a workshop's code right on the front door and goes to it
 * (the participant page says when no workshop has that code). */
function JoinCard() {
  const [code, setCode] = useState('');
  const form = useFormErrors();
  const { route } = useLocation();

  function submit(e: Event) {
    e.preventDefault();
    const clean = code.toUpperCase().replace(/[\s-]/g, '');
    if (!/^[A-Z0-9]{4,12}$/.test(clean)) {
      form.setErrors([{ field: 'code', message: 'Enter the join code shown on the screen, for example K7MQ2P' }]);
      return;
    }
    route(`/join/${clean}`);
  }

  return (
    <div class="nhsuk-card">
      <div class="nhsuk-card__content">
        <h2 class="nhsuk-card__heading nhsuk-heading-m">Join a workshop</h2>
        <ErrorSummary errors={form.errors} />
        <form class="app-join-form" onSubmit={submit} noValidate>
          <TextField
            id="code"
            label="Join code"
            hint="The 6 letters and numbers on the presenter's screen"
            widthClass="nhsuk-input--width-10 app-join-form__code"
            value={code}
            onValue={setCode}
            autoComplete="off"
            spellcheck={false}
            error={form.fieldError('code')}
          />
          <button class="nhsuk-button" type="submit">
            Join
          </button>
        </form>
      </div>
    </div>
  );
}

function FrontDoor({ site }: { site: Site }) {
  return (
    <Page title={site.programme} caption={site.ics || undefined} wide>
      <p class="nhsuk-lede-text">
        Find out what is changing, book a session, tell us what you think and take part in workshops. You do not need an account.
      </p>
      <ul class="nhsuk-grid-row nhsuk-card-group app-door">
        <DoorCard href="/book" title="Book a session">
          Find a session about the changes and book a place, online or in person.
        </DoorCard>
        <DoorCard href="/feedback" title="Have your say">
          Raise a concern, share an idea or ask a question. You can stay anonymous.
        </DoorCard>
      </ul>
      <JoinCard />
      <ul class="nhsuk-grid-row nhsuk-card-group app-door">
        <DoorCard href="/programme" title="The programme">
          What is happening and when, and who has taken part so far.
        </DoorCard>
        <DoorCard href="/you-said-we-did" title="You said, we did">
          What people told us, and what changed because of it.
        </DoorCard>
      </ul>
      <div class="app-signin-note">
        <h2 class="nhsuk-heading-s">For the programme team</h2>
        <p class="nhsuk-body-s">
          Facilitators, communications staff and administrators sign in to run sessions, workshops, feedback and
          campaigns. You do not need to sign in to book, give feedback or join a workshop.
        </p>
        <p class="nhsuk-body-s">
          <a href="/signin">Sign in (programme team)</a>
        </p>
      </div>
    </Page>
  );
}

function AttentionCard({ item }: { item: AttentionItem }) {
  return (
    <li class="nhsuk-grid-column-one-half nhsuk-card-group__item">
      <div class="nhsuk-card nhsuk-card--clickable">
        <div class="nhsuk-card__content">
          <h2 class="nhsuk-card__heading nhsuk-heading-s">
            <a class="nhsuk-card__link" href={item.href}>
              <span class="app-count">{item.count.toLocaleString('en-GB')}</span> {item.text}
            </a>
          </h2>
          {item.detail && <p class="nhsuk-card__description nhsuk-body-s">{item.detail}</p>}
        </div>
      </div>
    </li>
  );
}

function Attention() {
  const { data, error } = useResource(getAttention, []);
  if (error) return <LoadError error={error} />;
  if (!data) return <Loading what="Looking for what needs your attention" />;
  const items = attentionItems(data);
  const waiting = items.filter((i) => i.count > 0);
  const clear = items.filter((i) => i.count === 0);
  return (
    <>
      {waiting.length > 0 ? (
        <ul class="nhsuk-grid-row nhsuk-card-group" data-testid="attention">
          {waiting.map((i) => (
            <AttentionCard key={i.key} item={i} />
          ))}
        </ul>
      ) : (
        <p class="nhsuk-body-l">Nothing needs your attention right now.</p>
      )}
      {clear.length > 0 && (
        <>
          <h2 class="nhsuk-heading-s">All clear</h2>
          <ul class="nhsuk-list nhsuk-list--bullet" data-testid="all-clear">
            {clear.map((i) => (
              <li key={i.key}>{i.none}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function TeamHome({ me, site }: { me: Me; site: Site }) {
  const who = [roleLabels[me.role] ?? me.role, me.organisation?.name].filter(Boolean).join(', ');
  return (
    <Page title="What needs your attention" caption={site.programme} wide>
      <p class="nhsuk-body" data-testid="signed-in-as">
        Signed in as {me.name || me.email} ({who})
      </p>
      <Attention />
      <h2>Your areas</h2>
      <ul class="nhsuk-list nhsuk-list--border">
        {areasFor(me.role).map((a) => (
          <li key={a.href}>
            <a href={a.href}>{a.label}</a>
            <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">{a.description}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}

export default function Home() {
  const { me } = useSession();
  const site = useSite();
  if (me === undefined || !site) return <Loading />;
  return me ? <TeamHome me={me} site={site} /> : <FrontDoor site={site} />;
}
