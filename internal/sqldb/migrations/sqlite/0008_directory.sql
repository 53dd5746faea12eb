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

-- Added by the directory: the search text (folded name and organisation),
-- whether the expert is listed (active and consenting to the listing), the
-- credentials, the consent history and the personal-data requests.
ALTER TABLE experts ADD COLUMN search_folded TEXT NOT NULL DEFAULT '';
ALTER TABLE experts ADD COLUMN listed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX experts_listed_name ON experts (listed, name_folded, id);
CREATE INDEX experts_name ON experts (name_folded, id);
CREATE INDEX experts_listed_kind_name ON experts (listed, kind, name_folded, id);
CREATE INDEX organisations_name ON organisations (name_folded, id);
CREATE INDEX organisations_tax_code ON organisations (tax_code);
-- The expert search: a contentless FTS5 index of the folded name and
-- organisation (words, with 1- to 3-letter prefix indexes) and the filter
-- tags (l1 listed, k<kind>, t<tool>, t<tool><level> for each level up to the
-- expert's, s<sector>, p<province served>), so that words and filters
-- intersect inside the index (as the registry's enterprises_fts).
CREATE VIRTUAL TABLE experts_fts USING fts5 (
    words, tags, content='', contentless_delete=1, detail=column, prefix='1 2 3',
    tokenize='unicode61 remove_diacritics 2'
);

CREATE TABLE expert_credentials (
    id         INTEGER PRIMARY KEY,
    expert_id  INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    issuer     TEXT NOT NULL DEFAULT '',
    issued_on  TEXT NOT NULL,               -- yyyy-mm-dd
    expires_on TEXT NOT NULL DEFAULT ''     -- yyyy-mm-dd, '' = does not expire
);
CREATE INDEX expert_credentials_expert ON expert_credentials (expert_id, id);

-- Every consent given or withdrawn, per purpose, with the consent form's
-- version (experts.consents holds the current set).
CREATE TABLE expert_consent_events (
    id           INTEGER PRIMARY KEY,
    expert_id    INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    purpose      TEXT NOT NULL,
    given        BOOLEAN NOT NULL,
    form_version TEXT NOT NULL,
    at           TIMESTAMP NOT NULL,
    actor_id     INTEGER REFERENCES users (id)
);
CREATE INDEX expert_consent_events_expert ON expert_consent_events (expert_id, id);

CREATE TABLE privacy_requests (
    id           INTEGER PRIMARY KEY,
    expert_id    INTEGER NOT NULL REFERENCES experts (id),
    kind         TEXT NOT NULL,                       -- deletion
    status       TEXT NOT NULL DEFAULT 'pending',     -- pending, done
    note         TEXT NOT NULL DEFAULT '',
    requested_at TIMESTAMP NOT NULL,
    requested_by INTEGER REFERENCES users (id),
    done_at      TIMESTAMP,
    done_by      INTEGER REFERENCES users (id)
);
CREATE INDEX privacy_requests_status ON privacy_requests (status, id);
CREATE INDEX privacy_requests_expert ON privacy_requests (expert_id, id);

-- +goose Down
DROP TABLE experts_fts;
DROP TABLE privacy_requests;
DROP TABLE expert_consent_events;
DROP TABLE expert_credentials;
DROP TABLE expert_relations;
DROP TABLE expert_provinces;
DROP TABLE expert_sectors;
DROP TABLE expert_tools;
DROP TABLE experts;
DROP TABLE organisations;
