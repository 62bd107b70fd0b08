/** An account as GET /api/users lists it. */
export interface Account {
  email: string;
  role: 'asker' | 'reviewer' | 'admin';
  groups: string[];
  created_at: string;
}
