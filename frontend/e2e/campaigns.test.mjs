// campaigns.test.mjs walks a comms officer through a campaign in a real browser:
// import a CSV staff list (with a rejection report), write and preview a campaign,
// have a second user (an admin) approve it, send it and watch the progress bar
// reach 100%, then read the results; and a recipient unsubscribes on a phone.
// axe runs on every page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const u = h.unique();
const AUTHOR = `comms.${u}@example.nhs.uk`;
const APPROVER = 'e2e-admin@example.org';
const ROLE = `E2E Role ${u}`;
const N = 20;
// The editor counts recipients as you type, and a 409 from an early autosave is fine.
const expectedHttpErrors = [/status of (401|409)/];

function staffCSV() {
  const lines = ['Email,Name,Organisation Code,Staff Group,Job Role'];
  for (let i = 0; i < N; i++) {
    lines.push(`e2e.${u}.${i}@moorside.nhs.example,Person${i} Tester,${i % 2 ? 'RMT' : 'RRB'},Nursing and Midwifery Registered,${ROLE}`);
  }
  lines.push(`not-an-email,Bad Line,RMT,Other,${ROLE}`); // line N+2
  lines.push(`e2e.${u}.x@moorside.nhs.example,Bad Org,ZZZ9,Other,${ROLE}`); // line N+3
  return lines.join('\n') + '\n';
}

before(async () => {
  await h.setup();
  await h.createUser(AUTHOR, 'comms', 'Cam Author');
});
after(h.teardown);

describe('a campaign from staff list to results', () => {
  let author;
  let campaignURL;

  it('imports a CSV staff list and reports the lines it refused', async () => {
    author = await h.newPage();
    await h.signIn(author, AUTHOR);
    await author.goto(`${h.baseURL}/contacts`);
    await author.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
    await h.expectNoAxeViolations(author);
    await author.getByLabel('Staff list (CSV)').setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(staffCSV()) });
    await author.getByRole('button', { name: 'Preview import' }).click();
    await author.getByTestId('import-summary').getByText(`${N} contacts ready to import`, { exact: false }).waitFor();
    await author.getByRole('button', { name: 'Import contacts' }).click();
    await author.getByText(`${N} contacts added, 0 updated`).waitFor();
    const rejected = author.getByTestId('rejected-lines');
    await rejected.getByRole('cell', { name: String(N + 2), exact: true }).waitFor();
    assert.match(await rejected.innerText(), /"not-an-email" is not an email address/);
    assert.match(await rejected.innerText(), /"ZZZ9" is not an organisation in Confer/);
    await h.expectNoAxeViolations(author);
    await h.screenshot(author, 'campaigns-import');
  });

  it('writes a campaign with a live audience count and previews it', async () => {
    await author.goto(`${h.baseURL}/campaigns`);
    await author.getByRole('link', { name: 'Write a campaign' }).click();
    await author.getByRole('heading', { level: 1, name: 'Write a campaign' }).waitFor();
    await author.getByLabel('Campaign name').fill(`Go-live ${u}`);
    await author.getByLabel('Email subject').fill('Go-live news for {{first_name}}');
    await author.getByLabel('Email text').fill('# Go-live\n\nHello {{first_name}}, the EPR arrives at **{{organisation}}**.');
    await author.getByLabel('Job roles (optional)').fill(ROLE);
    await author.getByTestId('audience-count').getByText(String(N), { exact: true }).waitFor();
    await h.expectNoAxeViolations(author);
    await author.getByRole('button', { name: 'Save and preview' }).click();
    await author.getByRole('heading', { level: 1, name: 'Edit campaign' }).waitFor();
    await author.getByTestId('preview-subject').getByText('Go-live news for Cam').waitFor();
    assert.match(await author.getByTestId('preview-text').innerText(), /Hello Cam, the EPR arrives/);
    // Editing a draft saves itself and the preview follows.
    await author.getByLabel('Email text').fill('# Go-live\n\nHello {{first_name}}, training starts on Monday.');
    await author.getByTestId('preview-text').getByText(/training starts on Monday/).waitFor({ timeout: 10_000 });
    const frame = author.frameLocator('iframe.app-mail-frame');
    await frame.getByRole('heading', { name: 'Go-live' }).waitFor();
    await frame.getByText('Unsubscribe from these newsletters').waitFor();
    await h.expectNoAxeViolations(author);
    await h.screenshot(author, 'campaigns-editor');
    campaignURL = author.url().replace(/\/edit$/, '');
    await author.getByRole('link', { name: 'Back to the campaign' }).click();
    await author.getByRole('button', { name: 'Submit for approval' }).click();
    await author.getByText('Awaiting approval', { exact: true }).first().waitFor();
    await author.getByText('someone else must approve it').waitFor();
    await h.expectNoAxeViolations(author);
  });

  it('is approved by a second user', async () => {
    const approver = await h.newPage();
    await h.signIn(approver, APPROVER);
    await approver.goto(campaignURL);
    await approver.getByRole('heading', { level: 2, name: 'Your decision' }).waitFor();
    await approver.frameLocator('iframe.app-mail-frame').getByText(/training starts on Monday/).waitFor();
    await h.expectNoAxeViolations(approver);
    await h.screenshot(approver, 'campaigns-approval');
    await approver.getByRole('button', { name: 'Approve', exact: true }).click();
    await approver.getByText('Approved', { exact: true }).first().waitFor();
    await approver.getByText(/E2E Admin approved it for every organisation/).waitFor();
    h.expectNoPageProblems(approver, expectedHttpErrors);
    await approver.close();
  });

  it('sends, with a progress bar that reaches 100%, then shows the results', async () => {
    await author.goto(campaignURL);
    await author.getByRole('button', { name: 'Send now' }).click();
    await author.locator('[data-testid=send-progress][value="100"]').waitFor({ timeout: 20_000 });
    await author.getByText('Sent', { exact: true }).first().waitFor();
    await author.getByText(`${N} of ${N} emails handed to SendGrid (100%)`).waitFor();
    const stats = author.getByTestId('campaign-stats');
    const total = stats.getByRole('row', { name: /All organisations/ });
    assert.match(await total.innerText(), new RegExp(`All organisations\\s+${N}\\s+${N}\\s+0`));
    assert.equal(await stats.getByRole('row').count(), 4); // header, two organisations, total
    await h.expectNoAxeViolations(author);
    await h.screenshot(author, 'campaigns-sent');
    h.expectNoPageProblems(author, expectedHttpErrors);
  });

  it('lets a recipient unsubscribe in one tap on a phone', async () => {
    const mail = await h.waitForMail(`e2e.${u}.3@moorside.nhs.example`);
    assert.equal(mail.subject, 'Go-live news for Person3');
    assert.equal(mail.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
    const link = mail.headers['List-Unsubscribe'].slice(1, -1);
    assert.ok(mail.html.includes(link), 'the footer carries the same link');
    const phone = await h.newPhonePage();
    await phone.goto(link);
    await phone.getByRole('heading', { level: 1, name: 'Unsubscribe from newsletters' }).waitFor();
    await h.expectNoAxeViolations(phone);
    await phone.getByRole('button', { name: 'Unsubscribe' }).click();
    await phone.getByRole('heading', { level: 1, name: 'You have unsubscribed' }).waitFor();
    await h.expectNoAxeViolations(phone);
    await h.screenshot(phone, 'campaigns-unsubscribed');
    await phone.close();
    await h.expectAccessibleHTML(mail.html);
  });
});
