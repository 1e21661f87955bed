import { describe, expect, it } from 'vitest';
import {
  openApiSecurityOf,
  type RouteAccess,
  rateLimitGroupOf,
  tokenCheckOf,
} from '../../../server/api/routeAccess';

const read = { isWrite: false, isClaimLink: false };
const write = { isWrite: true, isClaimLink: false };
const claimLink = { isWrite: false, isClaimLink: true };

describe('route access rules', () => {
  it('counts every request that tries the organiser token against the organiser limit', () => {
    expect(rateLimitGroupOf('organiser', read, false)).toBe('organiser');
    expect(rateLimitGroupOf('organiser', write, true)).toBe('organiser');
    expect(rateLimitGroupOf('optionalOrganiser', read, true)).toBe('organiser');
    // Without a token it is just the public, whose reads are free.
    expect(rateLimitGroupOf('optionalOrganiser', read, false)).toBeNull();
  });

  it('counts public writes and claim links, of any method, against the public-write limit', () => {
    for (const access of ['public', 'signedLink'] as RouteAccess[]) {
      expect(rateLimitGroupOf(access, write, false)).toBe('publicWrite');
      expect(rateLimitGroupOf(access, claimLink, false)).toBe('publicWrite');
      expect(rateLimitGroupOf(access, read, true)).toBeNull();
    }
  });

  it('requires the token only on organiser routes, and inspects it where it is optional', () => {
    expect(tokenCheckOf('organiser', false)).toBe('require');
    expect(tokenCheckOf('optionalOrganiser', true)).toBe('inspect');
    expect(tokenCheckOf('optionalOrganiser', false)).toBe('none');
    expect(tokenCheckOf('public', true)).toBe('none');
    expect(tokenCheckOf('signedLink', true)).toBe('none');
  });

  it('documents in OpenAPI exactly what it enforces', () => {
    expect(openApiSecurityOf('organiser')).toEqual([{ bearer: [] }]);
    expect(openApiSecurityOf('optionalOrganiser')).toEqual([{}, { bearer: [] }]);
    expect(openApiSecurityOf('public')).toBeUndefined();
    expect(openApiSecurityOf('signedLink')).toBeUndefined();
  });
});
