import type { FollowBody } from '../../contract/follow';
import type { ReportBody } from '../../contract/publicSite';

/**
 * The two things a neighbour sends without an account: a problem report and a follow request.
 * Resolves when the server accepted it; rejects with the server's own message otherwise.
 */
async function post(path: string, body: object): Promise<void> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.ok) return;
  const answer: unknown = await response.json().catch(() => null);
  const message =
    typeof answer === 'object' &&
    answer !== null &&
    typeof (answer as { message?: unknown }).message === 'string'
      ? (answer as { message: string }).message
      : `HTTP ${response.status}`;
  throw new Error(message);
}

export const sendReport = (fridgeId: string, body: ReportBody): Promise<void> =>
  post(`/api/fridges/${encodeURIComponent(fridgeId)}/reports`, body);

export const sendFollow = (fridgeId: string, body: FollowBody): Promise<void> =>
  post(`/api/fridges/${encodeURIComponent(fridgeId)}/follow`, body);
