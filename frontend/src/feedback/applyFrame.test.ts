import { describe, expect, it } from 'vitest';
import type { PublicPost } from './api';
import { applyFrame } from './Channel';

const post = (id: number, metoo: number): PublicPost => ({
  id,
  channel_id: 1,
  kind: 'idea',
  body: `post ${id}`,
  status: 'new',
  tags: [],
  metoo_count: metoo,
  action_taken: '',
  actioned_at: null,
  replies: [],
  created_at: '2026-11-22T10:00:00Z',
});

describe('applyFrame', () => {
  it('inserts a new post and keeps "top" order by me too, then newest', () => {
    const list = [post(1, 5), post(2, 1)];
    const out = applyFrame(list, { type: 'post', post: post(3, 1) }, 'top');
    expect(out.map((p) => p.id)).toEqual([1, 3, 2]);
  });

  it('replaces a known post (a new count) instead of adding it twice', () => {
    const out = applyFrame([post(1, 5), post(2, 1)], { type: 'post', post: post(2, 9) }, 'top');
    expect(out.map((p) => [p.id, p.metoo_count])).toEqual([
      [2, 9],
      [1, 5],
    ]);
  });

  it('adds a reply once, and removes a hidden post', () => {
    const reply = { id: 7, body: 'hi', from: 'team' as const, created_at: '2026-11-22T10:00:00Z' };
    let out = applyFrame([post(1, 0)], { type: 'reply', post_id: 1, reply }, 'new');
    out = applyFrame(out, { type: 'reply', post_id: 1, reply }, 'new');
    expect(out[0].replies).toHaveLength(1);
    expect(applyFrame(out, { type: 'post_removed', post_id: 1 }, 'new')).toEqual([]);
  });
});
