-- What the bot and the customer said, logged by botbuilder's TranscriptLoggerMiddleware: the transcript a
-- handoff carries to the rep, whichever channel (local Direct Line or Azure Bot Service) the conversation uses.
CREATE TABLE bot_transcripts (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel_id       text NOT NULL,
  conversation_id  text NOT NULL,
  at               timestamptz NOT NULL,
  activity         jsonb NOT NULL
);
CREATE INDEX bot_transcripts_conversation ON bot_transcripts (channel_id, conversation_id, id);
