-- Judging and results of contests (issue 8): each contest's pool of
-- judges (users of role judge, with their organisation and its province
-- for the conflict-of-interest rules, and an optional directory expert
-- for the "own consultant" rule); conflicts declared by judges on
-- entries; assignments of judges to entries with their scores per
-- criterion (JSON {criterion code: {points, comment}}, read and written
-- whole); the organiser's consensus scores; the phase changes (with the
-- note of a forced close); and the frozen results once decided.
-- +goose Up
CREATE TABLE contest_judges (
    id              INTEGER PRIMARY KEY,
    contest_id      INTEGER NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    organisation    TEXT NOT NULL DEFAULT '',
    org_province    TEXT NOT NULL DEFAULT '',
    provincial_org  INTEGER NOT NULL DEFAULT 0,
    expert_id       INTEGER REFERENCES experts (id),
    added_at        TIMESTAMP NOT NULL,
    UNIQUE (contest_id, user_id)
);

CREATE TABLE contest_conflicts (
    id           INTEGER PRIMARY KEY,
    contest_id   INTEGER NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    entry_id     INTEGER NOT NULL REFERENCES contest_entries (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    reason       TEXT NOT NULL,
    declared_at  TIMESTAMP NOT NULL,
    UNIQUE (entry_id, user_id)
);
CREATE INDEX contest_conflicts_contest ON contest_conflicts (contest_id, user_id);

CREATE TABLE contest_assignments (
    id            INTEGER PRIMARY KEY,
    contest_id    INTEGER NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    entry_id      INTEGER NOT NULL REFERENCES contest_entries (id),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    status        TEXT NOT NULL DEFAULT 'assigned',   -- assigned, draft, submitted
    marks         TEXT NOT NULL DEFAULT '{}',         -- JSON {criterion code: {points, comment}}
    comment       TEXT NOT NULL DEFAULT '',
    submitted_at  TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    UNIQUE (entry_id, user_id)
);
CREATE INDEX contest_assignments_contest ON contest_assignments (contest_id, user_id);
CREATE INDEX contest_assignments_user ON contest_assignments (user_id, status);

CREATE TABLE contest_consensus (
    entry_id     INTEGER PRIMARY KEY REFERENCES contest_entries (id),
    contest_id   INTEGER NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    scores       TEXT NOT NULL DEFAULT '{}',          -- JSON {criterion code: points}
    note         TEXT NOT NULL DEFAULT '',
    recorded_by  INTEGER REFERENCES users (id),
    recorded_at  TIMESTAMP NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contest_consensus_contest ON contest_consensus (contest_id);

CREATE TABLE contest_phases (
    id          INTEGER PRIMARY KEY,
    contest_id  INTEGER NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    forced      INTEGER NOT NULL DEFAULT 0,
    note        TEXT NOT NULL DEFAULT '',
    changed_by  INTEGER REFERENCES users (id),
    changed_at  TIMESTAMP NOT NULL
);
CREATE INDEX contest_phases_contest ON contest_phases (contest_id, id);

CREATE TABLE contest_results (
    entry_id     INTEGER PRIMARY KEY REFERENCES contest_entries (id),
    contest_id   INTEGER NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    category_id  INTEGER NOT NULL REFERENCES contest_categories (id),
    judges       INTEGER NOT NULL,
    raw          REAL NOT NULL,
    normalised   REAL NOT NULL,
    final        REAL NOT NULL,
    criteria     TEXT NOT NULL DEFAULT '[]',          -- JSON [final points per criterion, rubric order]
    consensus    INTEGER NOT NULL DEFAULT 0,
    raw_rank     INTEGER NOT NULL,
    rank         INTEGER NOT NULL,
    award_tier   INTEGER NOT NULL DEFAULT -1,
    award        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contest_results_contest ON contest_results (contest_id, category_id, rank);

-- +goose Down
DROP TABLE contest_results;
DROP TABLE contest_phases;
DROP TABLE contest_consensus;
DROP TABLE contest_assignments;
DROP TABLE contest_conflicts;
DROP TABLE contest_judges;
