// privacy-subject.test.mjs: an admin answers a subject access request and an
// erasure request through "What Confer holds about a person": finds everything
// held about an address, downloads it as a zip, erases it with a reason and a
// confirmation step, and does the same for an anonymous poster by their
// follow-up link. axe runs at every step; the pages are photographed at phone,
// laptop and desktop sizes.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const u = h.unique();
const ADMIN = `dpo.${u}@example.nhs.uk`;
const EMAIL = `ottoline.${u}@trust.example.nhs.uk`;
const NAME = `Ottoline Vexbridge ${u}`;
let followURL = '';

async function importContacts(csv) {
  const res = await fetch(`${h.baseURL}/api/v1/contacts/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${h.adminToken}`, 'Content-Type': 'text/csv', Accept: 'application/json' },
    body: csv,
  });
  assert.equal(res.status, 200, await res.text());
}

before(async () => {
  await h.setup();
  await h.createUser(ADMIN, 'admin', 'Dana Protection');
  await importContacts(`Email,Name,Staff Group,Job Role\n${EMAIL},${NAME},Medical and Dental,Registrar\n`);
  const ch = await h.api('POST', '/channels', { name: `Ward feedback ${u}`, audience: 'both' });
  assert.equal(ch.status, 201, JSON.stringify(ch.body));
  for (const body of ['The handover room is too small.', 'Could we have a second printer?']) {
    const p = await h.api('POST', `/channels/${ch.body.id}/posts`, { kind: 'idea', body, name: NAME, email: EMAIL }, '');
    assert.equal(p.status, 201, JSON.stringify(p.body));
  }
  const anon = await h.api('POST', `/channels/${ch.body.id}/posts`, { kind: 'concern', body: `Anonymous worry ${u}`, anonymous: true }, '');
  assert.equal(anon.status, 201, JSON.stringify(anon.body));
  followURL = anon.body.follow_url;
});
after(h.teardown);

describe('subject access and erasure', () => {
  let page;

  it('refuses an empty search with an error summary that links to the field', async () => {
    page = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await h.signIn(page, ADMIN);
    await page.goto(`${h.baseURL}/data-protection/person`);
    await page.getByRole('heading', { level: 1, name: /What Confer holds about a person/ }).waitFor();
    await h.expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('alert').getByText('There is a problem').waitFor();
    await page.getByRole('link', { name: 'Enter an email address or a follow-up link' }).press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'subject');
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'privacy-subject-error');
  });

  it('finds everything held about an address, with counts per area', async () => {
    await page.getByLabel('Email address or follow-up link').fill(EMAIL.toUpperCase());
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByTestId('subject-total').getByText(`Confer holds 5 records about ${EMAIL}`).waitFor();
    const counts = await page.getByTestId('subject-counts').innerText();
    assert.match(counts, /Contacts \(staff lists\)\s+1 record/);
    assert.match(counts, /Feedback posts\s+2 records/);
    assert.match(counts, /Follow-up links to their posts\s+2 records/);
    assert.match(await page.getByTestId('subject-area-feedback_posts').innerText(), /The handover room is too small\./);
    // The heading takes focus, so a screen reader reads what was found.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'findings-heading');
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'privacy-subject-findings');
  });

  it('downloads everything as a zip', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('subject-download').click()]);
    assert.match(download.suggestedFilename(), /^confer-subject-access-\d{4}-\d{2}-\d{2}\.zip$/);
    const chunks = [];
    for await (const c of await download.createReadStream()) chunks.push(c);
    const zip = Buffer.concat(chunks);
    assert.equal(zip.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'not a zip');
    for (const name of ['README.txt', 'subject.json', 'contacts.json', 'contacts.csv', 'feedback_posts.json']) {
      assert.ok(zip.includes(Buffer.from(name)), `the zip lacks ${name}`);
    }
  });

  it('erases after a reason and a confirmation, and says what was removed', async () => {
    await page.getByRole('button', { name: 'Erase', exact: true }).click();
    await page.getByRole('link', { name: 'Enter the reason for erasing' }).waitFor();
    await h.expectNoAxeViolations(page);
    await page.getByLabel('Reason for erasing').fill(`Erasure request ref DP-${u}`);
    await page.getByRole('button', { name: 'Erase', exact: true }).click();
    const confirm = page.getByTestId('erase-confirm');
    await confirm.getByRole('heading', { name: `Are you sure you want to erase 5 records about ${EMAIL}?` }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H3');
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'privacy-subject-confirm');
    await confirm.getByRole('button', { name: 'Yes, erase everything' }).click();
    await page.getByText('5 records erased').waitFor();
    const list = await page.getByTestId('erased-list').innerText();
    assert.match(list, /Contacts \(staff lists\): 1 record deleted/);
    assert.match(list, /Feedback posts: 2 records anonymised/);
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'privacy-subject-erased');
    const after = await h.api('GET', `/privacy/subject?email=${encodeURIComponent(EMAIL)}`);
    assert.equal(after.body.total, 0, JSON.stringify(after.body.counts));
    h.expectNoPageProblems(page);
  });

  it('finds and erases an anonymous poster by their follow-up link, on a phone', async () => {
    const phone = await h.newPhonePage();
    await h.signIn(phone, ADMIN);
    await phone.goto(`${h.baseURL}/data-protection/person`);
    await phone.getByLabel('Email address or follow-up link').fill(followURL);
    await phone.getByRole('button', { name: 'Find' }).click();
    await phone.getByText('Confer holds 2 records about the poster with this follow-up link').waitFor();
    assert.match(await phone.getByTestId('subject-area-feedback_posts').innerText(), new RegExp(`Anonymous worry ${u}`));
    await h.expectNoAxeViolations(phone);
    await phone.getByLabel('Reason for erasing').fill('Poster asked by phone');
    await phone.getByRole('button', { name: 'Erase', exact: true }).click();
    await phone.getByRole('button', { name: 'Yes, erase everything' }).click();
    await phone.getByText('2 records erased').waitFor();
    await h.expectNoAxeViolations(phone);
    h.expectNoPageProblems(phone);
    await phone.close();
  });
});
