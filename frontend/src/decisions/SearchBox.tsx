// SearchBox is the decision lists' search: the box and its button on one line
// where there is room, inside the filter form (SearchForm), above the filters.
import type { ComponentChildren } from 'preact';
import { TextField } from '../components/fields';

export function SearchBox({ value, onValue }: { value: string; onValue(v: string): void }) {
  return (
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds app-search-row">
        <TextField id="q" type="search" label="Search" hint="Words in the title, the decision or the EPR reference" value={value} onValue={onValue} />
        <button class="nhsuk-button nhsuk-button--secondary" type="submit">
          Search
        </button>
      </div>
    </div>
  );
}

/** SearchForm is a decision list's search form: the box, then the filters (children) in a row. */
export function SearchForm({ q, onQ, onSearch, children }: { q: string; onQ(v: string): void; onSearch(): void; children: ComponentChildren }) {
  return (
    <form
      role="search"
      aria-label="Decisions"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch();
      }}
      noValidate
    >
      <SearchBox value={q} onValue={onQ} />
      <div class="nhsuk-grid-row app-filters">{children}</div>
    </form>
  );
}
