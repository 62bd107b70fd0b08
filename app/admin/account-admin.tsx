'use client';

import Link from 'next/link';
import { SignOut } from '../_client/sign-out';
import { useAnnouncement } from '../_client/use-announcement';
import { SpacesPanel } from './spaces-panel';
import { UsersPanel } from './users-panel';

// Administration (admins only): who can review and who can administer, and which folders each
// person may read and answer for (spaces). Emails and names are rendered as React text.

// Side by side when both fit, the accounts wider: at half the page their table would scroll its
// remove buttons out of sight. Flex wrapping stacks them on narrow screens without a media query.
const PANELS = { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start' } as const;

export function AccountAdmin({ email }: { email: string }) {
  const { announcement, announce } = useAnnouncement();
  return (
    <div className="admin-page">
      <div className="page-head">
        <h1>Administration</h1>
        <div className="row small">
          <span className="muted">Signed in as {email} (admin)</span>
          <Link href="/status" className="button">
            Status
          </Link>
          <SignOut />
        </div>
      </div>
      <p className="announcement" role="status" aria-live="polite" data-testid="admin-announcement">
        {announcement}
      </p>
      <div className="admin" style={PANELS}>
        <div style={{ flex: '3 1 560px', minWidth: 0 }}>
          <UsersPanel email={email} announce={announce} />
        </div>
        <div style={{ flex: '2 1 360px', minWidth: 0 }}>
          <SpacesPanel announce={announce} />
        </div>
      </div>
    </div>
  );
}
