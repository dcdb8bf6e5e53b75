-- The hub's routing state. A conversation keeps its whole routing record (declines, reconnect deadline, hints,
-- outcome) as JSON beside the columns SQL queries and claims need; `customer_key` finds the open handoff of a bot
-- conversation (a handoff sent twice is taken once). Reps' presence lives here, not in process memory, so every node
-- routes on the same facts.
ALTER TABLE hub_conversations ADD COLUMN routing jsonb;
ALTER TABLE hub_conversations ADD COLUMN customer_key text;
ALTER TABLE hub_conversations ADD COLUMN channel text NOT NULL DEFAULT 'bot';
-- What the customer was last told about their wait, so a change (and only a change) is sent again.
ALTER TABLE hub_conversations ADD COLUMN told jsonb;
-- The rep's wrap-up: disposition code and notes.
ALTER TABLE hub_conversations ADD COLUMN wrapup jsonb;
CREATE INDEX hub_conversations_customer ON hub_conversations (customer_key) WHERE state <> 'closed';
CREATE INDEX hub_conversations_handled ON hub_conversations (queue_id, closed_at DESC) WHERE accepted_at IS NOT NULL AND closed_at IS NOT NULL;
CREATE INDEX hub_conversations_rep ON hub_conversations (rep_id) WHERE state IN ('active', 'wrap-up');

-- `presence` is what the rep chose; it counts only while `seen_at` is fresh (a node with the rep's console open
-- refreshes it), so a node that dies takes its reps offline within a heartbeat or two instead of forever.
CREATE TABLE hub_presence (
  account_id        text PRIMARY KEY REFERENCES hub_accounts (id) ON DELETE CASCADE,
  presence          text NOT NULL CHECK (presence IN ('available', 'busy', 'away', 'offline')),
  seen_at           timestamptz,
  changed_at        timestamptz NOT NULL DEFAULT now(),
  last_assigned_at  timestamptz
);

-- What must still reach the customer through their channel: rep messages and handoff status, in order. Written in
-- the same transaction as the change that causes it; delivered right after, and again by any node's sweep if the
-- process died first. The channel drops a repeat of the same `id` (Direct Line clientActivityID).
CREATE TABLE hub_outbox (
  id               bigserial PRIMARY KEY,
  conversation_id  text NOT NULL REFERENCES hub_conversations (id),
  kind             text NOT NULL,
  payload          jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  attempts         integer NOT NULL DEFAULT 0,
  lease_until      timestamptz,
  delivered_at     timestamptz,
  last_error       text
);
CREATE INDEX hub_outbox_pending ON hub_outbox (conversation_id, id) WHERE delivered_at IS NULL;
