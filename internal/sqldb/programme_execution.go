package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/programme"
)

// The execution of activities (programme.ExecutionStore): contract,
// milestones, evidence, disbursements, KPI results, reminders.

var errExecStale = fault.New(fault.Conflict,
	"Nhiệm vụ vừa được người khác cập nhật. Vui lòng tải lại trang để xem thay đổi rồi thực hiện lại.",
	"Someone else has just updated this activity. Please reload the page to see the change, then try again.")

// UpdateExecution writes the execution columns of a from version.
func (s *ProgrammeStore) UpdateExecution(ctx context.Context, a *programme.Activity, version int) error {
	now := utc(s.db.now())
	res, err := s.w.ExecContext(ctx, `UPDATE activities SET status = $1, contract_no = $2, contract_date = $3, verifier_id = $4,
		closed_at = $5, version = version + 1, updated_at = $6 WHERE id = $7 AND version = $8`,
		string(a.Status), a.ContractNo, a.ContractDate, nullInt64(int64(a.VerifierID)), nullTime(a.ClosedAt), now, int64(a.ID), version)
	if err != nil {
		return translate(err, "update activity execution")
	}
	if err := changed(res, "update activity execution", errExecStale.Message.Vi, errExecStale.Message.En); err != nil {
		return err
	}
	a.Version, a.UpdatedAt = version+1, now
	return nil
}

// TouchActivity bumps the version of activity id from version.
func (s *ProgrammeStore) TouchActivity(ctx context.Context, id programme.ActivityID, version int, at time.Time) (int, error) {
	res, err := s.w.ExecContext(ctx, `UPDATE activities SET version = version + 1, updated_at = $1 WHERE id = $2 AND version = $3`,
		utc(at), int64(id), version)
	if err != nil {
		return 0, translate(err, "touch activity")
	}
	if err := changed(res, "touch activity", errExecStale.Message.Vi, errExecStale.Message.En); err != nil {
		return 0, err
	}
	return version + 1, nil
}

// AddExecutionEvent appends a transition to an activity's history.
func (s *ProgrammeStore) AddExecutionEvent(ctx context.Context, e *programme.Event) error {
	err := s.w.QueryRowContext(ctx, `INSERT INTO activity_events (activity_id, from_status, to_status, actor_id, actor_email, note, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, int64(e.ActivityID), string(e.From), string(e.To),
		nullInt64(int64(e.ActorID)), e.ActorEmail, e.Note, utc(e.At)).Scan(&e.ID)
	return translate(err, "add activity event")
}

// CreateMilestones inserts the milestones of a contract.
func (s *ProgrammeStore) CreateMilestones(ctx context.Context, ms []programme.Milestone) error {
	for i := range ms {
		m := &ms[i]
		if m.Status == "" {
			m.Status = programme.MilestonePlanned
		}
		if err := s.w.QueryRowContext(ctx, `INSERT INTO activity_milestones (activity_id, seq, title, due_date, state_amount, status)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, int64(m.ActivityID), m.Seq, m.Title, m.DueDate, m.StateAmount,
			string(m.Status)).Scan(&m.ID); err != nil {
			return translate(err, "create milestone")
		}
	}
	return nil
}

