package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"nscl/internal/fault"
	"nscl/internal/programme"
)

// The results and spread of the programme: the KPI catalogue, the
// replications of pilot models (the diffusion tree), and the spread
// figures, which are GROUP BY queries so that they stay fast on hundreds of
// thousands of activities (indexes in 0019_programme_results.sql).

// supportedIn is the SQL list of the statuses programme.Status.Supported
// accepts.
const supportedIn = `('in_progress', 'evaluating', 'closed')`

// CreateKPI inserts a custom KPI.
func (s *ProgrammeStore) CreateKPI(ctx context.Context, k *programme.KPIDef) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO kpi_definitions (code, name_vi, name_en, unit, direction, builtin, hidden, created_at)
		VALUES ($1, $2, $3, $4, $5, 0, $6, $7)`, k.Code, k.Name.Vi, k.Name.En, string(k.Unit), string(k.Direction), boolInt(k.Hidden), utc(k.CreatedAt))
	return translate(err, "create kpi")
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// UpdateKPI writes the names and the hidden flag of a KPI.
func (s *ProgrammeStore) UpdateKPI(ctx context.Context, k *programme.KPIDef) error {
	res, err := s.w.ExecContext(ctx, `UPDATE kpi_definitions SET name_vi = $1, name_en = $2, hidden = $3 WHERE code = $4`,
		k.Name.Vi, k.Name.En, boolInt(k.Hidden), k.Code)
	return affectedOne(res, err, "update kpi "+k.Code)
}

// DeleteKPI removes a KPI.
func (s *ProgrammeStore) DeleteKPI(ctx context.Context, code string) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM kpi_definitions WHERE code = $1`, code)
	return affectedOne(res, err, "delete kpi "+code)
}

// affectedOne turns "no row changed" into fault.NotFound.
func affectedOne(res sql.Result, err error, what string) error {
	if err != nil {
		return translate(err, what)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return translate(err, what)
	}
	if n == 0 {
		return translate(sql.ErrNoRows, what)
	}
	return nil
}

