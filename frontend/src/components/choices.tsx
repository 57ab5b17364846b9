// choices.tsx holds the NHS form controls beyond the text and select fields of
// fields.tsx: the textarea, and every radio and checkbox in Confer (one item,
// one group). As in fields.tsx, each control's id is the API field name, so an
// API error's "field" finds it.
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

/** ChoiceOption is one radio or checkbox: its value, label and optional hint. */
export interface ChoiceOption<T extends string | number = string> {
  value: T;
  label: ComponentChildren;
  hint?: ComponentChildren;
}

export type ChoiceType = 'radio' | 'checkbox';
const kinds = { radio: 'radios', checkbox: 'checkboxes' } as const;

/** ChoiceItem is one radio or checkbox with its label and hint: the one
 * implementation every radio and checkbox in Confer is drawn with. */
export function ChoiceItem<T extends string | number>(props: {
  type: ChoiceType;
  name?: string;
  inputId: string;
  option: ChoiceOption<T>;
  checked: boolean;
  onChecked(on: boolean): void;
}) {
  const { type, name, inputId, option: o, checked, onChecked } = props;
  const kind = kinds[type];
  // A radio's hint id says it belongs to the item, not to the group that shares its name.
  const hintId = type === 'radio' ? `${inputId}-item-hint` : `${inputId}-hint`;
  return (
    <div class={`nhsuk-${kind}__item`}>
      <input
        class={`nhsuk-${kind}__input`}
        id={inputId}
        name={name}
        type={type}
        value={o.value}
        checked={checked}
        onChange={(e) => onChecked(e.currentTarget.checked)}
        aria-describedby={o.hint ? hintId : undefined}
      />
      <label class={`nhsuk-label nhsuk-${kind}__label`} for={inputId}>
        {o.label}
      </label>
      {o.hint && (
        <div class={`nhsuk-hint nhsuk-${kind}__hint`} id={hintId}>
          {o.hint}
        </div>
      )}
    </div>
  );
}

/** RadioItem is one radio of a group named name. */
export function RadioItem<T extends string | number>({ name, inputId, option, checked, onValue }: {
  name: string;
  inputId: string;
  option: ChoiceOption<T>;
  checked: boolean;
  onValue(v: T): void;
}) {
  return <ChoiceItem type="radio" name={name} inputId={inputId} option={option} checked={checked} onChecked={() => onValue(option.value)} />;
}

/** Checkbox is one yes/no checkbox; its id is its name. */
export function Checkbox({ id, label, hint, checked, onChecked }: {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  checked: boolean;
  onChecked(checked: boolean): void;
}) {
  return <ChoiceItem type="checkbox" name={id} inputId={id} option={{ value: '', label, hint }} checked={checked} onChecked={onChecked} />;
}

/** CheckboxField is a yes/no checkbox standing alone in its own form group. */
export function CheckboxField(props: Parameters<typeof Checkbox>[0]) {
  return (
    <div class="nhsuk-form-group">
      <div class="nhsuk-checkboxes">
        <Checkbox {...props} />
      </div>
    </div>
  );
}

interface ChoicesProps<T extends string | number> {
  type: ChoiceType;
  id: string;
  legend: string;
  legendClass?: string;
  hint?: ComponentChildren;
  error?: string;
  options: ChoiceOption<T>[];
  inline?: boolean;
  /** small draws the small controls, for short lists in long forms. */
  small?: boolean;
  isChecked(v: T): boolean;
  onChecked(v: T, on: boolean): void;
  /** focusable gives the fieldset the field's id, for the error summary to focus; otherwise the first control has it. */
  focusable?: boolean;
}

/** Choices is a group of radios or checkboxes in a fieldset, with legend, hint and error message. */
function Choices<T extends string | number>(props: ChoicesProps<T>) {
  const { type, id, legend, legendClass, hint, error, options, inline, small, isChecked, onChecked, focusable } = props;
  const kind = kinds[type];
  // Radios are named by value; checkbox values (staff groups) may hold spaces, so those are numbered.
  const inputId = (i: number, v: T) => (focusable ? `${id}-${i}` : i === 0 ? id : type === 'radio' ? `${id}-${v}` : `${id}-${i + 1}`);
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset class="nhsuk-fieldset" aria-describedby={describedBy(id, hint, error)} id={focusable ? id : undefined} tabIndex={focusable ? -1 : undefined}>
        <legend class={`nhsuk-fieldset__legend ${legendClass ?? 'nhsuk-fieldset__legend--s'}`}>{legend}</legend>
        {hint && (
          <div class="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        <ErrorMessage id={id} error={error} />
        <div class={`nhsuk-${kind}${inline ? ` nhsuk-${kind}--inline` : ''}${small ? ` nhsuk-${kind}--small` : ''}`}>
          {options.map((o, i) => (
            <ChoiceItem
              key={String(o.value)}
              type={type}
              name={id}
              inputId={inputId(i, o.value)}
              option={o}
              checked={isChecked(o.value)}
              onChecked={(on) => onChecked(o.value, on)}
            />
          ))}
        </div>
      </fieldset>
    </div>
  );
}

type GroupProps<T extends string | number> = Omit<ChoicesProps<T>, 'type' | 'isChecked' | 'onChecked'>;

/** Radios is one question answered by one of its options. */
export function Radios<T extends string>(props: GroupProps<T> & { value: string; onValue(value: T): void }) {
  const { value, onValue, ...rest } = props;
  return <Choices {...rest} type="radio" isChecked={(v) => v === value} onChecked={(v) => onValue(v)} />;
}

/** Checkboxes is one question answered by any of its options. */
export function Checkboxes<T extends string | number>(props: GroupProps<T> & { values: T[]; onValues(values: T[]): void }) {
  const { values, onValues, ...rest } = props;
  const toggle = (v: T, on: boolean) => onValues(on ? [...values.filter((x) => x !== v), v] : values.filter((x) => x !== v));
  return <Choices {...rest} type="checkbox" isChecked={(v) => values.includes(v)} onChecked={toggle} />;
}
