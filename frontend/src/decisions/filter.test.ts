import { describe, expect, it } from 'vitest';
import type { Decision } from './api';
import { matches, themesOf } from './filter';

const base: Decision = {
  id: 4, title: 'Allergy alerts on order sets', question: 'Should alerts interrupt?', options: [], decided: 'Interrupt for severe allergies only',
  rationale: '', decided_by: 'Design authority', decided_on: '2026-12-07', status: 'decided', superseded_by: null, epr_ref: 'CR-101',
  organisation_ids: [2], themes: ['alerts', 'safety'], quotes: [], version: 1, published_at: null, created_at: '', updated_at: '', links: [],
  heard: { contributions: 0, by_organisation: [], by_staff_group: [], polls: [], quotes: [] },
};

describe('matches', () => {
  it('finds words in the title, decision and reference, whatever the case', () => {
    expect(matches(base, { q: 'ALLERGY' })).toBe(true);
    expect(matches(base, { q: 'cr-101' })).toBe(true);
    expect(matches(base, { q: 'discharge' })).toBe(false);
  });
  it('keeps published and draft apart', () => {
    expect(matches(base, { state: 'draft' })).toBe(true);
    expect(matches(base, { state: 'published' })).toBe(false);
    expect(matches({ ...base, published_at: '2026-12-07T10:00:00Z' }, { state: 'published' })).toBe(true);
  });
  it('filters by status, theme and organisation', () => {
    expect(matches(base, { status: 'proposed' })).toBe(false);
    expect(matches(base, { theme: 'safety', organisation_id: '2', status: 'decided' })).toBe(true);
    expect(matches(base, { organisation_id: '3' })).toBe(false);
  });
  it('lists each theme once', () => {
    expect(themesOf([base, { ...base, themes: ['access', 'alerts'] }])).toEqual(['access', 'alerts', 'safety']);
  });
});
