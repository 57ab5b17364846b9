import { describe, expect, it } from 'vitest';
import type { BoardGroup, MilestoneSummary } from './api';
import { countdown, feelReady, goLiveDay, onTrack, statusLine, target } from './words';

const group = (over: Partial<BoardGroup>): BoardGroup => ({
  staff_group: 'Allied Health Professionals', staff: 10, has_target: true, target_percent: 80, category: 'clinical',
  attended: 3, attended_percent: 30, booked: 1, projected_percent: 40, still_to_train: 5, on_track: false,
  pulse: { pulse_id: 1, answered: 8, ready_percent: 38, previous_ready_percent: 33, withheld: false }, ...over,
});

describe('readiness words', () => {
  it('counts down in days', () => {
    expect(countdown(63)).toBe('63 days to go');
    expect(countdown(1)).toBe('1 day to go');
    expect(countdown(0)).toBe('Go-live is today');
    expect(countdown(-2)).toBe('Went live 2 days ago');
  });
  it('writes dates and statuses in words', () => {
    expect(goLiveDay('2027-04-27')).toBe('Tuesday 27 April 2027');
    const m = { groups: 2, on_track_groups: 1 } as MilestoneSummary;
    expect(statusLine(m)).toBe('1 of 2 staff groups with a target on track.');
    expect(statusLine({ ...m, on_track_groups: 2 })).toBe('All 2 staff groups with a target on track.');
    expect(target(group({}))).toBe('80%, clinical sessions');
    expect(target(group({ has_target: false, target_percent: null }))).toBe('None');
    expect(onTrack(group({}))).toBe('Not on track');
  });
  it('says how ready people feel and the change', () => {
    expect(feelReady(group({}).pulse)).toBe('38% (up from 33%)');
    expect(feelReady({ ...group({}).pulse, previous_ready_percent: 50 })).toBe('38% (down from 50%)');
    expect(feelReady({ ...group({}).pulse, withheld: true, ready_percent: null })).toBe('Not shown (too few answers)');
    expect(feelReady({ pulse_id: null, answered: null, ready_percent: null, previous_ready_percent: null, withheld: false })).toBe('No pulse yet');
  });
});
