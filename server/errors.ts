import { ERROR_CATALOGUE, type ErrorArgs, type ErrorCode, errorMessage } from '../contract/errors';

export { ERROR_CATALOGUE, type ErrorCode } from '../contract/errors';

/**
 * A named API error from the catalogue in contract/errors.ts: its status and message come from the
 * code, so `new AppError('FRIDGE_NOT_FOUND', id)` answers 404 `no fridge with id "…"`.
 */
export class AppError extends Error {
  readonly statusCode: number;
  readonly code: ErrorCode;
  constructor(...[code, ...args]: { [C in ErrorCode]: [code: C, ...args: ErrorArgs<C>] }[ErrorCode]) {
    super(errorMessage(code, ...(args as ErrorArgs<typeof code>)));
    this.name = 'AppError';
    this.code = code;
    this.statusCode = ERROR_CATALOGUE[code].status;
  }
}

/** The one JSON error shape of the API. */
export const errorBody = (error: AppError) => ({ error: { code: error.code, message: error.message } });

export const fridgeNotFound = (id: string) => new AppError('FRIDGE_NOT_FOUND', id);
export const deviceNotFound = (id: string) => new AppError('DEVICE_NOT_FOUND', id);
