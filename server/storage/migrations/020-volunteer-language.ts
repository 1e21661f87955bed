/**
 * A volunteer's language (issue 11): their notices and the pages behind their links use it. An
 * organiser sets it when adding or editing them, and they can change it on their preferences page.
 * Volunteers from before it were written to in English.
 */
export const volunteerLanguageSchema = `
  ALTER TABLE volunteers ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
`;
