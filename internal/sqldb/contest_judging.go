package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// The judging and the results of contests (0033_contest_judging.sql):
// judges' pools, declared conflicts, assignments with their scores,
// consensus scores, phase changes and the frozen results.

// FindJudgeUsers returns the enabled users of role judge.
func (s *ContestStore) FindJudgeUsers(ctx context.Context) ([]contest.JudgeUser, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, name, email FROM users WHERE role = 'judge' AND NOT disabled ORDER BY name, id`)
	if err != nil {
		return nil, translate(err, "find judge users")
	}
	var out []contest.JudgeUser
	for rows.Next() {
		var u contest.JudgeUser
		if err := rows.Scan(&u.ID, &u.Name, &u.Email); err != nil {
			rows.Close()
			return nil, translate(err, "scan judge user")
		}
		out = append(out, u)
	}
	return out, closeRows(rows, "find judge users")
}

// AddJudge stores j in its contest's pool.
func (s *ContestStore) AddJudge(ctx context.Context, j *contest.Judge) error {
	if j.AddedAt.IsZero() {
		j.AddedAt = s.db.now()
	}
	err := s.w.QueryRowContext(ctx, `INSERT INTO contest_judges (contest_id, user_id, organisation, org_province, provincial_org, expert_id, added_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, int64(j.ContestID), j.UserID, j.Organisation, j.OrgProvince,
		boolInt(j.ProvincialOrg), nullInt64(j.ExpertID), utc(j.AddedAt)).Scan(&j.ID)
	return translate(err, "add contest judge")
}

// RemoveJudge takes a judge out of a contest's pool with their unscored
// assignments.
func (s *ContestStore) RemoveJudge(ctx context.Context, c contest.ContestID, user int64) error {
	return s.inTx(ctx, func(tx conn) error {
		if _, err := tx.w.ExecContext(ctx, `DELETE FROM contest_assignments WHERE contest_id = $1 AND user_id = $2 AND status = 'assigned'`,
			int64(c), user); err != nil {
			return translate(err, "remove judge's assignments")
		}
		res, err := tx.w.ExecContext(ctx, `DELETE FROM contest_judges WHERE contest_id = $1 AND user_id = $2`, int64(c), user)
		if err != nil {
			return translate(err, "remove contest judge")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "Giám khảo không có trong danh sách của cuộc thi.", "The judge is not in the contest's pool.")
		}
		return nil
	})
}

// FindJudges returns a contest's pool.
func (s *ContestStore) FindJudges(ctx context.Context, c contest.ContestID, user int64) ([]*contest.Judge, error) {
	q := `SELECT j.id, j.contest_id, j.user_id, j.organisation, j.org_province, j.provincial_org, COALESCE(j.expert_id, 0), j.added_at,
		u.name, u.email, COALESCE(x.name, '')
		FROM contest_judges j JOIN users u ON u.id = j.user_id LEFT JOIN experts x ON x.id = j.expert_id WHERE j.contest_id = $1`
	args := []any{int64(c)}
	if user != 0 {
		q += ` AND j.user_id = $2`
		args = append(args, user)
	}
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY u.name, j.id`, args...)
	if err != nil {
		return nil, translate(err, "find contest judges")
	}
	var out []*contest.Judge
	for rows.Next() {
		var j contest.Judge
		var prov int
		if err := rows.Scan(&j.ID, &j.ContestID, &j.UserID, &j.Organisation, &j.OrgProvince, &prov, &j.ExpertID, &j.AddedAt,
			&j.Name, &j.Email, &j.ExpertName); err != nil {
			rows.Close()
			return nil, translate(err, "scan contest judge")
		}
		j.ProvincialOrg, j.AddedAt = prov != 0, j.AddedAt.UTC()
		out = append(out, &j)
	}
	return out, closeRows(rows, "find contest judges")
}

// ConsultedEnterprises returns the enterprises an expert had an
// engagement with.
func (s *ContestStore) ConsultedEnterprises(ctx context.Context, expert int64) ([]registry.EnterpriseID, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT enterprise_id FROM engagements WHERE expert_id = $1 ORDER BY enterprise_id`, expert)
	if err != nil {
		return nil, translate(err, "find consulted enterprises")
	}
	var out []registry.EnterpriseID
	for rows.Next() {
		var id registry.EnterpriseID
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, translate(err, "scan consulted enterprise")
		}
		out = append(out, id)
	}
	return out, closeRows(rows, "find consulted enterprises")
}

