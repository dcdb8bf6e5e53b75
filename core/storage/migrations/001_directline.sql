-- Local Direct Line channel: conversations and their activity feed.
-- The watermark a client replays is `seq`; activity ids are "<conversation id>|<seq padded to 7>".
CREATE TABLE dl_conversations (
  id          text PRIMARY KEY,
  user_id     text NOT NULL,
  user_name   text,
  locale      text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  started_at  timestamptz,
  last_seq    integer NOT NULL DEFAULT -1
);

CREATE TABLE dl_activities (
  conversation_id     text NOT NULL REFERENCES dl_conversations (id) ON DELETE CASCADE,
  seq                 integer NOT NULL,
  from_role           text NOT NULL CHECK (from_role IN ('user', 'bot')),
  client_activity_id  text,
  activity            jsonb NOT NULL,
  -- user activities wait in this outbox until the bot took them: 'pending' -> 'delivered' | 'failed'
  bot_delivery        text NOT NULL DEFAULT 'none' CHECK (bot_delivery IN ('none', 'pending', 'delivered', 'failed')),
  delivery_attempts   integer NOT NULL DEFAULT 0,
  created_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, seq)
);

-- A client that retries a post (same clientActivityID) gets the stored activity back, not a second copy.
CREATE UNIQUE INDEX dl_activities_client_id ON dl_activities (conversation_id, client_activity_id)
  WHERE client_activity_id IS NOT NULL;

CREATE INDEX dl_activities_pending ON dl_activities (created_at) WHERE bot_delivery = 'pending';

CREATE TABLE dl_attachments (
  id               text PRIMARY KEY,
  conversation_id  text NOT NULL REFERENCES dl_conversations (id) ON DELETE CASCADE,
  content_type     text NOT NULL,
  name             text NOT NULL,
  bytes            bytea NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX dl_attachments_created ON dl_attachments (created_at);
