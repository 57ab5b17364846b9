// pulses.test.mjs walks a readiness pulse through a real browser (issue 17): a comms
// officer makes a pulse (the "How ready do you feel?" headline is there already) with
// an open link, sends it to a group through a campaign, an admin approves the email and
// it goes to the outbox; a nurse opens her personal link from that email on a phone,
// meets the error summary, answers, and changes her answer; a colleague answers through
// the open link; and the comms officer sees the results with small counts withheld and
// the trend in words. axe runs on every page.
// With E2E_SCREENSHOTS set, each page is saved at 390, 1366 and 1920 wide.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const u = h.unique();
const AUTHOR = `pulse.comms.${u}@example.nhs.uk`;
const ORG = `Moorside ${u}`;
const CODE = `P${u}`.toUpperCase().slice(0, 6);
const N = 3;
const nurse = (i) => `pulse.${u}.${i}@moorside.nhs.example`;
const shots = (page, name) => h.screenshotSizes(page, `pulses-${name}`);
// An answer refused on purpose (422) is logged by the browser as a failed request.
const expectedHttpErrors = [/status of 422/];

let author;
let authorToken;
let pulseURL;
let openLink;
let personalLink;

before(async () => {
  await h.setup();
  authorToken = await h.createUser(AUTHOR, 'comms', 'Pat Comms');
  const org = await h.api('POST', '/organisations', { name: ORG, code: CODE, kind: 'acute' });
  assert.equal(org.status, 201, JSON.stringify(org.body));
  const lines = ['Email,Name,Organisation Code,Staff Group,Job Role'];
  for (let i = 0; i < N; i++) lines.push(`${nurse(i)},Nurse${i} Tester,${CODE},Nursing and Midwifery Registered,Staff Nurse`);
  const imported = await fetch(`${h.baseURL}/api/v1/contacts/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${h.adminToken}`, 'Content-Type': 'text/csv' },
    body: lines.join('\n') + '\n',
  });
  assert.equal(imported.status, 200, await imported.text());
});
after(h.teardown);

