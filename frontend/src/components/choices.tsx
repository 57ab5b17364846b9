// choices.tsx holds the NHS form controls beyond the text and select fields of
// fields.tsx: textarea, radios and a single checkbox item. As in fields.tsx, each
// control's id is the API field name, so an API error's "field" finds it.
import type { ComponentChildren } from 'preact';

export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function ErrorMessage({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <span class="nhsuk-error-message" id={`${id}-error`}>
      <span class="nhsuk-u-visually-hidden">Error: </span>
      {error}
    </span>
  );
}

interface TextAreaProps {
  id: string;
  label: string;
  hint?: ComponentChildren;
  error?: string;
  value: string;
  rows?: number;
  labelClass?: string;
  onValue(value: string): void;
}

export function TextArea({ id, label, hint, error, value, rows = 5, labelClass, onValue }: TextAreaProps) {
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label class={`nhsuk-label ${labelClass ?? ''}`.trim()} for={id}>
        {label}
      </label>
      {hint && (
        <div class="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <ErrorMessage id={id} error={error} />
      <textarea
        class={`nhsuk-textarea${error ? ' nhsuk-textarea--error' : ''}`}
        id={id}
        name={id}
        rows={rows}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-describedby={describedBy(id, hint, error)}
      />
    </div>
  );
}

interface RadioOption {
  value: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
}

/** RadioItem is one radio of a group named name, with its label and optional hint. */
export function RadioItem({ name, inputId, option: o, checked, onValue }: {
  name: string;
  inputId: string;
  option: RadioOption;
  checked: boolean;
  onValue(v: string): void;
}) {
  return (
    <div class="nhsuk-radios__item">
      <input
        class="nhsuk-radios__input"
        id={inputId}
        name={name}
        type="radio"
        value={o.value}
        checked={checked}
        onChange={() => onValue(o.value)}
        aria-describedby={o.hint ? `${inputId}-item-hint` : undefined}
      />
      <label class="nhsuk-label nhsuk-radios__label" for={inputId}>
        {o.label}
      </label>
      {o.hint && (
        <div class="nhsuk-hint nhsuk-radios__hint" id={`${inputId}-item-hint`}>
          {o.hint}
        </div>
      )}
    </div>
  );
}

interface RadiosProps {
  id: string;
  legend: string;
  legendClass?: string;
  hint?: ComponentChildren;
  error?: string;
  value: string;
  options: { value: string; label: string; hint?: string }[];
  inline?: boolean;
  /** small draws the small radios, for short lists in long forms. */
  small?: boolean;
  onValue(value: string): void;
}

export function Radios({ id, legend, legendClass, hint, error, value, options, inline, small, onValue }: RadiosProps) {
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset class="nhsuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend class={`nhsuk-fieldset__legend ${legendClass ?? 'nhsuk-fieldset__legend--s'}`}>{legend}</legend>
        {hint && (
          <div class="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        <ErrorMessage id={id} error={error} />
        <div class={`nhsuk-radios${inline ? ' nhsuk-radios--inline' : ''}${small ? ' nhsuk-radios--small' : ''}`}>
          {options.map((o, i) => {
            // The first radio carries the field's id, so the error summary can focus it.
            const inputId = i === 0 ? id : `${id}-${o.value}`;
            return (
              <RadioItem key={o.value} name={id} inputId={inputId} option={o} checked={value === o.value} onValue={onValue} />
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

interface CheckboxProps {
  id: string;
  label: string;
  hint?: string;
  checked: boolean;
  onChecked(checked: boolean): void;
}

export function Checkbox({ id, label, hint, checked, onChecked }: CheckboxProps) {
  return (
    <div class="nhsuk-checkboxes__item">
      <input
        class="nhsuk-checkboxes__input"
        id={id}
        name={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChecked(e.currentTarget.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label class="nhsuk-label nhsuk-checkboxes__label" for={id}>
        {label}
      </label>
      {hint && (
        <div class="nhsuk-hint nhsuk-checkboxes__hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
    </div>
  );
}
