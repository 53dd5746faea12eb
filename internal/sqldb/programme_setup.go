package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"nscl/internal/programme"
)

// FindTargets reads the programme's targets by metric, then year.
func (s *ProgrammeStore) FindTargets(ctx context.Context, id programme.ProgrammeID) ([]programme.Target, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, programme_id, metric, year, value, note, version, COALESCE(updated_by, 0), updated_at
		FROM programme_targets WHERE programme_id = $1 ORDER BY metric, year`, int64(id))
	if err != nil {
		return nil, translate(err, "find targets")
	}
	var out []programme.Target
	for rows.Next() {
		var t programme.Target
		var metric string
		var at sql.NullTime
		if err := rows.Scan(&t.ID, &t.ProgrammeID, &metric, &t.Year, &t.Value, &t.Note, &t.Version, &t.UpdatedBy, &at); err != nil {
			rows.Close()
			return nil, translate(err, "scan target")
		}
		t.Metric, t.UpdatedAt = programme.Metric(metric), timeOf(at)
		out = append(out, t)
	}
	return out, closeRows(rows, "find targets")
}

// CreateTarget inserts the target of (programme, metric, year) at version
// 1; one that exists already is fault.Conflict (the unique key), never
// overwritten.
func (s *ProgrammeStore) CreateTarget(ctx context.Context, t *programme.Target) error {
	if t.ProgrammeID == 0 {
		t.ProgrammeID = programme.TheProgramme
	}
	if t.UpdatedAt.IsZero() {
		t.UpdatedAt = s.db.now()
	}
	err := s.w.QueryRowContext(ctx, `INSERT INTO programme_targets (programme_id, metric, year, value, note, version, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, 1, $6, $7) RETURNING id`, int64(t.ProgrammeID), string(t.Metric), t.Year, t.Value, t.Note,
		nullInt64(int64(t.UpdatedBy)), utc(t.UpdatedAt)).Scan(&t.ID)
	if err != nil {
		return translate(err, "create target")
	}
	t.Version = 1
	return nil
}

// UpdateTarget writes a target's value and note if its version is still
// the stored one (fault.Conflict otherwise); t.Version becomes the new one.
func (s *ProgrammeStore) UpdateTarget(ctx context.Context, t *programme.Target) error {
	if t.UpdatedAt.IsZero() {
		t.UpdatedAt = s.db.now()
	}
	res, err := s.w.ExecContext(ctx, `UPDATE programme_targets SET value = $1, note = $2, updated_by = $3, updated_at = $4,
		version = version + 1 WHERE id = $5 AND version = $6`,
		t.Value, t.Note, nullInt64(int64(t.UpdatedBy)), utc(t.UpdatedAt), t.ID, t.Version)
	if err != nil {
		return translate(err, "update target")
	}
	if err := changed(res, "update target", "Chỉ tiêu vừa được người khác thay đổi.", "Someone else changed this target meanwhile."); err != nil {
		return err
	}
	t.Version++
	return nil
}

const planColumns = `id, programme_id, year, province_code, title, status, decision_no, decision_date, notes, version,
	COALESCE(created_by, 0), created_at, updated_at`

func scanPlan(sc interface{ Scan(...any) error }) (*programme.Plan, error) {
	var p programme.Plan
	var status string
	var created, updated sql.NullTime
	if err := sc.Scan(&p.ID, &p.ProgrammeID, &p.Year, &p.ProvinceCode, &p.Title, &status, &p.DecisionNo, &p.DecisionDate,
		&p.Notes, &p.Version, &p.CreatedBy, &created, &updated); err != nil {
		return nil, err
	}
	p.Status, p.CreatedAt, p.UpdatedAt = programme.PlanStatus(status), timeOf(created), timeOf(updated)
	return &p, nil
}

// FindPlans reads the plans matching f with their lines, by year then
// province (the ministry's first).
func (s *ProgrammeStore) FindPlans(ctx context.Context, f programme.PlanFilter) ([]*programme.Plan, error) {
	if f.ProgrammeID == 0 {
		f.ProgrammeID = programme.TheProgramme
	}
	where, args := []string{"programme_id = $1"}, []any{int64(f.ProgrammeID)}
	if f.Year != 0 {
		args = append(args, f.Year)
		where = append(where, fmt.Sprintf("year = $%d", len(args)))
	}
	if f.Provinces != nil {
		if len(f.Provinces) == 0 {
			return nil, nil
		}
		ph := make([]string, len(f.Provinces))
		for i, p := range f.Provinces {
			args = append(args, p)
			ph[i] = fmt.Sprintf("$%d", len(args))
		}
		where = append(where, "province_code IN ("+strings.Join(ph, ", ")+")")
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+planColumns+` FROM programme_plans WHERE `+strings.Join(where, " AND ")+
		` ORDER BY year, province_code`, args...)
	if err != nil {
		return nil, translate(err, "find plans")
	}
	var out []*programme.Plan
	byID := map[programme.PlanID]*programme.Plan{}
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan plan")
		}
		out = append(out, p)
		byID[p.ID] = p
	}
	if err := closeRows(rows, "find plans"); err != nil || len(out) == 0 {
		return out, err
	}
	// The lines of every plan found, in one query: plans are few (a year's
	// are one per unit), their lines a few dozen each.
	lines, err := s.r.QueryContext(ctx, `SELECT l.plan_id, l.track, l.activity_type, l.planned_count, l.state_budget, l.counterpart
		FROM plan_budget_lines l JOIN programme_plans p ON p.id = l.plan_id WHERE `+strings.Join(prefixed(where, "p."), " AND ")+
		` ORDER BY l.plan_id, l.track, l.activity_type`, args...)
	if err != nil {
		return nil, translate(err, "find plan lines")
	}
	for lines.Next() {
		var id int64
		var l programme.PlanLine
		if err := scanPlanLine(lines, &id, &l); err != nil {
			lines.Close()
			return nil, translate(err, "scan plan line")
		}
		if p := byID[programme.PlanID(id)]; p != nil {
			p.Lines = append(p.Lines, l)
		}
	}
	if err := closeRows(lines, "find plan lines"); err != nil {
		return nil, err
	}
	for _, p := range out {
		sortPlanLines(p.Lines)
	}
	return out, nil
}

// prefixed qualifies the column each condition starts with.
func prefixed(conds []string, prefix string) []string {
	out := make([]string, len(conds))
	for i, c := range conds {
		out[i] = prefix + c
	}
	return out
}

func scanPlanLine(sc interface{ Scan(...any) error }, id *int64, l *programme.PlanLine) error {
	var track, typ string
	if err := sc.Scan(id, &track, &typ, &l.PlannedCount, &l.StateBudget, &l.Counterpart); err != nil {
		return err
	}
	l.Track, l.Type = programme.Track(track), programme.ActivityType(typ)
	return nil
}

// sortPlanLines orders lines by track, then type, in display order.
func sortPlanLines(ls []programme.PlanLine) {
	idx := func(l programme.PlanLine) int {
		t, a := 0, 0
		for i, x := range programme.Tracks {
			if x == l.Track {
				t = i
			}
		}
		for i, x := range programme.ActivityTypes {
			if x == l.Type {
				a = i
			}
		}
		return t*100 + a
	}
	for i := 1; i < len(ls); i++ {
		for j := i; j > 0 && idx(ls[j]) < idx(ls[j-1]); j-- {
			ls[j], ls[j-1] = ls[j-1], ls[j]
		}
	}
}

// FindPlanByID reads a plan with its lines.
func (s *ProgrammeStore) FindPlanByID(ctx context.Context, id programme.PlanID) (*programme.Plan, error) {
	p, err := scanPlan(s.r.QueryRowContext(ctx, `SELECT `+planColumns+` FROM programme_plans WHERE id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find plan %d", id))
	}
	return p, s.readPlanLines(ctx, p)
}

