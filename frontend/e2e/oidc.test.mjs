// oidc.test.mjs: single sign-on through a real OpenID provider (scripts/oidcprovider:
// oauth2-proxy's mockoidc, built here with go build, on 127.0.0.1), as a person does it:
// an invited address lands signed in with its role, an uninvited one is refused with a
// page saying why and what to do, and the sessions page lists where they are signed in
// and signs another browser out.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as h from './harness.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const u = h.unique();
let provider;
let providerDir;
let op; // { issuer, client_id, client_secret, control }

// startProvider builds the provider (a few seconds, more on a busy machine) and reads
// the JSON line it prints.
async function startProvider() {
  providerDir = await mkdtemp(join(tmpdir(), 'confer-oidc-'));
  const bin = join(providerDir, 'oidcprovider');
  await promisify(execFile)('go', ['build', '-o', bin, './scripts/oidcprovider'], { cwd: repo, timeout: h.testTimeout });
  provider = spawn(bin, [], { stdio: ['ignore', 'pipe', 'inherit'] });
  op = await new Promise((resolve, reject) => {
    let out = '';
    provider.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)));
    });
    provider.once('exit', (code) => reject(new Error(`oidcprovider exited with ${code}`)));
  });
}

/** nextUser tells the provider who signs in next. */
async function nextUser(email, sub, verified = true) {
  const res = await fetch(`${op.control}/next-user`, {
    method: 'POST',
    body: JSON.stringify({ email, sub, email_verified: verified }),
  });
  assert.equal(res.status, 204, await res.text());
}

/** ssoSignIn opens the sign-in page and selects "Sign in with NHSmail". */
async function ssoSignIn(page) {
  await page.goto(`${h.baseURL}/signin`);
  await page.getByRole('link', { name: 'Sign in with NHSmail' }).click();
}

async function sessionOf(page) {
  return page.evaluate(() => fetch('/api/v1/session').then((r) => r.json()));
}

before(async () => {
  await startProvider();
  h.withServerEnv({
    CONFER_OIDC_ISSUER: op.issuer,
    CONFER_OIDC_CLIENT_ID: op.client_id,
    CONFER_OIDC_CLIENT_SECRET: op.client_secret,
    CONFER_OIDC_LABEL: 'NHSmail',
  });
  await h.setup();
});
after(async () => {
  await h.teardown();
  provider?.kill('SIGTERM');
  if (providerDir) await rm(providerDir, { recursive: true, force: true });
});

describe('single sign-on', () => {
  const invited = `sso-lead-${u}@trust.example.nhs.uk`;
  let signedIn; // the page of the invited person's first sign-in

  it('lands an invited person signed in with the role an admin gave them', async () => {
    const made = await h.api('POST', '/people', { email: invited, name: `Sam Lead ${u}`, role: 'comms' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    await nextUser(invited, `sub-${u}`);
    const page = await h.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${h.baseURL}/signin`);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Confer' }).waitFor();
    await page.getByRole('heading', { name: 'Or get a sign-in link by email' }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'oidc-signin');
    await page.getByRole('link', { name: 'Sign in with NHSmail' }).click();
    await page.waitForURL(`${h.baseURL}/`);
    await page.getByText(`Signed in as Sam Lead ${u}`).waitFor();
    const { me } = await sessionOf(page);
    assert.equal(me.role, 'comms');
    assert.equal(me.email, invited);
    h.expectNoPageProblems(page);
    signedIn = page;
  });

  it('refuses an address nobody invited, on a page that says why and what to do', async () => {
    await nextUser(`stranger-${u}@trust.example.nhs.uk`, `stranger-${u}`);
    const page = await h.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await ssoSignIn(page);
    await page.waitForURL(/\/signin\?error=uninvited$/);
    await page.getByRole('heading', { level: 1, name: 'You are not signed in' }).waitFor();
    const summary = page.locator('.nhsuk-error-summary');
    await summary.getByText('Your NHSmail account does not have a Confer account.').waitFor();
    await page.getByText('Ask your Confer administrator to add you').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('nhsuk-error-summary')), true,
      'the error summary takes focus');
    assert.equal((await sessionOf(page)).me, null);
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'oidc-refused');
    h.expectNoPageProblems(page);
    await page.close();
  });

  it('lists where the person is signed in and signs another browser out', async () => {
    await nextUser(invited, `sub-${u}`);
    const other = await h.newPhonePage();
    await ssoSignIn(other);
    await other.waitForURL(`${h.baseURL}/`);
    assert.equal((await sessionOf(other)).me?.email, invited);

    const page = signedIn;
    await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Your devices' }).click();
    await page.getByRole('heading', { level: 1, name: 'Where you are signed in' }).waitFor();
    const rows = page.locator('table tbody tr');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    await page.getByText('This device').waitFor();
    assert.equal(await page.getByRole('cell', { name: 'NHSmail' }).count(), 2);
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'oidc-sessions');
    await page.getByRole('button', { name: /^Sign out of / }).click();
    await page.getByText(/You have signed out of /).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 1);
    assert.equal((await sessionOf(other)).me, null, 'the other browser is signed out');
    assert.equal((await sessionOf(page)).me?.email, invited, 'this browser stays signed in');
    await h.expectNoAxeViolations(page);
    h.expectNoPageProblems(page);
    await other.close();
    await page.close();
  });
});
