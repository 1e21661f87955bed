import { msg } from '../locale';

/** "Open now" / "Closed now" by the stated hours; a filled or hollow mark repeats the words. */
export function OpenNowBadge({ open }: { open: boolean }) {
  const t = msg().openingHours;
  return (
    <span
      class={`badge ${open ? 'badge-open' : 'badge-closed'}`}
      data-testid="open-now"
      data-open={String(open)}
    >
      {open ? t.openNow : t.closedNow}
    </span>
  );
}
