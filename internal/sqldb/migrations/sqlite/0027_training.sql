-- Training (issue 6): courses of an improvement tool at a level, with their
-- curriculum (modules and hours, as JSON) and how participants are assessed
-- (a written exam with a pass mark, or a practical assessment); sessions
-- of a course (dates, place, trainer, capacity), enrolments in a session
-- with each participant's attendance (hours attended) and result (exam
-- score, or practical pass/fail) on the enrolment's row, since both are
-- one value per participant; the practitioner credentials completion
-- issues (sealed like certificates: the signed code is kept); counters
-- that number credentials and accreditations without a gap or a collision
-- under concurrent completions; and the history of each assessor's
-- accreditation (grant, renewals, suspension, withdrawal), since the
-- accreditation row (0022) only keeps the current expiry. Dates without a
-- time are TEXT 'yyyy-mm-dd' (Vietnam's calendar day).
-- +goose Up
CREATE TABLE training_courses (
    id                  INTEGER PRIMARY KEY,
    tool_code           TEXT NOT NULL REFERENCES catalog_tools (code),
    level               INTEGER NOT NULL,               -- 1 basic, 2 practitioner, 3 expert
    title               TEXT NOT NULL,
    summary             TEXT NOT NULL DEFAULT '',
    modules             TEXT NOT NULL DEFAULT '[]',     -- JSON [{"title": …, "hours": …}]
    total_hours         INTEGER NOT NULL,
    assessment          TEXT NOT NULL,                  -- exam, practical
    pass_mark           INTEGER NOT NULL DEFAULT 0,     -- of 100, for an exam
    min_attendance_pct  INTEGER NOT NULL DEFAULT 80,
    validity_months     INTEGER NOT NULL DEFAULT 0,     -- 0: the credential does not expire
    province_code       TEXT NOT NULL DEFAULT '',       -- the owner: '' the ministry, else a province
    archived            INTEGER NOT NULL DEFAULT 0,
    created_by          INTEGER REFERENCES users (id),
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX training_courses_tool ON training_courses (tool_code, level);

-- enrolled counts the enrolments that are not cancelled: the capacity check
-- is one conditional UPDATE of it, safe under concurrent enrolments.
CREATE TABLE training_sessions (
    id                 INTEGER PRIMARY KEY,
    course_id          INTEGER NOT NULL REFERENCES training_courses (id),
    starts_on          TEXT NOT NULL,
    ends_on            TEXT NOT NULL,
    place              TEXT NOT NULL,
    province_code      TEXT NOT NULL,
    trainer_name       TEXT NOT NULL DEFAULT '',
    trainer_expert_id  INTEGER REFERENCES experts (id),
    capacity           INTEGER NOT NULL,
    enrolled           INTEGER NOT NULL DEFAULT 0,
    status             TEXT NOT NULL DEFAULT 'planned', -- planned, open, in_progress, completed, cancelled
    note               TEXT NOT NULL DEFAULT '',
    cancel_reason      TEXT NOT NULL DEFAULT '',
    completed_at       TIMESTAMP,
    created_by         INTEGER REFERENCES users (id),
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX training_sessions_when ON training_sessions (status, starts_on);
CREATE INDEX training_sessions_course ON training_sessions (course_id, starts_on);
CREATE INDEX training_sessions_province ON training_sessions (province_code, starts_on);

-- attended_hours, score and passed are NULL until recorded.
CREATE TABLE training_enrolments (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES training_sessions (id),
    full_name       TEXT NOT NULL,
    email           TEXT NOT NULL,                      -- lower case
    job_title       TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    enterprise_id   INTEGER REFERENCES enterprises (id),
    user_id         INTEGER REFERENCES users (id),      -- the participant's own account, when they enrolled themself
    status          TEXT NOT NULL DEFAULT 'enrolled',   -- enrolled, cancelled, passed, not_passed
    attended_hours  INTEGER,
    score           INTEGER,
    passed          INTEGER,
    result_note     TEXT NOT NULL DEFAULT '',
    enrolled_by     INTEGER REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX training_enrolments_once ON training_enrolments (session_id, email) WHERE status <> 'cancelled';
CREATE INDEX training_enrolments_enterprise ON training_enrolments (enterprise_id, id);
CREATE INDEX training_enrolments_user ON training_enrolments (user_id, id);

CREATE TABLE practitioner_credentials (
    id               INTEGER PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,
    code             TEXT NOT NULL,                     -- the signed verification code
    enrolment_id     INTEGER NOT NULL UNIQUE REFERENCES training_enrolments (id),
    session_id       INTEGER NOT NULL REFERENCES training_sessions (id),
    course_id        INTEGER NOT NULL REFERENCES training_courses (id),
    holder_name      TEXT NOT NULL,
    holder_email     TEXT NOT NULL DEFAULT '',
    holder_folded    TEXT NOT NULL DEFAULT '',          -- vn.Fold(holder_name), for the search
    user_id          INTEGER REFERENCES users (id),
    enterprise_id    INTEGER REFERENCES enterprises (id),
    enterprise_name  TEXT NOT NULL DEFAULT '',          -- as at issue
    enterprise_province TEXT NOT NULL DEFAULT '',       -- as at issue: its province's officers see it too
    province_code    TEXT NOT NULL,                     -- the session's: the issuing scope
    tool_code        TEXT NOT NULL,
    tool_name_vi     TEXT NOT NULL,
    tool_name_en     TEXT NOT NULL,
    level            INTEGER NOT NULL,
    course_title     TEXT NOT NULL,
    issued_on        TEXT NOT NULL,
    expires_on       TEXT NOT NULL DEFAULT '',          -- '' when it does not expire
    issuer           TEXT NOT NULL,
    issued_by        INTEGER REFERENCES users (id),
    status           TEXT NOT NULL DEFAULT 'valid',     -- valid, revoked (expired is read from expires_on)
    revoked_at       TIMESTAMP,
    revoked_by       INTEGER REFERENCES users (id),
    revoked_reason   TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX practitioner_credentials_enterprise ON practitioner_credentials (enterprise_id, status, id);
CREATE INDEX practitioner_credentials_province ON practitioner_credentials (province_code, id);
CREATE INDEX practitioner_credentials_ent_province ON practitioner_credentials (enterprise_province, id);
CREATE INDEX practitioner_credentials_user ON practitioner_credentials (user_id, id);

-- One row per number series (e.g. 'TH-KAIZEN-2026'): the last number given.
CREATE TABLE training_counters (
    key  TEXT PRIMARY KEY,
    n    INTEGER NOT NULL
);

CREATE TABLE accreditation_events (
    id                INTEGER PRIMARY KEY,
    accreditation_id  INTEGER NOT NULL REFERENCES assessor_accreditations (id),
    action            TEXT NOT NULL,                    -- grant, renew, suspend, reinstate, withdraw
    expires_before    TEXT NOT NULL DEFAULT '',
    expires_after     TEXT NOT NULL DEFAULT '',
    reason            TEXT NOT NULL DEFAULT '',
    actor_id          INTEGER REFERENCES users (id),
    at                TIMESTAMP NOT NULL
);
CREATE INDEX accreditation_events_of ON accreditation_events (accreditation_id, id);

-- +goose Down
DROP TABLE accreditation_events;
DROP TABLE training_counters;
DROP TABLE practitioner_credentials;
DROP TABLE training_enrolments;
DROP TABLE training_sessions;
DROP TABLE training_courses;
