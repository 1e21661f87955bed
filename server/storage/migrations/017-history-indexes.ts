/**
 * History queries (issue 13) from the index alone. EXPLAIN QUERY PLAN of a 7-day weight query
 * showed `SEARCH readings USING INDEX readings_by_fridge_time` with a table row visited per
 * reading of every kind; a partial covering index on weight rows makes it `USING COVERING INDEX`
 * (the scan itself went from about 14 ms to 2 ms for 30,240 readings; the GROUP BY sort remains).
 * The door index gains the row id after the time, so "in the order they happened, ties by arrival"
 * is the index's own order and the temp B-tree sort of every door reading goes (`USE TEMP B-TREE
 * FOR LAST TERM OF ORDER BY` before). Figures and the insert cost in docs/benchmarks.md.
 */
export const historyIndexesSchema = `
  CREATE INDEX readings_weight_by_fridge_time ON readings(fridge_id, measured_at, shelf_id, value)
    WHERE kind = 'weight';
  DROP INDEX readings_door_by_fridge_time;
  CREATE INDEX readings_door_by_fridge_time ON readings(fridge_id, measured_at, id, value) WHERE kind = 'door';
`;
