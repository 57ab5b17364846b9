// golive.test.mjs is issue 17's journey end to end in Chromium, each step through the
// page its user would use: a facilitator adds a go-live milestone with a training
// target for registered nurses and a clinical training series tied to it (6 weeks
// before go-live, Tuesdays and Thursdays); the readiness board shows the training and
// no pulse yet; a comms officer makes a readiness pulse for that go-live and sends it
// to the organisation's staff (an admin approves the email, as campaigns require); a
// nurse answers on her phone from the link in her email, and four colleagues answer
// through theirs; the board now shows how many feel ready. axe runs on every page.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const u = h.unique();
const FACILITATOR = `golive.facilitator.${u}@example.org`;
const COMMS = `golive.comms.${u}@example.org`;
const DOMAIN = `golive${u}.nhs.example`;
const ORG = `Riverside Hospitals ${u}`;
const CODE = `G${u}`.toUpperCase().slice(0, 8);
const MILESTONE = `Riverside go-live ${u}`;
const TRAINING = `EPR training for ward nurses ${u}`;
const PULSE = `Riverside: are you ready? ${u}`;
const NURSES = 'Nursing and Midwifery Registered';
const nurse = (i) => `nurse${i}@${DOMAIN}`;
const shots = (page, name) => h.screenshotSizes(page, `golive-${name}`);

// londonDate is YYYY-MM-DD in London, days from now.
const londonDate = (days) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + days * 86400e3));
const GO_LIVE = londonDate(84);

let facilitatorToken;
let commsToken;
let milestoneId;

before(async () => {
  await h.setup();
  facilitatorToken = await h.createUser(FACILITATOR, 'facilitator', 'Robin Facilitator');
  commsToken = await h.createUser(COMMS, 'comms', 'Sam Comms');
  const org = await h.api('POST', '/organisations', { name: ORG, code: CODE, kind: 'acute', email_domains: [DOMAIN] });
  assert.equal(org.status, 201, JSON.stringify(org.body));
  let csv = 'Email,Name,Organisation Code,Staff Group,Job Role\n';
  for (let i = 0; i < 6; i++) csv += `${nurse(i)},Nurse${i} Tester,${CODE},${NURSES},Staff Nurse\n`;
  const imported = await fetch(`${h.baseURL}/api/v1/contacts/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${h.adminToken}`, 'Content-Type': 'text/csv', Accept: 'application/json' },
    body: csv,
  });
  assert.equal(imported.status, 200, await imported.text());
});
after(h.teardown);

