-- Each name's UTS #39 skeleton (Usernames.confusableKey: up to 64 characters, then a digest of the rest), unique
-- so that no new name can look like a taken one. Existing accounts get theirs when the server opens the database
-- (JdbcUserDirectory.fillConfusableKeys); one that already looks like another keeps NULL, which a unique index
-- allows many times.
ALTER TABLE auth_users ADD COLUMN confusable_key VARCHAR(128);

CREATE UNIQUE INDEX auth_users_confusable_key ON auth_users (confusable_key);
