// formParts.tsx: the checkbox group and the stand-alone checkbox the session form
// needs, wired like ../components/fields.tsx (label, hint, error, aria-describedby).
// Textareas and radios come from ../components/choices.tsx.
import type { ComponentChildren, ComponentProps } from 'preact';
import { Checkbox as SharedCheckbox, describedBy, ErrorMessage } from '../components/choices';

interface Choice {
  value: string;
  label: string;
  hint?: string;
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
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset class="nhsuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend class={`nhsuk-fieldset__legend ${small ? 'nhsuk-fieldset__legend--s' : 'nhsuk-fieldset__legend--m'}`}>
          {legend}
        </legend>
        {hint && (
          <div class="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        <ErrorMessage id={id} error={error} />
        {children}
      </fieldset>
    </div>
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

/** Checkbox is one yes/no checkbox outside a group: the shared one in its own form group. */
export function Checkbox(props: ComponentProps<typeof SharedCheckbox>) {
  return (
    <div class="nhsuk-form-group">
      <div class="nhsuk-checkboxes">
        <SharedCheckbox {...props} />
      </div>
    </div>
  );
}
