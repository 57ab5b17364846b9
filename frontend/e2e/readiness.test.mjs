// readiness.test.mjs reads the readiness board as the programme would: seeded
// through the API (an organisation with nurses and AHPs on its contact list, a
// go-live 9 weeks away with training targets, a training series anchored to it
// and two nurses booked), the list of go-lives with a countdown and a status,
// the board with its gaps in words, its table per staff group and its training
// times; then "Invite them to training" with held places in two clicks, the
// header on one row at 1366 wide, and the go-live on the public programme page,
// with axe on every page.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as h from './harness.mjs';

const u = h.unique();
const COMMS = `comms.${u}@example.org`;
const FACIL = `facil.${u}@example.org`;
const DOMAIN = `moorside${u}.nhs.example`;
const NURSES = 'Nursing and Midwifery Registered';
const AHPS = 'Allied Health Professionals';
let milestone, series, org;

function londonDateIn(days) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function ok(r, what, status = 201) {
  assert.equal(r.status, status, `${what}: ${JSON.stringify(r.body)}`);
  return r.body;
}

before(async () => {
  await h.setup();
  await h.createUser(COMMS, 'comms', 'Casey Comms');
  await h.createUser(FACIL, 'facilitator', 'Fran Facilitator');
  org = await ok(await h.api('POST', '/organisations', { name: `Moorside Hospitals ${u}`, code: `RM${u}`.toUpperCase(), kind: 'acute', email_domains: [DOMAIN] }), 'organisation');
  let csv = 'Email,Name,Organisation Code,Staff Group,Job Role\n';
  for (let i = 0; i < 6; i++) csv += `nurse${i}@${DOMAIN},Nurse ${i},${org.code},${NURSES},Staff Nurse\n`;
  for (let i = 0; i < 6; i++) csv += `ahp${i}@${DOMAIN},Therapist ${i},${org.code},${AHPS},Physiotherapist\n`;
  const imp = await fetch(`${h.baseURL}/api/v1/contacts/import`, {
    method: 'POST', headers: { Authorization: `Bearer ${h.adminToken}`, 'Content-Type': 'text/csv', Accept: 'application/json' }, body: csv,
  });
  assert.equal(imp.status, 200, `import: ${await imp.text()}`);
  milestone = await ok(await h.api('POST', '/milestones', {
    organisation_id: org.id, name: `Moorside EPR go-live ${u}`, site: 'Moorside General', go_live_on: londonDateIn(63),
    targets: [{ staff_group: NURSES, category: 'clinical', min_percent: 80 }, { staff_group: AHPS, category: '', min_percent: 50 }],
  }), 'milestone');
  const session = await ok(await h.api('POST', '/sessions', {
    title: `EPR clinical training ${u}`, category: 'clinical', format: 'in_person', location: 'Education centre, room 2', staff_groups: [NURSES, AHPS],
  }), 'session');
  series = await ok(await h.api('POST', `/sessions/${session.id}/series`, {
    rrule: 'FREQ=WEEKLY;COUNT=3', starts_at: '2027-01-05T14:30:00', ends_at: '2027-01-05T16:00:00', capacity: 10, milestone_id: milestone.id, weeks_before: 4,
  }), 'series');
  for (const i of [0, 1]) {
    await ok(await h.api('POST', `/slots/${series.slots[0].id}/bookings`, { name: `Nurse ${i}`, email: `nurse${i}@${DOMAIN}`, staff_group: NURSES, job_role: 'Staff Nurse' }, ''), 'booking');
  }
});
after(h.teardown);

