package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"nscl/internal/audit"
	"nscl/internal/quality"
)

// QualityStore keeps the enterprises' quality monitoring workspaces.
type QualityStore struct {
	conn
}

var _ quality.Store = (*QualityStore)(nil)

// Quality returns the quality workspace store.
func (db *DB) Quality() *QualityStore { return &QualityStore{db.conn()} }

// Tx runs fn in one transaction.
func (s *QualityStore) Tx(ctx context.Context, fn func(tx quality.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&QualityStore{c}) })
}

// AddAudit writes e in the store's transaction, if any.
func (s *QualityStore) AddAudit(ctx context.Context, e audit.Entry) error { return s.addAudit(ctx, e) }

// FindSettings returns an enterprise's settings, or the zero settings.
func (s *QualityStore) FindSettings(ctx context.Context, ent int64) (*quality.Settings, error) {
	st := &quality.Settings{EnterpriseID: ent}
	err := s.r.QueryRowContext(ctx, `SELECT shared FROM quality_settings WHERE enterprise_id = $1`, ent).Scan(&st.Shared)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, translate(err, fmt.Sprintf("find quality settings %d", ent))
	}
	return st, nil
}

// SaveSettings creates or replaces an enterprise's settings.
func (s *QualityStore) SaveSettings(ctx context.Context, st *quality.Settings, at time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO quality_settings (enterprise_id, shared, updated_at) VALUES ($1, $2, $3)
ON CONFLICT (enterprise_id) DO UPDATE SET shared = excluded.shared, updated_at = excluded.updated_at`,
		st.EnterpriseID, st.Shared, utc(at))
	return translate(err, fmt.Sprintf("save quality settings %d", st.EnterpriseID))
}

const processColumns = `id, enterprise_id, name, description, line, active, created_at, updated_at`

func scanProcess(sc interface{ Scan(...any) error }) (*quality.Process, error) {
	var p quality.Process
	var created, updated sql.NullTime
	if err := sc.Scan(&p.ID, &p.EnterpriseID, &p.Name, &p.Description, &p.Line, &p.Active, &created, &updated); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = timeOf(created), timeOf(updated)
	return &p, nil
}

// CreateProcess inserts p and fills its id.
func (s *QualityStore) CreateProcess(ctx context.Context, p *quality.Process) error {
	err := s.w.QueryRowContext(ctx, `INSERT INTO quality_processes (enterprise_id, name, description, line, active, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.EnterpriseID, p.Name, p.Description, p.Line, p.Active, utc(p.CreatedAt), utc(p.UpdatedAt)).Scan(&p.ID)
	return translate(err, "create quality process")
}

// UpdateProcess writes p's editable fields; NotFound when it is gone.
func (s *QualityStore) UpdateProcess(ctx context.Context, p *quality.Process) error {
	res, err := s.w.ExecContext(ctx, `UPDATE quality_processes SET name = $2, description = $3, line = $4, active = $5, updated_at = $6
WHERE id = $1`, int64(p.ID), p.Name, p.Description, p.Line, p.Active, utc(p.UpdatedAt))
	if err != nil {
		return translate(err, fmt.Sprintf("update quality process %d", p.ID))
	}
	return oneRow(res, fmt.Sprintf("update quality process %d", p.ID))
}

