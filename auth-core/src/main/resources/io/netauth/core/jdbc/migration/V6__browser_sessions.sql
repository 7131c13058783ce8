-- Browser sessions: the SHA-256 of each session cookie's 256-bit id, never the id. A session ends at
-- expires_at, after the idle timeout counted from last_seen_at, or at ended_at (a logout, a password change).
CREATE TABLE auth_sessions (
    id_hash      VARCHAR(64) NOT NULL PRIMARY KEY,
    user_id      VARCHAR(64) NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
    amr          VARCHAR(64) NOT NULL,
    created_at   BIGINT      NOT NULL,
    last_seen_at BIGINT      NOT NULL,
    expires_at   BIGINT      NOT NULL,
    ended_at     BIGINT
);

CREATE INDEX auth_sessions_user ON auth_sessions (user_id);
CREATE INDEX auth_sessions_expires ON auth_sessions (expires_at);
