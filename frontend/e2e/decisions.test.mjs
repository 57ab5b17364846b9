// decisions.test.mjs walks the decision register (issue 16) in a real browser:
// a facilitator records a decision (the error summary first), links a workshop
// poll and two posts (one anonymous) to it, and publishes it after a step that
// says who will be told; the named poster and a booker who asked to hear get
// an email, the anonymous poster's follow-up page shows the decision, and the public register lists
// it with its feeds and its counts below 5 withheld. axe runs on every page.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const u = h.unique();
const FACILITATOR = `fay.${u}@example.nhs.uk`;
const POSTER = `pat.${u}@example.org`;
const BOOKER = `bo.${u}@example.nhs.uk`;
const PARTICIPANT = `sam.${u}@example.nhs.uk`;
const title = `Allergy alerts on order sets ${u}`;
const decided = `Interrupt prescribers only for severe allergies ${u}`;
const expectedHttpErrors = [/status of (401|404)/];

let fac = '';
let channel;
let anonymous;
let named;
let workshop;
let poll;
let session;
let slot;
let decisionId = 0;
let team;

before(async () => {
  await h.setup();
  fac = await h.createUser(FACILITATOR, 'facilitator', 'Fay Cilitator');
  const ch = await h.api('POST', '/channels', { name: `EPR alerts ${u}`, audience: 'staff', allow_anonymous: true });
  assert.equal(ch.status, 201, JSON.stringify(ch.body));
  channel = ch.body;
  const anon = await h.api('POST', `/channels/${channel.id}/posts`, { kind: 'concern', body: `Too many alert pop-ups ${u}`, anonymous: true }, '');
  assert.equal(anon.status, 201, JSON.stringify(anon.body));
  anonymous = anon.body;
  const pat = await h.api('POST', `/channels/${channel.id}/posts`, { kind: 'idea', body: `Only stop us for severe allergies ${u}`, name: 'Pat Jones', email: POSTER }, '');
  assert.equal(pat.status, 201, JSON.stringify(pat.body));
  named = pat.body;
  const w = await h.api('POST', '/workshops', { title: `Alerts workshop ${u}` }, fac);
  assert.equal(w.status, 201, JSON.stringify(w.body));
  workshop = w.body;
  const p = await h.api('POST', `/workshops/${workshop.id}/polls`, { kind: 'single', question: `Which alerts should interrupt? ${u}`, options: ['All', 'Severe only', 'None'] }, fac);
  assert.equal(p.status, 201, JSON.stringify(p.body));
  poll = p.body;
  const made = await h.api('POST', '/sessions', { title: `Alerts drop-in ${u}`, category: 'clinical', format: 'in_person', location: 'Education Centre' }, fac);
  assert.equal(made.status, 201, JSON.stringify(made.body));
  session = made.body;
  const start = new Date(Date.now() + 5 * 86400e3);
  start.setUTCHours(11, 0, 0, 0);
  const sl = await h.api('POST', `/sessions/${session.id}/slots`, { starts_at: start.toISOString(), ends_at: new Date(start.getTime() + 3600e3).toISOString(), capacity: 5 }, fac);
  assert.equal(sl.status, 201, JSON.stringify(sl.body));
  slot = sl.body;
  team = await h.newPage();
  await h.signIn(team, FACILITATOR);
});
after(async () => {
  if (team) {
    h.expectNoPageProblems(team, expectedHttpErrors);
    await team.close();
  }
  await h.teardown();
});

