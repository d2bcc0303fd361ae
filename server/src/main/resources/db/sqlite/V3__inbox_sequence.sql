-- Delivery v2: each recipient's inbox is a gapless sequence (seq 1, 2, 3, ...), claimed from inbox_heads in the
-- transaction that inserts the entry. A delivery stream reads "seq > the last one I sent", and a notice whose entry
-- is exactly the next seq can be written without reading the store (docs/operations.md, "Delivery").
CREATE TABLE inbox_heads (
    recipient   TEXT    NOT NULL PRIMARY KEY,
    seq         BIGINT  NOT NULL
);
ALTER TABLE inbox ADD COLUMN seq BIGINT;
-- The body's length, so that a page of a recipient's inbox can be cut at a byte budget from the index alone,
-- without reading every body of the page (a body may be 87 KiB of base64).
ALTER TABLE inbox ADD COLUMN body_bytes INTEGER NOT NULL DEFAULT 0;
UPDATE inbox SET seq = id, body_bytes = coalesce(length(body), 0);
INSERT INTO inbox_heads (recipient, seq) SELECT recipient, max(id) FROM inbox GROUP BY recipient;
DROP INDEX inbox_recipient;
CREATE INDEX inbox_recipient_seq ON inbox (recipient, seq, body_bytes);
