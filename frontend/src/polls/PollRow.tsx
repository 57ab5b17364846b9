// PollRow is one poll in the control page's table, with the actions its
// facilitators may take: open or close, show or hide results, change and
// delete (only before anyone has answered, and not while open), duplicate and
// move up or down. Every button names its poll for screen readers.
import { kindLabels, type Poll } from './api';

export type RowAction = 'open' | 'close' | 'reveal' | 'hide' | 'edit' | 'duplicate' | 'delete-ask' | 'delete' | 'delete-cancel' | 'up' | 'down';

const stateTags: Record<Poll['state'], [string, string]> = {
  draft: ['nhsuk-tag--grey', 'Not opened'],
  open: ['nhsuk-tag--green', 'Open'],
  closed: ['nhsuk-tag--orange', 'Closed'],
};

interface Props {
  poll: Poll;
  current: boolean;
  first: boolean;
  last: boolean;
  canEdit: boolean;
  confirming: boolean;
  act(p: Poll, a: RowAction): void;
}

function Button({ id, label, hidden, onClick }: { id?: string; label: string; hidden: string; onClick(): void }) {
  return (
    <button class="app-link-button" type="button" id={id} onClick={onClick}>
      {label}
      <span class="nhsuk-u-visually-hidden"> {hidden}</span>
    </button>
  );
}

function Actions({ poll, first, last, confirming, act }: Omit<Props, 'current' | 'canEdit'>) {
  const n = `poll ${poll.position}`;
  const changeable = (poll.votes ?? 0) === 0 && poll.state !== 'open';
  if (confirming) {
    return (
      <div class="app-button-row app-control__actions">
        <span>Delete this poll?</span>
        <Button id={`delete-yes-${poll.id}`} label="Yes, delete" hidden={n} onClick={() => act(poll, 'delete')} />
        <Button label="Cancel" hidden={`deleting ${n}`} onClick={() => act(poll, 'delete-cancel')} />
      </div>
    );
  }
  return (
    <div class="app-button-row app-control__actions">
      {poll.state !== 'open' ? (
        <Button label={poll.state === 'closed' ? 'Reopen' : 'Open'} hidden={n} onClick={() => act(poll, 'open')} />
      ) : (
        <Button label="Close" hidden={n} onClick={() => act(poll, 'close')} />
      )}
      <Button label={poll.revealed ? 'Hide results' : 'Show results'} hidden={`of ${n}`} onClick={() => act(poll, poll.revealed ? 'hide' : 'reveal')} />
      {changeable && <Button id={`edit-${poll.id}`} label="Change" hidden={n} onClick={() => act(poll, 'edit')} />}
      <Button label="Duplicate" hidden={n} onClick={() => act(poll, 'duplicate')} />
      {changeable && <Button id={`delete-${poll.id}`} label="Delete" hidden={n} onClick={() => act(poll, 'delete-ask')} />}
      {!first && <Button id={`move-up-${poll.id}`} label="Move up" hidden={n} onClick={() => act(poll, 'up')} />}
      {!last && <Button id={`move-down-${poll.id}`} label="Move down" hidden={n} onClick={() => act(poll, 'down')} />}
    </div>
  );
}

// Heading labels a cell on a phone, where the responsive table stacks its cells.
function Heading({ children }: { children: string }) {
  return (
    <span class="nhsuk-table__heading" aria-hidden="true">
      {children}{' '}
    </span>
  );
}

export function PollRow(props: Props) {
  const { poll, current, canEdit } = props;
  const [tag, label] = stateTags[poll.state];
  const votes = poll.votes ?? 0;
  return (
    <tr role="row" class="nhsuk-table__row">
      <td role="cell" class="nhsuk-table__cell">
        <Heading>No.</Heading>
        {poll.position}
      </td>
      <td role="cell" class="nhsuk-table__cell">
        <Heading>Question</Heading>
        <span>
          <span class="app-control__question">{poll.question}</span>
          {current && <strong> (on screen)</strong>}
        </span>
      </td>
      <td role="cell" class="nhsuk-table__cell">
        <Heading>Kind</Heading>
        {kindLabels[poll.kind]}
      </td>
      <td role="cell" class="nhsuk-table__cell">
        <Heading>State</Heading>
        <span>
          <strong class={`nhsuk-tag ${tag}`}>{label}</strong>
          <br />
          {votes === 1 ? '1 answer' : `${votes} answers`}, results {poll.revealed ? 'shown' : 'hidden'}
        </span>
      </td>
      {canEdit && (
        <td role="cell" class="nhsuk-table__cell">
          <Heading>Actions</Heading>
          <Actions {...props} />
        </td>
      )}
    </tr>
  );
}
