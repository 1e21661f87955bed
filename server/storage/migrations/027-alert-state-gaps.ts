/**
 * The alert rules' gap logs as bytes beside the rest of their memory (`domain/alerts/savedMemory.ts`):
 * the JSON numbers cost 6 kB a fridge and 30 kB of garbage per save at 10,000 fridges (issue 12,
 * docs/scaling.md "Ninth round"). Rows saved before keep their logs in `state` and no bytes here;
 * they read as they are and take the new form at their next save, so no row is rewritten now.
 */
export const alertStateGapsSchema = `
  ALTER TABLE alert_state ADD COLUMN gaps BLOB;
`;