describe('a readiness pulse from making to results', () => {
  it('makes a pulse with the headline question ready and an open link', async () => {
    author = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await h.signIn(author, AUTHOR);
    await author.goto(`${h.baseURL}/pulses`);
    await author.getByRole('heading', { level: 1, name: 'Readiness pulses' }).waitFor();
    await h.expectNoAxeViolations(author);
    await author.getByRole('link', { name: 'Make a pulse' }).click();
    await author.getByRole('heading', { level: 1, name: 'Make a readiness pulse' }).waitFor();
    assert.equal(await author.getByLabel('Question', { exact: true }).first().inputValue(), 'How ready do you feel for go-live?');
    // nothing typed in the title: the error summary links to it
    await author.getByRole('button', { name: 'Make the pulse' }).click();
    await author.locator('.nhsuk-error-summary').getByRole('link', { name: /Enter a title/ }).waitFor();
    await h.expectNoAxeViolations(author);
    await shots(author, 'new-error');
    await author.getByLabel('Title').fill(`Moorside go-live: 4 weeks to go ${u}`);
    await author.getByRole('button', { name: 'Add another question' }).click();
    const second = author.getByTestId('question').nth(1);
    await second.getByLabel('Question', { exact: true }).fill('What would help you most?');
    await second.getByLabel('Type of answer').selectOption('multiple');
    await second.getByLabel('Answers to choose from').fill('More training\nFloorwalkers on the ward\nTime to practise');
    await author.getByLabel('Make an open link as well').check();
    await h.expectNoAxeViolations(author);
    await shots(author, 'new');
    await author.getByRole('button', { name: 'Make the pulse' }).click();
    await author.getByRole('heading', { level: 1, name: `Moorside go-live: 4 weeks to go ${u}` }).waitFor();
    pulseURL = author.url();
    openLink = await author.getByTestId('open-link').innerText();
    assert.match(openLink, /\/pulse\/open\/[A-Za-z0-9_-]{40,}$/);
    await h.expectNoAxeViolations(author);
  });

  it('sends it to a group: the email waits for approval, then reaches the outbox', async () => {
    await author.getByRole('checkbox', { name: ORG }).check();
    await author.getByTestId('audience-count').getByText(String(N), { exact: true }).waitFor();
    await author.getByRole('button', { name: 'Send to this group' }).click();
    await author.getByText(/waiting for approval/).waitFor();
    await h.expectNoAxeViolations(author);
    await shots(author, 'sent');
    const campaignID = Number(new URL(await author.getByRole('link', { name: 'Go to the email' }).getAttribute('href'), h.baseURL).pathname.split('/').pop());
    for (const [action, token] of [['approve', h.adminToken], ['send', authorToken]]) {
      const r = await h.api('POST', `/campaigns/${campaignID}/${action}`, {}, token);
      assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
    }
    const mail = await h.waitForMail(nurse(0), 0, 30_000);
    const m = /\/pulse\/[0-9]+\.[A-Za-z0-9_-]+/.exec(mail.text);
    assert.ok(m, `no personal link in ${mail.text}`);
    personalLink = h.baseURL + m[0];
    assert.match(mail.text, /You can change your answers until/);
  });

  it('a nurse answers on her phone from the email, then changes her answer', async () => {
    const phone = await h.newPhonePage();
    await phone.goto(personalLink);
    await phone.getByRole('heading', { level: 1, name: `Moorside go-live: 4 weeks to go ${u}` }).waitFor();
    await phone.getByText(/Your answers count for Nursing and Midwifery Registered at/).waitFor();
    await h.expectNoAxeViolations(phone);
    await shots(phone, 'answer');
    await phone.getByRole('button', { name: 'Save my answers' }).click();
    await phone.locator('.nhsuk-error-summary').getByRole('link', { name: 'Answer at least one question' }).click();
    assert.equal(await phone.evaluate(() => document.activeElement?.id), 'answers.0.value', 'the summary leads to the first question');
    await h.expectNoAxeViolations(phone);
    await shots(phone, 'answer-error');
    await phone.getByRole('group', { name: /How ready do you feel/ }).getByLabel('4', { exact: true }).check();
    await phone.getByLabel('Floorwalkers on the ward').check();
    await phone.getByRole('button', { name: 'Save my answers' }).click();
    const saved = phone.getByTestId('pulse-saved');
    await saved.getByText(/^Your answer has been saved\. You can change it until \S+ on \w+day \d+ \w+ \d{4}\.$/).waitFor();
    assert.ok(await saved.evaluate((el) => el === document.activeElement), 'the confirmation takes focus');
    await h.expectNoAxeViolations(phone);
    await shots(phone, 'answer-saved');

    await phone.reload();
    await phone.getByText(/You have already answered/).waitFor();
    assert.ok(await phone.getByRole('group', { name: /How ready do you feel/ }).getByLabel('4', { exact: true }).isChecked());
    await phone.getByRole('group', { name: /How ready do you feel/ }).getByLabel('2', { exact: true }).check();
    await phone.getByRole('button', { name: 'Save my changes' }).click();
    await phone.getByTestId('pulse-saved').waitFor();
    const id = pulseURL.split('/').pop();
    const p = await h.api('GET', `/pulses/${id}`);
    assert.equal(p.body.answered.personal, 1, JSON.stringify(p.body.answered));
    const res = await h.api('GET', `/pulses/${id}/results`);
    assert.equal(res.body.questions[0].overall[0].answered_text, 'fewer than 5');
    h.expectNoPageProblems(phone, expectedHttpErrors);
    await phone.close();
  });

  it('a colleague answers through the open link, saying where they work', async () => {
    const phone = await h.newPhonePage();
    await phone.goto(openLink);
    await phone.getByRole('heading', { level: 1, name: `Moorside go-live: 4 weeks to go ${u}` }).waitFor();
    await h.expectNoAxeViolations(phone);
    await phone.getByRole('group', { name: /How ready do you feel/ }).getByLabel('5', { exact: true }).check();
    await phone.getByRole('button', { name: 'Save my answers' }).click();
    await phone.locator('.nhsuk-error-summary').getByRole('link', { name: 'Select your organisation' }).click();
    assert.equal(await phone.evaluate(() => document.activeElement?.id), 'organisation_id');
    await h.expectNoAxeViolations(phone);
    await shots(phone, 'open-error');
    await phone.getByLabel('Your organisation').selectOption({ label: ORG });
    await phone.getByLabel('Your staff group').selectOption('Nursing and Midwifery Registered');
    await phone.getByLabel('Your job role (optional)').fill('Ward Sister');
    await phone.getByRole('button', { name: 'Save my answers' }).click();
    await phone.getByText('Your answers have been saved. Thank you for taking part.').waitFor();
    await h.expectNoAxeViolations(phone);
    await shots(phone, 'open-saved');
    h.expectNoPageProblems(phone, expectedHttpErrors);
    await phone.close();
  });

  it('shows the results with small counts withheld, and the trend in words', async () => {
    await author.goto(pulseURL);
    await author.getByRole('heading', { level: 1 }).waitFor();
    const first = author.getByTestId('question-result').first();
    await first.getByRole('row', { name: /Personal links/ }).getByText('fewer than 5').first().waitFor();
    await first.getByRole('row', { name: /Open link/ }).getByText('fewer than 5').first().waitFor();
    // The demo's pulses are answered by many at Moorside: the trend for this
    // organisation has only this pulse's few answers.
    await author.getByLabel('Organisation', { exact: true }).selectOption({ label: ORG });
    await author.getByTestId('trend-summary').getByText(new RegExp(`Fewer than 5 people among .*${ORG}.* answered each pulse`)).waitFor();
    await author.getByText('By organisation, staff group and job role').first().click();
    await h.expectNoAxeViolations(author);
    await shots(author, 'results');
    await author.goto(`${h.baseURL}/pulses`);
    await author.getByTestId('pulse-row').first().waitFor();
    await h.expectNoAxeViolations(author);
    await shots(author, 'list');
    h.expectNoPageProblems(author, expectedHttpErrors);
  });
});