// FindPlanFor reads the plan of (programme, year, province) with its lines.
func (s *ProgrammeStore) FindPlanFor(ctx context.Context, id programme.ProgrammeID, year int, province string) (*programme.Plan, error) {
	p, err := scanPlan(s.r.QueryRowContext(ctx, `SELECT `+planColumns+` FROM programme_plans
		WHERE programme_id = $1 AND year = $2 AND province_code = $3`, int64(id), year, province))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find plan %d/%q", year, province))
	}
	return p, s.readPlanLines(ctx, p)
}

func (s *ProgrammeStore) readPlanLines(ctx context.Context, p *programme.Plan) error {
	rows, err := s.r.QueryContext(ctx, `SELECT plan_id, track, activity_type, planned_count, state_budget, counterpart
		FROM plan_budget_lines WHERE plan_id = $1`, int64(p.ID))
	if err != nil {
		return translate(err, "find plan lines")
	}
	p.Lines = nil
	for rows.Next() {
		var id int64
		var l programme.PlanLine
		if err := scanPlanLine(rows, &id, &l); err != nil {
			rows.Close()
			return translate(err, "scan plan line")
		}
		p.Lines = append(p.Lines, l)
	}
	sortPlanLines(p.Lines)
	return closeRows(rows, "find plan lines")
}

