// audit.test.mjs: an admin changes a person's role, then opens the audit trail
// from the home page, filters it by person, action and object, reads the change
// (who, when in London, the role before and after), downloads the same records
// as CSV, and finds the download itself recorded. axe runs on the page; a comms
// user is refused the page and the API.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as h from './harness.mjs';

const u = h.unique();
const ADMIN = `audit.admin.${u}@example.nhs.uk`;
const COMMS = `audit.comms.${u}@example.nhs.uk`;
let personID;

before(async () => {
  await h.setup();
  await h.createUser(ADMIN, 'admin', 'Ada Auditor');
  await h.createUser(COMMS, 'comms', 'Colm Comms');
  const made = await h.api('POST', '/people', { email: `subject.${u}@example.nhs.uk`, name: 'Sam Subject', role: 'facilitator' });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  personID = made.body.id;
});
after(h.teardown);

describe('the audit trail', () => {
  it('an admin filters the trail, reads a role change and downloads the CSV', async () => {
    const page = await h.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    await h.signIn(page, ADMIN);
    // A change made in the browser, as the admin.
    const changed = await page.evaluate(async ({ id }) => {
      const me = await (await fetch('/api/v1/session')).json();
      const res = await fetch(`/api/v1/people/${id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.me.csrf_token },
        body: JSON.stringify({ role: 'comms' }),
      });
      return res.status;
    }, { id: personID });
    assert.equal(changed, 200);

    // The home page lists the trail (it stays off the header's menu, which must fit one row).
    await page.goto(`${h.baseURL}/`);
    await page.getByRole('main').getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    await page.getByRole('cell', { name: 'people.update' }).first().waitFor();
    await h.expectNoAxeViolations(page);

    await page.getByLabel('Person').fill(ADMIN);
    await page.getByLabel('Action').selectOption('people.update');
    await page.getByLabel('Object').fill(`person ${personID}`);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('status').getByText('1 record shown').waitFor();
    const row = page.getByRole('row').nth(1);
    const text = await row.innerText();
    assert.match(text, /(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} \w+ \d{4}, (\d{1,2}(:\d{2})?(am|pm)|midday|midnight)/);
    assert.match(text, /Ada Auditor/);
    assert.match(text, /role facilitator → comms/);
    assert.match(text, new RegExp(`person ${personID}`));
    assert.doesNotMatch(text, /Sam Subject|subject\./);
    assert.match(page.url(), /person=audit\.admin/);
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'audit');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download these records (CSV)' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'audit.csv');
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split('\n');
    assert.equal(lines.length, 2, csv);
    assert.match(lines[0], /^id,at,actor_id,actor_name,actor_email/);
    assert.match(lines[1], /people\.update/);

    // The download is on the record too.
    await page.goto(`${h.baseURL}/audit?action=audit.export`);
    await page.getByRole('status').getByText('1 record shown').waitFor();

    // A bad filter gets the error summary and the field's message, once each.
    await page.getByLabel('From').fill('2026-12-07');
    await page.getByLabel('To').fill('2026-12-01');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await page.getByText('Error: the end date must be the same as or after the start date').waitFor();
    await h.expectNoAxeViolations(page);
    await page.close();
  });

  it('refuses anyone but an admin', async () => {
    const page = await h.newPage({ viewport: { width: 390, height: 844 } });
    await h.signIn(page, COMMS);
    await page.goto(`${h.baseURL}/audit`);
    await page.getByRole('heading', { level: 1, name: 'You do not have access to this page' }).waitFor();
    await h.expectNoAxeViolations(page);
    const status = await page.evaluate(async () => (await fetch('/api/v1/audit')).status);
    assert.equal(status, 403);
    await page.close();
  });
});
