/**
 * A follower's language (issue 11): the dashboard sends the page's language with the follow
 * request, and the follower's e-mails and pages use it. Earlier followers asked in English.
 */
export const followerLanguageSchema = `
  ALTER TABLE fridge_followers ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
`;
