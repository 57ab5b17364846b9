// bookings.test.mjs walks engagement sessions end to end in Chromium: a
// facilitator creates a session with two times; a participant on a phone finds
// it, books without an account, opens the manage link from the emailed
// confirmation, moves to the other time and cancels; the facilitator marks
// attendance on the roster. Then reserved places: a facilitator holds half of
// each time's places for one staff group; on a phone, a person outside it who
// tries the last place (a held one) is offered the waiting list, and a person
// in it books the held place. axe runs on every page.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const u = h.unique();
const TITLE = `Clinical safety and the new EPR ${u}`;
const FACILITATOR = `facilitator.${u}@example.org`;
const PARTICIPANT = `ada.${u}@ward.example.nhs.uk`;
const TITLE2 = `Medicines reconciliation ${u}`;
const phone = { width: 390, height: 844 };
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
  let otherSlotId;
  let facilitatorToken;

  it('a facilitator creates a session with two times', async () => {
    facilitatorToken = await h.createUser(FACILITATOR, 'facilitator', 'Frankie Facilitator');
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
    await page.getByRole('cell', { name: /^\w+ \d+ \w+ \d{4}, 9:30am to 10:15am$/ }).waitFor();
    await page.getByRole('cell', { name: /^\w+ \d+ \w+ \d{4}, 2pm to 2:45pm$/ }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-session');
    const id = sessionURL.split('/').pop();
    const res = await h.api('GET', `/sessions/${id}`);
    slotIds = res.body.slots.map((s) => s.id);
    assert.equal(slotIds.length, 2);
    // A second clinical session, to move to; and an operational one, which is not offered.
    for (const [title, category, days] of [[TITLE2, 'clinical', 12], [`Rostering go-live ${u}`, 'operational', 13]]) {
      const made = await h.api('POST', '/sessions', { title, category, format: 'in_person', location: 'Education Centre, Room 4' }, facilitatorToken);
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const start = new Date(Date.now() + days * 86400e3);
      start.setUTCHours(11, 0, 0, 0);
      const slot = await h.api('POST', `/sessions/${made.body.id}/slots`, {
        starts_at: start.toISOString(), ends_at: new Date(start.getTime() + 3600e3).toISOString(), capacity: 3,
      }, facilitatorToken);
      assert.equal(slot.status, 201, JSON.stringify(slot.body));
      if (category === 'clinical') otherSlotId = slot.body.id;
    }
    h.expectNoPageProblems(page, expected);
    await page.close();
  });

  it('on a phone, /book has one card per session, the filters fold and the first card is on the first screen', async () => {
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/book`);
    await page.getByRole('heading', { level: 1, name: 'Book a session' }).waitFor();
    await page.getByRole('status').getByText(/^\d+ sessions?$/).waitFor();
    const toggle = page.getByRole('button', { name: 'Filter' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.getByLabel('Category').isVisible(), false, 'the filters show before "Filter" is pressed');
    const first = page.locator('.app-session-card').first();
    const box = await first.boundingBox();
    assert.ok(box && box.y + 120 < phone.height, `the first session card starts at ${box?.y} px, below the first screen`);
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-list-phone');

    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.getByLabel('Category').selectOption('clinical');
    await page.getByLabel('Your staff group').selectOption('Nursing and Midwifery Registered');
    await h.expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Show sessions' }).click();
    await page.getByRole('button', { name: 'Filter (2 applied)' }).waitFor();
    // The list is fetched again: the operational session goes (the filter works), and
    // it must not come back.
    await page.getByRole('heading', { name: `Rostering go-live ${u}` }).waitFor({ state: 'detached' });
    // One card for the session, holding both its times, not one card per time.
    const cards = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: TITLE }) });
    await cards.first().waitFor();
    assert.equal(await cards.count(), 1);
    await cards.getByText(/^\w+ \d+ \w+, 9:30am to 10:15am \(2 places left\)$/).waitFor();
    await cards.getByText(/^\w+ \d+ \w+, 2pm to 2:45pm \(2 places left\)$/).waitFor();
    assert.equal(await page.getByRole('heading', { name: `Rostering go-live ${u}` }).count(), 0, 'the category filter let an operational session through');
    h.expectNoPageProblems(page, expected);
    await page.close();
  });

  it('a participant picks a day and a time, books, and keeps the confirmation on reload', async () => {
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/book`);
    await page.getByRole('link', { name: TITLE, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Choose a time' }).waitFor();
    await h.expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Book this time' }).click();
    await page.getByRole('link', { name: 'Select a day' }).waitFor();
    await page.getByRole('link', { name: 'Enter your full name' }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-form-errors-phone');
    // The days: two, each with one time; choosing a day shows (and, with one, chooses) its time.
    const days = page.getByRole('group', { name: 'Day' });
    assert.equal(await days.getByRole('radio').count(), 2);
    await days.getByRole('radio').first().check();
    const time = page.getByRole('radio', { name: '9:30am to 10:15am' });
    await time.waitFor();
    assert.ok(await time.isChecked());
    await page.getByRole('group', { name: /^Time on \w+ \d+ \w+ \d{4}$/ }).getByText('2 of 2 places left').waitFor();
    assert.match(page.url(), /\/book\/session\/\d+\?slot=\d+$/);
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-session-phone');

    await page.getByLabel('Full name').fill('Ada Lovelace');
    await page.getByLabel('Work email address').fill(PARTICIPANT);
    await page.getByLabel('Staff group').selectOption('Nursing and Midwifery Registered');
    await page.getByLabel('Job role').fill('Staff Nurse');
    await page.getByRole('button', { name: 'Book this time' }).click();
    await page.getByRole('heading', { level: 1, name: 'Booking confirmed' }).waitFor();
    await page.waitForURL(/\/bookings\/bk_[A-Za-z0-9_-]+\/confirmed$/);
    const focused = () => page.evaluate(() => document.activeElement?.tagName === 'H1' && document.activeElement.textContent);
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    assert.equal(await focused(), 'Booking confirmed');
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-confirmed-phone');

    // The address keeps the confirmation: a reload shows it again, heading focused.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Booking confirmed' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    assert.equal(await focused(), 'Booking confirmed');
    const token = page.url().match(/\/bookings\/(bk_[A-Za-z0-9_-]+)\/confirmed$/)[1];
    const manageURL = `${h.baseURL}/bookings/${token}`;

    // Calendar links: Outlook and Google with UTC times, the title and the manage link; Apple the .ics file.
    const slot = (await h.api('GET', `/slots/${slotIds[0]}`, undefined, '')).body;
    const stamp = (iso) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const outlook = new URL(await page.getByRole('link', { name: /^Add to Outlook calendar/ }).getAttribute('href'));
    assert.equal(outlook.host, 'outlook.office.com');
    assert.equal(outlook.searchParams.get('startdt'), new Date(slot.starts_at).toISOString().replace('.000Z', 'Z'));
    assert.equal(outlook.searchParams.get('enddt'), new Date(slot.ends_at).toISOString().replace('.000Z', 'Z'));
    assert.equal(outlook.searchParams.get('subject'), TITLE);
    assert.ok(outlook.searchParams.get('body').includes(manageURL), outlook.searchParams.get('body'));
    const google = new URL(await page.getByRole('link', { name: /^Add to Google Calendar/ }).getAttribute('href'));
    assert.equal(google.searchParams.get('dates'), `${stamp(slot.starts_at)}/${stamp(slot.ends_at)}`);
    assert.equal(google.searchParams.get('text'), TITLE);
    assert.ok(google.searchParams.get('details').includes(manageURL));
    assert.ok(google.searchParams.get('details').includes('https://teams.example/l/meetup-join/e2e'));
    const apple = await page.getByRole('link', { name: /^Add to Apple calendar/ }).getAttribute('href');
    const ics = await page.request.get(`${h.baseURL}${apple}`);
    assert.equal(ics.status(), 200);
    assert.match(ics.headers()['content-type'], /^text\/calendar/);
    const icsText = (await ics.text()).replace(/\r\n /g, '');
    assert.ok(icsText.includes(`DTSTART:${stamp(slot.starts_at)}`) && icsText.includes(manageURL), icsText);
    await page.getByRole('link', { name: 'Manage your booking' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Manage your booking' }).getAttribute('href'), `/bookings/${token}`);
    await h.expectNoAxeViolations(page);
    h.expectNoPageProblems(page, expected);
    await page.close();
  });

  it('from the emailed link, the participant moves to another time, then to another session of the category, and cancels', async () => {
    const page = await h.newPhonePage();
    const mail = await h.waitForMail(PARTICIPANT);
    assert.match(mail.subject, new RegExp(`^Booked: ${TITLE}`));
    const link = mail.text.match(/https?:\/\/\S+\/bookings\/bk_[A-Za-z0-9_-]+/)?.[0];
    assert.ok(link, `no manage link in:\n${mail.text}`);
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Your booking' }).waitFor();
    await page.getByText('Booked', { exact: true }).waitFor();
    assert.equal(await page.getByText(`Rostering go-live ${u}`).count(), 0, 'a session of another category is offered');
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-manage-phone');

    await page.getByRole('group', { name: 'This session' }).getByLabel(/^\w+ \d+ \w+ \d{4}, 2pm to 2:45pm$/).check();
    await page.getByRole('button', { name: 'Move booking' }).click();
    await page.getByRole('status').getByText(/^Moved to .*2pm to 2:45pm/).waitFor();
    await page.getByRole('definition').filter({ hasText: /2pm to 2:45pm/ }).waitFor();
    await h.expectNoAxeViolations(page);
    const moved = await h.waitForMail(PARTICIPANT, mail.id);
    assert.match(moved.subject, /^Moved: /);

    await page.getByRole('group', { name: TITLE2 }).getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Move booking' }).click();
    await page.getByRole('status').getByText(new RegExp(`^Moved to ${TITLE2}, `)).waitFor();
    await page.getByRole('definition').filter({ hasText: TITLE2 }).first().waitFor();
    await page.getByRole('definition').filter({ hasText: 'In person: Education Centre, Room 4' }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-moved-session-phone');
    const across = await h.waitForMail(PARTICIPANT, moved.id);
    assert.match(across.subject, new RegExp(`^Moved: ${TITLE2}`));
    assert.equal((await h.api('GET', `/slots/${otherSlotId}`, undefined, '')).body.confirmed, 1);
    assert.equal((await h.api('GET', `/slots/${slotIds[1]}`, undefined, '')).body.confirmed, 0);

    await page.getByRole('button', { name: 'Cancel booking' }).click();
    await page.getByRole('button', { name: 'Yes, cancel my booking' }).click();
    await page.getByRole('status').getByText('Your booking is cancelled').waitFor();
    await page.getByText('Cancelled', { exact: true }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-cancelled-phone');
    assert.equal((await h.api('GET', `/slots/${otherSlotId}`, undefined, '')).body.confirmed, 0);
    h.expectNoPageProblems(page, expected);
    await page.close();
  });

  it('someone who lost their link asks for it by email and gets a new one', async () => {
    const email = `lost.${u}@ward.example.nhs.uk`;
    const booked = await h.api('POST', `/slots/${slotIds[1]}/bookings`, {
      name: 'Lin Lost', email, staff_group: 'Nursing and Midwifery Registered', job_role: 'Staff Nurse',
    }, '');
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    const first = await h.waitForMail(email);
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/bookings/bk_thisisnotarealtokenatall`);
    await page.getByRole('heading', { level: 1, name: 'Booking not found' }).waitFor();
    await h.expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Get your booking links by email' }).click();
    await page.getByRole('heading', { level: 1, name: 'Get your booking links' }).waitFor();
    await page.getByRole('button', { name: 'Send me my links' }).click();
    await page.getByRole('link', { name: 'Enter the email address you booked with' }).waitFor();
    await h.expectNoAxeViolations(page);
    await page.getByLabel('Email address you booked with').fill(email);
    await page.getByRole('button', { name: 'Send me my links' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
    await page.getByText(/^If this email address has any upcoming bookings/).waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-lost-link-sent-phone');

    const mail = await h.waitForMail(email, first.id);
    assert.equal(mail.subject, 'Your booking link');
    assert.ok(mail.text.includes(TITLE), mail.text);
    const link = mail.text.match(/https?:\/\/\S+\/bookings\/bk_[A-Za-z0-9_-]+/)?.[0];
    assert.ok(link && !link.endsWith(booked.body.manage_token), `no new manage link in:\n${mail.text}`);
    await h.expectAccessibleHTML(mail.html);
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Your booking' }).waitFor();
    await page.getByRole('definition').filter({ hasText: 'Lin Lost' }).waitFor();
    // The first link still works.
    assert.equal((await h.api('GET', `/bookings/${booked.body.manage_token}`, undefined, '')).status, 200);
    h.expectNoPageProblems(page, [...expected, /status of 404/]);
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
    await page.getByRole('link', { name: /^Roster for .*9:30am to 10:15am/ }).click();
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
  const held = new RegExp(`held for people in the ${NURSES} staff group until \\w+ \\d+ \\w+ \\d{4} at 9am`);
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

  it('on a phone, the session page says which places are held, for whom and until when', async () => {
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/book`);
    await page.getByRole('status').getByText(/^\d+ sessions?$/).waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: RTITLE }) });
    await card.getByText(/\(2 places left\)$/).waitFor();
    await card.getByRole('link', { name: RTITLE }).click();
    await page.getByRole('heading', { level: 1, name: RTITLE }).waitFor();
    await page.getByText(new RegExp(`^2 of 2 places left\\. 1 of them is ${held.source}, then open to everyone\\.$`)).waitFor();
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
    await page.getByRole('button', { name: 'Book this time' }).click();
    await page.getByRole('alert').getByText(/held for/i).waitFor();
    await page.getByRole('button', { name: 'Join the waiting list' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Book this time' }).count(), 0);
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
    await page.getByRole('button', { name: 'Book this time' }).click();
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
