import { describe, expect, it } from 'vitest';
import { countdown, dateParts, goLiveDay, joinDate, londonToday, moveSentence, targetSummary, validDate, type AnchoredSeries } from './api';

describe('go-live dates in words', () => {
  it('writes the day in full', () => {
    expect(goLiveDay('2027-04-19')).toBe('Monday 19 April 2027');
  });
  it('counts days, then whole weeks from 4 weeks', () => {
    expect(countdown('2026-12-10', '2026-12-07')).toBe('in 3 days');
    expect(countdown('2026-12-08', '2026-12-07')).toBe('tomorrow');
    expect(countdown('2026-12-07', '2026-12-07')).toBe('today');
    expect(countdown('2027-01-03', '2026-12-07')).toBe('in 27 days');
    expect(countdown('2027-04-19', '2026-12-07')).toBe('in 19 weeks');
    expect(countdown('2026-11-23', '2026-12-07')).toBe('14 days ago');
    expect(countdown('2026-12-06', '2026-12-07')).toBe('yesterday');
  });
  it('counts across the clock change without losing a day', () => {
    expect(countdown('2027-03-29', '2027-03-27')).toBe('in 2 days');
  });
  it('knows today in England', () => {
    expect(londonToday(new Date('2027-06-30T23:30:00Z'))).toBe('2027-07-01');
    expect(londonToday(new Date('2027-01-31T23:30:00Z'))).toBe('2027-01-31');
  });
});

describe('the date boxes', () => {
  it('split and join', () => {
    expect(dateParts('2027-04-09')).toEqual({ day: '9', month: '4', year: '2027' });
    expect(joinDate({ day: '9', month: '4', year: '2027' })).toBe('2027-04-09');
    expect(joinDate({ day: '', month: '', year: '' })).toBe('');
  });
  it('refuse dates that do not exist', () => {
    expect(validDate('2027-02-29')).toBe(false);
    expect(validDate('2028-02-29')).toBe(true);
    expect(validDate(joinDate({ day: '31', month: '4', year: '2027' }))).toBe(false);
    expect(validDate(joinDate({ day: 'x', month: '4', year: '2027' }))).toBe(false);
  });
});

describe('what a move does, in words', () => {
  const s = (p: Partial<AnchoredSeries>): AnchoredSeries => ({
    id: 1, session_id: 1, session_title: 'EPR basics', rule: 'FREQ=WEEKLY;COUNT=4', weeks_before: 6,
    upcoming_slots: 4, booked: 0, unconfirmed: 0, waiting: 0, ...p,
  });
  it('counts series, times and people', () => {
    expect(moveSentence([s({ booked: 10 }), s({ booked: 3, waiting: 2 }), s({ booked: 1, unconfirmed: 1 })])).toEqual([
      '3 series of training times (12 times still to come) move with it, keeping their weekdays and times.',
      '14 booked people will get an updated calendar invitation, and can keep, move or cancel their place.',
      '3 people waiting for a place or yet to confirm will get an email with the new time.',
    ]);
  });
  it('uses the singular', () => {
    expect(moveSentence([s({ upcoming_slots: 1, booked: 1 })])).toEqual([
      '1 series of training times (1 time still to come) moves with it, keeping their weekdays and times.',
      '1 booked person will get an updated calendar invitation, and can keep, move or cancel their place.',
    ]);
  });
  it('says when nothing moves', () => {
    expect(moveSentence([])).toEqual(['No training times are tied to this date, so nothing else moves.']);
  });
  it('summarises a target', () => {
    expect(targetSummary({ staff_group: 'Nursing and Midwifery Registered', category: 'clinical', min_percent: 80 })).toBe(
      'Nursing and Midwifery Registered: 80% (clinical)',
    );
    expect(targetSummary({ staff_group: 'Students', category: '', min_percent: 50 })).toBe('Students: 50%');
  });
});
