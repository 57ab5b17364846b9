// ErrorSummary is the NHS error summary. It takes focus when errors appear so
// keyboard and screen reader users land on it, and its links move focus to
// the field at fault.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { FormError } from './formErrors';

function focusField(e: MouseEvent, id: string) {
  const input = document.getElementById(id);
  if (!input) return;
  e.preventDefault();
  const label = document.querySelector(`label[for="${CSS.escape(id)}"]`) ?? input;
  label.scrollIntoView();
  input.focus({ preventScroll: true });
}

export function ErrorSummary({ errors, title = 'There is a problem' }: { errors: FormError[]; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  // Link only errors whose field is on the page; the form's inputs may render
  // after the summary, so look once everything is in the document.
  const [linkable, setLinkable] = useState<string[]>([]);
  useLayoutEffect(() => {
    const present = errors.flatMap((e) => (e.field && document.getElementById(e.field) ? [e.field] : []));
    setLinkable((old) => (old.join() === present.join() ? old : present));
  }, [errors]);
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;

  return (
    <div class="nhsuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 class="nhsuk-error-summary__heading">{title}</h2>
        <div class="nhsuk-error-summary__body">
          <ul class="nhsuk-list nhsuk-error-summary__list">
            {errors.map((err, i) => (
              <li key={`${err.field ?? ''}${i}`}>
                {err.field && linkable.includes(err.field) ? (
                  <a href={`#${err.field}`} onClick={(e) => focusField(e, err.field!)}>
                    {err.message}
                  </a>
                ) : (
                  err.message
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