describe('getting an organisation ready for go-live', () => {
  it('a facilitator adds the go-live with a training target, and a training series tied to it', async () => {
    const page = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await h.signIn(page, FACILITATOR);
    await page.goto(`${h.baseURL}/milestones/new`);
    await page.getByRole('heading', { level: 1, name: 'Add a go-live milestone' }).waitFor();
    await page.getByLabel('Organisation').selectOption({ label: ORG });
    await page.getByLabel('Name', { exact: true }).fill(MILESTONE);
    const [y, m, d] = GO_LIVE.split('-');
    const date = page.getByRole('group', { name: 'Go-live date' });
    await date.getByLabel('Day').fill(String(Number(d)));
    await date.getByLabel('Month').fill(String(Number(m)));
    await date.getByLabel('Year').fill(y);
    await page.getByLabel('Staff group for target 1').selectOption(NURSES);
    await page.getByLabel('Training that counts for target 1').selectOption('clinical');
    await page.getByLabel('Minimum trained, in percent for target 1').fill('80');
    await h.expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Add milestone' }).click();
    await page.getByRole('heading', { level: 1, name: MILESTONE }).waitFor();
    milestoneId = Number(page.url().match(/\/milestones\/(\d+)/)[1]);
    await h.expectNoAxeViolations(page);

    const session = await h.api('POST', '/sessions', {
      title: TRAINING, category: 'clinical', format: 'in_person', location: 'Riverside Education Centre', staff_groups: [NURSES],
    }, facilitatorToken);
    assert.equal(session.status, 201, JSON.stringify(session.body));
    await page.goto(`${h.baseURL}/sessions/${session.body.id}`);
    const form = page.getByRole('form', { name: 'Add a series of times' });
    await form.getByLabel('Tie to a go-live milestone (optional)').selectOption({ value: String(milestoneId) });
    await form.getByLabel('Weeks before go-live').fill('6');
    await form.getByLabel('Each time starts at (UK time)').fill('10:00');
    await form.getByLabel('Each time ends at (UK time)').fill('11:30');
    const days = form.getByRole('group', { name: 'Repeat on' });
    await days.getByLabel('Tuesday').check();
    await days.getByLabel('Thursday').check();
    await form.getByLabel('After a number of weeks').check();
    await form.getByLabel('How many weeks').fill('6');
    await form.getByLabel('Places at each time').fill('10');
    await page.getByTestId('series-preview').getByText('12 times, UK time:').waitFor();
    await h.expectNoAxeViolations(page);
    await form.getByRole('button', { name: 'Add series' }).click();
    await form.getByRole('status').getByText(/^Added 12 times, from Tuesday /).waitFor();
    await shots(page, 'series');
    h.expectNoPageProblems(page);
    await page.close();
  });

  it('the readiness board shows the training and that no pulse has been answered', async () => {
    const page = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await h.signIn(page, COMMS);
    await page.getByRole('link', { name: 'Readiness', exact: true }).first().click();
    await page.getByRole('link', { name: MILESTONE }).click();
    await page.getByRole('heading', { level: 1, name: MILESTONE }).waitFor();
    assert.match(await page.getByTestId('countdown').textContent(), /^84 days to go/);
    const nurses = page.getByRole('table', { name: 'Training and readiness by staff group' }).locator(`tr[data-group="${NURSES}"]`);
    assert.match(await nurses.textContent(), /Staff 6.*Trained 0 \(0%\).*Target 80%, clinical sessions.*Feel ready No pulse yet/s);
    const training = page.getByRole('table', { name: 'Training times before go-live' });
    assert.equal(await training.getByRole('link', { name: TRAINING }).count(), 12);
    await page.getByText('No readiness pulse has opened for this go-live yet.').waitFor();
    await h.expectNoAxeViolations(page);
    await shots(page, 'board-before');
    h.expectNoPageProblems(page);
    await page.close();
  });

  it('a comms officer makes a pulse for the go-live and sends it to the organisation', async () => {
    const page = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await h.signIn(page, COMMS);
    await page.goto(`${h.baseURL}/pulses/new`);
    await page.getByRole('heading', { level: 1, name: 'Make a readiness pulse' }).waitFor();
    await page.getByLabel('Title').fill(PULSE);
    await page.getByLabel('Go-live (optional)').selectOption({ value: String(milestoneId) });
    assert.equal(await page.getByLabel('Question', { exact: true }).first().inputValue(), 'How ready do you feel for go-live?');
    await h.expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Make the pulse' }).click();
    await page.getByRole('heading', { level: 1, name: PULSE }).waitFor();
    await page.getByRole('checkbox', { name: ORG }).check();
    await page.getByTestId('audience-count').getByText('6', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Send to this group' }).click();
    await page.getByText(/waiting for approval/).waitFor();
    await h.expectNoAxeViolations(page);
    const href = await page.getByRole('link', { name: 'Go to the email' }).getAttribute('href');
    const campaignID = Number(href.split('/').pop());
    // Campaigns never let their author approve: an admin does, then the author sends.
    for (const [action, token] of [['approve', h.adminToken], ['send', commsToken]]) {
      const r = await h.api('POST', `/campaigns/${campaignID}/${action}`, {}, token);
      assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
    }
    h.expectNoPageProblems(page);
    await page.close();
  });

  it('a nurse answers on her phone from her email, four colleagues from theirs, and the board changes', async () => {
    const links = [];
    for (let i = 0; i < 5; i++) {
      const mail = await h.waitForMail(nurse(i), 0, 30_000);
      const m = /\/pulse\/([0-9]+\.[A-Za-z0-9_-]+)/.exec(mail.text);
      assert.ok(m, `no personal link for ${nurse(i)} in ${mail.text}`);
      links.push(m);
    }
    const phone = await h.newPhonePage();
    await phone.goto(h.baseURL + links[0][0]);
    await phone.getByRole('heading', { level: 1, name: PULSE }).waitFor();
    await h.expectNoAxeViolations(phone);
    await phone.getByRole('group', { name: /How ready do you feel/ }).getByLabel('4', { exact: true }).check();
    await phone.getByRole('button', { name: 'Save my answers' }).click();
    await phone.getByTestId('pulse-saved').waitFor();
    await h.expectNoAxeViolations(phone);
    await shots(phone, 'answered');
    h.expectNoPageProblems(phone);
    await phone.close();

    const pulse = (await h.api('GET', '/pulses', undefined, commsToken)).body.items.find((p) => p.title === PULSE);
    assert.ok(pulse, 'the pulse is listed');
    const headline = pulse.questions[0].id;
    for (const [i, value] of [[1, 5], [2, 2], [3, 3], [4, 5]]) {
      const r = await h.api('PUT', `/public/pulses/${links[i][1]}/response`, { answers: [{ question_id: headline, value }] }, '');
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }

    const page = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await h.signIn(page, COMMS);
    await page.goto(`${h.baseURL}/readiness/${milestoneId}`);
    const nurses = page.getByRole('table', { name: 'Training and readiness by staff group' }).locator(`tr[data-group="${NURSES}"]`);
    await nurses.waitFor();
    // 3 of the 5 who answered chose 4 or 5.
    assert.match(await nurses.textContent(), /Feel ready 60%/);
    await page.getByText(`Latest pulse, ${PULSE}: 60% of the 5 people who answered feel ready.`).waitFor();
    await h.expectNoAxeViolations(page);
    await shots(page, 'board-after');
    h.expectNoPageProblems(page);
    await page.close();
  });
});
