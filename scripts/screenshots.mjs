// screenshots.mjs renders every page of Confer (every route in frontend/src/app.tsx,
// with real ids from the demo data, signed out and signed in, and presenter mode) at a
// phone's, a ward PC's and a projector's size, full page, for people to look at before
// calling a page done. scripts/screenshots.sh starts the demo server and calls it:
//
//   node scripts/screenshots.mjs BASE_URL SIGN_IN_LINK OUT_DIR
//
// SHOTS_ONLY=book,coverage renders only pages whose name contains one of those words.
// CHROMIUM is the browser (default /usr/bin/chromium).
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '../..');
const { chromium } = createRequire(join(root, 'frontend/package.json'))('playwright-core');
const [base, signInLink, outDir] = process.argv.slice(2);
const only = (process.env.SHOTS_ONLY || '').split(',').filter(Boolean);
const sizes = [
  { name: 'phone', width: 390, height: 844, mobile: true },
  { name: 'laptop', width: 1366, height: 768 },
  { name: 'projector', width: 1920, height: 1080 },
];

// firstId finds the first object with an id in an API answer (a list, or {items: [...]}).
function firstId(json) {
  if (Array.isArray(json)) {
    for (const x of json) {
      const id = firstId(x);
      if (id !== undefined) return id;
    }
    return undefined;
  }
  if (json && typeof json === 'object') {
    if ('id' in json) return json.id;
    for (const v of Object.values(json)) {
      const id = firstId(v);
      if (id !== undefined) return id;
    }
  }
  return undefined;
}

async function getJSON(context, path) {
  const res = await context.request.get(`${base}/api/v1${path}`);
  return res.ok() ? res.json() : undefined;
}

// idsFrom reads one real id of each kind the routes need, through the signed-in session.
async function idsFrom(context) {
  const get = async (path) => firstId(await getJSON(context, path));
  const workshops = (await getJSON(context, '/workshops')) ?? [];
  const session = await get('/sessions');
  const sessionBody = session ? await getJSON(context, `/sessions/${session}`) : undefined;
  return {
    organisation: await get('/organisations'),
    person: await get('/people'),
    outbox: await get('/outbox?per_page=1'),
    channel: await get('/channels'),
    post: await get('/feedback/queue'),
    slot: await get('/slots'),
    session,
    sessionSlot: firstId(sessionBody?.slots ?? []),
    campaign: await get('/campaigns'),
    workshop: workshops[0]?.id,
    joinCode: workshops[0]?.join_code,
  };
}

// pages lists [name, path, signedIn] for every route of app.tsx.
function pages(ids) {
  const out = [
    ['home-signed-out', '/', false],
    ['signin', '/signin', false],
    ['signin-check-email', '/signin/check-email', false],
    ['signin-verify', '/signin/verify', false],
    ['feedback', '/feedback', false],
    ['feedback-channel', `/feedback/channels/${ids.channel}`, false],
    ['feedback-follow', '/feedback/follow/not-a-real-link', false],
    ['you-said-we-did', '/you-said-we-did', false],
    ['book', '/book', false],
    ['book-slot', `/book/${ids.slot}`, false],
    ['booking-manage', '/bookings/not-a-real-link', false],
    ['booking-confirm', '/bookings/confirm/not-a-real-link', false],
    ['join', '/join', false],
    ['join-workshop', `/join/${ids.joinCode}`, false],
    ['programme', '/programme', false],
    ['not-found', '/no/such/page', false],
    ['home-signed-in', '/', true],
    ['organisations', '/organisations', true],
    ['organisation', `/organisations/${ids.organisation}`, true],
    ['people', '/people', true],
    ['person', `/people/${ids.person}`, true],
    ['tokens', '/tokens', true],
    ['outbox', '/outbox', true],
    ['outbox-message', `/outbox/${ids.outbox}`, true],
    ['feedback-triage', '/feedback/triage', true],
    ['feedback-triage-post', `/feedback/triage/${ids.post}`, true],
    ['feedback-manage', '/feedback/manage', true],
    ['feedback-manage-channel', `/feedback/manage/${ids.channel}`, true],
    ['sessions', '/sessions', true],
    ['session-new', '/sessions/new', true],
    ['session', `/sessions/${ids.session}`, true],
    ['session-roster', `/sessions/${ids.session}/slots/${ids.sessionSlot}`, true],
    ['contacts', '/contacts', true],
    ['campaigns', '/campaigns', true],
    ['campaign-new', '/campaigns/new', true],
    ['campaign-edit', `/campaigns/${ids.campaign}/edit`, true],
    ['campaign', `/campaigns/${ids.campaign}`, true],
    ['coverage-draft', `/coverage/drafts/${ids.campaign}`, true],
    ['workshops', '/workshops', true],
    ['workshop-control', `/workshops/${ids.workshop}`, true],
    ['workshop-present', `/workshops/${ids.workshop}/present`, true],
    ['coverage', '/coverage', true],
    ['coverage-targets', '/coverage/targets', true],
  ];
  return out.filter(([name, path]) => {
    if (path.includes('undefined')) {
      console.log(`${name.padEnd(26)} skipped: the demo data has none`);
      return false;
    }
    return only.length === 0 || only.some((w) => name.includes(w));
  });
}

async function shoot(context, name, path, dir) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  try {
    await page.goto(base + path, { waitUntil: 'networkidle', timeout: 60_000 });
    await page.waitForTimeout(300); // let live results and fonts settle
    for (const s of sizes) {
      await page.setViewportSize({ width: s.width, height: s.height });
      await page.waitForTimeout(150);
      await page.screenshot({ path: join(dir, `${name}-${s.name}.png`), fullPage: true });
    }
    console.log(`${name.padEnd(26)} ${path}${problems.length ? `  (page errors: ${problems.join('; ')})` : ''}`);
  } catch (err) {
    console.log(`${name.padEnd(26)} ${path}  FAILED: ${err.message.split('\n')[0]}`);
  } finally {
    await page.close();
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  await mkdir(outDir, { recursive: true });
  const signedOut = await browser.newContext();
  const signedIn = await browser.newContext();
  const page = await signedIn.newPage();
  await page.goto(signInLink);
  await page.getByRole('button', { name: 'Continue to Confer' }).click();
  await page.waitForURL(`${base}/`);
  await page.close();
  // A mail in the outbox, so its message page has something to show.
  await signedOut.request.post(`${base}/api/v1/auth/signin`, { data: { email: 'comms@confer.example' } });
  const ids = await idsFrom(signedIn);
  for (const [name, path, auth] of pages(ids)) await shoot(auth ? signedIn : signedOut, name, path, outDir);
  console.log(`==> screenshots in ${outDir} (phone 390x844, laptop 1366x768, projector 1920x1080)`);
} finally {
  await browser.close();
}
