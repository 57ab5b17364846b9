// reserved.ts words a slot's held-back places, so the booking pages say in
// plain sentences (never by colour alone) how many places are held, for whom,
// and when they open to everyone. The API gives organisation ids; pages pass
// the names from the public organisation list.
import type { ID } from '../api';
import type { ReservationRule, Reservation, Slot } from './api';
import { releaseWhen } from './londonTime';

/** OrgNames maps organisation ids to names. */
export type OrgNames = ReadonlyMap<ID, string>;

/** orgNames builds the id-to-name map from the organisation list, once it has loaded. */
export const orgNames = (orgs: { id: ID; name: string }[] | undefined): OrgNames =>
  new Map((orgs ?? []).map((o) => [o.id, o.name]));

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** orList joins names as "A", "A or B", "A, B or C". */
export function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** heldFor names who may take held places: "people in the Nursing and Midwifery
 * Registered staff group at North Moor NHS FT". It says "people in the … staff
 * group" rather than "… staff" because some groups (Students, Patient or Public)
 * are not staff. A person must match every list that is set. */
export function heldFor(who: { organisation_ids: ID[]; staff_groups: string[] }, names: OrgNames): string {
  const groups = who.staff_groups;
  const orgs = who.organisation_ids.map((id) => names.get(id) ?? `organisation ${id}`);
  const inGroups = groups.length ? ` in the ${orList(groups)} staff group${groups.length > 1 ? 's' : ''}` : '';
  const atOrgs = orgs.length ? ` at ${orList(orgs)}` : '';
  return inGroups || atOrgs ? `people${inGroups}${atOrgs}` : 'named people';
}

/** heldNow is how many of a slot's places left are held back now (0 when none). */
export const heldNow = (slot: Pick<Slot, 'remaining' | 'reserved'>) =>
  slot.reserved ? Math.max(0, Math.min(slot.reserved.remaining, slot.remaining)) : 0;

/** onlyHeldLeft: places are left, but every one is held for people who qualify. */
export const onlyHeldLeft = (slot: Pick<Slot, 'remaining' | 'open_remaining' | 'reserved'>) =>
  slot.remaining > 0 && (slot.open_remaining ?? slot.remaining) === 0 && heldNow(slot) > 0;

/** placesSentence says how many places a slot has left and, when some are
 * held, for whom and until when: "6 of 10 places left. 4 of them are held for
 * people in … until Tuesday 1 December 2026 at 09:00, then open to everyone." */
export function placesSentence(slot: Slot, names: OrgNames): string {
  const base = `${slot.remaining} of ${plural(slot.capacity, 'place', 'places')} left`;
  const held = heldNow(slot);
  if (!slot.reserved || held === 0) return base;
  const who = heldFor(slot.reserved, names);
  const when = releaseWhen(slot.reserved.until);
  if (!onlyHeldLeft(slot))
    return `${base}. ${held} of them ${held === 1 ? 'is' : 'are'} held for ${who} until ${when}, then open to everyone.`;
  const all = slot.remaining === 1 ? 'It is' : slot.remaining === 2 ? 'Both are' : 'All of them are';
  return `${base}. ${all} held for ${who} until ${when}. Until then only they can book; anyone else can join the waiting list.`;
}

/** heldWaitlistText tells someone who cannot take a held place what the waiting list does for them. */
export const heldWaitlistText = (r: Reservation) =>
  `Join the waiting list and you get a place automatically, in order, if one you can take frees up, or when the held places open to everyone on ${releaseWhen(r.until)}.`;

/** ruleSentence describes a session's reservation to its facilitators. */
export function ruleSentence(rule: ReservationRule, names: OrgNames, now = new Date()): string {
  if (!rule.reserved_share || !rule.reserved_until) return 'No places are held back.';
  const who = heldFor({ organisation_ids: rule.reserved_organisation_ids, staff_groups: rule.reserved_staff_groups }, names);
  const when = releaseWhen(rule.reserved_until);
  if (new Date(rule.reserved_until) <= now)
    return `${rule.reserved_share}% of each time's places were held for ${who} until ${when}. They are now open to everyone.`;
  return `${rule.reserved_share}% of each time's places (rounded down) are held for ${who} until ${when}, then open to everyone.`;
}
