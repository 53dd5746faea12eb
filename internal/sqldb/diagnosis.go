package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"nscl/internal/audit"
	"nscl/internal/diagnosis"
)

// DiagnosisStore keeps the self-diagnosis questionnaire versions and the
// enterprises' diagnoses.
type DiagnosisStore struct {
	conn
}

var _ diagnosis.Store = (*DiagnosisStore)(nil)

// Diagnosis returns the self-diagnosis store.
func (db *DB) Diagnosis() *DiagnosisStore { return &DiagnosisStore{db.conn()} }

// Tx runs fn in one transaction.
func (s *DiagnosisStore) Tx(ctx context.Context, fn func(tx diagnosis.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&DiagnosisStore{c}) })
}

// AddAudit writes e in the store's transaction, if any.
func (s *DiagnosisStore) AddAudit(ctx context.Context, e audit.Entry) error {
	return s.addAudit(ctx, e)
}

// ---- questionnaires ----

// CreateQuestionnaire inserts q; Conflict when its version exists.
func (s *DiagnosisStore) CreateQuestionnaire(ctx context.Context, q *diagnosis.Questionnaire) error {
	content, err := json.Marshal(q.Content)
	if err != nil {
		return fmt.Errorf("sqldb: questionnaire content: %w", err)
	}
	_, err = s.w.ExecContext(ctx, `INSERT INTO diagnosis_questionnaires (version, status, content, created_at, created_by, updated_at, published_at, published_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, q.Version, string(q.Status), string(content), utc(q.CreatedAt), nullInt64(q.CreatedBy),
		utc(q.UpdatedAt), nullTime(q.PublishedAt), nullInt64(q.PublishedBy))
	return translate(err, fmt.Sprintf("create questionnaire %d", q.Version))
}

const questionnaireColumns = `version, status, created_at, created_by, updated_at, published_at, published_by`

func scanQuestionnaire(sc interface{ Scan(...any) error }, content *string) (*diagnosis.Questionnaire, error) {
	var q diagnosis.Questionnaire
	var created, updated, published sql.NullTime
	var createdBy, publishedBy sql.NullInt64
	dest := []any{&q.Version, &q.Status, &created, &createdBy, &updated, &published, &publishedBy}
	if content != nil {
		dest = append(dest, content)
	}
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	q.CreatedAt, q.UpdatedAt, q.PublishedAt = timeOf(created), timeOf(updated), timePtr(published)
	q.CreatedBy, q.PublishedBy = createdBy.Int64, publishedBy.Int64
	if content != nil {
		if err := json.Unmarshal([]byte(*content), &q.Content); err != nil {
			return nil, fmt.Errorf("questionnaire %d content: %w", q.Version, err)
		}
	}
	return &q, nil
}

func (s *DiagnosisStore) findQuestionnaire(ctx context.Context, op, cond string, args ...any) (*diagnosis.Questionnaire, error) {
	var content string
	q, err := scanQuestionnaire(s.r.QueryRowContext(ctx, `SELECT `+questionnaireColumns+`, content FROM diagnosis_questionnaires `+cond, args...), &content)
	if err != nil {
		return nil, translate(err, op)
	}
	return q, nil
}

// FindQuestionnaire returns one version.
func (s *DiagnosisStore) FindQuestionnaire(ctx context.Context, version int) (*diagnosis.Questionnaire, error) {
	return s.findQuestionnaire(ctx, fmt.Sprintf("find questionnaire %d", version), `WHERE version = $1`, version)
}

// FindCurrentQuestionnaire returns the newest published version.
func (s *DiagnosisStore) FindCurrentQuestionnaire(ctx context.Context) (*diagnosis.Questionnaire, error) {
	return s.findQuestionnaire(ctx, "find current questionnaire", `WHERE status = $1 ORDER BY version DESC LIMIT 1`, string(diagnosis.StatusPublished))
}

// FindQuestionnaires lists the versions, newest first, without content.
func (s *DiagnosisStore) FindQuestionnaires(ctx context.Context) ([]*diagnosis.Questionnaire, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+questionnaireColumns+` FROM diagnosis_questionnaires ORDER BY version DESC`)
	if err != nil {
		return nil, translate(err, "find questionnaires")
	}
	defer rows.Close()
	out := []*diagnosis.Questionnaire{}
	for rows.Next() {
		q, err := scanQuestionnaire(rows, nil)
		if err != nil {
			return nil, translate(err, "scan questionnaire")
		}
		out = append(out, q)
	}
	return out, translate(rows.Err(), "find questionnaires")
}

// UpdateDraft writes a draft's content; NotFound unless it is a draft.
func (s *DiagnosisStore) UpdateDraft(ctx context.Context, q *diagnosis.Questionnaire) error {
	content, err := json.Marshal(q.Content)
	if err != nil {
		return fmt.Errorf("sqldb: questionnaire content: %w", err)
	}
	op := fmt.Sprintf("update questionnaire draft %d", q.Version)
	res, err := s.w.ExecContext(ctx, `UPDATE diagnosis_questionnaires SET content = $2, updated_at = $3 WHERE version = $1 AND status = $4`,
		q.Version, string(content), utc(q.UpdatedAt), string(diagnosis.StatusDraft))
	if err != nil {
		return translate(err, op)
	}
	return oneRow(res, op)
}

// PublishDraft marks a draft published; NotFound unless it is a draft.
func (s *DiagnosisStore) PublishDraft(ctx context.Context, version int, by int64, at time.Time) error {
	op := fmt.Sprintf("publish questionnaire %d", version)
	res, err := s.w.ExecContext(ctx, `UPDATE diagnosis_questionnaires SET status = $2, published_at = $3, published_by = $4, updated_at = $3
WHERE version = $1 AND status = $5`, version, string(diagnosis.StatusPublished), utc(at), nullInt64(by), string(diagnosis.StatusDraft))
	if err != nil {
		return translate(err, op)
	}
	return oneRow(res, op)
}

// DeleteDraft deletes a draft; NotFound unless it is a draft.
func (s *DiagnosisStore) DeleteDraft(ctx context.Context, version int) error {
	op := fmt.Sprintf("delete questionnaire draft %d", version)
	res, err := s.w.ExecContext(ctx, `DELETE FROM diagnosis_questionnaires WHERE version = $1 AND status = $2`, version, string(diagnosis.StatusDraft))
	if err != nil {
		return translate(err, op)
	}
	return oneRow(res, op)
}

// ---- diagnoses ----

const diagnosisColumns = `d.id, d.enterprise_id, d.year, d.version, d.status, d.province_code, d.sector, d.size_class, d.score, d.level,
	d.levels, d.path, d.created_at, d.created_by, d.updated_at, d.submitted_at, d.submitted_by, e.name`

const diagnosisFrom = ` FROM diagnoses d JOIN enterprises e ON e.id = d.enterprise_id`

func scanDiagnosis(sc interface{ Scan(...any) error }) (*diagnosis.Diagnosis, error) {
	var d diagnosis.Diagnosis
	var levels, path string
	var created, updated, submitted sql.NullTime
	var createdBy, submittedBy sql.NullInt64
	if err := sc.Scan(&d.ID, &d.EnterpriseID, &d.Year, &d.Version, &d.Status, &d.ProvinceCode, &d.Sector, &d.SizeClass, &d.Score, &d.Level,
		&levels, &path, &created, &createdBy, &updated, &submitted, &submittedBy, &d.EnterpriseName); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(levels), &d.Levels); err != nil {
		return nil, fmt.Errorf("diagnosis %d levels: %w", d.ID, err)
	}
	if err := json.Unmarshal([]byte(path), &d.Path); err != nil {
		return nil, fmt.Errorf("diagnosis %d path: %w", d.ID, err)
	}
	d.CreatedAt, d.UpdatedAt, d.SubmittedAt = timeOf(created), timeOf(updated), timePtr(submitted)
	d.CreatedBy, d.SubmittedBy = createdBy.Int64, submittedBy.Int64
	return &d, nil
}

func resultJSON(d *diagnosis.Diagnosis) (levels, path string, err error) {
	l, err := json.Marshal(nonNil(d.Levels))
	if err != nil {
		return "", "", fmt.Errorf("sqldb: diagnosis levels: %w", err)
	}
	p, err := json.Marshal(nonNil(d.Path))
	if err != nil {
		return "", "", fmt.Errorf("sqldb: diagnosis path: %w", err)
	}
	return string(l), string(p), nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// CreateDiagnosis inserts d (a draft, without answers) and fills its id.
func (s *DiagnosisStore) CreateDiagnosis(ctx context.Context, d *diagnosis.Diagnosis) error {
	levels, path, err := resultJSON(d)
	if err != nil {
		return err
	}
	err = s.w.QueryRowContext(ctx, `INSERT INTO diagnoses (enterprise_id, year, version, status, province_code, sector, size_class, score, level,
	levels, path, created_at, created_by, updated_at, submitted_at, submitted_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
		d.EnterpriseID, d.Year, d.Version, string(d.Status), d.ProvinceCode, d.Sector, d.SizeClass, d.Score, d.Level, levels, path,
		utc(d.CreatedAt), nullInt64(d.CreatedBy), utc(d.UpdatedAt), nullTime(d.SubmittedAt), nullInt64(d.SubmittedBy)).Scan(&d.ID)
	return translate(err, "create diagnosis")
}

// FindDiagnosis returns a diagnosis with its answers.
func (s *DiagnosisStore) FindDiagnosis(ctx context.Context, id int64) (*diagnosis.Diagnosis, error) {
	op := fmt.Sprintf("find diagnosis %d", id)
	d, err := scanDiagnosis(s.r.QueryRowContext(ctx, `SELECT `+diagnosisColumns+diagnosisFrom+` WHERE d.id = $1`, id))
	if err != nil {
		return nil, translate(err, op)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT question, value FROM diagnosis_answers WHERE diagnosis_id = $1`, id)
	if err != nil {
		return nil, translate(err, op)
	}
	defer rows.Close()
	d.Answers = map[string]int{}
	for rows.Next() {
		var q string
		var v int
		if err := rows.Scan(&q, &v); err != nil {
			return nil, translate(err, op)
		}
		d.Answers[q] = v
	}
	return d, translate(rows.Err(), op)
}

func (s *DiagnosisStore) list(ctx context.Context, op, query string, args ...any) ([]*diagnosis.Diagnosis, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, translate(err, op)
	}
	defer rows.Close()
	out := []*diagnosis.Diagnosis{}
	for rows.Next() {
		d, err := scanDiagnosis(rows)
		if err != nil {
			return nil, translate(err, op)
		}
		out = append(out, d)
	}
	return out, translate(rows.Err(), op)
}

// FindEnterpriseDiagnoses returns an enterprise's diagnoses, newest first.
func (s *DiagnosisStore) FindEnterpriseDiagnoses(ctx context.Context, ent int64) ([]*diagnosis.Diagnosis, error) {
	return s.list(ctx, "find enterprise diagnoses", `SELECT `+diagnosisColumns+diagnosisFrom+` WHERE d.enterprise_id = $1 ORDER BY d.year DESC`, ent)
}

// FindSubmittedBefore returns the latest submitted diagnosis of a year
// before year (0: any).
func (s *DiagnosisStore) FindSubmittedBefore(ctx context.Context, ent int64, year int) (*diagnosis.Diagnosis, error) {
	if year == 0 {
		year = 1 << 30
	}
	d, err := scanDiagnosis(s.r.QueryRowContext(ctx, `SELECT `+diagnosisColumns+diagnosisFrom+`
WHERE d.enterprise_id = $1 AND d.year < $2 AND d.status = $3 ORDER BY d.year DESC LIMIT 1`, ent, year, string(diagnosis.StatusSubmitted)))
	if err != nil {
		return nil, translate(err, "find previous diagnosis")
	}
	return d, nil
}

// SaveAnswer records one answer of a draft.
func (s *DiagnosisStore) SaveAnswer(ctx context.Context, id int64, question string, value int, at time.Time) error {
	op := fmt.Sprintf("save answer of diagnosis %d", id)
	res, err := s.w.ExecContext(ctx, `UPDATE diagnoses SET updated_at = $2 WHERE id = $1 AND status = $3`, id, utc(at), string(diagnosis.StatusDraft))
	if err != nil {
		return translate(err, op)
	}
	if err := oneRow(res, op); err != nil {
		return err
	}
	_, err = s.w.ExecContext(ctx, `INSERT INTO diagnosis_answers (diagnosis_id, question, value, answered_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (diagnosis_id, question) DO UPDATE SET value = excluded.value, answered_at = excluded.answered_at`, id, question, value, utc(at))
	return translate(err, op)
}

// LockDiagnosis takes the row's write lock (a no-op update) for the rest of
// the transaction.
func (s *DiagnosisStore) LockDiagnosis(ctx context.Context, id int64) error {
	_, err := s.w.ExecContext(ctx, `UPDATE diagnoses SET updated_at = updated_at WHERE id = $1`, id)
	return translate(err, "lock diagnosis")
}

// SubmitDiagnosis stores a draft's result and submission.
func (s *DiagnosisStore) SubmitDiagnosis(ctx context.Context, d *diagnosis.Diagnosis) error {
	levels, path, err := resultJSON(d)
	if err != nil {
		return err
	}
	op := fmt.Sprintf("submit diagnosis %d", d.ID)
	res, err := s.w.ExecContext(ctx, `UPDATE diagnoses SET status = $2, province_code = $3, sector = $4, size_class = $5, score = $6, level = $7,
	levels = $8, path = $9, updated_at = $10, submitted_at = $11, submitted_by = $12 WHERE id = $1 AND status = $13`,
		d.ID, string(diagnosis.StatusSubmitted), d.ProvinceCode, d.Sector, d.SizeClass, d.Score, d.Level, levels, path,
		utc(d.UpdatedAt), nullTime(d.SubmittedAt), nullInt64(d.SubmittedBy), string(diagnosis.StatusDraft))
	if err != nil {
		return translate(err, op)
	}
	return oneRow(res, op)
}

func diagnosisWhere(f diagnosis.Filter, withLevel bool) *where {
	w := &where{}
	w.add("d.status = ?", string(diagnosis.StatusSubmitted))
	if f.Year != 0 {
		w.add("d.year = ?", f.Year)
	}
	if f.ProvinceCode != "" {
		w.add("d.province_code = ?", f.ProvinceCode)
	}
	if f.Sector != "" {
		w.add("d.sector = ?", f.Sector)
	}
	if f.SizeClass != "" {
		w.add("d.size_class = ?", f.SizeClass)
	}
	if withLevel && f.Level != 0 {
		w.add("d.level = ?", f.Level)
	}
	return w
}

// FindDiagnoses returns submitted diagnoses matching f, newest submission
// first, and the total.
func (s *DiagnosisStore) FindDiagnoses(ctx context.Context, f diagnosis.Filter) ([]*diagnosis.Diagnosis, int, error) {
	w := diagnosisWhere(f, true)
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM diagnoses d`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, translate(err, "count diagnoses")
	}
	args := append(w.args, f.Limit, f.Offset)
	out, err := s.list(ctx, "find diagnoses", `SELECT `+diagnosisColumns+diagnosisFrom+w.sql()+
		fmt.Sprintf(` ORDER BY d.submitted_at DESC, d.id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	return out, total, err
}

// Distribution counts the submitted diagnoses matching f by overall level.
func (s *DiagnosisStore) Distribution(ctx context.Context, f diagnosis.Filter) ([diagnosis.Levels]int, error) {
	var out [diagnosis.Levels]int
	w := diagnosisWhere(f, false)
	rows, err := s.r.QueryContext(ctx, `SELECT d.level, COUNT(*) FROM diagnoses d`+w.sql()+` GROUP BY d.level`, w.args...)
	if err != nil {
		return out, translate(err, "diagnosis distribution")
	}
	defer rows.Close()
	for rows.Next() {
		var l, n int
		if err := rows.Scan(&l, &n); err != nil {
			return out, translate(err, "diagnosis distribution")
		}
		if l >= 1 && l <= diagnosis.Levels {
			out[l-1] = n
		}
	}
	return out, translate(rows.Err(), "diagnosis distribution")
}

// FindPeers places score among the peer group's submitted diagnoses.
func (s *DiagnosisStore) FindPeers(ctx context.Context, year int, sector, size string, ent int64, score float64) (diagnosis.Peers, error) {
	var p diagnosis.Peers
	var below, equal sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*), SUM(CASE WHEN score < $5 THEN 1 ELSE 0 END), SUM(CASE WHEN score = $5 THEN 1 ELSE 0 END)
FROM diagnoses WHERE year = $1 AND sector = $2 AND size_class = $3 AND status = $6 AND enterprise_id <> $4`,
		year, sector, size, ent, score, string(diagnosis.StatusSubmitted)).Scan(&p.Count, &below, &equal)
	if err != nil {
		return p, translate(err, "find diagnosis peers")
	}
	p.Below, p.Equal = int(below.Int64), int(equal.Int64)
	return p, nil
}

// DiagnosisYears lists the years with submitted diagnoses, newest first.
func (s *DiagnosisStore) DiagnosisYears(ctx context.Context) ([]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT year FROM diagnoses WHERE status = $1 ORDER BY year DESC`, string(diagnosis.StatusSubmitted))
	if err != nil {
		return nil, translate(err, "diagnosis years")
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, translate(err, "diagnosis years")
		}
		out = append(out, y)
	}
	return out, translate(rows.Err(), "diagnosis years")
}

// diagnosisBatch is how many diagnoses one bulk INSERT carries.
const diagnosisBatch = 200

// CreateDiagnosesBulk inserts ds (drafts or submitted, with their answers
// and results) in one transaction, in multi-row statements, and fills their
// ids. It writes no audit entries: it is for the demo and the benchmarks.
func (s *DiagnosisStore) CreateDiagnosesBulk(ctx context.Context, ds []*diagnosis.Diagnosis) error {
	const cols = 16
	return s.inTx(ctx, func(c conn) error {
		for start := 0; start < len(ds); start += diagnosisBatch {
			batch := ds[start:min(start+diagnosisBatch, len(ds))]
			args := make([]any, 0, len(batch)*cols)
			for _, d := range batch {
				levels, path, err := resultJSON(d)
				if err != nil {
					return err
				}
				args = append(args, d.EnterpriseID, d.Year, d.Version, string(d.Status), d.ProvinceCode, d.Sector, d.SizeClass, d.Score, d.Level,
					levels, path, utc(d.CreatedAt), nullInt64(d.CreatedBy), utc(d.UpdatedAt), nullTime(d.SubmittedAt), nullInt64(d.SubmittedBy))
			}
			q := bulkValues(c.db.dialect, `INSERT INTO diagnoses (enterprise_id, year, version, status, province_code, sector, size_class, score, level,
	levels, path, created_at, created_by, updated_at, submitted_at, submitted_by) VALUES `, len(batch), cols) + ` RETURNING id, enterprise_id, year`
			rows, err := c.w.QueryContext(ctx, q, args...)
			if err != nil {
				return translate(err, "bulk create diagnoses")
			}
			ids := map[[2]int64]int64{}
			for rows.Next() {
				var id, ent int64
				var year int
				if err := rows.Scan(&id, &ent, &year); err != nil {
					rows.Close()
					return translate(err, "bulk create diagnoses")
				}
				ids[[2]int64{ent, int64(year)}] = id
			}
			if err := rows.Close(); err != nil {
				return translate(err, "bulk create diagnoses")
			}
			if err := rows.Err(); err != nil {
				return translate(err, "bulk create diagnoses")
			}
			var aargs []any
			n := 0
			for _, d := range batch {
				d.ID = ids[[2]int64{d.EnterpriseID, int64(d.Year)}]
				for q, v := range d.Answers {
					aargs = append(aargs, d.ID, q, v, utc(d.UpdatedAt))
					n++
				}
			}
			for len(aargs) > 0 {
				k := min(n, 2000)
				q := bulkValues(c.db.dialect, `INSERT INTO diagnosis_answers (diagnosis_id, question, value, answered_at) VALUES `, k, 4)
				if _, err := c.w.ExecContext(ctx, q, aargs[:k*4]...); err != nil {
					return translate(err, "bulk create diagnosis answers")
				}
				aargs, n = aargs[k*4:], n-k
			}
		}
		return nil
	})
}
