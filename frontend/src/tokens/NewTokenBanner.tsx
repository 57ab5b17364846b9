// NewTokenBanner shows a just-created token's secret, the only time it is
// ever shown, with a button to copy it.
import { useState } from 'preact/hooks';
import { SuccessBanner } from '../components/SuccessBanner';
import type { NewToken } from './api';

export function NewTokenBanner({ token }: { token: NewToken }) {
  const [copied, setCopied] = useState('');

  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied('Token copied');
    } catch {
      setCopied('Could not copy. Select the token and copy it yourself');
    }
  }

  return (
    <SuccessBanner heading={`Token "${token.name}" created`}>
      <p>Copy this token now. You will not be able to see it again.</p>
      <code class="app-secret" data-testid="new-token">
        {token.token}
      </code>
      <p class="nhsuk-u-margin-top-3 nhsuk-u-margin-bottom-0">
        <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-2" type="button" onClick={copy}>
          Copy token
        </button>{' '}
        <span role="status">{copied}</span>
      </p>
    </SuccessBanner>
  );
}
