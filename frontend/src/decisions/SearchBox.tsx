// SearchBox is the decision lists' search: the box and its button on one line
// where there is room, inside the filter form.
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
