// bookings.test.mjs walks engagement sessions end to end in Chromium: a
// facilitator creates a session with two times; a participant on a phone finds
// it, books without an account, opens the manage link from the emailed
// confirmation, moves to the other time and cancels; the facilitator marks
// attendance on the roster. Then reserved places: a facilitator holds half of
// each time's places for one staff group; on a phone, a person outside it who
// tries the last place (a held one) is offered the waiting list, and a person
// in it books the held place. axe runs on every page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const u = h.unique();
const TITLE = `Clinical safety and the new EPR ${u}`;
const FACILITATOR = `facilitator.${u}@example.org`;
const PARTICIPANT = `ada.${u}@ward.example.nhs.uk`;
// 401 from /me when signed out is expected on public pages.
const expected = [/status of 401/];

// londonDate gives YYYY-MM-DD in London, days from now.
const londonDate = (days) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + days * 86400e3));

before(h.setup);
after(h.teardown);

describe('engagement sessions', () => {
  let sessionURL;
  let slotIds = [];

  it('a facilitator creates a session with two times', async () => {
    await h.createUser(FACILITATOR, 'facilitator', 'Frankie Facilitator');
    const page = await h.newPage();
    await h.signIn(page, FACILITATOR);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Engagement sessions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Engagement sessions' }).waitFor();
    await h.expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Create a session' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create a session' }).waitFor();

    await page.getByRole('button', { name: 'Create session' }).click();
    await page.getByRole('link', { name: 'Enter a title' }).waitFor();
    await h.expectNoAxeViolations(page);

    await page.getByLabel('Title', { exact: true }).fill(TITLE);
    await page.getByLabel('Description (optional)').fill('For nurses and midwives: observations, handover and medicines.');
    await page.getByLabel('Clinical', { exact: true }).check();
    await page.getByLabel('Online', { exact: true }).check();
    await page.getByLabel('Meeting link').fill('https://teams.example/l/meetup-join/e2e');
    await page.getByRole('group', { name: 'Staff groups it is for (optional)' }).getByLabel('Nursing and Midwifery Registered', { exact: true }).check();
    await h.expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Create session' }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    sessionURL = page.url().split('?')[0];

    for (const [days, start, end] of [[10, '09:30', '10:15'], [11, '14:00', '14:45']]) {
      await page.getByLabel('Date', { exact: true }).fill(londonDate(days));
      await page.getByLabel('Start time (UK time)').fill(start);
      await page.getByLabel('End time (UK time)').fill(end);
      await page.getByLabel('Places', { exact: true }).fill('2');
      await page.getByRole('button', { name: 'Add time' }).click();
      await page.getByRole('status').getByText(/^Added /).waitFor();
    }
    await page.getByRole('cell', { name: /^\w+ \d+ \w+ \d{4}, 09:30 to 10:15$/ }).waitFor();
    await page.getByRole('cell', { name: /^\w+ \d+ \w+ \d{4}, 14:00 to 14:45$/ }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-session');
    const id = sessionURL.split('/').pop();
    const res = await h.api('GET', `/sessions/${id}`);
    slotIds = res.body.slots.map((s) => s.id);
    assert.equal(slotIds.length, 2);
    h.expectNoPageProblems(page, expected);
    await page.close();
  });

  it('a participant on a phone books, then moves and cancels from the emailed link', async () => {
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/book`);
    await page.getByRole('heading', { level: 1, name: 'Book an engagement session' }).waitFor();
    await page.getByRole('status').getByText(/times? found/).waitFor();
    await h.expectNoAxeViolations(page);
    await page.getByLabel('Category').selectOption('clinical');
    await page.getByLabel('Your staff group').selectOption('Nursing and Midwifery Registered');
    await page.getByRole('button', { name: 'Show sessions' }).click();
    await h.screenshot(page, 'bookings-list-phone');
    await page.getByRole('link', { name: new RegExp(`^${TITLE}.*09:30 to 10:15`) }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await h.expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Book this session' }).click();
    await page.getByRole('link', { name: 'Enter your full name' }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-form-errors-phone');
    await page.getByLabel('Full name').fill('Ada Lovelace');
    await page.getByLabel('Work email address').fill(PARTICIPANT);
    await page.getByLabel('Staff group').selectOption('Nursing and Midwifery Registered');
    await page.getByLabel('Job role').fill('Staff Nurse');
    await page.getByRole('button', { name: 'Book this session' }).click();
    await page.getByRole('heading', { level: 1, name: 'Booking confirmed' }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-confirmed-phone');

    const mail = await h.waitForMail(PARTICIPANT);
    assert.match(mail.subject, new RegExp(`^Booked: ${TITLE}`));
    const link = mail.text.match(/https?:\/\/\S+\/bookings\/bk_[A-Za-z0-9_-]+/)?.[0];
    assert.ok(link, `no manage link in:\n${mail.text}`);
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Your booking' }).waitFor();
    await page.getByText('Booked', { exact: true }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-manage-phone');

    await page.getByLabel(/14:00 to 14:45/).check();
    await page.getByRole('button', { name: 'Move booking' }).click();
    await page.getByRole('status').getByText(/^Moved to .*14:00 to 14:45/).waitFor();
    await page.getByRole('definition').filter({ hasText: /14:00 to 14:45/ }).waitFor();
    await h.expectNoAxeViolations(page);
    const moved = await h.waitForMail(PARTICIPANT, mail.id);
    assert.match(moved.subject, /^Moved: /);

    await page.getByRole('button', { name: 'Cancel booking' }).click();
    await page.getByRole('button', { name: 'Yes, cancel my booking' }).click();
    await page.getByRole('status').getByText('Your booking is cancelled').waitFor();
    await page.getByText('Cancelled', { exact: true }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-cancelled-phone');
    const slot = await h.api('GET', `/slots/${slotIds[1]}`, undefined, '');
    assert.equal(slot.body.confirmed, 0);
    h.expectNoPageProblems(page, expected);
    await page.close();
  });

  it('the facilitator marks attendance on the roster', async () => {
    const booked = await h.api('POST', `/slots/${slotIds[0]}/bookings`, {
      name: 'Grace Hopper', email: `grace.${u}@ward.example.nhs.uk`, staff_group: 'Nursing and Midwifery Registered', job_role: 'Matron',
    }, '');
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    const page = await h.newPage();
    await h.signIn(page, FACILITATOR);
    await page.goto(sessionURL);
    await page.getByRole('link', { name: /^Roster for .*09:30 to 10:15/ }).click();
    await page.getByRole('heading', { level: 1, name: /^.*Roster: / }).waitFor();
    await page.getByRole('cell', { name: /^Grace Hopper/ }).waitFor();
    await h.expectNoAxeViolations(page);
    await page.getByRole('button', { name: /^Attended\W+Grace Hopper$/ }).click();
    await page.getByRole('status').getByText('Grace Hopper: Attended').waitFor();
    await page.getByRole('button', { name: /^Attended\W+Grace Hopper$/, pressed: true }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-roster');
    const csv = await page.getByRole('link', { name: 'Download the roster (CSV)' }).getAttribute('href');
    const res = await page.request.get(`${h.baseURL}${csv}`);
    assert.equal(res.status(), 200);
    assert.match(await res.text(), /Grace Hopper,.*attended/);
    h.expectNoPageProblems(page, expected);
    await page.close();
  });
});

describe('reserved places', () => {
  const RTITLE = `Medicines safety: nurses first ${u}`;
  const NURSES = 'Nursing and Midwifery Registered';
  const held = new RegExp(`held for people in the ${NURSES} staff group until \\w+ \\d+ \\w+ \\d{4} at 09:00`);
  let slotId;

  it('a facilitator holds half of each time for one staff group', async () => {
    await h.createUser(FACILITATOR, 'facilitator', 'Frankie Facilitator');
    const page = await h.newPage();
    await h.signIn(page, FACILITATOR);
    await page.goto(`${h.baseURL}/sessions/new`);
    await page.getByRole('heading', { level: 1, name: 'Create a session' }).waitFor();
    await page.getByLabel('Title', { exact: true }).fill(RTITLE);
    await page.getByLabel('Clinical', { exact: true }).check();
    await page.getByLabel('Online', { exact: true }).check();
    await page.getByLabel('Meeting link').fill('https://teams.example/l/meetup-join/e2e-reserved');
    const reserve = page.getByRole('group', { name: 'Reserve places (optional)' });
    await reserve.getByLabel('Share of places to hold back (%)').fill('50');
    await page.getByRole('button', { name: 'Create session' }).click();
    await page.getByRole('link', { name: 'Enter the date the held places open to everyone' }).waitFor();
    await page.getByRole('link', { name: 'Select the organisations or staff groups to hold places for' }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-reserved-form-errors');

    await reserve.getByLabel('Release date').fill(londonDate(20));
    await reserve.getByLabel('Release time (UK time)').fill('09:00');
    await page.getByRole('group', { name: 'Hold places for these staff groups' }).getByLabel(NURSES, { exact: true }).check();
    await page.getByRole('button', { name: 'Create session' }).click();
    await page.getByRole('heading', { level: 1, name: RTITLE }).waitFor();
    await page.getByText(new RegExp(`^50% of each time's places \\(rounded down\\) are ${held.source}, then open to everyone\\.$`)).waitFor();

    await page.getByLabel('Date', { exact: true }).fill(londonDate(30));
    await page.getByLabel('Start time (UK time)').fill('11:00');
    await page.getByLabel('End time (UK time)').fill('11:45');
    await page.getByLabel('Places', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Add time' }).click();
    await page.getByRole('status').getByText(/^Added /).waitFor();
    await page.getByRole('cell', { name: '1 of 1 free' }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-reserved-session');

    // Editing keeps the hold as it was, shown in London time.
    await page.getByRole('button', { name: 'Edit session' }).click();
    assert.equal(await page.getByLabel('Share of places to hold back (%)').inputValue(), '50');
    assert.equal(await page.getByLabel('Release time (UK time)').inputValue(), '09:00');
    assert.equal(await page.getByLabel('Release date').inputValue(), londonDate(20));
    assert.ok(await page.getByRole('group', { name: 'Hold places for these staff groups' }).getByLabel(NURSES, { exact: true }).isChecked());
    await page.getByRole('button', { name: 'Save session' }).click();
    await page.getByText('Session saved').waitFor();
    await page.getByText(held).waitFor();

    const id = page.url().split('?')[0].split('/').pop();
    const res = await h.api('GET', `/sessions/${id}`);
    assert.equal(res.body.reserved_share, 50);
    assert.deepEqual(res.body.reserved_staff_groups, [NURSES]);
    slotId = res.body.slots[0].id;
    assert.equal(res.body.slots[0].open_remaining, 1, JSON.stringify(res.body.slots[0]));
    assert.equal(res.body.slots[0].reserved?.seats, 1, JSON.stringify(res.body.slots[0]));
    h.expectNoPageProblems(page, expected);
    await page.close();
  });

  it('on a phone, the list says which places are held, for whom and until when', async () => {
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/book`);
    await page.getByRole('status').getByText(/times? found/).waitFor();
    const card = page.getByRole('listitem').filter({ hasText: RTITLE });
    await card.getByText(new RegExp(`^2 of 2 places left\\. 1 of them is ${held.source}, then open to everyone\\.$`)).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-reserved-list-phone');
    h.expectNoPageProblems(page, expected);
    await page.close();
  });

  it('someone outside the staff group is offered the waiting list for the held place', async () => {
    const open = await h.api('POST', `/slots/${slotId}/bookings`, {
      name: 'Ivy Clerk', email: `ivy.${u}@ward.example.nhs.uk`, staff_group: 'Administrative and Clerical', job_role: 'Ward Clerk',
    }, '');
    assert.equal(open.status, 201, JSON.stringify(open.body));
    assert.equal(open.body.reserved_seat, false);

    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/book/${slotId}`);
    await page.getByRole('heading', { level: 1, name: RTITLE }).waitFor();
    await page.getByText(new RegExp(`^1 of 2 places left\\. It is ${held.source}\\. Until then only they can book; anyone else can join the waiting list\\.$`)).waitFor();
    await page.getByText(/The places left are held for .* If that is you, book below\./).waitFor();
    await h.expectNoAxeViolations(page);
    await page.getByLabel('Full name').fill('Jo Porter');
    await page.getByLabel('Work email address').fill(`jo.${u}@ward.example.nhs.uk`);
    await page.getByLabel('Staff group').selectOption('Estates and Ancillary');
    await page.getByLabel('Job role').fill('Porter');
    await page.getByRole('button', { name: 'Book this session' }).click();
    await page.getByRole('alert').getByText(/held for/i).waitFor();
    await page.getByRole('button', { name: 'Join the waiting list' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Book this session' }).count(), 0);
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-reserved-refused-phone');
    await page.getByRole('button', { name: 'Join the waiting list' }).click();
    await page.getByRole('heading', { level: 1, name: 'You are on the waiting list' }).waitFor();
    await h.expectNoAxeViolations(page);
    h.expectNoPageProblems(page, [...expected, /status of 409/]);
    await page.close();
  });

  it('someone in the staff group books the held place', async () => {
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/book/${slotId}`);
    await page.getByRole('heading', { level: 1, name: RTITLE }).waitFor();
    await page.getByLabel('Full name').fill('Mary Seacole');
    await page.getByLabel('Work email address').fill(`mary.${u}@ward.example.nhs.uk`);
    await page.getByLabel('Staff group').selectOption(NURSES);
    await page.getByLabel('Job role').fill('Staff Nurse');
    await page.getByRole('button', { name: 'Book this session' }).click();
    await page.getByRole('heading', { level: 1, name: 'Booking confirmed' }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-reserved-confirmed-phone');
    const slot = await h.api('GET', `/slots/${slotId}`, undefined, '');
    assert.equal(slot.body.confirmed, 2);
    assert.equal(slot.body.waitlisted, 1);
    assert.equal(slot.body.remaining, 0);
    h.expectNoPageProblems(page, expected);
    await page.close();
  });
});
