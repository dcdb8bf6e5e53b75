-- The hub's conversations and their messages. A message is stored with its per-conversation sequence number (from
-- the conversation's counter, in the same transaction) before anyone is told about it; `client_id` makes a
-- retried send idempotent. Claims (accept, pick) are one conditional UPDATE, so across nodes exactly one wins.
CREATE TABLE hub_conversations (
  id            text PRIMARY KEY,
  bot_ref       jsonb NOT NULL,
  context       jsonb NOT NULL,
  state         text NOT NULL,
  queue_id      text NOT NULL,
  rep_id        text,
  offer         jsonb,
  enqueued_at   timestamptz NOT NULL,
  accepted_at   timestamptz,
  closed_at     timestamptz,
  last_seq      integer NOT NULL DEFAULT 0,
  version       integer NOT NULL DEFAULT 0
);
CREATE INDEX hub_conversations_open ON hub_conversations (state, queue_id) WHERE state <> 'closed';

CREATE TABLE hub_messages (
  conversation_id  text NOT NULL REFERENCES hub_conversations (id),
  seq              integer NOT NULL,
  id               text NOT NULL UNIQUE,
  client_id        text NOT NULL,
  sender           jsonb NOT NULL,
  text             text NOT NULL,
  internal         boolean NOT NULL,
  at               timestamptz NOT NULL,
  PRIMARY KEY (conversation_id, seq),
  UNIQUE (conversation_id, client_id)
);
