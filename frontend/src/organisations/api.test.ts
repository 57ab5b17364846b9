import { describe, expect, it } from 'vitest';
import { parseDomains } from './api';
import { validateOrganisation } from './OrganisationForm';

describe('parseDomains', () => {
  it('splits on commas and spaces, lower-cases, drops @ and duplicates', () => {
    expect(parseDomains(' NHS.net, @example.nhs.uk ;nhs.net\nother.org ')).toEqual(['nhs.net', 'example.nhs.uk', 'other.org']);
    expect(parseDomains('  ')).toEqual([]);
  });
});

describe('validateOrganisation', () => {
  it('asks for name, code and kind', () => {
    const errors = validateOrganisation({ name: ' ', code: '', kind: '', email_domains: [] });
    expect(errors.map((e) => e.field)).toEqual(['name', 'code', 'kind']);
  });

  it('accepts a complete organisation', () => {
    expect(validateOrganisation({ name: 'Leeds', code: 'RR8', kind: 'acute', email_domains: [] })).toEqual([]);
  });
});
