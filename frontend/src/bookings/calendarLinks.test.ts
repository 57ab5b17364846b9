import { describe, expect, it } from 'vitest';
import { eventDetails, googleCalendarURL, outlookCalendarURL, utcISO, utcStamp } from './calendarLinks';

const ev = {
  title: 'Safety & EPR: "nurses" #1 / Zoë',
  start: '2026-07-08T13:00:00Z', // 2pm in London (BST)
  end: '2026-07-08T14:30:00.000Z',
  details: eventDetails({
    description: 'Line one\nLine two & more',
    meetingURL: 'https://teams.example/l/meetup-join/a?b=c&d=e',
    manageURL: 'https://confer.example/bookings/bk_abc',
  }),
  location: 'Online',
};

describe('calendar links', () => {
  it('give times in UTC, whatever the zone', () => {
    expect(utcStamp('2026-07-08T14:00:00+01:00')).toBe('20260708T130000Z');
    expect(utcISO('2026-12-08T14:00:00.000Z')).toBe('2026-12-08T14:00:00Z');
  });

  it('fill in Google Calendar, every text encoded', () => {
    const url = new URL(googleCalendarURL(ev));
    expect(url.origin + url.pathname).toBe('https://calendar.google.com/calendar/render');
    expect(url.searchParams.get('action')).toBe('TEMPLATE');
    expect(url.searchParams.get('dates')).toBe('20260708T130000Z/20260708T143000Z');
    expect(url.searchParams.get('text')).toBe(ev.title);
    expect(url.searchParams.get('details')).toBe(ev.details);
    expect(url.searchParams.get('location')).toBe('Online');
    expect(url.search).not.toMatch(/[#"\s]|&d=e/); // nothing breaks out of its parameter
  });

  it('fill in Outlook on the web', () => {
    const url = new URL(outlookCalendarURL(ev));
    expect(url.origin + url.pathname).toBe('https://outlook.office.com/calendar/0/deeplink/compose');
    expect(url.searchParams.get('rru')).toBe('addevent');
    expect(url.searchParams.get('startdt')).toBe('2026-07-08T13:00:00Z');
    expect(url.searchParams.get('enddt')).toBe('2026-07-08T14:30:00Z');
    expect(url.searchParams.get('subject')).toBe(ev.title);
    expect(url.searchParams.get('body')).toBe(ev.details);
  });

  it('carry the manage link and the joining link in the details', () => {
    expect(ev.details).toBe(
      'Line one\nLine two & more\n\nJoin online: https://teams.example/l/meetup-join/a?b=c&d=e\n\n' +
        'To move or cancel your booking, use your private link (do not share it): https://confer.example/bookings/bk_abc',
    );
    expect(eventDetails({ description: ' ', manageURL: 'https://x.example/bookings/bk_1' })).toBe(
      'To move or cancel your booking, use your private link (do not share it): https://x.example/bookings/bk_1',
    );
  });
});
