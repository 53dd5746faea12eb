-- Self-diagnosis (issue 4): the versioned questionnaire and the enterprises'
-- diagnoses. Why these shapes:
--   * a questionnaire version is one JSON document (dimensions, questions,
--     answer options, weights, improvement-path rules): it is read whole,
--     edited whole as a draft and never changes once published, so rows per
--     question would buy nothing but joins;
--   * a diagnosis keeps its questionnaire version and, once submitted, its
--     result (scores, levels, path as JSON) as computed then, so a later
--     version never changes an old result;
--   * province, sector and size class are copied onto the diagnosis at
--     start and again at submission: officers are scoped by the province
--     and peers are found by (year, sector, size class) on one index,
--     without reading the registry;
--   * answers are rows, one per question, written one at a time as the
--     enterprise answers (drafts are resumable).
-- The default questionnaire (version 1) is written at start-up by the
-- diagnosis service when no version exists. Same tables as the PostgreSQL
-- twin of this file.
-- +goose Up
CREATE TABLE diagnosis_questionnaires (
    version      INTEGER PRIMARY KEY,
    status       TEXT NOT NULL,              -- draft, published
    content      TEXT NOT NULL,              -- JSON: dimensions, rules, prerequisites
    created_at   TIMESTAMP NOT NULL,
    created_by   INTEGER,
    updated_at   TIMESTAMP NOT NULL,
    published_at TIMESTAMP,
    published_by INTEGER
);

CREATE TABLE diagnoses (
    id              INTEGER PRIMARY KEY,
    enterprise_id   INTEGER NOT NULL REFERENCES enterprises (id),
    year            INTEGER NOT NULL,
    version         INTEGER NOT NULL REFERENCES diagnosis_questionnaires (version),
    status          TEXT NOT NULL,           -- draft, submitted
    province_code   TEXT NOT NULL DEFAULT '',
    sector          TEXT NOT NULL DEFAULT '', -- ind:<priority industry> or sec:<VSIC section>
    size_class      TEXT NOT NULL DEFAULT '',
    score           REAL NOT NULL DEFAULT 0,  -- overall, 1.00–5.00, once submitted
    level           INTEGER NOT NULL DEFAULT 0,
    levels          TEXT NOT NULL DEFAULT '[]', -- JSON
    path            TEXT NOT NULL DEFAULT '[]', -- JSON
    created_at      TIMESTAMP NOT NULL,
    created_by      INTEGER,
    updated_at      TIMESTAMP NOT NULL,
    submitted_at    TIMESTAMP,
    submitted_by    INTEGER,
    UNIQUE (enterprise_id, year)
);
CREATE INDEX diagnoses_peers ON diagnoses (year, sector, size_class, status, score, enterprise_id);
CREATE INDEX diagnoses_province ON diagnoses (status, province_code, year);

CREATE TABLE diagnosis_answers (
    diagnosis_id INTEGER NOT NULL REFERENCES diagnoses (id) ON DELETE CASCADE,
    question     TEXT NOT NULL,
    value        INTEGER NOT NULL CHECK (value BETWEEN 1 AND 5),
    answered_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (diagnosis_id, question)
) WITHOUT ROWID; -- the key is the only index: a diagnosis's answers are read together, and written in bulk by the demo

-- +goose Down
DROP TABLE diagnosis_answers;
DROP TABLE diagnoses;
DROP TABLE diagnosis_questionnaires;
