-- Portable SQL: the same script runs on H2 and PostgreSQL. Times are epoch milliseconds.

CREATE TABLE auth_users (
    id                  VARCHAR(64)   NOT NULL PRIMARY KEY,
    username            VARCHAR(256)  NOT NULL,
    normalized_username VARCHAR(1024) NOT NULL,
    password_hash       VARCHAR(512)  NOT NULL,
    roles               VARCHAR(2048) NOT NULL,
    enabled             BOOLEAN       NOT NULL,
    created_at          BIGINT        NOT NULL,
    updated_at          BIGINT        NOT NULL,
    -- The unique constraint is also the index that makes a login one indexed lookup.
    CONSTRAINT auth_users_normalized_username_key UNIQUE (normalized_username)
);

CREATE TABLE auth_signing_keys (
    kid         VARCHAR(64)   NOT NULL PRIMARY KEY,
    algorithm   VARCHAR(16)   NOT NULL,
    private_key VARCHAR(8192) NOT NULL,
    public_key  VARCHAR(8192),
    created_at  BIGINT        NOT NULL
);

CREATE INDEX auth_signing_keys_algorithm_created ON auth_signing_keys (algorithm, created_at);
