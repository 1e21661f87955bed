import type { RefObject } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiRequestError } from '../api';
import { errorText } from '../error-text';
import { type FieldErrors, fieldOfRefusal } from './forms';

/** Moves focus to the first invalid field after a refused submit, so the message is read next. */
export function useFocusFirstError(
  form: RefObject<HTMLFormElement | null>,
  errors: FieldErrors,
  attempt: number,
) {
  useEffect(() => {
    if (attempt === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, errors, attempt]);
}

/** The state of a submit: field errors (ours or the server's) and the server's message. */
export interface SubmitState {
  errors: FieldErrors;
  serverError: string | null;
  busy: boolean;
  attempt: number;
}

/**
 * Runs a form's submit: refuses with field errors when the check fails; otherwise calls the server
 * and, when it refuses, shows its message above the form and next to the field it names.
 */
export function useSubmit() {
  const [submit, setSubmit] = useState<SubmitState>({
    errors: {},
    serverError: null,
    busy: false,
    attempt: 0,
  });
  const run = useCallback(
    async <T>(
      checked: { ok: true; value: T } | { ok: false; errors: FieldErrors },
      send: (value: T) => Promise<void>,
    ) => {
      if (!checked.ok) {
        setSubmit((s) => ({
          errors: checked.errors,
          serverError: null,
          busy: false,
          attempt: s.attempt + 1,
        }));
        return;
      }
      setSubmit((s) => ({ ...s, errors: {}, serverError: null, busy: true }));
      try {
        await send(checked.value);
        setSubmit((s) => ({ ...s, busy: false }));
      } catch (error) {
        const message = errorText(error);
        const field = error instanceof ApiRequestError ? fieldOfRefusal(error.code, message) : null;
        setSubmit((s) => ({
          errors: field === null ? {} : { [field]: message },
          serverError: `The server refused: ${message}`,
          busy: false,
          attempt: s.attempt + 1,
        }));
      }
    },
    [],
  );
  const clearErrors = useCallback(() => setSubmit((s) => ({ ...s, errors: {}, serverError: null })), []);
  return { submit, run, clearErrors };
}