// FindMilestones lists an activity's milestones by seq.
func (s *ProgrammeStore) FindMilestones(ctx context.Context, id programme.ActivityID) ([]programme.Milestone, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, activity_id, seq, title, due_date, state_amount, status, progress_pct, report,
		COALESCE(reported_by, 0), reported_at, COALESCE(decided_by, 0), decided_at, decision_note
		FROM activity_milestones WHERE activity_id = $1 ORDER BY seq`, int64(id))
	if err != nil {
		return nil, translate(err, "find milestones")
	}
	var out []programme.Milestone
	for rows.Next() {
		var m programme.Milestone
		var status string
		var rep, dec sql.NullTime
		if err := rows.Scan(&m.ID, &m.ActivityID, &m.Seq, &m.Title, &m.DueDate, &m.StateAmount, &status, &m.ProgressPct, &m.Report,
			&m.ReportedBy, &rep, &m.DecidedBy, &dec, &m.DecisionNote); err != nil {
			rows.Close()
			return nil, translate(err, "scan milestone")
		}
		m.Status, m.ReportedAt, m.DecidedAt = programme.MilestoneStatus(status), timePtr(rep), timePtr(dec)
		out = append(out, m)
	}
	return out, closeRows(rows, "find milestones")
}

// UpdateMilestone writes m's report and decision, provided its status is
// still from.
func (s *ProgrammeStore) UpdateMilestone(ctx context.Context, m *programme.Milestone, from programme.MilestoneStatus) error {
	res, err := s.w.ExecContext(ctx, `UPDATE activity_milestones SET status = $1, progress_pct = $2, report = $3, reported_by = $4,
		reported_at = $5, decided_by = $6, decided_at = $7, decision_note = $8 WHERE id = $9 AND status = $10`,
		string(m.Status), m.ProgressPct, m.Report, nullInt64(int64(m.ReportedBy)), nullTime(m.ReportedAt),
		nullInt64(int64(m.DecidedBy)), nullTime(m.DecidedAt), m.DecisionNote, int64(m.ID), string(from))
	if err != nil {
		return translate(err, "update milestone")
	}
	return changed(res, "update milestone", "Mốc vừa được người khác cập nhật. Vui lòng tải lại trang.",
		"Someone else has just updated this milestone. Please reload the page.")
}

// AddEvidence inserts an evidence file.
func (s *ProgrammeStore) AddEvidence(ctx context.Context, f *programme.File) error {
	err := s.w.QueryRowContext(ctx, `INSERT INTO activity_files (activity_id, milestone_id, name, content_type, size, data, uploaded_by, uploaded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, int64(f.ActivityID), nullInt64(int64(f.MilestoneID)), f.Name,
		f.ContentType, f.Size, f.Data, nullInt64(int64(f.UploadedBy)), utc(f.UploadedAt)).Scan(&f.ID)
	return translate(err, "add evidence")
}

// FindEvidence lists the evidence files of an activity, without data.
func (s *ProgrammeStore) FindEvidence(ctx context.Context, id programme.ActivityID) ([]programme.File, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, activity_id, milestone_id, name, content_type, size, COALESCE(uploaded_by, 0), uploaded_at
		FROM activity_files WHERE activity_id = $1 AND milestone_id IS NOT NULL ORDER BY id`, int64(id))
	if err != nil {
		return nil, translate(err, "find evidence")
	}
	var out []programme.File
	for rows.Next() {
		var f programme.File
		var at sql.NullTime
		if err := rows.Scan(&f.ID, &f.ActivityID, &f.MilestoneID, &f.Name, &f.ContentType, &f.Size, &f.UploadedBy, &at); err != nil {
			rows.Close()
			return nil, translate(err, "scan evidence")
		}
		f.UploadedAt = timeOf(at)
		out = append(out, f)
	}
	return out, closeRows(rows, "find evidence")
}

// FindEvidenceFile reads one evidence file of an activity with its data.
func (s *ProgrammeStore) FindEvidenceFile(ctx context.Context, activity programme.ActivityID, id programme.FileID) (*programme.File, error) {
	var f programme.File
	var at sql.NullTime
	err := s.r.QueryRowContext(ctx, `SELECT id, activity_id, milestone_id, name, content_type, size, data, COALESCE(uploaded_by, 0), uploaded_at
		FROM activity_files WHERE id = $1 AND activity_id = $2 AND milestone_id IS NOT NULL`, int64(id), int64(activity)).Scan(
		&f.ID, &f.ActivityID, &f.MilestoneID, &f.Name, &f.ContentType, &f.Size, &f.Data, &f.UploadedBy, &at)
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find evidence %d", id))
	}
	f.UploadedAt = timeOf(at)
	return &f, nil
}

// AddDisbursement adds d to activities.disbursed with one conditional
// update, from version and within the approved budget; it locks the
// activity's row (PostgreSQL) or the database (SQLite), so the milestone's
// sum read next cannot move before the insert. Nothing is written when a
// condition fails.
func (s *ProgrammeStore) AddDisbursement(ctx context.Context, d *programme.Disbursement, version int) (int, error) {
	err := s.inTx(ctx, func(c conn) error {
		res, err := c.w.ExecContext(ctx, `UPDATE activities SET disbursed = disbursed + $1, version = version + 1, updated_at = $2
			WHERE id = $3 AND version = $4 AND disbursed + $1 <= approved_budget`, d.Amount, utc(d.CreatedAt), int64(d.ActivityID), version)
		if err != nil {
			return translate(err, "disburse")
		}
		if n, err := res.RowsAffected(); err != nil {
			return translate(err, "disburse")
		} else if n == 0 {
			var v int
			if err := c.w.QueryRowContext(ctx, `SELECT version FROM activities WHERE id = $1`, int64(d.ActivityID)).Scan(&v); err != nil {
				return translate(err, "disburse")
			}
			if v != version {
				return errExecStale
			}
			return programme.ErrOverBudget
		}
		var planned, paid int64
		if err := c.w.QueryRowContext(ctx, `SELECT m.state_amount, COALESCE((SELECT SUM(d.amount) FROM activity_disbursements d
			WHERE d.milestone_id = m.id), 0) FROM activity_milestones m WHERE m.id = $1 AND m.activity_id = $2`,
			int64(d.MilestoneID), int64(d.ActivityID)).Scan(&planned, &paid); err != nil {
			return translate(err, "disburse milestone")
		}
		if paid+d.Amount > planned {
			return programme.ErrOverMilestone
		}
		return c.w.QueryRowContext(ctx, `INSERT INTO activity_disbursements (activity_id, milestone_id, amount, paid_on, reference, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, int64(d.ActivityID), int64(d.MilestoneID), d.Amount, d.PaidOn, d.Reference,
			nullInt64(int64(d.CreatedBy)), utc(d.CreatedAt)).Scan(&d.ID)
	})
	if err != nil {
		return 0, err
	}
	return version + 1, nil
}

