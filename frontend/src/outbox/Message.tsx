// Message shows one outbox mail: who it went to, its plain text, its HTML
// inside a fully sandboxed iframe (no scripts, no same-origin access), and
// its attachments.
import '../styles/admin.scss';
import type { ComponentChildren } from 'preact';
import { useRoute } from 'preact-iso';
import { Page } from '../components/Page';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { Time } from '../components/Time';
import { useResource } from '../components/useResource';
import { formatSize, getOutboxMessage, type OutboxMessage } from './api';

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="nhsuk-summary-list__row">
      <dt class="nhsuk-summary-list__key">{label}</dt>
      <dd class="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}

function MessageBody({ m }: { m: OutboxMessage }) {
  return (
    <>
      <dl class="nhsuk-summary-list">
        <Row label="To">{m.to_name ? `${m.to_name} <${m.to}>` : m.to}</Row>
        <Row label="Subject">{m.subject}</Row>
        <Row label="Time"><Time value={m.created_at} /></Row>
      </dl>
      <h2>Plain text</h2>
      <pre class="app-mail-text" data-testid="mail-text">{m.text}</pre>
      {m.html && (
        <>
          <h2>HTML</h2>
          <iframe class="app-mail-frame" sandbox="" src={`/api/v1/outbox/${m.id}/html`} title={`HTML version of ${m.subject}`} />
        </>
      )}
      <h2>Attachments</h2>
      {m.attachments?.length ? (
        <ul class="nhsuk-list nhsuk-list--bullet">
          {m.attachments.map((a, i) => (
            <li key={`${a.filename}${i}`}>
              <a href={`/api/v1/outbox/${m.id}/attachments/${i}`} download={a.filename}>
                {a.filename}
              </a>{' '}
              ({a.content_type}, {formatSize(a.size)})
            </li>
          ))}
        </ul>
      ) : (
        <p>No attachments.</p>
      )}
    </>
  );
}

function MessageView() {
  const { params } = useRoute();
  const msg = useResource(() => getOutboxMessage(params.id), [params.id]);
  const back = { href: '/outbox', label: 'Back to outbox' };
  if (msg.error) return <Page title="Message" back={back}><LoadError error={msg.error} /></Page>;
  if (!msg.data) return <Loading />;
  return (
    <Page title={msg.data.subject || '(no subject)'} caption="Outbox message" back={back} wide>
      <MessageBody m={msg.data} />
    </Page>
  );
}

export default function Message() {
  return (
    <RequireRole roles={access.admin}>
      <MessageView />
    </RequireRole>
  );
}
