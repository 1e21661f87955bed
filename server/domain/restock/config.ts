import Type, { type Static } from 'typebox';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * The timings of restock requests, in one schema the server's config embeds and validates at
 * start-up. Per-fridge choices (which level raises a request, area, active hours) live in
 * `FridgeRestockSettings`, set by organisers.
 */
export const RestockConfigSchema = Type.Object(
  {
    lowForMs: Type.Integer({
      minimum: 0,
      default: 10 * MINUTE_MS,
      description:
        'a fridge must stay at or below its raise level this long before a request opens, so one noisy ' +
        'reading (a hand resting on a shelf) never raises one',
    }),
    escalateAfterMs: Type.Integer({
      minimum: MINUTE_MS,
      default: 30 * MINUTE_MS,
      description: 'an open request nobody claimed for this long is sent to the next circle',
    }),
    remindEveryMs: Type.Integer({
      minimum: MINUTE_MS,
      default: 2 * HOUR_MS,
      description:
        'once every circle has been asked, an unclaimed request is repeated to all of them this often',
    }),
    claimEtaMs: Type.Integer({
      minimum: MINUTE_MS,
      default: 2 * HOUR_MS,
      description: 'the ETA of a claim that names none',
    }),
    claimGraceMs: Type.Integer({
      minimum: 0,
      default: 30 * MINUTE_MS,
      description: 'after the ETA passes the claimer is reminded; this long later the request reopens',
    }),
    fulfilMinKg: Type.Number({
      exclusiveMinimum: 0,
      default: 2,
      description:
        'a door session adding this much fulfils a request; so does the level climbing back above the ' +
        'raise level with at least this much more food than its lowest point (no fulfilment on noise)',
    }),
    forecastWithinMs: Type.Integer({
      minimum: 0,
      default: 3 * HOUR_MS,
      description: 'a forecast of empty within this long opens a request during the fridge active hours',
    }),
    expireAfterMs: Type.Integer({
      minimum: HOUR_MS,
      default: 24 * HOUR_MS,
      description: 'a request still unclaimed this long after it opened expires',
    }),
    pauseAfterCancelMs: Type.Integer({
      minimum: 0,
      default: 6 * HOUR_MS,
      description: 'after an organiser cancels a request, low stock opens no new one for this long',
    }),
    claimLinkTtlMs: Type.Integer({
      minimum: MINUTE_MS,
      default: 36 * HOUR_MS,
      description: 'how long a claim link in a notice stays valid',
    }),
  },
  { additionalProperties: false, default: {} },
);
export type RestockConfig = Static<typeof RestockConfigSchema>;

export const DEFAULT_RESTOCK_CONFIG: RestockConfig = Object.freeze({
  lowForMs: 10 * MINUTE_MS,
  escalateAfterMs: 30 * MINUTE_MS,
  remindEveryMs: 2 * HOUR_MS,
  claimEtaMs: 2 * HOUR_MS,
  claimGraceMs: 30 * MINUTE_MS,
  fulfilMinKg: 2,
  forecastWithinMs: 3 * HOUR_MS,
  expireAfterMs: 24 * HOUR_MS,
  pauseAfterCancelMs: 6 * HOUR_MS,
  claimLinkTtlMs: 36 * HOUR_MS,
});
