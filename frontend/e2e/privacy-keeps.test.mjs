// privacy-keeps.test.mjs: "What Confer keeps" (/data-protection): an admin reads
// the retention policy, what is due and what was last removed; the page is
// accessible at phone and desktop sizes and by keyboard; anyone else is refused,
// and the public policy has no counts.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const u = h.unique();
const ADMIN = `keeps-admin-${u}@example.org`;
const COMMS = `keeps-comms-${u}@example.org`;
let commsToken = '';

before(async () => {
  await h.setup();
  await h.createUser(ADMIN, 'admin', 'Ada Admin');
  commsToken = await h.createUser(COMMS, 'comms', 'Casey Comms');
});
after(h.teardown);

describe('What Confer keeps', () => {
  it('shows an admin the policy, what is due and what was last removed', async () => {
    const page = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await h.signIn(page, ADMIN);
    await page.goto(`${h.baseURL}/`);
    const link = page.getByRole('main').getByRole('link', { name: 'What Confer keeps' });
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'What Confer keeps' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/data-protection');

    const due = page.getByRole('table', { name: 'Personal data due for removal' });
    await due.waitFor();
    const heads = await due.getByRole('rowheader').allTextContents();
    for (const label of ['Bookings and attendance', 'Workshop participants who gave their name', 'Campaign recipients and delivery events',
      'Copies of emails sent', 'Follow-up links to feedback', 'Answers to readiness pulses', 'Contacts who have left', 'Audit trail', 'Sign-in links and signed-in sessions']) {
      assert.ok(heads.some((t) => t.includes(label)), `no row for ${label}: ${heads}`);
    }
    // The sign-in emails just sent sit in the outbox: kept 30 days, so due within the next 30.
    const outbox = page.getByTestId('due-outbox');
    assert.match(await outbox.textContent(), /Due now\s*No records/);
    assert.match(await outbox.textContent(), /Due in the next 30 days\s*[1-9]\d* records?/);
    assert.match(await page.getByTestId('due-audit').textContent(), /Not counted/);
    assert.match(await outbox.textContent(), /Not checked yet/);

    const bookings = page.getByTestId('kind-bookings');
    await bookings.getByText('12 months after the session').waitFor();
    await bookings.getByText('CONFER_RETAIN_BOOKINGS').waitFor();
    await bookings.getByText('Then it is anonymised').waitFor();
    await page.getByTestId('kind-outbox').getByText('Then it is deleted').waitFor();
    const pulses = page.getByTestId('kind-pulse_answers');
    await pulses.getByText('12 months after the pulse closed').waitFor();
    await pulses.getByText('CONFER_RETAIN_PULSE_ANSWERS').waitFor();
    await pulses.getByText('Then it is anonymised').waitFor();
    assert.match(await page.getByTestId('due-pulse_answers').textContent(), /Due now\s*No records/);

    // By keyboard: the row's link takes you to the kind's policy.
    await page.getByTestId('due-leavers').getByRole('link').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#kind-leavers');

    await h.expectNoAxeViolations(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await h.expectNoAxeViolations(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone`);
    await h.screenshotSizes(page, 'privacy-keeps');
    h.expectNoPageProblems(page);
  });

  it('refuses anyone who is not an admin, and the public policy has no counts', async () => {
    const page = await h.newPage({ viewport: { width: 390, height: 844 } });
    await h.signIn(page, COMMS);
    await page.goto(`${h.baseURL}/data-protection`);
    await page.getByRole('heading', { level: 1, name: 'You do not have access to this page' }).waitFor();
    await h.expectNoAxeViolations(page);
    assert.equal((await h.api('GET', '/privacy/keeps', undefined, commsToken)).status, 403);
    assert.equal((await h.api('GET', '/privacy/keeps', undefined, '')).status, 401);
    const policy = await h.api('GET', '/privacy/retention', undefined, '');
    assert.equal(policy.status, 200);
    assert.equal(policy.body.kinds.length, 9);
    for (const k of policy.body.kinds) assert.deepEqual(Object.keys(k).sort(), ['action', 'after', 'keep', 'kind', 'label', 'why']);
  });
});
