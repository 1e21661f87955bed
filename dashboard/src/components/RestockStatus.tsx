import type { RestockRequestView } from '../../../contract/restock';
import { formatDateTime } from '../format';
import { useNowContext } from '../hooks';
import { restockTime, restockWords } from '../restock-format';

/**
 * A fridge's active restock request in one public line, without names: "Restock requested 14:05"
 * or "Claimed · ETA 17:30". The stylesheet adds a marker; the words say it all.
 */
export function RestockStatus({ request }: { request: RestockRequestView | undefined }) {
  const nowMs = useNowContext();
  if (request === undefined) return null;
  const at = restockTime(request);
  const words = restockWords(request, nowMs);
  return (
    <p class={`restock restock-${request.status}`} data-testid="restock" data-restock-status={request.status}>
      {at === null ? (
        words
      ) : (
        <time datetime={at} title={formatDateTime(at)}>
          {words}
        </time>
      )}
    </p>
  );
}
