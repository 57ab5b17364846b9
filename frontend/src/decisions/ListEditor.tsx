// ListEditor edits a list of short texts (the options a decision considered,
// the quotes the team chose): one field each, a remove button beside each and
// an add button below. Focus follows what happened: into the new field after
// an add, to the add button after a remove, so a keyboard user is never lost.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ErrorMessage } from '../components/choices';

interface Props<T> {
  /** id is the API field ("options"): the fieldset takes it. */
  id: string;
  legend: string;
  hint?: string;
  /** noun names one item in labels and buttons ("option", "quote"). */
  noun: string;
  items: T[];
  blank: T;
  error?: string;
  onItems(items: T[]): void;
  /** itemId is the id of item i's first control, which takes focus when the item is added. */
  itemId(i: number): string;
  /** field draws item i. */
  field(item: T, i: number, set: (item: T) => void): ComponentChildren;
}

export function ListEditor<T>({ id, legend, hint, noun, items, blank, error, onItems, itemId, field }: Props<T>) {
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });
  const set = (i: number) => (item: T) => onItems(items.map((old, j) => (j === i ? item : old)));
  const add = () => {
    focusNext.current = itemId(items.length);
    onItems([...items, blank]);
  };
  const remove = (i: number) => {
    focusNext.current = `${id}-add`;
    onItems(items.filter((_, j) => j !== i));
  };
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset class="nhsuk-fieldset" id={id} tabIndex={-1} aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}>
        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {hint && (
          <div class="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        <ErrorMessage id={id} error={error} />
        {items.map((item, i) => (
          <div class="app-list-editor__item" key={i}>
            {field(item, i, set(i))}
            <button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => remove(i)}>
              Remove<span class="nhsuk-u-visually-hidden"> {noun} {i + 1}</span>
            </button>
          </div>
        ))}
        <button type="button" id={`${id}-add`} class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={add}>
          {items.length ? `Add another ${noun}` : `Add ${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`}
        </button>
      </fieldset>
    </div>
  );
}
