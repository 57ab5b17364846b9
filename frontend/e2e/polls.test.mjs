// polls.test.mjs runs a live workshop in real browsers: a facilitator builds
// and opens a poll from the control page, two participants on phone-sized
// pages vote, the presenter page shows the new counts without a reload, and
// the Q&A flow (ask, approve, upvote) works, with axe on the participant and
// control pages and the participant page's first-load size measured.
import { after, before, describe, it } from './harness.mjs';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import * as h from './harness.mjs';

const u = h.unique();
const FACILITATOR = `fac.${u}@example.nhs.uk`;
const expectedHttpErrors = [/status of (401|404)/];

before(h.setup);
after(h.teardown);

describe('a live workshop', () => {
  let control;
  let present;
  let phones = [];
  let code;

  before(async () => {
    await h.createUser(FACILITATOR, 'facilitator', 'Fay Cilitator');
    control = await h.newPage();
    await h.signIn(control, FACILITATOR);
  });
  after(async () => {
    for (const p of [control, present, ...phones]) {
      if (!p) continue;
      h.expectNoPageProblems(p, expectedHttpErrors);
      await p.close();
    }
  });

  it('lets a facilitator create a workshop and a poll, and open it from the control page', async () => {
    await control.goto(`${h.baseURL}/workshops`);
    await control.getByLabel('Workshop title').fill(`Winter plan ${u}`);
    await control.getByRole('button', { name: 'Create workshop' }).click();
    await control.getByRole('heading', { level: 1, name: `Winter plan ${u}` }).waitFor();
    code = (await control.locator('.app-control__code').first().textContent()).trim();
    assert.match(code, /^[A-Z2-9]{6}$/);

    await control.getByLabel('Question').fill('Which day suits the next session?');
    await control.getByLabel('Options').fill('Monday\nTuesday\nWednesday');
    await control.getByRole('button', { name: 'Add poll' }).click();
    await control.getByRole('cell', { name: 'Which day suits the next session?' }).waitFor();
    await h.expectNoAxeViolations(control);

    await control.getByRole('button', { name: 'Open poll 1' }).click();
    await control.getByRole('button', { name: 'Close poll 1' }).waitFor();
    await control.getByRole('button', { name: 'Show results of poll 1' }).click();
    await control.getByRole('button', { name: 'Hide results of poll 1' }).waitFor();
    await control.getByText('On screen now').waitFor();
    await h.screenshot(control, 'polls-control');
  });

  it('shows the presenter page live', async () => {
    present = await control.context().newPage();
    present.problems = [];
    present.on('pageerror', (e) => present.problems.push(`pageerror: ${e.message}`));
    const id = new URL(control.url()).pathname.split('/')[2];
    await present.goto(`${h.baseURL}/workshops/${id}/present`);
    await present.getByRole('heading', { level: 1, name: 'Which day suits the next session?' }).waitFor();
    await present.getByText('0 responses').waitFor();
  });

  it('loads the participant page in under 60 KB of gzipped JS and CSS on a phone', async (t) => {
    const phone = await h.newPhonePage();
    phones.push(phone);
    // Bodies are awaited before counting (see foundation.test.mjs).
    const reads = [];
    phone.on('response', (res) => {
      if (!/\.(js|css)$/.test(new URL(res.url()).pathname)) return;
      reads.push(res.body().then((b) => gzipSync(b).length));
    });
    await phone.goto(`${h.baseURL}/join/${code}`, { waitUntil: 'networkidle' });
    await phone.getByRole('group', { name: 'Which day suits the next session?' }).waitFor();
    const sizes = await Promise.all(reads);
    assert.ok(sizes.length >= 2, `first load fetched ${sizes.length} JS and CSS files`);
    const total = sizes.reduce((a, b) => a + b, 0);
    t.diagnostic(`first load of /join/${code}: ${sizes.length} files, ${(total / 1024).toFixed(1)} KB gzipped`);
    assert.ok(total < 60 * 1024, `first load is ${total} bytes gzipped`);
    await h.expectNoAxeViolations(phone);
  });

  it('takes votes from two phones and moves the presenter bars without a reload', async () => {
    const second = await h.newPhonePage();
    phones.push(second);
    await second.goto(`${h.baseURL}/join`);
    await second.getByLabel('Join code').fill(code.toLowerCase());
    await second.getByRole('button', { name: 'Join' }).click();
    await second.getByRole('group', { name: 'Which day suits the next session?' }).waitFor();

    const [first] = phones;
    await first.getByLabel('Tuesday').check();
    await first.getByRole('button', { name: 'Send my answer' }).click();
    await first.getByText('Your answer has been recorded').waitFor();
    await second.getByLabel('Wednesday').check();
    await second.getByRole('button', { name: 'Send my answer' }).click();
    await second.getByText('Your answer has been recorded').waitFor();

    await present.getByText('2 responses').waitFor();
    const bars = present.locator('.app-bars__count');
    assert.deepEqual(await bars.allTextContents(), ['0 votes', '1 vote', '1 vote']);
    // The participants see the revealed results too, in a table as well as bars.
    await first.getByText('2 responses').waitFor();
    await first.getByRole('row', { name: 'Wednesday 1' }).waitFor();
    await h.expectNoAxeViolations(first);
    await h.screenshot(first, 'polls-participant');
    await h.screenshot(present, 'polls-presenter');

    // A reload is the same participant: their vote is still theirs, and changing it does not add one.
    await first.reload();
    await first.getByRole('button', { name: 'Change my answer' }).waitFor();
    assert.equal(await first.getByLabel('Tuesday').isChecked(), true);
    await first.getByLabel('Monday').check();
    await first.getByRole('button', { name: 'Change my answer' }).click();
    await first.getByText('Your answer has been changed').waitFor();
    await present.locator('.app-bars__count').first().filter({ hasText: '1 vote' }).waitFor();
    await present.getByText('2 responses').waitFor();

    // The facilitator sees how many have joined, a check against a stuffed poll; the
    // reload above was the same participant, not a third.
    await control.reload();
    await control.getByText('2 people have joined so far').waitFor();
  });

  it('runs the Q&A: ask, approve, upvote, highlight', async () => {
    const [first, second] = phones;
    await first.getByLabel('Ask a question').fill('Will bank staff be invited?');
    await first.getByRole('button', { name: 'Send question' }).click();
    await first.getByText('Your question has been sent').waitFor();

    await control.getByRole('button', { name: 'Approve question: Will bank staff be invited?' }).click();
    await second.getByText('Will bank staff be invited?', { exact: true }).waitFor();
    await second.getByRole('button', { name: 'Upvote question: Will bank staff be invited?' }).click();
    await second.getByRole('button', { name: 'Upvoted question: Will bank staff be invited?' }).waitFor();
    await present.getByText('(1 upvote)').waitFor();
    await control.getByRole('button', { name: 'Show on screen question: Will bank staff be invited?' }).click();
    await present.getByText('Now answering:').waitFor();
    await h.expectNoAxeViolations(control);
    await h.expectNoAxeViolations(present);
    await h.screenshot(present, 'polls-presenter-questions');
  });
});
