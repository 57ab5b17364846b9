// EditOrganisation changes or deletes one organisation. Deleting asks for
// confirmation on the page itself, not in a browser dialog, so it reads well
// with a screen reader and can be undone by choosing Cancel.
import '../styles/admin.scss';
import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { useSubmit } from '../components/formErrors';
import { Page } from '../components/Page';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { SuccessBanner } from '../components/SuccessBanner';
import { useResource } from '../components/useResource';
import { deleteOrganisation, getOrganisation, updateOrganisation, type Organisation, type OrganisationInput } from './api';
import { OrganisationForm } from './OrganisationForm';

function DeleteOrganisation({ org }: { org: Organisation }) {
  const { route } = useLocation();
  const [confirming, setConfirming] = useState(false);
  const form = useSubmit();

  async function remove() {
    await form.run(async () => {
      await deleteOrganisation(org.id);
      route('/organisations');
    });
  }

  if (!confirming) {
    return (
      <button class="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => setConfirming(true)}>
        Delete organisation
      </button>
    );
  }
  return (
    <div role="group" aria-labelledby="delete-heading">
      <ErrorSummary errors={form.errors} />
      <h2 id="delete-heading">Are you sure you want to delete {org.name}?</h2>
      <p>This cannot be undone.</p>
      <div class="app-button-row">
        <button class="nhsuk-button nhsuk-button--warning" type="button" disabled={form.busy} onClick={remove}>
          Yes, delete {org.name}
        </button>
        <button class="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function EditOrganisationPage() {
  const { params } = useRoute();
  const org = useResource(() => getOrganisation(params.id), [params.id]);
  const [saved, setSaved] = useState(0);

  async function save(input: OrganisationInput) {
    await updateOrganisation(org.data!.id, input);
    setSaved((n) => n + 1);
    org.reload();
  }

  const back = { href: '/organisations', label: 'Back to organisations' };
  if (org.error) return <Page title="Organisation" back={back}><LoadError error={org.error} /></Page>;
  if (!org.data) return <Loading />;
  return (
    <Page title={org.data.name} caption="Change organisation" back={back}>
      {saved > 0 && <SuccessBanner heading="Changes saved" key={saved} />}
      <OrganisationForm initial={org.data} submitLabel="Save changes" onSubmit={save} />
      <DeleteOrganisation org={org.data} />
    </Page>
  );
}

export default function EditOrganisation() {
  return (
    <RequireRole roles={access.admin}>
      <EditOrganisationPage />
    </RequireRole>
  );
}
