package sqldb

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"nscl/internal/programme"
)

// The dashboard's reads: full scans in id order with a callback per row,
// selecting only the columns the facts keep (sqldb never holds 200,000
// full activities).

// FactsActivityRange reads the smallest and largest activity id.
func (s *ProgrammeStore) FactsActivityRange(ctx context.Context) (lo, hi int64, err error) {
	if err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM activities`).Scan(&lo, &hi); err != nil {
		return 0, 0, translate(err, "facts activities range")
	}
	return lo, hi, nil
}

// FactsActivities scans the programme's activities with ids in [lo, hi].
func (s *ProgrammeStore) FactsActivities(ctx context.Context, lo, hi int64, part, parts int, fn func(*programme.FactRow) error) error {
	parts = max(parts, 1)
	step := (hi - lo + int64(parts)) / int64(parts)
	from, to := lo+int64(part)*step, lo+int64(part+1)*step // [from, to)
	if part == parts-1 {
		to = hi + 1
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, year, contract_date, status, type, track, COALESCE(enterprise_id, 0),
		province_code, industry, size_class, state_budget, counterpart, approved_budget, disbursed
		FROM activities WHERE id >= $1 AND id < $2 AND programme_id = $3 ORDER BY id`, from, to, int64(programme.TheProgramme))
	if err != nil {
		return translate(err, "facts activities")
	}
	var r programme.FactRow
	var status, typ, track string
	for rows.Next() {
		if err := rows.Scan(&r.ID, &r.Year, &r.ContractDate, &status, &typ, &track, &r.EnterpriseID, &r.Province,
			&r.Industry, &r.SizeClass, &r.StateBudget, &r.Counterpart, &r.Approved, &r.Disbursed); err != nil {
			rows.Close()
			return translate(err, "scan facts activity")
		}
		r.Status, r.Type, r.Track = programme.Status(status), programme.ActivityType(typ), programme.Track(track)
		if err := fn(&r); err != nil {
			rows.Close()
			return err
		}
	}
	return closeRows(rows, "facts activities")
}

// FactsKPIs scans the activities' KPIs that have an actual value.
func (s *ProgrammeStore) FactsKPIs(ctx context.Context, fn func(programme.ActivityID, string, float64, float64) error) error {
	// activity_kpis_actual (0015) covers this read.
	rows, err := s.r.QueryContext(ctx, `SELECT activity_id, kpi_code, baseline, actual FROM activity_kpis
		WHERE actual IS NOT NULL`)
	if err != nil {
		return translate(err, "facts kpis")
	}
	var id int64
	var code string
	var base, actual float64
	for rows.Next() {
		if err := rows.Scan(&id, &code, &base, &actual); err != nil {
			rows.Close()
			return translate(err, "scan facts kpi")
		}
		if err := fn(programme.ActivityID(id), code, base, actual); err != nil {
			rows.Close()
			return err
		}
	}
	return closeRows(rows, "facts kpis")
}

// FactsDisbursements scans the payments, summed by activity and by the
// year of paid_on: the budget series attributes money to the year it was
// paid, not to the activity's plan year.
func (s *ProgrammeStore) FactsDisbursements(ctx context.Context, fn func(programme.ActivityID, int, int64) error) error {
	rows, err := s.r.QueryContext(ctx, `SELECT activity_id, SUBSTR(paid_on, 1, 4), SUM(amount) FROM activity_disbursements
		GROUP BY activity_id, SUBSTR(paid_on, 1, 4) ORDER BY activity_id`)
	if err != nil {
		return translate(err, "facts disbursements")
	}
	var id, amount int64
	var year string
	for rows.Next() {
		if err := rows.Scan(&id, &year, &amount); err != nil {
			rows.Close()
			return translate(err, "scan facts disbursement")
		}
		y, _ := strconv.Atoi(year)
		if err := fn(programme.ActivityID(id), y, amount); err != nil {
			rows.Close()
			return err
		}
	}
	return closeRows(rows, "facts disbursements")
}

