'use client';

import Link from 'next/link';
import { SignOut } from '../_client/sign-out';
import { useAnnouncement } from '../_client/use-announcement';
import { ApiKeysPanel } from './api-keys-panel';
import { SpacesPanel } from './spaces-panel';
import { UsersPanel } from './users-panel';

// Administration (admins only): who can review and who can administer, and which folders each
// person may read and answer for (spaces), and the API keys of chat and MCP clients. Emails and names are rendered as React text.

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
      <div className="admin-panels">
        <div className="wider">
          <UsersPanel email={email} announce={announce} />
        </div>
        <div>
          <SpacesPanel announce={announce} />
        </div>
        <div className="wider">
          <ApiKeysPanel announce={announce} />
        </div>
      </div>
    </div>
  );
}
