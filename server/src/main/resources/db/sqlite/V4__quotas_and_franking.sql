-- Inbox quotas: what each recipient's inbox holds (entries, bytes of base64 bodies), kept in its head row by the
-- transactions that insert and delete its entries, so a send checks the recipient's quota without scanning the
-- inbox. Old nodes (before V4) do not keep these counts: upgrade every node before sending traffic (CHANGELOG.md).
ALTER TABLE inbox_heads ADD COLUMN entries BIGINT NOT NULL DEFAULT 0;
ALTER TABLE inbox_heads ADD COLUMN bytes BIGINT NOT NULL DEFAULT 0;
UPDATE inbox_heads SET
    entries = (SELECT count(*) FROM inbox WHERE inbox.recipient = inbox_heads.recipient),
    bytes = (SELECT coalesce(sum(body_bytes), 0) FROM inbox WHERE inbox.recipient = inbox_heads.recipient);

-- Message franking (docs/security.md, "Verifiable reports"): the sender's commitment travels with the message to its
-- recipient, and the send record keeps it with the server's tag that binds it to sender, recipient and time.
ALTER TABLE inbox ADD COLUMN commitment TEXT;
ALTER TABLE sends ADD COLUMN commitment TEXT;
ALTER TABLE sends ADD COLUMN franking_tag TEXT;

-- Keys the nodes share, made once by whichever node starts first (the franking tag key).
CREATE TABLE server_secrets (
    name    TEXT NOT NULL PRIMARY KEY,
    secret  TEXT NOT NULL
);

-- A report whose evidence opened the reported message's franking commitment: the text is what was sent.
ALTER TABLE reports ADD COLUMN evidence_verified BOOLEAN NOT NULL DEFAULT FALSE;
