// ContactImport imports a CSV staff list in two steps: a preview that shows how
// each column is read (each one changeable), the first rows and the lines that
// would be refused, writing nothing; then the import, with the same mapping.
import './contactImport.scss';
import { useRef, useState } from 'preact/hooks';
import { DataTable } from '../components/DataTable';
import { ErrorSummary } from '../components/ErrorSummary';
import { useSubmit } from '../components/formErrors';
import { SuccessBanner } from '../components/SuccessBanner';
import { CheckboxField } from '../components/choices';
import { SubmitButton } from '../components/fields';
import {
  importStaffList,
  previewImport,
  type ImportPreview,
  type ImportResult,
  type Mapping,
  type Rejection,
} from './importApi';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

function RejectedTable({ rejected, caption }: { rejected: Rejection[]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      captionSize="plain"
      testId="rejected-lines"
      rows={rejected}
      rowKey={(r) => `${r.line}-${r.reason}`}
      columns={[
        { header: 'Line', cell: (r) => r.line },
        { header: 'What to fix', cell: (r) => r.reason },
      ]}
    />
  );
}

function ImportReport({ result }: { result: ImportResult }) {
  const n = result.rejected.length;
  return (
    <>
      <SuccessBanner heading={`${result.created} contacts added, ${result.updated} updated`}>
        {n > 0 && <p>{n === 1 ? '1 line was' : `${n} lines were`} not imported. They are listed below.</p>}
        {result.marked_left > 0 && (
          <p data-testid="marked-left">
            {result.marked_left === 1 ? '1 contact was' : `${result.marked_left} contacts were`} not in the file and{' '}
            {result.marked_left === 1 ? 'is' : 'are'} now marked as left.
          </p>
        )}
        {result.unused_columns.length > 0 && (
          <p data-testid="unused-columns">Columns not used: {result.unused_columns.join(', ')}.</p>
        )}
      </SuccessBanner>
      {n > 0 && <RejectedTable rejected={result.rejected} caption="Lines not imported" />}
    </>
  );
}

function ColumnTable({ preview, onField }: { preview: ImportPreview; onField(index: number, field: string): void }) {
  return (
    <DataTable
      caption="How each column is read"
      captionSize="plain"
      responsive
      scroll={false}
      tableClass="app-import-columns"
      testId="import-columns"
      rows={preview.columns}
      rowKey={(c) => c.index}
      columns={[
        { header: 'Column in the file', rowHeader: true, cell: (c) => c.header || `Column ${c.index + 1}` },
        { header: 'First value', cell: (c) => <span class="app-import-sample">{c.sample}</span> },
        {
          header: 'Read as',
          cell: (c) => (
            <>
              <label class="nhsuk-label nhsuk-u-visually-hidden" for={`column-${c.index}`}>
                Read “{c.header || `column ${c.index + 1}`}” as
              </label>
              <select
                class="nhsuk-select app-import-select"
                id={`column-${c.index}`}
                value={c.field}
                onChange={(e) => onField(c.index, e.currentTarget.value)}
              >
                <option value="">Not used</option>
                {preview.fields.map((f) => (
                  <option key={f.field} value={f.field}>
                    {f.label}
                  </option>
                ))}
              </select>
            </>
          ),
        },
      ]}
    />
  );
}

type PreviewRow = ImportPreview['rows'][number];
const rowColumns: [keyof PreviewRow, string][] = [
  ['line', 'Line'],
  ['email', 'Email'],
  ['name', 'Name'],
  ['organisation', 'Organisation'],
  ['staff_group', 'Staff group'],
  ['job_role', 'Job role'],
  ['area_of_work', 'Area of work'],
  ['external_id', 'Employee number'],
];

function RowsTable({ preview }: { preview: ImportPreview }) {
  if (preview.rows.length === 0) return null;
  return (
    <DataTable
      caption={`The first ${preview.rows.length === 1 ? 'row' : `${preview.rows.length} rows`} as they will be imported`}
      captionSize="plain"
      responsive
      scroll={false}
      testId="import-rows"
      rows={preview.rows}
      rowKey={(r) => r.line}
      columns={rowColumns.map(([k, header]) => ({ header, cell: (r: PreviewRow) => r[k] }))}
    />
  );
}

