import { describe, expect, it, vi } from 'vitest';
import { IndexUnavailableError } from '../../../lib/errors';
import { qdrantCall } from '../../../lib/vector-index/qdrant-call';

/** An error shaped like @qdrant/js-client-rest's ApiError. */
function apiError(status: number, error: string): Error {
  return Object.assign(new Error(error), { status, data: { status: { error } } });
}

describe('qdrantCall', () => {
  it('retries a cluster replica failure (a restarting peer without its shard yet) and returns the answer', async () => {
    let attempts = 0;
    const result = await qdrantCall('http://q', 'search', async () => {
      attempts += 1;
      if (attempts < 3) throw apiError(500, 'Service internal error: 1 of 1 read operations failed: Local shard 4 not found');
      return 'points';
    });
    expect(result).toBe('points');
    expect(attempts).toBe(3);
  });

  it('reports other server errors at once as index_unavailable, without retrying', async () => {
    let attempts = 0;
    const call = qdrantCall('http://q', 'search', async () => {
      attempts += 1;
      throw apiError(500, 'Service internal error: disk is full');
    });
    await expect(call).rejects.toBeInstanceOf(IndexUnavailableError);
    expect(attempts).toBe(1);
  });

  it('gives up on a replica failure that lasts, with a typed error', async () => {
    // The waits between attempts add up to about 6 s: fake timers run them at once.
    vi.useFakeTimers();
    try {
      let attempts = 0;
      const call = qdrantCall('http://q', 'search', async () => {
        attempts += 1;
        throw apiError(500, 'Local shard 1 not found');
      });
      const settled = expect(call).rejects.toBeInstanceOf(IndexUnavailableError);
      await vi.runAllTimersAsync();
      await settled;
      expect(attempts).toBe(7);
    } finally {
      vi.useRealTimers();
    }
  });

  it('tries once more when the server closed the socket under the request (a kept-alive one), and reports a lasting failure as unreachable', async () => {
    let attempts = 0;
    const closed = () => Object.assign(new TypeError('fetch failed'), { cause: new Error('other side closed') });
    const recovered = await qdrantCall('http://q', 'search', async () => {
      attempts += 1;
      if (attempts === 1) throw closed();
      return 'points';
    });
    expect([recovered, attempts]).toEqual(['points', 2]);

    attempts = 0;
    let unreachable = 0;
    const down = qdrantCall(
      'http://q',
      'search',
      async () => {
        attempts += 1;
        throw closed();
      },
      () => (unreachable += 1),
    );
    await expect(down).rejects.toBeInstanceOf(IndexUnavailableError);
    expect([attempts, unreachable]).toEqual([2, 1]);
  });

  it('reports a refused connection at once, without retrying', async () => {
    let attempts = 0;
    const refused = qdrantCall('http://q', 'search', async () => {
      attempts += 1;
      throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    });
    await expect(refused).rejects.toBeInstanceOf(IndexUnavailableError);
    expect(attempts).toBe(1);
  });
});
