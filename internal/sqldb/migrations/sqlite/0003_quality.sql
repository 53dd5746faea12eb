-- Quality monitoring workspace (SPC), one per enterprise: processes, their
-- characteristics, measurements (entered on a form, uploaded, or pushed by
-- machines through the API in batches), annotations of assignable causes,
-- rule alerts, and the enterprise's choice to share its charts with
-- officers. Why these shapes:
--   * measurements are numbered per characteristic (seq, handed out by the
--     counter last_seq on the characteristic, which also serialises
--     concurrent batches on PostgreSQL), so a point keeps its identity as
--     the window moves: alerts are de-duplicated and annotations attached
--     by the seq of a point's first measurement;
--   * measurements have no id of their own and are clustered by
--     (characteristic_id, seq) (WITHOUT ROWID), because the API ingests
--     them in tens of thousands per second and reads them back by that key;
--   * source, author and time of arrival are per batch, not per row.
-- Same tables as the PostgreSQL twin of this file.
-- +goose Up
CREATE TABLE quality_settings (
    enterprise_id INTEGER PRIMARY KEY REFERENCES enterprises (id),
    shared        BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE quality_processes (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises (id),
    name          TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    line          TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX quality_processes_enterprise ON quality_processes (enterprise_id);

CREATE TABLE quality_characteristics (
    id               INTEGER PRIMARY KEY,
    process_id       INTEGER NOT NULL REFERENCES quality_processes (id),
    enterprise_id    INTEGER NOT NULL REFERENCES enterprises (id),
    name             TEXT NOT NULL,
    unit             TEXT NOT NULL DEFAULT '',
    lsl              REAL,
    usl              REAL,
    target           REAL,
    subgroup_size    INTEGER NOT NULL,
    chart            TEXT NOT NULL,
    rules            TEXT NOT NULL,
    sampling_plan    TEXT NOT NULL DEFAULT '',
    active           BOOLEAN NOT NULL DEFAULT TRUE,
    last_seq         INTEGER NOT NULL DEFAULT 0,
    last_cpk         REAL,
    last_measured_at TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX quality_characteristics_process ON quality_characteristics (process_id);
CREATE INDEX quality_characteristics_enterprise ON quality_characteristics (enterprise_id);

CREATE TABLE quality_batches (
    id                INTEGER PRIMARY KEY,
    characteristic_id INTEGER NOT NULL REFERENCES quality_characteristics (id),
    source            TEXT NOT NULL,
    created_by        INTEGER REFERENCES users (id),
    row_count         INTEGER NOT NULL,
    first_seq         INTEGER NOT NULL,
    created_at        TIMESTAMP NOT NULL
);
CREATE INDEX quality_batches_characteristic ON quality_batches (characteristic_id, id);

CREATE TABLE quality_measurements (
    characteristic_id INTEGER NOT NULL,
    seq               INTEGER NOT NULL,
    batch_id          INTEGER NOT NULL,
    subgroup          TEXT NOT NULL,
    taken_at          TIMESTAMP NOT NULL,
    value             REAL NOT NULL,
    size              REAL,
    PRIMARY KEY (characteristic_id, seq)
) WITHOUT ROWID;

CREATE TABLE quality_annotations (
    id                INTEGER PRIMARY KEY,
    characteristic_id INTEGER NOT NULL REFERENCES quality_characteristics (id),
    point_seq         INTEGER NOT NULL,
    subgroup          TEXT NOT NULL DEFAULT '',
    cause             TEXT NOT NULL,
    action            TEXT NOT NULL DEFAULT '',
    created_by        INTEGER REFERENCES users (id),
    created_at        TIMESTAMP NOT NULL
);
CREATE INDEX quality_annotations_characteristic ON quality_annotations (characteristic_id, point_seq);

CREATE TABLE quality_alerts (
    id                INTEGER PRIMARY KEY,
    characteristic_id INTEGER NOT NULL REFERENCES quality_characteristics (id),
    enterprise_id     INTEGER NOT NULL REFERENCES enterprises (id),
    rule              TEXT NOT NULL,
    point_seq         INTEGER NOT NULL,
    subgroup          TEXT NOT NULL DEFAULT '',
    value             REAL NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    read_at           TIMESTAMP,
    UNIQUE (characteristic_id, rule, point_seq)
);
CREATE INDEX quality_alerts_enterprise ON quality_alerts (enterprise_id, created_at);

-- +goose Down
DROP TABLE quality_alerts;
DROP TABLE quality_annotations;
DROP TABLE quality_measurements;
DROP TABLE quality_batches;
DROP TABLE quality_characteristics;
DROP TABLE quality_processes;
DROP TABLE quality_settings;
