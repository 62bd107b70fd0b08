/**
 * Migration 8: conversations people can come back to. An anonymous conversation belongs to the
 * browser that started it (the hash of a random token in its cookie), not to whoever has its id;
 * an edited or regenerated question replaces the turn it stands for, which stays in the answer log.
 */
export const CHAT_MIGRATION = `
  alter table conversations add column browser_id text;
  alter table messages add column replaced_by text;
  create index conversations_owner on conversations(owner_id, updated_at);
`;
