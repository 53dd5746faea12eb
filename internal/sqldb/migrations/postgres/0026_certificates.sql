-- Certificates (issue 6), beyond 0022: the signer's title, printed above
-- the signer's name on the certificate; the last expiry reminder sent (90
-- or 30 days before expiry, 0 none), so that each reminder goes out once;
-- and the number sequences. A certificate's number is
-- <prefix>-<year>-<sequence> (e.g. 5S-2026-000123); the next sequence of a
-- (prefix, year) is taken with one upsert in the recognition's
-- transaction, which holds the row until commit, so that two recognitions
-- at once never share a number on either database.
-- +goose Up
ALTER TABLE certificates ADD COLUMN signer_title TEXT NOT NULL DEFAULT '';
ALTER TABLE certificates ADD COLUMN reminder_days INTEGER NOT NULL DEFAULT 0;
CREATE TABLE certificate_sequences (
    prefix  TEXT NOT NULL,
    year    INTEGER NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (prefix, year)
);

-- +goose Down
DROP TABLE certificate_sequences;
ALTER TABLE certificates DROP COLUMN reminder_days;
ALTER TABLE certificates DROP COLUMN signer_title;
