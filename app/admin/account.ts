/** An account as GET /api/users lists it. */
export interface Account {
  email: string;
  role: 'reviewer' | 'admin';
  created_at: string;
}
