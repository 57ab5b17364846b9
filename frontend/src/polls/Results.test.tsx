import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Poll } from './api';
import { Results } from './Results';

afterEach(cleanup);

const base: Poll = { id: 1, workshop_id: 1, position: 1, kind: 'single', question: 'Best day?', options: ['Mon', 'Tue'], state: 'open', revealed: true };

describe('Results', () => {
  it('writes every count as text and in a data table, so colour is not the only signal', () => {
    render(<Results poll={base} results={{ poll_id: 1, total: 3, counts: [1, 2] }} />);
    expect(screen.getByText('3 responses')).toBeTruthy();
    expect(screen.getByText('1 vote')).toBeTruthy();
    expect(screen.getByText('2 votes')).toBeTruthy();
    const rows = screen.getAllByRole('row').map((r) => r.textContent);
    expect(rows).toEqual(['AnswerVotes', 'Mon1', 'Tue2']);
  });

  it('shows a scale with its labels and mean', () => {
    const poll: Poll = { ...base, kind: 'scale', options: [], min: 1, max: 3, min_label: 'Low', max_label: 'High' };
    render(<Results poll={poll} results={{ poll_id: 1, total: 2, counts: [0, 1, 1], mean: 2.5 }} />);
    expect(screen.getByText('2.5')).toBeTruthy();
    expect(screen.getAllByRole('row').map((r) => r.textContent)).toEqual(['AnswerVotes', '1 (Low)0', '21', '3 (High)1']);
  });

  it('shows word cloud words with their counts', () => {
    const poll: Poll = { ...base, kind: 'wordcloud', options: [] };
    render(<Results poll={poll} results={{ poll_id: 1, total: 3, counts: [], words: [{ text: 'busy', count: 2 }, { text: 'cold', count: 1 }] }} />);
    expect(screen.getAllByRole('row').map((r) => r.textContent)).toEqual(['WordVotes', 'busy2', 'cold1']);
  });

  it('scores a ranking in points with mean ranks', () => {
    const poll: Poll = { ...base, kind: 'ranking' };
    render(<Results poll={poll} results={{ poll_id: 1, total: 2, counts: [3, 1], mean_ranks: [1.5, 1.5] }} />);
    expect(screen.getByText('3 points')).toBeTruthy();
    expect(screen.getByText('3 points, mean rank 1.5')).toBeTruthy();
  });
});
