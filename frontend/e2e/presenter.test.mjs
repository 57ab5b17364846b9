// presenter.test.mjs checks the big screen as a room would see it on a
// projector: no header, menu or footer; a join code and QR code readable from
// the back row; 8 long options and their results on one screen at 1280×720
// and 1920×1080; a live count of the people taking part; the facilitator's
// keys (full screen, next, previous, show and hide results); aligned bars, a
// ranking sorted by score, a word cloud sized by frequency, and no movement
// for people who ask for less. With E2E_SCREENSHOTS set, each state is saved.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import * as h from './harness.mjs';

const u = h.unique();
const OWNER = `owner.${u}@example.nhs.uk`;
const OTHER = `other.${u}@example.nhs.uk`;
const HD = { width: 1920, height: 1080 };
const SMALL = { width: 1280, height: 720 };

const longOptions = [
  'More registered nurses on night shifts across the medical wards',
  'Faster discharge to care homes and home care packages at weekends',
  'A single rota system that every trust and practice in the system uses',
  'Protected time for training, supervision and reflective practice',
  'Better mental health support for staff after difficult shifts',
  'Shared patient records between hospital, GP and community teams',
  'Hot food available for night staff in every hospital site',
  'Clearer career paths for healthcare support workers and assistants',
];

before(async () => {
  await h.setup();
});
after(h.teardown);

/** participant joins over a real websocket; vote() sends a vote and waits for its ack. */
function participant(code) {
  const ws = new WebSocket(`${h.baseURL.replace('http', 'ws')}/ws/join/${code}`);
  const waiting = [];
  ws.on('message', (data) => {
    const f = JSON.parse(String(data));
    for (const w of [...waiting]) {
      if (w.type === f.type) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(f);
      }
    }
  });
  const next = (type) => new Promise((resolve) => waiting.push({ type, resolve }));
  const hello = next('hello');
  return {
    hello,
    async ask(text) {
      await hello;
      const asked = next('asked');
      ws.send(JSON.stringify({ type: 'ask', text }));
      return (await asked).question_id;
    },
    async vote(poll, body) {
      await hello;
      const ack = next('ack');
      ws.send(JSON.stringify({ type: 'vote', poll_id: poll, ...body }));
      await ack;
    },
    close: () => new Promise((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve() : (ws.once('close', resolve), ws.close()))),
  };
}

/** votes has one participant per entry vote, then closes them all. */
async function votes(code, poll, bodies) {
  const people = bodies.map(() => participant(code));
  await Promise.all(people.map((p, i) => p.vote(poll, bodies[i])));
  await Promise.all(people.map((p) => p.close()));
}

