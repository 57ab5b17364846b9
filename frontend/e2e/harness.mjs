// harness.mjs runs Confer for browser tests: it starts $CONFER_BIN on a free
// port with a fresh data directory (or the DATABASE_URL it is given), makes an
// admin API token, and drives Debian's Chromium (its headless shell where installed)
// through playwright-core.
// Feature tests import it; each test file gets its own server and one Chromium
// that its tests share (each page in a context of its own), since `node --test`
// runs each file in its own process. Files run side by side
// (--test-concurrency), so nothing here is shared between files: a free port, a
// data directory and (on Postgres) a database each. With DATABASE_URL the files
// share one database, so tests name what they create with unique().
// E2E_SERVER_LOG=1 echoes the server's log.
//
// Take it, describe, before and after from here, not from node:test: these give
// every test and hook a limit of its own (E2E_TEST_TIMEOUT ms, default 300000),
// generous enough for a busy machine, short enough that a hung test fails and the
// file goes on. e2e/limits.test.mjs checks that every file does.
//
//   import { after, before, describe, it } from './harness.mjs';
//   import * as h from './harness.mjs';
//   before(h.setup); after(h.teardown);
import { spawn, execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import * as nodeTest from 'node:test';
import { chromium } from 'playwright-core';

/** testTimeout is the ms one test or hook may take (E2E_TEST_TIMEOUT, default 300000). */
export const testTimeout = Number(process.env.E2E_TEST_TIMEOUT) || 300_000;

// limitTest and limitHook give node:test's functions the per-test limit, unless a
// test asks for its own.
const limitTest =
  (register) =>
  (name, options, fn) => {
    if (typeof options === 'function') [options, fn] = [{}, options];
    return register(name, { timeout: testTimeout, ...options }, fn);
  };
const limitHook = (register) => (fn, options) => register(fn, { timeout: testTimeout, ...options });

export const describe = nodeTest.describe;
export const it = limitTest(nodeTest.it);
export const test = limitTest(nodeTest.test);
export const before = limitHook(nodeTest.before);
export const after = limitHook(nodeTest.after);
export const beforeEach = limitHook(nodeTest.beforeEach);
export const afterEach = limitHook(nodeTest.afterEach);

const here = dirname(fileURLToPath(import.meta.url));
export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** baseURL is the running server, such as http://127.0.0.1:41234 (set by setup). */
export let baseURL = '';
/** adminToken is an API token for e2e-admin@example.org (set by setup). */
export let adminToken = '';
/** browser is the shared Chromium (set by setup). */
export let browser;

let server;
let dataDir;
let extraEnv = {};

/** withServerEnv adds settings (CONFER_OIDC_*, say) to the server the next setup starts. */
export function withServerEnv(vars) {
  extraEnv = { ...vars };
}
let serverLog = '';
let env;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The limit is the test's own: at load average 40 a server took over 30 s to start.
async function waitReady(timeoutMs = testTimeout) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`confer exited with ${server.exitCode}:\n${serverLog}`);
    try {
      const res = await fetch(`${baseURL}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`confer was not ready within ${timeoutMs} ms:\n${serverLog}`);
}

/** confer runs a CLI command of the binary against the test server's database. */
export async function confer(...args) {
  const { stdout } = await promisify(execFile)(process.env.CONFER_BIN, args, { env, timeout: testTimeout });
  return stdout;
}

/** createUser makes (or updates) a person with a staff role and returns an API token for them. */
export async function createUser(email, role, name) {
  const args = ['token', 'create', '--email', email, '--role', role];
  if (name) args.push('--name', name);
  const lines = (await confer(...args)).trim().split('\n');
  return lines[lines.length - 1].trim();
}

/** startServer starts the binary and waits for /readyz. */
export async function startServer() {
  assert.ok(process.env.CONFER_BIN, 'set CONFER_BIN to the confer binary (for example CONFER_BIN=../bin/confer)');
  dataDir = await mkdtemp(join(tmpdir(), 'confer-e2e-'));
  const databaseURL = await ownDatabase();
  // A port found free can be taken by another file's server before ours binds
  // it (files run side by side): then try another.
  for (let attempt = 1; ; attempt++) {
    try {
      await spawnServer(await freePort(), databaseURL);
      break;
    } catch (err) {
      if (attempt === 3 || !/address already in use/.test(serverLog)) throw err;
    }
  }
  adminToken = await createUser('e2e-admin@example.org', 'admin', 'E2E Admin');
}

async function spawnServer(port, databaseURL) {
  baseURL = `http://127.0.0.1:${port}`;
  // A small, explicit environment: a developer's own CONFER_* settings (a
  // SendGrid key, say) must never reach a test server.
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? dataDir,
    TMPDIR: process.env.TMPDIR ?? tmpdir(),
    CONFER_ADDR: `127.0.0.1:${port}`,
    CONFER_DATA_DIR: dataDir,
    CONFER_DEMO: '1',
    CONFER_RATE_LIMIT: '0',
    CONFER_BASE_URL: baseURL,
    ...(databaseURL ? { DATABASE_URL: databaseURL } : {}),
    ...(process.env.CONFER_LOG_LEVEL ? { CONFER_LOG_LEVEL: process.env.CONFER_LOG_LEVEL } : {}),
    ...extraEnv,
  };
  serverLog = '';
  server = spawn(process.env.CONFER_BIN, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const echo = process.env.E2E_SERVER_LOG === '1';
  for (const stream of [server.stdout, server.stderr]) {
    stream.on('data', (d) => {
      serverLog += d;
      if (echo) process.stderr.write(d);
    });
  }
  await waitReady();
}

/** stopServer ends the server and removes its data directory. */
export async function stopServer() {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, sleep(5000).then(() => server.kill('SIGKILL'))]);
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