// DeclareConflict stores x.
func (s *ContestStore) DeclareConflict(ctx context.Context, x *contest.Conflict) error {
	if x.DeclaredAt.IsZero() {
		x.DeclaredAt = s.db.now()
	}
	err := s.w.QueryRowContext(ctx, `INSERT INTO contest_conflicts (contest_id, entry_id, user_id, reason, declared_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, int64(x.ContestID), int64(x.EntryID), x.UserID, x.Reason, utc(x.DeclaredAt)).Scan(&x.ID)
	return translate(err, "declare conflict")
}

// assignWhere builds the WHERE clause of an assignment filter on alias a.
func assignWhere(f contest.AssignmentFilter, a string) (string, []any) {
	var where []string
	var args []any
	add := func(col string, v int64) {
		if v != 0 {
			args = append(args, v)
			where = append(where, fmt.Sprintf("%s.%s = $%d", a, col, len(args)))
		}
	}
	add("contest_id", int64(f.ContestID))
	add("entry_id", int64(f.EntryID))
	add("user_id", f.UserID)
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// FindConflicts returns the declared conflicts f selects.
func (s *ContestStore) FindConflicts(ctx context.Context, f contest.AssignmentFilter) ([]*contest.Conflict, error) {
	w, args := assignWhere(f, "x")
	rows, err := s.r.QueryContext(ctx, `SELECT x.id, x.contest_id, x.entry_id, x.user_id, x.reason, x.declared_at, e.code
		FROM contest_conflicts x JOIN contest_entries e ON e.id = x.entry_id`+w+` ORDER BY e.code, x.id`, args...)
	if err != nil {
		return nil, translate(err, "find conflicts")
	}
	var out []*contest.Conflict
	for rows.Next() {
		var x contest.Conflict
		if err := rows.Scan(&x.ID, &x.ContestID, &x.EntryID, &x.UserID, &x.Reason, &x.DeclaredAt, &x.EntryCode); err != nil {
			rows.Close()
			return nil, translate(err, "scan conflict")
		}
		x.DeclaredAt = x.DeclaredAt.UTC()
		out = append(out, &x)
	}
	return out, closeRows(rows, "find conflicts")
}

// CreateAssignment stores a.
func (s *ContestStore) CreateAssignment(ctx context.Context, a *contest.Assignment) error {
	if a.CreatedAt.IsZero() {
		a.CreatedAt = s.db.now()
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = a.CreatedAt
	}
	if a.Status == "" {
		a.Status = contest.AssignPending
	}
	marks, err := marksJSON(a.Marks)
	if err != nil {
		return err
	}
	err = s.w.QueryRowContext(ctx, `INSERT INTO contest_assignments (contest_id, entry_id, user_id, status, marks, comment, submitted_at,
		created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id`,
		int64(a.ContestID), int64(a.EntryID), a.UserID, string(a.Status), marks, a.Comment, nullTime(a.SubmittedAt),
		utc(a.CreatedAt), utc(a.UpdatedAt)).Scan(&a.ID)
	if err != nil {
		return translate(err, "create assignment")
	}
	a.Version = 1
	return nil
}

func marksJSON(m map[string]contest.Mark) (string, error) {
	if m == nil {
		m = map[string]contest.Mark{}
	}
	return jsonText(m, "assignment marks")
}

// UpdateAssignment writes a's scores and status.
func (s *ContestStore) UpdateAssignment(ctx context.Context, a *contest.Assignment) error {
	a.UpdatedAt = s.db.now()
	marks, err := marksJSON(a.Marks)
	if err != nil {
		return err
	}
	res, err := s.w.ExecContext(ctx, `UPDATE contest_assignments SET status = $1, marks = $2, comment = $3, submitted_at = $4,
		updated_at = $5, version = version + 1 WHERE id = $6 AND version = $7`,
		string(a.Status), marks, a.Comment, nullTime(a.SubmittedAt), utc(a.UpdatedAt), int64(a.ID), a.Version)
	if err != nil {
		return translate(err, "update assignment")
	}
	if err := changed(res, "update assignment", "Phiếu chấm vừa được thay đổi ở nơi khác.", "The score sheet was changed elsewhere meanwhile."); err != nil {
		return err
	}
	a.Version++
	return nil
}

// DeleteAssignment removes an assignment not submitted.
func (s *ContestStore) DeleteAssignment(ctx context.Context, id contest.AssignmentID) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM contest_assignments WHERE id = $1 AND status <> 'submitted'`, int64(id))
	if err != nil {
		return translate(err, "delete assignment")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.New(fault.Conflict, "Chỉ gỡ được phân công chưa nộp điểm.", "Only an assignment whose scores are not submitted can be removed.")
	}
	return nil
}

// HonourSlugTaken reports whether an honour of year has slug.
func (s *ContestStore) HonourSlugTaken(ctx context.Context, year int, slug string) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM honours WHERE year = $1 AND slug = $2`, year, slug).Scan(&n)
	return n > 0, translate(err, "find honour slug")
}

const assignColumns = `a.id, a.contest_id, a.entry_id, a.user_id, a.status, a.marks, a.comment, a.submitted_at, a.created_at, a.updated_at,
	a.version, e.code, e.title, e.category_id, c.title, u.name`

const assignFrom = ` FROM contest_assignments a JOIN contest_entries e ON e.id = a.entry_id JOIN contests c ON c.id = a.contest_id
	JOIN users u ON u.id = a.user_id`

func scanAssignment(sc interface{ Scan(...any) error }) (*contest.Assignment, error) {
	var a contest.Assignment
	var status, marks string
	var sub sql.NullTime
	if err := sc.Scan(&a.ID, &a.ContestID, &a.EntryID, &a.UserID, &status, &marks, &a.Comment, &sub, &a.CreatedAt, &a.UpdatedAt,
		&a.Version, &a.EntryCode, &a.EntryTitle, &a.CategoryID, &a.ContestTitle, &a.JudgeName); err != nil {
		return nil, err
	}
	a.Status, a.SubmittedAt = contest.AssignmentStatus(status), timePtr(sub)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	a.Marks = map[string]contest.Mark{}
	return &a, fromJSONText(marks, &a.Marks, "assignment marks")
}

// FindAssignment returns the judge's assignment on the entry.
func (s *ContestStore) FindAssignment(ctx context.Context, entry contest.EntryID, user int64) (*contest.Assignment, error) {
	a, err := scanAssignment(s.r.QueryRowContext(ctx, `SELECT `+assignColumns+assignFrom+` WHERE a.entry_id = $1 AND a.user_id = $2`,
		int64(entry), user))
	return a, translate(err, fmt.Sprintf("find assignment of entry %d", entry))
}

// FindAssignments returns the assignments f selects.
func (s *ContestStore) FindAssignments(ctx context.Context, f contest.AssignmentFilter) ([]*contest.Assignment, error) {
	w, args := assignWhere(f, "a")
	rows, err := s.r.QueryContext(ctx, `SELECT `+assignColumns+assignFrom+w+` ORDER BY e.code, u.name, a.id`, args...)
	if err != nil {
		return nil, translate(err, "find assignments")
	}
	var out []*contest.Assignment
	for rows.Next() {
		a, err := scanAssignment(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan assignment")
		}
		out = append(out, a)
	}
	return out, closeRows(rows, "find assignments")
}

// SaveConsensus stores x, replacing the entry's consensus.
func (s *ContestStore) SaveConsensus(ctx context.Context, x *contest.Consensus) error {
	if x.RecordedAt.IsZero() {
		x.RecordedAt = s.db.now()
	}
	sc := x.Scores
	if sc == nil {
		sc = map[string]float64{}
	}
	scores, err := jsonText(sc, "consensus scores")
	if err != nil {
		return err
	}
	if x.Version == 0 {
		_, err := s.w.ExecContext(ctx, `INSERT INTO contest_consensus (entry_id, contest_id, scores, note, recorded_by, recorded_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, 1)`, int64(x.EntryID), int64(x.ContestID), scores, x.Note, nullInt64(x.RecordedBy), utc(x.RecordedAt))
		if err != nil {
			return translate(err, "create consensus")
		}
		x.Version = 1
		return nil
	}
	res, err := s.w.ExecContext(ctx, `UPDATE contest_consensus SET scores = $1, note = $2, recorded_by = $3, recorded_at = $4,
		version = version + 1 WHERE entry_id = $5 AND version = $6`, scores, x.Note, nullInt64(x.RecordedBy), utc(x.RecordedAt),
		int64(x.EntryID), x.Version)
	if err != nil {
		return translate(err, "update consensus")
	}
	if err := changed(res, "update consensus", "Điểm đồng thuận vừa được người khác thay đổi.", "Someone else changed the consensus meanwhile."); err != nil {
		return err
	}
	x.Version++
	return nil
}

// FindConsensus returns a contest's consensus scores.
func (s *ContestStore) FindConsensus(ctx context.Context, c contest.ContestID) ([]*contest.Consensus, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT entry_id, contest_id, scores, note, COALESCE(recorded_by, 0), recorded_at, version
		FROM contest_consensus WHERE contest_id = $1 ORDER BY entry_id`, int64(c))
	if err != nil {
		return nil, translate(err, "find consensus")
	}
	var out []*contest.Consensus
	for rows.Next() {
		var x contest.Consensus
		var scores string
		if err := rows.Scan(&x.EntryID, &x.ContestID, &scores, &x.Note, &x.RecordedBy, &x.RecordedAt, &x.Version); err != nil {
			rows.Close()
			return nil, translate(err, "scan consensus")
		}
		x.RecordedAt = x.RecordedAt.UTC()
		if err := fromJSONText(scores, &x.Scores, "consensus scores"); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, &x)
	}
	return out, closeRows(rows, "find consensus")
}

