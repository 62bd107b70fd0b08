// Migration 7: spaces (lib/spaces), askers and groups, conversation owners, escalation routing,
// per-space alerts and spot checks. Kept apart from lib/migrations.ts only for its length; like every
// migration it is appended, never edited, once released.
export const SPACES_MIGRATION = `
  -- Spaces: who may ask about a folder and who answers for it (lib/spaces). The default space
  -- covers every watched root and is public, so an existing installation works as before.
  -- readers/owners are JSON lists of principals ("user:a@b", "group:hr", "everyone"); null inherits.
  create table spaces (
    name text primary key collate nocase,
    root text,
    folder text not null,
    public integer,
    readers text,
    owners text,
    webhook_url text,
    removed integer not null default 0,
    created_at real not null,
    updated_at real not null
  );
  create unique index spaces_folder on spaces(coalesce(root, ''), folder);
  insert into spaces(name, root, folder, public, readers, owners, created_at, updated_at)
    values ('default', null, '', 1, '["everyone"]', null, unixepoch('subsec'), unixepoch('subsec'));
  create table space_audit (
    id integer primary key,
    actor text not null,
    action text not null,
    space text not null,
    before text,
    after text,
    created_at real not null
  );

  -- Askers (chat only) beside reviewers and admins, and the groups spaces grant access to.
  create table users_next (
    id text primary key,
    email text not null unique collate nocase,
    role text not null check (role in ('asker', 'reviewer', 'admin')),
    password_hash text not null,
    session_version integer not null default 1,
    groups text not null default '[]',
    created_at real not null,
    updated_at real not null
  );
  insert into users_next(id, email, role, password_hash, session_version, created_at, updated_at)
    select id, email, role, password_hash, session_version, created_at, updated_at from users;
  drop table users;
  alter table users_next rename to users;

  -- A signed-in user's conversation is theirs: nobody else may read or continue it.
  alter table conversations add column owner_id text;
  -- The spaces a reviewed answer belongs to (null: the spaces of its sources, as when it was approved).
  alter table curated_answers add column spaces text;
  -- The space an escalation is routed to (its closest source's), and every space its sources are in.
  alter table escalations add column space text;
  alter table escalations add column spaces text;
  -- The space an alert concerns: its webhook (looked up when sent) gets it; null: the global one.
  alter table alerts_outbox add column space text;

  -- Spot checks: a sample of answered questions an owner marks right or wrong (precision per space).
  create table spot_checks (
    id text primary key,
    answer_id text not null unique,
    conversation_id text not null,
    space text not null,
    question text not null,
    answer text not null,
    citations text,
    status text not null check (status in ('open', 'right', 'wrong')),
    checked_by text,
    checked_at real,
    note text,
    curated_id text,
    created_at real not null
  );
  create index spot_checks_space on spot_checks(space, status, created_at);
  `;