/** chromiumPath is the browser the tests drive: $CHROMIUM, else Debian's
 * chromium-headless-shell when it is installed, else Debian's chromium. The headless
 * shell is the same Chromium build (package chromium-headless-shell) without the
 * desktop browser around it, and what Playwright itself runs for headless tests;
 * measured here, it costs a third of the CPU per page (0.75 s against 2.3 s to open
 * /book in a fresh page), which is most of what the browser tests cost. */
export const chromiumPath =
  process.env.CHROMIUM || (existsSync('/usr/bin/chromium-headless-shell') ? '/usr/bin/chromium-headless-shell' : '/usr/bin/chromium');

/** launchBrowser starts headless Chromium (chromiumPath). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** setup starts the server and the browser; use it as `before(setup)`. */
export async function setup() {
  await startServer();
  browser = await launchBrowser();
}

/** setupWith is setup with settings of the file's own, such as
 * `before(setupWith({ CONFER_DPO_EMAIL: 'dpo@example.org' }))`. */
export function setupWith(vars) {
  return async () => {
    withServerEnv(vars);
    await setup();
  };
}

/** teardown closes the browser and the server; use it as `after(teardown)`. */
export async function teardown() {
  await browser?.close();
  await stopServer();
}

/** unique returns a short random suffix, so data a test creates cannot clash
 * with another file's or an earlier run's in a shared database. */
export function unique() {
  return Math.random().toString(36).slice(2, 8);
}

/** serverOutput is the server's log so far, for failure messages. */
export const serverOutput = () => serverLog;

/** api calls /api/v1 with a bearer token (the admin's by default) and returns
 * { status, body } with the JSON body parsed when there is one. */
export async function api(method, path, body, token = adminToken) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${baseURL}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}

/** newestMail returns the newest outbox message to an address, or undefined. */
export async function newestMail(email) {
  const res = await api('GET', `/outbox?to=${encodeURIComponent(email)}&per_page=1`);
  assert.equal(res.status, 200, `GET /outbox: ${JSON.stringify(res.body)}`);
  return res.body.items[0];
}

/** waitForMail waits for a message to an address newer than afterId. */
export async function waitForMail(email, afterId = 0, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = await newestMail(email);
    if (m && m.id > afterId) return m;
    await sleep(100);
  }
  throw new Error(`no new mail to ${email} within ${timeoutMs} ms`);
}

