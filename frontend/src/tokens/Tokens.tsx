// Tokens lets anyone signed in manage their own API tokens: create one (its
// secret is shown once), see when each was last used, and revoke them.
import '../styles/admin.scss';
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/fields';
import { useFormErrors } from '../components/formErrors';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { SuccessBanner } from '../components/SuccessBanner';
import { Time } from '../components/Time';
import { useResource } from '../components/useResource';
import { createToken, listTokens, revokeToken, type ApiToken, type NewToken } from './api';
import { NewTokenBanner } from './NewTokenBanner';

function TokenRow({ token, onRevoke }: { token: ApiToken; onRevoke(t: ApiToken): void }) {
  return (
    <tr class="nhsuk-table__row">
      <td class="nhsuk-table__cell">{token.name}</td>
      <td class="nhsuk-table__cell"><code>{token.prefix}…</code></td>
      <td class="nhsuk-table__cell"><Time value={token.created_at} /></td>
      <td class="nhsuk-table__cell"><Time value={token.last_used_at} empty="Never" /></td>
      <td class="nhsuk-table__cell">
        {token.revoked_at ? (
          <>
            <strong class="nhsuk-tag nhsuk-tag--grey">Revoked</strong> <Time value={token.revoked_at} />
          </>
        ) : (
          <button class="app-link-button" type="button" onClick={() => onRevoke(token)}>
            Revoke<span class="nhsuk-u-visually-hidden"> token {token.name}</span>
          </button>
        )}
      </td>
    </tr>
  );
}

function TokenTable({ tokens, onRevoke }: { tokens: ApiToken[]; onRevoke(t: ApiToken): void }) {
  if (tokens.length === 0) return <p>You have no API tokens.</p>;
  return (
    <div class="app-table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on small screens)">
      <table class="nhsuk-table">
        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Your API tokens</caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            {['Name', 'Starts with', 'Created', 'Last used', 'Status'].map((h) => (
              <th class="nhsuk-table__header" scope="col" key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          {tokens.map((t) => <TokenRow token={t} onRevoke={onRevoke} key={t.id} />)}
        </tbody>
      </table>
    </div>
  );
}

function TokensPage() {
  const list = useResource(listTokens, []);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<NewToken | null>(null);
  const [revoked, setRevoked] = useState<ApiToken | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors();

  async function create(e: Event) {
    e.preventDefault();
    if (!name.trim()) return form.setErrors([{ field: 'name', message: 'Enter a name for the token' }]);
    setBusy(true);
    try {
      setCreated(await createToken(name.trim()));
      setRevoked(null);
      setName('');
      form.clear();
      list.reload();
    } catch (err) {
      form.fail(err);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(t: ApiToken) {
    try {
      await revokeToken(t.id);
      setRevoked(t);
      setCreated(null);
      form.clear();
    } catch (err) {
      form.fail(err);
    }
    list.reload();
  }

  return (
    <Page title="API tokens" wide>
      <p>Scripts use API tokens to call the Confer API as you. Treat a token like a password.</p>
      {created && <NewTokenBanner token={created} key={created.id} />}
      {revoked && <SuccessBanner heading={`Token "${revoked.name}" revoked`} key={`revoked${revoked.id}`} />}
      <ErrorSummary errors={form.errors} />
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data ? <TokenTable tokens={list.data} onRevoke={revoke} /> : list.loading && <Loading />}
      <h2>Create a token</h2>
      <form onSubmit={create} noValidate>
        <TextField id="name" label="Token name" hint="Say what will use it, for example Reporting script" widthClass="nhsuk-u-width-two-thirds" value={name} onValue={setName} error={form.fieldError('name')} />
        <button class="nhsuk-button" type="submit" disabled={busy}>Create token</button>
      </form>
    </Page>
  );
}

export default function Tokens() {
  return (
    <RequireRole>
      <TokensPage />
    </RequireRole>
  );
}
