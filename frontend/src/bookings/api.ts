// Typed calls for engagement sessions, slots and bookings (issue 3).
import { api, queryString, type ID } from '../api';

export type Category = 'clinical' | 'operational' | 'technical';
export type Format = 'virtual' | 'in_person';
/** pending: a place held until the booker confirms from their email (confirm to keep). */
export type BookingStatus = 'confirmed' | 'pending' | 'waitlisted' | 'cancelled';

export const categoryLabels: Record<Category, string> = {
  clinical: 'Clinical',
  operational: 'Operational',
  technical: 'Technical',
};

export const formatLabels: Record<Format, string> = {
  virtual: 'Online',
  in_person: 'In person',
};

export interface Slot {
  id: ID;
  session_id: ID;
  starts_at: string;
  ends_at: string;
  capacity: number;
  confirmed: number;
  remaining: number;
  waitlisted: number;
  cancelled: boolean;
  /** open_remaining is the places anyone may book now (at most remaining). */
  open_remaining: number;
  /** reserved is what is held back now, or null when nothing is. */
  reserved: Reservation | null;
}

/** Reservation is a slot's held-back places: how many, how many are still
 * free, when they open to everyone, and who may take them until then. */
export interface Reservation {
  seats: number;
  remaining: number;
  until: string;
  organisation_ids: ID[];
  staff_groups: string[];
}

/** ReservationRule is how a session holds places back; the same four fields
 * on sessions, the public listing's session, and session input. */
export interface ReservationRule {
  reserved_share: number;
  reserved_until: string | null;
  reserved_organisation_ids: ID[];
  reserved_staff_groups: string[];
}

export interface PublicSession extends ReservationRule {
  id: ID;
  title: string;
  description: string;
  category: Category;
  format: Format;
  location: string;
  organisation_ids: ID[];
  staff_groups: string[];
  restrict_to_organisations: boolean;
}

/** ConfirmRule: bookings keep their place only once confirmed from the booker's
 * mailbox; always so for sessions restricted to organisations. */
export interface ConfirmRule {
  confirm_to_keep: boolean;
  confirm_within_hours: number;
}

/** Owners: the creator (null when unknown) and co-facilitators may change a
 * session or workshop; can_edit says whether the signed-in user may. */
export interface Owners {
  created_by_id: ID | null;
  facilitator_ids: ID[];
  can_edit: boolean;
}

export interface Session extends PublicSession, ConfirmRule, Owners {
  meeting_url: string;
  slots: Slot[];
  created_at: string;
  updated_at: string;
}

export interface PublicSlot extends Slot {
  title: string;
  category: Category;
  session: PublicSession;
}

export interface SlotFilters {
  category?: string;
  organisation_id?: string;
  staff_group?: string;
  from?: string;
  to?: string;
}

export interface BookingInput {
  name: string;
  email: string;
  organisation_id: ID | null;
  staff_group: string;
  job_role: string;
  waitlist: boolean;
  /** hear_outcomes asks for one email when a decision that links the session is published. */
  hear_outcomes?: boolean;
}

export interface Booking {
  id: ID;
  status: BookingStatus;
  position: number | null;
  manage_token?: string;
  manage_url?: string;
  name: string;
  email: string;
  organisation_id: ID | null;
  staff_group: string;
  job_role: string;
  slot: Slot;
  session: PublicSession;
  meeting_url?: string;
  alternatives?: Slot[];
  /** other_sessions: sessions of the same category it may move to, with their times. */
  other_sessions?: BookableSession[];
  /** reserved_seat: the person qualifies for the slot's held places. */
  reserved_seat?: boolean;
  /** confirm_by: when the place is released unless confirmed from the email; null when nothing to confirm. */
  confirm_by?: string | null;
  cancelled_at: string | null;
}

/** SessionInput is a new or edited session; an edit may leave the reserved_* fields out. */
export interface SessionInput extends Partial<ReservationRule>, Partial<ConfirmRule> {
  facilitator_ids?: ID[];
  title: string;
  description: string;
  category: Category | '';
  format: Format | '';
  location: string;
  meeting_url: string;
  organisation_ids: ID[];
  staff_groups: string[];
  restrict_to_organisations: boolean;
}

