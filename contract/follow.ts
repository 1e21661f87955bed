import Type, { type Static } from 'typebox';
import { VOLUNTEER_LIMITS, VOLUNTEER_PATTERNS } from './restock';

const strict = { additionalProperties: false } as const;

/**
 * Following a fridge by e-mail, no account (issue 11): double opt-in, then "restocked" and
 * "safe again" notices, one-click unsubscribe. Addresses are never shown in any answer.
 */
/** `POST /api/fridges/{id}/follow`, no token: starts the double opt-in. */
export const FollowBodySchema = Type.Object(
  {
    email: Type.String({
      minLength: 3,
      maxLength: VOLUNTEER_LIMITS.emailLength,
      pattern: VOLUNTEER_PATTERNS.email,
    }),
  },
  strict,
);
export type FollowBody = Static<typeof FollowBodySchema>;

/** Always the same answer, so it never tells whether an address already follows. */
export const FollowReceiptSchema = Type.Object({
  status: Type.Literal('confirmation-sent'),
  message: Type.String(),
});
export type FollowReceipt = Static<typeof FollowReceiptSchema>;