// KPIUses counts the activities and replications that use a KPI.
func (s *ProgrammeStore) KPIUses(ctx context.Context, code string) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM activity_kpis WHERE kpi_code = $1)
		+ (SELECT COUNT(*) FROM replication_kpis WHERE kpi_code = $1)`, code).Scan(&n)
	return n, translate(err, "kpi uses")
}

// args collects the parameters of a query being built.
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// ListPilots returns supported pilot models with their replication counts.
func (s *ProgrammeStore) ListPilots(ctx context.Context, f programme.PilotFilter) ([]programme.PilotSummary, int, error) {
	var ar args
	where := ` WHERE a.type = 'pilot_model' AND a.status IN ` + supportedIn
	if f.ID != 0 {
		where += ` AND a.id = ` + ar.add(int64(f.ID))
	}
	if f.Industry != "" {
		where += ` AND a.industry = ` + ar.add(f.Industry)
	}
	if f.Province != "" {
		where += ` AND a.province_code = ` + ar.add(f.Province)
	}
	if f.Tool != "" {
		// One item of the comma-separated list, matched exactly: the code
		// is escaped so that _ and % in it are not wildcards.
		where += ` AND ',' || a.tools || ',' LIKE ` + ar.add(likeContains(","+f.Tool+",")) + ` ESCAPE '\'`
	}
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM activities a`+where, ar...).Scan(&total); err != nil {
		return nil, 0, translate(err, "count pilots")
	}
	q := `SELECT a.id, a.title, a.summary, COALESCE(a.enterprise_id, 0), COALESCE(e.name, ''), a.province_code, a.industry, a.tools,
		a.status, a.year, a.contract_date, a.created_at, (SELECT COUNT(*) FROM replications r WHERE r.pilot_id = a.id)
		FROM activities a LEFT JOIN enterprises e ON e.id = a.enterprise_id` + where + ` ORDER BY a.id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ` + ar.add(f.Limit) + ` OFFSET ` + ar.add(f.Offset)
	}
	rows, err := s.r.QueryContext(ctx, q, ar...)
	if err != nil {
		return nil, 0, translate(err, "list pilots")
	}
	var out []programme.PilotSummary
	for rows.Next() {
		var p programme.PilotSummary
		var tools, status string
		var at sql.NullTime
		if err := rows.Scan(&p.ID, &p.Title, &p.Summary, &p.EnterpriseID, &p.EnterpriseName, &p.ProvinceCode, &p.Industry, &tools,
			&status, &p.Year, &p.ContractDate, &at, &p.Replications); err != nil {
			rows.Close()
			return nil, 0, translate(err, "scan pilot")
		}
		p.Tools, p.Status, p.CreatedAt = splitAs[string](tools), programme.Status(status), timeOf(at)
		out = append(out, p)
	}
	return out, total, closeRows(rows, "list pilots")
}

// CreateReplication inserts a replication with its KPIs.
func (s *ProgrammeStore) CreateReplication(ctx context.Context, r *programme.ReplicationRecord) error {
	now := s.db.now()
	if r.CreatedAt.IsZero() {
		r.CreatedAt = now
	}
	if r.UpdatedAt.IsZero() {
		r.UpdatedAt = r.CreatedAt
	}
	if r.Status == "" {
		r.Status = programme.ReplicationReported
	}
	r.Version = 1
	return s.inTx(ctx, func(c conn) error {
		err := c.w.QueryRowContext(ctx, `INSERT INTO replications (pilot_id, enterprise_id, source_id, applied_on, tools, description,
			province_code, industry, size_class, status, created_by, created_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1) RETURNING id`,
			int64(r.PilotID), r.EnterpriseID, nullInt64(int64(r.SourceID)), r.AppliedOn, joinList(r.Tools), r.Description,
			r.ProvinceCode, r.Industry, r.SizeClass, string(r.Status), nullInt64(int64(r.CreatedBy)), utc(r.CreatedAt), utc(r.UpdatedAt)).Scan(&r.ID)
		if err != nil {
			return translate(err, "create replication")
		}
		return (&ProgrammeStore{c}).insertRepKPIs(ctx, r.ID, r.KPIs)
	})
}

func (s *ProgrammeStore) insertRepKPIs(ctx context.Context, id programme.ReplicationID, kpis []programme.ReplicationKPI) error {
	for _, k := range kpis {
		if _, err := s.w.ExecContext(ctx, `INSERT INTO replication_kpis (replication_id, kpi_code, baseline, actual) VALUES ($1, $2, $3, $4)`,
			int64(id), k.Code, k.Baseline, k.Actual); err != nil {
			return translate(err, "create replication kpi")
		}
	}
	return nil
}

// errStaleReplication is the message of a stale edit.
func errStaleReplication(id programme.ReplicationID) error {
	return &fault.Error{Kind: fault.Conflict, Op: fmt.Sprintf("replication %d: stale version", id),
		Message: fault.Text{Vi: "Bản ghi nhân rộng vừa được người khác thay đổi; hãy tải lại trang để xem bản mới rồi làm lại.",
			En: "Someone else changed this replication record meanwhile; reload the page to see the new version, then try again."}}
}

// UpdateReplication rewrites a replication's own fields and KPIs if its
// version is still r.Version.
func (s *ProgrammeStore) UpdateReplication(ctx context.Context, r *programme.ReplicationRecord) error {
	return s.inTx(ctx, func(c conn) error {
		res, err := c.w.ExecContext(ctx, `UPDATE replications SET source_id = $1, applied_on = $2, tools = $3, description = $4,
			updated_at = $5, version = version + 1 WHERE id = $6 AND version = $7`,
			nullInt64(int64(r.SourceID)), r.AppliedOn, joinList(r.Tools), r.Description, utc(r.UpdatedAt), int64(r.ID), r.Version)
		if err != nil {
			return translate(err, "update replication")
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errStaleReplication(r.ID)
		}
		r.Version++
		if _, err := c.w.ExecContext(ctx, `DELETE FROM replication_kpis WHERE replication_id = $1`, int64(r.ID)); err != nil {
			return translate(err, "update replication kpis")
		}
		return (&ProgrammeStore{c}).insertRepKPIs(ctx, r.ID, r.KPIs)
	})
}

// ConfirmReplication marks a reported replication confirmed.
func (s *ProgrammeStore) ConfirmReplication(ctx context.Context, id programme.ReplicationID, version int, at time.Time) error {
	res, err := s.w.ExecContext(ctx, `UPDATE replications SET status = 'confirmed', updated_at = $1, version = version + 1
		WHERE id = $2 AND version = $3 AND status = 'reported'`, utc(at), int64(id), version)
	if err != nil {
		return translate(err, "confirm replication")
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errStaleReplication(id)
	}
	return nil
}

const repColumns = `r.id, r.pilot_id, r.enterprise_id, COALESCE(r.source_id, 0), r.applied_on, r.tools, r.description, r.province_code,
	r.industry, r.size_class, r.status, COALESCE(r.created_by, 0), r.created_at, r.updated_at, r.version, COALESCE(e.name, ''),
	a.title, COALESCE(pe.name, ''), a.province_code`

const repJoins = ` FROM replications r JOIN enterprises e ON e.id = r.enterprise_id JOIN activities a ON a.id = r.pilot_id
	LEFT JOIN enterprises pe ON pe.id = a.enterprise_id`

func scanRep(sc interface{ Scan(...any) error }) (*programme.ReplicationRecord, error) {
	var r programme.ReplicationRecord
	var tools, status string
	var created, updated sql.NullTime
	if err := sc.Scan(&r.ID, &r.PilotID, &r.EnterpriseID, &r.SourceID, &r.AppliedOn, &tools, &r.Description, &r.ProvinceCode,
		&r.Industry, &r.SizeClass, &status, &r.CreatedBy, &created, &updated, &r.Version, &r.EnterpriseName,
		&r.PilotTitle, &r.PilotEnterprise, &r.PilotProvince); err != nil {
		return nil, err
	}
	r.Tools, r.Status = splitAs[string](tools), programme.ReplicationStatus(status)
	r.CreatedAt, r.UpdatedAt = timeOf(created), timeOf(updated)
	return &r, nil
}

// FindReplication reads a replication with its KPIs.
func (s *ProgrammeStore) FindReplication(ctx context.Context, id programme.ReplicationID) (*programme.ReplicationRecord, error) {
	r, err := scanRep(s.r.QueryRowContext(ctx, `SELECT `+repColumns+repJoins+` WHERE r.id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find replication %d", id))
	}
	reps := []programme.ReplicationRecord{*r}
	if err := s.fillRepKPIs(ctx, reps); err != nil {
		return nil, err
	}
	return &reps[0], nil
}

