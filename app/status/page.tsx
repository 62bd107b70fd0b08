import type { Metadata } from 'next';
import { requirePageUser } from '@/app/_server/page-user';
import { StatusDashboard } from './status-dashboard';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Status · Docent' };

export default async function StatusPage() {
  const user = await requirePageUser('reviewer', '/status');
  return <StatusDashboard isAdmin={user.role === 'admin'} />;
}
