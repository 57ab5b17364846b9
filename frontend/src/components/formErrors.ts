// formErrors.ts keeps a form's errors in one list, so the error summary and
// each field's message come from the same place, and useSubmit runs a form's
// request the one way: busy while it runs, errors from what it throws (an API
// error keeps its field, so the summary links to the input).
import { useCallback, useMemo, useState } from 'preact/hooks';
import { ApiError } from '../api';

/** FormError is one problem; field is the id of the input it is about. */
export interface FormError {
  field?: string;
  message: string;
}

/** errorsFrom turns a thrown error into form errors, keeping an API field. */
export function errorsFrom(err: unknown): FormError[] {
  if (err instanceof ApiError) return [{ field: err.field, message: err.message }];
  return [{ message: 'Something went wrong. Try again later' }];
}

export interface FormErrors {
  errors: FormError[];
  /** fieldError is the message for one field, if it has one. */
  fieldError(field: string): string | undefined;
  setErrors(errors: FormError[]): void;
  /** fail shows a thrown error (an ApiError keeps its field). */
  fail(err: unknown): void;
  clear(): void;
}

export function useFormErrors(): FormErrors {
  const [errors, setErrors] = useState<FormError[]>([]);
  const fieldError = useCallback((field: string) => errors.find((e) => e.field === field)?.message, [errors]);
  const fail = useCallback((err: unknown) => setErrors(errorsFrom(err)), []);
  const clear = useCallback(() => setErrors([]), []);
  return useMemo(() => ({ errors, fieldError, setErrors, fail, clear }), [errors, fieldError, fail, clear]);
}

/** emailProblem is the message for an email address that cannot be right, or undefined.
 * empty is what to say when there is none ("Enter your email address"). */
export function emailProblem(email: string, empty = 'Enter your email address'): string | undefined {
  if (email.trim() === '') return empty;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) return 'Enter an email address in the correct format, like name@example.nhs.net';
  return undefined;
}

export interface Submit extends FormErrors {
  /** busy is true while a request runs: its buttons are disabled, so it is not sent twice. */
  busy: boolean;
  /** run does work, then clears the errors; what it throws goes to onError, or becomes the form's errors.
   * It says whether the work succeeded. */
  run(work: () => Promise<unknown>, onError?: (err: unknown) => unknown): Promise<boolean>;
}

/** useSubmit is a form's errors and its busy state, with run to send it. */
export function useSubmit(): Submit {
  const form = useFormErrors();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (work: () => Promise<unknown>, onError?: (err: unknown) => unknown) => {
      setBusy(true);
      try {
        await work();
        form.clear();
        return true;
      } catch (err) {
        await (onError ?? form.fail)(err);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [form.clear, form.fail],
  );
  return useMemo(() => ({ ...form, busy, run }), [form, busy, run]);
}
