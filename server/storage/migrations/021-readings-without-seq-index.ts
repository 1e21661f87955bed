/**
 * Ingest writes fewer pages per reading (issue 12). Each committed reading dirties about four
 * B-tree pages (the row and one leaf per index keyed by fridge or device, each on a page of its
 * own), and every dirty page is a 4 KB frame in the write-ahead log: 193 frames per commit of 50
 * readings, for 50 fridges. `readings_by_source_seq` served no query (duplicate detection is
 * rebuilt at start from `readings_by_received`; EXPLAIN QUERY PLAN in
 * tests/server/storage/ingestIndexes.test.ts); without it a commit of 50 writes 135 frames and
 * takes 15–25 % less CPU (docs/benchmarks.md §1, third round). IF EXISTS: any position in the list.
 */
export const readingsWithoutSeqIndexSchema = `
  DROP INDEX IF EXISTS readings_by_source_seq;
`;
