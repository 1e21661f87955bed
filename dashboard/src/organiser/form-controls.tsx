import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../error-text';

/**
 * Building blocks of the organiser forms. Every input has a visible label; a hint and an error are
 * tied to it with aria-describedby, and an error also sets aria-invalid and says what to fix in words.
 * The hooks that run a form's submit are in form-hooks.ts; loading a screen's data is in loading.tsx.
 */

interface FieldProps {
  id: string;
  label: string;
  hint?: ComponentChildren;
  error?: string | undefined;
  children: (described: {
    id: string;
    'aria-describedby'?: string;
    'aria-invalid'?: 'true';
  }) => ComponentChildren;
  class?: string;
}

/** A label, an optional hint, the control, and its error message. */
export function Field({ id, label, hint, error, children, class: className }: FieldProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint !== undefined ? hintId : null, error !== undefined ? errorId : null]
    .filter((x) => x !== null)
    .join(' ');
  return (
    <div class={`field${error !== undefined ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label for={id}>{label}</label>
      {hint !== undefined && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      {children({
        id,
        ...(describedBy !== '' ? { 'aria-describedby': describedBy } : {}),
        ...(error !== undefined ? { 'aria-invalid': 'true' as const } : {}),
      })}
      {error !== undefined && (
        <p class="field-error" id={errorId} data-testid={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The input attributes the forms use. */
interface InputProps {
  type?: 'text' | 'email' | 'url';
  maxLength?: number;
  autoComplete?: string;
  autoCapitalize?: 'none' | 'off' | 'sentences' | 'words';
  spellcheck?: boolean;
  inputMode?: 'text' | 'decimal' | 'numeric' | 'email' | 'url';
}

interface TextFieldProps extends InputProps {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: ComponentChildren;
  error?: string | undefined;
  testId?: string;
}

export function TextField({
  id,
  label,
  value,
  onValue,
  hint,
  error,
  testId,
  type = 'text',
  ...input
}: TextFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(described) => {
        const props = {
          ...input,
          ...described,
          value,
          onInput: (event: { currentTarget: HTMLInputElement }) => onValue(event.currentTarget.value),
          'data-testid': testId,
        };
        // One literal per branch: Preact types each input type's attributes on their own.
        if (type === 'email') return <input type="email" {...props} />;
        if (type === 'url') return <input type="url" {...props} />;
        return <input type="text" {...props} />;
      }}
    </Field>
  );
}

/** A server refusal, above the form: what the server said, in its words. */
export function FormError({ message, testId = 'form-error' }: { message: string | null; testId?: string }) {
  if (message === null) return null;
  return (
    <p class="banner banner-error" role="alert" data-testid={testId}>
      {message}
    </p>
  );
}

/** A quiet confirmation ("Saved."), read out politely. */
export function StatusMessage({ message, testId }: { message: string | null; testId?: string }) {
  return (
    <p class="status-message" role="status" data-testid={testId}>
      {message}
    </p>
  );
}

/**
 * A form's submit button: disabled while its request runs, and saying so ("Saving…"), so a
 * second press cannot send the form twice.
 */
export function SubmitButton({
  busy,
  label,
  busyLabel = 'Saving…',
  testId,
  primary = true,
}: {
  busy: boolean;
  label: string;
  busyLabel?: string;
  testId: string;
  primary?: boolean;
}) {
  return (
    <button
      type="submit"
      class={primary ? 'button button-primary' : 'button'}
      disabled={busy}
      data-testid={testId}
    >
      {busy ? busyLabel : label}
    </button>
  );
}

interface ConfirmButtonProps {
  /** The first button, e.g. "Remove this fridge…". */
  label: string;
  /** The question, naming what goes: "Remove Elm St fridge for good?". */
  question: string;
  /** More about what follows. */
  detail?: string;
  /** The button that does it, naming it again: "Yes, remove Elm St fridge". */
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => Promise<void>;
  testId: string;
  danger?: boolean;
}

/**
 * A destructive action in two steps: the first button asks, naming what will go, and only the
 * second does it. Focus moves to the question and back to the first button on "keep".
 */
export function ConfirmButton({
  label,
  question,
  detail,
  confirmLabel,
  cancelLabel = 'No, keep it',
  onConfirm,
  testId,
  danger = true,
}: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const questionRef = useRef<HTMLParagraphElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) questionRef.current?.focus();
    else if (wasAsking.current) openRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        type="button"
        ref={openRef}
        class={danger ? 'button button-danger-outline' : 'button'}
        onClick={() => {
          setFailure(null);
          setAsking(true);
        }}
        data-testid={testId}
      >
        {label}
      </button>
    );
  }
  const confirm = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await onConfirm();
      setAsking(false);
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="confirm" data-testid={`${testId}-confirm`}>
      <p class="confirm-question" tabIndex={-1} ref={questionRef}>
        <strong>{question}</strong>
        {detail !== undefined && <> {detail}</>}
      </p>
      {failure !== null && (
        <p class="field-error" role="alert">
          {failure}
        </p>
      )}
      <div class="actions">
        <button
          type="button"
          class={danger ? 'button button-danger' : 'button button-primary'}
          disabled={busy}
          onClick={() => void confirm()}
          data-testid={`${testId}-yes`}
        >
          {busy ? 'Working…' : confirmLabel}
        </button>
        <button type="button" class="button" disabled={busy} onClick={() => setAsking(false)}>
          {cancelLabel}
        </button>
      </div>
    </div>
  );
}
