'use client';

import { useState } from 'react';

export function SignOut() {
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    // Signed out or not, the login page is where to go next.
    await fetch('/api/auth/logout', { method: 'POST' }).catch(() => null);
    // A full page load on purpose: nothing of the signed-out user's client state may survive.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign('/login');
  };
  return (
    <button type="button" className="button" onClick={() => void signOut()} disabled={busy} data-testid="sign-out">
      Sign out
    </button>
  );
}
