// SessionAccess holds the session form's two safeguards: confirm to keep (bookings
// hold their place only once confirmed from the booker's email) and the
// co-facilitators who, with the creator, may change the session.
import { TextField } from '../components/fields';
import type { FormError } from '../components/formErrors';
import type { ID } from '../api';
import type { Facilitator } from './api';
import { CheckboxField, Checkboxes } from '../components/choices';

export interface AccessDraft {
  confirmToKeep: boolean;
  hours: string;
  facilitatorIds: string[];
}

export const accessDraftFrom = (s?: { confirm_to_keep: boolean; confirm_within_hours: number; facilitator_ids: ID[] }): AccessDraft => ({
  confirmToKeep: s?.confirm_to_keep ?? false,
  hours: String(s?.confirm_within_hours ?? 24),
  facilitatorIds: (s?.facilitator_ids ?? []).map(String),
});

/** readAccess turns the draft into session input, or says what to fix. */
export function readAccess(d: AccessDraft): { input: { confirm_to_keep: boolean; confirm_within_hours?: number; facilitator_ids: ID[] }; errors: FormError[] } {
  const hours = Number(d.hours.trim());
  const errors: FormError[] = [];
  if (!/^\d+$/.test(d.hours.trim()) || hours < 1 || hours > 168)
    errors.push({ field: 'confirm_within_hours', message: 'Enter the hours to confirm as a whole number from 1 to 168' });
  return { input: { confirm_to_keep: d.confirmToKeep, confirm_within_hours: hours, facilitator_ids: d.facilitatorIds.map(Number) }, errors };
}

interface Props {
  draft: AccessDraft;
  onDraft(d: AccessDraft): void;
  restricted: boolean;
  facilitators: Facilitator[];
  creatorId: ID | null;
  fieldError(field: string): string | undefined;
}

export function SessionAccess({ draft, onDraft, restricted, facilitators, creatorId, fieldError }: Props) {
  const set = (patch: Partial<AccessDraft>) => onDraft({ ...draft, ...patch });
  const needsConfirm = draft.confirmToKeep || restricted;
  return (
    <>
      <CheckboxField
        id="confirm_to_keep"
        label="People must confirm from their email to keep their place"
        hint={
          restricted
            ? 'Always on for a session only some organisations may book: it proves the booker reads that work mailbox.'
            : 'Stops places being filled with made-up addresses. The meeting link is sent once they confirm.'
        }
        checked={needsConfirm}
        onChecked={(v) => set({ confirmToKeep: v })}
      />
      {needsConfirm && (
        <TextField
          id="confirm_within_hours"
          label="Hours to confirm"
          hint="Places nobody confirms are released after this, or halfway to the start if that is sooner"
          widthClass="nhsuk-input--width-3"
          value={draft.hours}
          onValue={(hours) => set({ hours })}
          error={fieldError('confirm_within_hours')}
        />
      )}
      <Checkboxes
        id="facilitator_ids"
        legend="Co-facilitators (optional)"
        small
        hint="They can change this session, its times and bookings, and message the people booked. Other facilitators can only view it; admins can change any session."
        options={facilitators
          .filter((f) => f.role === 'facilitator' && f.id !== creatorId)
          .map((f) => ({ value: String(f.id), label: f.name ? `${f.name} (${f.email})` : f.email }))}
        values={draft.facilitatorIds}
        onValues={(facilitatorIds) => set({ facilitatorIds })}
        error={fieldError('facilitator_ids')}
      />
    </>
  );
}
