import type { OutgoingMessage } from '../../../storage/outboxRepository';

/** A failed attempt; `permanent` when trying again cannot help (the receiver refused the message). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** One way out: e-mail, a webhook, MQTT. `send` resolves once the receiver accepted the message. */
export interface DeliveryChannel<C extends OutgoingMessage['channel']> {
  send(message: Extract<OutgoingMessage, { channel: C }>, idempotencyKey: string): Promise<void>;
  close?(): void;
}
