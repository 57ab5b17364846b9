// campaigns.test.mjs walks a comms officer through a campaign in a real browser:
// import a CSV staff list (with a rejection report), write and preview a campaign,
// submit it (the approver is emailed), have a second user (an admin) preview it as
// chosen people of the audience and approve it (the author is emailed), send it
// to the outbox and watch the progress bar reach 100%, then read the results; the
// demo newsletter shows open and click rates and clicks per link; and a recipient
// unsubscribes on a phone. axe runs on every page.
// With E2E_SCREENSHOTS set, the campaign pages are also saved at three screen sizes.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as h from './harness.mjs';

const shots = (page, name) => h.screenshotSizes(page, name);

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
    // Editing a draft saves itself and the preview follows. A single line break stays one.
    await author.getByLabel('Email text').fill('# Go-live\n\nHello {{first_name}}, training starts on Monday.\nWe go live at **{{organisation}}**.');
    await author.getByTestId('preview-text').getByText(/training starts on Monday/).waitFor({ timeout: 10_000 });
    await author.getByTestId('preview-text').getByText(/We go live at/).waitFor({ timeout: 10_000 });
    // The plain-text part is the words, not the Markdown.
    const text = await author.getByTestId('preview-text').innerText();
    assert.match(text, /^Go-live\n\nHello Cam, training starts on Monday\.\nWe go live at \./);
    assert.doesNotMatch(text, /\*\*|#/);
    const frame = author.frameLocator('iframe.app-mail-frame');
    await frame.getByRole('heading', { name: 'Go-live' }).waitFor();
    await frame.getByText('Unsubscribe from these newsletters').waitFor();
    await frame.locator('p:has-text("training starts on Monday") br').waitFor({ state: 'attached' });
    // The email names the programme and its ICS, not "Confer".
    await frame.getByText('Shared care record programme', { exact: true }).waitFor();
    await frame.getByText('North Moor ICS', { exact: true }).waitFor();
    await h.expectNoAxeViolations(author);
    await h.screenshot(author, 'campaigns-editor');
    await shots(author, 'campaign-editor');
    campaignURL = author.url().replace(/\/edit$/, '');
    const asked = (await h.newestMail(APPROVER))?.id ?? 0;
    await author.getByRole('link', { name: 'Back to the campaign' }).click();
    await author.getByRole('button', { name: 'Submit for approval' }).click();
    await author.getByText('Awaiting approval', { exact: true }).first().waitFor();
    await author.getByText('someone else must approve it').waitFor();
    await author.getByText('The emails asking for approval are in the outbox (no email service is set up).').waitFor();
    await h.expectNoAxeViolations(author);
    // Nobody in the audience's organisations can approve for them, so the admins are asked.
    const mail = await h.waitForMail(APPROVER, asked);
    assert.equal(mail.subject, `Campaign to approve: Go-live ${u}`);
    assert.ok(mail.text.includes(campaignURL), mail.text);
    assert.match(mail.text, /Cam Author has asked for approval/);
    assert.match(mail.html, /Shared care record programme/);
    await h.expectAccessibleHTML(mail.html);
  });

  it('is approved by a second user, who reads the request in the outbox and previews it as people of the audience', async () => {
    const approver = await h.newPage();
    await h.signIn(approver, APPROVER);
    await approver.goto(`${h.baseURL}/outbox?to=${encodeURIComponent(APPROVER)}`);
    await approver.getByRole('link', { name: `Campaign to approve: Go-live ${u}` }).click();
    await approver.getByText(/Cam Author has asked for approval/).first().waitFor();
    await h.expectNoAxeViolations(approver);
    await approver.goto(campaignURL);
    await approver.getByRole('heading', { level: 2, name: 'Your decision' }).waitFor();
    const frame = approver.frameLocator('iframe.app-mail-frame');
    await frame.getByText(/training starts on Monday/).waitFor();
    // At first it shows the first person of the audience, not the approver.
    await approver.getByTestId('preview-subject').getByText(/^Go-live news for Person\d+$/).waitFor();
    await frame.getByText(/^Hello Person\d+, training starts/).waitFor();
    // Preview as a person found by name: their first name and their organisation, not the approver's.
    await approver.getByLabel('Find someone in the audience').fill('Person7 ');
    await approver.getByRole('button', { name: 'Search' }).click();
    await approver.getByText('1 person found.').waitFor();
    await approver.getByTestId('preview-subject').getByText('Go-live news for Person7', { exact: true }).waitFor();
    await frame.getByText('Moorside Teaching Hospitals NHS Foundation Trust').waitFor();
    // Then as someone else chosen from the list.
    await approver.getByLabel('Find someone in the audience').fill('');
    await approver.getByRole('button', { name: 'Search' }).click();
    await approver.getByText(`${N} people found.`).waitFor();
    const picker = approver.getByLabel('Preview as');
    await picker.selectOption(await picker.locator('option', { hasText: 'Person8 Tester' }).getAttribute('value'));
    await approver.getByTestId('preview-subject').getByText('Go-live news for Person8', { exact: true }).waitFor();
    await frame.getByText('Riverbank Hospitals NHS Trust').waitFor();
    await h.expectNoAxeViolations(approver);
    await h.screenshot(approver, 'campaigns-approval');
    await shots(approver, 'campaign-approval');
    const decided = (await h.newestMail(AUTHOR))?.id ?? 0;
    await approver.getByRole('button', { name: 'Approve', exact: true }).click();
    await approver.getByText('Approved', { exact: true }).first().waitFor();
    await approver.getByText(/E2E Admin approved it for every organisation/).waitFor();
    h.expectNoPageProblems(approver, expectedHttpErrors);
    await approver.close();
    const mail = await h.waitForMail(AUTHOR, decided);
    assert.equal(mail.subject, `Approved: Go-live ${u}`);
    assert.match(mail.text, /is approved\. You can now send it or schedule it\./);
  });

  it('sends, with a progress bar that reaches 100%, then shows the results', async () => {
    await author.goto(campaignURL);
    await author.getByRole('button', { name: 'Send now' }).click();
    await author.locator('[data-testid=send-progress][value="100"]').waitFor({ timeout: 20_000 });
    await author.getByText('Sent', { exact: true }).first().waitFor();
    await author.getByText(`${N} of ${N} emails sent to the outbox`).waitFor();
    await author.getByTestId('outbox-note').getByText('Sent to the outbox (no email service is set up).', { exact: false }).waitFor();
    assert.doesNotMatch(await author.locator('main').innerText(), /SendGrid/);
    const stats = author.getByTestId('campaign-stats');
    const total = stats.getByRole('row', { name: /All organisations/ });
    assert.match(await total.innerText(), new RegExp(`All organisations\\s+${N}\\s+${N}\\s+0`));
    assert.equal(await stats.getByRole('row').count(), 4); // header, two organisations, total
    await h.expectNoAxeViolations(author);
    await h.screenshot(author, 'campaigns-sent');
    await shots(author, 'campaign-sent-outbox');
    h.expectNoPageProblems(author, expectedHttpErrors);
  });

  it('shows open and click rates as percentages of delivered, and clicks per link', async () => {
    const list = await h.api('GET', '/campaigns?per_page=100');
    const demo = list.body.items.find((c) => c.name === 'EPR programme newsletter: November');
    const c = (await h.api('GET', `/campaigns/${demo.id}`)).body;
    assert.equal(c.open_rate, Math.round((c.stats.opened * 1000) / c.stats.delivered) / 10);
    assert.equal(c.click_rate, Math.round((c.stats.clicked * 1000) / c.stats.delivered) / 10);
    assert.ok(c.links.length >= 2, JSON.stringify(c.links));
    await author.goto(`${h.baseURL}/campaigns`);
    await author.getByRole('link', { name: 'EPR programme newsletter: November' }).click();
    await author.getByRole('heading', { level: 2, name: 'Results' }).waitFor();
    const pct = (v) => `${v.toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`;
    const n = (v) => v.toLocaleString('en-GB');
    assert.equal(await author.getByTestId('open-rate').innerText(), `${pct(c.open_rate)} (${n(c.stats.opened)} of ${n(c.stats.delivered)} delivered)`);
    assert.equal(await author.getByTestId('click-rate').innerText(), `${pct(c.click_rate)} (${n(c.stats.clicked)} of ${n(c.stats.delivered)} delivered)`);
    const links = author.getByTestId('campaign-links');
    const first = links.getByRole('row', { name: new RegExp(c.links[0].url) });
    assert.match(await first.innerText(), new RegExp(`${n(c.links[0].clicks)}\\s+${n(c.links[0].unique_clickers)}`));
    assert.equal(await links.getByRole('row').count(), c.links.length + 1);
    await h.expectNoAxeViolations(author);
    await shots(author, 'campaign-results');
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
