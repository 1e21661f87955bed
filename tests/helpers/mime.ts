/** What a mail says, as parsed from its raw text. */
export interface ParsedMail {
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

/**
 * Undoes RFC 2047 encoded-words in a header (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`), as nodemailer
 * writes a subject with non-ASCII letters; whitespace between two encoded-words is dropped (§6.2).
 */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
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
export function parseMail(raw: string): ParsedMail {
  const { headers, body } = splitHeaders(raw);
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  let text = decodeBody(headers, body);
  if (boundary) {
    const parts = body.split(`--${boundary}`).map(splitHeaders);
    const plain = parts.find((p) => (p.headers['content-type'] ?? '').startsWith('text/plain'));
    if (plain) text = decodeBody(plain.headers, plain.body.replace(/\r?\n$/, ''));
  }
  return {
    subject: decodeEncodedWords(headers.subject ?? ''),
    messageId: headers['message-id'] ?? '',
    headers,
    text: text.replace(/\r\n/g, '\n'),
    raw,
  };
}