describe('readiness board', () => {
  it('lists every go-live with its countdown and a one-line status', async () => {
    const page = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await h.signIn(page, FACIL);
    await page.getByRole('link', { name: 'Readiness', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Readiness for go-live' }).waitFor();
    const item = page.locator('.app-readiness-list__item', { has: page.getByRole('link', { name: milestone.name }) });
    await item.waitFor();
    assert.match(await item.textContent(), /63 days to go: go-live on \w+day \d+ \w+ \d{4}/);
    assert.match(await item.textContent(), /0 of 2 staff groups with a target on track\./);
    // The header's menu still fits one row at 1366 wide.
    const tops = await page.locator('.nhsuk-header__navigation-item:visible').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    assert.ok(tops.length > 0 && new Set(tops).size === 1, `menu rows: ${tops}`);
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'readiness-list');
    h.expectNoPageProblems(page);

    // An admin has the most entries: their menu fits one row at 1366 wide too.
    const admin = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await h.signIn(admin, 'e2e-admin@example.org');
    const adminTops = await admin.locator('.nhsuk-header__navigation-item:visible').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    assert.ok(adminTops.length > 0 && new Set(adminTops).size === 1, `admin menu rows: ${adminTops}`);
    assert.equal(await admin.locator('.nhsuk-header__navigation-item:visible').getByRole('link', { name: 'Readiness', exact: true }).count(), 1);
    await h.screenshot(admin, 'readiness-admin-header', { fullPage: false });
  });

  it('shows the board: countdown, gaps in words, a table per staff group and the training times', async () => {
    const page = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await h.signIn(page, FACIL);
    await page.goto(`${h.baseURL}/readiness/${milestone.id}`);
    await page.getByRole('heading', { level: 1, name: milestone.name }).waitFor();
    assert.match(await page.getByTestId('countdown').textContent(), /^63 days to go\s*Go-live on \w+day/);
    const gaps = await page.getByTestId('readiness-gaps').locator('li').allTextContents();
    assert.deepEqual(gaps, [
      'Nursing and Midwifery Registered: 0% trained against a target of 80%, 9 weeks before go-live. 5 people still to train; 2 places are booked.',
      'Allied Health Professionals: 0% trained against a target of 50%, 9 weeks before go-live. 3 people still to train; 0 places are booked.',
    ]);
    const table = page.getByRole('table', { name: 'Training and readiness by staff group' });
    const nurses = table.locator(`tr[data-group="${NURSES}"]`);
    const cells = (await nurses.locator('th, td').allTextContents()).map((s) => s.trim());
    assert.deepEqual(cells, [`Staff group ${NURSES}`, 'Staff 6', 'Trained 0 (0%)', 'Target 80%, clinical sessions', 'Booked 2', 'Status Not on track', 'Feel ready No pulse yet']);
    // A facilitator reads; only the comms team invites.
    assert.equal(await page.getByRole('button', { name: /Invite them to training/ }).count(), 0);
    const training = page.getByRole('table', { name: 'Training times before go-live' });
    assert.equal(await training.locator('tbody tr').count(), 3);
    assert.match(await training.locator('tbody tr').first().textContent(), /2:30pm to 4pm/);
    assert.match(await training.locator('tbody tr').first().textContent(), /Places left 8/);
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'readiness-board');
    h.expectNoPageProblems(page);

    // A pulse for the go-live, answered through its open link by 6 AHPs (2 feel ready):
    // the board changes.
    const pulse = await ok(await h.api('POST', '/pulses', {
      title: `Are you ready? ${u}`, milestone_id: milestone.id, open_link: true,
      opens_at: new Date(Date.now() - 60_000).toISOString(), closes_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      questions: [{ kind: 'scale', prompt: 'How ready do you feel for the new system?', min: 1, max: 5, ready_values: [4, 5] }],
    }), 'pulse');
    const openToken = new URL(pulse.open_link_url, h.baseURL).pathname.split('/').pop();
    for (const value of [5, 4, 2, 2, 1, 3]) {
      await ok(await h.api('POST', `/public/pulses/open/${openToken}/responses`, {
        organisation_id: org.id, staff_group: AHPS, answers: [{ question_id: pulse.questions[0].id, value }],
      }, ''), 'open answer');
    }
    await page.reload();
    await table.waitFor();
    assert.match(await table.locator(`tr[data-group="${AHPS}"]`).textContent(), /Feel ready 33%/);
    assert.match(await table.locator(`tr[data-group="${NURSES}"]`).textContent(), /Feel ready No answers yet/);
    assert.ok((await page.getByTestId('readiness-gaps').textContent()).includes('Only 33% of Allied Health Professionals who answered feel ready.'));
    await page.getByText(`Latest pulse, Are you ready? ${u}: 33% of the 6 people who answered feel ready.`).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'readiness-board-pulse');

    // Every other board (the demo's, with people trained) passes axe too.
    const all = (await h.api('GET', '/readiness')).body.milestones.filter((m) => m.id !== milestone.id);
    for (const m of all) {
      await page.goto(`${h.baseURL}/readiness/${m.id}`);
      await page.getByRole('heading', { level: 1, name: m.name }).waitFor();
      await page.getByRole('table', { name: 'Training and readiness by staff group' }).waitFor();
      await h.expectNoAxeViolations(page);
      await h.screenshotSizes(page, `readiness-board-${m.id}`);
    }
    h.expectNoPageProblems(page);
  });

  it('invites a group to training with held places in two clicks', async () => {
    const page = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await h.signIn(page, COMMS);
    await page.goto(`${h.baseURL}/readiness/${milestone.id}`);
    const table = page.getByRole('table', { name: 'Training and readiness by staff group' });
    // Opening and cancelling puts focus back on the button that opened the panel.
    const nurseButton = table.getByRole('button', { name: `Invite them to training (${NURSES})` });
    await nurseButton.click();
    await page.getByRole('region', { name: `Invite ${NURSES} to training` }).getByRole('button', { name: 'Cancel' }).click();
    await page.waitForFunction(() => document.activeElement?.closest('tr')?.dataset.group === 'Nursing and Midwifery Registered');
    await table.locator(`tr[data-group="${AHPS}"]`).getByRole('button', { name: `Invite them to training (${AHPS})` }).click(); // one
    const panel = page.getByRole('region', { name: `Invite ${AHPS} to training` });
    await panel.waitFor();
    assert.match(await panel.textContent(), /listing 3 training times open to them/);
    await panel.getByLabel('Also hold places for them').check();
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'readiness-invite');
    await panel.getByRole('button', { name: 'Start the campaign draft' }).click(); // two
    await panel.getByText('Campaign draft started').waitFor();
    assert.match(await panel.textContent(), /50% of the places on 1 session are held for them until/);
    const link = panel.getByRole('link', { name: 'Open the campaign draft' });
    const id = Number((await link.getAttribute('href')).split('/').pop());
    const c = await ok(await h.api('GET', `/campaigns/${id}`), 'campaign', 200);
    assert.deepEqual([c.status, c.audience.organisation_ids, c.audience.staff_groups], ['draft', [org.id], [AHPS]]);
    assert.ok(c.body_markdown.includes(`/book/${series.slots[0].id}`), c.body_markdown);
    const s = await ok(await h.api('GET', `/sessions/${series.session_id}`), 'session', 200);
    assert.deepEqual([s.reserved_share, s.reserved_staff_groups, s.reserved_organisation_ids], [50, [AHPS], [org.id]]);
    await h.expectNoAxeViolations(page);
    await link.click();
    await page.waitForURL(`**/campaigns/${id}`);
    h.expectNoPageProblems(page);

    // The evidence pack's report has the go-live with its figures per staff group.
    await page.goto(`${h.baseURL}/api/v1/evidence-pack/report`);
    await page.getByRole('heading', { level: 2, name: 'Readiness for go-live' }).waitFor();
    const t = page.getByRole('table', { name: `Training against target and how ready staff feel, ${milestone.name}` });
    assert.match(await t.locator('tr', { hasText: NURSES }).textContent(), /Nursing and Midwifery Registered\s*6\s*0\s*0%\s*80% \(clinical sessions\)\s*No answers yet/);
    await h.expectNoAxeViolations(page);
    if (h.screenshotDir) await t.screenshot({ path: join(h.screenshotDir, 'readiness-evidence-report.png') });
  });

  it('puts the go-live on the public programme page, on a phone', async () => {
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/programme`);
    const list = page.getByTestId('go-lives');
    await list.getByText(`${org.name}, Moorside General: ${milestone.name}`).waitFor();
    assert.match(await list.textContent(), /\(63 days to go\)\. (Training figures are not shown yet|\d+% of staff trained so far)\./);
    await h.expectNoAxeViolations(page);
    if (h.screenshotDir) await list.screenshot({ path: join(h.screenshotDir, 'readiness-programme-golives.png') });
    await h.screenshotSizes(page, 'readiness-programme');
    h.expectNoPageProblems(page);
  });
});
