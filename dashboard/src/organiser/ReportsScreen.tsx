import { useState } from 'preact/hooks';
import type { ReportView } from '../../../contract/publicSite';
import { formatDateTime } from '../format';
import { fridgeHref } from '../routes';
import { LoadState, useLoad } from './loading';
import type { OrganiserContext } from './organiser-context';

/** As the public card says them ("Reported: door broken"); the organiser screens are in English. */
const KIND_WORDS: Readonly<Record<ReportView['kind'], string>> = {
  brokenDoor: 'Door broken',
  dirty: 'Dirty',
  notCold: 'Not cold',
  emptyButSaysFull: 'Empty though it says full',
  other: 'Another problem',
};

/** One open report with its Resolve button: resolving it resolves every open report of its kind. */
function OpenReport({
  report,
  context,
  onDone,
}: {
  report: ReportView;
  context: OrganiserContext;
  onDone: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const what = `${KIND_WORDS[report.kind]} at ${report.fridgeName}`;
  return (
    <li class="item" data-testid={`report-item-${report.id}`} data-kind={report.kind}>
      <p>
        <strong class="flag flag-report">{KIND_WORDS[report.kind]}</strong>{' '}
        <a href={fridgeHref(report.fridgeId)}>{report.fridgeName}</a>
      </p>
      <p class="muted">Reported {formatDateTime(report.createdAt)}</p>
      {report.text !== null && <p data-testid="report-text">“{report.text}”</p>}
      <button
        type="button"
        class="button"
        disabled={busy}
        aria-label={`Resolve: ${what}`}
        onClick={() => {
          setBusy(true);
          context.api.resolveReport(report.id).then(
            () => {
              context.flash(`Resolved: ${what}. The public page no longer shows it.`);
              onDone();
            },
            (err: unknown) => {
              setBusy(false);
              setError(err instanceof Error ? err.message : String(err));
            },
          );
        }}
      >
        Resolve
      </button>
      {error !== null && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/**
 * The organisers' queue of neighbours' problem reports (issue 11): what is open, shown on the public
 * card until resolved here, and what was resolved lately. The reporter is never known.
 */
export function ReportsScreen({ context }: { context: OrganiserContext }) {
  const open = useLoad(() => context.api.reports('open'), 'open');
  const resolved = useLoad(() => context.api.reports('resolved'), 'resolved');
  const reload = () => {
    open.reload();
    resolved.reload();
  };
  return (
    <>
      <h1 tabIndex={-1}>Problem reports</h1>
      <p class="summary">
        What neighbours reported: a broken door, a dirty or warm fridge. Each shows on the fridge’s public
        card until it is resolved here.
      </p>
      <button type="button" class="button" onClick={reload}>
        Refresh
      </button>
      <h2>Open</h2>
      <LoadState loaded={open.loaded} what="open reports" />
      {open.loaded.status === 'ok' &&
        (open.loaded.value.length === 0 ? (
          <p data-testid="no-open-reports">Nothing is reported.</p>
        ) : (
          <ul class="items items-list" data-testid="open-reports">
            {open.loaded.value.map((report) => (
              <OpenReport key={report.id} report={report} context={context} onDone={reload} />
            ))}
          </ul>
        ))}
      <h2>Resolved lately</h2>
      <LoadState loaded={resolved.loaded} what="resolved reports" />
      {resolved.loaded.status === 'ok' && (
        <ul class="items items-list" data-testid="resolved-reports">
          {resolved.loaded.value.slice(0, 20).map((report) => (
            <li key={report.id} class="item">
              {KIND_WORDS[report.kind]} at {report.fridgeName}, reported {formatDateTime(report.createdAt)}
              {report.resolvedAt !== null ? `, resolved ${formatDateTime(report.resolvedAt)}` : ''}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
