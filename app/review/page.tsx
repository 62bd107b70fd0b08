import type { Metadata } from 'next';
import { requirePageUser } from '@/app/_server/page-user';
import { ReviewQueue } from './review-queue';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Review · Docent' };

export default async function ReviewPage() {
  const user = await requirePageUser('reviewer', '/review');
  return <ReviewQueue email={user.email} role={user.role} />;
}
