-- Public-key directory: one row per user, replaced on rotation.
CREATE TABLE user_keys (
    user_id       TEXT    NOT NULL PRIMARY KEY,
    agreement_key BLOB    NOT NULL,
    signing_key   BLOB    NOT NULL,
    signature     BLOB    NOT NULL,
    updated_at    BIGINT  NOT NULL
);

-- Every accepted send: the message id, and the idempotency key (sender, client_id). Kept for the retention
-- period even after the message is acked, so a repeated send gets the same answer and a report can be checked.
CREATE TABLE sends (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    sender      TEXT    NOT NULL,
    client_id   TEXT    NOT NULL,
    recipient   TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    UNIQUE (sender, client_id)
);
CREATE INDEX sends_created_at ON sends (created_at);

-- What waits for a user: messages (kind 0) and receipts (1 delivered, 2 expired), in delivery order (id).
CREATE TABLE inbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient   TEXT    NOT NULL,
    kind        SMALLINT NOT NULL,
    message_id  BIGINT  NOT NULL,
    peer        TEXT    NOT NULL,
    client_id   TEXT    NOT NULL,
    body        TEXT,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX inbox_recipient ON inbox (recipient, id);
CREATE INDEX inbox_recipient_message ON inbox (recipient, message_id);
CREATE INDEX inbox_created_at ON inbox (kind, created_at);

CREATE TABLE blocks (
    blocker     TEXT    NOT NULL,
    blocked     TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (blocker, blocked)
);

CREATE TABLE reports (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    reporter      TEXT    NOT NULL,
    reported_user TEXT    NOT NULL,
    message_id    BIGINT,
    verified      BOOLEAN NOT NULL,
    reason        TEXT    NOT NULL,
    evidence      TEXT,
    status        TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    resolved_at   BIGINT,
    resolved_by   TEXT
);
CREATE INDEX reports_status ON reports (status, id);

CREATE TABLE suspensions (
    user_id     TEXT    NOT NULL PRIMARY KEY,
    reason      TEXT,
    created_by  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
