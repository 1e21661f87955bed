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
    /**
     * The page's language (a BCP 47 primary tag): the follower's e-mails and pages use it. A code
     * the server has no words for gets English; absent means English.
     */
    language: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}$' })),
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