/** signInLink asks for a sign-in link on the page, then reads it from the outbox. */
export async function signInLink(page, email) {
  const before = (await newestMail(email))?.id ?? 0;
  await page.goto(`${baseURL}/signin`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  // "Check your email", or where mail goes to the outbox (as here) the page that says so.
  await page.getByRole('heading', { level: 1, name: /Check your email|sign-in link/ }).waitFor();
  return signInLinkIn(await waitForMail(email, before), email);
}

// signInLinkIn finds the sign-in link in a mail from the outbox.
function signInLinkIn(mail, email) {
  const link = mail.text.match(/https?:\/\/\S+\/signin\/verify\?token=[^\s"'<>]+/)?.[0];
  assert.ok(link, `no sign-in link in mail to ${email}:\n${mail.text}`);
  return link;
}

/** signInThroughEmail signs a person in as they do: the sign-in form, the emailed
 * link from the outbox, and the "Continue to Confer" button. */
export async function signInThroughEmail(page, email) {
  const link = await signInLink(page, email);
  await page.goto(link);
  await page.getByRole('button', { name: 'Continue to Confer' }).click();
  await page.waitForURL(`${baseURL}/`);
  await page.getByText('Signed in as').waitFor();
}

/** signIn signs a person in and opens the home page signed in. It asks for the
 * link and exchanges it over the API (the same requests the sign-in pages make),
 * then gives the page's context the session cookie: two page loads fewer than
 * signInThroughEmail, which foundation.test.mjs uses to check those pages. */
export async function signIn(page, email) {
  const before = (await newestMail(email))?.id ?? 0;
  const asked = await api('POST', '/auth/signin', { email }, '');
  assert.equal(asked.status, 202, `POST /auth/signin: ${JSON.stringify(asked.body)}`);
  const token = new URL(signInLinkIn(await waitForMail(email, before), email)).searchParams.get('token');
  await signInWithToken(page, token);
}

/** signInWithToken exchanges a sign-in link's token for a session over the API and
 * opens the home page signed in: signIn's second half, for a file whose mail goes
 * somewhere other than the outbox (a fake SendGrid, say). */
export async function signInWithToken(page, token) {
  const res = await fetch(`${baseURL}/api/v1/auth/verify`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ token }),
  });
  assert.equal(res.status, 200, `POST /auth/verify: ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    return { name: pair.slice(0, i), value: pair.slice(i + 1), url: baseURL, httpOnly: true, sameSite: 'Lax' };
  });
  assert.ok(cookies.length > 0, 'POST /auth/verify set no cookie');
  await page.context().addCookies(cookies);
  await page.goto(`${baseURL}/`);
  await page.getByText('Signed in as').waitFor();
}

/** newPage opens a page that records console errors and uncaught exceptions
 * (CSP violations show up there) in page.problems. */
export async function newPage(options = {}, b = browser) {
  // A page in its own context: axe needs one, and each page gets its own cookies.
  const context = await b.newContext(options);
  const page = await context.newPage();
  page.once('close', () => context.close().catch(() => {}));
  page.setDefaultTimeout(60_000); // a slow step on a busy machine is not a hung one: the per-test limit catches those
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') page.problems.push(`console (${m.location().url || page.url()}): ${m.text()}`);
  });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  return page;
}

/** newPhonePage opens a phone-sized page (390×844, touch). */
export function newPhonePage(b = browser) {
  return newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, b);
}

/** expectNoPageProblems fails on console errors or exceptions seen so far,
 * except those matching an allowed pattern (such as an expected 4xx). */
export function expectNoPageProblems(page, allowed = []) {
  const left = (page.problems ?? []).filter((p) => !allowed.some((re) => re.test(p)));
  assert.deepEqual(left, [], `problems on ${page.url()}`);
}

/** expectNoAxeViolations runs axe (WCAG 2.0–2.2 A and AA) on the page and in each
 * frame that may run scripts, and fails with a readable list of any violations. */
export async function expectNoAxeViolations(page, { exclude = [] } = {}) {
  const violations = await axeIn(page.mainFrame(), exclude);
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    // A frame sandboxed without allow-scripts (like the outbox's mail preview) cannot run
    // axe; the iframe element itself is still checked in its parent, and such content on
    // its own page by expectAccessibleHTML.
    const { runsScripts, name } = await (await frame.frameElement()).evaluate((e) => ({
      runsScripts: !e.hasAttribute('sandbox') || /(^|\s)allow-scripts(\s|$)/.test(e.getAttribute('sandbox')),
      name: e.getAttribute('title') || e.getAttribute('src') || 'iframe',
    }));
    if (!runsScripts) continue;
    for (const v of await axeIn(frame, [])) violations.push({ ...v, id: `${v.id} in the frame "${name}"` });
  }
  const report = violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')}`)
    .join('\n');
  assert.equal(violations.length, 0, `axe violations on ${page.url()}:\n${report}`);
}

