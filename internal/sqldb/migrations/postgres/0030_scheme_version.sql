-- +goose Up
-- The optimistic lock of a scheme's own properties (name, kind, tools,
-- validity, archived): every write of them compares and bumps it. Every
-- writer of a scheme or of its versions takes the scheme row first
-- (UPDATE assessment_schemes … WHERE id = $1), so that concurrent
-- writers of one scheme lock in the same order and never deadlock.
ALTER TABLE assessment_schemes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE assessment_schemes DROP COLUMN version;
