// Typed calls for importing a staff list: preview it, then import it, both with
// the same file and the same column mapping (POST /contacts/import[/preview]).
import { ApiError, errorFromResponse, getMe, type ID } from '../api';

export interface Rejection {
  line: number;
  reason: string;
}

export interface ImportResult {
  created: number;
  updated: number;
  rejected: Rejection[];
  unused_columns: string[];
  /** marked_left is how many contacts missing from the file were marked as left. */
  marked_left: number;
}

/** ImportColumn is one column of the file; field "" means it is not used. */
export interface ImportColumn {
  index: number;
  header: string;
  field: string;
  sample: string;
}

export interface ImportPreviewRow {
  line: number;
  email: string;
  name: string;
  organisation_id: ID | null;
  organisation: string;
  staff_group: string;
  job_role: string;
  area_of_work: string;
  external_id: string;
}

export interface ImportPreview {
  delimiter: string;
  columns: ImportColumn[];
  fields: { field: string; label: string }[];
  /** problem says why the file cannot be imported as mapped, such as no email column. */
  problem: string;
  rows: ImportPreviewRow[];
  accepted: number;
  created: number;
  updated: number;
  rejected: Rejection[];
  rejected_total: number;
  unused_columns: string[];
}

/** Mapping overrides how columns are read: column index to field ("" = not used). */
export type Mapping = Record<number, string>;

async function postImport<T>(path: string, file: File, mapping: Mapping, markMissingLeft = false): Promise<T> {
  const me = await getMe();
  const form = new FormData();
  form.append('file', file);
  if (Object.keys(mapping).length > 0) form.append('mapping', JSON.stringify(mapping));
  if (markMissingLeft) form.append('mark_missing_left', 'true');
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF-Token': me?.csrf_token ?? '' },
      body: form,
    });
  } catch {
    throw new ApiError(0, 'Could not reach Confer. Check your connection and try again');
  }
  if (!res.ok) throw await errorFromResponse(res);
  return (await res.json()) as T;
}

/** previewImport reads the file as the import would, writing nothing. */
export const previewImport = (file: File, mapping: Mapping) =>
  postImport<ImportPreview>('/contacts/import/preview', file, mapping);

/** importStaffList imports the file with the mapping chosen in the preview; markMissingLeft marks
 * the contacts of the file's organisations that it does not name as having left. */
export const importStaffList = (file: File, mapping: Mapping, markMissingLeft = false) =>
  postImport<ImportResult>('/contacts/import', file, mapping, markMissingLeft);
