// InsetText is the NHS inset text: information that stands apart from the
// text around it, introduced to screen readers as "Information".
import type { ComponentChildren } from 'preact';

export function InsetText({ testId, children }: { testId?: string; children: ComponentChildren }) {
  return (
    <div class="nhsuk-inset-text" data-testid={testId}>
      <span class="nhsuk-u-visually-hidden">Information: </span>
      {children}
    </div>
  );
}
