-- Enterprise import and export (issue 3). An uploaded file is kept in the
-- database, in parts of 1 MiB, so that its import runs as a job on any
-- application server and survives a restart; abandoned uploads are deleted
-- after a day. The import of an upload commits in batches: each batch
-- writes, in the same transaction as its enterprises, the rows it rejected
-- (with their original values, for the report) and the checkpoint — the
-- last line decided — so that an interrupted import resumes after it and
-- never writes half a batch. A partial index holds the branches (13-digit
-- codes) whose head office is not registered yet, so that an import can
-- link them to a head office it creates without scanning the registry.
-- +goose Up
CREATE INDEX enterprises_orphan_branches ON enterprises (tax_code) WHERE parent_id IS NULL AND length(tax_code) = 14;

CREATE TABLE enterprise_uploads (
    id         INTEGER PRIMARY KEY,
    owner_id   INTEGER,
    name       TEXT NOT NULL,
    size       BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX enterprise_uploads_created ON enterprise_uploads (created_at);

CREATE TABLE enterprise_upload_parts (
    upload_id INTEGER NOT NULL REFERENCES enterprise_uploads (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    data      BLOB NOT NULL,
    PRIMARY KEY (upload_id, seq)
);

CREATE TABLE enterprise_import_checkpoints (
    upload_id INTEGER PRIMARY KEY REFERENCES enterprise_uploads (id) ON DELETE CASCADE,
    line      INTEGER NOT NULL,
    imported  BIGINT NOT NULL,
    updated   BIGINT NOT NULL,
    rejected  BIGINT NOT NULL,
    at        TIMESTAMP NOT NULL
);

CREATE TABLE enterprise_import_rejections (
    upload_id   INTEGER NOT NULL REFERENCES enterprise_uploads (id) ON DELETE CASCADE,
    line        INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    message_vi  TEXT NOT NULL,
    message_en  TEXT NOT NULL,
    values_json TEXT NOT NULL,
    PRIMARY KEY (upload_id, line)
);

-- +goose Down
SELECT 'forward-only';
