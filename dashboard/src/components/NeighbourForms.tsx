import { useState } from 'preact/hooks';
import type { ReportKind } from '../../../contract/publicSite';
import { activePreferences, msg } from '../locale';
import { sendFollow, sendReport } from '../public-actions';

type Sending =
  | { state: 'idle' }
  | { state: 'sending' }
  | { state: 'done'; text: string }
  | { state: 'failed'; text: string };

/**
 * contract/publicSite.ts REPORT_LIMITS.textLength. Not imported: a value import from that module
 * brings the TypeBox runtime (about 20 KB gzipped) into the list's bundle; the server refuses
 * longer text anyway (400 naming the field).
 */
const REPORT_TEXT_MAX = 280;

function Outcome({ sending, testId }: { sending: Sending; testId: string }) {
  if (sending.state === 'done')
    return (
      <p class="banner" role="status" data-testid={testId}>
        {sending.text}
      </p>
    );
  if (sending.state === 'failed')
    return (
      <p class="banner banner-error" role="alert" data-testid={testId}>
        {sending.text}
      </p>
    );
  return null;
}

/** One tap per problem; "something else" asks for a short text first. No account, no name. */
export function ReportProblem({ fridgeId }: { fridgeId: string }) {
  const t = msg().reports;
  const [other, setOther] = useState(false);
  const [text, setText] = useState('');
  const [sending, setSending] = useState<Sending>({ state: 'idle' });
  const send = (kind: ReportKind): void => {
    setSending({ state: 'sending' });
    sendReport(fridgeId, kind === 'other' ? { kind, text: text.trim() } : { kind }).then(
      () => {
        setSending({ state: 'done', text: t.thanks(t.kinds[kind]) });
        setOther(false);
        setText('');
      },
      (error: unknown) => setSending({ state: 'failed', text: t.failed(String((error as Error).message)) }),
    );
  };
  return (
    <section class="panel" aria-labelledby="report-heading" data-testid="report-problem">
      <h2 id="report-heading">{t.heading}</h2>
      <p class="muted">{t.intro}</p>
      <div class="report-buttons">
        {(Object.keys(t.buttons) as ReportKind[]).map((kind) => (
          <button
            key={kind}
            type="button"
            class="button"
            data-testid={`report-${kind}-button`}
            aria-expanded={kind === 'other' ? other : undefined}
            disabled={sending.state === 'sending'}
            onClick={() => (kind === 'other' ? setOther(!other) : send(kind))}
          >
            {t.buttons[kind]}
          </button>
        ))}
      </div>
      {other && (
        <form
          class="report-other"
          onSubmit={(event) => {
            event.preventDefault();
            send('other');
          }}
        >
          <label>
            {t.otherLabel}
            <textarea
              required
              maxLength={REPORT_TEXT_MAX}
              value={text}
              data-testid="report-other-text"
              onInput={(event) => setText(event.currentTarget.value)}
            />
          </label>
          <button type="submit" class="button" disabled={sending.state === 'sending' || text.trim() === ''}>
            {sending.state === 'sending' ? t.sending : t.send}
          </button>
        </form>
      )}
      <Outcome sending={sending} testId="report-outcome" />
    </section>
  );
}

/** Follow by e-mail: double opt-in, the address never shown again. */
export function FollowFridge({ fridgeId }: { fridgeId: string }) {
  const t = msg().follow;
  const [email, setEmail] = useState('');
  const [sending, setSending] = useState<Sending>({ state: 'idle' });
  return (
    <section class="panel" aria-labelledby="follow-heading" data-testid="follow">
      <h2 id="follow-heading">{t.heading}</h2>
      <p class="muted">{t.intro}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setSending({ state: 'sending' });
          sendFollow(fridgeId, { email: email.trim(), language: activePreferences().language }).then(
            () => setSending({ state: 'done', text: t.sent }),
            (error: unknown) =>
              setSending({ state: 'failed', text: t.failed(String((error as Error).message)) }),
          );
        }}
      >
        <label>
          {t.email}
          <input
            type="email"
            required
            autoComplete="email"
            value={email}
            data-testid="follow-email"
            aria-describedby="follow-privacy"
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
        </label>
        <p id="follow-privacy" class="muted">
          {t.privacy}
        </p>
        <button
          type="submit"
          class="button"
          data-testid="follow-submit"
          disabled={sending.state === 'sending'}
        >
          {sending.state === 'sending' ? t.sending : t.submit}
        </button>
      </form>
      <Outcome sending={sending} testId="follow-outcome" />
    </section>
  );
}
