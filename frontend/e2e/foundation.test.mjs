// foundation.test.mjs walks an admin through the foundation of Confer in a
// real browser: sign-in by emailed link, home, organisations, people, API
// tokens and the outbox, with axe on every page, plus phone-sized checks and
// the first-load size of the sign-in page.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import * as h from './harness.mjs';

const ADMIN = 'e2e-admin@example.org';
// u makes this run's codes, names and addresses unique in a shared database.
const u = h.unique().toUpperCase();
const CODE = `RR${u}`;
const PERSON = `ada.${u.toLowerCase()}@example.nhs.uk`;
// Failed API calls that a step expects (401 from /me when signed out, 409 for
// a duplicate code) are logged by Chromium as console errors; they are fine.
const expectedHttpErrors = [
  /status of (401|409|410|400)/,
];

before(h.setup);
after(h.teardown);

describe('signed out', () => {
  it('shows a public landing page and a sign-in form, both accessible', async () => {
    const page = await h.newPage();
    const site = (await h.api('GET', '/site')).body;
    await page.goto(h.baseURL);
    await page.getByRole('heading', { level: 1, name: site.programme }).waitFor();
    await page.getByRole('link', { name: 'Sign in (programme team)' }).click();
    await page.getByLabel('Email address').waitFor();
    assert.equal(await page.title(), 'Sign in to Confer – Confer');
    await h.expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('link', { name: 'Enter your email address' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'nhsuk-error-summary');
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'signin-error');
    h.expectNoPageProblems(page, expectedHttpErrors);
    await page.close();
  });

  it('shows "Page not found" for an unknown address', async () => {
    const page = await h.newPage();
    await page.goto(`${h.baseURL}/no/such/page`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await h.expectNoAxeViolations(page);
    await page.close();
  });

  it('loads /signin in under 60 KB of gzipped JS and CSS', async (t) => {
    const page = await h.newPage();
    // Each body is read as its response arrives and awaited before counting: on a busy
    // machine the page can be idle before the reads finish (counting none, and reading
    // after the page closed).
    const reads = [];
    page.on('response', (res) => {
      if (!/\.(js|css)$/.test(new URL(res.url()).pathname)) return;
      reads.push(res.body().then((b) => gzipSync(b).length));
    });
    await page.goto(`${h.baseURL}/signin`, { waitUntil: 'networkidle' });
    const sizes = await Promise.all(reads);
    assert.ok(sizes.length >= 2, `first load of /signin fetched ${sizes.length} JS and CSS files`);
    const total = sizes.reduce((a, b) => a + b, 0);
    t.diagnostic(`first load of /signin: ${sizes.length} files, ${(total / 1024).toFixed(1)} KB gzipped`);
    assert.ok(total < 60 * 1024, `first load is ${total} bytes gzipped`);
    await page.close();
  });
});

describe('an admin', () => {
  let page;
  let link;
  before(async () => {
    page = await h.newPage();
  });
  after(async () => {
    h.expectNoPageProblems(page, expectedHttpErrors);
    await page.close();
  });

  it('signs in with the emailed link and a button press', async () => {
    link = await h.signInLink(page, ADMIN);
    await h.expectNoAxeViolations(page); // "Check your email"
    await page.goto(link);
    await page.getByRole('button', { name: 'Continue to Confer' }).waitFor();
    await h.expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Continue to Confer' }).click();
    await page.waitForURL(`${h.baseURL}/`);
    const who = await page.getByTestId('signed-in-as').textContent();
    assert.match(who, /Signed in as E2E Admin \(Admin\)/);
    for (const area of ['People', 'Decisions']) {
      await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: area }).waitFor();
    }
    // The outbox and organisations, opened now and then, are on the home page, not the menu.
    await page.getByRole('main').getByRole('link', { name: 'Outbox' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Organisations' }).waitFor();
    await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'API tokens' }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'home-admin');
  });

  it('cannot use the same sign-in link twice', async () => {
    const other = await h.newPage();
    await other.goto(link);
    await other.getByRole('button', { name: 'Continue to Confer' }).click();
    await other.getByRole('heading', { level: 1, name: 'This sign-in link cannot be used' }).waitFor();
    await other.getByRole('link', { name: 'Get a new sign-in link' }).waitFor();
    await h.expectNoAxeViolations(other);
    await other.close();
  });

  it('adds an organisation and sees the error for a duplicate code', async () => {
    await page.getByRole('main').getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organisations' }).waitFor();
    // After client-side navigation focus moves to the new page's heading.
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
    const addOrg = async (name, code) => {
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Code').fill(code);
      await page.getByLabel('Kind').selectOption('acute');
      await page.getByLabel('Email domains (optional)').fill('leedsth.nhs.uk');
      await page.getByRole('button', { name: 'Add organisation' }).click();
    };
    await addOrg('Leeds Teaching Hospitals', CODE);
    await page.getByText('Leeds Teaching Hospitals added').waitFor();
    await page.getByRole('cell', { name: CODE, exact: true }).waitFor();
    await h.expectNoAxeViolations(page);

    await addOrg('Leeds Again', CODE);
    const summaryLink = page.locator('.nhsuk-error-summary a[href="#code"]');
    await summaryLink.waitFor();
    await page.locator('#code-error').waitFor();
    assert.equal(await page.getByLabel('Code').getAttribute('aria-describedby'), 'code-hint code-error');
    await summaryLink.click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'code');
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'organisations-duplicate');
  });

  it('changes and deletes an organisation', async () => {
    await page.getByRole('link', { name: 'Leeds Teaching Hospitals' }).click();
    await page.getByRole('heading', { level: 1, name: /Leeds Teaching Hospitals/ }).waitFor();
    // The heading appears only once the organisation has loaded, and still takes focus
    // (in the effect after it renders: wait for it, a busy machine paints first).
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1', null, { timeout: 10_000 }).catch(() => {});
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
    await page.getByLabel('Name', { exact: true }).fill('Leeds Teaching Hospitals NHS Trust');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved').waitFor();
    await page.getByRole('heading', { level: 1, name: /Leeds Teaching Hospitals NHS Trust/ }).waitFor();
    await page.getByRole('button', { name: 'Delete organisation' }).click();
    await page.getByRole('heading', { name: /Are you sure you want to delete/ }).waitFor();
    await h.expectNoAxeViolations(page);
    await page.getByRole('button', { name: /Yes, delete/ }).click();
    await page.waitForURL(`${h.baseURL}/organisations`);
    await page.getByRole('heading', { level: 1, name: 'Organisations' }).waitFor();
    assert.equal(await page.getByRole('cell', { name: CODE, exact: true }).count(), 0);
  });

  it('adds a person and finds them by search', async () => {
    const orgName = `Bradford District Care ${u}`;
    const org = await h.api('POST', '/organisations', { name: orgName, code: `TA${u}`, kind: 'mental_health', email_domains: [] });
    assert.equal(org.status, 201, JSON.stringify(org.body));
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await h.expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Add a person' }).click();
    await page.getByLabel('Email address').fill(PERSON);
    await page.getByLabel('Full name').fill('Ada Lovelace');
    await page.getByLabel('Organisation').selectOption({ label: orgName });
    await page.getByLabel('Staff group').selectOption({ index: 1 });
    await page.getByLabel('Job role (optional)').fill('Analyst');
    await page.getByLabel('Confer role').selectOption('facilitator');
    await h.expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Add person' }).click();
    await page.getByText('Person added').waitFor();
    await page.getByRole('heading', { level: 1, name: /Ada Lovelace/ }).waitFor();

    await page.getByRole('link', { name: 'Back to people' }).click();
    await page.getByLabel('Search by name or email').fill(PERSON);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/people\?q=ada/);
    await page.getByText('1 person found').waitFor();
    await page.getByRole('cell', { name: PERSON }).waitFor();
    await page.getByRole('cell', { name: orgName }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'people-search');
  });

  it('creates an API token, sees it once, and revokes it', async () => {
    await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'API tokens' }).click();
    const name = `Reporting ${u}`;
    await page.getByLabel('Token name').fill(name);
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent()).trim();
    assert.equal((await h.api('GET', '/me', undefined, token)).status, 200);
    await page.getByRole('cell', { name, exact: true }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'tokens-created');

    await page.getByRole('button', { name: `Revoke token ${name}` }).click();
    await page.getByText(`Token "${name}" revoked`).waitFor();
    await page.getByRole('row', { name: new RegExp(name) }).getByText('Revoked', { exact: true }).waitFor();
    assert.equal((await h.api('GET', '/me', undefined, token)).status, 401);
    await h.expectNoAxeViolations(page);
  });

  it('reads a message in the outbox', async () => {
    await page.goto(`${h.baseURL}/`);
    await page.getByRole('main').getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
    await page.getByRole('cell', { name: ADMIN }).first().waitFor();
    await h.expectNoAxeViolations(page);
    await page.locator('tbody a').first().click();
    await page.getByRole('heading', { level: 2, name: 'Plain text' }).waitFor();
    assert.match(await page.getByTestId('mail-text').textContent(), /\/signin\/verify\?token=/);
    const frame = page.locator('iframe.app-mail-frame');
    if (await frame.count()) {
      assert.equal(await frame.getAttribute('sandbox'), '');
      const res = await page.request.get(h.baseURL + (await frame.getAttribute('src')));
      assert.match(res.headers()['content-security-policy'], /default-src 'none'/);
      await h.expectAccessibleHTML(await res.text());
    }
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'outbox-message');
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in (programme team)' }).waitFor();
    assert.equal((await page.request.get(`${h.baseURL}/api/v1/me`)).status(), 401);
  });
});

describe('on a phone', () => {
  it('signs in and shows home without sideways scrolling', async () => {
    await h.createUser('comms@example.org', 'comms', 'Casey Comms');
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/signin`);
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'phone-signin');
    await h.signInThroughEmail(page, 'comms@example.org');
    assert.match(await page.getByTestId('signed-in-as').textContent(), /Casey Comms \(Communications\)/);
    // On a phone some of the menu sits behind "More" (home.test.mjs checks how).
    const menu = page.getByRole('navigation', { name: 'Menu' });
    assert.deepEqual(await menu.locator('a').allTextContents(), ['Home', 'Coverage', 'Readiness', 'Feedback', 'Campaigns', 'Decisions']);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'phone-home');
    h.expectNoPageProblems(page, expectedHttpErrors);
    await page.close();
  });
});
