-- Contests and the honour roll (issue 8), the core every area shares:
-- contests (cycles) with their timeline (calendar days 'yyyy-mm-dd' in
-- Vietnam's zone), judging settings and eligibility rules (JSON); their
-- categories (award tiers as JSON) and rubric criteria; the enterprises'
-- entries (the form's answers, KPIs and linked activities as JSON: they
-- are read and written whole with the entry); and the honour roll, one
-- row per honoured enterprise or solution (from a contest's awards, one
-- per entry, or recorded by the ministry). The areas add their own tables
-- in later migrations.
-- +goose Up
CREATE TABLE contests (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL,
    year           INTEGER NOT NULL,
    kind           TEXT NOT NULL,                   -- yearly, adhoc
    province_code  TEXT NOT NULL DEFAULT '',        -- the organiser: '' the ministry
    entry_kind     TEXT NOT NULL,                   -- enterprise, solution
    rules_md       TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'draft',   -- draft, announced, judging, consensus, decided, cancelled
    entries_open   TEXT NOT NULL,
    entries_close  TEXT NOT NULL,
    judging_end    TEXT NOT NULL,
    publish_on     TEXT NOT NULL,
    min_judges     INTEGER NOT NULL DEFAULT 3,
    blind          INTEGER NOT NULL DEFAULT 0,
    eligibility    TEXT NOT NULL DEFAULT '{}',      -- JSON contest.Eligibility
    created_by     INTEGER REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contests_year ON contests (year, status);

CREATE TABLE contest_categories (
    id          INTEGER PRIMARY KEY,
    contest_id  INTEGER NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    basis       TEXT NOT NULL,                      -- sector, size, tool, open
    value       TEXT NOT NULL DEFAULT '',
    awards      TEXT NOT NULL DEFAULT '[]',         -- JSON [contest.AwardTier]
    position    INTEGER NOT NULL,
    UNIQUE (contest_id, code)
);

CREATE TABLE contest_criteria (
    id          INTEGER PRIMARY KEY,
    contest_id  INTEGER NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    guidance    TEXT NOT NULL DEFAULT '',
    max_points  REAL NOT NULL,
    tie_break   INTEGER NOT NULL DEFAULT 0,
    position    INTEGER NOT NULL,
    UNIQUE (contest_id, code)
);

CREATE TABLE contest_entries (
    id             INTEGER PRIMARY KEY,
    contest_id     INTEGER NOT NULL REFERENCES contests (id),
    category_id    INTEGER NOT NULL REFERENCES contest_categories (id),
    enterprise_id  INTEGER NOT NULL REFERENCES enterprises (id),
    code           TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL,
    summary_md     TEXT NOT NULL DEFAULT '',
    form           TEXT NOT NULL DEFAULT '{}',      -- JSON {criterion code: answer}
    kpis           TEXT NOT NULL DEFAULT '[]',      -- JSON [contest.EntryKPI]
    activity_ids   TEXT NOT NULL DEFAULT '[]',      -- JSON [activity id]
    status         TEXT NOT NULL DEFAULT 'draft',
    status_note    TEXT NOT NULL DEFAULT '',
    submitted_at   TIMESTAMP,
    created_by     INTEGER REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (contest_id, category_id, enterprise_id)
);
CREATE INDEX contest_entries_contest ON contest_entries (contest_id, status);
CREATE INDEX contest_entries_enterprise ON contest_entries (enterprise_id);

CREATE TABLE honours (
    id             INTEGER PRIMARY KEY,
    year           INTEGER NOT NULL,
    kind           TEXT NOT NULL,                   -- enterprise, solution
    enterprise_id  INTEGER NOT NULL REFERENCES enterprises (id),
    title          TEXT NOT NULL,
    award          TEXT NOT NULL DEFAULT '',
    contest_id     INTEGER REFERENCES contests (id),
    entry_id       INTEGER UNIQUE REFERENCES contest_entries (id),
    rank           INTEGER NOT NULL DEFAULT 0,
    score          REAL NOT NULL DEFAULT 0,
    summary_md     TEXT NOT NULL DEFAULT '',
    story_md       TEXT NOT NULL DEFAULT '',
    kpis           TEXT NOT NULL DEFAULT '[]',
    slug           TEXT NOT NULL,
    published_on   TEXT NOT NULL,
    hidden         INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, slug)
);
CREATE INDEX honours_year ON honours (year, published_on);
CREATE INDEX honours_enterprise ON honours (enterprise_id);

-- +goose Down
DROP TABLE honours;
DROP TABLE contest_entries;
DROP TABLE contest_criteria;
DROP TABLE contest_categories;
DROP TABLE contests;