// LockContest locks the contest's row if it is in status: an UPDATE that
// changes nothing takes the row lock on PostgreSQL (a concurrent phase
// change waits, then re-checks the status) and the write lock on SQLite.
func (s *ContestStore) LockContest(ctx context.Context, c contest.ContestID, status contest.Status) (bool, error) {
	res, err := s.w.ExecContext(ctx, `UPDATE contests SET status = status WHERE id = $1 AND status = $2`, int64(c), string(status))
	if err != nil {
		return false, translate(err, "lock contest")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, translate(err, "lock contest")
	}
	return n == 1, nil
}

// SetContestStatus moves a contest to status.
func (s *ContestStore) SetContestStatus(ctx context.Context, c contest.ContestID, version int, status contest.Status) (int, error) {
	res, err := s.w.ExecContext(ctx, `UPDATE contests SET status = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4`,
		string(status), utc(s.db.now()), int64(c), version)
	if err != nil {
		return 0, translate(err, "set contest status")
	}
	if err := changed(res, "set contest status", "Cuộc thi vừa được người khác thay đổi.", "Someone else changed the contest meanwhile."); err != nil {
		return 0, err
	}
	return version + 1, nil
}

// AddPhase records a phase change.
func (s *ContestStore) AddPhase(ctx context.Context, p *contest.PhaseChange) error {
	if p.At.IsZero() {
		p.At = s.db.now()
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO contest_phases (contest_id, from_status, to_status, forced, note, changed_by, changed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, int64(p.ContestID), string(p.From), string(p.To), boolInt(p.Forced), p.Note,
		nullInt64(p.By), utc(p.At))
	return translate(err, "add contest phase")
}

// FindPhases returns a contest's phase changes, oldest first.
func (s *ContestStore) FindPhases(ctx context.Context, c contest.ContestID) ([]*contest.PhaseChange, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT contest_id, from_status, to_status, forced, note, COALESCE(changed_by, 0), changed_at
		FROM contest_phases WHERE contest_id = $1 ORDER BY id`, int64(c))
	if err != nil {
		return nil, translate(err, "find contest phases")
	}
	var out []*contest.PhaseChange
	for rows.Next() {
		var p contest.PhaseChange
		var from, to string
		var forced int
		if err := rows.Scan(&p.ContestID, &from, &to, &forced, &p.Note, &p.By, &p.At); err != nil {
			rows.Close()
			return nil, translate(err, "scan contest phase")
		}
		p.From, p.To, p.Forced, p.At = contest.Status(from), contest.Status(to), forced != 0, p.At.UTC()
		out = append(out, &p)
	}
	return out, closeRows(rows, "find contest phases")
}

// SaveResults replaces a contest's frozen results.
func (s *ContestStore) SaveResults(ctx context.Context, c contest.ContestID, rs []contest.Ranked) error {
	return s.inTx(ctx, func(tx conn) error {
		if _, err := tx.w.ExecContext(ctx, `DELETE FROM contest_results WHERE contest_id = $1`, int64(c)); err != nil {
			return translate(err, "clear contest results")
		}
		for i := range rs {
			r := &rs[i]
			crit, err := jsonText(nonNil(r.Criteria), "result criteria")
			if err != nil {
				return err
			}
			if _, err := tx.w.ExecContext(ctx, `INSERT INTO contest_results (entry_id, contest_id, category_id, judges, raw, normalised, final,
				criteria, consensus, raw_rank, rank, award_tier, award) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
				int64(r.ID), int64(c), int64(r.CategoryID), r.Judges, finite(r.Raw), finite(r.Normalised), finite(r.Final), crit,
				boolInt(r.Consensus), r.RawRank, r.Rank, r.AwardTier, r.Award); err != nil {
				return translate(err, "save contest result")
			}
		}
		return nil
	})
}

