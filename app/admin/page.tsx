import type { Metadata } from 'next';
import { requirePageUser } from '@/app/_server/page-user';
import { AccountAdmin } from './account-admin';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Administration · Docent' };

export default async function AdminPage() {
  const user = await requirePageUser('admin', '/admin');
  return <AccountAdmin email={user.email} />;
}
