import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { pageNumbers, Pagination } from './Pagination';

afterEach(cleanup);

describe('pageNumbers', () => {
  it('shows every page when there are few', () => {
    expect(pageNumbers(2, 3)).toEqual([1, 2, 3]);
  });

  it('keeps first, last and neighbours, with gaps between', () => {
    expect(pageNumbers(10, 40)).toEqual([1, null, 9, 10, 11, null, 40]);
    expect(pageNumbers(1, 10)).toEqual([1, 2, null, 10]);
  });
});

describe('Pagination', () => {
  it('is absent for a single page', () => {
    const { container } = render(<Pagination page={1} perPage={20} total={20} href={(p) => `?page=${p}`} />);
    expect(container.innerHTML).toBe('');
  });

  it('marks the current page and links to its neighbours', () => {
    render(<Pagination page={2} perPage={10} total={45} href={(p) => `/people?page=${p}`} />);
    expect(screen.getByRole('link', { name: 'Page 2' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: /Previous/ }).getAttribute('href')).toBe('/people?page=1');
    expect(screen.getByRole('link', { name: /Next/ }).getAttribute('href')).toBe('/people?page=3');
    expect(screen.getByRole('link', { name: 'Page 5' })).toBeTruthy();
  });
});