// FactsReplications scans the replications.
func (s *ProgrammeStore) FactsReplications(ctx context.Context, fn func(*programme.ReplicationRow) error) error {
	rows, err := s.r.QueryContext(ctx, `SELECT id, pilot_id, enterprise_id, COALESCE(source_id, 0), applied_on,
		province_code, industry, size_class FROM replications ORDER BY id`)
	if err != nil {
		return translate(err, "facts replications")
	}
	var r programme.ReplicationRow
	for rows.Next() {
		if err := rows.Scan(&r.ID, &r.PilotID, &r.EnterpriseID, &r.SourceID, &r.AppliedOn, &r.Province, &r.Industry, &r.SizeClass); err != nil {
			rows.Close()
			return translate(err, "scan facts replication")
		}
		if err := fn(&r); err != nil {
			rows.Close()
			return err
		}
	}
	return closeRows(rows, "facts replications")
}

// FactsTargets reads the programme's targets.
func (s *ProgrammeStore) FactsTargets(ctx context.Context) ([]programme.Target, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, programme_id, metric, year, value, note FROM programme_targets
		WHERE programme_id = $1 ORDER BY metric, year`, int64(programme.TheProgramme))
	if err != nil {
		return nil, translate(err, "facts targets")
	}
	var out []programme.Target
	for rows.Next() {
		var t programme.Target
		var metric string
		if err := rows.Scan(&t.ID, &t.ProgrammeID, &metric, &t.Year, &t.Value, &t.Note); err != nil {
			rows.Close()
			return nil, translate(err, "scan facts target")
		}
		t.Metric = programme.Metric(metric)
		out = append(out, t)
	}
	return out, closeRows(rows, "facts targets")
}

// FactsPlanLines reads the budget lines of the approved plans.
func (s *ProgrammeStore) FactsPlanLines(ctx context.Context) ([]programme.PlanLineRow, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT p.year, p.province_code, l.track, l.activity_type, l.planned_count,
		l.state_budget, l.counterpart FROM plan_budget_lines l JOIN programme_plans p ON p.id = l.plan_id
		WHERE p.programme_id = $1 AND p.status = 'approved' ORDER BY p.year, p.province_code, l.track, l.activity_type`,
		int64(programme.TheProgramme))
	if err != nil {
		return nil, translate(err, "facts plan lines")
	}
	var out []programme.PlanLineRow
	for rows.Next() {
		var r programme.PlanLineRow
		var track, typ string
		if err := rows.Scan(&r.Year, &r.Province, &track, &typ, &r.PlannedCount, &r.StateBudget, &r.Counterpart); err != nil {
			rows.Close()
			return nil, translate(err, "scan facts plan line")
		}
		r.Track, r.Type = programme.Track(track), programme.ActivityType(typ)
		out = append(out, r)
	}
	return out, closeRows(rows, "facts plan lines")
}

