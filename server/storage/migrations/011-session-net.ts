/**
 * A session's "taken" and "added" now come from its net change (what left or came into the
 * fridge); the per-shelf moves stay in `shelves`. Sessions stored before this step summed the
 * moves, so a transfer between shelves counted as food taken and added: they are re-read from
 * their moves, with the default `minChangeKg` (50 g) as the smallest net worth counting.
 */
export const sessionNetSchema = `
  UPDATE door_sessions SET
    taken_kg = CASE WHEN net < -0.05 + 1e-9 THEN round(-net, 3) ELSE 0 END,
    added_kg = CASE WHEN net > 0.05 - 1e-9 THEN round(net, 3) ELSE 0 END
  FROM (
    SELECT id AS session_id, COALESCE((SELECT sum(json_extract(value, '$.deltaKg')) FROM json_each(shelves)), 0) AS net
    FROM door_sessions
  ) AS moves
  WHERE door_sessions.id = moves.session_id;
`;
