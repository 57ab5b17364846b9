// milestones.test.mjs walks go-live milestones and training series end to end in
// Chromium: a facilitator adds a milestone with two training targets from the home
// page, creates a session and adds a series of times tied to it (Tuesdays and
// Thursdays for 6 weeks, previewed before saving); a member of staff books one time on
// a phone; the facilitator moves the go-live date a week on through the confirm step
// that says what will move; the times move and the booked person's email in the outbox
// carries the updated invite (same UID, higher SEQUENCE). Then the series form is
// filled in with the keyboard alone. axe runs on every page; screenshots at three sizes
// go to E2E_SCREENSHOTS when it is set.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const u = h.unique();
const FACILITATOR = `facilitator.${u}@example.org`;
const ADMIN = `admin.${u}@example.org`;
const PARTICIPANT = `nia.${u}@ward.example.nhs.uk`;
const ORG = `Moorside Hospitals ${u}`;
const MILESTONE = `Moorside General go-live ${u}`;
const TITLE = `EPR essentials for ward nurses ${u}`;
const NURSES = 'Nursing and Midwifery Registered';
const AHPS = 'Allied Health Professionals';
const expected = [/status of 401/];
// The refusals the tests ask for on purpose.
const refused = [/status of 422/];

// londonDate gives YYYY-MM-DD in London, days from now.
const londonDate = (days) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + days * 86400e3));
const addDays = (date, n) => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};
const longDay = (date) => {
  const [y, m, d] = date.split('-').map(Number);
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
      .formatToParts(new Date(Date.UTC(y, m - 1, d)))
      .map((x) => [x.type, x.value]),
  );
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
};
// A go-live 12 weeks away: its 6 weeks of training start 6 weeks from now.
const GO_LIVE = londonDate(84);
const MOVED = addDays(GO_LIVE, 7);

async function fillDate(page, date) {
  const [y, m, d] = date.split('-');
  const group = page.getByRole('group', { name: 'Go-live date' });
  await group.getByLabel('Day').fill(String(Number(d)));
  await group.getByLabel('Month').fill(String(Number(m)));
  await group.getByLabel('Year').fill(y);
}

// tabTo presses Tab until the element with id has focus, and says how many presses it took.
async function tabTo(page, id, max = 60) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((id) => document.activeElement?.id === id, id)) return i;
  }
  assert.fail(`Tab never reached #${id}`);
}

before(h.setup);
after(h.teardown);

