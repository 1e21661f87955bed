import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Clock } from '../../server/clock';
import type { Config } from '../../server/config';
import type { FeatureFactory } from '../../server/featureModule';
import {
  createNotificationsFeature,
  type NotificationService,
  notificationServiceOf,
} from '../../server/features/notifications';
import { createRestockModule, type RestockFeature } from '../../server/features/restock';
import { eventually, startTestSystem, type TestSystem } from './testSystem';

/**
 * A clock the test moves by hand: timers and rules see exactly the time the test says. It starts
 * at an instant the test chooses, never at the wall clock's: quiet hours and active hours must not
 * depend on when the suite runs.
 */
export class TestClock implements Clock {
  constructor(public ms: number) {}
  nowMs = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  messageId: string;
  headers: Record<string, string>;
  /** The text/plain part, decoded. */
  text: string;
  raw: string;
}

/** Undoes quoted-printable (RFC 2045 §6.7): soft line breaks and =XX bytes. */
function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function splitHeaders(part: string): { headers: Record<string, string>; body: string } {
  const match = /\r?\n\r?\n/.exec(part);
  const head = match ? part.slice(0, match.index) : part;
  const body = match ? part.slice(match.index + match[0].length) : '';
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeBody(headers: Record<string, string>, body: string): string {
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

/** Just enough MIME to read what nodemailer sends: the text/plain part of a multipart/alternative. */
export function parseMail(raw: string): Omit<ReceivedMail, 'from' | 'to'> {
  const { headers, body } = splitHeaders(raw);
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  let text = decodeBody(headers, body);
  if (boundary) {
    const parts = body.split(`--${boundary}`).map(splitHeaders);
    const plain = parts.find((p) => (p.headers['content-type'] ?? '').startsWith('text/plain'));
    if (plain) text = decodeBody(plain.headers, plain.body.replace(/\r?\n$/, ''));
  }
  return {
    subject: headers.subject ?? '',
    messageId: headers['message-id'] ?? '',
    headers,
    text: text.replace(/\r\n/g, '\n'),
    raw,
  };
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

export interface WebhookCall {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A real HTTP server standing in for Slack, Discord, Matrix or any JSON hook. */
export class WebhookReceiver {
  readonly calls: WebhookCall[] = [];
  /** Statuses to answer with, in order; afterwards 200. */
  readonly script: number[] = [];
  private server: http.Server | null = null;
  port = 0;

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = this.script.shift() ?? 200;
        this.calls.push({
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          status,
        });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'nope');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}

export interface RestockSystem extends TestSystem {
  clock: TestClock;
  restock: RestockFeature;
  notifications: NotificationService;
}

/**
 * The real system with the notification and restock modules, on a clock the test moves.
 * With `autoDeliver: false` nothing leaves the outbox until the test calls `runDue()`.
 */
export async function startRestockSystem(
  dataDir: string,
  overrides: Partial<Config>,
  options: { clock: TestClock; autoDeliver?: boolean; before?: FeatureFactory[] },
): Promise<RestockSystem> {
  const clock = options.clock;
  const held: { restock?: RestockFeature; notifications?: NotificationService } = {};
  const features: FeatureFactory[] = [
    // e.g. the stock estimator, whose door sessions fulfil requests
    ...(options.before ?? []),
    (context) => {
      held.notifications = notificationServiceOf(context);
      return createNotificationsFeature({ autoDeliver: options.autoDeliver ?? true })(context);
    },
    (context) => {
      const module = createRestockModule(context);
      held.restock = module.feature;
      return module;
    },
  ];
  // The tests' webhook receivers listen on 127.0.0.1, which a real site refuses by default.
  const system = await startTestSystem(
    dataDir,
    { timeZone: 'UTC', allowPrivateWebhooks: true, ...overrides },
    { clock, features },
  );
  const { restock, notifications } = held;
  if (!restock || !notifications) throw new Error('the restock modules did not start');
  return Object.assign(system, { clock, restock, notifications });
}

/** The claim link in a notice's text. */
export function claimLinkIn(text: string): string {
  const match = /https?:\/\/\S+\/claim\/[A-Za-z0-9._-]+/.exec(text);
  if (!match) throw new Error(`no claim link in:\n${text}`);
  return match[0];
}

/** The "I'll restock it" form of a claim page, as a browser would submit it. */
export function claimFormIn(html: string, pageUrl: string): { url: string; body: string } {
  const match =
    /<form method="post" action="([^"]+)"><input type="hidden" name="action" value="claim">\s*<button type="submit"[^>]*>I'll restock it<\/button><\/form>/.exec(
      html,
    );
  if (!match?.[1]) throw new Error(`no claim button in:\n${html}`);
  return { url: new URL(match[1].replace(/&amp;/g, '&'), pageUrl).toString(), body: 'action=claim' };
}

/** Submits an HTML form of a claim page (application/x-www-form-urlencoded), as a browser does. */
export function submitForm(url: string, body: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}
