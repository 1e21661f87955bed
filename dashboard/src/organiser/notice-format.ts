import type { NoticeView } from '../../../contract/restock';

/** The delivery log in words: each delivery's state, and a line per notice. */
export type Delivery = NoticeView['deliveries'][number];

const STATUS_WORDS: Record<Delivery['status'], string> = {
  pending: 'Waiting to be sent',
  sent: 'Sent',
  failed: 'Failed',
};

export function deliveryStatusWords(delivery: Pick<Delivery, 'status' | 'heldUntil'>, nowMs: number): string {
  if (
    delivery.status === 'pending' &&
    delivery.heldUntil !== null &&
    Date.parse(delivery.heldUntil) > nowMs
  ) {
    return 'Held for quiet hours';
  }
  return STATUS_WORDS[delivery.status];
}

const CHANNEL_WORDS: Record<Delivery['channel'], string> = {
  email: 'E-mail',
  webhook: 'Webhook',
  mqtt: 'MQTT',
};

export function channelLabel(channel: Delivery['channel']): string {
  return CHANNEL_WORDS[channel];
}

/** "2 sent · 1 waiting · 1 failed"; "no deliveries" when nobody was to be told. */
export function deliverySummary(deliveries: readonly Pick<Delivery, 'status'>[]): string {
  if (deliveries.length === 0) return 'no deliveries';
  const count = (status: Delivery['status']) => deliveries.filter((d) => d.status === status).length;
  const parts: string[] = [];
  const sent = count('sent');
  const pending = count('pending');
  const failed = count('failed');
  if (sent > 0) parts.push(`${sent} sent`);
  if (pending > 0) parts.push(`${pending} waiting`);
  if (failed > 0) parts.push(`${failed} failed`);
  return parts.join(' · ');
}

/** The worst state among a notice's deliveries, for a marker in the list (with words beside it). */
export function noticeOutcome(notice: {
  deliveries: readonly Pick<Delivery, 'status'>[];
}): 'failed' | 'pending' | 'sent' | 'none' {
  if (notice.deliveries.length === 0) return 'none';
  if (notice.deliveries.some((d) => d.status === 'failed')) return 'failed';
  if (notice.deliveries.some((d) => d.status === 'pending')) return 'pending';
  return 'sent';
}

/** Notice kinds as organisers read them: "restock.opened" → "Restock: opened". */
export function noticeKindWords(kind: string): string {
  if (kind === 'test') return 'Test';
  const [area = kind, ...rest] = kind.split('.');
  const head =
    area.charAt(0).toUpperCase() +
    area
      .slice(1)
      .replace(/([A-Z])/g, ' $1')
      .toLowerCase();
  return rest.length === 0 ? head : `${head}: ${rest.join(' ').replace(/-/g, ' ')}`;
}
