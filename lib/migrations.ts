import type { Db } from './db';
import { API_KEYS_MIGRATION } from './migration-api-keys';
import { CHAT_MIGRATION } from './migration-chat';
import { SPACES_MIGRATION } from './migration-spaces';

// Schema changes are appended, never edited: user_version records how many have run.
const migrations: string[] = [
  `
  create table meta (
    key text primary key,
    value text not null
  );

  create table generations (
    id integer primary key,
    name text not null unique,
    backend text not null check (backend in ('embedded', 'qdrant')),
    embedder text not null,
    dimension integer not null,
    state text not null check (state in ('building', 'serving', 'previous', 'retired', 'failed')),
    created_at real not null,
    activated_at real,
    note text
  );

  -- One registry per index generation: a reindex builds its own rows while the serving ones
  -- keep answering, and a rollback finds the previous generation's rows as they were.
  create table documents (
    generation text not null,
    id text not null,
    root text not null,
    path text not null,
    status text not null check (status in ('indexed', 'pending', 'quarantined', 'deleted', 'duplicate')),
    reason text,
    detail text,
    file_type text,
    size integer,
    mtime_ms real,
    sha256 text,
    content_hash text,
    indexed_sha256 text,
    title text,
    modified_at real,
    stale_since real,
    indexed_at real,
    updated_at real not null,
    chunk_count integer not null default 0,
    embedder text,
    duplicate_of text,
    primary key (generation, id),
    unique (generation, root, path)
  );
  create index documents_status on documents(generation, status);
  create index documents_indexed_sha256 on documents(generation, indexed_sha256);
  create index documents_content_hash on documents(generation, content_hash);
  create index documents_duplicate_of on documents(generation, duplicate_of);

  -- Queue 'live' feeds the serving generation; a reindex uses a queue named after its generation.
  create table jobs (
    id integer primary key,
    queue text not null,
    doc_id text not null,
    root text not null,
    path text not null,
    kind text not null check (kind in ('upsert', 'delete')),
    enqueued_at real not null,
    not_before real not null,
    attempts integer not null default 0,
    version integer not null default 1,
    last_error text,
    lease_owner text,
    lease_until real,
    unique (queue, doc_id)
  );
  create index jobs_due on jobs(queue, not_before);

  create table roots (
    root text primary key,
    first_seen_at real not null,
    last_sync_at real
  );

  create table ingest_events (
    id integer primary key,
    ts real not null,
    generation text not null,
    doc_id text not null,
    path text not null,
    outcome text not null,
    reason text,
    lag_s real,
    chunks integer,
    embedded integer,
    duration_s real
  );
  create index ingest_events_ts on ingest_events(ts);
  `,
  `
  -- Answer workflow: conversations, escalations and the review trail, curated knowledge, the log.
  create table conversations (
    id text primary key,
    title text,
    created_at real not null,
    updated_at real not null
  );

  create table messages (
    id text primary key,
    conversation_id text not null references conversations(id) on delete cascade,
    role text not null check (role in ('user', 'assistant', 'reviewer')),
    content text not null,
    status text,
    answer_id text,
    escalation_id text,
    citations text,
    created_at real not null
  );
  create index messages_conversation on messages(conversation_id, created_at);

  create table answer_log (
    id text primary key,
    conversation_id text not null,
    question text not null,
    retrieval_query text,
    category text not null,
    outcome text not null,
    reason text,
    score real,
    signals text,
    sources text,
    answer text,
    llm text,
    embedder text,
    generation text,
    prompt_version text not null,
    timings text,
    created_at real not null
  );
  create index answer_log_created on answer_log(created_at);
  create index answer_log_conversation on answer_log(conversation_id);

  create table escalations (
    id text primary key,
    conversation_id text,
    answer_id text,
    question text not null,
    draft text,
    sources text,
    score real,
    reason text not null,
    category text,
    status text not null check (status in ('open', 'answered', 'rejected')),
    curated_id text,
    created_at real not null,
    updated_at real not null
  );
  create index escalations_status on escalations(status, created_at);

  create table escalation_actions (
    id integer primary key,
    escalation_id text not null references escalations(id) on delete cascade,
    action text not null,
    actor text not null,
    content text,
    note text,
    created_at real not null
  );

  create table curated_answers (
    id text primary key,
    question text not null,
    answer text not null,
    based_on text not null,
    status text not null check (status in ('active', 'stale', 'deleted')),
    escalation_id text,
    created_by text,
    created_at real not null,
    updated_at real not null
  );

  create table feedback (
    id text primary key,
    answer_id text not null,
    conversation_id text not null,
    rating text not null check (rating in ('up', 'down')),
    comment text,
    escalation_id text,
    created_at real not null
  );
  create index feedback_answer on feedback(answer_id);

  create table alerts_outbox (
    id integer primary key,
    text text not null,
    payload text,
    attempts integer not null default 0,
    next_attempt_at real not null,
    last_error text,
    created_at real not null
  );
  `,
  `
  create table users (
    id text primary key,
    email text not null unique collate nocase,
    role text not null check (role in ('reviewer', 'admin')),
    password_hash text not null,
    session_version integer not null default 1,
    created_at real not null,
    updated_at real not null
  );
  `,
  `
  -- What a long job is doing now ("OCR page 12/40"), for status.
  alter table jobs add column progress text;
  `,
  `
  -- Jobs found by the scan at start are the catch-up backlog: the lag of the documents they index
  -- measures the start-up (or the time Docent was down), not the pipeline, and is reported apart.
  alter table jobs add column origin text not null default 'live' check (origin in ('live', 'startup'));
  alter table documents add column first_sync integer not null default 0;
  alter table ingest_events add column first_sync integer not null default 0;
  `,
  `
  -- One review item per question: everyone who asked it (the first asker included) gets the answer.
  -- The question's embedding and its embedder let a later paraphrase find the open item.
  create table escalation_askers (
    escalation_id text not null references escalations(id) on delete cascade,
    conversation_id text not null,
    answer_id text,
    question text not null,
    asked_at real not null,
    primary key (escalation_id, conversation_id)
  );
  create index escalation_askers_conversation on escalation_askers(conversation_id);
  insert into escalation_askers(escalation_id, conversation_id, answer_id, question, asked_at)
    select id, conversation_id, answer_id, question, created_at from escalations where conversation_id is not null;
  alter table escalations add column question_vector blob;
  alter table escalations add column vector_model text;
  `,
  SPACES_MIGRATION,
  CHAT_MIGRATION,
  `
  -- Contributors: who may add documents to a space's folder from the chat page (a JSON list of
  -- principals like readers and owners; null or empty: nobody but admins).
  alter table spaces add column contributors text;
  `,
  `
  -- The language each document was read in (ISO 639-1, 'und' when unknown): shown in status and
  -- citations, and its terms were stemmed in it.
  alter table documents add column language text;
  `,
  API_KEYS_MIGRATION,
  `
  -- The tokenizer version a generation's terms were written with (lib/text/tokenize.ts); null: before
  -- versions were kept, so its terms are re-read once (ingest/retokenize.ts).
  alter table generations add column tokenizer integer;
  `,
];

/** Runs the migrations a database has not run yet, each in its own transaction (up to `target`: tests build older databases). */
export function migrate(db: Db, target = migrations.length): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < target; version += 1) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
