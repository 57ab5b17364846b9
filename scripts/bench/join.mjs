// join.mjs times the answer to a wrong join code on a phone-sized page of a running
// Confer: on /join from pressing Join to "No workshop with code X", and on /join/CODE
// from opening the address to that heading. join.sh starts the server.
//
//   node scripts/bench/join.mjs BASE_URL
//
// Environment: JOIN_RUNS runs of each, the median kept (default 5); CHROMIUM.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [base] = process.argv.slice(2);
const runs = Number(process.env.JOIN_RUNS || 5);
const limitMs = 3000;
const root = join(fileURLToPath(import.meta.url), '../../..');
const { chromium } = createRequire(join(root, 'frontend/package.json'))('playwright-core');

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

// cases are the two ways in; each returns the ms from the person's action to the answer.
const cases = {
  '/join, press Join': async (page, code) => {
    await page.goto(`${base}/join`);
    await page.getByLabel('Join code').fill(code);
    const started = Date.now();
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('link', { name: `No workshop with code ${code}` }).waitFor();
    return Date.now() - started;
  },
  '/join/CODE, open it': async (page, code) => {
    const started = Date.now();
    await page.goto(`${base}/join/${code}`);
    await page.getByRole('heading', { level: 1, name: `No workshop with code ${code}` }).waitFor();
    return Date.now() - started;
  },
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
let failed = false;
try {
  for (const [name, run] of Object.entries(cases)) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext(phone);
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      times.push(await run(page, `ZZZZ${String(10 + i)}`));
      await context.close();
    }
    const m = median(times);
    const ok = m < limitMs;
    failed ||= !ok;
    console.log(`${ok ? 'ok  ' : 'SLOW'} ${name}: median ${m} ms of ${times.join(', ')} (limit ${limitMs} ms)`);
  }
} finally {
  await browser.close();
}
process.exitCode = failed ? 1 : 0;
