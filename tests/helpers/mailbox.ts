import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Config } from '../../server/config';
import { eventually } from './eventually';
import { type ParsedMail, parseMail } from './mime';

/** A mail as the fake server received it: the envelope's sender and recipients, and what it says. */
export interface ReceivedMail extends ParsedMail {
  from: string;
  to: string[];
}

/** A real SMTP server on a free port that keeps every message it accepts. */
export class Mailbox {
  readonly mails: ReceivedMail[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  async start(port = 0): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            ...parseMail(raw),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
  }

  /** Stops listening: the next connection is refused, as when a mail server is down. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.to.includes(address));
  }

  async waitFor(address: string, count = 1, timeoutMs = 5000): Promise<ReceivedMail[]> {
    return eventually(() => {
      const mails = this.to(address);
      if (mails.length < count) throw new Error(`${address} has ${mails.length} of ${count} mails`);
      return mails;
    }, timeoutMs);
  }

  smtpConfig(): NonNullable<Config['smtp']> {
    return {
      host: '127.0.0.1',
      port: this.port,
      secure: false,
      user: null,
      password: null,
      from: 'Elm St fridges <fridges@example.org>',
    };
  }
}

/** The link a notice's text gives after `label: ` ("Acknowledge: https://…"); throws naming the label. */
export function linkAfter(label: string, text: string): string {
  const match = new RegExp(`${label}: (https?://\\S+)`).exec(text);
  if (!match?.[1]) throw new Error(`no "${label}" link in:\n${text}`);
  return match[1];
}
