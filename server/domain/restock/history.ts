import { roundTo } from '../stock';
import type { RestockRequest } from './types';

/** The figures an organiser reports for a fridge: how fast requests were claimed and fulfilled. */
export interface RestockSummary {
  requests: number;
  open: number;
  fulfilled: number;
  cancelled: number;
  expired: number;
  /** Median minutes from opening to the first claim, over requests that were claimed. */
  medianMinutesToClaim: number | null;
  /** Median minutes from opening to fulfilment, over fulfilled requests. */
  medianMinutesToFulfil: number | null;
  /** Food added by fulfilled requests whose amount is known. */
  kgAdded: number;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

const minutes = (ms: number) => ms / 60_000;

export const minutesToClaim = (r: RestockRequest): number | null =>
  r.firstClaimedAtMs === null ? null : roundTo(minutes(r.firstClaimedAtMs - r.openedAtMs), 1);

export const minutesToFulfil = (r: RestockRequest): number | null =>
  r.status === 'fulfilled' && r.closedAtMs !== null ? roundTo(minutes(r.closedAtMs - r.openedAtMs), 1) : null;

export function summarizeRequests(requests: readonly RestockRequest[]): RestockSummary {
  const count = (status: RestockRequest['status']) => requests.filter((r) => r.status === status).length;
  const toClaim = requests.flatMap((r) => {
    const m = minutesToClaim(r);
    return m === null ? [] : [m];
  });
  const toFulfil = requests.flatMap((r) => {
    const m = minutesToFulfil(r);
    return m === null ? [] : [m];
  });
  const kgAdded = requests.reduce((sum, r) => sum + (r.fulfilment?.kgAdded ?? 0), 0);
  const medianClaim = median(toClaim);
  const medianFulfil = median(toFulfil);
  return {
    requests: requests.length,
    open: count('open') + count('claimed'),
    fulfilled: count('fulfilled'),
    cancelled: count('cancelled'),
    expired: count('expired'),
    medianMinutesToClaim: medianClaim === null ? null : roundTo(medianClaim, 1),
    medianMinutesToFulfil: medianFulfil === null ? null : roundTo(medianFulfil, 1),
    kgAdded: roundTo(kgAdded, 2),
  };
}
