-- +goose Up
-- Checked import files of the directory waiting for the officer's
-- confirmation: kept in the database so that any server process can apply
-- them; deleted when applied or discarded, and after a day.
CREATE TABLE directory_uploads (
    id         TEXT PRIMARY KEY,
    owner_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    data       BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX directory_uploads_created ON directory_uploads (created_at);

-- +goose Down
DROP TABLE directory_uploads;
