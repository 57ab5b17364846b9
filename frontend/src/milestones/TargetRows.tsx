// TargetRows edits a milestone's training targets: one row per staff group, with the
// kind of session that counts and the share to train, rows added and removed freely.
import { ErrorMessage } from '../components/choices';
import { categoryChoices, type Target } from './api';

export function TargetRows({ targets, staffGroups, error, onTargets }: {
  targets: Target[];
  staffGroups: string[];
  error?: string;
  onTargets(t: Target[]): void;
}) {
  const set = (i: number, t: Partial<Target>) => onTargets(targets.map((x, j) => (j === i ? { ...x, ...t } : x)));
  const percent = (s: string) => (s.trim() === '' ? NaN : Number(s));
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset class="nhsuk-fieldset" id="targets" tabIndex={-1} aria-describedby={`targets-hint${error ? ' targets-error' : ''}`}>
        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
          <h2 class="nhsuk-fieldset__heading">Training targets</h2>
        </legend>
        <div class="nhsuk-hint" id="targets-hint">
          For each staff group, the share to have attended training by go-live, for example 80% of registered nurses in a
          clinical session.
        </div>
        <ErrorMessage id="targets" error={error} />
        {targets.length === 0 && <p>No targets yet.</p>}
        {targets.map((t, i) => (
          <div class="app-target-row" key={i}>
            <h3 class="nhsuk-heading-xs nhsuk-u-margin-bottom-2">Target {i + 1}</h3>
            <div class="nhsuk-form-group">
              <label class="nhsuk-label" for={`targets-${i}-staff_group`}>
                Staff group<span class="nhsuk-u-visually-hidden"> for target {i + 1}</span>
              </label>
              <select
                class="nhsuk-select"
                id={`targets-${i}-staff_group`}
                value={t.staff_group}
                onChange={(e) => set(i, { staff_group: e.currentTarget.value })}
              >
                <option value="">Choose a staff group</option>
                {staffGroups.map((g) => (
                  <option key={g} value={g}>
                    {g}
                  </option>
                ))}
              </select>
            </div>
            <div class="nhsuk-form-group">
              <label class="nhsuk-label" for={`targets-${i}-category`}>
                Training that counts<span class="nhsuk-u-visually-hidden"> for target {i + 1}</span>
              </label>
              <select
                class="nhsuk-select"
                id={`targets-${i}-category`}
                value={t.category}
                onChange={(e) => set(i, { category: e.currentTarget.value as Target['category'] })}
              >
                {categoryChoices.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            </div>
            <div class="nhsuk-form-group">
              <label class="nhsuk-label" for={`targets-${i}-min_percent`}>
                Minimum trained, in percent<span class="nhsuk-u-visually-hidden"> for target {i + 1}</span>
              </label>
              <div class="nhsuk-input-wrapper">
                <input
                  class="nhsuk-input nhsuk-input--width-3"
                  id={`targets-${i}-min_percent`}
                  type="text"
                  inputMode="numeric"
                  value={Number.isNaN(t.min_percent) ? '' : String(t.min_percent)}
                  onInput={(e) => set(i, { min_percent: percent(e.currentTarget.value) })}
                />
                <div class="nhsuk-input__suffix" aria-hidden="true">
                  %
                </div>
              </div>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="button" onClick={() => onTargets(targets.filter((_, j) => j !== i))}>
              Remove<span class="nhsuk-u-visually-hidden"> target {i + 1}</span>
            </button>
          </div>
        ))}
        <button
          class="nhsuk-button nhsuk-button--secondary"
          type="button"
          onClick={() => onTargets([...targets, { staff_group: '', category: 'clinical', min_percent: 80 }])}
        >
          Add a target
        </button>
      </fieldset>
    </div>
  );
}
