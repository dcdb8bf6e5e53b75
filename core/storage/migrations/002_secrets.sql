-- Generated secrets shared by every node of one deployment (token signing keys when none is configured).
CREATE TABLE app_secrets (
  name        text PRIMARY KEY,
  value       text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
