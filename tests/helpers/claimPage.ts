/** The claim link in a notice's text. */
export function claimLinkIn(text: string): string {
  const match = /https?:\/\/\S+\/claim\/[A-Za-z0-9._-]+/.exec(text);
  if (!match) throw new Error(`no claim link in:\n${text}`);
  return match[0];
}

/** The claim form of a claim page (its one button, in any language), as a browser would submit it. */
export function claimFormIn(html: string, pageUrl: string): { url: string; body: string } {
  const match =
    /<form method="post" action="([^"]+)"><input type="hidden" name="action" value="claim">\s*<button type="submit"[^>]*>[^<]+<\/button><\/form>/.exec(
      html,
    );
  if (!match?.[1]) throw new Error(`no claim button in:\n${html}`);
  return { url: new URL(match[1].replace(/&amp;/g, '&'), pageUrl).toString(), body: 'action=claim' };
}

/** Submits an HTML form of a claim page (application/x-www-form-urlencoded), as a browser does. */
export function submitForm(url: string, body: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}
