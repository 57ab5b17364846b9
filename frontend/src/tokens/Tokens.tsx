// Tokens lets anyone signed in manage their own API tokens: create one (its
// secret is shown once), see when each was last used, and revoke them.
import '../styles/admin.scss';
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { SubmitButton, TextField } from '../components/fields';
import { useSubmit } from '../components/formErrors';
import { Page } from '../components/Page';
import { DataTable } from '../components/DataTable';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { SuccessBanner } from '../components/SuccessBanner';
import { Time } from '../components/Time';
import { useResource } from '../components/useResource';
import { createToken, listTokens, revokeToken, type ApiToken, type NewToken } from './api';
import { NewTokenBanner } from './NewTokenBanner';

function TokenTable({ tokens, onRevoke }: { tokens: ApiToken[]; onRevoke(t: ApiToken): void }) {
  if (tokens.length === 0) return <p>You have no API tokens.</p>;
  return (
    <DataTable
      caption="Your API tokens"
      rows={tokens}
      rowKey={(t) => t.id}
      columns={[
        { header: 'Name', cell: (t) => t.name },
        { header: 'Starts with', cell: (t) => <code>{t.prefix}…</code> },
        { header: 'Created', cell: (t) => <Time value={t.created_at} /> },
        { header: 'Last used', cell: (t) => <Time value={t.last_used_at} empty="Never" /> },
        {
          header: 'Status',
          cell: (t) =>
            t.revoked_at ? (
              <>
                <strong class="nhsuk-tag nhsuk-tag--grey">Revoked</strong> <Time value={t.revoked_at} />
              </>
            ) : (
              <button class="app-link-button" type="button" onClick={() => onRevoke(t)}>
                Revoke<span class="nhsuk-u-visually-hidden"> token {t.name}</span>
              </button>
            ),
        },
      ]}
    />
  );
}

function TokensPage() {
  const list = useResource(listTokens, []);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<NewToken | null>(null);
  const [revoked, setRevoked] = useState<ApiToken | null>(null);
  const form = useSubmit();

  async function create(e: Event) {
    e.preventDefault();
    if (!name.trim()) return form.setErrors([{ field: 'name', message: 'Enter a name for the token' }]);
    await form.run(async () => {
      setCreated(await createToken(name.trim()));
      setRevoked(null);
      setName('');
      list.reload();
    });
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
        <SubmitButton busy={form.busy}>Create token</SubmitButton>
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
