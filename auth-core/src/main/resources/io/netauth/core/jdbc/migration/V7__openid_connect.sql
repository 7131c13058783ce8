-- OpenID Connect: the authorization code flow's clients, codes and consents, and the users' email.

-- Redirect URIs are compared exactly; a space separates them (a URI holds none).
ALTER TABLE auth_clients ADD COLUMN redirect_uris VARCHAR(65536) NOT NULL DEFAULT '';
ALTER TABLE auth_clients ADD COLUMN post_logout_redirect_uris VARCHAR(65536) NOT NULL DEFAULT '';
ALTER TABLE auth_clients ADD COLUMN public_client BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE auth_clients ADD COLUMN trusted BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE auth_users ADD COLUMN email VARCHAR(320);
ALTER TABLE auth_users ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT FALSE;

-- The scopes a code flow's refresh token family was granted; NULL for the others.
ALTER TABLE auth_refresh_families ADD COLUMN scopes VARCHAR(4096);

-- Spent authorization codes, by the SHA-256 of their value. A code is not stored when it is issued: it carries
-- its grant sealed. Its spending is one INSERT, which the primary key refuses the second time on every process,
-- and which records the access token and refresh family it was exchanged for, so that a second presentation
-- finds what to revoke (RFC 6749 section 4.1.2). Rows are purged a day after the code expires.
CREATE TABLE auth_codes (
    code_hash         VARCHAR(64) NOT NULL PRIMARY KEY,
    client_id         VARCHAR(64) NOT NULL,
    user_id           VARCHAR(64) NOT NULL,
    spent_at          BIGINT      NOT NULL,
    expires_at        BIGINT      NOT NULL,
    access_token_id   VARCHAR(64) NOT NULL,
    access_expires_at BIGINT      NOT NULL,
    family_id         VARCHAR(64)
);

CREATE INDEX auth_codes_expires ON auth_codes (expires_at);

-- The scopes each user granted each client on the consent page, asked again only for a scope not yet granted.
CREATE TABLE auth_consents (
    user_id    VARCHAR(64)   NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
    client_id  VARCHAR(64)   NOT NULL,
    scopes     VARCHAR(4096) NOT NULL,
    granted_at BIGINT        NOT NULL,
    PRIMARY KEY (user_id, client_id)
);
