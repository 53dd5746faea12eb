-- Matching (issue 4): needs an enterprise publishes on the needs board, the
-- interest experts express in them, and the engagements that follow when the
-- enterprise accepts one. A need keeps a copy of what the board shows
-- (industry, province, size class, maturity levels, tools) taken when it is
-- published, so the board never reads the enterprise's record and cannot
-- leak its identity. need_tools holds the tools of a need by priority (rank
-- 1 first), indexed by tool so that an expert's default board ("needs of my
-- tools") is an index lookup. A need has at most one engagement (UNIQUE
-- need_id); an expert expresses interest in a need once.
-- experts_updated makes MAX(updated_at), the version of the ranking's
-- in-memory profiles, an index lookup.
-- +goose Up
CREATE INDEX experts_updated ON experts (updated_at);
CREATE TABLE needs (
    id               INTEGER PRIMARY KEY,
    enterprise_id    INTEGER NOT NULL REFERENCES enterprises (id),
    diagnosis_id     INTEGER NOT NULL DEFAULT 0,       -- the diagnosis it came from, 0 if entered directly
    status           TEXT NOT NULL DEFAULT 'open',     -- open, filled, withdrawn
    description      TEXT NOT NULL DEFAULT '',
    industry         TEXT NOT NULL DEFAULT '',         -- priority industry at publication
    province_code    TEXT NOT NULL,
    size_class       TEXT NOT NULL DEFAULT '',
    levels           TEXT NOT NULL DEFAULT '[]',       -- JSON: maturity per dimension at publication
    tools            TEXT NOT NULL,                    -- comma-separated tool codes, priority order
    published_by     INTEGER REFERENCES users (id),
    contact_email    TEXT NOT NULL DEFAULT '',         -- where the enterprise's notices go; never shown on the board
    published_at     TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX needs_status_published ON needs (status, published_at, id);
CREATE INDEX needs_enterprise ON needs (enterprise_id, id);
CREATE INDEX needs_province ON needs (province_code, status, id);

CREATE TABLE need_tools (
    need_id   INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    tool_code TEXT NOT NULL,
    rank      INTEGER NOT NULL,
    PRIMARY KEY (need_id, tool_code)
);
CREATE INDEX need_tools_tool ON need_tools (tool_code, need_id);

CREATE TABLE need_interests (
    id          INTEGER PRIMARY KEY,
    need_id     INTEGER NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    expert_id   INTEGER NOT NULL REFERENCES experts (id),
    message     TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'pending',       -- pending, accepted, declined, filled (another expert was accepted), withdrawn
    created_at  TIMESTAMP NOT NULL,
    decided_at  TIMESTAMP,
    UNIQUE (need_id, expert_id)
);
CREATE INDEX need_interests_expert ON need_interests (expert_id, id);

CREATE TABLE engagements (
    id             INTEGER PRIMARY KEY,
    need_id        INTEGER NOT NULL UNIQUE REFERENCES needs (id),
    enterprise_id  INTEGER NOT NULL REFERENCES enterprises (id),
    expert_id      INTEGER NOT NULL REFERENCES experts (id),
    interest_id    INTEGER NOT NULL REFERENCES need_interests (id),
    status         TEXT NOT NULL DEFAULT 'active',     -- active, completed
    accepted_at    TIMESTAMP NOT NULL,
    completed_at   TIMESTAMP,
    rating         INTEGER NOT NULL DEFAULT 0,         -- 1–5 once rated, 0 before
    rating_comment TEXT NOT NULL DEFAULT '',
    rated_at       TIMESTAMP
);
CREATE INDEX engagements_expert ON engagements (expert_id, id);
CREATE INDEX engagements_enterprise ON engagements (enterprise_id, id);

-- +goose Down
DROP INDEX experts_updated;
DROP TABLE engagements;
DROP TABLE need_interests;
DROP TABLE need_tools;
DROP TABLE needs;
