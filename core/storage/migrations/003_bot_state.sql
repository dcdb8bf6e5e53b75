-- Bot Framework state (ConversationState, UserState): one JSON document per storage key, with an eTag for
-- optimistic concurrency, so a turn on any node continues a conversation where the last one left it.
CREATE TABLE bot_state (
  key         text PRIMARY KEY,
  document    jsonb NOT NULL,
  etag        text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
