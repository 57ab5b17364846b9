// campaigns-resend.test.mjs: a comms officer resends a campaign to the people SendGrid
// never confirmed. The server sends through a small fake SendGrid (here, over real
// HTTP) that never answers the campaign's second batch, so its five people end
// unsettled; the signed event webhook is not set up, so the page must say a resend
// may reach some people twice. The officer asks, cancels (focus goes back), asks
// again and confirms; each of the five then gets the email exactly once. axe runs at
// each step; with E2E_SCREENSHOTS the panel and its confirm step are saved at three sizes.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import * as h from './harness.mjs';

const u = h.unique();
const AUTHOR = `comms.resend.${u}@example.nhs.uk`;
const ROLE = `E2E Resend ${u}`;
const N = 15; // three batches of five

// fakeSendGrid answers POST /v3/mail/send: 202 for everything but the campaign's second
// batch, which it holds open without answering (SendGrid never took it). It keeps what it
// accepted, to count each person's emails and to read sign-in links.
function fakeSendGrid() {
  const accepted = [];
  const held = [];
  let batches = 0;
  const srv = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const mail = JSON.parse(body.toString());
      if (mail.custom_args?.confer_batch && ++batches === 2) return held.push(res);
      accepted.push(mail);
      res.writeHead(202, { 'X-Message-Id': `e2e${accepted.length}` }).end();
    });
  });
  const to = (mail) => mail.personalizations.flatMap((p) => p.to.map((t) => t.email.toLowerCase()));
  return {
    start: () => new Promise((r) => srv.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${srv.address().port}`))),
    stop: () => {
      held.forEach((res) => res.destroy());
      srv.closeAllConnections();
      srv.close();
    },
    messagesTo: (email) => accepted.filter((m) => to(m).includes(email)).length,
    /** mailTo is the newest accepted single email to email (a sign-in link, say). */
    mailTo: (email) => accepted.findLast((m) => !m.custom_args?.confer_batch && to(m).includes(email)),
  };
}

const sendgrid = fakeSendGrid();

before(async () => {
  const url = await sendgrid.start();
  await h.setupWith({
    SENDGRID_API_KEY: 'SG.e2e-resend',
    SENDGRID_API_URL: url,
    CONFER_MAIL_FROM: 'Confer <confer@e2e.example>',
    CONFER_CAMPAIGN_BATCH_SIZE: '5',
    CONFER_CAMPAIGN_CONCURRENCY: '1',
    CONFER_CAMPAIGN_LEASE: '2s',
    CONFER_CAMPAIGN_GRACE: '1s',
    CONFER_CAMPAIGN_POLL: '200ms',
  })();
});
after(async () => {
  await h.teardown();
  sendgrid.stop();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, fn, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${h.serverOutput().slice(-3000)}`);
    await sleep(200);
  }
}

// signIn signs the author in with the link the fake SendGrid received.
async function signIn(page, email) {
  const asked = await h.api('POST', '/auth/signin', { email }, '');
  assert.equal(asked.status, 202);
  const link = await until('the sign-in email', () => {
    const text = sendgrid.mailTo(email)?.content.find((c) => c.type === 'text/plain').value;
    return text?.match(/https?:\/\/\S+\/signin\/verify\?token=[^\s"'<>]+/)?.[0];
  });
  await h.signInWithToken(page, new URL(link).searchParams.get('token'));
}

// unsettledCampaign imports N staff, has a campaign to them approved and sent, and waits
// until the batch SendGrid never answered is unsettled.
async function unsettledCampaign(author) {
  const lines = ['Email,Name,Organisation Code,Staff Group,Job Role'];
  for (let i = 0; i < N; i++) lines.push(`resend.${u}.${i}@moorside.nhs.example,Person${i} Resend,,Nursing and Midwifery Registered,${ROLE}`);
  const imported = await fetch(`${h.baseURL}/api/v1/contacts/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${author}`, 'Content-Type': 'text/csv' },
    body: lines.join('\n') + '\n',
  });
  assert.equal(imported.status, 200, await imported.text());
  const made = await h.api('POST', '/campaigns', {
    name: `Rota change ${u}`,
    subject: 'Your rota for {{first_name}}',
    body_markdown: 'Hello {{first_name}}, the rota changes on Monday.',
    kind: 'notice',
    audience: { organisation_ids: [], staff_groups: [], job_roles: [ROLE] },
  }, author);
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const id = made.body.id;
  for (const [action, token] of [['submit', author], ['approve', h.adminToken], ['send', author]]) {
    const r = await h.api('POST', `/campaigns/${id}/${action}`, {}, token);
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
  }
  return until('five unsettled', async () => {
    const c = (await h.api('GET', `/campaigns/${id}`, undefined, author)).body;
    return c.status === 'sent' && c.stats.unsettled === 5 ? c : undefined;
  });
}

describe('resending to the people SendGrid never confirmed', () => {
  it('warns that some may get it twice, asks, and sends it to each of them once', async () => {
    const token = await h.createUser(AUTHOR, 'comms', 'Res Author');
    const c = await unsettledCampaign(token);
    assert.equal(c.webhook_configured, false);
    assert.equal(c.stats.sent, 10);

    const page = await h.newPage();
    await signIn(page, AUTHOR);
    await page.goto(`${h.baseURL}/campaigns/${c.id}`);
    const panel = page.getByTestId('campaign-unconfirmed');
    await panel.getByText('5 emails were being sent when a sender stopped', { exact: false }).waitFor();
    await panel.getByText('Confer has not sent them again.', { exact: false }).waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'campaigns-resend-panel');

    // Asking, then thinking better of it, with the keyboard.
    const resend = panel.getByRole('button', { name: 'Resend to these 5 people' });
    await resend.focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByTestId('resend-confirm');
    const question = confirm.getByRole('heading', { name: 'Send this email again to 5 people?' });
    await question.waitFor();
    assert.equal(await question.evaluate((el) => el === document.activeElement), true, 'the question takes focus');
    assert.match(await confirm.innerText(), /Some of these people may get the email twice\. SendGrid's event webhook is not set up/);
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'campaigns-resend-confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await resend.waitFor();
    assert.equal(await resend.evaluate((el) => el === document.activeElement), true, 'focus is back on the button');

    await resend.click();
    await confirm.getByRole('button', { name: 'Yes, send it again' }).click();
    const started = page.getByTestId('resend-started');
    await started.getByText(/(Sending|Sent) it again to 5 people\./).waitFor();
    await page.getByText(`Sending finished: 15 of 15 passed to SendGrid to deliver.`).waitFor({ timeout: 60_000 });
    await panel.waitFor({ state: 'detached' });
    await started.getByText('Sent it again to 5 people.').waitFor();
    await h.expectNoAxeViolations(page);
    await h.screenshotSizes(page, 'campaigns-resend-done');
    for (let i = 0; i < N; i++) {
      assert.equal(sendgrid.messagesTo(`resend.${u}.${i}@moorside.nhs.example`), 1, `person ${i} got it once`);
    }
    const again = await h.api('POST', `/campaigns/${c.id}/resend-unsettled`, {}, token);
    assert.equal(again.status, 409);
    assert.equal(again.body.field, 'unsettled');
    assert.deepEqual(page.problems, []);
  });
});
