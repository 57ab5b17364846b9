// assets.test.mjs checks what every page is built from, as a phone on hospital wifi
// gets it: Arial everywhere (the font files are off, so nothing else would set it),
// compressed assets, only the CSS a page uses (the participant page carries no admin
// styles), no layout shift while public pages load, robots.txt as text, a meta
// description, and no console error on public pages for a signed-out visitor.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const ADMIN = 'e2e-admin@example.org';
const publicPages = ['/', '/book', '/join', '/feedback', '/programme', '/you-said-we-did', '/signin'];

// Selectors that only staff pages use (styles/admin.scss and what it pulls in).
const adminSelectors = ['.nhsuk-table', '.nhsuk-pagination', '.nhsuk-summary-list', '.nhsuk-notification-banner', '.app-table-scroll', '.app-secret', '.app-mail-frame'];

let workshop; // the demo's workshop: { id, join_code }

before(async () => {
  await h.setup();
  const res = await h.api('GET', '/workshops');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  workshop = res.body[0];
  assert.ok(workshop?.join_code, 'the demo data has a workshop');
});
after(h.teardown);

// fontsOf reads the computed font-family of the page's text elements and controls.
function fontsOf(page) {
  return page.evaluate(() => {
    const picks = ['body', 'h1', 'h2', 'p', 'a', 'label', 'input', 'select', 'textarea', 'button', 'th', 'td', 'li', 'footer'];
    const out = {};
    for (const sel of picks) {
      const el = document.querySelector(sel);
      if (el) out[sel] = getComputedStyle(el).fontFamily;
    }
    return out;
  });
}

async function expectArial(page, path) {
  const fonts = await fontsOf(page);
  assert.ok(Object.keys(fonts).length >= 5, `too few elements on ${path}: ${JSON.stringify(fonts)}`);
  for (const [sel, family] of Object.entries(fonts)) {
    assert.match(family, /^arial\b/i, `${sel} on ${path} is in ${family}`);
  }
  return fonts;
}

// cssLoaded lists the stylesheets the page fetched, with their sizes on the wire and
// decoded, from the browser's own performance entries.
function cssLoaded(page) {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname.endsWith('.css'))
      .map((e) => ({ name: new URL(e.name).pathname, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize })),
  );
}

// selectorsPresent says which of the given class selectors any loaded rule uses.
function selectorsPresent(page, wanted) {
  return page.evaluate((wanted) => {
    const found = new Set();
    const walk = (rules) => {
      for (const r of rules) {
        if (r.selectorText) for (const w of wanted) if (r.selectorText.includes(w)) found.add(w);
        if (r.cssRules) walk(r.cssRules);
      }
    };
    for (const s of document.styleSheets) walk(s.cssRules);
    return [...found];
  }, wanted);
}

describe('type', () => {
  it('sets Arial on public pages, the participant page and presenter mode', async () => {
    const page = await h.newPhonePage();
    for (const path of [...publicPages, `/join/${workshop.join_code}`]) {
      await page.goto(h.baseURL + path);
      await page.locator('main h1').first().waitFor();
      await expectArial(page, path);
    }
    await page.close();
  });

  it('sets Arial on signed-in pages, tables and forms included', async () => {
    const page = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await h.signIn(page, ADMIN);
    const seen = new Set();
    for (const path of ['/', '/people', '/organisations', '/sessions/new', '/coverage', `/workshops/${workshop.id}`, `/workshops/${workshop.id}/present`]) {
      await page.goto(h.baseURL + path);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      for (const sel of Object.keys(await expectArial(page, path))) seen.add(sel);
    }
    for (const sel of ['th', 'td', 'input', 'select', 'button', 'h1', 'label']) assert.ok(seen.has(sel), `no ${sel} was checked`);
    await page.close();
  });
});

