// realtime.test.mjs checks docs/realtime.md from a client that is not Go: the `ws`
// package (already in node_modules) joins a workshop, and each frame it receives must
// have exactly the keys of the page's tagged example for that frame (the Go test
// TestRealtimeDocMatchesServer checks every frame; this one checks that another
// websocket implementation sees the same protocol). No browser.
import { after, before, it } from './harness.mjs';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import WebSocket from 'ws';
import * as h from './harness.mjs';

before(h.startServer);
after(h.stopServer);

/** examples maps "from:socket type" to the page's JSON examples of it. */
async function examples() {
  const page = await readFile(new URL('../../docs/realtime.md', import.meta.url), 'utf8');
  const out = new Map();
  for (const m of page.matchAll(/```json (server|client):([a-z]+) ([a-z_]+)\n([\s\S]*?)```/g)) {
    const key = `${m[1]}:${m[2]} ${m[3]}`;
    out.set(key, [...(out.get(key) ?? []), JSON.parse(m[4])]);
  }
  return out;
}

/** keysDiffer says how got's keys differ from doc's (recursively; null matches anything). */
function keysDiffer(doc, got, path = '') {
  if (doc === null || got === null || typeof doc !== 'object') return '';
  if (Array.isArray(doc)) {
    for (const item of got) {
      const d = doc.length ? keysDiffer(doc[0], item, `${path}[]`) : '';
      if (d) return d;
    }
    return '';
  }
  const a = Object.keys(doc).sort().join(',');
  const b = Object.keys(got).sort().join(',');
  if (a !== b) return `${path || 'frame'}: documented {${a}}, sent {${b}}`;
  for (const k of Object.keys(doc)) {
    const d = keysDiffer(doc[k], got[k], `${path}.${k}`);
    if (d) return d;
  }
  return '';
}

it('a participant session over `ws` matches docs/realtime.md', async () => {
  const docs = await examples();
  const fac = await h.createUser(`fac.${h.unique()}@example.nhs.uk`, 'facilitator');
  const w = (await h.api('POST', '/workshops', { title: 'Node client' }, fac)).body;
  const poll = (await h.api('POST', `/workshops/${w.id}/polls`, { kind: 'single', question: 'Which?', options: ['a', 'b'] }, fac)).body;
  assert.equal((await h.api('POST', `/polls/${poll.id}/open`, undefined, fac)).status, 200);

  const ws = new WebSocket(`${h.baseURL.replace('http', 'ws')}/ws/join/${w.join_code}`);
  const frames = [];
  let wake = () => {};
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)));
    wake();
  });
  const next = async (type) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const i = frames.findIndex((f) => f.type === type);
      if (i >= 0) return frames.splice(i, 1)[0];
      assert.ok(Date.now() < deadline, `no ${type} frame within 10 s`);
      await new Promise((r) => {
        wake = r;
        setTimeout(r, 200);
      });
    }
  };
  const check = (f) => {
    const docd = docs.get(`server:join ${f.type}`) ?? [];
    assert.ok(docd.length, `the ${f.type} frame is not documented`);
    const why = docd.map((d) => keysDiffer(d, f));
    assert.ok(why.includes(''), `the ${f.type} frame matches no example: ${why.join('; ')}`);
  };

  check(await next('hello'));
  const vote = { ...docs.get('client:join vote').find((v) => v.choices), poll_id: poll.id };
  ws.send(JSON.stringify(vote));
  check(await next('ack'));
  ws.send(JSON.stringify(docs.get('client:join ask')[0]));
  check(await next('asked'));
  ws.send(JSON.stringify({ ...vote, choices: [9] }));
  check(await next('error'));
  ws.send(JSON.stringify(vote)); // the connection stayed open
  check(await next('ack'));
  ws.close();
});
