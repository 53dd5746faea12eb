-- Execution of activities (issue 5): the verifier's note on a KPI value
-- they corrected; the reminders sent (one row per kind, object and Vietnam
-- calendar day, so a rerun of the hourly job on the same day sends nothing
-- twice — kept in a table of its own, without a programme_version trigger:
-- a reminder changes nothing the dashboard shows); and the index the per-milestone disbursement cap
-- and the milestone foreign key need.
-- +goose Up
ALTER TABLE activity_kpis ADD COLUMN verify_note TEXT NOT NULL DEFAULT '';

CREATE TABLE programme_reminders (
    kind       TEXT NOT NULL,      -- milestone | draft_deadline
    object_id  BIGINT NOT NULL,    -- the milestone or the activity
    day        TEXT NOT NULL,      -- yyyy-mm-dd, Vietnam's calendar day
    PRIMARY KEY (kind, object_id, day)
);

CREATE INDEX activity_disbursements_milestone ON activity_disbursements (milestone_id);

-- +goose Down
DROP INDEX activity_disbursements_milestone;
DROP TABLE programme_reminders;
ALTER TABLE activity_kpis DROP COLUMN verify_note;
