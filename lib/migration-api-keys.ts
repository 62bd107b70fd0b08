// Migration: API keys for the OpenAI-compatible API and the MCP server (lib/api), and the threads
// that map a client's message history onto a Docent conversation. Appended, never edited, once released.
export const API_KEYS_MIGRATION = `
  -- A key answers as its user (and so reads that user's spaces). Only a SHA-256 of the key is kept:
  -- keys are 256 random bits, so a fast hash is enough, and the key itself is shown once.
  create table api_keys (
    id text primary key,
    user_id text not null references users(id) on delete cascade,
    name text not null,
    key_hash text not null unique,
    prefix text not null,
    rate_per_minute integer,
    created_by text,
    created_at real not null,
    last_used_at real,
    revoked_at real
  );
  create index api_keys_user on api_keys(user_id);

  -- OpenAI clients send the whole history with every request: the hash of the history so far names
  -- the conversation it continues, so follow-ups land in one conversation (/c/<id>).
  create table api_threads (
    user_id text not null references users(id) on delete cascade,
    transcript_hash text not null,
    conversation_id text not null,
    created_at real not null,
    primary key (user_id, transcript_hash)
  );
`;
