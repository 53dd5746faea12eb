-- Findings (issue 6), beyond 0022: a finding's corrective action is
-- reported done by the enterprise with a note (when, by whom), then closed
-- by the verifier or reopened with a reason; 0022 kept only the closure.
-- The officers' list of findings filters by status and due date across
-- enterprises (overdue: due date passed, not closed).
-- +goose Up
ALTER TABLE assessment_findings ADD COLUMN done_note TEXT NOT NULL DEFAULT '';
ALTER TABLE assessment_findings ADD COLUMN done_at TIMESTAMPTZ;
ALTER TABLE assessment_findings ADD COLUMN done_by BIGINT REFERENCES users (id);
ALTER TABLE assessment_findings ADD COLUMN reopen_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE assessment_findings ADD COLUMN reopened_at TIMESTAMPTZ;
ALTER TABLE assessment_findings ADD COLUMN reopened_by BIGINT REFERENCES users (id);
CREATE INDEX assessment_findings_status ON assessment_findings (status, due_date, id);

-- +goose Down
DROP INDEX assessment_findings_status;
ALTER TABLE assessment_findings DROP COLUMN reopened_by;
ALTER TABLE assessment_findings DROP COLUMN reopened_at;
ALTER TABLE assessment_findings DROP COLUMN reopen_reason;
ALTER TABLE assessment_findings DROP COLUMN done_by;
ALTER TABLE assessment_findings DROP COLUMN done_at;
ALTER TABLE assessment_findings DROP COLUMN done_note;
