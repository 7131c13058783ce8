-- TOTP factors, one per user. The secret is sealed with the key ring and bound to its row
-- ('auth_totp:<user_id>'). confirmed_at is NULL while the factor waits for its first code; last_step is the
-- latest time step a code was accepted for, so that no code of it or of an earlier step is accepted again.
CREATE TABLE auth_totp (
    user_id      VARCHAR(64)  NOT NULL PRIMARY KEY REFERENCES auth_users (id) ON DELETE CASCADE,
    secret       VARCHAR(512) NOT NULL,
    created_at   BIGINT       NOT NULL,
    confirmed_at BIGINT,
    last_step    BIGINT       NOT NULL
);

-- Recovery codes: SHA-256 digests (salted with the user id) of 80-bit codes; used_at marks a spent one.
CREATE TABLE auth_recovery_codes (
    user_id   VARCHAR(64) NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
    code_hash VARCHAR(64) NOT NULL,
    used_at   BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

-- MFA tokens between a login's password and its code (purpose LOGIN), or allowing a first enrolment (ENROL):
-- SHA-256 digests of 256-bit tokens, spent by a conditional update.
CREATE TABLE auth_mfa_challenges (
    token_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    user_id    VARCHAR(64) NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
    purpose    VARCHAR(16) NOT NULL,
    expires_at BIGINT      NOT NULL,
    spent_at   BIGINT
);

CREATE INDEX auth_mfa_challenges_expires ON auth_mfa_challenges (expires_at);

-- How the user of a refresh token family signed in (RFC 8176 amr values, space-separated); NULL means 'pwd'.
ALTER TABLE auth_refresh_families ADD COLUMN amr VARCHAR(64);
