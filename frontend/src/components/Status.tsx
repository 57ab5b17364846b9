// Status.tsx shows the two in-between states of a page: still loading, and
// could not load. Both are announced to screen readers.
import { ApiError } from '../api';

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p class="nhsuk-body" role="status">
      {what}…
    </p>
  );
}

export function LoadError({ error }: { error: unknown }) {
  const message = error instanceof ApiError ? error.message : 'Something went wrong. Try again later';
  return (
    <div class="nhsuk-error-summary" role="alert">
      <h2 class="nhsuk-error-summary__heading">Sorry, there is a problem</h2>
      <div class="nhsuk-error-summary__body">
        <p>{message}.</p>
      </div>
    </div>
  );
}
