// contacts.test.mjs imports a staff list shaped like an NHS ESR export through
// the preview: the page shows how each column is read, the first rows and the
// refused lines before anything is written; a column the page did not
// recognise is mapped by hand; then the import runs with that mapping. axe runs
// at each step, and the preview is photographed at phone, laptop and desktop
// sizes.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const u = h.unique();
const COMMS = `comms.import.${u}@example.nhs.uk`;

// "Staff E-mail" is not a header the import knows, so the person maps it.
function esrCSV() {
  return (
    '\ufeffEmployee Number;Assignment Number;Full Name;Known As;Organisation;Staff Group;Job Role;Area of Work;Staff E-mail\r\n' +
    `1001;1001-1;Smith, Jane Mrs;;moorside teaching hospitals NHS foundation trust;Nursing  and Midwifery Registered;Ward Sister;Nursing - Adult;jane.${u}@moorside.nhs.example\r\n` +
    `1002;1002-1;O'Brien, Robert Mr;Bob;RRB;Estates & Ancillary;Porter;Portering;bob.${u}@riverbank.nhs.example\r\n` +
    `1003;1003-1;Patel, Priya Dr;;Northshire Mental Health Partnership;Medical and Dental;Specialty Doctor;Medical;priya.${u}@northshire.nhs.example\r\n` +
    `1004;1004-1;Green, Lee Mr;;RMT;Wizards;Administrator;Admin;lee.${u}@moorside.nhs.example\r\n`
  );
}

before(async () => {
  await h.setup();
  await h.createUser(COMMS, 'comms', 'Imogen Porter');
});
after(h.teardown);

describe('importing a staff list through the preview', () => {
  let page;

  it('previews the file and writes nothing', async () => {
    page = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await h.signIn(page, COMMS);
    await page.goto(`${h.baseURL}/contacts?q=${u}`);
    await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
    await page.getByLabel('Staff list (CSV)').setInputFiles({ name: 'esr.csv', mimeType: 'text/csv', buffer: Buffer.from(esrCSV()) });
    await page.getByRole('button', { name: 'Preview import' }).click();
    const preview = page.getByTestId('import-preview');
    await preview.getByRole('heading', { name: 'Check the file before importing' }).waitFor();
    // No column is recognised as email: the page says so and offers the mapping.
    await page.getByText('This file cannot be imported yet').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Import contacts' }).count(), 0);
    const columns = page.getByTestId('import-columns');
    assert.equal(await page.getByLabel('Read “Full Name” as').inputValue(), 'name');
    assert.equal(await page.getByLabel('Read “Organisation” as').inputValue(), 'organisation');
    assert.equal(await page.getByLabel('Read “Assignment Number” as').inputValue(), '');
    assert.match(await columns.innerText(), /Staff E-mail\s+jane\.[^\s]+@moorside\.nhs\.example/);
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'contacts-import-problem');

    // The error summary's link takes keyboard focus to the first column's select.
    await page.getByRole('link', { name: /needs an email column/ }).press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'column-0');
    await page.getByLabel('Read “Staff E-mail” as').selectOption('email');
    await page.getByTestId('import-summary').getByText(/2 contacts ready to import: 2 new, 0 already here\. 2 lines will not be imported\./).waitFor();
    const rows = page.getByTestId('import-rows');
    assert.match(await rows.innerText(), /Jane Smith\s+Moorside Teaching Hospitals NHS Foundation Trust\s+Nursing and Midwifery Registered/);
    assert.match(await rows.innerText(), /Bob O'Brien\s+Riverbank Hospitals NHS Trust\s+Estates and Ancillary\s+Porter\s+Portering\s+1002/);
    const refused = page.getByTestId('rejected-lines');
    assert.match(await refused.innerText(), /"Northshire Mental Health Partnership" is not an organisation in Confer by code or name; the organisations are: .*Moorside Teaching Hospitals NHS Foundation Trust \(RMT\)/);
    assert.match(await refused.innerText(), /staff group "Wizards"/);
    // Nothing is written by a preview.
    const before = await h.api('GET', `/contacts?q=${u}`);
    assert.equal(before.body.total, 0);
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'contacts-import-preview-1366');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await h.screenshot(page, 'contacts-import-preview-1920');
  });

  it('shows the preview on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'contacts-import-preview-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('imports with the mapping chosen in the preview', async () => {
    await page.getByLabel('Read “Assignment Number” as').selectOption('external_id');
    await page.getByLabel('Read “Employee Number” as').selectOption('');
    await page.getByTestId('import-rows').getByText('1002-1').waitFor();
    await page.getByRole('button', { name: 'Import contacts' }).click();
    await page.getByText('2 contacts added, 0 updated').waitFor();
    assert.match(await page.getByTestId('unused-columns').innerText(), /Columns not used: Employee Number\./);
    await page.getByRole('cell', { name: `bob.${u}@riverbank.nhs.example` }).waitFor();
    const list = (await h.api('GET', `/contacts?q=${u}`)).body;
    const bob = list.items.find((c) => c.email === `bob.${u}@riverbank.nhs.example`);
    assert.equal(bob.name, "Bob O'Brien");
    assert.equal(bob.external_id, '1002-1');
    assert.equal(bob.area_of_work, 'Portering');
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'contacts-import-done');
    h.expectNoPageProblems(page, [/api\/v1\/me\): .*status of 401/]);
  });
});
