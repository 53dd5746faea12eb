package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"nscl/internal/programme"
	"nscl/internal/vn"
)

// FindProgramme reads a programme.
func (s *ProgrammeStore) FindProgramme(ctx context.Context, id programme.ProgrammeID) (*programme.Programme, error) {
	var p programme.Programme
	var upd sql.NullTime
	err := s.r.QueryRowContext(ctx, `SELECT id, code, name_vi, name_en, basis, start_year, end_year, updated_at FROM programmes WHERE id = $1`,
		int64(id)).Scan(&p.ID, &p.Code, &p.Name.Vi, &p.Name.En, &p.Basis, &p.StartYear, &p.EndYear, &upd)
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find programme %d", id))
	}
	p.UpdatedAt = timeOf(upd)
	return &p, nil
}

// FindKPIs reads the KPI catalogue, builtin first, then by code.
func (s *ProgrammeStore) FindKPIs(ctx context.Context) ([]programme.KPIDef, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT code, name_vi, name_en, unit, direction, builtin, hidden, created_at
		FROM kpi_definitions ORDER BY builtin DESC, code`)
	if err != nil {
		return nil, translate(err, "find kpis")
	}
	var out []programme.KPIDef
	for rows.Next() {
		var k programme.KPIDef
		var unit, dir string
		var builtin, hidden int
		var at sql.NullTime
		if err := rows.Scan(&k.Code, &k.Name.Vi, &k.Name.En, &unit, &dir, &builtin, &hidden, &at); err != nil {
			rows.Close()
			return nil, translate(err, "scan kpi")
		}
		k.Unit, k.Direction, k.Builtin, k.Hidden, k.CreatedAt = programme.Unit(unit), programme.Direction(dir), builtin != 0, hidden != 0, timeOf(at)
		out = append(out, k)
	}
	return out, closeRows(rows, "find kpis")
}

// CreateCall inserts a call.
func (s *ProgrammeStore) CreateCall(ctx context.Context, c *programme.Call) error {
	now := s.db.now()
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	if c.ProgrammeID == 0 {
		c.ProgrammeID = programme.TheProgramme
	}
	c.Version = 1
	err := s.w.QueryRowContext(ctx, `INSERT INTO programme_calls (programme_id, plan_id, province_code, code, title, description, track,
		activity_types, industries, provinces, max_state_budget, opens_at, deadline, status, version, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $16, $17) RETURNING id`,
		int64(c.ProgrammeID), nullInt64(int64(c.PlanID)), c.ProvinceCode, c.Code, c.Title, c.Description, string(c.Track),
		joinList(c.Types), joinList(c.Industries), joinList(c.Provinces), c.MaxStateBudget, utc(c.OpensAt), utc(c.Deadline),
		string(c.Status), nullInt64(int64(c.CreatedBy)), utc(c.CreatedAt), utc(c.UpdatedAt)).Scan(&c.ID)
	return translate(err, "create call")
}

// callColumns are the columns scanCall reads, of programme_calls c.
const callColumns = `c.id, c.programme_id, COALESCE(c.plan_id, 0), c.province_code, c.code, c.title, c.description, c.track,
	c.activity_types, c.industries, c.provinces, c.max_state_budget, c.opens_at, c.deadline, c.status, c.version,
	COALESCE(c.created_by, 0), c.created_at, c.updated_at`

func scanCall(sc interface{ Scan(...any) error }) (*programme.Call, error) {
	var c programme.Call
	var track, types, inds, provs, status string
	var opens, deadline, created, updated sql.NullTime
	if err := sc.Scan(&c.ID, &c.ProgrammeID, &c.PlanID, &c.ProvinceCode, &c.Code, &c.Title, &c.Description, &track,
		&types, &inds, &provs, &c.MaxStateBudget, &opens, &deadline, &status, &c.Version, &c.CreatedBy, &created, &updated); err != nil {
		return nil, err
	}
	c.Track, c.Status = programme.Track(track), programme.CallStatus(status)
	c.Types, c.Industries, c.Provinces = splitAs[programme.ActivityType](types), splitAs[string](inds), splitAs[string](provs)
	c.OpensAt, c.Deadline, c.CreatedAt, c.UpdatedAt = timeOf(opens), timeOf(deadline), timeOf(created), timeOf(updated)
	return &c, nil
}

// FindCallByID reads a call.
func (s *ProgrammeStore) FindCallByID(ctx context.Context, id programme.CallID) (*programme.Call, error) {
	c, err := scanCall(s.r.QueryRowContext(ctx, `SELECT `+callColumns+` FROM programme_calls c WHERE c.id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find call %d", id))
	}
	return c, nil
}

