import type { FridgeStatus } from '../../../contract/api';
import { relativeTime } from '../format';
import { useNowContext } from '../hooks';
import { msg } from '../locale';

/** "Needed here: Bread · Dairy", or nothing when the fridge asks for nothing in particular. */
export function NeedsLine({ needs }: { needs: FridgeStatus['needs'] }) {
  if (needs.categories.length === 0 && needs.note === null) return null;
  const t = msg().needs;
  return (
    <p class="needs" data-testid="needs">
      <strong>{t.heading}:</strong>{' '}
      {needs.categories.map((category, index) => (
        <span key={category} data-testid={`need-${category}`}>
          {index > 0 && ' · '}
          {t.categories[category]}
        </span>
      ))}
      {needs.note !== null && (
        <>
          {needs.categories.length > 0 && ' — '}
          <span data-testid="needs-note">{needs.note}</span>
        </>
      )}
    </p>
  );
}

/** "Reported: door broken, 2 h ago", one line per open kind, until an organiser resolves it. */
export function ReportLines({ reports }: { reports: FridgeStatus['reports'] }) {
  const nowMs = useNowContext();
  if (reports.length === 0) return null;
  const t = msg().reports;
  return (
    <ul class="reports" data-testid="reports">
      {reports.map((report) => (
        <li key={report.kind} class="flag flag-report" data-testid={`report-${report.kind}`}>
          <time datetime={report.since}>
            {t.reported(t.kinds[report.kind], relativeTime(report.since, nowMs))}
          </time>
        </li>
      ))}
    </ul>
  );
}
