// Targets lets the admin say what coverage the programme expects, for
// example "at least 5% of each organisation's nursing staff attended a
// clinical session". Saving replaces the whole list; a refused list changes
// nothing and says which line to fix.
import '../styles/admin.scss';
import './coverage.scss';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { ErrorSummary } from '../components/ErrorSummary';
import { Page } from '../components/Page';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { SuccessBanner } from '../components/SuccessBanner';
import { useResource } from '../components/useResource';
import { listOrganisations } from '../organisations/api';
import { listStaffGroups } from '../people/api';
import { categories, listTargets, saveTargets, stageHints, stageLabels, stages, type Stage, type Target } from './api';

const blank: Target = { stage: 'attended', category: '', organisation_id: null, staff_group: '', min_percent: 5, min_count: 0 };

function TargetsView() {
  const loaded = useResource(listTargets, []);
  const orgs = useResource(listOrganisations, []);
  const groups = useResource(listStaffGroups, []);
  const [rows, setRows] = useState<Target[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (loaded.data) setRows(loaded.data);
  }, [loaded.data]);

  const set = (i: number, patch: Partial<Target>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  async function save(e: Event) {
    e.preventDefault();
    setSaved(false);
    try {
      setRows(await saveTargets(rows));
      setError(null);
      setSaved(true);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'Could not save the targets. Try again'));
    }
  }

  if (loaded.error) return <LoadError error={loaded.error} />;
  if (!loaded.data) return <Loading />;
  return (
    <form onSubmit={save} noValidate>
      {saved && <SuccessBanner heading="Targets saved" />}
      {error && <ErrorSummary errors={[{ field: error.field ?? 'targets', message: error.message }]} />}
      {rows.length === 0 && <p>There are no targets yet.</p>}
      {rows.map((r, i) => (
        <fieldset class="nhsuk-fieldset app-targets-row" key={i}>
          <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Target {i + 1}</legend>
          <div class="app-coverage-filters">
            <div class="nhsuk-form-group">
              <label class="nhsuk-label" for={`targets[${i}].min_percent`}>At least this percentage of the group</label>
              <input class="nhsuk-input nhsuk-input--width-4" id={`targets[${i}].min_percent`} inputMode="decimal"
                value={String(r.min_percent)} onInput={(e) => set(i, { min_percent: Number(e.currentTarget.value) || 0 })} />
            </div>
            <div class="nhsuk-form-group">
              <label class="nhsuk-label" for={`targets[${i}].min_count`}>And at least this many people</label>
              <input class="nhsuk-input nhsuk-input--width-4" id={`targets[${i}].min_count`} inputMode="numeric"
                value={String(r.min_count)} onInput={(e) => set(i, { min_count: Number(e.currentTarget.value) || 0 })} />
            </div>
            <div class="nhsuk-form-group">
              <label class="nhsuk-label" for={`targets[${i}].stage`}>Stage they must reach</label>
              <select class="nhsuk-select" id={`targets[${i}].stage`} value={r.stage}
                onChange={(e) => set(i, { stage: e.currentTarget.value as Stage })}>
                {stages.map((s) => (
                  <option value={s} key={s}>{stageLabels[s]} ({stageHints[s]})</option>
                ))}
              </select>
            </div>
            <div class="nhsuk-form-group">
              <label class="nhsuk-label" for={`targets[${i}].category`}>Session category</label>
              <select class="nhsuk-select" id={`targets[${i}].category`} value={r.category}
                onChange={(e) => set(i, { category: e.currentTarget.value })}>
                <option value="">Any category</option>
                {categories.map((c) => (
                  <option value={c} key={c}>{c.charAt(0).toUpperCase() + c.slice(1)}</option>
                ))}
              </select>
            </div>
            <div class="nhsuk-form-group">
              <label class="nhsuk-label" for={`targets[${i}].staff_group`}>Staff group</label>
              <select class="nhsuk-select" id={`targets[${i}].staff_group`} value={r.staff_group}
                onChange={(e) => set(i, { staff_group: e.currentTarget.value })}>
                <option value="">Each staff group</option>
                {(groups.data ?? []).map((g) => (
                  <option value={g} key={g}>{g}</option>
                ))}
              </select>
            </div>
            <div class="nhsuk-form-group">
              <label class="nhsuk-label" for={`targets[${i}].organisation_id`}>Organisation</label>
              <select class="nhsuk-select" id={`targets[${i}].organisation_id`} value={r.organisation_id ?? ''}
                onChange={(e) => set(i, { organisation_id: e.currentTarget.value ? Number(e.currentTarget.value) : null })}>
                <option value="">Each organisation</option>
                {(orgs.data ?? []).map((o) => (
                  <option value={o.id} key={o.id}>{o.name}</option>
                ))}
              </select>
            </div>
          </div>
          <button class="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
            Remove target {i + 1}
          </button>
        </fieldset>
      ))}
      <p>
        <button class="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => setRows([...rows, { ...blank }])}>
          Add a target
        </button>
      </p>
      <button class="nhsuk-button" type="submit">Save targets</button>
    </form>
  );
}

export default function Targets() {
  return (
    <RequireRole roles={access.admin}>
      <Page title="Coverage targets" back={{ href: '/coverage', label: 'Back to coverage' }} wide>
        <p>
          A target says how many people in each group should have reached a stage, for example “at least 5% of each
          organisation’s nursing staff attended a clinical session”. A group that misses a target is marked on the heat map
          for that stage and listed among the gaps.
        </p>
        <TargetsView />
      </Page>
    </RequireRole>
  );
}