func finite(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

// FindResults returns a contest's frozen results by category and rank.
func (s *ContestStore) FindResults(ctx context.Context, c contest.ContestID) ([]contest.Ranked, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT r.entry_id, r.category_id, r.judges, r.raw, r.normalised, r.final, r.criteria, r.consensus,
		r.raw_rank, r.rank, r.award_tier, r.award FROM contest_results r JOIN contest_categories k ON k.id = r.category_id
		WHERE r.contest_id = $1 ORDER BY k.position, k.id, CASE WHEN r.rank = 0 THEN 1 ELSE 0 END, r.rank, r.entry_id`, int64(c))
	if err != nil {
		return nil, translate(err, "find contest results")
	}
	var out []contest.Ranked
	for rows.Next() {
		var r contest.Ranked
		var crit string
		var cons int
		if err := rows.Scan(&r.ID, &r.CategoryID, &r.Judges, &r.Raw, &r.Normalised, &r.Final, &crit, &cons, &r.RawRank, &r.Rank,
			&r.AwardTier, &r.Award); err != nil {
			rows.Close()
			return nil, translate(err, "scan contest result")
		}
		r.Consensus = cons != 0
		if err := fromJSONText(crit, &r.Criteria, "result criteria"); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, r)
	}
	return out, closeRows(rows, "find contest results")
}