export interface RosterEntry {
  id: ID;
  name: string;
  email: string;
  organisation_id: ID | null;
  staff_group: string;
  job_role: string;
  status: BookingStatus;
  position: number | null;
  attendance: '' | 'attended' | 'no_show';
}

export interface Roster {
  items: RosterEntry[];
  slot: Slot;
  session: Session;
}

/** SessionCard is one session on the public listing: its next times, how many
 * more there are, and the places left over all of them. */
export interface SessionCard {
  session: PublicSession;
  next: Slot[];
  times: number;
  more: number;
  places_left: number;
}

/** BookableSession is a session's public page: every time that can still be booked. */
export interface BookableSession {
  session: PublicSession;
  slots: Slot[];
}

export const listBookableSessions = (f: SlotFilters) =>
  api.get<{ items: SessionCard[] }>(`/bookable-sessions${queryString({ ...f })}`).then((r) => r.items);
export const getBookableSession = (id: ID | string) => api.get<BookableSession>(`/bookable-sessions/${id}`);
export const askForLinks = (email: string) => api.post<{ message: string }>('/bookings/lost-link', { email });
/** calendarFileURL is the booking's .ics file ("Add to Apple calendar"). */
export const calendarFileURL = (token: string) => `/api/v1/bookings/${encodeURIComponent(token)}/calendar.ics`;
export const listSlots = (f: SlotFilters) =>
  api.get<{ items: PublicSlot[] }>(`/slots${queryString({ ...f })}`).then((r) => r.items);
export const getSlot = (id: ID | string) => api.get<PublicSlot>(`/slots/${id}`);
export const book = (slotId: ID, input: BookingInput) => api.post<Booking>(`/slots/${slotId}/bookings`, input);
export const getBooking = (token: string) => api.get<Booking>(`/bookings/${encodeURIComponent(token)}`);
export const cancelBooking = (token: string) => api.post<Booking>(`/bookings/${encodeURIComponent(token)}/cancel`);
export const moveBooking = (token: string, slotId: ID) =>
  api.post<Booking>(`/bookings/${encodeURIComponent(token)}/move`, { slot_id: slotId });
export const confirmBooking = (token: string) => api.post<Booking>('/bookings/confirm', { token });
export const listStaffGroups = () => api.get<string[]>('/staff-groups');

export interface Facilitator {
  id: ID;
  name: string;
  email: string;
  role: 'admin' | 'facilitator';
}
export const listFacilitators = () => api.get<{ items: Facilitator[] }>('/facilitators').then((r) => r.items);

export const listSessions = () => api.get<{ items: Session[] }>('/sessions').then((r) => r.items);
export const getSession = (id: ID | string) => api.get<Session>(`/sessions/${id}`);
export const createSession = (input: SessionInput) => api.post<Session>('/sessions', input);
export const updateSession = (id: ID, input: Partial<SessionInput>) => api.patch<Session>(`/sessions/${id}`, input);
export const addSlot = (sessionId: ID, input: { starts_at: string; ends_at: string; capacity: number }) =>
  api.post<Slot>(`/sessions/${sessionId}/slots`, input);
export const setCapacity = (slotId: ID, capacity: number) => api.patch<Slot>(`/slots/${slotId}`, { capacity });
export const cancelSlot = (slotId: ID) => api.post<unknown>(`/slots/${slotId}/cancel`);
export const getRoster = (slotId: ID | string) => api.get<Roster>(`/slots/${slotId}/bookings`);
export const setAttendance = (bookingId: ID, status: 'attended' | 'no_show') =>
  api.post<RosterEntry>(`/bookings/${bookingId}/attendance`, { status });
export const messageSlot = (slotId: ID, subject: string, message: string) =>
  api.post<{ recipients: number }>(`/slots/${slotId}/message`, { subject, message });
