import type { Role } from '@/lib/auth/users';

/** An account as GET /api/users lists it. */
export interface Account {
  email: string;
  role: Role;
  groups: string[];
  created_at: string;
}