// ListReplications returns the replications of f, newest first.
func (s *ProgrammeStore) ListReplications(ctx context.Context, f programme.ReplicationFilter) ([]programme.ReplicationRecord, int, error) {
	var ar args
	var conds []string
	if f.EnterpriseID != 0 {
		conds = append(conds, `r.enterprise_id = `+ar.add(f.EnterpriseID))
	}
	if f.Province != "" {
		conds = append(conds, `r.province_code = `+ar.add(f.Province))
	}
	if f.PilotID != 0 {
		conds = append(conds, `r.pilot_id = `+ar.add(int64(f.PilotID)))
	}
	if f.Status != "" {
		conds = append(conds, `r.status = `+ar.add(string(f.Status)))
	}
	where := ""
	if len(conds) > 0 {
		where = ` WHERE ` + strings.Join(conds, ` AND `)
	}
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM replications r`+where, ar...).Scan(&total); err != nil {
		return nil, 0, translate(err, "count replications")
	}
	q := `SELECT ` + repColumns + repJoins + where + ` ORDER BY r.id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ` + ar.add(f.Limit) + ` OFFSET ` + ar.add(f.Offset)
	}
	rows, err := s.r.QueryContext(ctx, q, ar...)
	if err != nil {
		return nil, 0, translate(err, "list replications")
	}
	var out []programme.ReplicationRecord
	for rows.Next() {
		r, err := scanRep(rows)
		if err != nil {
			rows.Close()
			return nil, 0, translate(err, "scan replication")
		}
		out = append(out, *r)
	}
	if err := closeRows(rows, "list replications"); err != nil {
		return nil, 0, err
	}
	return out, total, s.fillRepKPIs(ctx, out)
}

// fillRepKPIs reads the KPIs of reps, 500 replications per query.
func (s *ProgrammeStore) fillRepKPIs(ctx context.Context, reps []programme.ReplicationRecord) error {
	at := make(map[programme.ReplicationID]int, len(reps))
	for i := range reps {
		at[reps[i].ID] = i
	}
	for start := 0; start < len(reps); start += 500 {
		end := min(start+500, len(reps))
		var ar args
		ph := make([]string, 0, end-start)
		for _, r := range reps[start:end] {
			ph = append(ph, ar.add(int64(r.ID)))
		}
		rows, err := s.r.QueryContext(ctx, `SELECT k.replication_id, k.kpi_code, k.baseline, k.actual FROM replication_kpis k
			JOIN kpi_definitions d ON d.code = k.kpi_code WHERE k.replication_id IN (`+strings.Join(ph, ", ")+`)
			ORDER BY k.replication_id, d.builtin DESC, k.kpi_code`, ar...)
		if err != nil {
			return translate(err, "find replication kpis")
		}
		for rows.Next() {
			var id int64
			var k programme.ReplicationKPI
			if err := rows.Scan(&id, &k.Code, &k.Baseline, &k.Actual); err != nil {
				rows.Close()
				return translate(err, "scan replication kpi")
			}
			i := at[programme.ReplicationID(id)]
			reps[i].KPIs = append(reps[i].KPIs, k)
		}
		if err := closeRows(rows, "find replication kpis"); err != nil {
			return err
		}
	}
	return nil
}

// spreadTrace, when set (by the benchmark), receives the time of each part
// of FindSpread.
var spreadTrace func(part string, d time.Duration)

func traceSpread(part string, t0 time.Time) time.Time {
	now := time.Now()
	if spreadTrace != nil {
		spreadTrace(part, now.Sub(t0))
	}
	return now
}

// FindSpread measures the spread of the pilot models for a province ("":
// the country). A province's figures are its pilots, the replications by
// its firms (and of its pilots, in the per-pilot table), and its
// beneficiaries.
func (s *ProgrammeStore) FindSpread(ctx context.Context, province string) (*programme.SpreadFigures, error) {
	sp := &programme.SpreadFigures{Province: province}
	t0 := time.Now()
	var ar args
	pilotWhere := `a.type = 'pilot_model' AND a.status IN ` + supportedIn
	if province != "" {
		pilotWhere += ` AND a.province_code = ` + ar.add(province)
	}
	var replicated sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM replications r WHERE r.pilot_id = a.id)
		THEN 1 ELSE 0 END) FROM activities a WHERE `+pilotWhere, ar...).Scan(&sp.Pilots, &replicated); err != nil {
		return nil, translate(err, "spread pilots")
	}
	sp.Replicated = int(replicated.Int64)
	t0 = traceSpread("pilots", t0)
	if sp.Pilots > 0 {
		sp.Rate = float64(sp.Replicated) * 100 / float64(sp.Pilots)
	}

	// Replications of the scope: by its firms or of its pilots.
	ar = nil
	repScope, repFrom := "", ` FROM replications r`
	if province != "" {
		// The province's pilots through the (type, status, province)
		// index, rather than a join that would hash every activity.
		p := ar.add(province)
		repScope = ` WHERE (r.province_code = ` + p + ` OR r.pilot_id IN (SELECT a.id FROM activities a
			WHERE a.type = 'pilot_model' AND a.status IN ` + supportedIn + ` AND a.province_code = ` + p + `))`
	}
	var confirmed sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*), SUM(CASE WHEN r.status = 'confirmed' THEN 1 ELSE 0 END)`+repFrom+repScope,
		ar...).Scan(&sp.Replications, &confirmed); err != nil {
		return nil, translate(err, "spread replications")
	}
	sp.Confirmed = int(confirmed.Int64)
	t0 = traceSpread("replications", t0)

	// The 50 most replicated pilots, then the depth of their trees.
	rows, err := s.r.QueryContext(ctx, `WITH RECURSIVE counts AS (SELECT r.pilot_id, COUNT(*) AS n,
			SUM(CASE WHEN r.status = 'confirmed' THEN 1 ELSE 0 END) AS c`+repFrom+repScope+` GROUP BY r.pilot_id
			ORDER BY n DESC, r.pilot_id LIMIT 50),
		tree (id, pilot_id, depth) AS (
			SELECT r.id, r.pilot_id, 1 FROM replications r WHERE r.source_id IS NULL AND r.pilot_id IN (SELECT pilot_id FROM counts)
			UNION ALL
			SELECT r.id, r.pilot_id, t.depth + 1 FROM replications r JOIN tree t ON r.source_id = t.id),
		depths AS (SELECT pilot_id, MAX(depth) AS depth FROM tree GROUP BY pilot_id)
		SELECT p.id, p.title, COALESCE(e.name, ''), p.province_code, c.n, c.c, COALESCE(d.depth, 0)
		FROM counts c JOIN activities p ON p.id = c.pilot_id LEFT JOIN enterprises e ON e.id = p.enterprise_id
		LEFT JOIN depths d ON d.pilot_id = c.pilot_id ORDER BY c.n DESC, p.id`, ar...)
	if err != nil {
		return nil, translate(err, "spread per pilot")
	}
	for rows.Next() {
		var p programme.PilotReach
		if err := rows.Scan(&p.ID, &p.Title, &p.Enterprise, &p.Province, &p.Replications, &p.Confirmed, &p.Depth); err != nil {
			rows.Close()
			return nil, translate(err, "scan spread per pilot")
		}
		sp.PerPilot = append(sp.PerPilot, p)
	}
	if err := closeRows(rows, "spread per pilot"); err != nil {
		return nil, err
	}
	t0 = traceSpread("per pilot", t0)
	if err := s.spreadReach(ctx, province, sp); err != nil {
		return nil, err
	}
	t0 = traceSpread("reach", t0)
	if sp.ActivityKPIs, err = s.spreadQuartiles(ctx, province, false); err != nil {
		return nil, err
	}
	t0 = traceSpread("activity quartiles", t0)
	if sp.RepKPIs, err = s.spreadQuartiles(ctx, province, true); err != nil {
		return nil, err
	}
	traceSpread("replication quartiles", t0)
	return sp, nil
}

// spreadReach counts the distinct enterprises reached (beneficiaries of
// supported activities, replicating firms) by sector, province and size
// class. An enterprise counts once: its attributes are those copied onto
// its rows (the largest value when they differ, so the choice is stable).
func (s *ProgrammeStore) spreadReach(ctx context.Context, province string, sp *programme.SpreadFigures) error {
	var ar args
	actScope, repScope := "", ""
	if province != "" {
		p := ar.add(province)
		actScope, repScope = ` AND province_code = `+p, ` WHERE province_code = `+p
	}
	rows, err := s.r.QueryContext(ctx, `WITH reached AS (
			SELECT enterprise_id, MAX(province_code) AS p, MAX(industry) AS i, MAX(size_class) AS z FROM (
				SELECT enterprise_id, province_code, industry, size_class FROM activities
					WHERE status IN `+supportedIn+` AND enterprise_id IS NOT NULL`+actScope+`
				UNION ALL
				SELECT enterprise_id, province_code, industry, size_class FROM replications`+repScope+`
			) x GROUP BY enterprise_id)
		SELECT 'i', i, COUNT(*) FROM reached GROUP BY i
		UNION ALL SELECT 'p', p, COUNT(*) FROM reached GROUP BY p
		UNION ALL SELECT 'z', z, COUNT(*) FROM reached GROUP BY z`, ar...)
	if err != nil {
		return translate(err, "spread reach")
	}
	for rows.Next() {
		var kind, key string
		var n int
		if err := rows.Scan(&kind, &key, &n); err != nil {
			rows.Close()
			return translate(err, "scan spread reach")
		}
		c := programme.ReachCount{Key: key, N: n}
		switch kind {
		case "i":
			sp.BySector = append(sp.BySector, c)
			sp.Reached += n
		case "p":
			sp.ByProvince = append(sp.ByProvince, c)
		case "z":
			sp.BySize = append(sp.BySize, c)
		}
	}
	if err := closeRows(rows, "spread reach"); err != nil {
		return err
	}
	for _, xs := range [][]programme.ReachCount{sp.BySector, sp.ByProvince, sp.BySize} {
		sort.Slice(xs, func(i, j int) bool { return xs[i].N > xs[j].N || xs[i].N == xs[j].N && xs[i].Key < xs[j].Key })
	}
	return nil
}

// spreadQuartiles reads the quartiles of each KPI's improvement: of the
// verified KPIs of supported activities, or of confirmed replications. The
// database reads the values (covering indexes); the improvements and the
// quartiles are taken here, so that one overflowing value is skipped
// rather than failing the query (PostgreSQL) or producing ±Inf: a portable SQL percentile needs a window over
// every value, which SQLite runs ten times slower than reading the values
// and sorting them in Go.
func (s *ProgrammeStore) spreadQuartiles(ctx context.Context, province string, reps bool) ([]programme.KPIQuartiles, error) {
	var ar args
	var imp string
	if reps {
		imp = `SELECT k.kpi_code, d.direction, k.baseline, k.actual
			FROM replication_kpis k JOIN replications r ON r.id = k.replication_id JOIN kpi_definitions d ON d.code = k.kpi_code
			WHERE r.status = 'confirmed' AND k.baseline <> 0`
		if province != "" {
			imp += ` AND r.province_code = ` + ar.add(province)
		}
	} else {
		imp = `SELECT k.kpi_code, d.direction, k.baseline, k.actual
			FROM activity_kpis k JOIN activities a ON a.id = k.activity_id JOIN kpi_definitions d ON d.code = k.kpi_code
			WHERE k.actual IS NOT NULL AND k.verified_at IS NOT NULL AND k.baseline <> 0 AND a.status IN ` + supportedIn
		if province != "" {
			imp += ` AND a.province_code = ` + ar.add(province)
		}
	}
	rows, err := s.r.QueryContext(ctx, imp, ar...)
	if err != nil {
		return nil, translate(err, "spread quartiles")
	}
	by := map[string][]float64{}
	for rows.Next() {
		var code, dir string
		var baseline, actual float64
		if err := rows.Scan(&code, &dir, &baseline, &actual); err != nil {
			rows.Close()
			return nil, translate(err, "scan spread quartiles")
		}
		// Improvement skips what has no finite percentage (a huge value
		// over a tiny baseline): JSON cannot carry ±Inf, and PostgreSQL
		// would stop the whole query on an overflow.
		if v, ok := programme.Improvement(programme.Direction(dir), baseline, actual); ok {
			by[code] = append(by[code], v)
		}
	}
	if err := closeRows(rows, "spread quartiles"); err != nil {
		return nil, err
	}
	out := make([]programme.KPIQuartiles, 0, len(by))
	for code, vs := range by {
		slices.Sort(vs)
		out = append(out, programme.KPIQuartiles{Code: code, N: len(vs), Q1: programme.Quantile(vs, 0.25),
			Median: programme.Quantile(vs, 0.5), Q3: programme.Quantile(vs, 0.75)})
	}
	slices.SortFunc(out, func(a, b programme.KPIQuartiles) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

// PilotNames returns the titles of the pilots ids and the current names of
// their enterprises (the spread caches figures, not names).
func (s *ProgrammeStore) PilotNames(ctx context.Context, ids []programme.ActivityID) (map[programme.ActivityID]programme.PilotName, error) {
	out := make(map[programme.ActivityID]programme.PilotName, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var ar args
	ph := make([]string, 0, len(ids))
	for _, id := range ids {
		ph = append(ph, ar.add(int64(id)))
	}
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, a.title, COALESCE(e.name, '') FROM activities a
		LEFT JOIN enterprises e ON e.id = a.enterprise_id WHERE a.id IN (`+strings.Join(ph, ", ")+`)`, ar...)
	if err != nil {
		return nil, translate(err, "pilot names")
	}
	for rows.Next() {
		var id int64
		var n programme.PilotName
		if err := rows.Scan(&id, &n.Title, &n.Enterprise); err != nil {
			rows.Close()
			return nil, translate(err, "scan pilot names")
		}
		out[programme.ActivityID(id)] = n
	}
	return out, closeRows(rows, "pilot names")
}
