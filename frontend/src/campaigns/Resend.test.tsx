import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Campaign } from './api';
import { Resend } from './Resend';

afterEach(cleanup);

// campaign is just enough of a campaign for the resend offer.
const campaign = (status: string, resendable: number, webhook: boolean) =>
  ({ id: 7, status, webhook_configured: webhook, stats: { resendable } }) as unknown as Campaign;

describe('Resend', () => {
  it('with the signed webhook, says only those SendGrid never confirmed will get it', () => {
    render(<Resend c={campaign('sent', 12, true)} onChange={() => {}} onResent={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Resend to these 12 people' }));
    const question = screen.getByRole('heading', { name: 'Send this email again to 12 people?' });
    expect(document.activeElement).toBe(question);
    expect(screen.getByText(/Only the people SendGrid never confirmed will get it/)).toBeTruthy();
    expect(screen.queryByText(/may get the email twice/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Resend to these 12 people' }));
  });

  it('without it, warns that some may get it twice; one person is "this person"', () => {
    render(<Resend c={campaign('sending', 1, false)} onChange={() => {}} onResent={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Resend to this person' }));
    expect(screen.getByRole('heading', { name: 'Send this email again to 1 person?' })).toBeTruthy();
    expect(screen.getByText('This person may get the email twice.')).toBeTruthy();
  });

  it('offers nothing when nobody is left to resend, or the campaign was cancelled', () => {
    const { container } = render(<Resend c={campaign('sent', 0, true)} onChange={() => {}} onResent={() => {}} />);
    expect(container.innerHTML).toBe('');
    cleanup();
    const cancelled = render(<Resend c={campaign('cancelled', 5, true)} onChange={() => {}} onResent={() => {}} />);
    expect(cancelled.container.innerHTML).toBe('');
  });
});