// CreatePlan inserts a plan with its lines.
func (s *ProgrammeStore) CreatePlan(ctx context.Context, p *programme.Plan) error {
	now := s.db.now()
	if p.CreatedAt.IsZero() {
		p.CreatedAt = now
	}
	if p.UpdatedAt.IsZero() {
		p.UpdatedAt = p.CreatedAt
	}
	if p.ProgrammeID == 0 {
		p.ProgrammeID = programme.TheProgramme
	}
	if p.Status == "" {
		p.Status = programme.PlanDraft
	}
	p.Version = 1
	return s.inTx(ctx, func(c conn) error {
		err := c.w.QueryRowContext(ctx, `INSERT INTO programme_plans (programme_id, year, province_code, title, status, decision_no,
			decision_date, notes, version, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $11) RETURNING id`,
			int64(p.ProgrammeID), p.Year, p.ProvinceCode, p.Title, string(p.Status), p.DecisionNo, p.DecisionDate, p.Notes,
			nullInt64(int64(p.CreatedBy)), utc(p.CreatedAt), utc(p.UpdatedAt)).Scan(&p.ID)
		if err != nil {
			return translate(err, "create plan")
		}
		return (&ProgrammeStore{c}).insertPlanLines(ctx, p.ID, p.Lines)
	})
}

func (s *ProgrammeStore) insertPlanLines(ctx context.Context, id programme.PlanID, lines []programme.PlanLine) error {
	for _, l := range lines {
		if _, err := s.w.ExecContext(ctx, `INSERT INTO plan_budget_lines (plan_id, track, activity_type, planned_count, state_budget, counterpart)
			VALUES ($1, $2, $3, $4, $5, $6)`, int64(id), string(l.Track), string(l.Type), l.PlannedCount, l.StateBudget, l.Counterpart); err != nil {
			return translate(err, "create plan line")
		}
	}
	return nil
}

// UpdatePlan writes a plan and replaces its lines if its version is still
// the stored one.
func (s *ProgrammeStore) UpdatePlan(ctx context.Context, p *programme.Plan) error {
	if p.UpdatedAt.IsZero() {
		p.UpdatedAt = s.db.now()
	}
	return s.inTx(ctx, func(c conn) error {
		res, err := c.w.ExecContext(ctx, `UPDATE programme_plans SET title = $1, status = $2, decision_no = $3, decision_date = $4,
			notes = $5, updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8`,
			p.Title, string(p.Status), p.DecisionNo, p.DecisionDate, p.Notes, utc(p.UpdatedAt), int64(p.ID), p.Version)
		if err != nil {
			return translate(err, "update plan")
		}
		if err := changed(res, "update plan", "Kế hoạch vừa được người khác thay đổi.", "Someone else changed this plan meanwhile."); err != nil {
			return err
		}
		if _, err := c.w.ExecContext(ctx, `DELETE FROM plan_budget_lines WHERE plan_id = $1`, int64(p.ID)); err != nil {
			return translate(err, "delete plan lines")
		}
		if err := (&ProgrammeStore{c}).insertPlanLines(ctx, p.ID, p.Lines); err != nil {
			return err
		}
		p.Version++
		return nil
	})
}

