-- A send from a blocked user is recorded (idempotency) but never relayed; reports must tell the two apart.
ALTER TABLE sends ADD COLUMN relayed BOOLEAN NOT NULL DEFAULT TRUE;