// FindDisbursements lists an activity's disbursements, oldest first.
func (s *ProgrammeStore) FindDisbursements(ctx context.Context, id programme.ActivityID) ([]programme.Disbursement, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, activity_id, milestone_id, amount, paid_on, reference, COALESCE(created_by, 0), created_at
		FROM activity_disbursements WHERE activity_id = $1 ORDER BY id`, int64(id))
	if err != nil {
		return nil, translate(err, "find disbursements")
	}
	var out []programme.Disbursement
	for rows.Next() {
		var d programme.Disbursement
		var at sql.NullTime
		if err := rows.Scan(&d.ID, &d.ActivityID, &d.MilestoneID, &d.Amount, &d.PaidOn, &d.Reference, &d.CreatedBy, &at); err != nil {
			rows.Close()
			return nil, translate(err, "scan disbursement")
		}
		d.CreatedAt = timeOf(at)
		out = append(out, d)
	}
	return out, closeRows(rows, "find disbursements")
}

// SetKPIResults writes the results of an activity's KPIs.
func (s *ProgrammeStore) SetKPIResults(ctx context.Context, id programme.ActivityID, ks []programme.KPIResult) error {
	for _, k := range ks {
		res, err := s.w.ExecContext(ctx, `UPDATE activity_kpis SET actual = $1, verified_by = $2, verified_at = $3, verify_note = $4
			WHERE activity_id = $5 AND kpi_code = $6`, nullFloat(k.Actual), nullInt64(int64(k.VerifiedBy)), nullTime(k.VerifiedAt), k.Note,
			int64(id), k.Code)
		if err != nil {
			return translate(err, "set kpi result")
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return fault.Internalf("sqldb: activity %d has no kpi %s (%v)", id, k.Code, err)
		}
	}
	return nil
}

// FindKPINotes returns the verifiers' notes by KPI code.
func (s *ProgrammeStore) FindKPINotes(ctx context.Context, id programme.ActivityID) (map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT kpi_code, verify_note FROM activity_kpis WHERE activity_id = $1 AND verify_note <> ''`, int64(id))
	if err != nil {
		return nil, translate(err, "find kpi notes")
	}
	out := map[string]string{}
	for rows.Next() {
		var code, note string
		if err := rows.Scan(&code, &note); err != nil {
			rows.Close()
			return nil, translate(err, "scan kpi note")
		}
		out[code] = note
	}
	return out, closeRows(rows, "find kpi notes")
}

const execPersonColumns = `u.id, u.email, u.name, u.role, COALESCE(u.enterprise_id, 0), COALESCE(x.id, 0), COALESCE(x.organisation_id, 0),
	COALESCE(o.enterprise_id, 0)`

const execPersonJoins = ` FROM users u LEFT JOIN experts x ON x.user_id = u.id LEFT JOIN organisations o ON o.id = x.organisation_id`

func scanExecPerson(sc interface{ Scan(...any) error }) (*programme.Person, error) {
	var p programme.Person
	var role string
	if err := sc.Scan(&p.UserID, &p.Email, &p.Name, &role, &p.EnterpriseID, &p.ExpertID, &p.OrganisationID, &p.OrgEnterpriseID); err != nil {
		return nil, err
	}
	p.Role = auth.Role(role)
	return &p, nil
}

