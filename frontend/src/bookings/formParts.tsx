// formParts.tsx: the NHS textarea, radios and checkboxes the booking forms need,
// wired like ../components/fields.tsx (label, hint, error, aria-describedby).
import type { ComponentChildren } from 'preact';

interface Choice {
  value: string;
  label: string;
  hint?: string;
}

function errorMessage(id: string, error?: string) {
  return (
    error && (
      <span class="nhsuk-error-message" id={`${id}-error`}>
        <span class="nhsuk-u-visually-hidden">Error: </span>
        {error}
      </span>
    )
  );
}

export function TextareaField(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  rows?: number;
  onValue(v: string): void;
}) {
  const { id, label, hint, error, value, rows = 5, onValue } = props;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label class="nhsuk-label" for={id}>
        {label}
      </label>
      {hint && (
        <div class="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {errorMessage(id, error)}
      <textarea
        class={`nhsuk-textarea${error ? ' nhsuk-textarea--error' : ''}`}
        id={id}
        name={id}
        rows={rows}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-describedby={described}
      />
    </div>
  );
}

interface GroupProps {
  id: string;
  legend: string;
  hint?: ComponentChildren;
  error?: string;
  choices: Choice[];
  small?: boolean;
}

function Group({ id, legend, hint, error, small, children }: GroupProps & { children: ComponentChildren }) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset class="nhsuk-fieldset" aria-describedby={described}>
        <legend class={`nhsuk-fieldset__legend ${small ? 'nhsuk-fieldset__legend--s' : 'nhsuk-fieldset__legend--m'}`}>
          {legend}
        </legend>
        {hint && (
          <div class="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        {errorMessage(id, error)}
        {children}
      </fieldset>
    </div>
  );
}

/** RadiosField: the first radio carries the field's id, so error links land on it. */
export function RadiosField(props: GroupProps & { value: string; onValue(v: string): void }) {
  const { id, choices, value, onValue, small } = props;
  return (
    <Group {...props}>
      <div class={`nhsuk-radios${small ? ' nhsuk-radios--small' : ''}`}>
        {choices.map((c, i) => {
          const cid = i === 0 ? id : `${id}-${i + 1}`;
          return (
            <div class="nhsuk-radios__item" key={c.value}>
              <input
                class="nhsuk-radios__input"
                id={cid}
                name={id}
                type="radio"
                value={c.value}
                checked={value === c.value}
                onChange={() => onValue(c.value)}
                aria-describedby={c.hint ? `${cid}-item-hint` : undefined}
              />
              <label class="nhsuk-label nhsuk-radios__label" for={cid}>
                {c.label}
              </label>
              {c.hint && (
                <div class="nhsuk-hint nhsuk-radios__hint" id={`${cid}-item-hint`}>
                  {c.hint}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </Group>
  );
}

export function CheckboxesField(props: GroupProps & { values: string[]; onValues(v: string[]): void }) {
  const { id, choices, values, onValues, small } = props;
  const toggle = (v: string, on: boolean) => onValues(on ? [...values, v] : values.filter((x) => x !== v));
  return (
    <Group {...props}>
      <div class={`nhsuk-checkboxes${small ? ' nhsuk-checkboxes--small' : ''}`}>
        {choices.map((c, i) => {
          const cid = i === 0 ? id : `${id}-${i + 1}`;
          return (
            <div class="nhsuk-checkboxes__item" key={c.value}>
              <input
                class="nhsuk-checkboxes__input"
                id={cid}
                name={id}
                type="checkbox"
                value={c.value}
                checked={values.includes(c.value)}
                onChange={(e) => toggle(c.value, e.currentTarget.checked)}
              />
              <label class="nhsuk-label nhsuk-checkboxes__label" for={cid}>
                {c.label}
              </label>
            </div>
          );
        })}
      </div>
    </Group>
  );
}

/** Checkbox is one yes/no checkbox outside a group. */
export function Checkbox(props: { id: string; label: string; hint?: string; checked: boolean; onChecked(v: boolean): void }) {
  const { id, label, hint, checked, onChecked } = props;
  return (
    <div class="nhsuk-form-group">
      <div class="nhsuk-checkboxes">
        <div class="nhsuk-checkboxes__item">
          <input
            class="nhsuk-checkboxes__input"
            id={id}
            name={id}
            type="checkbox"
            checked={checked}
            onChange={(e) => onChecked(e.currentTarget.checked)}
            aria-describedby={hint ? `${id}-item-hint` : undefined}
          />
          <label class="nhsuk-label nhsuk-checkboxes__label" for={id}>
            {label}
          </label>
          {hint && (
            <div class="nhsuk-hint nhsuk-checkboxes__hint" id={`${id}-item-hint`}>
              {hint}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
