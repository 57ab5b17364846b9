// formErrors.ts keeps a form's errors in one list, so the error summary and
// each field's message come from the same place.
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
