// home.test.mjs: the front door a visitor sees, the header's menu (one row on
// a desktop, "More" on a phone), the team's "needs your attention" home per
// role with data made through the API, the account menu's API tokens, and
// public pages that log no console error (no 401 for a visitor).
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const u = h.unique();
const desktop = { viewport: { width: 1366, height: 768 } };

before(h.setup);
after(h.teardown);

// useArial sets the NHS fallback font, as the site's own styles do, so row
// widths are measured in the font people see (a constructed sheet: the CSP
// refuses inline styles).
async function useArial(page) {
  await page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('html, body, .nhsuk-header * { font-family: Arial, sans-serif !important }');
    document.adoptedStyleSheets = [sheet];
  });
}

// rowTops gives each menu entry's label and top edge, and whether it is shown.
function menuEntries(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.app-header-nav .nhsuk-header__navigation-list > li')].map((li) => ({
      text: li.textContent.trim(),
      top: Math.round(li.getBoundingClientRect().top),
      shown: li.offsetParent !== null,
    })),
  );
}

describe('a visitor', () => {
  it('finds every way in on the front door, and the code box goes to the workshop', async () => {
    const site = (await h.api('GET', '/site')).body;
    for (const size of [{ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, desktop]) {
      const page = await h.newPage(size);
      await page.goto(h.baseURL);
      await page.getByRole('heading', { level: 1, name: site.programme }).waitFor();
      if (site.ics) await page.getByRole('banner').getByText(site.ics).waitFor();
      await page.getByRole('banner').getByText(site.programme).waitFor();
      const main = page.getByRole('main');
      for (const [name, href] of [
        ['Book a session', '/book'],
        ['Have your say', '/feedback'],
        ['The programme', '/programme'],
        ['You said, we did', '/you-said-we-did'],
        ['Sign in (programme team)', '/signin'],
      ]) {
        assert.equal(await main.getByRole('link', { name, exact: true }).getAttribute('href'), href);
      }
      await main.getByText('Facilitators, communications staff and administrators sign in').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `front door is ${overflow}px wider than the screen`);
      await h.expectNoAxeViolations(page);

      // The code box: nothing typed says what to do; a code goes to its page.
      await page.getByRole('button', { name: 'Join', exact: true }).click();
      await page.getByRole('link', { name: /Enter the join code shown on the screen/ }).waitFor();
      await page.locator('#code-error').waitFor();
      await h.expectNoAxeViolations(page);
      await page.getByLabel('Join code').fill('k7m-q2p');
      await page.getByRole('button', { name: 'Join', exact: true }).click();
      await page.waitForURL(`${h.baseURL}/join/K7MQ2P`);
      await page.close();
    }
  });

  it('is told honestly where the sign-in link goes when mail waits in the outbox', async () => {
    assert.equal((await h.api('GET', '/site', undefined, '')).body.mail, 'outbox');
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/signin`);
    await page.getByText('Sign-in is for the programme team').waitFor();
    await page.getByLabel('Email address').fill(`nobody.${u}@example.org`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ask an administrator for your sign-in link' }).waitFor();
    await page.getByText('Messages wait in its outbox, which an administrator can read').waitFor();
    assert.equal(await page.getByText('Check your junk or spam folder').count(), 0);
    await h.expectNoAxeViolations(page);
    h.expectNoPageProblems(page);
    await page.close();
  });

  it('sees no console error on any public page (no 401 while signed out)', async () => {
    const page = await h.newPage(desktop);
    const failed = [];
    page.on('response', (res) => {
      if (res.status() >= 400) failed.push(`${res.status()} ${res.url()}`);
    });
    for (const path of ['/', '/book', '/join', '/feedback', '/programme', '/you-said-we-did', '/signin']) {
      await page.goto(h.baseURL + path, { waitUntil: 'networkidle' });
      await page.locator('#maincontent h1').waitFor();
    }
    assert.deepEqual(failed, []);
    h.expectNoPageProblems(page);
    // API clients still get their 401 from /me.
    assert.equal((await h.api('GET', '/me', undefined, '')).status, 401);
    await page.close();
  });

  it('has the public menu in the header, behind "More" on a phone', async () => {
    const page = await h.newPhonePage();
    await page.goto(h.baseURL + '/book');
    const nav = page.getByRole('navigation', { name: 'Menu' });
    const more = nav.getByRole('button', { name: /More/ });
    await more.waitFor();
    // expanded waits for the menu to render the state it asserts (Preact renders after
    // the event), then reads it: a busy machine once read it before the render.
    const expanded = async (want) => {
      await more.and(page.locator(`[aria-expanded="${want}"]`)).waitFor({ timeout: 10_000 }).catch(() => {});
      return more.getAttribute('aria-expanded');
    };
    assert.deepEqual(await nav.locator('a').allTextContents(), ['Book a session', 'Have your say', 'Join a workshop', 'The programme', 'You said, we did', 'Decisions']);
    assert.equal(await expanded('false'), 'false');
    await more.click();
    assert.equal(await expanded('true'), 'true');
    await nav.getByRole('link', { name: 'You said, we did' }).click();
    await page.waitForURL(`${h.baseURL}/you-said-we-did`);
    assert.equal(await expanded('false'), 'false', 'the menu closes on following a link');
    // Keyboard: open with Enter, leave with Escape, focus back on the button.
    await more.focus();
    await page.keyboard.press('Enter');
    assert.equal(await expanded('true'), 'true');
    await h.expectNoAxeViolations(page);
    await page.keyboard.press('Escape');
    assert.equal(await expanded('false'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Browse More');
    await page.close();
  });
});

describe('the programme team', () => {
  const facilitator = `fran.${u}@example.org`;
  const other = `olu.${u}@example.org`;
  const comms = `casey.${u}@example.org`;
  let facilitatorToken;
  let commsToken;

  before(async () => {
    facilitatorToken = await h.createUser(facilitator, 'facilitator', 'Fran Facilitator');
    await h.createUser(other, 'facilitator', 'Olu Other');
    commsToken = await h.createUser(comms, 'comms', 'Casey Comms');
    // Fran's session, with one time in two days.
    const session = await h.api('POST', '/sessions', {
      title: `Digital ward rounds ${u}`, description: 'How ward rounds change with the new record.',
      category: 'clinical', format: 'virtual', meeting_url: 'https://teams.example/meet/1',
    }, facilitatorToken);
    assert.equal(session.status, 201, JSON.stringify(session.body));
    const start = new Date(Date.now() + 2 * 24 * 3600 * 1000);
    start.setUTCMinutes(0, 0, 0);
    const slot = await h.api('POST', `/sessions/${session.body.id}/slots`, {
      starts_at: start.toISOString(), ends_at: new Date(start.getTime() + 45 * 60000).toISOString(), capacity: 20,
    }, facilitatorToken);
    assert.equal(slot.status, 201, JSON.stringify(slot.body));
    // Casey's campaign to the demo staff, awaiting approval.
    const c = await h.api('POST', '/campaigns', {
      name: `Go-live ${u}`, subject: 'The new record goes live', body_markdown: 'Hello', kind: 'newsletter', audience: {},
    }, commsToken);
    assert.equal(c.status, 201, JSON.stringify(c.body));
    assert.equal((await h.api('POST', `/campaigns/${c.body.id}/submit`, undefined, commsToken)).status, 200);
  });

  it('a facilitator sees their own sessions, not campaigns', async () => {
    const page = await h.newPage(desktop);
    await h.signIn(page, facilitator);
    await page.getByRole('heading', { level: 1, name: 'What needs your attention' }).waitFor();
    const attention = page.getByTestId('attention');
    await attention.getByRole('link', { name: '1 session you run in the next 7 days' }).waitFor();
    assert.equal(await attention.getByRole('link', { name: /session you run/ }).first().getAttribute('href'), '/sessions');
    assert.equal(await page.getByText(/campaign/i).count(), 0, 'a facilitator is shown nothing about campaigns');
    await page.getByTestId('all-clear').getByText('No workshops of yours in the next 7 days').waitFor();
    await h.expectNoAxeViolations(page);
    h.expectNoPageProblems(page);
    await page.close();

    // Another facilitator does not see Fran's session.
    const olu = await h.newPage(desktop);
    await h.signIn(olu, other);
    await olu.getByTestId('all-clear').getByText('No sessions of yours in the next 7 days').waitFor();
    assert.equal(await olu.getByText(/session you run/).count(), 0);
    await olu.close();
  });

  it('an admin sees the campaign waiting for approval and the new feedback, counted as the API counts them', async () => {
    const home = (await h.api('GET', '/home')).body;
    assert.ok(home.approvals.count >= 1, JSON.stringify(home));
    const page = await h.newPage(desktop);
    await h.signIn(page, 'e2e-admin@example.org');
    const attention = page.getByTestId('attention');
    const n = home.approvals.count;
    await attention.getByRole('link', { name: `${n} ${n === 1 ? 'campaign' : 'campaigns'} waiting for your approval` }).waitFor();
    if (home.new_feedback.count > 0) {
      const f = home.new_feedback.count;
      const link = attention.getByRole('link', { name: `${f} new feedback ${f === 1 ? 'post' : 'posts'} to triage` });
      assert.equal(await link.getAttribute('href'), '/feedback/triage?status=new');
    }
    await page.getByRole('heading', { level: 2, name: 'Your areas' }).waitFor();
    await h.expectNoAxeViolations(page);
    h.expectNoPageProblems(page);
    await page.close();
  });

  it('the author of a campaign is not asked to approve it, and sees no sessions', async () => {
    const page = await h.newPhonePage();
    await h.signIn(page, comms);
    await page.getByRole('heading', { level: 1, name: 'What needs your attention' }).waitFor();
    assert.equal((await h.api('GET', '/home', undefined, commsToken)).body.approvals.count, 0);
    await page.getByTestId('all-clear').getByText('No campaigns waiting for your approval').waitFor();
    assert.equal(await page.getByText(/session/).count(), 0, 'comms are shown nothing about sessions');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `home is ${overflow}px wider than the phone`);
    await h.expectNoAxeViolations(page);
    await page.close();
  });

  it('the menu fits one row on a ward PC and goes behind "More" on a phone; API tokens are in the account menu', async () => {
    const page = await h.newPage(desktop);
    await h.signIn(page, 'e2e-admin@example.org');
    await useArial(page);
    await page.setViewportSize({ width: 1365, height: 768 }); // measure again in Arial
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.waitForFunction(() => document.querySelector('.nhsuk-header__menu')?.hidden === true);
    const row = await menuEntries(page);
    const shown = row.filter((e) => e.shown);
    // The outbox left the menu for Decisions (issue 16), organisations for Readiness (issue
    // 17); the home page still lists them.
    assert.deepEqual(shown.map((e) => e.text), ['Home', 'Engagement sessions', 'People', 'Workshops', 'Coverage', 'Readiness', 'Feedback', 'Campaigns', 'Decisions']);
    assert.equal(new Set(shown.map((e) => e.top)).size, 1, `menu is not one row: ${JSON.stringify(shown)}`);

    await page.setViewportSize({ width: 390, height: 844 });
    const nav = page.getByRole('navigation', { name: 'Menu' });
    const more = nav.getByRole('button', { name: /More/ });
    await more.waitFor();
    const phone = (await menuEntries(page)).filter((e) => e.shown);
    assert.equal(new Set(phone.map((e) => e.top)).size, 1, `phone menu is not one row: ${JSON.stringify(phone)}`);
    assert.equal(phone.at(-1).text.startsWith('Browse More'), true);
    await more.click();
    await nav.getByRole('link', { name: 'Decisions' }).waitFor();
    await h.expectNoAxeViolations(page);
    await more.click();

    const account = page.getByRole('navigation', { name: 'Your account' });
    await account.getByText('E2E Admin').waitFor();
    await account.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    assert.equal(await nav.locator('a', { hasText: 'API tokens' }).count(), 0, 'API tokens are not in the area menu');
    h.expectNoPageProblems(page);
    await page.close();
  });
});
