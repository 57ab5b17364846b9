import { describe, expect, it } from 'vitest';
import { anchoredFirst, buildRule, dayOf, previewTimes, seriesDates, wallClock } from './seriesRule';

describe('buildRule', () => {
  it('writes weeks as a count of times, days Monday first', () => {
    expect(buildRule(['TH', 'TU'], { weeks: 6 })).toBe('FREQ=WEEKLY;BYDAY=TU,TH;COUNT=12');
    expect(buildRule(['MO'], { weeks: 4 })).toBe('FREQ=WEEKLY;BYDAY=MO;COUNT=4');
  });
  it('ends an until date after that day', () => {
    expect(buildRule(['WE'], { until: '2027-04-30' })).toBe('FREQ=WEEKLY;BYDAY=WE;UNTIL=20270430T235959Z');
  });
});

describe('seriesDates', () => {
  it('lists Tuesdays and Thursdays for 6 weeks from the first date', () => {
    const dates = seriesDates('2027-03-16', ['TU', 'TH'], { weeks: 6 });
    expect(dates).toHaveLength(12);
    expect(dates.slice(0, 4)).toEqual(['2027-03-16', '2027-03-18', '2027-03-23', '2027-03-25']);
    expect(dates.at(-1)).toBe('2027-04-22');
    expect(dates.every((d) => ['TU', 'TH'].includes(dayOf(d)))).toBe(true);
  });
  it('skips chosen days before the first date, as the rule does', () => {
    // 17 March 2027 is a Wednesday: the first time is Thursday 18th.
    expect(seriesDates('2027-03-17', ['TU', 'TH'], { weeks: 1 })).toEqual(['2027-03-18', '2027-03-23']);
  });
  it('ends on the until date, inclusive', () => {
    expect(seriesDates('2027-03-16', ['TU'], { until: '2027-03-30' })).toEqual(['2027-03-16', '2027-03-23', '2027-03-30']);
  });
  it('makes nothing without days or a date, and stops one past the most a series makes', () => {
    expect(seriesDates('2027-03-16', [], { weeks: 4 })).toEqual([]);
    expect(seriesDates('', ['TU'], { weeks: 4 })).toEqual([]);
    expect(seriesDates('2027-01-01', ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], { until: '2030-01-01' })).toHaveLength(201);
  });
});

describe('previewTimes', () => {
  it('keeps 10am London across the March clock change', () => {
    // The clocks go forward on Sunday 28 March 2027.
    const times = previewTimes(seriesDates('2027-03-23', ['TU', 'TH'], { weeks: 2 }), '10:00', '11:00');
    expect(times.map((t) => t.starts_at)).toEqual([
      '2027-03-23T10:00:00Z',
      '2027-03-25T10:00:00Z',
      '2027-03-30T09:00:00Z',
      '2027-04-01T09:00:00Z',
    ]);
    expect(times[2].ends_at).toBe('2027-03-30T10:00:00Z');
  });
  it('keeps the clock time across the October change too', () => {
    const times = previewTimes(['2027-10-29', '2027-11-01'], '09:30', '10:15');
    expect(times.map((t) => t.starts_at)).toEqual(['2027-10-29T08:30:00Z', '2027-11-01T09:30:00Z']);
  });
});

describe('wall clock and anchors', () => {
  it('writes the API wall-clock form', () => {
    expect(wallClock('2027-03-16', '10:00')).toBe('2027-03-16T10:00:00');
    expect(wallClock('2027-03-16', '9:30')).toBe('2027-03-16T09:30:00');
  });
  it('places an anchored series weeks before go-live', () => {
    expect(anchoredFirst('2027-04-27', 6)).toBe('2027-03-16');
  });
});

describe('series labels', async () => {
  const { ruleDays, seriesLabel } = await import('./seriesList');
  it('names the days of a weekly rule', () => {
    expect(ruleDays('FREQ=WEEKLY;BYDAY=TU,TH;COUNT=12')).toBe('Tuesdays and Thursdays');
    expect(ruleDays('FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=3')).toBe('Mondays, Wednesdays and Fridays');
    expect(ruleDays('FREQ=DAILY;COUNT=3')).toBe('');
  });
  it('names a series and its milestone', () => {
    const s = { id: 1, rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=2', timezone: 'Europe/London', milestone_id: 3, milestone_name: 'Moorside go-live', weeks_before: 6, slot_ids: [] };
    expect(seriesLabel(s, 0)).toBe('Series 1: Tuesdays, tied to Moorside go-live');
  });
});
