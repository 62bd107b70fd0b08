import { RequestError, request } from '../_client/api';

/**
 * POSTs a reviewer's decision on an item of the queue. Another reviewer deciding first (409) is no
 * failure: theirs stands and the item is done here too, so this resolves to the server's word on
 * what they did, for the card to pass on; null when this decision was the one recorded.
 */
export async function postDecision(url: string, body: unknown): Promise<string | null> {
  try {
    await request(url, { method: 'POST', body });
    return null;
  } catch (caught) {
    if (caught instanceof RequestError && caught.status === 409) return caught.message;
    throw caught;
  }
}
