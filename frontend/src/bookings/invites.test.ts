// @vitest-environment node
//
// Reads the calendar invites Confer's Go tests wrote with a parser nobody here wrote:
// Mozilla's ical.js (the one Thunderbird uses). server.TestInviteNamesRoundTrip books
// awkward names, moves, cancels, promotes, cancels a slot and moves a go-live milestone
// (which reschedules a series' slot), and writes every invite it
// got plus manifest.json (what each must say) to CONFER_ICS_DIR, by default tmp/ics at
// the repository root. scripts/test.sh runs the Go stages first and passes the same
// CONFER_ICS_DIR to both. Without the folder the test is skipped on a laptop (run
// `go test ./server/ -run TestInviteNamesRoundTrip` first) and fails under CI=true.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';

interface InviteCase {
  file: string;
  kind: string;
  method: string;
  sequence: number;
  uid: string;
  summary: string;
  attendee_name: string;
  attendee_email: string;
  organizer_name: string;
  organizer_email: string;
  manage_url: string;
  /** the booking's calendar_uid, read from the database by the Go test */
  booking_uid: string;
}

const dir = process.env.CONFER_ICS_DIR || resolve(import.meta.dirname, '../../../tmp/ics');
const manifestPath = join(dir, 'manifest.json');
const invites: InviteCase[] = existsSync(manifestPath)
  ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as { invites: InviteCase[] }).invites ?? []
  : [];
const inCI = process.env.CI === 'true';

// paramsOf lists a property's parameters as ical.js read them (jCal: [name, params, type, value]).
function paramsOf(p: ICAL.Property): Record<string, unknown> {
  return (p.toJSON() as [string, Record<string, unknown>, string, unknown])[1];
}

// icalJsReading is how ical.js reads a parameter value holding backslashes. RFC 5545 §3.2
// has no escapes in parameter values, so Confer writes a backslash as itself, but ical.js
// runs parameter values through its TEXT decoder (parse._parseValue with type "text"), so
// `\,` `\;` `\\` come back as `,` `;` `\`. That is ical.js's deviation, not the invite's; the
// Go tests read such names back literally. No real name in the list has a backslash.
function icalJsReading(name: string): string {
  return name.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

describe('calendar invites read by ical.js', () => {
  if (invites.length === 0 && !inCI) {
    it.skip(`no invites in ${dir}: run go test ./server/ -run TestInviteNamesRoundTrip first`, () => {});
  } else {
    // Under CI=true an empty or missing folder fails here rather than passing with nothing read.
    it('has every kind of invite to read', () => {
      expect(invites.length, `no invites in ${manifestPath}: did the Go stage run with CONFER_ICS_DIR=${dir}?`).toBeGreaterThan(0);
      expect(new Set(invites.map((c) => c.kind))).toEqual(
        new Set(['confirmed', 'moved', 'cancelled', 'slot_cancelled', 'promoted', 'rescheduled']),
      );
    });

    // A milestone moved: the update is the same calendar event (the booking's UID) at a
    // higher SEQUENCE than the invite it replaces, or calendars would keep the old time.
    it('updates the first invite when a milestone moves a booked time', () => {
      const read = (c: InviteCase) => {
        const ev = new ICAL.Component(ICAL.parse(readFileSync(join(dir, c.file), 'utf8'))).getFirstSubcomponent('vevent')!;
        return { uid: ev.getFirstPropertyValue('uid'), sequence: Number(ev.getFirstPropertyValue('sequence')) };
      };
      const updates = invites.filter((c) => c.kind === 'rescheduled');
      expect(updates.length).toBeGreaterThan(0);
      for (const u of updates) {
        const first = invites.find((c) => c.kind === 'confirmed' && c.attendee_email === u.attendee_email);
        expect(first, `no first invite to ${u.attendee_email}`).toBeDefined();
        const before = read(first!);
        const after = read(u);
        expect(after.uid).toBe(u.booking_uid);
        expect(before.uid).toBe(u.booking_uid);
        expect(after.sequence).toBeGreaterThan(before.sequence);
        expect(u.method).toBe('REQUEST');
      }
    });
  }

  for (const c of invites) {
    it(`${c.file}: ${c.kind} to ${JSON.stringify(c.attendee_name)}`, () => {
      const raw = readFileSync(join(dir, c.file), 'utf8');
      const lines = raw.split('\r\n');
      expect(lines.pop()).toBe(''); // ends in CRLF
      for (const l of lines) {
        expect(l).not.toMatch(/[\r\n]/); // every line ends in CRLF, none in a bare LF
        expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
      }

      const cal = new ICAL.Component(ICAL.parse(raw));
      expect(cal.getFirstPropertyValue('method')).toBe(c.method);
      const events = cal.getAllSubcomponents('vevent');
      expect(events).toHaveLength(1);
      const ev = events[0];
      expect(ev.getFirstPropertyValue('uid')).toBe(c.uid);
      expect(ev.getFirstPropertyValue('uid')).toBe(c.booking_uid);
      expect(ev.getFirstPropertyValue('sequence')).toBe(c.sequence);
      expect(ev.getFirstPropertyValue('summary')).toBe(c.summary);
      expect(ev.getFirstPropertyValue('status')).toBe(c.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED');

      const attendees = ev.getAllProperties('attendee');
      expect(attendees).toHaveLength(1);
      const name = icalJsReading(c.attendee_name);
      expect(attendees[0].getParameter('cn')).toBe(name);
      expect(attendees[0].getFirstValue()).toBe(`mailto:${c.attendee_email}`);
      // Nothing injected: only the parameters Confer writes, with its values.
      expect(paramsOf(attendees[0])).toEqual({
        cn: name,
        role: 'REQ-PARTICIPANT',
        partstat: 'ACCEPTED',
        rsvp: 'FALSE',
      });

      const organizers = ev.getAllProperties('organizer');
      expect(organizers).toHaveLength(1);
      expect(paramsOf(organizers[0])).toEqual({ cn: c.organizer_name });
      expect(organizers[0].getFirstValue()).toBe(`mailto:${c.organizer_email}`);

      const description = String(ev.getFirstPropertyValue('description') ?? '');
      if (c.manage_url) {
        expect(description).toContain(c.manage_url);
      } else {
        expect(description).not.toContain('/bookings/');
      }
    });
  }
});

// The "Add to Apple calendar" download (server.TestBookingCalendarFile writes it to
// CONFER_ICS_DIR/download): a PUBLISH copy of the event, with the manage link.
const downloadDir = join(dir, 'download');
const download = existsSync(join(downloadDir, 'manifest.json'))
  ? (JSON.parse(readFileSync(join(downloadDir, 'manifest.json'), 'utf8')) as { file: string; uid: string; summary: string; manage_url: string })
  : null;

describe('the calendar download read by ical.js', () => {
  if (!download && !inCI) {
    it.skip(`no download in ${downloadDir}: run go test ./server/ -run TestBookingCalendarFile first`, () => {});
    return;
  }
  it('is a PUBLISH event with the manage link in its description and no attendee', () => {
    expect(download, `no download in ${downloadDir}`).not.toBeNull();
    const raw = readFileSync(join(downloadDir, download!.file), 'utf8');
    const cal = new ICAL.Component(ICAL.parse(raw));
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    const ev = cal.getFirstSubcomponent('vevent')!;
    expect(ev.getFirstPropertyValue('uid')).toBe(download!.uid);
    expect(ev.getFirstPropertyValue('summary')).toBe(download!.summary);
    expect(String(ev.getFirstPropertyValue('description'))).toContain(download!.manage_url);
    expect(ev.getAllProperties('attendee')).toHaveLength(0);
  });
});
