import type { Person, Viewer } from '../../lib/spaces/principals';

/** A signed-in person as access sees them: an asker unless `role` says otherwise. */
export const person = (email: string, groups: string[] = [], role: Person['role'] = 'asker'): Viewer => ({ kind: 'person', id: email, email, role, groups });
