-- Targets (issue 5, the programme's structure): the version of a target,
-- for optimistic locking. An officer's change carries the version read;
-- a target changed meanwhile by someone else is refused (nothing silently
-- overwritten). The seeded targets start at 1.
-- +goose Up
ALTER TABLE programme_targets ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE programme_targets DROP COLUMN version;
