// WordCloud draws a word cloud poll's answers as a cloud: each word sized by
// how many gave it, the most given in the middle. The cloud is a picture for
// the room (aria-hidden); the counts are in the results table beside it.

export interface CloudWord {
  text: string;
  count: number;
  /** font size in em, from 1 (rarest) to 4 (most given) */
  size: number;
}

const smallest = 1;
const largest = 4;

/** cloudLayout picks the limit most given words, sizes them so that a word's
 * area grows with its count (its font size with the square root of it), and
 * orders them from the middle out: the biggest in the centre, smaller ones
 * alternately after and before it. */
export function cloudLayout(words: { text: string; count: number }[], limit: number): CloudWord[] {
  const top = [...words].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text)).slice(0, limit);
  const most = Math.max(1, top[0]?.count ?? 1);
  const sized = top.map((w) => ({ ...w, size: Math.max(smallest, largest * Math.sqrt(w.count / most)) }));
  const out: CloudWord[] = [];
  sized.forEach((w, i) => (i % 2 === 0 ? out.push(w) : out.unshift(w)));
  return out;
}

export function WordCloud({ words, limit }: { words: { text: string; count: number }[]; limit: number }) {
  if (words.length === 0) return null;
  return (
    <ul class="app-wordcloud" aria-hidden="true">
      {cloudLayout(words, limit).map((w, i) => (
        <li key={w.text} class={`app-wordcloud__word app-wordcloud__word--${i % 3}`} style={{ fontSize: `${w.size.toFixed(2)}em` }} data-count={w.count}>
          {w.text}
        </li>
      ))}
    </ul>
  );
}