describe('decisions', () => {
  it('puts Decisions in the team menu and lists decisions', async () => {
    await team.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Decisions' }).click();
    await team.getByRole('heading', { level: 1, name: 'Decisions' }).waitFor();
    await h.expectNoAxeViolations(team);
    await h.screenshotSizes(team, 'decisions-list-empty');
  });

  it('records a decision, explaining what is missing first', async () => {
    await team.getByRole('link', { name: 'Record a decision' }).click();
    await team.getByRole('heading', { level: 1, name: 'Record a decision' }).waitFor();
    await team.getByLabel('Decided', { exact: true }).check();
    await team.getByRole('button', { name: 'Save decision' }).click();
    const summary = team.locator('.nhsuk-error-summary');
    await summary.getByRole('link', { name: 'Enter a title for the decision' }).waitFor();
    await summary.getByRole('link', { name: 'Enter what was decided' }).waitFor();
    await h.expectNoAxeViolations(team);
    await summary.getByRole('link', { name: 'Enter a title for the decision' }).click();
    assert.equal(await team.evaluate(() => document.activeElement?.id), 'title');

    await team.getByLabel('Title').fill(title);
    await team.getByLabel('The question').fill('Which allergy alerts should stop a prescriber?');
    await team.getByRole('button', { name: 'Add an option' }).click();
    assert.equal(await team.evaluate(() => document.activeElement?.id), 'options.0', 'focus moves into the new option');
    await team.getByLabel('Option 1').fill('Every allergy alert interrupts');
    await team.getByRole('button', { name: 'Add another option' }).click();
    await team.getByLabel('Option 2').fill('Only severe allergies interrupt');
    await team.getByLabel('What was decided').fill(decided);
    await team.getByLabel('Why').fill('Staff told us the pop-ups hide the alerts that matter.');
    await team.getByLabel('Who decided').fill('EPR design authority');
    await team.getByLabel('EPR reference (optional)').fill(`CR-${u}`);
    await team.getByRole('button', { name: 'Add a quote' }).click();
    await team.getByLabel('Quote 1').fill('I click through twenty alerts a shift without reading them.');
    await h.expectNoAxeViolations(team);
    await h.screenshotSizes(team, 'decisions-form');
    await team.getByRole('button', { name: 'Save decision' }).click();
    await team.getByRole('heading', { level: 1, name: title }).waitFor();
    decisionId = Number(new URL(team.url()).pathname.split('/')[2]);
    assert.ok(decisionId > 0);
    await team.getByTestId('decision-state').getByText('not published').waitFor();
  });

  it('lets a booker ask to hear what is decided', async () => {
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/book/${slot.id}`);
    await page.getByLabel('Full name').fill('Bo Ward');
    await page.getByLabel('Work email address').fill(BOOKER);
    await page.getByLabel('Staff group').selectOption('Nursing and Midwifery Registered');
    await page.getByLabel('Job role').fill('Staff Nurse');
    await page.getByLabel('Email me when the programme publishes a decision this session informed (optional)').check();
    await h.expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Book this time' }).click();
    await page.getByRole('heading', { level: 1, name: 'Booking confirmed' }).waitFor();
    h.expectNoPageProblems(page, expectedHttpErrors);
    await page.close();
  });

  it('lets a workshop participant vote and leave an email to hear what is decided', async () => {
    assert.equal((await h.api('POST', `/polls/${poll.id}/open`, undefined, fac)).status, 200);
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/join/${workshop.join_code}`);
    await page.getByRole('group', { name: poll.question }).waitFor();
    await page.getByLabel('Severe only').check();
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.getByText('Your answer has been recorded').waitFor();
    await page.getByText('Tell us who you are (optional)').click();
    await page.getByLabel('Your email address, to hear what was decided (optional)').fill(PARTICIPANT);
    await page.getByRole('button', { name: 'Save my details' }).click();
    // An address is kept only with consent.
    await page.getByText('Tick the box to say we may keep your email address, or leave it out').first().waitFor();
    await page.getByLabel('You may keep my email address to tell me about decisions').check();
    await h.expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Save my details' }).click();
    await page.getByText('Thank you. Your details have been saved').waitFor();
    h.expectNoPageProblems(page, expectedHttpErrors);
    await page.close();
  });

  it('links a workshop poll and two posts, one of them anonymous', async () => {
    const picker = team.locator('section', { has: team.getByRole('heading', { name: 'Link what informed it' }) });
    await picker.getByLabel('Channel').selectOption(String(channel.id));
    for (const post of [anonymous, named]) {
      const row = picker.getByTestId('pick-post').locator('li', { hasText: `${post.id}:` });
      await row.getByRole('button', { name: /^Link/ }).click();
      await row.getByText('Linked').waitFor();
      // The keyboard user stays on the post they linked.
      await team.waitForFunction((id) => document.activeElement?.id === id, `pick-post-${post.id}`);
    }
    await picker.getByLabel('Workshop poll').check();
    await picker.getByLabel('Workshop', { exact: true }).selectOption(String(workshop.id));
    const pollRow = picker.getByTestId('pick-poll').locator('li', { hasText: poll.question });
    await pollRow.getByRole('button', { name: /^Link/ }).click();
    await pollRow.getByText('Linked').waitFor();
    await team.getByTestId('link-row').nth(2).waitFor();
    assert.equal(await team.getByTestId('link-row').count(), 3);
    // What we heard counts the two posts and shows the poll's results.
    await team.getByTestId('heard-poll').getByRole('heading', { name: poll.question }).waitFor();
    // Removing a link takes it off, and focus goes to the section's heading; linking again puts it back.
    const pollLink = team.getByTestId('link-row').filter({ hasText: poll.question });
    await pollLink.getByRole('button', { name: /^Remove/ }).click();
    await team.waitForFunction(() => document.activeElement?.id === 'informed-heading');
    await pollLink.waitFor({ state: 'detached' });
    await pollRow.getByRole('button', { name: /^Link/ }).click();
    await pollLink.waitFor();
    // And the session whose bookers asked to hear.
    await picker.getByLabel('Engagement session').check();
    const sessionRow = picker.getByTestId('pick-session').locator('li', { hasText: session.title });
    await sessionRow.getByRole('button', { name: /^Link/ }).click();
    await sessionRow.getByText('Linked').waitFor();
    await team.getByTestId('link-row').nth(3).waitFor();
    assert.equal(await team.getByTestId('link-row').count(), 4);
    await h.expectNoAxeViolations(team);
    await h.screenshotSizes(team, 'decisions-team');
    // On a phone the link picker's buttons sit beside their text: no sideways scrolling.
    const was = team.viewportSize();
    await team.setViewportSize({ width: 390, height: 844 });
    assert.deepEqual(await team.evaluate(() => [document.documentElement.scrollWidth, innerWidth]), [390, 390]);
    await team.setViewportSize(was);
  });

  it('publishes after saying who will be told; the named poster gets one email', async () => {
    await team.getByRole('button', { name: 'Publish this decision' }).click();
    const confirm = team.getByTestId('publish-confirm');
    await confirm.getByText('follow-up page', { exact: false }).waitFor();
    await confirm.getByText('one email', { exact: false }).waitFor();
    await confirm.getByText('booked on a linked session', { exact: false }).waitFor();
    await h.expectNoAxeViolations(team);
    await h.screenshotSizes(team, 'decisions-publish-confirm');
    await team.getByRole('button', { name: 'Publish and tell people' }).click();
    await team.getByText('Decision published').waitFor();
    await team.getByTestId('decision-state').getByText('published').waitFor();
    await h.expectNoAxeViolations(team);

    for (const to of [POSTER, BOOKER, PARTICIPANT]) {
      const mail = await h.waitForMail(to);
      assert.match(mail.text, new RegExp(`/decisions/${decisionId}\\b`), mail.text);
    }
  });

  it("shows the decision on the anonymous poster's follow-up page", async () => {
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/feedback/follow/${anonymous.follow_token}`);
    await page.getByRole('heading', { level: 1, name: 'Your post' }).waitFor();
    const notice = page.getByTestId('follow-decisions');
    await notice.getByText('A decision was made on what you raised').waitFor();
    await notice.getByRole('link', { name: title }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'decisions-follow');
    await notice.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    h.expectNoPageProblems(page, expectedHttpErrors);
    await page.close();
  });

  it('lists it on the public register, with feeds, filters and counts below 5 withheld', async () => {
    const page = await h.newPage();
    await page.goto(`${h.baseURL}/programme`);
    await page.getByRole('link', { name: 'See what the programme decided and why' }).click();
    await page.getByRole('heading', { level: 1, name: 'Decisions' }).waitFor();
    const item = page.getByTestId('register-item').filter({ hasText: title });
    await item.waitFor();
    const feeds = await page.locator('head link[rel="alternate"]').evaluateAll((ls) => ls.map((l) => [l.type, l.getAttribute('href')]));
    assert.deepEqual(feeds, [
      ['application/rss+xml', '/api/v1/public/decisions.rss'],
      ['application/atom+xml', '/api/v1/public/decisions.atom'],
    ]);
    const rss = await fetch(`${h.baseURL}/api/v1/public/decisions.rss`);
    assert.equal(rss.status, 200);
    assert.match(await rss.text(), new RegExp(title));
    await page.getByRole('link', { name: 'follow by Atom' }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'decisions-register');

    await page.getByLabel('Status').selectOption('proposed');
    await page.getByText('No published decisions match').waitFor();
    await page.getByLabel('Status').selectOption('decided');
    await item.waitFor();
    await page.getByLabel('Search').fill(`CR-${u}`);
    await page.getByRole('button', { name: 'Search' }).click();
    await item.waitFor();

    await item.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByTestId('decision-decided').getByText(decided).waitFor();
    await page.getByTestId('decision-epr').getByText(`CR-${u}`).waitFor();
    // Two posts, a vote and a booking: below 5, so the count is withheld; so is the poll's one answer.
    await page.getByTestId('heard-contributions').getByText('fewer than 5 contributions').waitFor();
    await page.getByTestId('heard-poll').getByText('fewer than 5 answers').waitFor();
    await page.getByTestId('heard-withheld').waitFor();
    await page.getByTestId('heard-quote').getByText('I click through twenty alerts').waitFor();
    assert.equal(await page.getByText('Pat Jones').count(), 0, 'no poster is named');
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'decisions-public');
    h.expectNoPageProblems(page, expectedHttpErrors);
    await page.close();
  });

  it("names the decision beside the post it informed on 'you said, we did'", async () => {
    const acted = await h.api('PATCH', `/posts/${named.id}`, { status: 'actioned', action_taken: `Severe-only alerts from go-live ${u}` });
    assert.equal(acted.status, 200, JSON.stringify(acted.body));
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/you-said-we-did`);
    const item = page.getByTestId('yswd-item').filter({ hasText: `Severe-only alerts from go-live ${u}` });
    await item.getByTestId('yswd-decisions').getByRole('link', { name: title }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'decisions-yswd');
    await item.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    h.expectNoPageProblems(page, expectedHttpErrors);
    await page.close();
  });

  it('keeps a version when a published decision changes', async () => {
    await team.goto(`${h.baseURL}/decisions/${decisionId}/edit`);
    await team.getByRole('heading', { level: 1, name: 'Change a decision' }).waitFor();
    await team.getByText('This decision is published').waitFor();
    await team.getByLabel('What changed and why').fill('The pharmacy asked for moderate allergies too.');
    await team.getByLabel('What was decided').fill(`${decided}, and moderate ones`);
    await h.expectNoAxeViolations(team);
    await team.getByRole('button', { name: 'Save changes' }).click();
    await team.getByRole('heading', { level: 1, name: title }).waitFor();
    await team.getByTestId('version-row').nth(1).waitFor();
    await team.getByTestId('version-row').nth(1).getByText('The pharmacy asked for moderate allergies too.').waitFor();
    await team.getByTestId('version-row').nth(1).getByText(decided, { exact: true }).waitFor();
    await h.expectNoAxeViolations(team);
    await h.screenshotSizes(team, 'decisions-team-versions');
    await team.getByRole('link', { name: 'See the public page' }).click();
    await team.getByTestId('public-versions').getByText('Version 1 was replaced on').waitFor();
    await team.getByTestId('decision-decided').getByText(`${decided}, and moderate ones`).waitFor();
    await h.expectNoAxeViolations(team);
    await team.goto(`${h.baseURL}/decisions`);
    await team.getByTestId('decision-row').filter({ hasText: title }).waitFor();
    await h.expectNoAxeViolations(team);
    await h.screenshotSizes(team, 'decisions-list');
  });
});