// CreateActivity inserts an activity with its budget lines and KPIs.
func (s *ProgrammeStore) CreateActivity(ctx context.Context, a *programme.Activity) error {
	now := s.db.now()
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = a.CreatedAt
	}
	if a.ProgrammeID == 0 {
		a.ProgrammeID = programme.TheProgramme
	}
	if a.Details == nil {
		a.Details = map[string]string{}
	}
	details, err := json.Marshal(a.Details)
	if err != nil {
		return fmt.Errorf("sqldb: activity details: %w", err)
	}
	screening, err := marshalScreening(a.Screening)
	if err != nil {
		return err
	}
	a.Version = 1
	return s.inTx(ctx, func(c conn) error {
		err := c.w.QueryRowContext(ctx, `INSERT INTO activities (programme_id, call_id, type, track, year, title, summary,
			enterprise_id, organisation_id, province_code, industry, size_class, details, tools, status, state_budget, counterpart,
			approved_budget, disbursed, screening, review_score, decision_no, decision_date, decision_signer, decision_note,
			contract_no, contract_date, verifier_id, submitted_at, decided_at, closed_at, created_by, version, created_at, updated_at,
			title_folded)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
			$25, $26, $27, $28, $29, $30, $31, $32, 1, $33, $34, $35) RETURNING id`,
			int64(a.ProgrammeID), nullInt64(int64(a.CallID)), string(a.Type), string(a.Track), a.Year, a.Title, a.Summary,
			nullInt64(a.EnterpriseID), nullInt64(a.OrganisationID), a.ProvinceCode, a.Industry, a.SizeClass, string(details),
			joinList(a.Tools), string(a.Status), a.StateBudget, a.Counterpart, a.ApprovedBudget, a.Disbursed, screening,
			nullFloat(a.ReviewScore), a.DecisionNo, a.DecisionDate, a.DecisionSigner, a.DecisionNote, a.ContractNo, a.ContractDate,
			nullInt64(int64(a.VerifierID)), nullTime(a.SubmittedAt), nullTime(a.DecidedAt), nullTime(a.ClosedAt),
			nullInt64(int64(a.CreatedBy)), utc(a.CreatedAt), utc(a.UpdatedAt), vn.Fold(a.Title)).Scan(&a.ID)
		if err != nil {
			return translate(err, "create activity")
		}
		if err := c.writeTitleWords(ctx, a.ID, a.Title, false); err != nil {
			return err
		}
		st := &ProgrammeStore{c}
		if err := st.insertBudgetLines(ctx, a.ID, a.Budget); err != nil {
			return err
		}
		return st.insertActivityKPIs(ctx, a.ID, a.KPIs)
	})
}

// insertBudgetLines writes the budget lines of an activity (numbered from 1).
func (s *ProgrammeStore) insertBudgetLines(ctx context.Context, id programme.ActivityID, lines []programme.BudgetLine) error {
	for i, l := range lines {
		if _, err := s.w.ExecContext(ctx, `INSERT INTO activity_budget_lines (activity_id, line, item, state_amount, counterpart_amount)
			VALUES ($1, $2, $3, $4, $5)`, int64(id), i+1, l.Item, l.State, l.Counterpart); err != nil {
			return translate(err, "create budget line")
		}
	}
	return nil
}

