// Pagination is the NHS numbered pagination. Pages are real links (the page
// number lives in the URL), so back, reload and sharing a page all work.

interface Props {
  page: number;
  perPage: number;
  total: number;
  /** href builds the link for a page number. */
  href(page: number): string;
}

/** pageNumbers lists the pages to show, with null where pages are skipped:
 * always the first and last, and the current page with its neighbours. */
export function pageNumbers(page: number, last: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let p = 1; p <= last; p++) {
    if (p === 1 || p === last || Math.abs(p - page) <= 1) out.push(p);
    else if (out[out.length - 1] !== null) out.push(null);
  }
  return out;
}

const arrowLeft = 'M10.7 6.3c.4.4.4 1 0 1.4L7.4 11H19a1 1 0 0 1 0 2H7.4l3.3 3.3c.4.4.4 1 0 1.4a1 1 0 0 1-1.4 0l-5-5A1 1 0 0 1 4 12c0-.3.1-.5.3-.7l5-5a1 1 0 0 1 1.4 0Z';
const arrowRight = 'm14.7 6.3 5 5c.2.2.3.4.3.7 0 .3-.1.5-.3.7l-5 5a1 1 0 0 1-1.4-1.4l3.3-3.3H5a1 1 0 0 1 0-2h11.6l-3.3-3.3a1 1 0 1 1 1.4-1.4Z';

function Arrow({ d, dir }: { d: string; dir: 'left' | 'right' }) {
  return (
    <svg class={`nhsuk-icon nhsuk-icon--arrow-${dir}`} xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true">
      <path d={d} />
    </svg>
  );
}

export function Pagination({ page, perPage, total, href }: Props) {
  const last = Math.max(1, Math.ceil(total / Math.max(1, perPage)));
  if (last <= 1) return null;
  return (
    <nav class="nhsuk-pagination nhsuk-pagination--numbered" role="navigation" aria-label="Pagination">
      {page > 1 && (
        <a href={href(page - 1)} class="nhsuk-pagination__previous" rel="prev">
          <Arrow d={arrowLeft} dir="left" />
          <span class="nhsuk-pagination__title">
            Previous<span class="nhsuk-u-visually-hidden"> page</span>
          </span>
        </a>
      )}
      <ul class="nhsuk-pagination__list">
        {pageNumbers(page, last).map((p, i) =>
          p === null ? (
            <li key={`gap${i}`} class="nhsuk-pagination__item nhsuk-pagination__item--ellipsis">
              ⋯
            </li>
          ) : (
            <li key={p} class={`nhsuk-pagination__item${p === page ? ' nhsuk-pagination__item--current' : ''}`}>
              <a class="nhsuk-pagination__link" href={href(p)} aria-label={`Page ${p}`} aria-current={p === page ? 'page' : undefined}>
                {p}
              </a>
            </li>
          ),
        )}
      </ul>
      {page < last && (
        <a href={href(page + 1)} class="nhsuk-pagination__next" rel="next">
          <span class="nhsuk-pagination__title">
            Next<span class="nhsuk-u-visually-hidden"> page</span>
          </span>
          <Arrow d={arrowRight} dir="right" />
        </a>
      )}
    </nav>
  );
}