// FactsExperts counts, for each year from the first credential to the
// current year (at least the programme's last year, 2030), the directory's
// experts (not anonymised) holding a credential valid on 31/12 of that
// year: issued by then and not expired before then.
func (s *ProgrammeStore) FactsExperts(ctx context.Context) ([]programme.ExpertCount, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT e.id, e.province_code, c.issued_on, c.expires_on FROM experts e
		JOIN expert_credentials c ON c.expert_id = e.id WHERE e.status <> 'anonymised' AND c.issued_on <> ''
		ORDER BY e.id`)
	if err != nil {
		return nil, translate(err, "facts experts")
	}
	last := max(s.db.now().Year(), 2030)
	type key struct {
		year int
		prov string
	}
	counts := map[key]int{}
	var cur int64 = -1
	var prov string
	valid := map[int]bool{} // the years the current expert counts in
	flush := func() {
		for y := range valid {
			counts[key{y, prov}]++
		}
		clear(valid)
	}
	for rows.Next() {
		var id int64
		var p, issued, expires string
		if err := rows.Scan(&id, &p, &issued, &expires); err != nil {
			rows.Close()
			return nil, translate(err, "scan facts experts")
		}
		if id != cur {
			flush()
			cur, prov = id, p
		}
		from, err := strconv.Atoi(issued[:min(4, len(issued))])
		if err != nil {
			continue
		}
		for y := from; y <= last; y++ {
			// Valid at the end of y: not expired before 31/12 of y.
			if expires != "" && expires < strconv.Itoa(y)+"-12-31" {
				break
			}
			valid[y] = true
		}
	}
	flush()
	if err := closeRows(rows, "facts experts"); err != nil {
		return nil, err
	}
	out := make([]programme.ExpertCount, 0, len(counts))
	for k, n := range counts {
		out = append(out, programme.ExpertCount{Year: k.year, Province: k.prov, N: n})
	}
	return out, nil
}

// FactsFigures scans the registry figures of the enterprises with a
// supported activity, by enterprise and year.
func (s *ProgrammeStore) FactsFigures(ctx context.Context, fn func(*programme.FigureRow) error) error {
	var sup []string
	for _, st := range programme.Statuses {
		if st.Supported() {
			sup = append(sup, "'"+string(st)+"'")
		}
	}
	// Driven from the supported enterprises (a few percent of the
	// registry), each looked up by the figures' primary key; SQLite's
	// CROSS JOIN keeps that order (an IN would scan every figure).
	join := "JOIN"
	if s.db.dialect.name() == "sqlite" {
		join = "CROSS JOIN"
	}
	rows, err := s.r.QueryContext(ctx, `SELECT f.enterprise_id, f.year, COALESCE(f.employees, 0), COALESCE(f.revenue, 0),
		COALESCE(f.value_added, 0) FROM (SELECT DISTINCT enterprise_id FROM activities WHERE enterprise_id IS NOT NULL
		AND status IN (`+strings.Join(sup, ",")+`)) s `+join+` enterprise_figures f ON f.enterprise_id = s.enterprise_id
		ORDER BY f.enterprise_id, f.year`)
	if err != nil {
		return translate(err, "facts figures")
	}
	var r programme.FigureRow
	for rows.Next() {
		if err := rows.Scan(&r.EnterpriseID, &r.Year, &r.Employees, &r.Revenue, &r.ValueAdded); err != nil {
			rows.Close()
			return translate(err, "scan facts figures")
		}
		if err := fn(&r); err != nil {
			rows.Close()
			return err
		}
	}
	return closeRows(rows, "facts figures")
}

// FactsExport scans the activities matching f with their proposer's name.
func (s *ProgrammeStore) FactsExport(ctx context.Context, f programme.FactsFilter, fn func(*programme.ExportRow) error) error {
	q := `SELECT a.id, a.year, a.type, a.track, a.status, a.title, COALESCE(e.name, o.name, ''), a.province_code,
		a.industry, a.size_class, a.state_budget, a.counterpart, a.approved_budget, a.disbursed, a.decision_no,
		a.decision_date, a.contract_no, a.contract_date
		FROM activities a LEFT JOIN enterprises e ON e.id = a.enterprise_id LEFT JOIN organisations o ON o.id = a.organisation_id
		WHERE a.programme_id = $1`
	args := []any{int64(programme.TheProgramme)}
	if f.Year != 0 {
		args = append(args, f.Year)
		q += ` AND a.year = $` + strconv.Itoa(len(args))
	}
	if f.Province != "" {
		args = append(args, f.Province)
		q += ` AND a.province_code = $` + strconv.Itoa(len(args))
	}
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY a.id`, args...)
	if err != nil {
		return translate(err, "facts export")
	}
	var r programme.ExportRow
	var typ, track, status string
	var name sql.NullString
	for rows.Next() {
		if err := rows.Scan(&r.ID, &r.Year, &typ, &track, &status, &r.Title, &name, &r.Province, &r.Industry, &r.SizeClass,
			&r.StateBudget, &r.Counterpart, &r.Approved, &r.Disbursed, &r.DecisionNo, &r.DecisionDate, &r.ContractNo,
			&r.ContractDate); err != nil {
			rows.Close()
			return translate(err, "scan facts export")
		}
		r.Type, r.Track, r.Status, r.Proposer = programme.ActivityType(typ), programme.Track(track), programme.Status(status), name.String
		if err := fn(&r); err != nil {
			rows.Close()
			return err
		}
	}
	return closeRows(rows, "facts export")
}
