-- +goose Up
-- The honour roll (issue 8): why an honour was taken off the public roll
-- (hidden_reason), and its photo: the re-encoded JPEG (metadata stripped)
-- and its thumbnail in honour_photos, its hash and size on the honour so
-- that the roll lists photos without reading their bytes.
ALTER TABLE honours ADD COLUMN hidden_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE honours ADD COLUMN photo_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE honours ADD COLUMN photo_width INTEGER NOT NULL DEFAULT 0;
ALTER TABLE honours ADD COLUMN photo_height INTEGER NOT NULL DEFAULT 0;

CREATE TABLE honour_photos (
    honour_id    INTEGER PRIMARY KEY REFERENCES honours (id) ON DELETE CASCADE,
    content      BLOB NOT NULL,
    thumb        BLOB NOT NULL,
    uploaded_by  INTEGER REFERENCES users (id),
    uploaded_at  TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE honour_photos;
ALTER TABLE honours DROP COLUMN photo_height;
ALTER TABLE honours DROP COLUMN photo_width;
ALTER TABLE honours DROP COLUMN photo_sha256;
ALTER TABLE honours DROP COLUMN hidden_reason;
