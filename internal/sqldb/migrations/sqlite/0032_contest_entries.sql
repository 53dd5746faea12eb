-- Contests' setup and entries (issue 8, area A): the counter that numbers
-- a contest's entries without gaps or collisions (taken in the entry's
-- own transaction), a contest's cancellation with its reason, and the
-- entries' attachments (checked by content, stored whole like the
-- programme's activity files).
-- +goose Up
CREATE TABLE contest_entry_counters (
    contest_id  INTEGER PRIMARY KEY REFERENCES contests (id) ON DELETE CASCADE,
    n           INTEGER NOT NULL
);

CREATE TABLE contest_cancellations (
    contest_id    INTEGER PRIMARY KEY REFERENCES contests (id) ON DELETE CASCADE,
    reason        TEXT NOT NULL,
    cancelled_by  INTEGER REFERENCES users (id),
    cancelled_at  TIMESTAMP NOT NULL
);

CREATE TABLE contest_entry_files (
    id            INTEGER PRIMARY KEY,
    entry_id      INTEGER NOT NULL REFERENCES contest_entries (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    data          BLOB NOT NULL,
    uploaded_by   INTEGER REFERENCES users (id),
    uploaded_at   TIMESTAMP NOT NULL
);
CREATE INDEX contest_entry_files_entry ON contest_entry_files (entry_id);

-- +goose Down
DROP TABLE contest_entry_files;
DROP TABLE contest_cancellations;
DROP TABLE contest_entry_counters;
