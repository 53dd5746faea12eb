-- Assessing (issue 6), beyond 0022: the note an enterprise writes when it
-- asks for an independent assessment (what it wants assessed, when the
-- site is ready), read by the officer who assigns the assessor; and an
-- index for the officers' lists by scheme, newest first.
-- +goose Up
ALTER TABLE assessments ADD COLUMN request_note TEXT NOT NULL DEFAULT '';
CREATE INDEX assessments_scheme ON assessments (scheme_id, id);

-- +goose Down
DROP INDEX assessments_scheme;
ALTER TABLE assessments DROP COLUMN request_note;