describe('go-live milestones and training series', () => {
  let milestoneId;
  let sessionId;
  let facilitatorToken;
  let slotsBefore;
  let booking;

  it('a facilitator adds a milestone with two targets, from the home page', async () => {
    facilitatorToken = await h.createUser(FACILITATOR, 'facilitator', 'Frankie Facilitator');
    const org = await h.api('POST', '/organisations', { name: ORG, code: `RM${u}`.slice(0, 10), kind: 'acute' });
    assert.equal(org.status, 201, JSON.stringify(org.body));
    const page = await h.newPage();
    await h.signIn(page, FACILITATOR);
    // Not in the header's one row: the home page lists it.
    assert.equal(await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Go-live milestones' }).count(), 0);
    await page.getByRole('main').getByRole('link', { name: 'Go-live milestones' }).click();
    await page.getByRole('heading', { level: 1, name: 'Go-live milestones' }).waitFor();
    await h.expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Add a milestone' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add a go-live milestone' }).waitFor();
    await h.expectNoAxeViolations(page);

    // Nothing filled in: the summary links to each field; the date must be real.
    await page.getByLabel('Site (optional)').fill('Moorside General');
    await fillDate(page, '2027-02-31');
    await page.getByRole('button', { name: 'Add milestone' }).click();
    await page.getByRole('link', { name: 'Choose the organisation that goes live' }).waitFor();
    await page.getByRole('link', { name: 'Go-live date must be a real date, like 19 4 2027' }).waitFor();
    await page.getByRole('link', { name: 'Choose a staff group for each target' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'targets');
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'milestone-errors');

    await page.getByLabel('Organisation').selectOption({ label: ORG });
    await page.getByLabel('Name', { exact: true }).fill(MILESTONE);
    await fillDate(page, GO_LIVE);
    await page.getByLabel('Staff group for target 1').selectOption(NURSES);
    await page.getByLabel('Training that counts for target 1').selectOption('clinical');
    await page.getByLabel('Minimum trained, in percent for target 1').fill('80');
    await page.getByRole('button', { name: 'Add a target' }).click();
    await page.getByLabel('Staff group for target 2').selectOption(AHPS);
    await page.getByLabel('Training that counts for target 2').selectOption('');
    await page.getByLabel('Minimum trained, in percent for target 2').fill('60');
    // A third row, added then removed.
    await page.getByRole('button', { name: 'Add a target' }).click();
    await page.getByRole('button', { name: 'Remove target 3' }).click();
    assert.equal(await page.getByLabel('Staff group for target 3').count(), 0);
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'milestone-new');
    await page.getByRole('button', { name: 'Add milestone' }).click();
    await page.getByText('Milestone added').waitFor();
    await page.getByRole('heading', { level: 1, name: MILESTONE }).waitFor();
    milestoneId = Number(page.url().match(/\/milestones\/(\d+)/)[1]);
    const saved = (await h.api('GET', `/milestones/${milestoneId}`, undefined, facilitatorToken)).body;
    assert.equal(saved.go_live_on, GO_LIVE);
    assert.deepEqual(saved.targets, [
      { staff_group: NURSES, category: 'clinical', min_percent: 80 },
      { staff_group: AHPS, category: '', min_percent: 60 },
    ]);
    await page.getByText('No training times follow this date yet.').waitFor();
    await h.expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Back to milestones' }).click();
    const row = page.getByRole('row').filter({ hasText: MILESTONE });
    await row.getByText(longDay(GO_LIVE)).waitFor();
    await row.getByText('in 12 weeks').waitFor();
    await row.getByText(`${NURSES}: 80% (clinical)`).waitFor();
    await row.getByText(`${AHPS}: 60%`).waitFor();
    await row.getByText('Moorside General', { exact: true }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'milestones-list');
    h.expectNoPageProblems(page);
    await page.close();
  });

  it('adds a session and a series of times tied to the milestone: Tuesdays and Thursdays for 6 weeks', async () => {
    const page = await h.newPage();
    await h.signIn(page, FACILITATOR);
    await page.goto(`${h.baseURL}/sessions`);
    await page.getByRole('link', { name: 'go-live milestones' }).waitFor();
    await page.getByRole('link', { name: 'Create a session' }).click();
    await page.getByLabel('Title', { exact: true }).fill(TITLE);
    await page.getByLabel('Clinical', { exact: true }).check();
    await page.getByLabel('Online', { exact: true }).check();
    await page.getByLabel('Meeting link').fill('https://teams.example/l/meetup-join/epr');
    await page.getByRole('button', { name: 'Create session' }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    sessionId = Number(page.url().match(/\/sessions\/(\d+)/)[1]);

    const form = page.getByRole('form', { name: 'Add a series of times' });
    // Nothing chosen: each problem on its field.
    await form.getByRole('button', { name: 'Add series' }).click();
    await form.getByRole('link', { name: 'Enter the date of the first time' }).waitFor();
    await form.getByRole('link', { name: 'Choose at least one day of the week' }).waitFor();
    await h.expectNoAxeViolations(page);

    await form.getByLabel('Tie to a go-live milestone (optional)').selectOption({ label: `${MILESTONE} (${longDay(GO_LIVE)})` });
    await form.getByLabel('Weeks before go-live').fill('6');
    await form.getByLabel('Each time starts at (UK time)').fill('10:00');
    await form.getByLabel('Each time ends at (UK time)').fill('11:00');
    const days = form.getByRole('group', { name: 'Repeat on' });
    await days.getByLabel('Tuesday').check();
    await days.getByLabel('Thursday').check();
    await form.getByLabel('After a number of weeks').check();
    await form.getByLabel('How many weeks').fill('6');
    await form.getByLabel('Places at each time').fill('8');
    // The server's refusal lands on the field it is about: 100 weeks before go-live is past.
    await form.getByLabel('Weeks before go-live').fill('100');
    await form.getByRole('button', { name: 'Add series' }).click();
    await form.getByRole('link', { name: 'the first slot must be in the future' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'weeks_before');
    await form.getByLabel('Weeks before go-live').fill('6');
    const preview = page.getByTestId('series-preview');
    await preview.getByText('12 times, UK time:').waitFor();
    const previewed = await preview.getByRole('listitem').allTextContents();
    assert.equal(previewed.length, 12);
    assert.ok(previewed.every((t) => /^(Tuesday|Thursday) \d+ \w+, 10am to 11am$/.test(t)), previewed.join('\n'));
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'session-series-form');

    await form.getByRole('button', { name: 'Add series' }).click();
    await form.getByRole('status').getByText(/^Added 12 times, from (Tuesday|Thursday) /).waitFor();
    const label = `Series 1: Tuesdays and Thursdays, tied to ${MILESTONE}`;
    await page.getByRole('cell', { name: label }).first().waitFor();
    assert.equal(await page.getByRole('cell', { name: label }).count(), 12);
    const session = (await h.api('GET', `/sessions/${sessionId}`, undefined, facilitatorToken)).body;
    slotsBefore = session.slots;
    assert.equal(slotsBefore.length, 12);
    // The first time is the first Tuesday or Thursday from 6 weeks before go-live; the
    // preview listed exactly the times made.
    const made = slotsBefore.map((s) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(s.starts_at)));
    assert.deepEqual(made.map((d) => d.replace(',', '')), previewed.map((t) => t.replace(', 10am to 11am', '')));
    const firstDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(slotsBefore[0].starts_at));
    assert.ok(firstDay >= addDays(GO_LIVE, -42) && firstDay < addDays(GO_LIVE, -35), `first time ${firstDay}, go-live ${GO_LIVE}`);
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'session-series-added');

    // The milestone's page lists the series.
    await page.goto(`${h.baseURL}/milestones/${milestoneId}`);
    await page.getByRole('link', { name: TITLE }).waitFor();
    await page.getByText('starts 6 weeks before go-live; 12 times to come, 0 booked').waitFor();
    h.expectNoPageProblems(page, refused);
    await page.close();
  });

  it('a member of staff books one time on a phone', async () => {
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/book/${slotsBefore[0].id}`);
    await page.getByLabel('Full name').fill('Nia Evans');
    await page.getByLabel('Work email address').fill(PARTICIPANT);
    await page.getByLabel('Staff group').selectOption(NURSES);
    await page.getByLabel('Job role').fill('Staff Nurse');
    await h.expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Book this time' }).click();
    await page.getByRole('heading', { level: 1, name: 'Booking confirmed' }).waitFor();
    booking = await h.waitForMail(PARTICIPANT);
    assert.match(booking.subject, /^Booked: /);
    h.expectNoPageProblems(page, expected);
    await page.close();
  });

  it('moves the milestone a week on, saying first what will move and who is told', async () => {
    const page = await h.newPage();
    await h.signIn(page, FACILITATOR);
    await page.goto(`${h.baseURL}/milestones/${milestoneId}`);
    await page.getByRole('heading', { level: 1, name: MILESTONE }).waitFor();
    await fillDate(page, MOVED);
    await page.getByRole('button', { name: 'Save milestone' }).click();
    const confirm = page.getByTestId('confirm-move');
    await confirm.getByRole('heading', { name: `Move go-live to ${longDay(MOVED)}?` }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), `Move go-live to ${longDay(MOVED)}?`);
    await confirm.getByText(`It was ${longDay(GO_LIVE)}.`).waitFor();
    await confirm.getByText('1 series of training times (12 times still to come) moves with it, keeping their weekdays and times.').waitFor();
    await confirm.getByText('1 booked person will get an updated calendar invitation, and can keep, move or cancel their place.').waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'milestone-confirm-move');
    // Going back changes nothing.
    await confirm.getByRole('button', { name: 'Go back' }).click();
    // A date that would put training in the past is refused on the date, after the confirm step.
    await fillDate(page, londonDate(-7));
    await page.getByRole('button', { name: 'Save milestone' }).click();
    await confirm.getByRole('button', { name: 'Move the date' }).click();
    await page.getByRole('link', { name: /would move training slots into the past/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'go_live_on');
    assert.equal((await h.api('GET', `/milestones/${milestoneId}`, undefined, facilitatorToken)).body.go_live_on, GO_LIVE);
    await fillDate(page, MOVED);
    await page.getByRole('button', { name: 'Save milestone' }).click();
    await confirm.getByRole('button', { name: 'Move the date' }).click();
    await page.getByText('Milestone saved').waitFor();
    await page.getByText('1 person was sent the new time.').waitFor();
    await page.getByText(`Goes live ${longDay(MOVED)}`).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'milestone-moved');

    // Every time moved a week on, at the same London clock time.
    const after = (await h.api('GET', `/sessions/${sessionId}`, undefined, facilitatorToken)).body.slots;
    assert.equal(after.length, 12);
    const clock = (iso) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
    const day = (iso) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(iso));
    for (let i = 0; i < 12; i++) {
      assert.equal(day(after[i].starts_at), addDays(day(slotsBefore[i].starts_at), 7));
      assert.equal(clock(after[i].starts_at), '10:00');
    }
    await page.goto(`${h.baseURL}/sessions/${sessionId}`);
    const firstWhen = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(after[0].starts_at)).replace(',', '');
    await page.getByRole('cell', { name: `${firstWhen}, 10am to 11am`, exact: true }).waitFor();
    await page.getByRole('row').filter({ hasText: `${firstWhen}, 10am to 11am` }).getByRole('cell', { name: '1 of 8' }).waitFor();
    h.expectNoPageProblems(page, refused);
    await page.close();
  });

  it("the booked person's email in the outbox carries the updated invite", async () => {
    const update = await h.waitForMail(PARTICIPANT, booking.id);
    assert.match(update.subject, /^New time: /);
    await h.createUser(ADMIN, 'admin', 'Ada Admin');
    const page = await h.newPage();
    await h.signIn(page, ADMIN);
    await page.goto(`${h.baseURL}/outbox?to=${encodeURIComponent(PARTICIPANT)}`);
    await page.getByRole('link', { name: update.subject }).click();
    await page.getByRole('heading', { level: 1, name: update.subject }).waitFor();
    await page.getByRole('link', { name: /invite\.ics/ }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'outbox-rescheduled');
    const ics = async (id) => {
      const res = await fetch(`${h.baseURL}/api/v1/outbox/${id}/attachments/0`, { headers: { Authorization: `Bearer ${h.adminToken}` } });
      assert.equal(res.status, 200);
      return (await res.text()).replace(/\r\n[ \t]/g, '');
    };
    const prop = (text, name) => text.match(new RegExp(`^${name}(?:;[^:]*)?:(.*)$`, 'm'))?.[1];
    // The event's own properties, not its time zone's.
    const event = (text) => text.slice(text.indexOf('BEGIN:VEVENT'));
    const first = event(await ics(booking.id));
    const updated = await ics(update.id);
    assert.equal(prop(updated, 'METHOD'), 'REQUEST');
    assert.equal(prop(updated, 'UID'), prop(first, 'UID'));
    assert.ok(Number(prop(updated, 'SEQUENCE')) > Number(prop(first, 'SEQUENCE')), `${prop(first, 'SEQUENCE')} -> ${prop(updated, 'SEQUENCE')}`);
    const startsAt = (await h.api('GET', `/sessions/${sessionId}`, undefined, facilitatorToken)).body.slots[0].starts_at;
    const start = prop(event(updated), 'DTSTART');
    const wall = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(startsAt)).replaceAll('-', '') + 'T100000';
    assert.ok(start === startsAt.replace(/[-:]/g, '').replace(/\.\d{3}/, '') || start === wall, `DTSTART ${start}, slot starts ${startsAt}`);
    h.expectNoPageProblems(page);
    await page.close();
  });

  it('the series form works with the keyboard alone', async () => {
    const made = await h.api('POST', '/sessions', { title: `Keyboard series ${u}`, category: 'technical', format: 'in_person', location: 'Education Centre, Room 4' }, facilitatorToken);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const page = await h.newPage();
    await h.signIn(page, FACILITATOR);
    await page.goto(`${h.baseURL}/sessions/${made.body.id}`);
    await page.getByRole('heading', { level: 1, name: `Keyboard series ${u}` }).waitFor();
    await tabTo(page, 'milestone_id');
    await page.keyboard.press('ArrowDown'); // the first milestone
    assert.notEqual(await page.locator('#milestone_id').inputValue(), '');
    await tabTo(page, 'weeks_before');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('4');
    await tabTo(page, 'series_days'); // Monday
    await page.keyboard.press('Space');
    await tabTo(page, 'series_days-3'); // Wednesday
    await page.keyboard.press('Space');
    await tabTo(page, 'series_weeks');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2');
    await page.getByTestId('series-preview').getByText('4 times, UK time:').waitFor();
    // Every focused control shows where focus is.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).boxShadow + getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'nonenone');
    await page.keyboard.press('Enter'); // submits the form from a text field
    await page.getByRole('form', { name: 'Add a series of times' }).getByRole('status').getByText(/^Added 4 times, from (Monday|Wednesday) /).waitFor();
    const slots = (await h.api('GET', `/sessions/${made.body.id}`, undefined, facilitatorToken)).body.slots;
    assert.equal(slots.length, 4);
    await h.expectNoAxeViolations(page);
    h.expectNoPageProblems(page);
    await page.close();
  });
});
