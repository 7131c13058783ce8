-- Moments of an upgrade that every process on the database must agree on, each written once by the first process
-- of the version that reaches it and read unchanged by every later one. 'typed-access-tokens': from then on every
-- access token carries typ at+jwt, and an untyped one is honoured only if issued before, for one token-ttl.
CREATE TABLE auth_milestones (
    name       VARCHAR(64) NOT NULL PRIMARY KEY,
    reached_at BIGINT      NOT NULL
);
