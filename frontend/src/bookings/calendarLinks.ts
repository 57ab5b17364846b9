// calendarLinks.ts makes the "Add to calendar" links of a confirmed booking: Outlook on
// the web (NHSmail is Microsoft 365) and Google Calendar open their "new event" form
// filled in; Apple (and any other calendar) takes the .ics file the server makes. Times
// go as UTC, so neither service guesses a zone; every text is URL-encoded.

/** CalendarEvent is what the compose links carry. */
export interface CalendarEvent {
  title: string;
  start: string; // ISO 8601 UTC, from the API
  end: string;
  details: string;
  location: string;
}

/** utcStamp gives Google's compact UTC form, "20261208T140000Z". */
export const utcStamp = (iso: string) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** utcISO gives "2026-12-08T14:00:00Z", as Outlook's deep link takes it. */
export const utcISO = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

const query = (params: [string, string][]) => params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');

/** googleCalendarURL opens Google Calendar's new-event form. */
export function googleCalendarURL(ev: CalendarEvent): string {
  return `https://calendar.google.com/calendar/render?${query([
    ['action', 'TEMPLATE'],
    ['text', ev.title],
    ['dates', `${utcStamp(ev.start)}/${utcStamp(ev.end)}`],
    ['details', ev.details],
    ['location', ev.location],
  ])}`;
}

/** outlookCalendarURL opens Outlook on the web's new-event form (work or school accounts). */
export function outlookCalendarURL(ev: CalendarEvent): string {
  return `https://outlook.office.com/calendar/0/deeplink/compose?${query([
    ['path', '/calendar/action/compose'],
    ['rru', 'addevent'],
    ['subject', ev.title],
    ['startdt', utcISO(ev.start)],
    ['enddt', utcISO(ev.end)],
    ['body', ev.details],
    ['location', ev.location],
  ])}`;
}

/** eventDetails is the event's notes: the description, how to join, and the manage link. */
export function eventDetails(p: { description: string; meetingURL?: string; manageURL: string }): string {
  return [
    p.description.trim(),
    p.meetingURL ? `Join online: ${p.meetingURL}` : '',
    `To move or cancel your booking, use your private link (do not share it): ${p.manageURL}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}
