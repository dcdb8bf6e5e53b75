-- Passage embeddings from a cloud model (Azure OpenAI), when one is configured: float32 little-endian bytes per
-- passage, tagged with the model that made them so a model change re-embeds. Plain bytea rather than pgvector:
-- neither the PGlite build we ship nor Debian's PostgreSQL packages carry the extension, and the nearest
-- neighbours of a support knowledge base fit in memory.
CREATE TABLE kb_embeddings (
  document_id  text NOT NULL REFERENCES kb_documents (id) ON DELETE CASCADE,
  ordinal      integer NOT NULL,
  model        text NOT NULL,
  vector       bytea NOT NULL,
  PRIMARY KEY (document_id, ordinal)
);