async function fitsWithoutScrolling(page) {
  const { scroll, inner, width, innerWidth } = await page.evaluate(() => ({
    scroll: document.scrollingElement.scrollHeight,
    inner: window.innerHeight,
    width: document.scrollingElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(scroll <= inner, `the page scrolls: ${scroll} px tall in a ${inner} px window`);
  assert.ok(width <= innerWidth, `the page scrolls sideways: ${width} px wide in a ${innerWidth} px window`);
}

/** everyVisible checks each element matching sel lies inside the window. */
async function everyVisible(page, sel) {
  const boxes = await page.locator(sel).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
  const size = page.viewportSize();
  assert.ok(boxes.length > 0, `no ${sel}`);
  for (const b of boxes) assert.ok(b.bottom <= size.height + 0.5 && b.right <= size.width + 0.5 && b.top >= 0, `${sel} outside the window: ${JSON.stringify(b)}`);
}

const current = async (w, token) => (await h.api('GET', `/workshops/${w.id}`, undefined, token)).body;
async function until(what, fn, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the big screen', () => {
  let owner;
  let page;
  let w;
  const polls = {};

  before(async () => {
    owner = await h.createUser(OWNER, 'facilitator', 'Olu Owner');
    w = (await h.api('POST', '/workshops', { title: `Winter plan ${u}` }, owner)).body;
    for (const [key, body] of [
      ['single', { kind: 'single', question: 'Which of these would make the biggest difference to your shifts this winter?', options: longOptions }],
      ['ranking', { kind: 'ranking', question: 'Put these in order of importance', options: ['Beds', 'Staff', 'Transport', 'IT'] }],
      ['wordcloud', { kind: 'wordcloud', question: 'One word for this winter?' }],
    ]) {
      const r = await h.api('POST', `/workshops/${w.id}/polls`, body, owner);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      polls[key] = r.body.id;
    }
    page = await h.newPage({ viewport: HD });
    await h.signIn(page, OWNER);
    await page.goto(`${h.baseURL}/workshops/${w.id}/present`);
    await page.getByRole('heading', { level: 1, name: `Winter plan ${u}` }).waitFor();
  });
  after(async () => {
    h.expectNoPageProblems(page, [/status of 40[19]/]);
    await page.close();
  });

  it('has no header, menu or footer, and passes axe before the first poll', async () => {
    assert.equal(await page.locator('header, footer, nav, .nhsuk-header, .nhsuk-footer, .nhsuk-skip-link').count(), 0);
    await page.getByText('Waiting for the first poll.').waitFor();
    await page.getByText('0 people taking part').waitFor();
    await h.expectNoAxeViolations(page);
  });

  it('sizes the join code and QR code for the back row at 1920×1080', async () => {
    const code = page.locator('.app-present__code');
    assert.equal((await code.textContent()).trim(), w.join_code);
    const capHeight = await code.evaluate((el) => {
      const ctx = document.createElement('canvas').getContext('2d');
      const s = getComputedStyle(el);
      ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      return ctx.measureText('HKMPQ').actualBoundingBoxAscent;
    });
    assert.ok(capHeight >= 0.06 * HD.height, `code capitals are ${capHeight.toFixed(1)} px tall, want 6% of ${HD.height}`);
    const qr = await page.getByRole('img', { name: `QR code for the join link, code ${w.join_code}` }).boundingBox();
    assert.ok(qr.width >= 0.35 * HD.height && qr.height >= 0.35 * HD.height, `QR code ${qr.width}×${qr.height}`);
    await everyVisible(page, '.app-present__code, .app-present__qr, .app-present__address');
    await page.getByText(`${new URL(h.baseURL).host}/join`).waitFor();
  });

  it('counts the people taking part as they join and leave', async () => {
    const count = page.locator('.app-present__people');
    await count.filter({ hasText: '0 people taking part' }).waitFor();
    const phone = await h.newPhonePage();
    await phone.goto(`${h.baseURL}/join/${w.join_code}`);
    await count.filter({ hasText: '1 person taking part' }).waitFor();
    const sock = participant(w.join_code);
    await sock.hello;
    await count.filter({ hasText: '2 people taking part' }).waitFor();
    await phone.close();
    await count.filter({ hasText: '1 person taking part' }).waitFor();
    await sock.close();
    await count.filter({ hasText: '0 people taking part' }).waitFor();
  });

  it('moves to the next poll on N and shows the options while results are hidden', async () => {
    await page.keyboard.press('n');
    await page.getByRole('heading', { level: 1, name: /biggest difference/ }).waitFor();
    assert.equal((await current(w, owner)).current_poll_id, polls.single);
    await page.getByText('Poll 1 of 3').waitFor();
    await page.locator('.app-present__options li').nth(7).waitFor();
    for (const size of [SMALL, HD]) {
      await page.setViewportSize(size);
      await fitsWithoutScrolling(page);
      await everyVisible(page, '.app-present__options li');
    }
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, `present-options-1920x1080`, { fullPage: false });
  });

  it('shows and hides results on R, H and B (a clicker’s blank key)', async () => {
    await votes(w.join_code, polls.single, [[0], [1], [1], [2], [3], [3], [3], [4], [5], [6], [7], [7]].map((c) => ({ choices: c })));
    await page.getByText('12 responses so far').waitFor();
    await page.keyboard.press('r');
    await page.locator('.app-bars__item').nth(7).waitFor();
    assert.equal((await current(w, owner)).polls.find((p) => p.id === polls.single).revealed, true);
    await page.getByRole('status').filter({ hasText: 'Results shown' }).waitFor();
    await page.keyboard.press('h');
    await page.locator('.app-bars').waitFor({ state: 'detached' });
    assert.equal((await current(w, owner)).polls.find((p) => p.id === polls.single).revealed, false);
    await page.keyboard.press('b');
    await page.locator('.app-bars').waitFor();
    assert.equal((await current(w, owner)).polls.find((p) => p.id === polls.single).revealed, true);
  });

  it('fits 8 long options with their results, bars aligned, at 1280×720 and 1920×1080', async () => {
    // Audience questions on the join panel too: the top three, or two beside the one being answered.
    const asker = participant(w.join_code);
    const asked = [];
    for (const text of [
      'Will bank and agency staff be invited to the next workshop as well?',
      'How will this be paid for across the integrated care system?',
      'When will we hear what was decided, and who will tell the teams on the wards?',
      'Is there parking?',
    ]) {
      asked.push(await asker.ask(text));
      assert.equal((await h.api('POST', `/questions/${asked.at(-1)}/approve`, undefined, owner)).status, 200);
    }
    await asker.close();
    await page.locator('.app-present__questions li').nth(2).waitFor();
    assert.equal(await page.locator('.app-present__questions li').count(), 3);
    assert.equal((await h.api('POST', `/questions/${asked[2]}/highlight`, undefined, owner)).status, 200);
    await page.getByText('Now answering:').waitFor();
    assert.equal(await page.locator('.app-present__questions li').count(), 2);
    for (const size of [SMALL, { width: 1366, height: 768 }, HD]) {
      await page.setViewportSize(size);
      await page.waitForTimeout(500); // bars finish moving
      await fitsWithoutScrolling(page);
      await everyVisible(page, '.app-bars__item, .app-present__questions li');
      const tracks = await page.locator('.app-bars__track').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
      assert.equal(tracks.length, 8);
      for (const t of tracks) {
        assert.ok(Math.abs(t.x - tracks[0].x) < 0.5 && Math.abs(t.width - tracks[0].width) < 0.5, `bar tracks differ: ${JSON.stringify(tracks.map((b) => [b.x, b.width]))}`);
      }
      const label = await page.locator('.app-bars__label').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      assert.ok(label >= 0.022 * size.height, `labels are ${label} px at ${size.height} px high`);
      await h.screenshot(page, `present-results-${size.width}x${size.height}`, { fullPage: false });
    }
    assert.deepEqual(await page.locator('.app-bars__count').allTextContents(), ['1 vote', '2 votes', '1 vote', '3 votes', '1 vote', '1 vote', '1 vote', '2 votes']);
    const room = Array.from({ length: 23 }, () => participant(w.join_code));
    await Promise.all(room.map((p) => p.hello));
    await page.locator('.app-present__people').filter({ hasText: '23 people taking part' }).waitFor();
    await h.screenshot(page, `present-bigscreen`, { fullPage: false });
    await Promise.all(room.map((p) => p.close()));
    await h.expectNoAxeViolations(page);
  });

  it('moves bars without animation for people who ask for reduced motion', async () => {
    const duration = () => page.locator('.app-bars__bar').first().evaluate((e) => getComputedStyle(e).transitionDuration);
    assert.equal(await duration(), '0.4s');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    assert.equal(await duration(), '0s');
    await page.emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('goes back on P and forward on Page Down, and ranks a ranking by score', async () => {
    await page.keyboard.press('PageDown');
    await page.getByRole('heading', { level: 1, name: 'Put these in order of importance' }).waitFor();
    await page.keyboard.press('p');
    await page.getByRole('heading', { level: 1, name: /biggest difference/ }).waitFor();
    assert.equal((await current(w, owner)).current_poll_id, polls.single);
    await page.keyboard.press('ArrowRight');
    await page.getByRole('heading', { level: 1, name: 'Put these in order of importance' }).waitFor();
    assert.equal((await current(w, owner)).current_poll_id, polls.ranking);
    // Options: Beds 0, Staff 1, Transport 2, IT 3. Staff first twice, IT second: IT > Beds.
    await votes(w.join_code, polls.ranking, [{ choices: [1, 3, 0, 2] }, { choices: [1, 3, 2, 0] }, { choices: [3, 1, 0, 2] }]);
    await page.keyboard.press('r');
    await page.locator('.app-bars__item').nth(3).waitFor();
    await page.getByText('3 responses').waitFor();
    assert.deepEqual(await page.locator('.app-bars__label').allTextContents(), ['Staff', 'IT', 'Beds', 'Transport']);
    assert.deepEqual(await page.locator('.app-bars__count').allTextContents(), ['8 points', '7 points', '2 points', '1 point']);
    await page.keyboard.press('p');
    await page.getByRole('heading', { level: 1, name: /biggest difference/ }).waitFor();
    await page.keyboard.press('p');
    await page.getByRole('status').filter({ hasText: 'This is the first poll' }).waitFor();
    await page.keyboard.press('n');
    await page.getByRole('heading', { level: 1, name: 'Put these in order of importance' }).waitFor();
  });

  it('draws a word cloud sized by how often each word was given, with a table behind it', async () => {
    await page.keyboard.press('n');
    await page.getByRole('heading', { level: 1, name: 'One word for this winter?' }).waitFor();
    await page.getByText('Answer with a word or two on your phone.').waitFor();
    const words = ['staffing', 'staffing', 'staffing', 'staffing', 'beds', 'beds', 'cold', 'flu', 'busy', 'rota'];
    await votes(w.join_code, polls.wordcloud, words.map((text) => ({ text })));
    await page.keyboard.press('r');
    await page.locator('.app-wordcloud__word').nth(5).waitFor();
    const size = (text) => page.locator('.app-wordcloud__word', { hasText: text }).evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    const [staffing, beds, cold] = [await size('staffing'), await size('beds'), await size('cold')];
    assert.ok(staffing > beds && beds > cold, `sizes staffing ${staffing}, beds ${beds}, cold ${cold}`);
    // The biggest word sits in the middle of the cloud.
    const texts = await page.locator('.app-wordcloud__word').allTextContents();
    assert.equal(texts[Math.floor(texts.length / 2)], 'staffing', texts.join(' '));
    await page.getByRole('table', { name: 'Results: One word for this winter?' }).getByRole('row', { name: 'staffing 4' }).waitFor({ state: 'attached' });
    for (const s of [SMALL, HD]) {
      await page.setViewportSize(s);
      await fitsWithoutScrolling(page);
      await everyVisible(page, '.app-wordcloud__word');
    }
    const animation = () => page.locator('.app-wordcloud__word').first().evaluate((e) => getComputedStyle(e).animationName);
    assert.notEqual(await animation(), 'none');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    assert.equal(await animation(), 'none');
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, `present-wordcloud-1920x1080`, { fullPage: false });
  });

  it('goes full screen on F and back on F', async () => {
    await page.keyboard.press('f');
    await page.waitForFunction(() => document.fullscreenElement === document.documentElement);
    await page.keyboard.press('f');
    await page.waitForFunction(() => document.fullscreenElement === null);
  });

  it('shows the keys on ? and on Tab, without cluttering the screen', async () => {
    const legend = page.locator('#present-keys');
    assert.equal(await legend.isVisible(), false);
    const button = page.getByRole('button', { name: 'Keyboard shortcuts' });
    assert.equal(await button.evaluate((e) => getComputedStyle(e).opacity), '0');
    await page.keyboard.press('?');
    await legend.getByText('Next poll').waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, `present-keys-1920x1080`, { fullPage: false });
    await page.keyboard.press('Escape');
    await legend.waitFor({ state: 'hidden' });
    await page.keyboard.press('Tab');
    await button.waitFor();
    assert.equal(await button.evaluate((e) => e === document.activeElement && getComputedStyle(e).opacity), '1');
    await page.keyboard.press('Enter');
    await legend.getByText('Full screen (Esc leaves it)').waitFor();
    await page.getByRole('button', { name: 'Hide keyboard shortcuts' }).click();
    await legend.waitFor({ state: 'hidden' });
  });

  it('lets only the workshop’s own facilitators and admins drive it', async () => {
    await h.createUser(OTHER, 'facilitator', 'Fran Other');
    const other = await h.newPage({ viewport: HD });
    await h.signIn(other, OTHER);
    await other.goto(`${h.baseURL}/workshops/${w.id}/present`);
    await other.getByRole('heading', { level: 1, name: 'One word for this winter?' }).waitFor();
    await other.keyboard.press('h');
    await other.getByRole('status').filter({ hasText: "Only this workshop's facilitators" }).waitFor();
    assert.equal((await current(w, owner)).polls.find((p) => p.id === polls.wordcloud).revealed, true);
    h.expectNoPageProblems(other, [/status of 40[13]/]);
    await other.close();
  });

  it('looks right on a phone and a ward PC', async () => {
    await page.keyboard.press('p');
    await page.getByRole('heading', { level: 1, name: 'Put these in order of importance' }).waitFor();
    await page.keyboard.press('p');
    await page.getByRole('heading', { level: 1, name: /biggest difference/ }).waitFor();
    for (const s of [{ width: 390, height: 844 }, { width: 1366, height: 768 }]) {
      await page.setViewportSize(s);
      await page.waitForTimeout(300);
      const { width, inner } = await page.evaluate(() => ({ width: document.scrollingElement.scrollWidth, inner: innerWidth }));
      assert.ok(width <= inner, `the page scrolls sideways at ${s.width} px: ${width} px wide`);
      await h.screenshot(page, `present-results-${s.width}x${s.height}-full`);
    }
    await h.expectNoAxeViolations(page);
    await page.setViewportSize(HD);
  });
});
