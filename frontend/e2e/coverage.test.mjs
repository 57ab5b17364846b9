// coverage.test.mjs follows a comms officer from the coverage page to a
// campaign draft for a flagged group in two clicks, opens the evidence pack's
// printable report and prints it to PDF, and checks the public programme page
// on a phone — with axe on every page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as h from './harness.mjs';

const u = h.unique();
const COMMS = `comms.${u}@example.org`;
// The draft is a campaign: without the campaigns area (a branch before it merges) the
// second click can only say so, and the tests stop there.
let campaignsInstalled = true;

before(async () => {
  await h.setup();
  await h.createUser(COMMS, 'comms', 'Casey Comms');
  // A target nobody in the demo meets yet: every group with contacts is flagged.
  const r = await h.api('PUT', '/coverage/targets', {
    targets: [
      { stage: 'attended', category: 'clinical', staff_group: 'Nursing and Midwifery Registered', min_percent: 5 },
      { stage: 'reached', min_percent: 100 },
    ],
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  campaignsInstalled = (await h.api('GET', '/campaigns')).status === 200;
});
after(h.teardown);

describe('coverage', () => {
  it('goes from a flagged gap to a pre-filled campaign draft in two clicks', async (t) => {
    const page = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await h.signIn(page, COMMS);
    await page.goto(`${h.baseURL}/coverage`);
    await page.getByRole('heading', { level: 1, name: 'Engagement coverage' }).waitFor();
    await page.getByRole('heading', { name: 'Biggest gaps first' }).waitFor();
    const status = await page.getByRole('status').filter({ hasText: 'below target' }).textContent();
    assert.match(status, /\d+ organisation and staff groups?, [1-9]\d* below target/);
    // The API says the same as the page: the first gap's words are on both.
    const cov = await h.api('GET', '/coverage');
    assert.ok(cov.body.gaps.length > 0, 'the demo has gaps');
    const first = cov.body.gaps[0];
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'coverage');
    await page.screenshot({ path: join(h.screenshotDir, 'coverage-top.png') });
    await page.locator('.app-heatmap').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(h.screenshotDir, 'coverage-heatmap.png') });

    // Click 1: the biggest gap opens its group.
    await page.getByRole('link', { name: first.text }).click();
    const panel = page.getByRole('region', { name: `${first.organisation_name}: ${first.staff_group}` });
    await panel.waitFor();
    assert.ok((await panel.textContent()).includes(first.text));
    // Contributions show verified and self-declared apart (issue 12, D8).
    assert.match(await panel.textContent(), /Contributed.*(\d+|fewer than 5|not shown) verified, (\d+|fewer than 5|not shown) self-declared/);
    await h.expectNoAxeViolations(page);
    await page.screenshot({ path: join(h.screenshotDir, 'coverage-cell.png') });

    if (!campaignsInstalled) {
      t.skip('the campaigns area is not installed on this branch');
      await page.close();
      return;
    }
    // Click 2: a campaign draft addressed to exactly that organisation and staff group.
    await panel.getByRole('button', { name: /Start a campaign draft/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Campaign draft' }).waitFor();
    await page.getByText('Campaign draft started').waitFor();
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const draft = await h.api('GET', `/campaigns/${id}`);
    assert.equal(draft.status, 200);
    assert.equal(draft.body.status, 'draft');
    assert.deepEqual(draft.body.audience.organisation_ids, [first.organisation_id]);
    assert.deepEqual(draft.body.audience.staff_groups, [first.staff_group]);
    assert.match(draft.body.body_markdown, /\/programme/);
    await page.getByText(first.organisation_name, { exact: true }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'coverage-draft');
    // Before signing in, the app asks /me and gets 401: expected.
    h.expectNoPageProblems(page, [/api\/v1\/me\): .*status of 401/]);
    await page.close();
  });

  it('opens the evidence report, which is accessible and prints', async () => {
    const page = await h.newPage({ viewport: { width: 1280, height: 900 } });
    await h.signIn(page, COMMS);
    await page.goto(`${h.baseURL}/coverage`);
    const [report] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('link', { name: /Open the printable report/ }).click(),
    ]);
    await report.getByRole('heading', { level: 1, name: 'Engagement evidence pack' }).waitFor();
    for (const name of ['Engagement activity', 'Coverage by organisation and staff group', 'Themes raised and responses',
      'How the engagement meets the Gunning principles']) {
      await report.getByRole('heading', { level: 2, name }).waitFor();
    }
    // The draft the first test started is listed as what was done about its gap.
    if (campaignsInstalled) await report.getByText(/Campaign draft \d+ started on/).first().waitFor();
    await h.expectNoAxeViolations(report);
    await report.emulateMedia({ media: 'print' });
    await report.screenshot({ path: join(h.screenshotDir, 'evidence-report-print.png') });
    const pdf = await report.pdf({ format: 'A4', landscape: true, printBackground: true });
    assert.ok(pdf.length > 10_000 && pdf.subarray(0, 5).toString() === '%PDF-', 'a real PDF');
    await writeFile(join(h.screenshotDir, 'evidence-report.pdf'), pdf);
    await report.close();
    await page.close();
  });

  it('shows the public programme on a phone', async () => {
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/programme`);
    await page.getByRole('heading', { level: 1, name: 'Our engagement programme' }).waitFor();
    for (const name of ['Upcoming sessions', 'Have your say', 'You said, we did']) {
      await page.getByRole('heading', { level: 2, name }).waitFor();
    }
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'programme-phone');
    h.expectNoPageProblems(page, [/api\/v1\/me\): .*status of 401/]);
    await page.close();
  });
});
