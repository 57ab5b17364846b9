// Navigation is the NHS header's menu with its "More" pattern, done in Preact:
// the links that fit sit in one row, the rest go behind a "More" button (a
// disclosure) at the row's end. nhsuk-frontend's own header script moves list
// items around the DOM, which Preact owns, so this measures and renders the
// same markup and behaviour instead (Escape and a click outside close it).
import { useLocation } from 'preact-iso';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface NavLink {
  href: string;
  label: string;
}

// "page" marks the area's own page, "true" a page inside it (such as /people/3).
function currentOf(path: string, href: string): 'page' | 'true' | undefined {
  if (path === href) return 'page';
  return href !== '/' && path.startsWith(`${href}/`) ? 'true' : undefined;
}

function Item({ link, path }: { link: NavLink; path: string }) {
  const current = currentOf(path, link.href);
  return (
    <li class={`nhsuk-header__navigation-item${current ? ' nhsuk-header__navigation-item--current' : ''}`}>
      <a class="nhsuk-header__navigation-link" href={link.href} aria-current={current}>
        {current ? <strong class="nhsuk-header__navigation-item-current-fallback">{link.label}</strong> : link.label}
      </a>
    </li>
  );
}

/** fitting counts the items whose right edge stays within width, leaving room
 * for the "More" button when not all of them fit. */
function fitting(items: HTMLElement[], width: number, moreWidth: number): number {
  let right = 0;
  const edges = items.map((el) => (right += el.offsetWidth));
  if (right <= width) return items.length;
  return edges.filter((edge) => edge <= width - moreWidth).length;
}

export function Navigation({ links }: { links: readonly NavLink[] }) {
  const { path } = useLocation();
  const nav = useRef<HTMLElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const menu = useRef<HTMLLIElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const menuList = useRef<HTMLUListElement>(null);
  // shown is how many links sit in the row; null while measuring (all of them, and More).
  const [shown, setShown] = useState<number | null>(null);
  const [open, setOpen] = useState(false);
  const key = links.map((l) => l.href).join(' ');

  // Measure with every link in the row; measure again when the links change
  // (signing in) or the row's width does (below: resize, text zoom).
  const measured = useRef('');
  useLayoutEffect(() => {
    if (shown !== null) {
      if (measured.current !== key) setShown(null);
      return;
    }
    if (!list.current || !menu.current) return;
    const items = Array.from(list.current.children).filter((el) => el !== menu.current) as HTMLElement[];
    measured.current = key;
    setShown(fitting(items, list.current.offsetWidth, menu.current.offsetWidth));
  }, [shown, key]);
  useEffect(() => {
    if (!nav.current || !('ResizeObserver' in window)) return;
    let width = nav.current.offsetWidth;
    const observer = new ResizeObserver(() => {
      if (nav.current && nav.current.offsetWidth !== width) {
        width = nav.current.offsetWidth;
        setShown(null);
      }
    });
    observer.observe(nav.current);
    return () => observer.disconnect();
  }, []);

  useEffect(() => setOpen(false), [path]);
  // The open menu hangs below the row; the nav's bottom border makes room for it, as nhsuk-frontend does.
  useLayoutEffect(() => {
    if (!nav.current) return;
    if (open && menuList.current) nav.current.style.setProperty('border-bottom-width', `${menuList.current.offsetHeight}px`);
    else nav.current.style.removeProperty('border-bottom-width');
  }, [open, shown]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        toggle.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('click', onClick, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('click', onClick, true);
    };
  }, [open]);

  const measuring = shown === null;
  const inRow = measuring ? links : links.slice(0, shown);
  const inMenu = measuring ? [] : links.slice(shown);
  return (
    <nav class={`nhsuk-header__navigation app-header-nav${measuring ? ' app-header-nav--measuring' : ''}`} aria-label="Menu" ref={nav}>
      <div class="nhsuk-header__navigation-container nhsuk-width-container">
        <ul class="nhsuk-header__navigation-list" ref={list}>
          {inRow.map((l) => (
            <Item key={l.href} link={l} path={path} />
          ))}
          <li class="nhsuk-header__menu" hidden={!measuring && inMenu.length === 0} ref={menu}>
            <button
              class="nhsuk-header__menu-toggle nhsuk-header__navigation-link"
              type="button"
              aria-expanded={open ? 'true' : 'false'}
              onClick={() => setOpen(!open)}
              ref={toggle}
            >
              <span class="nhsuk-u-visually-hidden">Browse </span>More
            </button>
            {inMenu.length > 0 && (
              <ul class="nhsuk-header__menu-list" hidden={!open} ref={menuList}>
                {inMenu.map((l) => (
                  <Item key={l.href} link={l} path={path} />
                ))}
              </ul>
            )}
          </li>
        </ul>
      </div>
    </nav>
  );
}
