// feedback.test.mjs walks the two-way feedback channels (issue 4) in a real
// browser: two open pages see a post and a reply arrive live; an anonymous
// poster on a phone posts, opens the follow-up link, reads the reply and
// answers back; comms triages; "You said, we did" shows the action; XSS
// payloads stay text; axe runs on every page.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

const u = h.unique();
const COMMS = `comms.${u}@example.nhs.uk`;
let comms = '';
const expectedHttpErrors = [/status of (401|404|409)/];

before(async () => {
  await h.setup();
  comms = await h.createUser(COMMS, 'comms', 'Casey Comms');
});
after(h.teardown);

async function newChannel(body) {
  const res = await h.api('POST', '/channels', { audience: 'both', ...body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

async function openChannel(page, ch) {
  await page.goto(`${h.baseURL}/feedback/channels/${ch.id}`);
  await page.getByRole('heading', { level: 1, name: ch.name }).waitFor();
  await page.getByText('Updates appear here as they happen.').waitFor();
}

describe('feedback', () => {
  it('two open pages see a new post and a reply arrive without reload', async () => {
    const ch = await newChannel({ name: `Live channel ${u}` });
    const [a, b] = [await h.newPage(), await h.newPage()];
    await openChannel(a, ch);
    await openChannel(b, ch);
    await b.evaluate(() => (window.__notReloaded = true));
    await h.expectNoAxeViolations(b);

    const body = `Live post ${u}: the new bleep rota is not in the system`;
    await a.getByLabel('A concern').check();
    await a.getByLabel('What do you want to tell us?').fill(body);
    await a.getByRole('button', { name: 'Send' }).click();
    await a.getByRole('heading', { name: 'Thank you: we have your post' }).waitFor();
    await b.getByText(body).waitFor();

    const queue = await h.api('GET', `/feedback/queue?channel_id=${ch.id}`, undefined, comms);
    const postId = queue.body.items[0].id;
    const reply = `Public reply ${u}: the rota goes in on Monday`;
    const res = await h.api('POST', `/posts/${postId}/replies`, { body: reply, public: true }, comms);
    assert.equal(res.status, 201);
    await a.getByText(reply).waitFor();
    await b.getByText(reply).waitFor();
    assert.equal(await b.evaluate(() => window.__notReloaded), true, 'page b reloaded');
    await h.screenshot(b, 'feedback-live');
    await h.expectNoAxeViolations(b);
    h.expectNoPageProblems(a, expectedHttpErrors);
    h.expectNoPageProblems(b, expectedHttpErrors);
    await a.close();
    await b.close();
  });

  it('lets an anonymous poster on a phone post, read the reply and answer back', async () => {
    const ch = await newChannel({ name: `Training ${u}`, description: 'Tell us what training you need.' });
    const page = await h.newPhonePage();
    await page.goto(`${h.baseURL}/feedback`);
    await page.getByRole('heading', { level: 1, name: 'Have your say' }).waitFor();
    await h.expectNoAxeViolations(page);
    await page.getByRole('link', { name: ch.name }).click();
    await page.getByRole('heading', { level: 1, name: ch.name }).waitFor();
    await page.getByText('we do not keep your name, email address, IP address', { exact: false }).waitFor();
    await h.expectNoAxeViolations(page);

    // A missing answer is explained, and nothing is lost.
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('link', { name: 'Select whether this is a concern, an idea or a question' }).waitFor();
    await h.expectNoAxeViolations(page);

    const body = `Anonymous question ${u}: will night staff get training?`;
    await page.getByLabel('A question').check();
    await page.getByLabel('What do you want to tell us?').fill(body);
    await page.getByRole('button', { name: 'Send' }).click();
    const link = page.getByTestId('follow-link');
    await link.waitFor();
    const followPath = await link.getAttribute('href');
    assert.match(followPath, /^\/feedback\/follow\/fb_[A-Za-z0-9_-]{40,}$/);
    await h.screenshot(page, 'feedback-posted-phone');
    await h.expectNoAxeViolations(page);

    // The stored post is anonymous.
    const queue = await h.api('GET', `/feedback/queue?channel_id=${ch.id}`, undefined, comms);
    const post = queue.body.items[0];
    assert.equal(post.anonymous, true);
    assert.equal(post.name, '');
    assert.equal(post.email, '');

    await page.goto(`${h.baseURL}${followPath}`);
    await page.getByRole('heading', { level: 1, name: 'Your post' }).waitFor();
    await page.getByText('No replies yet').waitFor();
    const reply = `Private reply ${u}: yes, at 02:00 on the wards`;
    const res = await h.api('POST', `/posts/${post.id}/replies`, { body: reply, public: false }, comms);
    assert.equal(res.status, 201);
    await page.getByText(reply).waitFor(); // arrives live
    await page.getByText('The programme team, to you only').waitFor();
    await h.expectNoAxeViolations(page);

    const answer = `Answer back ${u}: which wards first?`;
    await page.getByLabel('Answer back').fill(answer);
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.getByText('Your answer has been sent to the programme team.').waitFor();
    await page.getByText(answer).waitFor();
    await h.screenshot(page, 'feedback-follow-phone');
    await h.expectNoAxeViolations(page);
    const team = await h.api('GET', `/posts/${post.id}`, undefined, comms);
    assert.ok(team.body.replies.some((r) => r.from === 'poster' && r.body === answer));
    h.expectNoPageProblems(page, expectedHttpErrors);
    await page.close();
  });

  it('asks a patient in plain words, copies the follow-up link and emails it once', async () => {
    const ch = await newChannel({ name: `Patients and carers ${u}`, audience: 'public', description: 'Tell us how the change affects you.' });
    const page = await h.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(`${h.baseURL}/feedback/channels/${ch.id}`);
    await page.getByRole('heading', { level: 1, name: ch.name }).waitFor();
    // Patients are asked who they are in plain words, not for an ESR staff group.
    const who = page.getByRole('group', { name: 'Are you a patient, carer or member of the public?' });
    await who.waitFor();
    assert.equal(await page.getByLabel('Your staff group (optional)').count(), 0, 'no ESR staff group for the public');
    await who.getByLabel('No, I work in health or social care').check();
    await page.getByLabel('Your staff group (optional)').waitFor(); // staff on a public channel can still say
    await who.getByLabel('Yes').check();
    assert.equal(await page.getByLabel('Your staff group (optional)').count(), 0);
    await h.expectNoAxeViolations(page);
    await h.screenshot(page, 'feedback-patient-form-390');

    const body = `Patient idea ${u}: longer visiting hours on the children's ward`;
    await page.getByLabel('An idea').check();
    await page.getByLabel('What do you want to tell us?').fill(body);
    await page.getByRole('button', { name: 'Send' }).click();
    const link = page.getByTestId('follow-link');
    await link.waitFor();
    const followURL = `${h.baseURL}${await link.getAttribute('href')}`;
    const queue = await h.api('GET', `/feedback/queue?channel_id=${ch.id}`, undefined, comms);
    const post = queue.body.items[0];
    assert.equal(post.staff_group, 'Patient or Public', 'the answer is recorded as the group coverage counts');
    assert.equal(post.anonymous, true);

    // Copy: the clipboard holds the link and the page says so.
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), followURL);

    // Email me this link: an empty box is explained once, then one mail goes.
    await page.getByRole('button', { name: 'Send me the link' }).click();
    await page.getByRole('link', { name: 'Enter your email address' }).waitFor();
    await h.expectNoAxeViolations(page);
    const addr = `patient.${u}@example.org`;
    await page.getByLabel('Your email address').fill(addr);
    await page.getByRole('button', { name: 'Send me the link' }).click();
    await page.getByText(`We have sent the link to ${addr}.`).waitFor();
    const mail = await h.waitForMail(addr);
    assert.ok(mail.text.includes(followURL), `the mail holds the link:\n${mail.text}`);
    assert.ok(!mail.text.includes('visiting hours') && !mail.subject.includes(ch.name), 'the mail says nothing about the post');
    assert.equal((await h.api('GET', `/outbox?to=${encodeURIComponent(addr)}`)).body.items.length, 1);
    const stored = await h.api('GET', `/posts/${post.id}`, undefined, comms);
    assert.equal(stored.body.email, '', 'the address is not kept with the post');
    await h.expectNoAxeViolations(page);
    await page.getByRole('heading', { name: 'Your private link' }).scrollIntoViewIfNeeded();
    await h.screenshot(page, 'feedback-posted-390');
    await h.screenshot(page, 'feedback-posted-email-phone');
    h.expectNoPageProblems(page, expectedHttpErrors);
    await page.close();
  });

  it('copies the link without the clipboard API too', async () => {
    const ch = await newChannel({ name: `Copy fallback ${u}` });
    const page = await h.newPage();
    await page.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
    await openChannel(page, ch);
    await page.getByLabel('A concern').check();
    await page.getByLabel('What do you want to tell us?').fill(`Fallback ${u}`);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('follow-link').waitFor();
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('status').filter({ hasText: /^Copied$|Select it and copy it yourself/ }).waitFor();
    await page.close();
  });

  it('lets comms triage, and "You said, we did" shows the action', async () => {
    const ch = await newChannel({ name: `Patients ${u}` });
    const body = `Idea ${u}: print letters in large type`;
    const created = await h.api('POST', `/channels/${ch.id}/posts`, { kind: 'idea', body, name: 'Pat Jones', email: `pat.${u}@example.org` }, '');
    assert.equal(created.status, 201);

    const page = await h.newPage();
    await h.signIn(page, COMMS);
    await page.getByRole('link', { name: 'Feedback' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Feedback triage' }).waitFor();
    await page.getByLabel('Channel').selectOption(String(ch.id));
    await page.getByRole('link', { name: `Idea ${created.body.id}` }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`Idea ${created.body.id}$`) }).waitFor();
    await page.getByText(`pat.${u}@example.org`).waitFor();
    await h.expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText('Acknowledged', { exact: true }).first().waitFor();
    assert.equal((await h.api('GET', `/posts/${created.body.id}`, undefined, comms)).body.status, 'acknowledged');

    await page.getByLabel('Your reply').fill(`Thank you ${u}, we are on it.`);
    await page.getByLabel('Everyone').check();
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText(`Reply sent; pat.${u}@example.org has been emailed`).waitFor();

    await page.getByLabel('Status').selectOption('actioned');
    await page.getByLabel('Themes').fill('accessibility, letters');
    await page.getByLabel('What was done').fill(`Large print letters ${u} on request from March.`);
    await page.getByRole('button', { name: 'Save triage' }).click();
    await page.getByText('Triage saved').waitFor();
    const triaged = (await h.api('GET', `/posts/${created.body.id}`, undefined, comms)).body;
    assert.deepEqual([triaged.status, triaged.tags, triaged.action_taken], ['actioned', ['accessibility', 'letters'], `Large print letters ${u} on request from March.`]);
    await h.screenshot(page, 'feedback-triage');
    await h.expectNoAxeViolations(page);
    const mail = await h.waitForMail(`pat.${u}@example.org`);
    assert.match(mail.text, /we are on it/);

    await page.goto(`${h.baseURL}/feedback/triage`);
    await page.getByRole('heading', { level: 1, name: 'Feedback triage' }).waitFor();
    await page.getByTestId('queue-row').first().waitFor();
    await h.expectNoAxeViolations(page);
    h.expectNoPageProblems(page, expectedHttpErrors);
    await page.close();

    const pub = await h.newPhonePage();
    await pub.goto(`${h.baseURL}/you-said-we-did`);
    await pub.getByRole('heading', { level: 1, name: 'You said, we did' }).waitFor();
    await pub.getByText(`Large print letters ${u} on request from March.`).waitFor();
    await pub.getByText(body).waitFor();
    await h.screenshot(pub, 'feedback-you-said-we-did');
    await h.expectNoAxeViolations(pub);
    await pub.close();
  });

  it('shows a hidden post\'s poster why, and keeps XSS payloads as text', async () => {
    const payloads = [`<script>alert("s${u}")</script>`, `<img src=x onerror="alert('i${u}')">`, `<a href="javascript:alert(1)">j${u}</a>`];
    const ch = await newChannel({ name: `${payloads[0]} ${u}`, description: payloads[1] });
    const posted = [];
    for (const p of payloads) {
      const r = await h.api('POST', `/channels/${ch.id}/posts`, { kind: 'concern', body: `${p}\nline two`, name: p }, '');
      assert.equal(r.status, 201);
      posted.push(r.body);
      await h.api('PATCH', `/posts/${r.body.id}`, { tags: [p.slice(0, 40)] }, comms);
      await h.api('POST', `/posts/${r.body.id}/replies`, { body: p, public: true }, comms);
    }
    const page = await h.newPage();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      d.dismiss();
    });
    await page.goto(`${h.baseURL}/feedback/channels/${ch.id}`);
    await page.getByRole('heading', { level: 1, name: ch.name }).waitFor();
    for (const p of payloads) {
      await page.getByText(`${p}\nline two`, { exact: true }).waitFor();
    }
    assert.equal(await page.locator('main img, main script, main a[href^="javascript"]').count(), 0);
    await h.expectNoAxeViolations(page);

    const team = await h.newPage();
    team.on('dialog', (d) => {
      dialogs++;
      d.dismiss();
    });
    await h.signIn(team, COMMS);
    await team.goto(`${h.baseURL}/feedback/triage/${posted[1].id}`);
    await team.getByText(payloads[1], { exact: true }).first().waitFor();
    assert.equal(await team.locator('main img, main script').count(), 0);

    // Moderation: the admin hides a post; its poster sees why.
    const reason = `Hidden ${u}: it names a member of staff`;
    const mod = await h.api('POST', `/posts/${posted[0].id}/moderation`, { action: 'hide', reason });
    assert.equal(mod.status, 200);
    const follow = await h.newPhonePage();
    await follow.goto(`${h.baseURL}/feedback/follow/${posted[0].follow_token}`);
    await follow.getByText('Your post has been hidden').waitFor();
    await follow.getByTestId('hidden-reason').getByText(reason).waitFor();
    await h.expectNoAxeViolations(follow);
    await page.reload();
    await page.getByText(`${payloads[1]}\nline two`, { exact: true }).waitFor();
    assert.equal(await page.getByText(`${payloads[0]}\nline two`, { exact: true }).count(), 0);
    assert.equal(dialogs, 0, 'a payload ran');
    for (const p of [page, team, follow]) {
      h.expectNoPageProblems(p, expectedHttpErrors);
      await p.close();
    }
  });

  it('lets an admin open a channel and change it', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'e2e-admin@example.org');
    await page.goto(`${h.baseURL}/feedback/manage`);
    await page.getByRole('heading', { level: 1, name: 'Feedback channels' }).waitFor();
    await h.expectNoAxeViolations(page);
    await page.getByLabel('Name').fill(`Opened ${u}`);
    await page.getByRole('button', { name: 'Open channel' }).click();
    await page.getByRole('link', { name: 'Select who the channel is for' }).waitFor();
    await h.expectNoAxeViolations(page);
    await page.getByLabel('Patients and public', { exact: true }).check();
    await page.getByLabel('Check posts before they show publicly').check();
    await page.getByRole('button', { name: 'Open channel' }).click();
    await page.getByText(`Opened ${u} opened`).waitFor();
    await page.getByRole('link', { name: `Change Opened ${u}` }).click();
    await page.getByRole('heading', { level: 1, name: `Change Opened ${u}` }).waitFor();
    await page.getByLabel('What is it for?').fill('For patients and carers.');
    await page.getByLabel('Allow anonymous posts').uncheck();
    await page.getByRole('button', { name: 'Save channel' }).click();
    await page.getByText('Channel saved').waitFor();
    await h.expectNoAxeViolations(page);
    const list = await h.api('GET', '/channels');
    const ch = list.body.find((c) => c.name === `Opened ${u}`);
    assert.deepEqual([ch.audience, ch.allow_anonymous, ch.require_approval, ch.description], ['public', false, true, 'For patients and carers.']);
    h.expectNoPageProblems(page, [/status of (401|404|409|422)/]);
    await page.close();
  });
});
