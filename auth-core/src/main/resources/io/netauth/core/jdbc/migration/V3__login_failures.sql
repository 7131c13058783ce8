-- Failed-login counters shared by every server process (the database throttle); kind is 'account' or 'client'.
CREATE TABLE auth_login_failures (
    kind         VARCHAR(8)    NOT NULL,
    throttle_key VARCHAR(1100) NOT NULL,
    failures     INT           NOT NULL,
    last_failure BIGINT        NOT NULL,
    PRIMARY KEY (kind, throttle_key)
);
