import { useRef, useState } from 'preact/hooks';
import { ApiRequestError } from '../api';
import { errorText } from '../error-text';
import { listHref } from '../routes';
import { Field } from './form-controls';
import { useFocusFirstError } from './form-hooks';
import { createOrganiserApi } from './organiser-api';
import { normaliseToken, tokenProblem } from './session';

/** Why the sign-in form shows: the server refused the token, or the organiser signed out. */
export interface SignedOut {
  text: string;
  refused: boolean;
}

interface SignInProps {
  /** Why the organiser is asked again (a refused token, a sign-out); null on a first visit. */
  reason: SignedOut | null;
  /** Called with a token the server accepted. */
  onSignIn: (token: string) => void;
}

/**
 * Asks for the organiser token once. The server checks it before it is kept, so a typo is caught
 * here rather than on the first save.
 */
export function SignIn({ reason, onSignIn }: SignInProps) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const errors: Readonly<Record<string, string>> = error === null ? {} : { token: error };
  useFocusFirstError(form, errors, attempt);

  const submit = async (event: Event) => {
    event.preventDefault();
    const problem = tokenProblem(value);
    if (problem !== null) {
      setError(problem);
      setAttempt((a) => a + 1);
      return;
    }
    const token = normaliseToken(value);
    setBusy(true);
    setError(null);
    try {
      await createOrganiserApi({ token: () => token, onUnauthorized: () => undefined }).checkToken();
      onSignIn(token);
    } catch (failure) {
      setError(
        failure instanceof ApiRequestError && failure.status === 401
          ? 'The server did not accept this token. Check it (it was printed on the first start, and is in DATA_DIR/admin-token) and try again.'
          : `Could not check the token: ${errorText(failure)}`,
      );
      setAttempt((a) => a + 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="page page-organise" data-testid="sign-in-page">
      <h1 tabIndex={-1}>Organisers</h1>
      <p>
        Add fridges, register sensors, and look after restock requests and volunteers. This needs the
        organiser token of this site.
      </p>
      {reason?.refused === true && (
        <p class="banner banner-error" role="alert" data-testid="sign-in-reason">
          {reason.text}
        </p>
      )}
      {reason?.refused === false && (
        <p class="banner banner-ok" role="status" data-testid="sign-in-reason">
          {reason.text}
        </p>
      )}
      <form class="form panel" ref={form} onSubmit={(event) => void submit(event)} noValidate>
        <Field
          id="token"
          label="Organiser token"
          hint="It stays in this browser until you sign out. Do not enter it on a shared computer."
          error={error ?? undefined}
        >
          {(described) => (
            <input
              {...described}
              type="password"
              autoComplete="current-password"
              spellcheck={false}
              value={value}
              onInput={(event) => setValue(event.currentTarget.value)}
              data-testid="token-input"
            />
          )}
        </Field>
        <div class="actions">
          <button type="submit" class="button button-primary" disabled={busy} data-testid="sign-in">
            {busy ? 'Checking…' : 'Sign in'}
          </button>
        </div>
      </form>
      <p>
        <a href={listHref()}>← Back to the fridges</a>
      </p>
    </main>
  );
}
