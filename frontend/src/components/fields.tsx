// fields.tsx holds the NHS form fields: label, hint, error message and
// control, wired together with aria-describedby. Each control's id is the API
// field name, so an API error's "field" finds its input.
import type { ComponentChildren } from 'preact';

interface FieldProps {
  id: string;
  label: string;
  hint?: ComponentChildren;
  error?: string;
  /** labelClass sizes the label, for example "nhsuk-label--l" on one-question pages. */
  labelClass?: string;
  /** heading wraps the label in an h1, for one-question pages. */
  heading?: boolean;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Field({ id, label, hint, error, labelClass, heading, children }: FieldProps & { children: ComponentChildren }) {
  const labelEl = (
    <label class={`nhsuk-label ${labelClass ?? ''}`.trim()} for={id}>
      {label}
    </label>
  );
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      {heading ? <h1 class="nhsuk-label-wrapper">{labelEl}</h1> : labelEl}
      {hint && (
        <div class="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <span class="nhsuk-error-message" id={`${id}-error`}>
          <span class="nhsuk-u-visually-hidden">Error: </span>
          {error}
        </span>
      )}
      {children}
    </div>
  );
}

interface TextFieldProps extends FieldProps {
  value: string;
  onValue(value: string): void;
  type?: 'text' | 'email' | 'search' | 'date';
  autoComplete?: string;
  /** widthClass is an NHS width class such as "nhsuk-input--width-10". */
  widthClass?: string;
  spellcheck?: boolean;
}

export function TextField(props: TextFieldProps) {
  const { id, value, onValue, type = 'text', autoComplete, widthClass, spellcheck, error, hint } = props;
  const classes = ['nhsuk-input', widthClass, error ? 'nhsuk-input--error' : ''].filter(Boolean).join(' ');
  return (
    <Field {...props}>
      <input
        class={classes}
        id={id}
        name={id}
        // Preact's typings accept one literal input type at a time, not a union.
        type={type as 'text'}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        autoComplete={autoComplete}
        spellcheck={spellcheck}
        aria-describedby={describedBy(id, hint, error)}
      />
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

interface SelectFieldProps extends FieldProps {
  value: string;
  onValue(value: string): void;
  options: Option[];
}

export function SelectField(props: SelectFieldProps) {
  const { id, value, onValue, options, error, hint } = props;
  return (
    <Field {...props}>
      <select
        class={`nhsuk-select${error ? ' nhsuk-select--error' : ''}`}
        id={id}
        name={id}
        value={value}
        onChange={(e) => onValue(e.currentTarget.value)}
        aria-describedby={describedBy(id, hint, error)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** EmailField is the email address field: the right keyboard on phones, no spellcheck, and autofill. */
export function EmailField(props: Omit<TextFieldProps, 'type' | 'spellcheck'>) {
  return <TextField autoComplete="email" {...props} type="email" spellcheck={false} />;
}

/** SubmitButton sends its form; it is disabled while the form's request runs, so nothing is sent twice. */
export function SubmitButton({ busy, secondary, children }: { busy: boolean; secondary?: boolean; children: ComponentChildren }) {
  return (
    <button class={`nhsuk-button${secondary ? ' nhsuk-button--secondary' : ''}`} type="submit" disabled={busy}>
      {children}
    </button>
  );
}
