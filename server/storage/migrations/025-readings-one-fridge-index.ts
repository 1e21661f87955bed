/**
 * One index keyed by fridge and time for every reading, instead of two for each weight reading
 * (issue 12). A weight reading was entered in `readings_by_fridge_time` (fridge, time) and in
 * migration 017's covering `readings_weight_by_fridge_time` (fridge, time, shelf, value) where
 * kind is weight: two leaf pages per reading, each a 4 KB frame of the write-ahead log at commit,
 * since each fridge's entries sit on pages of their own. A commit of 15 weight readings for 15
 * fridges wrote 38 frames with both and 21–23 with one (docs/benchmarks.md §1, fifth round).
 *
 * The one index keeps (fridge, time, id) as its prefix, so every query that ranged over the old
 * one still does, in the same order (retention's slices and deletes, the oldest reading, a
 * fridge's raw readings by time then arrival), and adds kind, shelf and value, so the history's
 * weight series still reads the index alone: it now steps
 * over the fridge's other kinds in the range (about 13 % slower on the history bench's mix of three
 * weights, one temperature and one door a minute). Temperature and door keep their partial
 * indexes: their queries read columns this one does not hold. IF [NOT] EXISTS: re-runnable.
 * On a site with months of readings the index is built once, at the upgrade's first start.
 */
export const readingsOneFridgeIndexSchema = `
  DROP INDEX IF EXISTS readings_weight_by_fridge_time;
  DROP INDEX IF EXISTS readings_by_fridge_time;
  CREATE INDEX IF NOT EXISTS readings_by_fridge_time_kind
    ON readings(fridge_id, measured_at, id, kind, shelf_id, value);
`;
