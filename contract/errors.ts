import { SERVER_CLIENT_ID } from './ids';

/**
 * The catalogue of named errors the API answers with: each code's HTTP status and the message it
 * sends, built from the error's arguments (fastify keeps its own this way, in `lib/errors.js`).
 * Every error body has one shape: `{ "error": { "code", "message" } }` (`ApiErrorSchema`).
 * The server raises them; the dashboard reads the codes.
 */

/** A message passed through whole: checks whose wording varies with the input (`path: what is wrong`). */
const detail = (message: string) => message;

export const ERROR_CATALOGUE = {
  BAD_REQUEST: { status: 400, message: detail },
  UNAUTHORIZED: {
    status: 401,
    message: () => 'this needs the organiser token: Authorization: Bearer <ADMIN_TOKEN>',
  },
  FORBIDDEN: { status: 403, message: detail },
  FRIDGE_NOT_FOUND: { status: 404, message: (id: string) => `no fridge with id "${id}"` },
  DEVICE_NOT_FOUND: { status: 404, message: (id: string) => `no device with id "${id}"` },
  SHELF_NOT_FOUND: {
    status: 404,
    message: (fridgeId: string, shelfId: string) => `fridge "${fridgeId}" has no shelf "${shelfId}"`,
  },
  /** "Mark full" takes the shelf's reading as its capacity: `why` says why there is none to take. */
  SHELF_NOT_MARKABLE_FULL: {
    status: 409,
    message: (shelfId: string, why: string) => `shelf "${shelfId}" cannot be marked full: ${why}`,
  },
  ROUTE_NOT_FOUND: { status: 404, message: (method: string, path: string) => `no route ${method} ${path}` },
  VOLUNTEER_NOT_FOUND: { status: 404, message: (id: string) => `no volunteer with id "${id}"` },
  RESTOCK_REQUEST_NOT_FOUND: { status: 404, message: (id: string) => `no restock request with id "${id}"` },
  NOTICE_NOT_FOUND: { status: 404, message: (id: string) => `no notice with id "${id}"` },
  ALERT_NOT_FOUND: { status: 404, message: (id: string) => `no alert with id "${id}"` },
  REPORT_NOT_FOUND: { status: 404, message: (id: string) => `no problem report with id "${id}"` },
  ALERT_RESOLVED: { status: 409, message: () => 'this alert has already resolved by itself' },
  TOKEN_INVALID: {
    status: 403,
    message: () => 'this link is not valid: it may have been cut short when copied',
  },
  NOT_CLAIMER: { status: 403, message: () => 'only the volunteer holding the claim can release it' },
  IMPORT_INVALID: {
    status: 400,
    message: (problems: readonly string[]) =>
      `nothing was imported: ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.join('; ')}`,
  },
  FRIDGE_EXISTS: { status: 409, message: (id: string) => `a fridge with id "${id}" exists` },
  DEVICE_EXISTS: {
    status: 409,
    // The server's own client id is taken from the start (contract/ids.ts says why).
    message: (id: string) =>
      id === SERVER_CLIENT_ID
        ? `"${id}" is the server's own MQTT client id`
        : `a device with id "${id}" exists`,
  },
  /** Another device publishes under (or above) this topic root: one could speak as the other. */
  DEVICE_TOPIC_TAKEN: {
    status: 409,
    message: (topic: string, deviceId: string) =>
      `the topic "${topic}" overlaps device "${deviceId}"'s topics`,
  },
  VOLUNTEER_EXISTS: { status: 409, message: (id: string) => `a volunteer with id "${id}" exists` },
  ALREADY_CLAIMED: {
    status: 409,
    message: (claimer: string, eta: string) => `already claimed by ${claimer}, ETA ${eta}`,
  },
  /** `state`: the request's status, or "no longer open". */
  REQUEST_CLOSED: { status: 409, message: (state: string) => `this request is ${state}` },
  REQUEST_ALREADY_OPEN: {
    status: 409,
    message: (requestId: string) => `request ${requestId} is already open for this fridge`,
  },
  TOKEN_EXPIRED: { status: 410, message: () => 'this link has expired; the next notice brings a fresh one' },
  /** Fastify's own message, which names the limit. */
  PAYLOAD_TOO_LARGE: { status: 413, message: detail },
  URI_TOO_LONG: {
    status: 414,
    message: (maxLength: number) => `a part of the address is longer than ${maxLength} characters`,
  },
  RATE_LIMITED: { status: 429, message: (after: string) => `too many requests; try again in ${after}` },
  INTERNAL: { status: 500, message: () => 'something went wrong on the server' },
  UNAVAILABLE: { status: 503, message: detail },
  STREAM_LIMIT: { status: 503, message: (reason: string) => `${reason}; try again later` },
} as const satisfies Record<string, { status: number; message: (...args: never[]) => string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** What a code's message is built from: `FRIDGE_NOT_FOUND` takes the fridge id, `INTERNAL` nothing. */
export type ErrorArgs<C extends ErrorCode> = Parameters<(typeof ERROR_CATALOGUE)[C]['message']>;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** The message of `code` with its arguments. */
export function errorMessage<C extends ErrorCode>(code: C, ...args: ErrorArgs<C>): string {
  const message = ERROR_CATALOGUE[code].message as (...parts: ErrorArgs<C>) => string;
  return message(...args);
}

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.hasOwn(ERROR_CATALOGUE, value);