// insertActivityKPIs writes the KPIs of an activity.
func (s *ProgrammeStore) insertActivityKPIs(ctx context.Context, id programme.ActivityID, kpis []programme.ActivityKPI) error {
	for _, k := range kpis {
		if _, err := s.w.ExecContext(ctx, `INSERT INTO activity_kpis (activity_id, kpi_code, baseline, target, actual, verified_by, verified_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, int64(id), k.Code, k.Baseline, k.Target, nullFloat(k.Actual),
			nullInt64(int64(k.VerifiedBy)), nullTime(k.VerifiedAt)); err != nil {
			return translate(err, "create activity kpi")
		}
	}
	return nil
}

func marshalScreening(sc *programme.Screening) (string, error) {
	if sc == nil {
		return "", nil
	}
	b, err := json.Marshal(sc)
	if err != nil {
		return "", fmt.Errorf("sqldb: activity screening: %w", err)
	}
	return string(b), nil
}

// activityColumns are the columns scanActivity reads, of activities a
// joined with the proposer (enterprises ent, organisations org) and the
// call (programme_calls c), all LEFT JOINs.
const activityColumns = `a.id, a.programme_id, COALESCE(a.call_id, 0), a.type, a.track, a.year, a.title, a.summary,
	COALESCE(a.enterprise_id, 0), COALESCE(a.organisation_id, 0), a.province_code, a.industry, a.size_class, a.details, a.tools,
	a.status, a.state_budget, a.counterpart, a.approved_budget, a.disbursed, a.screening, a.review_score, a.decision_no,
	a.decision_date, a.decision_signer, a.decision_note, a.contract_no, a.contract_date, COALESCE(a.verifier_id, 0),
	a.submitted_at, a.decided_at, a.closed_at, COALESCE(a.created_by, 0), a.version, a.created_at, a.updated_at,
	COALESCE(ent.name, org.name, ''), COALESCE(c.code, ''), COALESCE(c.province_code, '')`

// activityJoins are the joins activityColumns reads.
const activityJoins = ` LEFT JOIN enterprises ent ON ent.id = a.enterprise_id
	LEFT JOIN organisations org ON org.id = a.organisation_id
	LEFT JOIN programme_calls c ON c.id = a.call_id`

func scanActivity(sc interface{ Scan(...any) error }) (*programme.Activity, error) {
	var a programme.Activity
	var typ, track, details, tools, status, screening string
	var score sql.NullFloat64
	var submitted, decided, closed, created, updated sql.NullTime
	if err := sc.Scan(&a.ID, &a.ProgrammeID, &a.CallID, &typ, &track, &a.Year, &a.Title, &a.Summary,
		&a.EnterpriseID, &a.OrganisationID, &a.ProvinceCode, &a.Industry, &a.SizeClass, &details, &tools,
		&status, &a.StateBudget, &a.Counterpart, &a.ApprovedBudget, &a.Disbursed, &screening, &score, &a.DecisionNo,
		&a.DecisionDate, &a.DecisionSigner, &a.DecisionNote, &a.ContractNo, &a.ContractDate, &a.VerifierID,
		&submitted, &decided, &closed, &a.CreatedBy, &a.Version, &created, &updated,
		&a.ProposerName, &a.CallCode, &a.CallProvince); err != nil {
		return nil, err
	}
	a.Type, a.Track, a.Status, a.Tools = programme.ActivityType(typ), programme.Track(track), programme.Status(status), splitAs[string](tools)
	a.ReviewScore = floatPtr(score)
	a.SubmittedAt, a.DecidedAt, a.ClosedAt = timePtr(submitted), timePtr(decided), timePtr(closed)
	a.CreatedAt, a.UpdatedAt = timeOf(created), timeOf(updated)
	if err := json.Unmarshal([]byte(details), &a.Details); err != nil {
		return nil, fmt.Errorf("sqldb: activity %d details: %w", a.ID, err)
	}
	if screening != "" {
		a.Screening = &programme.Screening{}
		if err := json.Unmarshal([]byte(screening), a.Screening); err != nil {
			return nil, fmt.Errorf("sqldb: activity %d screening: %w", a.ID, err)
		}
	}
	return &a, nil
}

// FindActivityByID reads an activity with its budget lines and KPIs.
func (s *ProgrammeStore) FindActivityByID(ctx context.Context, id programme.ActivityID) (*programme.Activity, error) {
	a, err := scanActivity(s.r.QueryRowContext(ctx, `SELECT `+activityColumns+` FROM activities a`+activityJoins+` WHERE a.id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find activity %d", id))
	}
	if a.Budget, err = s.findBudgetLines(ctx, id); err != nil {
		return nil, err
	}
	if a.KPIs, err = s.findActivityKPIs(ctx, id); err != nil {
		return nil, err
	}
	return a, nil
}

func (s *ProgrammeStore) findBudgetLines(ctx context.Context, id programme.ActivityID) ([]programme.BudgetLine, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT line, item, state_amount, counterpart_amount FROM activity_budget_lines
		WHERE activity_id = $1 ORDER BY line`, int64(id))
	if err != nil {
		return nil, translate(err, "find budget lines")
	}
	var out []programme.BudgetLine
	for rows.Next() {
		var l programme.BudgetLine
		if err := rows.Scan(&l.Line, &l.Item, &l.State, &l.Counterpart); err != nil {
			rows.Close()
			return nil, translate(err, "scan budget line")
		}
		out = append(out, l)
	}
	return out, closeRows(rows, "find budget lines")
}

func (s *ProgrammeStore) findActivityKPIs(ctx context.Context, id programme.ActivityID) ([]programme.ActivityKPI, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT k.kpi_code, k.baseline, k.target, k.actual, COALESCE(k.verified_by, 0), k.verified_at
		FROM activity_kpis k JOIN kpi_definitions d ON d.code = k.kpi_code WHERE k.activity_id = $1 ORDER BY d.builtin DESC, k.kpi_code`, int64(id))
	if err != nil {
		return nil, translate(err, "find activity kpis")
	}
	var out []programme.ActivityKPI
	for rows.Next() {
		var k programme.ActivityKPI
		var actual sql.NullFloat64
		var at sql.NullTime
		if err := rows.Scan(&k.Code, &k.Baseline, &k.Target, &actual, &k.VerifiedBy, &at); err != nil {
			rows.Close()
			return nil, translate(err, "scan activity kpi")
		}
		k.Actual, k.VerifiedAt = floatPtr(actual), timePtr(at)
		out = append(out, k)
	}
	return out, closeRows(rows, "find activity kpis")
}
