// limits.test.mjs checks that every browser test file takes its test functions
// from harness.mjs, which gives each test and hook a limit of its own: files run
// side by side with no per-file limit (a slow machine would run out of one), so a
// test registered straight from node:test could hang until the whole run's guard.
// It also checks that the harness's axe check can fail.
import { expectNoAxeViolations, it, launchBrowser, newPage } from './harness.mjs';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

it('has every test file take it, describe, before and after from harness.mjs', async () => {
  const files = (await readdir(here)).filter((f) => f.endsWith('.test.mjs'));
  assert.ok(files.length > 10, `only ${files.length} test files found`);
  const direct = [];
  for (const f of files) {
    if (/from ['"](node:)?test['"]/.test(await readFile(`${here}/${f}`, 'utf8'))) direct.push(f);
  }
  assert.deepEqual(direct, [], 'import { it, describe, before, after } from ./harness.mjs instead of node:test');
});

// The harness's own checks must be able to fail: axe runs in the page, loaded once
// per document, so a second check of the same page must still see what is wrong.
it('has the axe check fail on a page that breaks a rule, and again on the same page', async () => {
  const b = await launchBrowser();
  try {
    const page = await newPage({}, b);
    await page.setContent('<!doctype html><html lang="en"><title>t</title><main><img src="x.png"><button></button></main></html>');
    for (let i = 0; i < 2; i++) {
      await assert.rejects(expectNoAxeViolations(page), /button-name[\s\S]*image-alt/);
    }
    await assert.rejects(expectNoAxeViolations(page, { exclude: ['img'] }), (err) => !/image-alt/.test(err.message) && /button-name/.test(err.message));
    await page.setContent('<!doctype html><html lang="en"><title>t</title><main><h1>Fine</h1><iframe title="mail" sandbox="" srcdoc="<p>hi</p>"></iframe></main></html>');
    await expectNoAxeViolations(page);
    await page.setContent('<!doctype html><html lang="en"><title>t</title><main><h1>Frames</h1><iframe title="inner" srcdoc="<img src=x.png>"></iframe></main></html>');
    await assert.rejects(expectNoAxeViolations(page), /image-alt/);
  } finally {
    await b.close();
  }
});
