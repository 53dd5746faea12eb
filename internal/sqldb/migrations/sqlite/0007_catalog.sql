-- Catalogue (issue 4): the improvement tools and the national standards
-- (TCVN, QCVN). The shipped tools are written by catalog.Service.EnsureBuiltin
-- at every start when missing (the content lives in Go, in both languages);
-- a row that exists is never overwritten, so an administrator's edits stay.
-- Lists (prerequisites, sectors) are comma-separated codes: they are read
-- whole with the tool and never searched in SQL.
-- +goose Up
CREATE TABLE catalog_tools (
    code          TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    position      INTEGER NOT NULL DEFAULT 0,
    name_vi       TEXT NOT NULL,
    name_en       TEXT NOT NULL DEFAULT '',
    purpose_vi    TEXT NOT NULL DEFAULT '',
    purpose_en    TEXT NOT NULL DEFAULT '',
    results_vi    TEXT NOT NULL DEFAULT '',
    results_en    TEXT NOT NULL DEFAULT '',
    prerequisites TEXT NOT NULL DEFAULT '',
    sectors       TEXT NOT NULL DEFAULT '',
    standard      TEXT NOT NULL DEFAULT '',  -- TCVN designation of a management system
    hidden        BOOLEAN NOT NULL DEFAULT FALSE,
    builtin       BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at    TIMESTAMP NOT NULL
);

-- sort_key orders designations numerically (catalog.Notation.SortKey).
-- The search goes through standard_words (below), not a scan of the titles.
CREATE TABLE standards (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,          -- canonical designation, without the adopted standard
    kind           TEXT NOT NULL,                 -- TCVN, QCVN
    series         TEXT NOT NULL DEFAULT '',      -- ISO, ISO/IEC
    number         TEXT NOT NULL,
    year           INTEGER NOT NULL,
    body           TEXT NOT NULL DEFAULT '',      -- QCVN issuing ministry
    adopted        TEXT NOT NULL DEFAULT '',      -- ISO 15:1998
    title_vi       TEXT NOT NULL,
    title_en       TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'in_force',
    replaced_by_id INTEGER REFERENCES standards (id),
    issuer         TEXT NOT NULL DEFAULT '',
    sector         TEXT NOT NULL DEFAULT '',
    ics            TEXT NOT NULL DEFAULT '',
    effective_on   TEXT NOT NULL DEFAULT '',      -- ISO 8601 date
    sort_key       TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX standards_sort ON standards (sort_key);
CREATE INDEX standards_replaced_by ON standards (replaced_by_id);
CREATE INDEX standards_status ON standards (status, sort_key);
CREATE INDEX standards_kind ON standards (kind, sort_key);
CREATE INDEX standards_sector ON standards (sector, sort_key);

-- The words of each standard's designation and titles, folded (no
-- diacritics, lower case, punctuation as spaces), and its ICS codes as
-- "#03.120.10" (catalog.Standard.Words). A
-- query word w matches the words in [w, w + U+10FFFF): a prefix range on the
-- primary key, so a search reads a few index ranges instead of every title.
CREATE TABLE standard_words (
    word        TEXT NOT NULL,
    standard_id INTEGER NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
    PRIMARY KEY (word, standard_id)
) WITHOUT ROWID;
CREATE INDEX standard_words_standard ON standard_words (standard_id);

-- An uploaded standards file, checked and waiting for confirmation.
CREATE TABLE standard_imports (
    id         INTEGER PRIMARY KEY,
    file_name  TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id),
    rows_json  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    applied_at TIMESTAMP
);

-- +goose Down
DROP TABLE standard_imports;
DROP TABLE standard_words;
DROP TABLE standards;
DROP TABLE catalog_tools;
