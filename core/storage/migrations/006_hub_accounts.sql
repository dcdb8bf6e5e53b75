-- Hub staff accounts (reps, supervisors, admins) and their sign-in sessions. Prefixed hub_ because one schema holds
-- every component's tables. Skills and languages are text[] so routing can match with `@>` / `&&` in SQL.
CREATE TABLE hub_accounts (
  id                   text PRIMARY KEY,
  email                text NOT NULL UNIQUE CHECK (email = lower(email)),
  display_name         text NOT NULL,
  role                 text NOT NULL CHECK (role IN ('rep', 'supervisor', 'admin')),
  password_hash        text NOT NULL,
  skills               text[] NOT NULL DEFAULT '{}',
  languages            text[] NOT NULL DEFAULT '{}',
  capacity             integer NOT NULL DEFAULT 3 CHECK (capacity >= 0 AND capacity <= 100),
  disabled             boolean NOT NULL DEFAULT false,
  created_at           timestamptz NOT NULL DEFAULT now(),
  password_changed_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per sign-in. The session token (a JWT) names its row; a check needs the row unrevoked and unexpired, so
-- logout, disabling an account and a password reset take effect on every node at once.
CREATE TABLE hub_sessions (
  id          text PRIMARY KEY,
  account_id  text NOT NULL REFERENCES hub_accounts (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);

CREATE INDEX hub_sessions_live_by_account ON hub_sessions (account_id) WHERE revoked_at IS NULL;
