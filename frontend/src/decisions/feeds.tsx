// feeds.tsx lets people follow the decision register: <link rel="alternate">
// in the document head while a register page is open (feed readers and
// browsers find the feeds there), and a visible link for everyone else.
import { useEffect } from 'preact/hooks';
import { feedLinks, feedPaths } from './words';

/** useFeedLinks puts the register's feed links in the head while the page is open. */
export function useFeedLinks(title = 'Decisions') {
  useEffect(() => {
    const els = feedLinks(title).map((l) => {
      const el = document.createElement('link');
      Object.assign(el, l);
      el.dataset.decisionFeed = '';
      document.head.appendChild(el);
      return el;
    });
    return () => els.forEach((el) => el.remove());
  }, [title]);
}

/** FeedLinks is the visible "Follow by RSS or Atom" line. */
export function FeedLinks() {
  return (
    <p class="app-feed-links" data-testid="feed-links">
      Follow decisions as they are published: <a href={feedPaths.rss}>follow by RSS</a> or{' '}
      <a href={feedPaths.atom}>follow by Atom</a>.
    </p>
  );
}
