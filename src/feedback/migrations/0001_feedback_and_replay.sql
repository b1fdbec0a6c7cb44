-- hsg-cds shared mode: feedback, the topics of issued cards, and the jti replay cache.
-- Applied once, in a transaction, by `hsg-cds migrate` or at start-up (DATABASE_MIGRATE), under an
-- advisory lock. Never edit an applied migration: add the next numbered file.

CREATE TABLE issued_card (
  uuid TEXT PRIMARY KEY,
  service_id TEXT NOT NULL,
  hook_instance TEXT NOT NULL,
  topic TEXT,
  indicator TEXT NOT NULL,
  issued_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE feedback (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dedupe_key TEXT NOT NULL UNIQUE,
  service_id TEXT NOT NULL,
  card_uuid TEXT NOT NULL,
  outcome TEXT NOT NULL,
  accepted_suggestions JSONB,
  override_system TEXT,
  override_code TEXT,
  override_display TEXT,
  has_user_comment BOOLEAN NOT NULL DEFAULT FALSE,
  -- As the client sent it (ISO 8601 text), compared as text like the SQLite store does.
  outcome_timestamp TEXT NOT NULL,
  received_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX feedback_card ON feedback (card_uuid);
CREATE INDEX feedback_outcome_timestamp ON feedback (outcome_timestamp);

-- One row per accepted token: sha256 of iss NUL jti (fixed size; no NUL in TEXT), kept until it expires.
CREATE TABLE replay_jti (
  token_key TEXT PRIMARY KEY,
  expires_at_ms BIGINT NOT NULL
);
CREATE INDEX replay_jti_expiry ON replay_jti (expires_at_ms);

CREATE TABLE health_probe (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  at TIMESTAMPTZ NOT NULL
);
