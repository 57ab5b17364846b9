// SuccessBanner is the NHS success notification banner, announced when it
// appears, for telling someone that what they just did worked.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

export function SuccessBanner({ heading, children }: { heading: string; children?: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => ref.current?.focus(), [heading]);
  return (
    <div
      class="nhsuk-notification-banner nhsuk-notification-banner--success"
      role="alert"
      aria-labelledby={titleId}
      tabIndex={-1}
      ref={ref}
    >
      <div class="nhsuk-notification-banner__header">
        <h2 class="nhsuk-notification-banner__title" id={titleId}>
          Success
        </h2>
      </div>
      <div class="nhsuk-notification-banner__content">
        <p class="nhsuk-notification-banner__heading">{heading}</p>
        {children}
      </div>
    </div>
  );
}
