-- Bot activities may carry a clientActivityID too (the engagement hub re-sends a rep message after a crash and
-- must not double it). A customer and the bot choose their ids independently, so the uniqueness is per sender.
DROP INDEX dl_activities_client_id;

CREATE UNIQUE INDEX dl_activities_client_id ON dl_activities (conversation_id, from_role, client_activity_id)
  WHERE client_activity_id IS NOT NULL;
