// DateInput is the NHS date input: day, month and year boxes in a fieldset. The day box
// carries the field's id, so an error summary link for the field lands in it.
import { describedBy, ErrorMessage } from '../components/choices';

export interface DateBoxes {
  day: string;
  month: string;
  year: string;
}

export function DateInput({ id, legend, hint, error, value, onValue }: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  value: DateBoxes;
  onValue(v: DateBoxes): void;
}) {
  const box = (part: keyof DateBoxes, label: string, width: number) => {
    const inputId = part === 'day' ? id : `${id}-${part}`;
    return (
      <div class="nhsuk-date-input__item">
        <div class="nhsuk-form-group">
          <label class="nhsuk-label nhsuk-date-input__label" for={inputId}>
            {label}
          </label>
          <input
            class={`nhsuk-input nhsuk-date-input__input nhsuk-input--width-${width}${error ? ' nhsuk-input--error' : ''}`}
            id={inputId}
            name={inputId}
            type="text"
            inputMode="numeric"
            value={value[part]}
            onInput={(e) => onValue({ ...value, [part]: e.currentTarget.value })}
          />
        </div>
      </div>
    );
  };
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset class="nhsuk-fieldset" role="group" aria-describedby={describedBy(id, hint, error)}>
        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {hint && (
          <div class="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        <ErrorMessage id={id} error={error} />
        <div class="nhsuk-date-input">
          {box('day', 'Day', 2)}
          {box('month', 'Month', 2)}
          {box('year', 'Year', 4)}
        </div>
      </fieldset>
    </div>
  );
}
