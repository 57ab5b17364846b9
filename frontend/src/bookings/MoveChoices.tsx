// MoveChoices is one radio group ("Move to another time") split by session: the
// booking's own session first, then each other session of its category under
// its own title, so a long list reads as a few short ones. Every radio shares
// one name; the first carries the field's id for the error summary.
import { describedBy, ErrorMessage, RadioItem } from '../components/choices';

export interface MoveGroup {
  title: string;
  hint?: string;
  options: { value: string; label: string; hint?: string }[];
}

interface Props {
  id: string;
  legend: string;
  hint: string;
  groups: MoveGroup[];
  value: string;
  error?: string;
  onValue(v: string): void;
}

export function MoveChoices({ id, legend, hint, groups, value, error, onValue }: Props) {
  const first = groups.find((g) => g.options.length)?.options[0]?.value;
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset class="nhsuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">{legend}</legend>
        <div class="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
        <ErrorMessage id={id} error={error} />
        {groups.map((g, gi) => (
          <fieldset class="nhsuk-fieldset app-move-group" key={gi} aria-describedby={g.hint ? `${id}-group-${gi}-hint` : undefined}>
            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{g.title}</legend>
            {g.hint && (
              <div class="nhsuk-hint" id={`${id}-group-${gi}-hint`}>
                {g.hint}
              </div>
            )}
            <div class="nhsuk-radios">
              {g.options.map((o) => (
                <RadioItem
                  key={o.value}
                  name={id}
                  inputId={o.value === first ? id : `${id}-${o.value}`}
                  option={o}
                  checked={value === o.value}
                  onValue={onValue}
                />
              ))}
            </div>
          </fieldset>
        ))}
      </fieldset>
    </div>
  );
}
