// limits.test.mjs checks that every browser test file takes its test functions
// from harness.mjs, which gives each test and hook a limit of its own: files run
// side by side with no per-file limit (a slow machine would run out of one), so a
// test registered straight from node:test could hang until the whole run's guard.
import { it } from './harness.mjs';
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