// axe-core, as @axe-core/playwright depends on it.
const requireAxe = createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright'));
const axeSource = readFileSync(requireAxe.resolve('axe-core/axe.min.js'), 'utf8');

// axeIn runs axe in one frame's document, loading axe-core into it only if that
// document does not have it yet. AxeBuilder loads it again on every call, into the
// page and each frame: on a fresh page that compiling cost more CPU than the checks,
// and it gives each frame 1 s to load it, then skips the frame without a word (on a
// busy machine, a frame's violations went unseen). Here every frame is checked by its
// own run, with no time limit but the test's.
async function axeIn(frame, exclude) {
  if (!(await frame.evaluate(() => typeof window.axe?.run === 'function'))) await frame.evaluate(axeSource);
  const { violations } = await frame.evaluate(
    ([exclude, tags]) =>
      window.axe.run(exclude.length ? { exclude } : document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
        iframes: false,
      }),
    [exclude, axeTags],
  );
  return violations;
}

/** expectAccessibleHTML loads a whole HTML document (such as a mail's HTML
 * part) into a fresh page and runs axe on it. */
export async function expectAccessibleHTML(html) {
  const page = await newPage();
  try {
    await page.setContent(html);
    await expectNoAxeViolations(page);
  } finally {
    await page.close();
  }
}

/** screenshotDir is where screenshots go: E2E_SCREENSHOTS names it ("1" means
 * e2e/screenshots); unset, no screenshot is taken. They are for people to look at,
 * not assertions, and a full-page PNG costs the browser most of a second, so a test
 * run leaves them out; scripts/screenshots.sh renders every page for review. */
export const screenshotDir = process.env.E2E_SCREENSHOTS === '1' ? join(here, 'screenshots') : process.env.E2E_SCREENSHOTS || '';

/** screenshot saves a PNG of the page (full page unless fullPage is false) to
 * screenshotDir/NAME.png, when E2E_SCREENSHOTS is set. */
export async function screenshot(page, name, { fullPage = true } = {}) {
  if (!screenshotDir) return;
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage });
}

/** screenshotSizes saves NAME-WxH.png at each [width, height] and puts the page's
 * size back, when E2E_SCREENSHOTS is set. */
export async function screenshotSizes(page, name, sizes = [[390, 844], [1366, 768], [1920, 1080]]) {
  if (!screenshotDir) return;
  const was = page.viewportSize();
  for (const [width, height] of sizes) {
    await page.setViewportSize({ width, height });
    await screenshot(page, `${name}-${width}x${height}`);
  }
  if (was) await page.setViewportSize(was);
}

// ownDatabase gives this test file a Postgres database of its own when
// CONFER_E2E_PG_ADMIN names a server (the Postgres pass of make test), so files
// never see each other's data; else it passes DATABASE_URL on, or none (SQLite).
async function ownDatabase() {
  const admin = process.env.CONFER_E2E_PG_ADMIN;
  if (!admin) return process.env.DATABASE_URL;
  const name = `confer_e2e_${randomBytes(6).toString('hex')}`;
  await promisify(execFile)('psql', [admin, '-q', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`]);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}