// FindPerson reads a user with their expert profile, if any.
func (s *ProgrammeStore) FindPerson(ctx context.Context, id auth.UserID) (*programme.Person, error) {
	p, err := scanExecPerson(s.r.QueryRowContext(ctx, `SELECT `+execPersonColumns+execPersonJoins+` WHERE u.id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find person %d", id))
	}
	return p, nil
}

// FindVerifierCandidates lists the enabled assessor and expert users by
// name (at most 500).
func (s *ProgrammeStore) FindVerifierCandidates(ctx context.Context) ([]programme.Person, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+execPersonColumns+execPersonJoins+` WHERE u.role IN ('assessor', 'expert') AND NOT u.disabled
		ORDER BY u.role, u.name, u.id LIMIT 500`)
	if err != nil {
		return nil, translate(err, "find verifier candidates")
	}
	var out []programme.Person
	for rows.Next() {
		p, err := scanExecPerson(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan person")
		}
		out = append(out, *p)
	}
	return out, closeRows(rows, "find verifier candidates")
}

// ExpertRelated reports whether the expert declared a relation with the
// enterprise.
func (s *ProgrammeStore) ExpertRelated(ctx context.Context, expert, enterprise int64) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM expert_relations WHERE expert_id = $1 AND enterprise_id = $2`, expert, enterprise).Scan(&n)
	return n > 0, translate(err, "expert related")
}

// FindDueMilestones lists at most limit milestones a reminder of kind is
// due for on day. The index activity_milestones_due (0014) finds
// the open milestones; programme_reminders' key answers NOT EXISTS.
func (s *ProgrammeStore) FindDueMilestones(ctx context.Context, until, kind, day string, limit int) ([]programme.DueMilestone, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT m.id, m.activity_id, m.seq, m.title, m.due_date, m.state_amount, m.status,
		a.title, COALESCE(u.email, '')
		FROM activity_milestones m JOIN activities a ON a.id = m.activity_id LEFT JOIN users u ON u.id = a.created_by
		WHERE m.status IN ('planned', 'rejected') AND m.due_date <= $1 AND a.status = 'in_progress'
		AND NOT EXISTS (SELECT 1 FROM programme_reminders r WHERE r.kind = $2 AND r.object_id = m.id AND r.day = $3)
		ORDER BY m.due_date, m.id LIMIT $4`, until, kind, day, limit)
	if err != nil {
		return nil, translate(err, "find due milestones")
	}
	var out []programme.DueMilestone
	for rows.Next() {
		var m programme.DueMilestone
		var status string
		if err := rows.Scan(&m.ID, &m.ActivityID, &m.Seq, &m.Title, &m.DueDate, &m.StateAmount, &status,
			&m.ActivityTitle, &m.Email); err != nil {
			rows.Close()
			return nil, translate(err, "scan due milestone")
		}
		m.Status = programme.MilestoneStatus(status)
		out = append(out, m)
	}
	return out, closeRows(rows, "find due milestones")
}

// FindClosingDrafts lists at most limit drafts whose call closes in
// [from, to] and that got no reminder of kind on day.
func (s *ProgrammeStore) FindClosingDrafts(ctx context.Context, from, to time.Time, kind, day string, limit int) ([]programme.DueDraft, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, a.title, c.code, c.deadline, COALESCE(u.email, '')
		FROM activities a JOIN programme_calls c ON c.id = a.call_id LEFT JOIN users u ON u.id = a.created_by
		WHERE a.status = 'draft' AND c.deadline >= $1 AND c.deadline <= $2
		AND NOT EXISTS (SELECT 1 FROM programme_reminders r WHERE r.kind = $3 AND r.object_id = a.id AND r.day = $4)
		ORDER BY c.deadline, a.id LIMIT $5`, utc(from), utc(to), kind, day, limit)
	if err != nil {
		return nil, translate(err, "find closing drafts")
	}
	var out []programme.DueDraft
	for rows.Next() {
		var d programme.DueDraft
		var at sql.NullTime
		if err := rows.Scan(&d.ActivityID, &d.Title, &d.CallCode, &at, &d.Email); err != nil {
			rows.Close()
			return nil, translate(err, "scan closing draft")
		}
		d.Deadline = timeOf(at)
		out = append(out, d)
	}
	return out, closeRows(rows, "find closing drafts")
}

// MarkReminded records a reminder; the same kind, object and day twice
// is a no-op.
func (s *ProgrammeStore) MarkReminded(ctx context.Context, kind string, object int64, day string) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO programme_reminders (kind, object_id, day) VALUES ($1, $2, $3)
		ON CONFLICT (kind, object_id, day) DO NOTHING`, kind, object, day)
	return translate(err, "mark reminded")
}
