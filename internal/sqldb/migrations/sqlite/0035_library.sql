-- The case library and the knowledge base (issue 8): case studies of
-- pilot models and solutions (the enterprise, the problem, the tools as a
-- comma-bracketed list ",5s,kaizen," for filtering, the KPIs typed by the
-- editor as JSON, the linked programme activity whose verified results
-- replace them, a contact for visits shown only with consent), their
-- photos (processed JPEGs and thumbnails), the guides of each improvement
-- tool (Markdown, video links as JSON) and their downloadable templates.
-- search_folded holds the folded text a visitor searches.
-- +goose Up
CREATE TABLE library_cases (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    enterprise_id   INTEGER NOT NULL REFERENCES enterprises (id),
    activity_id     INTEGER,                             -- a programme pilot model (checked by the service)
    province_code   TEXT NOT NULL,
    industry        TEXT NOT NULL DEFAULT '',
    vsic            TEXT NOT NULL DEFAULT '',
    size_class      TEXT NOT NULL DEFAULT '',
    tools           TEXT NOT NULL DEFAULT ',',
    summary         TEXT NOT NULL DEFAULT '',
    problem_md      TEXT NOT NULL DEFAULT '',
    solution_md     TEXT NOT NULL DEFAULT '',
    lessons_md      TEXT NOT NULL DEFAULT '',
    kpis            TEXT NOT NULL DEFAULT '[]',
    contact_name    TEXT NOT NULL DEFAULT '',
    contact_role    TEXT NOT NULL DEFAULT '',
    contact_phone   TEXT NOT NULL DEFAULT '',
    contact_email   TEXT NOT NULL DEFAULT '',
    contact_consent INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL DEFAULT 'draft',
    published_at    TIMESTAMP,
    search_folded   TEXT NOT NULL DEFAULT '',
    created_by      INTEGER REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX library_cases_published ON library_cases (status, published_at);
CREATE INDEX library_cases_enterprise ON library_cases (enterprise_id);
CREATE INDEX library_cases_activity ON library_cases (activity_id);

CREATE TABLE library_case_photos (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES library_cases (id) ON DELETE CASCADE,
    caption      TEXT NOT NULL DEFAULT '',
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    size         INTEGER NOT NULL,
    content      BLOB NOT NULL,
    thumb        BLOB NOT NULL,
    uploaded_by  INTEGER REFERENCES users (id),
    uploaded_at  TIMESTAMP NOT NULL
);
CREATE INDEX library_case_photos_case ON library_case_photos (case_id, id);

CREATE TABLE library_guides (
    id             INTEGER PRIMARY KEY,
    tool_code      TEXT NOT NULL REFERENCES catalog_tools (code),
    title          TEXT NOT NULL,
    summary        TEXT NOT NULL DEFAULT '',
    body_md        TEXT NOT NULL DEFAULT '',
    videos         TEXT NOT NULL DEFAULT '[]',
    province_code  TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'draft',
    published_at   TIMESTAMP,
    search_folded  TEXT NOT NULL DEFAULT '',
    created_by     INTEGER REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX library_guides_tool ON library_guides (tool_code, status);

CREATE TABLE library_guide_files (
    id            INTEGER PRIMARY KEY,
    guide_id      INTEGER NOT NULL REFERENCES library_guides (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    data          BLOB NOT NULL,
    uploaded_by   INTEGER REFERENCES users (id),
    uploaded_at   TIMESTAMP NOT NULL
);
CREATE INDEX library_guide_files_guide ON library_guide_files (guide_id, id);

-- +goose Down
DROP TABLE library_guide_files;
DROP TABLE library_guides;
DROP TABLE library_case_photos;
DROP TABLE library_cases;
