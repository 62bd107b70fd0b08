import { useState } from 'react';
import { request } from '../_client/api';
import { ErrorText } from '../_client/error-text';
import { when } from '../_client/format';
import { AddForm } from './add-form';
import { AdminPanel, useAdminList } from './admin-panel';
import { ConfirmRemove, useRemoval } from './confirm-remove';
import { TextField } from './text-field';

// API keys for the OpenAI-compatible API (/v1) and the MCP server: each answers as its user.

interface ApiKey {
  id: string;
  user: string;
  name: string;
  prefix: string;
  rate_per_minute: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

const iso = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000).toISOString());

function KeyRow({ apiKey, onRevoked }: { apiKey: ApiKey; onRevoked: () => void }) {
  const revocation = useRemoval(`/api/api-keys/${encodeURIComponent(apiKey.id)}`, onRevoked);
  return (
    <tr data-testid="api-key-row" data-id={apiKey.id}>
      <td>
        {apiKey.name} <span className="small muted">{apiKey.prefix}…</span>
      </td>
      <td>{apiKey.user}</td>
      <td>
        {apiKey.revoked_at === null
          ? `used ${apiKey.last_used_at === null ? 'never' : when(iso(apiKey.last_used_at))}`
          : `revoked ${when(iso(apiKey.revoked_at))}`}
      </td>
      <td>
        {apiKey.revoked_at !== null ? null : revocation.confirming ? (
          <ConfirmRemove removal={revocation} labels={{ confirm: 'Yes, revoke', busy: 'Revoking…' }} />
        ) : (
          <button type="button" className="button danger" onClick={revocation.ask} aria-label={`Revoke ${apiKey.name} of ${apiKey.user}`}>
            Revoke
          </button>
        )}
        <ErrorText error={revocation.error} next="/admin" inline />
      </td>
    </tr>
  );
}

/** The keys, and a form to create one, whose key is shown here once. */
export function ApiKeysPanel({ announce }: { announce: (message: string) => void }) {
  const { data, error, changed } = useAdminList<{ keys: ApiKey[] }>('/api/api-keys', announce);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ key: string; user: string } | null>(null);
  const add = async () => {
    const result = await request<{ key: string; user: string }>('/api/api-keys', {
      method: 'POST',
      body: { email: email.trim(), name: name.trim() || undefined },
    });
    setCreated(result);
    changed(`Created an API key for ${result.user}.`);
    setEmail('');
    setName('');
  };
  return (
    <AdminPanel
      name="api-keys"
      title="API keys"
      intro="For chat clients (OpenAI-compatible, /v1) and MCP clients (/api/mcp, npm run mcp). A key answers as its user and reads what they may read."
      error={error}
      columns={['Key', 'User', 'Status']}
      rows={
        data?.keys.map((apiKey) => <KeyRow key={apiKey.id} apiKey={apiKey} onRevoked={() => changed(`Revoked ${apiKey.name} of ${apiKey.user}.`)} />) ?? null
      }
    >
      {created ? (
        <p className="small" data-testid="api-key-created">
          The key for {created.user}; copy it now, it is not shown again: <code>{created.key}</code>
        </p>
      ) : null}
      <AddForm title="Create an API key" label="Create the key" testId="add-api-key-form" add={add}>
        <TextField id="new-key-email" label="User's email" type="email" value={email} onChange={setEmail} required />
        <TextField id="new-key-name" label="Name" value={name} onChange={setName} hint="What it is for, e.g. Open WebUI." />
      </AddForm>
    </AdminPanel>
  );
}
