import { describe, expect, it, vi } from 'vitest';
import { ConflictError, DocentError } from '../../lib/errors';
import { toResponse } from '../../lib/web/http';

describe('Docent errors across copies of the errors module', () => {
  it('recognises an error made by another copy of the class (Next.js bundles the runtime apart from each route)', async () => {
    // A second copy of the module, as a separate bundle has it: same brand, another class.
    vi.resetModules();
    const copy = await import('../../lib/errors');
    const error: unknown = new copy.ConflictError('review_conflict', 'This escalation was already answered.');
    expect(error instanceof DocentError).toBe(false);
    expect(DocentError.isInstance(error)).toBe(true);
    const response = toResponse(error, () => undefined);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: { code: 'review_conflict', message: 'This escalation was already answered.' } });
  });

  it('still reports anything else as a 500 without details', async () => {
    expect(DocentError.isInstance(new ConflictError('x', 'y'))).toBe(true);
    expect(DocentError.isInstance(new Error('plain'))).toBe(false);
    expect(DocentError.isInstance({ code: 'forged', status: 404 })).toBe(false);
    const logged: string[] = [];
    const response = toResponse(new Error('secret path /srv/x'), (message) => logged.push(message));
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain('/srv/x');
    expect(logged.join('')).toContain('/srv/x');
  });
});
