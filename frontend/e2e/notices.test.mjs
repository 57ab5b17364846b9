// The public privacy notice and accessibility statement: linked from every page's footer,
// built from the organisation's settings, readable signed out, with the keyboard and on a
// phone, and accessible themselves.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

before(
  h.setupWith({
    CONFER_CONTROLLER_NAME: 'North Moor Integrated Care Board',
    CONFER_DPO_EMAIL: 'dpo@northmoor.nhs.example',
    CONFER_DPO_ADDRESS: '1 Moor Lane, Northtown NT1 1AA',
    CONFER_ACCESSIBILITY_ISSUES: 'The presenter view has no skip link|Charts on the coverage page have no text alternative',
    CONFER_ACCESSIBILITY_TESTED: '2026-11-30',
    CONFER_ACCESSIBILITY_TESTED_BY: 'North Moor digital team',
    CONFER_PRIVACY_UPDATED: '2026-12-01',
  }),
);
after(h.teardown);

describe('public notices', () => {
  it('links the privacy notice from the footer and says who holds what, for how long', async () => {
    const page = await h.newPage();
    await page.goto(`${h.baseURL}/book`);
    const footer = page.getByRole('contentinfo');
    await footer.getByRole('link', { name: 'Privacy notice' }).click();
    await page.getByRole('heading', { level: 1, name: 'Privacy notice' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/privacy');
    const main = page.getByRole('main');
    await main.getByText('North Moor Integrated Care Board is the controller').waitFor();
    assert.equal(await main.getByRole('link', { name: 'dpo@northmoor.nhs.example' }).getAttribute('href'), 'mailto:dpo@northmoor.nhs.example');
    await main.getByText('by post at 1 Moor Lane, Northtown NT1 1AA').waitFor();
    await main.getByText('We last updated this notice on 1 December 2026.').waitFor();
    await main.getByRole('heading', { level: 3, name: 'When you answer a readiness pulse' }).waitFor();

    // The retention table is the policy the daily job applies, row for row.
    const policy = (await h.api('GET', '/privacy/retention', undefined, '')).body;
    assert.ok(policy.kinds.length >= 5, `retention policy: ${JSON.stringify(policy)}`);
    const table = main.getByRole('table', { name: 'How long we keep each kind of information' });
    await table.waitFor();
    assert.equal(await table.locator('tbody tr').count(), policy.kinds.length);
    for (const k of policy.kinds) {
      await table.getByRole('row').filter({ hasText: k.label }).first().waitFor();
    }
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'privacy-notice');
    h.expectNoPageProblems(page);
    await page.close();
  });

  it('links the accessibility statement from the footer, reachable by keyboard', async () => {
    const page = await h.newPage();
    await page.goto(`${h.baseURL}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const link = page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility statement' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Accessibility statement' }).waitFor();
    const main = page.getByRole('main');
    await main.getByText('This website is run by North Moor Integrated Care Board.', { exact: false }).waitFor();
    await main.getByRole('listitem').filter({ hasText: 'The presenter view has no skip link' }).waitFor();
    await main.getByText('This website is partially compliant with the').waitFor();
    await main.getByText('due to the non-compliances listed above.', { exact: false }).waitFor();
    await main.getByText('This website was last tested on 30 November 2026. The test was carried out by North Moor digital team.').waitFor();
    await main.getByRole('link', { name: 'contact the Equality Advisory and Support Service (EASS)' }).waitFor();
    assert.equal(
      await main.getByRole('link', { name: 'dpo@northmoor.nhs.example' }).first().getAttribute('href'),
      'mailto:dpo@northmoor.nhs.example',
    );
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'accessibility-statement');
    h.expectNoPageProblems(page);
    await page.close();
  });

  it('keeps the footer links on a phone and on signed-in pages', async () => {
    const page = await h.newPhonePage();
    await h.signIn(page, 'e2e-admin@example.org');
    await page.goto(`${h.baseURL}/people`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const footer = page.getByRole('contentinfo');
    for (const name of ['Privacy notice', 'Accessibility statement']) {
      const box = await footer.getByRole('link', { name }).boundingBox();
      assert.ok(box && box.width > 0 && box.x + box.width <= 390, `${name} link at ${JSON.stringify(box)}`);
    }
    await page.close();
  });
});
