// Page gives every screen the same top: the document title, an optional back
// link, and one h1 that takes focus after client-side navigation so screen
// reader users hear that the page changed.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

interface Props {
  /** title is the h1 and the start of the document title. */
  title: string;
  /** caption is shown above the h1, for example the area name. */
  caption?: string;
  back?: { href: string; label?: string };
  /** wide uses the full width for tables; forms and text stay at two-thirds. */
  wide?: boolean;
  children?: ComponentChildren;
}

export function Page({ title, caption, back, wide, children }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = title === 'Confer' ? title : `${title} – Confer`;
  }, [title]);
  useEffect(() => {
    if (focusPending) {
      focusPending = false;
      heading.current?.focus({ preventScroll: true });
    }
  }, []);

  return (
    <>
      {back && (
        <a class="nhsuk-back-link" href={back.href}>
          {back.label ?? 'Back'}
        </a>
      )}
      <div class="nhsuk-grid-row">
        <div class={wide ? 'nhsuk-grid-column-full' : 'nhsuk-grid-column-two-thirds'}>
          <h1 tabIndex={-1} class="app-page-heading" ref={heading}>
            {caption && <span class="nhsuk-caption-l">{caption}<span class="nhsuk-u-visually-hidden"> - </span></span>}
            {title}
          </h1>
          {children}
        </div>
      </div>
    </>
  );
}

// focusPending is set when a route changed before its page had an h1 (it was
// still loading); the page's heading takes focus when it appears.
let focusPending = false;

/** focusHeading moves focus to the page's h1; the router calls it after a route change. */
export function focusHeading(): void {
  const h1 = document.querySelector<HTMLElement>('#maincontent h1');
  focusPending = !h1;
  h1?.focus({ preventScroll: true });
}
