// EditChannel lets an admin change a feedback channel's name, description,
// audience and settings.
import '../styles/admin.scss';
import './feedback.scss';
import { useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { SuccessBanner } from '../components/SuccessBanner';
import { useResource } from '../components/useResource';
import { getChannel, updateChannel } from './api';
import { ChannelForm } from './ChannelForm';

function EditChannelPage({ id }: { id: string }) {
  const channel = useResource(() => getChannel(id), [id]);
  const [saved, setSaved] = useState(0);
  if (channel.error) return <LoadError error={channel.error} />;
  if (!channel.data) return <Loading />;
  return (
    <Page title={`Change ${channel.data.name}`} back={{ href: '/feedback/manage', label: 'Back to channels' }}>
      {saved > 0 && <SuccessBanner key={saved} heading="Channel saved" />}
      <ChannelForm
        key={channel.data.id}
        initial={channel.data}
        submitLabel="Save channel"
        onSubmit={async (input) => {
          await updateChannel(channel.data!.id, input);
          setSaved((n) => n + 1);
        }}
      />
    </Page>
  );
}

export default function EditChannel({ id }: { id: string }) {
  return (
    <RequireRole roles={access.admin}>
      <EditChannelPage id={id} />
    </RequireRole>
  );
}
