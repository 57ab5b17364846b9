import { describe, expect, it } from 'vitest';
import { parseSubject, records } from './subjectApi';

describe('parseSubject', () => {
  it('reads an address as an email and anything with a path as a follow-up link', () => {
    expect(parseSubject('  Jo@Trust.nhs.uk ')).toEqual({ email: 'Jo@Trust.nhs.uk' });
    expect(parseSubject('https://confer.example/feedback/follow/fb_abc')).toEqual({ follow: 'https://confer.example/feedback/follow/fb_abc' });
    expect(parseSubject('fb_abcdef123')).toEqual({ follow: 'fb_abcdef123' });
  });
  it('counts records in words', () => {
    expect(records(1)).toBe('1 record');
    expect(records(3)).toBe('3 records');
  });
});
