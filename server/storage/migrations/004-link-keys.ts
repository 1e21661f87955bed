/**
 * Each volunteer's link key, which signs their claim and preferences links. Every existing
 * volunteer gets a fresh one: links sent before this step stop working (they carried only ids,
 * so a re-created volunteer with the same id could use them).
 */
export const linkKeysSchema = `
  ALTER TABLE volunteers ADD COLUMN link_key TEXT NOT NULL DEFAULT '';
  UPDATE volunteers SET link_key = lower(hex(randomblob(16)));
`;