function PreviewPanel(props: {
  preview: ImportPreview;
  busy: boolean;
  onField(index: number, field: string): void;
  onImport(): void;
  onCancel(): void;
}) {
  const { preview: p, busy } = props;
  const summary = p.problem
    ? 'This file cannot be imported until every column is read correctly.'
    : `${plural(p.accepted, 'contact', 'contacts')} ready to import: ${p.created.toLocaleString('en-GB')} new, ` +
      `${p.updated.toLocaleString('en-GB')} already here. ${plural(p.rejected_total, 'line', 'lines')} will not be imported.`;
  return (
    <section aria-labelledby="import-preview-heading" data-testid="import-preview">
      <h3 id="import-preview-heading">Check the file before importing</h3>
      {p.problem && (
        <ErrorSummary
          title="This file cannot be imported yet"
          errors={[{ field: `column-${p.columns[0]?.index ?? 0}`, message: p.problem.charAt(0).toUpperCase() + p.problem.slice(1) }]}
        />
      )}
      <p class="nhsuk-body" role="status" data-testid="import-summary">
        {busy ? 'Reading the file again…' : summary}
      </p>
      <p class="nhsuk-body">
        Nothing has been imported yet. Change what a column is read as and the preview updates.
      </p>
      <ColumnTable preview={p} onField={props.onField} />
      <RowsTable preview={p} />
      {p.rejected.length > 0 && (
        <RejectedTable
          rejected={p.rejected}
          caption={
            p.rejected_total > p.rejected.length
              ? `Lines that will not be imported (the first ${p.rejected.length} of ${p.rejected_total})`
              : 'Lines that will not be imported'
          }
        />
      )}
      <div class="app-button-group">
        {!p.problem && p.accepted > 0 && (
          <button class="nhsuk-button" type="button" disabled={busy} onClick={props.onImport}>
            Import contacts
          </button>
        )}
        <button class="nhsuk-button nhsuk-button--secondary" type="button" onClick={props.onCancel}>
          Choose another file
        </button>
      </div>
    </section>
  );
}

/** ContactImport is the "Import a staff list" part of the contacts page. */
export function ContactImport({ onImported }: { onImported(r: ImportResult): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [mapping, setMapping] = useState<Mapping>({});
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [markLeft, setMarkLeft] = useState(false);
  const form = useSubmit();
  const fileInput = useRef<HTMLInputElement>(null);

  const run = <T,>(call: () => Promise<T>, done: (v: T) => void) => form.run(async () => done(await call()));
  function submit(e: Event) {
    e.preventDefault();
    if (!file) return form.setErrors([{ field: 'file', message: 'Choose a CSV file to preview' }]);
    setResult(null);
    setMapping({});
    void run(() => previewImport(file, {}), setPreview);
  }
  function changeField(index: number, field: string) {
    if (!file) return;
    const next = { ...mapping, [index]: field };
    setMapping(next);
    void run(() => previewImport(file, next), setPreview);
  }
  function reset() {
    setPreview(null);
    setFile(null);
    setMapping({});
    setInputKey((k) => k + 1);
    form.clear();
    setTimeout(() => fileInput.current?.focus());
  }
  function importNow() {
    if (!file) return;
    void run(
      () => importStaffList(file, mapping, markLeft),
      (r) => {
        setPreview(null);
        setFile(null);
        setMapping({});
        setInputKey((k) => k + 1);
        setResult(r);
        onImported(r);
      },
    );
  }

  const fileError = form.fieldError('file');
  // Errors about the mapping or the file point at the file input; the rest have no field.
  const errors = form.errors.map((e) => ({ ...e, field: e.field === 'mapping' ? undefined : 'file' }));
  return (
    <>
      {result && <ImportReport result={result} />}
      <h2>Import a staff list</h2>
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <div class={`nhsuk-form-group${fileError ? ' nhsuk-form-group--error' : ''}`}>
          <label class="nhsuk-label nhsuk-label--s" for="file">
            Staff list (CSV)
          </label>
          <div class="nhsuk-hint" id="file-hint">
            A CSV file with a header row, separated by commas, semicolons or tabs, such as an ESR export. Columns
            such as Work Email Address, Full Name or First Name and Last Name, Organisation (name or ODS code), Staff
            Group, Job Role, Area of Work and Employee Number are recognised. Only an email column is needed. You can
            check the file before anything is imported. Contacts already here are updated by email.
          </div>
          {fileError && (
            <span class="nhsuk-error-message" id="file-error">
              <span class="nhsuk-u-visually-hidden">Error: </span>
              {fileError}
            </span>
          )}
          <input
            key={inputKey}
            ref={fileInput}
            class="nhsuk-input app-file-input"
            type="file"
            id="file"
            name="file"
            accept=".csv,.txt,text/csv"
            aria-describedby={fileError ? 'file-hint file-error' : 'file-hint'}
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setPreview(null);
              setMapping({});
            }}
          />
        </div>
        <CheckboxField
          id="mark_missing_left"
          label="Mark people missing from this file as left"
          hint="Use this when the file is the whole staff list of its organisations. Confer removes leavers after the retention period."
          checked={markLeft}
          onChecked={setMarkLeft}
        />
        {!preview && (
          <SubmitButton busy={form.busy} secondary>
            Preview import
          </SubmitButton>
        )}
      </form>
      {preview && (
        <PreviewPanel preview={preview} busy={form.busy} onField={changeField} onImport={importNow} onCancel={reset} />
      )}
    </>
  );
}