// FindProcessByID returns a process, or NotFound.
func (s *QualityStore) FindProcessByID(ctx context.Context, id quality.ProcessID) (*quality.Process, error) {
	p, err := scanProcess(s.r.QueryRowContext(ctx, `SELECT `+processColumns+` FROM quality_processes WHERE id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find quality process %d", id))
	}
	return p, nil
}

// FindProcesses returns an enterprise's processes by name.
func (s *QualityStore) FindProcesses(ctx context.Context, ent int64) ([]*quality.Process, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+processColumns+` FROM quality_processes WHERE enterprise_id = $1 ORDER BY name, id`, ent)
	if err != nil {
		return nil, translate(err, "find quality processes")
	}
	defer rows.Close()
	out := []*quality.Process{}
	for rows.Next() {
		p, err := scanProcess(rows)
		if err != nil {
			return nil, translate(err, "scan quality process")
		}
		out = append(out, p)
	}
	return out, translate(rows.Err(), "find quality processes")
}

const characteristicColumns = `id, process_id, enterprise_id, name, unit, lsl, usl, target, subgroup_size, chart, rules,
	sampling_plan, active, last_seq, last_cpk, last_measured_at, created_at, updated_at`

func floatPtr(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	f := v.Float64
	return &f
}

func nullFloat(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func scanCharacteristic(sc interface{ Scan(...any) error }) (*quality.Characteristic, error) {
	var c quality.Characteristic
	var lsl, usl, target, cpk sql.NullFloat64
	var last, created, updated sql.NullTime
	if err := sc.Scan(&c.ID, &c.ProcessID, &c.EnterpriseID, &c.Name, &c.Unit, &lsl, &usl, &target, &c.SubgroupSize, &c.Chart,
		&c.Rules, &c.SamplingPlan, &c.Active, &c.LastSeq, &cpk, &last, &created, &updated); err != nil {
		return nil, err
	}
	c.LSL, c.USL, c.Target, c.LastCpk = floatPtr(lsl), floatPtr(usl), floatPtr(target), floatPtr(cpk)
	c.LastMeasuredAt = timePtr(last)
	c.CreatedAt, c.UpdatedAt = timeOf(created), timeOf(updated)
	return &c, nil
}

// CreateCharacteristic inserts c and fills its id.
func (s *QualityStore) CreateCharacteristic(ctx context.Context, c *quality.Characteristic) error {
	err := s.w.QueryRowContext(ctx, `INSERT INTO quality_characteristics (process_id, enterprise_id, name, unit, lsl, usl, target,
	subgroup_size, chart, rules, sampling_plan, active, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		int64(c.ProcessID), c.EnterpriseID, c.Name, c.Unit, nullFloat(c.LSL), nullFloat(c.USL), nullFloat(c.Target),
		c.SubgroupSize, c.Chart, c.Rules, c.SamplingPlan, c.Active, utc(c.CreatedAt), utc(c.UpdatedAt)).Scan(&c.ID)
	return translate(err, "create quality characteristic")
}

// UpdateCharacteristic writes c's settings; NotFound when it is gone.
func (s *QualityStore) UpdateCharacteristic(ctx context.Context, c *quality.Characteristic) error {
	res, err := s.w.ExecContext(ctx, `UPDATE quality_characteristics SET name = $2, unit = $3, lsl = $4, usl = $5, target = $6,
	subgroup_size = $7, chart = $8, rules = $9, sampling_plan = $10, active = $11, updated_at = $12
WHERE id = $1`, int64(c.ID), c.Name, c.Unit, nullFloat(c.LSL), nullFloat(c.USL), nullFloat(c.Target), c.SubgroupSize, c.Chart,
		c.Rules, c.SamplingPlan, c.Active, utc(c.UpdatedAt))
	if err != nil {
		return translate(err, fmt.Sprintf("update quality characteristic %d", c.ID))
	}
	return oneRow(res, fmt.Sprintf("update quality characteristic %d", c.ID))
}

// FindCharacteristicByID returns a characteristic, or NotFound.
func (s *QualityStore) FindCharacteristicByID(ctx context.Context, id quality.CharacteristicID) (*quality.Characteristic, error) {
	c, err := scanCharacteristic(s.r.QueryRowContext(ctx, `SELECT `+characteristicColumns+` FROM quality_characteristics WHERE id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find quality characteristic %d", id))
	}
	return c, nil
}

// FindCharacteristics returns an enterprise's (or one process's)
// characteristics by name.
func (s *QualityStore) FindCharacteristics(ctx context.Context, ent int64, p quality.ProcessID) ([]*quality.Characteristic, error) {
	q := `SELECT ` + characteristicColumns + ` FROM quality_characteristics WHERE enterprise_id = $1`
	args := []any{ent}
	if p != 0 {
		q += ` AND process_id = $2`
		args = append(args, int64(p))
	}
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY name, id`, args...)
	if err != nil {
		return nil, translate(err, "find quality characteristics")
	}
	defer rows.Close()
	out := []*quality.Characteristic{}
	for rows.Next() {
		c, err := scanCharacteristic(rows)
		if err != nil {
			return nil, translate(err, "scan quality characteristic")
		}
		out = append(out, c)
	}
	return out, translate(rows.Err(), "find quality characteristics")
}

// ReserveSeqs advances the measurement counter by n.
func (s *QualityStore) ReserveSeqs(ctx context.Context, id quality.CharacteristicID, n int, at time.Time) (int64, error) {
	var last int64
	err := s.w.QueryRowContext(ctx, `UPDATE quality_characteristics SET last_seq = last_seq + $2, last_measured_at = $3
WHERE id = $1 RETURNING last_seq`, int64(id), n, utc(at)).Scan(&last)
	return last, translate(err, fmt.Sprintf("reserve measurement numbers of %d", id))
}

// SetLastCpk records the latest Cpk.
func (s *QualityStore) SetLastCpk(ctx context.Context, id quality.CharacteristicID, cpk *float64) error {
	_, err := s.w.ExecContext(ctx, `UPDATE quality_characteristics SET last_cpk = $2 WHERE id = $1`, int64(id), nullFloat(cpk))
	return translate(err, "set last Cpk")
}

// measurementBatch is how many rows one INSERT carries. Each row binds four
// parameters (the characteristic, batch and first seq are shared by the
// statement): modernc.org/sqlite finds a $N parameter by a linear scan of
// the statement's names, so binding cost grows with the square of the
// parameters per statement, and about 200 parameters measured fastest.
const measurementBatch = 50

// measurementInsert is a multi-row INSERT of n measurements: $1 the
// characteristic, $2 the batch, $3 the first seq; then subgroup, taken_at,
// value, size per row.
func measurementInsert(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO quality_measurements (characteristic_id, batch_id, seq, subgroup, taken_at, value, size) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		p := 4 + i*4
		b.WriteString("($1,$2,CAST($3 AS BIGINT)+")
		b.WriteString(strconv.Itoa(i))
		for j := range 4 {
			b.WriteString(",$")
			b.WriteString(strconv.Itoa(p + j))
		}
		b.WriteByte(')')
	}
	return b.String()
}

var measurementInsertFull = measurementInsert(measurementBatch)

// InsertMeasurements stores a batch and its measurements.
func (s *QualityStore) InsertMeasurements(ctx context.Context, id quality.CharacteristicID, source string, by int64,
	firstSeq int64, ms []quality.MeasurementInput, at time.Time) (int64, error) {
	var batch int64
	err := s.inTx(ctx, func(c conn) error {
		if err := c.w.QueryRowContext(ctx, `INSERT INTO quality_batches (characteristic_id, source, created_by, row_count, first_seq, created_at)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, int64(id), source, nullInt64(by), len(ms), firstSeq, utc(at)).Scan(&batch); err != nil {
			return translate(err, "create measurement batch")
		}
		var full *sql.Stmt
		if len(ms) >= measurementBatch {
			var err error
			if full, err = c.tx.PrepareContext(ctx, measurementInsertFull); err != nil {
				return translate(err, "prepare measurement insert")
			}
			defer full.Close()
		}
		args := make([]any, 0, 3+4*min(len(ms), measurementBatch))
		for start := 0; start < len(ms); start += measurementBatch {
			part := ms[start:min(start+measurementBatch, len(ms))]
			args = append(args[:0], int64(id), batch, firstSeq+int64(start))
			for i := range part {
				m := &part[i]
				var size any
				if m.Size != 0 {
					size = m.Size
				}
				args = append(args, m.Subgroup, utc(m.TakenAt), m.Value, size)
			}
			var err error
			if len(part) == measurementBatch {
				_, err = full.ExecContext(ctx, args...)
			} else {
				_, err = c.tx.ExecContext(ctx, measurementInsert(len(part)), args...)
			}
			if err != nil {
				return translate(err, fmt.Sprintf("insert measurements %d–%d", start+1, start+len(part)))
			}
		}
		return nil
	})
	return batch, err
}

// LastMeasurements returns the newest limit measurements up to upToSeq,
// oldest first.
func (s *QualityStore) LastMeasurements(ctx context.Context, id quality.CharacteristicID, upTo int64, limit int) ([]quality.Measurement, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT seq, subgroup, taken_at, value, size FROM quality_measurements
WHERE characteristic_id = $1 AND seq <= $2 ORDER BY seq DESC LIMIT $3`, int64(id), upTo, limit)
	if err != nil {
		return nil, translate(err, "read measurements")
	}
	defer rows.Close()
	out := make([]quality.Measurement, 0, min(limit, 4096))
	for rows.Next() {
		var m quality.Measurement
		var at sql.NullTime
		var size sql.NullFloat64
		if err := rows.Scan(&m.Seq, &m.Subgroup, &at, &m.Value, &size); err != nil {
			return nil, translate(err, "scan measurement")
		}
		m.TakenAt, m.Size = timeOf(at), size.Float64
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err, "read measurements")
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// CreateAlerts inserts the alerts not stored yet and returns them.
func (s *QualityStore) CreateAlerts(ctx context.Context, as []*quality.Alert) ([]*quality.Alert, error) {
	out := []*quality.Alert{}
	err := s.inTx(ctx, func(c conn) error {
		stmt, err := c.tx.PrepareContext(ctx, `INSERT INTO quality_alerts (characteristic_id, enterprise_id, rule, point_seq, subgroup, value, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (characteristic_id, rule, point_seq) DO NOTHING RETURNING id`)
		if err != nil {
			return translate(err, "prepare alert insert")
		}
		defer stmt.Close()
		for _, a := range as {
			err := stmt.QueryRowContext(ctx, int64(a.CharacteristicID), a.EnterpriseID, a.Rule, a.PointSeq, a.Subgroup, a.Value,
				utc(a.CreatedAt)).Scan(&a.ID)
			if errors.Is(err, sql.ErrNoRows) {
				continue // raised before
			}
			if err != nil {
				return translate(err, "create alert")
			}
			out = append(out, a)
		}
		return nil
	})
	return out, err
}

// FindAlerts returns alerts matching f, newest first, and the total.
func (s *QualityStore) FindAlerts(ctx context.Context, f quality.AlertFilter) ([]*quality.Alert, int, error) {
	var w where
	if f.EnterpriseID != 0 {
		w.add("a.enterprise_id = ?", f.EnterpriseID)
	}
	if f.CharacteristicID != 0 {
		w.add("a.characteristic_id = ?", int64(f.CharacteristicID))
	}
	if f.Unread {
		w.add("a.read_at IS NULL")
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	n := len(w.args)
	q := `SELECT a.id, a.characteristic_id, c.name, a.enterprise_id, a.rule, a.point_seq, a.subgroup, a.value, a.created_at, a.read_at,
	COUNT(*) OVER() FROM quality_alerts a JOIN quality_characteristics c ON c.id = a.characteristic_id` + w.sql() +
		fmt.Sprintf(` ORDER BY a.created_at DESC, a.id DESC LIMIT $%d OFFSET $%d`, n+1, n+2)
	rows, err := s.r.QueryContext(ctx, q, append(w.args, f.Limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, translate(err, "find alerts")
	}
	defer rows.Close()
	out := []*quality.Alert{}
	total := 0
	for rows.Next() {
		var a quality.Alert
		var created, read sql.NullTime
		if err := rows.Scan(&a.ID, &a.CharacteristicID, &a.CharacteristicName, &a.EnterpriseID, &a.Rule, &a.PointSeq, &a.Subgroup,
			&a.Value, &created, &read, &total); err != nil {
			return nil, 0, translate(err, "scan alert")
		}
		a.CreatedAt, a.ReadAt = timeOf(created), timePtr(read)
		out = append(out, &a)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, translate(err, "find alerts")
	}
	if len(out) == 0 && f.Offset > 0 {
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM quality_alerts a`+w.sql(), w.args...).Scan(&total); err != nil {
			return nil, 0, translate(err, "count alerts")
		}
	}
	return out, total, nil
}

// MarkAlertsRead marks unread alerts of an enterprise read.
func (s *QualityStore) MarkAlertsRead(ctx context.Context, ent int64, ids []quality.AlertID, at time.Time) (int, error) {
	q := `UPDATE quality_alerts SET read_at = $1 WHERE enterprise_id = $2 AND read_at IS NULL`
	args := []any{utc(at), ent}
	if len(ids) > 0 {
		var ph []string
		for _, id := range ids {
			args = append(args, int64(id))
			ph = append(ph, "$"+strconv.Itoa(len(args)))
		}
		q += ` AND id IN (` + strings.Join(ph, ",") + `)`
	}
	res, err := s.w.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, translate(err, "mark alerts read")
	}
	n, err := res.RowsAffected()
	return int(n), translate(err, "mark alerts read")
}

// CreateAnnotation inserts a and fills its id.
func (s *QualityStore) CreateAnnotation(ctx context.Context, a *quality.Annotation) error {
	err := s.w.QueryRowContext(ctx, `INSERT INTO quality_annotations (characteristic_id, point_seq, subgroup, cause, action, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, int64(a.CharacteristicID), a.PointSeq, a.Subgroup, a.Cause, a.Action,
		nullInt64(a.CreatedBy), utc(a.CreatedAt)).Scan(&a.ID)
	return translate(err, "create annotation")
}

// FindAnnotations returns annotations of points from fromSeq on.
func (s *QualityStore) FindAnnotations(ctx context.Context, id quality.CharacteristicID, fromSeq int64) ([]*quality.Annotation, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, a.characteristic_id, a.point_seq, a.subgroup, a.cause, a.action,
	COALESCE(a.created_by, 0), COALESCE(u.name, ''), a.created_at
FROM quality_annotations a LEFT JOIN users u ON u.id = a.created_by
WHERE a.characteristic_id = $1 AND a.point_seq >= $2 ORDER BY a.point_seq, a.id`, int64(id), fromSeq)
	if err != nil {
		return nil, translate(err, "find annotations")
	}
	defer rows.Close()
	out := []*quality.Annotation{}
	for rows.Next() {
		var a quality.Annotation
		var created sql.NullTime
		if err := rows.Scan(&a.ID, &a.CharacteristicID, &a.PointSeq, &a.Subgroup, &a.Cause, &a.Action, &a.CreatedBy,
			&a.CreatedByName, &created); err != nil {
			return nil, translate(err, "scan annotation")
		}
		a.CreatedAt = timeOf(created)
		out = append(out, &a)
	}
	return out, translate(rows.Err(), "find annotations")
}

// EnterpriseRecipients lists the enabled users of an enterprise.
func (s *QualityStore) EnterpriseRecipients(ctx context.Context, ent int64) ([]quality.Recipient, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT email, name, lang FROM users WHERE enterprise_id = $1 AND NOT disabled ORDER BY id`, ent)
	if err != nil {
		return nil, translate(err, "find enterprise users")
	}
	defer rows.Close()
	var out []quality.Recipient
	for rows.Next() {
		var r quality.Recipient
		if err := rows.Scan(&r.Email, &r.Name, &r.Lang); err != nil {
			return nil, translate(err, "scan enterprise user")
		}
		out = append(out, r)
	}
	return out, translate(rows.Err(), "find enterprise users")
}

// Summaries returns the per-enterprise aggregates.
func (s *QualityStore) Summaries(ctx context.Context, prov string, since time.Time) ([]quality.EnterpriseSummary, error) {
	q := `SELECT e.id, e.name, e.province_code, COALESCE(MAX(CASE WHEN s.shared THEN 1 ELSE 0 END), 0),
	(SELECT COUNT(*) FROM quality_processes p WHERE p.enterprise_id = e.id),
	COUNT(c.id),
	COALESCE(SUM(CASE WHEN c.last_cpk < 1 THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN c.last_cpk >= 1 AND c.last_cpk < 1.33 THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN c.last_cpk >= 1.33 THEN 1 ELSE 0 END), 0),
	(SELECT COUNT(*) FROM quality_alerts a WHERE a.enterprise_id = e.id AND a.created_at >= $1)
FROM enterprises e
LEFT JOIN quality_settings s ON s.enterprise_id = e.id
LEFT JOIN quality_characteristics c ON c.enterprise_id = e.id
WHERE EXISTS (SELECT 1 FROM quality_processes p WHERE p.enterprise_id = e.id)`
	args := []any{utc(since)}
	if prov != "" {
		q += ` AND e.province_code = $2`
		args = append(args, prov)
	}
	rows, err := s.r.QueryContext(ctx, q+` GROUP BY e.id, e.name, e.province_code ORDER BY e.name, e.id LIMIT 1000`, args...)
	if err != nil {
		return nil, translate(err, "quality summaries")
	}
	defer rows.Close()
	out := []quality.EnterpriseSummary{}
	for rows.Next() {
		var e quality.EnterpriseSummary
		var shared int
		if err := rows.Scan(&e.EnterpriseID, &e.Name, &e.ProvinceCode, &shared, &e.Processes, &e.Characteristics,
			&e.CpkLow, &e.CpkMid, &e.CpkHigh, &e.Alerts30); err != nil {
			return nil, translate(err, "scan quality summary")
		}
		e.Shared = shared == 1
		out = append(out, e)
	}
	return out, translate(rows.Err(), "quality summaries")
}
