-- Assessment and certification (issue 6): assessment schemes and their
-- versions (the body, as JSON: sections, items, scales, weights, levels),
-- assessments of enterprises in two record modes (self, independent; state
-- recognition is recorded on the independent assessment it recognises),
-- their answers, photo evidence and findings with corrective actions, the
-- certificates recognition issues (with the signed code their QR carries),
-- and the assessors' accreditations per scheme. Dates without a time are
-- TEXT 'yyyy-mm-dd' (Vietnam's calendar day).
-- +goose Up
CREATE TABLE assessment_schemes (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    name_vi          TEXT NOT NULL,
    name_en          TEXT NOT NULL,
    kind             TEXT NOT NULL,                  -- assessment.Kind
    tools            TEXT NOT NULL DEFAULT '',       -- catalogue tool codes, comma-separated
    shipped          INTEGER NOT NULL DEFAULT 0,
    validity_months  INTEGER NOT NULL DEFAULT 36,
    archived         INTEGER NOT NULL DEFAULT 0,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);

-- A version of a scheme. At most one draft and one published version per
-- scheme (partial unique indexes); publishing retires the previous one.
CREATE TABLE scheme_versions (
    id            INTEGER PRIMARY KEY,
    scheme_id     INTEGER NOT NULL REFERENCES assessment_schemes (id),
    no            INTEGER NOT NULL,
    status        TEXT NOT NULL,                     -- draft, published, retired
    body          TEXT NOT NULL,                     -- assessment.Body as JSON
    note          TEXT NOT NULL DEFAULT '',
    published_at  TIMESTAMP,
    published_by  INTEGER REFERENCES users (id),
    created_by    INTEGER REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    rev           INTEGER NOT NULL DEFAULT 1,
    UNIQUE (scheme_id, no)
);
CREATE UNIQUE INDEX scheme_versions_one_draft ON scheme_versions (scheme_id) WHERE status = 'draft';
CREATE UNIQUE INDEX scheme_versions_one_published ON scheme_versions (scheme_id) WHERE status = 'published';

CREATE TABLE assessments (
    id                INTEGER PRIMARY KEY,
    enterprise_id     INTEGER NOT NULL REFERENCES enterprises (id),
    province_code     TEXT NOT NULL,                 -- the enterprise's, when created (scope checks, lists)
    scheme_id         INTEGER NOT NULL REFERENCES assessment_schemes (id),
    version_id        INTEGER NOT NULL REFERENCES scheme_versions (id),
    mode              TEXT NOT NULL,                 -- self, independent
    status            TEXT NOT NULL,
    site              TEXT NOT NULL DEFAULT '',
    assessor_id       INTEGER REFERENCES users (id),
    based_on          INTEGER REFERENCES assessments (id),
    started_at        TIMESTAMP,
    submitted_at      TIMESTAMP,
    score_pct         REAL NOT NULL DEFAULT 0,
    points            REAL NOT NULL DEFAULT 0,
    level_code        TEXT NOT NULL DEFAULT '',
    recognised_at     TIMESTAMP,
    recognised_by     INTEGER REFERENCES users (id),
    decision_no       TEXT NOT NULL DEFAULT '',
    decision_date     TEXT NOT NULL DEFAULT '',
    recognition_note  TEXT NOT NULL DEFAULT '',
    cancel_reason     TEXT NOT NULL DEFAULT '',
    created_by        INTEGER REFERENCES users (id),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX assessments_enterprise ON assessments (enterprise_id, id);
CREATE INDEX assessments_assessor ON assessments (assessor_id, status, id);
CREATE INDEX assessments_status ON assessments (status, province_code, id);

CREATE TABLE assessment_answers (
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    item_key       TEXT NOT NULL,
    value          INTEGER NOT NULL DEFAULT 0,
    na             INTEGER NOT NULL DEFAULT 0,
    note           TEXT NOT NULL DEFAULT '',
    answered_by    INTEGER REFERENCES users (id),
    answered_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (assessment_id, item_key)
);

-- Photo evidence of an item: the re-encoded image (metadata stripped) and
-- its thumbnail.
CREATE TABLE assessment_photos (
    id             INTEGER PRIMARY KEY,
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    item_key       TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    width          INTEGER NOT NULL,
    height         INTEGER NOT NULL,
    size           INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    content        BLOB NOT NULL,
    thumb          BLOB NOT NULL,
    uploaded_by    INTEGER REFERENCES users (id),
    uploaded_at    TIMESTAMP NOT NULL
);
CREATE INDEX assessment_photos_item ON assessment_photos (assessment_id, item_key, id);

-- A finding of an assessment with its corrective action, owner and due
-- date, tracked to closure.
CREATE TABLE assessment_findings (
    id                 INTEGER PRIMARY KEY,
    assessment_id      INTEGER NOT NULL REFERENCES assessments (id),
    enterprise_id      INTEGER NOT NULL REFERENCES enterprises (id),
    item_key           TEXT NOT NULL DEFAULT '',
    description        TEXT NOT NULL,
    corrective_action  TEXT NOT NULL DEFAULT '',
    owner_name         TEXT NOT NULL DEFAULT '',
    due_date           TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT 'open',  -- open, done, closed
    closure_note       TEXT NOT NULL DEFAULT '',
    closed_at          TIMESTAMP,
    closed_by          INTEGER REFERENCES users (id),
    created_by         INTEGER REFERENCES users (id),
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX assessment_findings_assessment ON assessment_findings (assessment_id, id);
CREATE INDEX assessment_findings_enterprise ON assessment_findings (enterprise_id, status, due_date);

CREATE TABLE certificates (
    id               INTEGER PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,
    code             TEXT NOT NULL,                  -- the signed verification code
    enterprise_id    INTEGER NOT NULL REFERENCES enterprises (id),
    enterprise_name  TEXT NOT NULL,
    name_folded      TEXT NOT NULL,                  -- vn.Fold(enterprise_name), for the register's search
    tax_code         TEXT NOT NULL,
    province_code    TEXT NOT NULL,
    assessment_id    INTEGER NOT NULL UNIQUE REFERENCES assessments (id),
    scheme_id        INTEGER NOT NULL REFERENCES assessment_schemes (id),
    scheme_code      TEXT NOT NULL,
    scheme_name_vi   TEXT NOT NULL,
    scheme_name_en   TEXT NOT NULL,
    version_no       INTEGER NOT NULL,
    level_code       TEXT NOT NULL,
    level_name_vi    TEXT NOT NULL,
    level_name_en    TEXT NOT NULL,
    score_pct        REAL NOT NULL,
    issued_on        TEXT NOT NULL,
    expires_on       TEXT NOT NULL DEFAULT '',       -- '' when it does not expire
    issuer           TEXT NOT NULL,
    signer           TEXT NOT NULL DEFAULT '',
    issued_by        INTEGER REFERENCES users (id),
    status           TEXT NOT NULL DEFAULT 'valid',  -- valid, expired, revoked
    revoked_at       TIMESTAMP,
    revoked_by       INTEGER REFERENCES users (id),
    revoked_reason   TEXT NOT NULL DEFAULT '',
    reminded_at      TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX certificates_enterprise ON certificates (enterprise_id, id);
CREATE INDEX certificates_register ON certificates (status, province_code, scheme_code, id);
CREATE INDEX certificates_expiry ON certificates (status, expires_on);

CREATE TABLE assessor_accreditations (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    scheme_id   INTEGER NOT NULL REFERENCES assessment_schemes (id),
    number      TEXT NOT NULL UNIQUE,
    granted_on  TEXT NOT NULL,
    expires_on  TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'active',      -- active, suspended, withdrawn
    note        TEXT NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (user_id, scheme_id)
);
CREATE INDEX assessor_accreditations_scheme ON assessor_accreditations (scheme_id, status, expires_on);

-- +goose Down
DROP TABLE assessor_accreditations;
DROP TABLE certificates;
DROP TABLE assessment_findings;
DROP TABLE assessment_photos;
DROP TABLE assessment_answers;
DROP TABLE assessments;
DROP TABLE scheme_versions;
DROP TABLE assessment_schemes;
