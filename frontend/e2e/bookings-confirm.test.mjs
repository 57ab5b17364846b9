// bookings-confirm.test.mjs walks confirm to keep (security review D4, D7) in
// Chromium: a facilitator ticks "People must confirm from their email" and adds
// a co-facilitator in the session form (laptop, 1366×768); a participant on a
// phone (390×844) books and is told to check their email, with no meeting link
// on the page; the emailed link opens the confirm page, whose button keeps the
// place and shows the link. A second facilitator sees the session read-only.
// axe runs on every page.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const u = h.unique();
const TITLE = `Rostering go-live ${u}`;
const FACILITATOR = `owner.${u}@example.org`;
const CO = `co.${u}@example.org`;
const OTHER = `other.${u}@example.org`;
const PARTICIPANT = `grace.${u}@ward.example.nhs.uk`;
const MEETING = 'https://teams.example/l/meetup-join/confirm-e2e';
const expected = [/status of 401/];
const laptop = { viewport: { width: 1366, height: 768 } };

const londonDate = (days) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + days * 86400e3));

before(h.setup);
after(h.teardown);

describe('confirm to keep', () => {
  let sessionURL;

  it('a facilitator asks bookers to confirm and adds a co-facilitator', async () => {
    await h.createUser(FACILITATOR, 'facilitator', 'Olu Owner');
    await h.createUser(CO, 'facilitator', 'Cleo Cofacilitator');
    await h.createUser(OTHER, 'facilitator', 'Otto Other');
    const page = await h.newPage(laptop);
    await h.signIn(page, FACILITATOR);
    await page.goto(`${h.baseURL}/sessions/new`);
    await page.getByRole('heading', { level: 1, name: 'Create a session' }).waitFor();
    await page.getByLabel('Title', { exact: true }).fill(TITLE);
    await page.getByLabel('Operational', { exact: true }).check();
    await page.getByLabel('Online', { exact: true }).check();
    await page.getByLabel('Meeting link').fill(MEETING);
    await page.getByLabel('People must confirm from their email to keep their place').check();
    await page.getByLabel('Hours to confirm').fill('0');
    await page.getByRole('group', { name: 'Co-facilitators (optional)' }).getByLabel(/Cleo Cofacilitator/).check();
    await page.getByRole('button', { name: 'Create session' }).click();
    await page.getByRole('link', { name: /hours to confirm as a whole number/ }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-confirm-form-errors');
    await page.getByLabel('Hours to confirm').fill('12');
    await page.getByRole('button', { name: 'Create session' }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    sessionURL = page.url().split('?')[0];
    await page.getByLabel('Date', { exact: true }).fill(londonDate(9));
    await page.getByLabel('Start time (UK time)').fill('10:00');
    await page.getByLabel('End time (UK time)').fill('10:45');
    await page.getByLabel('Places', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Add time' }).click();
    await page.getByRole('status').getByText(/^Added /).waitFor();
    await page.getByRole('button', { name: 'Edit session' }).click();
    assert.ok(await page.getByLabel('People must confirm from their email to keep their place').isChecked());
    assert.equal(await page.getByLabel('Hours to confirm').inputValue(), '12');
    assert.ok(await page.getByRole('group', { name: 'Co-facilitators (optional)' }).getByLabel(/Cleo Cofacilitator/).isChecked());
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-confirm-session-form');
    h.expectNoPageProblems(page, expected);
    await page.close();
  });

  it('another facilitator sees it read-only', async () => {
    const page = await h.newPage(laptop);
    await h.signIn(page, OTHER);
    await page.goto(sessionURL);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByText('Only its facilitators, or an admin, can change it.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Edit session' }).count(), 0);
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'bookings-confirm-read-only');
    await page.close();
  });

  for (const [name, options] of [['phone', null], ['laptop', laptop]]) {
    it(`a participant books, is told to check their email, and confirms (${name})`, async () => {
      const page = options ? await h.newPage(options) : await h.newPhonePage();
      const email = name === 'phone' ? PARTICIPANT : `laptop.${PARTICIPANT}`;
      await page.goto(`${h.baseURL}/book`);
      await page.getByRole('link', { name: TITLE, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      await page.getByLabel('Full name').fill('Grace Hopper');
      await page.getByLabel('Work email address').fill(email);
      await page.getByLabel('Staff group').selectOption('Nursing and Midwifery Registered');
      await page.getByLabel('Job role').fill('Ward Manager');
      await page.getByRole('radio', { name: '10am to 10:45am' }).waitFor(); // its one time, chosen
      await page.getByRole('button', { name: 'Book this time' }).click();
      await page.getByRole('heading', { level: 1, name: 'Check your email to confirm' }).waitFor();
      await page.waitForURL(/\/bookings\/bk_[A-Za-z0-9_-]+\/confirmed$/);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Check your email to confirm' }).waitFor();
      assert.equal(await page.getByRole('link', { name: /^Add to .* calendar/ }).count(), 0, 'a held place offers calendar links');
      await page.getByText('We send the joining link once you have confirmed.').waitFor();
      assert.equal(await page.getByText(MEETING).count(), 0, 'the meeting link shows before confirming');
      await h.expectNoAxeViolations(page);
      await h.screenshot(page, `bookings-confirm-pending-${name}`);

      const mail = await h.waitForMail(email);
      assert.match(mail.subject, new RegExp(`^Confirm your booking: ${TITLE}`));
      assert.ok(!mail.text.includes(MEETING), 'the confirm email carries the meeting link');
      const link = mail.text.match(/https?:\/\/\S+\/bookings\/confirm\/bc_[A-Za-z0-9_-]+/)?.[0];
      assert.ok(link, `no confirm link in:\n${mail.text}`);
      const manage = mail.text.match(/https?:\/\/\S+\/bookings\/bk_[A-Za-z0-9_-]+/)?.[0];
      assert.ok(manage, `no manage link in:\n${mail.text}`);
      await page.goto(manage);
      await page.getByRole('heading', { level: 1, name: 'Your booking' }).waitFor();
      await page.getByText('Held for you: confirm it from your email').waitFor();
      assert.equal(await page.getByText(MEETING).count(), 0, 'the manage page shows the meeting link before confirming');
      await h.expectNoAxeViolations(page);
      await h.screenshot(page, `bookings-confirm-manage-pending-${name}`);
      await page.goto(link);
      await page.getByRole('heading', { level: 1, name: 'Confirm your booking' }).waitFor();
      await h.expectNoAxeViolations(page);
      await page.getByRole('button', { name: 'Confirm my booking' }).click();
      await page.getByRole('heading', { level: 1, name: 'Booking confirmed' }).waitFor();
      await page.getByRole('link', { name: MEETING }).waitFor();
      await h.expectNoAxeViolations(page);
      await h.screenshot(page, `bookings-confirm-done-${name}`);
      const booked = await h.waitForMail(email, mail.id);
      assert.match(booked.subject, new RegExp(`^Booked: ${TITLE}`));
      h.expectNoPageProblems(page, expected);
      await page.close();
    });
  }
});
