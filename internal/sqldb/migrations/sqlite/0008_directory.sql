-- Directory (issue 4): organisations and experts. The core columns below are
-- read by the matching store (ranking, needs board, track record), so they
-- keep their names and meaning; the directory adds what it needs beside them.
-- Expertise, sectors and provinces served are rows (one per tool, sector or
-- province) so that "experts of tool X in province Y" is an index lookup.
-- The track-record counters (active_engagements, engagements_completed,
-- rating_sum, rating_count) are kept by the matching store as engagements are
-- accepted, completed and rated. Matching ranks only experts with status
-- 'active' whose consents include 'matching'.
-- +goose Up
CREATE TABLE organisations (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,            -- consulting, research, certification, testing_lab, training, university
    name             TEXT NOT NULL,
    name_folded      TEXT NOT NULL DEFAULT '',
    short_name       TEXT NOT NULL DEFAULT '',
    tax_code         TEXT NOT NULL DEFAULT '',
    enterprise_id    INTEGER REFERENCES enterprises (id), -- the registry's record of the same legal entity, if any
    province_code    TEXT NOT NULL DEFAULT '',
    address          TEXT NOT NULL DEFAULT '',
    website          TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL DEFAULT '',
    vilas_number     TEXT NOT NULL DEFAULT '', -- "VILAS 357", testing labs only
    vilas_valid_from TEXT NOT NULL DEFAULT '', -- ISO 8601 date
    vilas_valid_to   TEXT NOT NULL DEFAULT '',
    test_scope       TEXT NOT NULL DEFAULT '',
    equipment        TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'active',
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX organisations_enterprise ON organisations (enterprise_id);
CREATE INDEX organisations_kind_province ON organisations (kind, province_code, id);

CREATE TABLE experts (
    id                    INTEGER PRIMARY KEY,
    user_id               INTEGER UNIQUE REFERENCES users (id), -- the expert's own account, if any
    organisation_id       INTEGER REFERENCES organisations (id),
    kind                  TEXT NOT NULL DEFAULT 'expert',    -- expert (chuyên gia tư vấn) or practitioner (cán bộ thực hành cải tiến)
    name                  TEXT NOT NULL,
    name_folded           TEXT NOT NULL DEFAULT '',
    title                 TEXT NOT NULL DEFAULT '',          -- TS., ThS., PGS.TS. …
    email                 TEXT NOT NULL DEFAULT '',          -- lower case; unique when not empty
    id_number             TEXT NOT NULL DEFAULT '',          -- CCCD; unique when not empty; never public
    phone                 TEXT NOT NULL DEFAULT '',
    province_code         TEXT NOT NULL DEFAULT '',          -- where the expert is based
    languages             TEXT NOT NULL DEFAULT 'vi',        -- comma-separated ISO 639-1 codes
    bio                   TEXT NOT NULL DEFAULT '',
    capacity              INTEGER NOT NULL DEFAULT 1,        -- concurrent engagements the expert takes
    active_engagements    INTEGER NOT NULL DEFAULT 0,
    engagements_completed INTEGER NOT NULL DEFAULT 0,
    rating_sum            INTEGER NOT NULL DEFAULT 0,        -- sum of enterprise ratings (1–5)
    rating_count          INTEGER NOT NULL DEFAULT 0,
    public_fields         TEXT NOT NULL DEFAULT '',          -- comma-separated field names the person made public
    consents              TEXT NOT NULL DEFAULT '',          -- purposes consented to now, comma-separated: listing,matching,publication,contact (history elsewhere)
    status                TEXT NOT NULL DEFAULT 'active',    -- active, inactive, anonymised
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX experts_email ON experts (email) WHERE email <> '';
CREATE UNIQUE INDEX experts_id_number ON experts (id_number) WHERE id_number <> '';
CREATE INDEX experts_organisation ON experts (organisation_id);

-- level: 1 practitioner (thực hành), 2 consultant (tư vấn), 3 lead consultant (tư vấn trưởng).
CREATE TABLE expert_tools (
    expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    tool_code TEXT NOT NULL,
    level     INTEGER NOT NULL,
    PRIMARY KEY (expert_id, tool_code)
);
CREATE INDEX expert_tools_tool ON expert_tools (tool_code, expert_id, level);

-- industry: a priority industry code of the registry (textiles, plastics, …) or 'other'.
CREATE TABLE expert_sectors (
    expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    industry  TEXT NOT NULL,
    PRIMARY KEY (expert_id, industry)
);
CREATE INDEX expert_sectors_industry ON expert_sectors (industry, expert_id);

CREATE TABLE expert_provinces (
    expert_id     INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    province_code TEXT NOT NULL,
    PRIMARY KEY (expert_id, province_code)
);
CREATE INDEX expert_provinces_province ON expert_provinces (province_code, expert_id);

-- Relations an expert declares with enterprises (employment, ownership,
-- family, earlier consulting): a conflict of interest for matching.
CREATE TABLE expert_relations (
    expert_id     INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises (id),
    kind          TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    declared_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (expert_id, enterprise_id)
);
CREATE INDEX expert_relations_enterprise ON expert_relations (enterprise_id, expert_id);

-- +goose Down
DROP TABLE expert_relations;
DROP TABLE expert_provinces;
DROP TABLE expert_sectors;
DROP TABLE expert_tools;
DROP TABLE experts;
DROP TABLE organisations;