// FindCalls reads the calls matching f: open ones first (nearest deadline
// first), then drafts (newest first), then closed ones (latest deadline
// first).
func (s *ProgrammeStore) FindCalls(ctx context.Context, f programme.CallFilter) ([]*programme.Call, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.Track != "" {
		where = append(where, "c.track = "+arg(string(f.Track)))
	}
	if f.Type != "" {
		// activity_types is a comma-separated list; ',' on both sides
		// matches whole codes only.
		where = append(where, "(c.activity_types = '' OR ',' || c.activity_types || ',' LIKE "+arg(likeContains(","+string(f.Type)+","))+` ESCAPE '\'`+")")
	}
	if f.Province != "" {
		where = append(where, "(c.province_code = "+arg(f.Province)+" OR c.provinces = '' OR ',' || c.provinces || ',' LIKE "+
			arg(likeContains(","+f.Province+","))+` ESCAPE '\'`+")")
	}
	if len(f.Statuses) > 0 {
		ph := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			ph[i] = arg(string(st))
		}
		where = append(where, "c.status IN ("+strings.Join(ph, ", ")+")")
	}
	if !f.AllDrafts {
		if len(f.DraftScope) == 0 {
			where = append(where, "c.status <> 'draft'")
		} else {
			ph := make([]string, len(f.DraftScope))
			for i, p := range f.DraftScope {
				ph[i] = arg(p)
			}
			where = append(where, "(c.status <> 'draft' OR c.province_code IN ("+strings.Join(ph, ", ")+"))")
		}
	}
	q := `SELECT ` + callColumns + ` FROM programme_calls c`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY CASE c.status WHEN 'open' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END,
		CASE WHEN c.status = 'open' THEN c.deadline END ASC,
		CASE WHEN c.status = 'draft' THEN c.created_at END DESC,
		c.deadline DESC, c.id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ` + arg(f.Limit)
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, translate(err, "find calls")
	}
	var out []*programme.Call
	for rows.Next() {
		c, err := scanCall(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan call")
		}
		out = append(out, c)
	}
	return out, closeRows(rows, "find calls")
}

// FindCallByCode reads a call by its code.
func (s *ProgrammeStore) FindCallByCode(ctx context.Context, code string) (*programme.Call, error) {
	c, err := scanCall(s.r.QueryRowContext(ctx, `SELECT `+callColumns+` FROM programme_calls c WHERE c.code = $1`, code))
	if err != nil {
		return nil, translate(err, "find call "+code)
	}
	return c, nil
}

// UpdateCall writes a call if its version is still the stored one.
func (s *ProgrammeStore) UpdateCall(ctx context.Context, c *programme.Call) error {
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = s.db.now()
	}
	res, err := s.w.ExecContext(ctx, `UPDATE programme_calls SET code = $1, title = $2, description = $3, track = $4,
		activity_types = $5, industries = $6, provinces = $7, max_state_budget = $8, opens_at = $9, deadline = $10, status = $11,
		plan_id = $12, updated_at = $13, version = version + 1 WHERE id = $14 AND version = $15`,
		c.Code, c.Title, c.Description, string(c.Track), joinList(c.Types), joinList(c.Industries), joinList(c.Provinces),
		c.MaxStateBudget, utc(c.OpensAt), utc(c.Deadline), string(c.Status), nullInt64(int64(c.PlanID)), utc(c.UpdatedAt),
		int64(c.ID), c.Version)
	if err != nil {
		return translate(err, "update call")
	}
	if err := changed(res, "update call", "Đợt kêu gọi vừa được người khác thay đổi.", "Someone else changed this call meanwhile."); err != nil {
		return err
	}
	c.Version++
	return nil
}
