import type { RestockRequestView } from '../../../contract/restock';
import { isoTime } from '../../clock';
import { minutesToClaim, minutesToFulfil } from '../../domain/restock/history';
import { CIRCLES, type RestockRequest } from '../../domain/restock/types';

export interface ViewNames {
  fridgeName: (fridgeId: string) => string | null;
  /** Null for the public: volunteers' names are shown only to organisers and the claimer. */
  volunteerName: ((volunteerId: string) => string | null) | null;
}

const iso = (ms: number) => isoTime(ms) ?? '';

/** A request as the API, the MQTT topic and the dashboard show it. */
export function requestView(request: RestockRequest, names: ViewNames): RestockRequestView {
  const named = (id: string | null) =>
    id === null || names.volunteerName === null
      ? { volunteerId: null, name: null }
      : { volunteerId: id, name: names.volunteerName(id) };
  const claim = request.status === 'claimed' ? request.claim : null;
  return {
    id: request.id,
    fridgeId: request.fridgeId,
    fridgeName: names.fridgeName(request.fridgeId),
    status: request.status,
    reason: request.reason,
    openedAt: iso(request.openedAtMs),
    levelAtOpen: request.levelAtOpen,
    kgAtOpen: request.kgAtOpen,
    circle: CIRCLES[request.circle],
    nextNoticeAt: isoTime(request.nextNoticeAtMs),
    expiresAt: iso(request.expiresAtMs),
    claim: claim
      ? {
          ...named(claim.volunteerId),
          claimedAt: iso(claim.claimedAtMs),
          eta: iso(claim.etaMs),
          reminded: claim.remindedAtMs !== null,
          reopensAt: isoTime(claim.reopenAtMs),
        }
      : null,
    firstClaimedAt: isoTime(request.firstClaimedAtMs),
    closedAt: isoTime(request.closedAtMs),
    fulfilment: request.fulfilment
      ? {
          kgAdded: request.fulfilment.kgAdded,
          via: request.fulfilment.via,
          ...named(request.fulfilment.volunteerId),
        }
      : null,
    minutesToClaim: minutesToClaim(request),
    minutesToFulfil: minutesToFulfil(request),
  };
}
