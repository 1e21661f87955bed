/**
 * The catalogue of named errors the API answers with, each with its HTTP status.
 * Every error body has one shape: `{ "error": { "code", "message" } }`.
 */
export const ERROR_CATALOGUE = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  FRIDGE_NOT_FOUND: 404,
  DEVICE_NOT_FOUND: 404,
  SHELF_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  VOLUNTEER_NOT_FOUND: 404,
  RESTOCK_REQUEST_NOT_FOUND: 404,
  NOTICE_NOT_FOUND: 404,
  ALERT_NOT_FOUND: 404,
  TOKEN_INVALID: 403,
  NOT_CLAIMER: 403,
  FRIDGE_EXISTS: 409,
  DEVICE_EXISTS: 409,
  VOLUNTEER_EXISTS: 409,
  ALREADY_CLAIMED: 409,
  REQUEST_CLOSED: 409,
  REQUEST_ALREADY_OPEN: 409,
  ALERT_RESOLVED: 409,
  TOKEN_EXPIRED: 410,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
    this.statusCode = ERROR_CATALOGUE[code];
  }
}

export const fridgeNotFound = (id: string) => new AppError('FRIDGE_NOT_FOUND', `no fridge with id "${id}"`);
export const deviceNotFound = (id: string) => new AppError('DEVICE_NOT_FOUND', `no device with id "${id}"`);