describe('fast on a phone', () => {
  it('sends compressed assets that decode to the same bytes', async () => {
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/join`, { waitUntil: 'networkidle' });
    const assets = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => new URL(e.name).pathname.startsWith('/assets/'))
        .map((e) => ({ path: new URL(e.name).pathname, encoded: e.encodedBodySize, decoded: e.decodedBodySize })),
    );
    assert.ok(assets.length >= 2, JSON.stringify(assets));
    for (const a of assets.filter((x) => x.decoded > 2048)) {
      assert.ok(a.encoded < a.decoded / 2, `${a.path} came ${a.encoded} bytes for ${a.decoded}: not compressed`);
      // Node decodes brotli and gzip itself; each must give the file's own bytes.
      const plain = await fetch(h.baseURL + a.path, { headers: { 'Accept-Encoding': 'identity' } });
      assert.equal(plain.headers.get('content-encoding'), null);
      const original = Buffer.from(await plain.arrayBuffer());
      for (const enc of ['br', 'gzip']) {
        const res = await fetch(h.baseURL + a.path, { headers: { 'Accept-Encoding': enc } });
        assert.equal(res.headers.get('content-encoding'), enc, `${a.path} with ${enc}`);
        assert.match(res.headers.get('vary') ?? '', /accept-encoding/i);
        assert.ok(Buffer.from(await res.arrayBuffer()).equals(original), `${a.path}: ${enc} does not decode to the file`);
      }
    }
    await page.close();
  });

  it('gives the participant pages no admin styles, and less CSS than a staff page', async (t) => {
    const page = await h.newPhonePage();
    const weights = {};
    for (const path of ['/join', `/join/${workshop.join_code}`]) {
      await page.goto(h.baseURL + path, { waitUntil: 'networkidle' });
      await page.locator('main h1').first().waitFor();
      const css = await cssLoaded(page);
      assert.deepEqual(await selectorsPresent(page, adminSelectors), [], `admin styles on ${path}: ${JSON.stringify(css)}`);
      assert.ok(!css.some((c) => /\/admin-[^/]*\.css$/.test(c.name)), `admin stylesheet loaded on ${path}`);
      weights[path] = css;
    }
    const participant = weights[`/join/${workshop.join_code}`];
    const decoded = participant.reduce((a, c) => a + c.decoded, 0);
    const encoded = participant.reduce((a, c) => a + c.encoded, 0);
    t.diagnostic(`participant page CSS: ${(decoded / 1024).toFixed(1)} KB, ${(encoded / 1024).toFixed(1)} KB on the wire (${participant.map((c) => c.name).join(', ')})`);
    // 133 KB of CSS came uncompressed before; now it is compressed, and stays small.
    assert.ok(encoded < 30 * 1024, `participant CSS is ${encoded} bytes on the wire`);
    assert.ok(decoded < 200 * 1024, `participant CSS is ${decoded} bytes decoded`);

    // A staff page does load the admin styles (so the check above can fail).
    const staff = await h.newPage();
    await h.signIn(staff, ADMIN);
    await staff.goto(`${h.baseURL}/people`, { waitUntil: 'networkidle' });
    await staff.locator('table').first().waitFor();
    assert.ok((await selectorsPresent(staff, adminSelectors)).includes('.nhsuk-table'));
    await staff.close();
    await page.close();
  });

  it('does not shift the layout while public pages load on a slow phone', async (t) => {
    // A 390 px phone, and Lighthouse's emulated Moto G Power (412 px at 1.75x), where
    // /book's filters once re-wrapped as their options arrived.
    const phones = [
      { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
      { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true },
    ];
    // One page per phone, each load a cold one: the cache is off, so every path
    // fetches and compiles everything again, as a first visit does (a fresh page per
    // path measured the same and cost the browser 1.7 times the CPU).
    for (const phone of phones) {
      const page = await h.newPage(phone);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      // Lighthouse's mobile network (150 ms, 1.6 Mbit/s) and a slow phone's CPU.
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.addInitScript(() => {
        window.__cls = 0;
        window.__shifts = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            if (e.hadRecentInput) continue;
            window.__cls += e.value;
            window.__shifts.push(e.sources.map((s) => s.node?.outerHTML?.slice(0, 80) ?? '?').join(' | '));
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      for (const path of ['/book', '/', '/feedback', '/programme', '/join']) {
        await page.goto(h.baseURL + path, { waitUntil: 'networkidle' });
        await page.waitForTimeout(500);
        const { cls, shifts } = await page.evaluate(() => ({ cls: window.__cls, shifts: window.__shifts }));
        const where = `${path} at ${phone.viewport.width} px`;
        t.diagnostic(`${where}: CLS ${cls.toFixed(3)}`);
        assert.ok(cls < 0.05, `${where}: layout shift ${cls.toFixed(3)} from ${JSON.stringify(shifts)}`);
      }
      await page.close();
    }
  });

  it('serves robots.txt as text: public pages allowed, the API and staff areas not', async () => {
    const res = await fetch(`${h.baseURL}/robots.txt`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
    const text = await res.text();
    assert.match(text, /^User-agent: \*$/m);
    assert.match(text, /^Disallow: \/api\/$/m);
    assert.match(text, /^Disallow: \/people$/m);
    assert.doesNotMatch(text, /^Disallow: \/(book|feedback|programme)?$/m);
  });

  it('has a description, axe clean and no console error on public pages signed out', async () => {
    const problems = [];
    const page = await h.newPhonePage();
    for (const path of publicPages) {
      page.problems.length = 0;
      await page.goto(h.baseURL + path, { waitUntil: 'networkidle' });
      await page.locator('main h1').first().waitFor();
      const description = await page.locator('meta[name="description"]').getAttribute('content');
      assert.ok(description && description.length > 50, `${path}: meta description ${description}`);
      await h.expectNoAxeViolations(page);
      problems.push(...page.problems.map((p) => `${path}: ${p}`));
    }
    await page.close();
    // Strict: a signed-out visitor must not see even a 401 from /api/v1/me.
    assert.deepEqual(problems, []);
  });
});
