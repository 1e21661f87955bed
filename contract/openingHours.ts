import Type, { type Static } from 'typebox';
import { HOUR_MINUTE_PATTERN, OPENING_LIMITS } from './openingHoursRules';

/**
 * The wire shape of a fridge's opening hours (a week of ranges in the site's time zone). What the
 * ranges mean, the limits and the pure functions over them live in contract/openingHoursRules.ts,
 * which builds no schema, so the public dashboard can use them without the TypeBox runtime.
 */
export const OpeningRangeSchema = Type.Object(
  {
    from: Type.String({ pattern: HOUR_MINUTE_PATTERN, description: 'HH:MM, site time' }),
    to: Type.String({
      pattern: HOUR_MINUTE_PATTERN,
      description: 'HH:MM or 24:00; before `from` runs past midnight',
    }),
  },
  { additionalProperties: false },
);
export type OpeningRange = Static<typeof OpeningRangeSchema>;
const DayRanges = Type.Array(OpeningRangeSchema, { maxItems: OPENING_LIMITS.rangesPerDay });
export const OpeningHoursSchema = Type.Object(
  {
    mo: Type.Optional(DayRanges),
    tu: Type.Optional(DayRanges),
    we: Type.Optional(DayRanges),
    th: Type.Optional(DayRanges),
    fr: Type.Optional(DayRanges),
    sa: Type.Optional(DayRanges),
    su: Type.Optional(DayRanges),
  },
  {
    additionalProperties: false,
    description: 'weekly ranges in the site time zone; a missing day is closed',
  },
);
export type OpeningHours = Static<typeof OpeningHoursSchema>;
