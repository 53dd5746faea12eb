-- Training fixes (issue 6, after review).
--
-- A session is run by the unit that created it, not by the province it is
-- held in: owner_province is '' for the ministry's sessions (held anywhere),
-- else the province whose officer created it. Sessions made before are the
-- ministry's unless their creator was a provincial officer.
--
-- A credential names its issuing unit (the session's owner, which completes
-- it): issuer_province '' for the ministry, else the province; its officers
-- and the ministry's revoke it.
--
-- The roster reads a session's enrolments in order: (session_id, id).
--
-- An accreditation's history keeps the decision numbers a grant or a
-- re-grant (of a withdrawn or expired accreditation, on the same row) gave
-- and replaced.
-- +goose Up
ALTER TABLE training_sessions ADD COLUMN owner_province TEXT NOT NULL DEFAULT '';
UPDATE training_sessions SET owner_province = COALESCE((SELECT u.province_code FROM users u
    WHERE u.id = training_sessions.created_by AND u.role = 'province'), '');
ALTER TABLE practitioner_credentials ADD COLUMN issuer_province TEXT NOT NULL DEFAULT '';
UPDATE practitioner_credentials SET issuer_province = COALESCE((SELECT x.owner_province FROM training_sessions x
    WHERE x.id = practitioner_credentials.session_id), '');
CREATE INDEX training_enrolments_session ON training_enrolments (session_id, id);
ALTER TABLE accreditation_events ADD COLUMN number_before TEXT NOT NULL DEFAULT '';
ALTER TABLE accreditation_events ADD COLUMN number_after TEXT NOT NULL DEFAULT '';
UPDATE accreditation_events SET number_after = COALESCE((SELECT r.number FROM assessor_accreditations r
    WHERE r.id = accreditation_events.accreditation_id), '') WHERE action = 'grant';

-- +goose Down
ALTER TABLE accreditation_events DROP COLUMN number_after;
ALTER TABLE accreditation_events DROP COLUMN number_before;
DROP INDEX training_enrolments_session;
ALTER TABLE practitioner_credentials DROP COLUMN issuer_province;
ALTER TABLE training_sessions DROP COLUMN owner_province;
