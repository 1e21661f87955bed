import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, errorMessage, isErrorCode } from '../../contract/errors';

describe('the error catalogue', () => {
  it('words each refusal as the API has always sent it', () => {
    expect(errorMessage('FRIDGE_NOT_FOUND', 'elm-st')).toBe('no fridge with id "elm-st"');
    expect(errorMessage('SHELF_NOT_FOUND', 'elm-st', 'top')).toBe('fridge "elm-st" has no shelf "top"');
    expect(errorMessage('ROUTE_NOT_FOUND', 'GET', '/api/nope')).toBe('no route GET /api/nope');
    expect(errorMessage('DEVICE_EXISTS', 'elm-st-1')).toBe('a device with id "elm-st-1" exists');
    expect(errorMessage('DEVICE_EXISTS', 'fridge-server')).toBe(
      `"fridge-server" is the server's own MQTT client id`,
    );
    expect(errorMessage('REQUEST_CLOSED', 'no longer open')).toBe('this request is no longer open');
    expect(errorMessage('REQUEST_ALREADY_OPEN', 'r1')).toBe('request r1 is already open for this fridge');
    expect(errorMessage('ALREADY_CLAIMED', 'Ana', '18:30')).toBe('already claimed by Ana, ETA 18:30');
    expect(errorMessage('URI_TOO_LONG', 100)).toBe('a part of the address is longer than 100 characters');
    expect(errorMessage('STREAM_LIMIT', 'too many live streams')).toBe(
      'too many live streams; try again later',
    );
    expect(errorMessage('TOKEN_EXPIRED')).toBe('this link has expired; the next notice brings a fresh one');
    expect(errorMessage('BAD_REQUEST', 'levels: thresholds must rise')).toBe('levels: thresholds must rise');
  });

  it('gives every code an HTTP error status', () => {
    for (const { status } of Object.values(ERROR_CATALOGUE)) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });

  it('knows its own codes and nothing else', () => {
    expect(isErrorCode('FRIDGE_NOT_FOUND')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(404)).toBe(false);
  });
});
