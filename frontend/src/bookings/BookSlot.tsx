// BookSlot keeps the old links to one time (/book/:slotId, in campaign emails and
// the programme page) working: it opens that time's session with the time chosen.
import { useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { Page } from '../components/Page';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { getSlot } from './api';

export default function BookSlot({ id = '' }: { id?: string }) {
  const { route } = useLocation();
  const slot = useResource(() => getSlot(id), [id]);
  useEffect(() => {
    if (slot.data) route(`/book/session/${slot.data.session_id}?slot=${slot.data.id}`, true);
  }, [slot.data]);
  if (slot.error)
    return (
      <Page title="Book a session" back={{ href: '/book', label: 'All sessions' }}>
        <LoadError error={slot.error} />
        <p>
          <a href="/book">Choose a session</a>
        </p>
      </Page>
    );
  return <Loading />;
}
