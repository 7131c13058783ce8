-- PKCE is required of every client using the authorization code flow (RFC 9700 section 2.1.1, OAuth 2.1),
-- confidential ones included; an older confidential client that cannot send it is let off explicitly.
-- Existing clients get the default, required: one that sends no code_challenge is refused until an operator
-- runs "clients set-pkce NAME optional".
ALTER TABLE auth_clients ADD COLUMN pkce_optional BOOLEAN NOT NULL DEFAULT FALSE;
