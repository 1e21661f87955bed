export interface ReadingTimePolicy {
  /** How far ahead of the server's clock a device timestamp may be (clocks differ a little). */
  futureToleranceMs: number;
  /** How old a device timestamp may be: a device resending its offline buffer after an outage. */
  maxAgeMs: number;
}

export interface ResolvedTime {
  measuredAtMs: number;
  /** True when the device sent a timestamp we could not believe, so its clock needs attention. */
  clockSkew: boolean;
}

/**
 * Decides when a reading was measured: the device's own `ts` when it is believable, otherwise the
 * moment the server received it (and the device is flagged for clock skew).
 */
export function resolveMeasuredAt(
  deviceTimeMs: number | undefined,
  receivedAtMs: number,
  policy: ReadingTimePolicy,
): ResolvedTime {
  if (deviceTimeMs === undefined) return { measuredAtMs: receivedAtMs, clockSkew: false };
  const tooNew = deviceTimeMs > receivedAtMs + policy.futureToleranceMs;
  const tooOld = deviceTimeMs < receivedAtMs - policy.maxAgeMs;
  if (tooNew || tooOld) return { measuredAtMs: receivedAtMs, clockSkew: true };
  return { measuredAtMs: deviceTimeMs, clockSkew: false };
}
