// PersonPage adds a person (/people/new) or changes one (/people/:id).
import '../styles/admin.scss';
import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { SuccessBanner } from '../components/SuccessBanner';
import { useResource } from '../components/useResource';
import { listOrganisations } from '../organisations/api';
import { createPerson, getPerson, listStaffGroups, updatePerson, type Person, type PersonInput } from './api';
import { PersonForm } from './PersonForm';

const back = { href: '/people', label: 'Back to people' };

function loadPage(id: string | undefined) {
  return Promise.all([id ? getPerson(id) : Promise.resolve(undefined), listOrganisations(), listStaffGroups()]);
}

function PersonPageView() {
  const { params } = useRoute();
  const { route } = useLocation();
  const isNew = params.id === 'new';
  const data = useResource(() => loadPage(isNew ? undefined : params.id), [params.id]);
  const [saved, setSaved] = useState(0);

  async function save(input: PersonInput) {
    if (isNew) {
      const p: Person = await createPerson(input);
      route(`/people/${p.id}?added=1`);
      return;
    }
    await updatePerson(data.data![0]!.id, input);
    setSaved((n) => n + 1);
    data.reload();
  }

  const title = isNew ? 'Add a person' : (data.data?.[0]?.name ?? 'Person');
  if (data.error) return <Page title={title} back={back}><LoadError error={data.error} /></Page>;
  if (!data.data) return <Loading />;
  const [person, organisations, staffGroups] = data.data;
  return (
    <Page title={title} caption={isNew ? undefined : 'Change person'} back={back}>
      <Added saved={saved} />
      <PersonForm
        key={person?.id ?? 'new'}
        initial={person}
        organisations={organisations}
        staffGroups={staffGroups}
        submitLabel={isNew ? 'Add person' : 'Save changes'}
        onSubmit={save}
      />
    </Page>
  );
}

/** Added confirms a save: "added" after creating (from the URL), "saved" after changes. */
function Added({ saved }: { saved: number }) {
  const { query } = useLocation();
  if (saved > 0) return <SuccessBanner heading="Changes saved" key={saved} />;
  if (query.added) return <SuccessBanner heading="Person added" />;
  return null;
}

export default function PersonPage() {
  return (
    <RequireRole roles={access.admin}>
      <PersonPageView />
    </RequireRole>
  );
}
