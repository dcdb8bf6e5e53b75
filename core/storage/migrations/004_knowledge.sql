-- Knowledge: documents parsed from the sources, their passages (what the index ranks and answers quote), files
-- skipped and why, each source's sync state (a Graph delta link), and customers' thumbs on answers. The in-memory
-- index is rebuilt from kb_passages at start, so a restart never parses a file again.
CREATE TABLE kb_sources (
  id            text PRIMARY KEY,
  kind          text NOT NULL,
  description   text NOT NULL,
  cursor        text,
  last_sync_at  timestamptz,
  last_error    text
);

CREATE TABLE kb_documents (
  id            text PRIMARY KEY,
  source_id     text NOT NULL,
  key           text NOT NULL,
  version       text NOT NULL,
  content_hash  text NOT NULL,
  meta          jsonb NOT NULL,
  location      text NOT NULL,
  updated_at    timestamptz NOT NULL,
  UNIQUE (source_id, key)
);

CREATE TABLE kb_passages (
  document_id   text NOT NULL REFERENCES kb_documents (id) ON DELETE CASCADE,
  ordinal       integer NOT NULL,
  headings      jsonb NOT NULL,
  question      text,
  text          text NOT NULL,
  PRIMARY KEY (document_id, ordinal)
);

CREATE TABLE kb_skipped (
  source_id     text NOT NULL,
  key           text NOT NULL,
  version       text NOT NULL,
  reason        text NOT NULL,
  at            timestamptz NOT NULL,
  PRIMARY KEY (source_id, key)
);

CREATE TABLE kb_feedback (
  conversation_id  text NOT NULL,
  activity_id      text NOT NULL,
  document_id      text NOT NULL,
  passage_id       text NOT NULL,
  article_version  text,
  helpful          boolean NOT NULL,
  at               timestamptz NOT NULL,
  PRIMARY KEY (conversation_id, activity_id)
);
CREATE INDEX kb_feedback_document ON kb_feedback (document_id);
