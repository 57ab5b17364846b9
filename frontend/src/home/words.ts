// words.ts says counts in words for the home page, plural-correct.

/** plural gives "1 session" or "2 sessions" (or the irregular plural given). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** noun is plural() without the number, for a count shown large beside its words. */
export function noun(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** compared says how today's gaps compare with a week ago. */
export function compared(now: number, before: number): string {
  if (now === before) return 'The same as a week ago';
  const diff = Math.abs(now - before).toLocaleString('en-GB');
  return now < before ? `${diff} fewer than a week ago` : `${diff} more than a week ago`;
}
