import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpConfig } from '../../../domain/notifications/config';
import { type DeliveryChannel, DeliveryError } from './types';

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  message?: string;
}

/**
 * E-mail through the site's SMTP server (nodemailer). A 5xx refusal of the recipient or the
 * message is permanent (RFC 5321 §4.2.1); a connection failure, a timeout or a 4xx is retried.
 */
export class SmtpChannel implements DeliveryChannel<'email'> {
  private transporter: Transporter | null = null;

  constructor(
    private readonly smtp: SmtpConfig,
    private readonly timeoutMs: number,
  ) {}

  private transport(): Transporter {
    if (!this.transporter) {
      this.transporter = nodemailer.createTransport({
        host: this.smtp.host,
        port: this.smtp.port,
        secure: this.smtp.secure,
        auth: this.smtp.user !== null ? { user: this.smtp.user, pass: this.smtp.password ?? '' } : undefined,
        connectionTimeout: this.timeoutMs,
        greetingTimeout: this.timeoutMs,
        socketTimeout: this.timeoutMs,
      });
    }
    return this.transporter;
  }

  async send(
    message: Parameters<DeliveryChannel<'email'>['send']>[0],
    idempotencyKey: string,
  ): Promise<void> {
    try {
      await this.transport().sendMail({
        from: this.smtp.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
        // The same Message-ID on every retry lets a mail system drop a repeat (RFC 5322 §3.6.4).
        messageId: `<${idempotencyKey}@${messageIdDomain(this.smtp.from)}>`,
      });
    } catch (err) {
      const failure = (err ?? {}) as SmtpFailure;
      const refused =
        typeof failure.responseCode === 'number' &&
        failure.responseCode >= 500 &&
        (failure.code === 'EENVELOPE' || failure.code === 'EMESSAGE');
      throw new DeliveryError(`SMTP: ${failure.message ?? String(err)}`, refused);
    }
  }

  close(): void {
    this.transporter?.close();
    this.transporter = null;
  }
}

function messageIdDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)/.exec(from);
  return match?.[1] ?? 'fridge-monitor.invalid';
}
