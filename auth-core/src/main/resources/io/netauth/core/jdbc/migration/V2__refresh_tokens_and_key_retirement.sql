-- Refresh token families (one per login) and their tokens; only SHA-256 digests of token values are stored.

CREATE TABLE auth_refresh_families (
    family_id  VARCHAR(64) NOT NULL PRIMARY KEY,
    user_id    VARCHAR(64) NOT NULL,
    created_at BIGINT      NOT NULL,
    -- the absolute lifetime: no token of the family is valid after it
    expires_at BIGINT      NOT NULL,
    revoked_at BIGINT
);

CREATE INDEX auth_refresh_families_user ON auth_refresh_families (user_id);
CREATE INDEX auth_refresh_families_expires ON auth_refresh_families (expires_at);

CREATE TABLE auth_refresh_tokens (
    token_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    family_id  VARCHAR(64) NOT NULL REFERENCES auth_refresh_families (family_id) ON DELETE CASCADE,
    issued_at  BIGINT      NOT NULL,
    -- the idle lifetime: the token must be used before then
    expires_at BIGINT      NOT NULL,
    spent_at   BIGINT
);

CREATE INDEX auth_refresh_tokens_family ON auth_refresh_tokens (family_id);
CREATE INDEX auth_refresh_tokens_expires ON auth_refresh_tokens (expires_at);

-- A key stops verifying (and leaves the JWKS) at retire_at; NULL while it may still sign.
ALTER TABLE auth_signing_keys ADD COLUMN retire_at BIGINT;
