package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"nscl/internal/audit"
	"nscl/internal/fault"
	"nscl/internal/training"
	"nscl/internal/vn"
)

// TrainingStore keeps courses, sessions, enrolments and practitioner
// credentials (0027_training.sql).
type TrainingStore struct {
	conn
}

var _ training.Store = (*TrainingStore)(nil)

// Training returns the training store.
func (db *DB) Training() *TrainingStore { return &TrainingStore{db.conn()} }

// Tx runs fn with a store bound to one transaction (or to the current one).
func (s *TrainingStore) Tx(ctx context.Context, fn func(training.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&TrainingStore{c}) })
}

// AddAudit writes an audit entry, in the current transaction if any.
func (s *TrainingStore) AddAudit(ctx context.Context, e audit.Entry) error {
	return s.addAudit(ctx, e)
}

// nextNumber gives the next number of a series: an upsert of the series'
// row, which PostgreSQL serialises on the row (a concurrent first insert
// waits and then updates) and SQLite's single writer does anyway.
func (c conn) nextNumber(ctx context.Context, series string) (int, error) {
	var n int
	err := c.w.QueryRowContext(ctx, `INSERT INTO training_counters (key, n) VALUES ($1, 1)
		ON CONFLICT (key) DO UPDATE SET n = training_counters.n + 1 RETURNING n`, series).Scan(&n)
	return n, translate(err, "next number of "+series)
}

// NextNumber returns the next number of a series.
func (s *TrainingStore) NextNumber(ctx context.Context, series string) (int, error) {
	return s.nextNumber(ctx, series)
}

// FindTools reads the catalogue's visible tools in catalogue order.
func (s *TrainingStore) FindTools(ctx context.Context) ([]training.Tool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT code, name_vi, name_en FROM catalog_tools WHERE NOT hidden ORDER BY position, code`)
	if err != nil {
		return nil, translate(err, "find tools")
	}
	var out []training.Tool
	for rows.Next() {
		var t training.Tool
		if err := rows.Scan(&t.Code, &t.Name.Vi, &t.Name.En); err != nil {
			rows.Close()
			return nil, translate(err, "scan tool")
		}
		out = append(out, t)
	}
	return out, closeRows(rows, "find tools")
}

// FindTool reads one catalogue tool.
func (s *TrainingStore) FindTool(ctx context.Context, code string) (*training.Tool, error) {
	var t training.Tool
	err := s.r.QueryRowContext(ctx, `SELECT code, name_vi, name_en FROM catalog_tools WHERE code = $1`, code).Scan(&t.Code, &t.Name.Vi, &t.Name.En)
	if err != nil {
		return nil, translate(err, "find tool "+code)
	}
	return &t, nil
}

// FindExpertName reads a directory expert's name.
func (s *TrainingStore) FindExpertName(ctx context.Context, id int64) (string, error) {
	var name string
	err := s.r.QueryRowContext(ctx, `SELECT name FROM experts WHERE id = $1 AND status <> 'anonymised'`, id).Scan(&name)
	return name, translate(err, "find expert name")
}

// ---- courses ----

const courseColumns = `c.id, c.tool_code, COALESCE(t.name_vi, c.tool_code), COALESCE(t.name_en, c.tool_code), c.level, c.title, c.summary,
	c.modules, c.total_hours, c.assessment, c.pass_mark, c.min_attendance_pct, c.validity_months, c.province_code, c.archived,
	(SELECT COUNT(*) FROM training_sessions x WHERE x.course_id = c.id AND x.status <> 'cancelled'),
	COALESCE(c.created_by, 0), c.created_at, c.updated_at, c.version`

const courseFrom = ` FROM training_courses c LEFT JOIN catalog_tools t ON t.code = c.tool_code`

func scanCourse(sc interface{ Scan(...any) error }) (*training.Course, error) {
	var c training.Course
	var modules, assess string
	var archived int
	var created, updated sql.NullTime
	if err := sc.Scan(&c.ID, &c.ToolCode, &c.ToolName.Vi, &c.ToolName.En, &c.Level, &c.Title, &c.Summary, &modules, &c.TotalHours,
		&assess, &c.PassMark, &c.MinAttendancePct, &c.ValidityMonths, &c.ProvinceCode, &archived, &c.Sessions, &c.CreatedBy,
		&created, &updated, &c.Version); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(modules), &c.Modules); err != nil {
		return nil, fmt.Errorf("sqldb: course %d modules: %w", c.ID, err)
	}
	c.Assessment, c.Archived, c.CreatedAt, c.UpdatedAt = training.AssessKind(assess), archived != 0, timeOf(created), timeOf(updated)
	return &c, nil
}

// CreateCourse inserts a course at version 1.
func (s *TrainingStore) CreateCourse(ctx context.Context, c *training.Course) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.db.now()
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	mods, err := json.Marshal(c.Modules)
	if err != nil {
		return fmt.Errorf("sqldb: course modules: %w", err)
	}
	err = s.w.QueryRowContext(ctx, `INSERT INTO training_courses (tool_code, level, title, summary, modules, total_hours, assessment,
		pass_mark, min_attendance_pct, validity_months, province_code, archived, created_by, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1) RETURNING id`,
		c.ToolCode, int(c.Level), c.Title, c.Summary, string(mods), c.TotalHours, string(c.Assessment), c.PassMark, c.MinAttendancePct,
		c.ValidityMonths, c.ProvinceCode, boolInt(c.Archived), nullInt64(int64(c.CreatedBy)), utc(c.CreatedAt), utc(c.UpdatedAt)).Scan(&c.ID)
	if err != nil {
		return translate(err, "create course")
	}
	c.Version = 1
	return nil
}

// UpdateCourse writes a course if its version is still the stored one.
func (s *TrainingStore) UpdateCourse(ctx context.Context, c *training.Course) error {
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = s.db.now()
	}
	mods, err := json.Marshal(c.Modules)
	if err != nil {
		return fmt.Errorf("sqldb: course modules: %w", err)
	}
	res, err := s.w.ExecContext(ctx, `UPDATE training_courses SET tool_code = $1, level = $2, title = $3, summary = $4, modules = $5,
		total_hours = $6, assessment = $7, pass_mark = $8, min_attendance_pct = $9, validity_months = $10, archived = $11,
		updated_at = $12, version = version + 1 WHERE id = $13 AND version = $14`,
		c.ToolCode, int(c.Level), c.Title, c.Summary, string(mods), c.TotalHours, string(c.Assessment), c.PassMark, c.MinAttendancePct,
		c.ValidityMonths, boolInt(c.Archived), utc(c.UpdatedAt), int64(c.ID), c.Version)
	if err != nil {
		return translate(err, "update course")
	}
	if err := changed(res, "update course", "Khóa học vừa được người khác thay đổi.", "Someone else changed this course meanwhile."); err != nil {
		return err
	}
	c.Version++
	return nil
}

// FindCourse reads a course.
func (s *TrainingStore) FindCourse(ctx context.Context, id training.CourseID) (*training.Course, error) {
	c, err := scanCourse(s.r.QueryRowContext(ctx, `SELECT `+courseColumns+courseFrom+` WHERE c.id = $1`, int64(id)))
	return c, translate(err, fmt.Sprintf("find course %d", id))
}

// FindCourses reads the courses matching f by tool (catalogue order),
// level, title.
func (s *TrainingStore) FindCourses(ctx context.Context, f training.CourseFilter) ([]*training.Course, error) {
	var w where
	if f.Tool != "" {
		w.add("c.tool_code = ?", f.Tool)
	}
	if f.Level != 0 {
		w.add("c.level = ?", int(f.Level))
	}
	if !f.IncludeArchived {
		w.add("c.archived = 0")
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+courseColumns+courseFrom+w.sql()+
		` ORDER BY COALESCE(t.position, 9999), c.tool_code, c.level, c.title, c.id`, w.args...)
	if err != nil {
		return nil, translate(err, "find courses")
	}
	var out []*training.Course
	for rows.Next() {
		c, err := scanCourse(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan course")
		}
		out = append(out, c)
	}
	return out, closeRows(rows, "find courses")
}

// ---- sessions ----

const sessionColumns = `x.id, x.course_id, c.title, c.tool_code, COALESCE(t.name_vi, c.tool_code), COALESCE(t.name_en, c.tool_code),
	c.level, c.assessment, c.pass_mark, c.min_attendance_pct, c.total_hours, c.province_code,
	x.starts_on, x.ends_on, x.place, x.province_code, x.owner_province, x.trainer_name, COALESCE(x.trainer_expert_id, 0), x.capacity, x.enrolled,
	x.status, x.note, x.cancel_reason, x.completed_at, COALESCE(x.created_by, 0), x.created_at, x.updated_at, x.version`

const sessionFrom = ` FROM training_sessions x JOIN training_courses c ON c.id = x.course_id
	LEFT JOIN catalog_tools t ON t.code = c.tool_code`

func scanSession(sc interface{ Scan(...any) error }, extra ...any) (*training.Session, error) {
	var x training.Session
	var assess, starts, ends, status string
	var completed, created, updated sql.NullTime
	dest := []any{&x.ID, &x.CourseID, &x.CourseTitle, &x.ToolCode, &x.ToolName.Vi, &x.ToolName.En, &x.Level, &assess, &x.PassMark,
		&x.MinAttendancePct, &x.TotalHours, &x.CourseProvince, &starts, &ends, &x.Place, &x.ProvinceCode, &x.OwnerProvince, &x.TrainerName,
		&x.TrainerExpertID, &x.Capacity, &x.Enrolled, &status, &x.Note, &x.CancelReason, &completed, &x.CreatedBy, &created,
		&updated, &x.Version}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	x.Assessment, x.Status = training.AssessKind(assess), training.SessionStatus(status)
	x.StartsOn, x.EndsOn = dayVal(starts), dayVal(ends)
	x.CompletedAt, x.CreatedAt, x.UpdatedAt = timePtr(completed), timeOf(created), timeOf(updated)
	return &x, nil
}

// CreateSession inserts a session at version 1.
func (s *TrainingStore) CreateSession(ctx context.Context, x *training.Session) error {
	if x.CreatedAt.IsZero() {
		x.CreatedAt = s.db.now()
	}
	if x.UpdatedAt.IsZero() {
		x.UpdatedAt = x.CreatedAt
	}
	if x.Status == "" {
		x.Status = training.SessionPlanned
	}
	err := s.w.QueryRowContext(ctx, `INSERT INTO training_sessions (course_id, starts_on, ends_on, place, province_code, owner_province,
		trainer_name, trainer_expert_id, capacity, enrolled, status, note, cancel_reason, completed_at, created_by, created_at, updated_at,
		version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $12, $13, $14, $15, $16, 1) RETURNING id`,
		int64(x.CourseID), dayText(&x.StartsOn), dayText(&x.EndsOn), x.Place, x.ProvinceCode, x.OwnerProvince, x.TrainerName,
		nullInt64(x.TrainerExpertID), x.Capacity, string(x.Status), x.Note, x.CancelReason, nullTime(x.CompletedAt),
		nullInt64(int64(x.CreatedBy)), utc(x.CreatedAt), utc(x.UpdatedAt)).Scan(&x.ID)
	if err != nil {
		return translate(err, "create session")
	}
	x.Version, x.Enrolled = 1, 0
	return nil
}

// UpdateSession writes a session (not its enrolled count nor its owner)
// if its version is still the stored one and its capacity is not below
// its enrolments as they are now: an enrolment that took a seat since the
// caller read the session (TakeSeat does not move the version) makes a
// lower capacity Invalid, with the number enrolled.
func (s *TrainingStore) UpdateSession(ctx context.Context, x *training.Session) error {
	if x.UpdatedAt.IsZero() {
		x.UpdatedAt = s.db.now()
	}
	res, err := s.w.ExecContext(ctx, `UPDATE training_sessions SET starts_on = $1, ends_on = $2, place = $3, province_code = $4,
		trainer_name = $5, trainer_expert_id = $6, capacity = $7, status = $8, note = $9, cancel_reason = $10, completed_at = $11,
		updated_at = $12, version = version + 1 WHERE id = $13 AND version = $14 AND enrolled <= $7`,
		dayText(&x.StartsOn), dayText(&x.EndsOn), x.Place, x.ProvinceCode, x.TrainerName, nullInt64(x.TrainerExpertID), x.Capacity,
		string(x.Status), x.Note, x.CancelReason, nullTime(x.CompletedAt), utc(x.UpdatedAt), int64(x.ID), x.Version)
	if err != nil {
		return translate(err, "update session")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return translate(err, "update session")
	}
	if n == 0 {
		var version, enrolled int
		err := s.w.QueryRowContext(ctx, `SELECT version, enrolled FROM training_sessions WHERE id = $1`, int64(x.ID)).Scan(&version, &enrolled)
		if err == nil && version == x.Version && enrolled > x.Capacity {
			return fault.New(fault.Invalid, "Sĩ số nhỏ hơn số học viên đã ghi danh.", "The capacity is below the enrolments.").
				Field("capacity", fmt.Sprintf("Đã có %d học viên ghi danh: sĩ số không được nhỏ hơn.", enrolled),
					fmt.Sprintf("%d participants are enrolled: the capacity may not be lower.", enrolled))
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return translate(err, "update session")
		}
		return fault.New(fault.Conflict, "Lớp học vừa được người khác thay đổi.", "Someone else changed this session meanwhile.")
	}
	x.Version++
	return nil
}

// FindSession reads a session.
func (s *TrainingStore) FindSession(ctx context.Context, id training.SessionID) (*training.Session, error) {
	x, err := scanSession(s.r.QueryRowContext(ctx, `SELECT `+sessionColumns+sessionFrom+` WHERE x.id = $1`, int64(id)))
	return x, translate(err, fmt.Sprintf("find session %d", id))
}

// FindSessions reads the sessions matching f and their total.
func (s *TrainingStore) FindSessions(ctx context.Context, f training.SessionFilter) ([]*training.Session, int, error) {
	var w where
	if f.CourseID != 0 {
		w.add("x.course_id = ?", int64(f.CourseID))
	}
	if f.Tool != "" {
		w.add("c.tool_code = ?", f.Tool)
	}
	if f.Level != 0 {
		w.add("c.level = ?", int(f.Level))
	}
	if f.Province != "" {
		w.add("x.province_code = ?", f.Province)
	}
	if len(f.Statuses) > 0 {
		ph := make([]string, len(f.Statuses))
		args := make([]any, len(f.Statuses))
		for i, st := range f.Statuses {
			ph[i], args[i] = "?", string(st)
		}
		w.add("x.status IN ("+strings.Join(ph, ", ")+")", args...)
	}
	if !f.EndsFrom.IsZero() {
		w.add("x.ends_on >= ?", dayText(&f.EndsFrom))
	}
	order := ` ORDER BY x.starts_on, x.id`
	if f.Latest {
		order = ` ORDER BY x.starts_on DESC, x.id DESC`
	}
	limit := ""
	if f.Limit > 0 {
		limit = fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+sessionColumns+`, COUNT(*) OVER ()`+sessionFrom+w.sql()+order+limit, w.args...)
	if err != nil {
		return nil, 0, translate(err, "find sessions")
	}
	var out []*training.Session
	total := 0
	for rows.Next() {
		x, err := scanSession(rows, &total)
		if err != nil {
			rows.Close()
			return nil, 0, translate(err, "scan session")
		}
		out = append(out, x)
	}
	if err := closeRows(rows, "find sessions"); err != nil {
		return nil, 0, err
	}
	if len(out) == 0 && f.Offset > 0 {
		// Past the last page: the total is still worth knowing.
		var n int
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*)`+sessionFrom+w.sql(), w.args...).Scan(&n); err != nil {
			return nil, 0, translate(err, "count sessions")
		}
		total = n
	}
	return out, total, nil
}

// TakeSeat counts one more enrolment if the session is open and a seat
// is left: one conditional UPDATE, so that concurrent enrolments cannot
// overfill a session nor enter one that has just started or been
// cancelled (the row's lock orders them with UpdateSession).
func (s *TrainingStore) TakeSeat(ctx context.Context, id training.SessionID) (bool, error) {
	res, err := s.w.ExecContext(ctx, `UPDATE training_sessions SET enrolled = enrolled + 1
		WHERE id = $1 AND status = 'open' AND enrolled < capacity`, int64(id))
	if err != nil {
		return false, translate(err, "take seat")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, translate(err, "take seat")
	}
	return n == 1, nil
}

// FreeSeat counts one enrolment less.
func (s *TrainingStore) FreeSeat(ctx context.Context, id training.SessionID) error {
	_, err := s.w.ExecContext(ctx, `UPDATE training_sessions SET enrolled = enrolled - 1 WHERE id = $1 AND enrolled > 0`, int64(id))
	return translate(err, "free seat")
}

// ---- enrolments ----

const enrolmentColumns = `e.id, e.session_id, e.full_name, e.email, e.job_title, e.phone, COALESCE(e.enterprise_id, 0), COALESCE(n.name, ''),
	COALESCE(e.user_id, 0), e.status, e.attended_hours, e.score, e.passed, e.result_note,
	COALESCE((SELECT p.id FROM practitioner_credentials p WHERE p.enrolment_id = e.id), 0),
	COALESCE(e.enrolled_by, 0), e.created_at, e.updated_at, e.version`

const enrolmentFrom = ` FROM training_enrolments e LEFT JOIN enterprises n ON n.id = e.enterprise_id`

func scanEnrolment(sc interface{ Scan(...any) error }) (*training.Enrolment, error) {
	var e training.Enrolment
	var status string
	var hours, score, passed sql.NullInt64
	var created, updated sql.NullTime
	if err := sc.Scan(&e.ID, &e.SessionID, &e.FullName, &e.Email, &e.JobTitle, &e.Phone, &e.EnterpriseID, &e.EnterpriseName,
		&e.UserID, &status, &hours, &score, &passed, &e.ResultNote, &e.CredentialID, &e.EnrolledBy, &created, &updated,
		&e.Version); err != nil {
		return nil, err
	}
	e.Status, e.CreatedAt, e.UpdatedAt = training.EnrolmentStatus(status), timeOf(created), timeOf(updated)
	if hours.Valid {
		v := int(hours.Int64)
		e.AttendedHours = &v
	}
	if score.Valid {
		v := int(score.Int64)
		e.Score = &v
	}
	if passed.Valid {
		v := passed.Int64 != 0
		e.Passed = &v
	}
	return &e, nil
}

func nullIntPtr(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

func nullBoolPtr(p *bool) any {
	if p == nil {
		return nil
	}
	return int64(boolInt(*p))
}

// CreateEnrolment inserts an enrolment at version 1; the same email
// enrolled (not cancelled) in the session is a Conflict, which leaves the
// transaction usable (the caller reads who is enrolled to word its
// answer).
func (s *TrainingStore) CreateEnrolment(ctx context.Context, e *training.Enrolment) error {
	if e.CreatedAt.IsZero() {
		e.CreatedAt = s.db.now()
	}
	if e.UpdatedAt.IsZero() {
		e.UpdatedAt = e.CreatedAt
	}
	if e.Status == "" {
		e.Status = training.EnrolEnrolled
	}
	err := s.w.QueryRowContext(ctx, `INSERT INTO training_enrolments (session_id, full_name, email, job_title, phone, enterprise_id,
		user_id, status, attended_hours, score, passed, result_note, enrolled_by, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1) ON CONFLICT DO NOTHING RETURNING id`,
		int64(e.SessionID), e.FullName, e.Email, e.JobTitle, e.Phone, nullInt64(int64(e.EnterpriseID)), nullInt64(int64(e.UserID)),
		string(e.Status), nullIntPtr(e.AttendedHours), nullIntPtr(e.Score), nullBoolPtr(e.Passed), e.ResultNote,
		nullInt64(int64(e.EnrolledBy)), utc(e.CreatedAt), utc(e.UpdatedAt)).Scan(&e.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return fault.New(fault.Conflict, "Email này đã ghi danh vào lớp.", "This email is already enrolled in the session.")
	}
	if err != nil {
		return translate(err, "create enrolment")
	}
	e.Version = 1
	return nil
}

// UpdateEnrolment writes an enrolment's status, attendance and result if
// its version is still the stored one.
func (s *TrainingStore) UpdateEnrolment(ctx context.Context, e *training.Enrolment) error {
	if e.UpdatedAt.IsZero() {
		e.UpdatedAt = s.db.now()
	}
	res, err := s.w.ExecContext(ctx, `UPDATE training_enrolments SET status = $1, attended_hours = $2, score = $3, passed = $4,
		result_note = $5, updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8`,
		string(e.Status), nullIntPtr(e.AttendedHours), nullIntPtr(e.Score), nullBoolPtr(e.Passed), e.ResultNote, utc(e.UpdatedAt),
		int64(e.ID), e.Version)
	if err != nil {
		return translate(err, "update enrolment")
	}
	if err := changed(res, "update enrolment", "Đăng ký vừa được người khác thay đổi.", "Someone else changed this enrolment meanwhile."); err != nil {
		return err
	}
	e.Version++
	return nil
}

// FindEnrolment reads an enrolment.
func (s *TrainingStore) FindEnrolment(ctx context.Context, id training.EnrolmentID) (*training.Enrolment, error) {
	e, err := scanEnrolment(s.r.QueryRowContext(ctx, `SELECT `+enrolmentColumns+enrolmentFrom+` WHERE e.id = $1`, int64(id)))
	return e, translate(err, fmt.Sprintf("find enrolment %d", id))
}

// FindEnrolments reads the enrolments matching f, in enrolment order.
func (s *TrainingStore) FindEnrolments(ctx context.Context, f training.EnrolmentFilter) ([]*training.Enrolment, error) {
	var w where
	if f.SessionID != 0 {
		w.add("e.session_id = ?", int64(f.SessionID))
	}
	if f.EnterpriseID != 0 {
		w.add("e.enterprise_id = ?", int64(f.EnterpriseID))
	}
	if f.UserID != 0 {
		w.add("e.user_id = ?", int64(f.UserID))
	}
	if f.Email != "" {
		w.add("e.email = ?", f.Email)
	}
	if len(f.Statuses) > 0 {
		ph := make([]string, len(f.Statuses))
		args := make([]any, len(f.Statuses))
		for i, st := range f.Statuses {
			ph[i], args[i] = "?", string(st)
		}
		w.add("e.status IN ("+strings.Join(ph, ", ")+")", args...)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+enrolmentColumns+enrolmentFrom+w.sql()+` ORDER BY e.id`, w.args...)
	if err != nil {
		return nil, translate(err, "find enrolments")
	}
	var out []*training.Enrolment
	for rows.Next() {
		e, err := scanEnrolment(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan enrolment")
		}
		out = append(out, e)
	}
	return out, closeRows(rows, "find enrolments")
}

// ---- credentials ----

const credentialColumns = `id, number, code, enrolment_id, session_id, course_id, holder_name, holder_email, COALESCE(user_id, 0),
	COALESCE(enterprise_id, 0), enterprise_name, enterprise_province, province_code, tool_code, tool_name_vi, tool_name_en, level,
	course_title, issued_on, expires_on, issuer, issuer_province, COALESCE(issued_by, 0), status, revoked_at, COALESCE(revoked_by, 0), revoked_reason,
	created_at, version`

func scanCredential(sc interface{ Scan(...any) error }, extra ...any) (*training.Credential, error) {
	var c training.Credential
	var issued, expires, status string
	var revoked, created sql.NullTime
	dest := []any{&c.ID, &c.Number, &c.Code, &c.EnrolmentID, &c.SessionID, &c.CourseID, &c.HolderName, &c.HolderEmail, &c.UserID,
		&c.EnterpriseID, &c.EnterpriseName, &c.EnterpriseProvince, &c.ProvinceCode, &c.ToolCode, &c.ToolName.Vi, &c.ToolName.En,
		&c.Level, &c.CourseTitle, &issued, &expires, &c.Issuer, &c.IssuerProvince, &c.IssuedBy, &status, &revoked, &c.RevokedBy, &c.RevokedReason,
		&created, &c.Version}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	c.IssuedOn, c.ExpiresOn, c.Status = dayVal(issued), dayOf(expires), training.CredentialStatus(status)
	c.RevokedAt, c.CreatedAt = timePtr(revoked), timeOf(created)
	return &c, nil
}

// CreateCredential inserts a credential at version 1; a number or an
// enrolment that has one already is a Conflict.
func (s *TrainingStore) CreateCredential(ctx context.Context, c *training.Credential) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.db.now()
	}
	if c.Status == "" {
		c.Status = training.CredValid
	}
	err := s.w.QueryRowContext(ctx, `INSERT INTO practitioner_credentials (number, code, enrolment_id, session_id, course_id,
		holder_name, holder_email, holder_folded, user_id, enterprise_id, enterprise_name, enterprise_province, province_code, tool_code,
		tool_name_vi, tool_name_en, level, course_title, issued_on, expires_on, issuer, issued_by, status, revoked_at, revoked_by,
		revoked_reason, created_at, issuer_province, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25,
		$26, $27, $28, 1) RETURNING id`,
		c.Number, c.Code, int64(c.EnrolmentID), int64(c.SessionID), int64(c.CourseID), c.HolderName, c.HolderEmail, vn.Fold(c.HolderName),
		nullInt64(int64(c.UserID)), nullInt64(int64(c.EnterpriseID)), c.EnterpriseName, c.EnterpriseProvince, c.ProvinceCode, c.ToolCode,
		c.ToolName.Vi, c.ToolName.En, int(c.Level), c.CourseTitle, dayText(&c.IssuedOn), dayText(c.ExpiresOn), c.Issuer,
		nullInt64(int64(c.IssuedBy)), string(c.Status), nullTime(c.RevokedAt), nullInt64(int64(c.RevokedBy)), c.RevokedReason,
		utc(c.CreatedAt), c.IssuerProvince).Scan(&c.ID)
	if err != nil {
		return translate(err, "create credential")
	}
	c.Version = 1
	return nil
}

// UpdateCredential writes a credential's status and revocation if its
// version is still the stored one.
func (s *TrainingStore) UpdateCredential(ctx context.Context, c *training.Credential) error {
	res, err := s.w.ExecContext(ctx, `UPDATE practitioner_credentials SET status = $1, revoked_at = $2, revoked_by = $3,
		revoked_reason = $4, version = version + 1 WHERE id = $5 AND version = $6`,
		string(c.Status), nullTime(c.RevokedAt), nullInt64(int64(c.RevokedBy)), c.RevokedReason, int64(c.ID), c.Version)
	if err != nil {
		return translate(err, "update credential")
	}
	if err := changed(res, "update credential", "Chứng chỉ vừa được người khác thay đổi.", "Someone else changed this credential meanwhile."); err != nil {
		return err
	}
	c.Version++
	return nil
}

// FindCredential reads a credential.
func (s *TrainingStore) FindCredential(ctx context.Context, id training.CredentialID) (*training.Credential, error) {
	c, err := scanCredential(s.r.QueryRowContext(ctx, `SELECT `+credentialColumns+` FROM practitioner_credentials WHERE id = $1`, int64(id)))
	return c, translate(err, fmt.Sprintf("find credential %d", id))
}

// FindCredentialByNumber reads the credential of a number.
func (s *TrainingStore) FindCredentialByNumber(ctx context.Context, number string) (*training.Credential, error) {
	c, err := scanCredential(s.r.QueryRowContext(ctx, `SELECT `+credentialColumns+` FROM practitioner_credentials WHERE number = $1`, number))
	return c, translate(err, "find credential by number")
}

// FindCredentials reads the credentials matching f, newest first, and
// their total.
func (s *TrainingStore) FindCredentials(ctx context.Context, f training.CredentialFilter) ([]*training.Credential, int, error) {
	w := credentialWhere(f)
	limit := ""
	if f.Limit > 0 {
		limit = fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(f.Offset, 0))
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+credentialColumns+`, COUNT(*) OVER () FROM practitioner_credentials`+w.sql()+
		` ORDER BY issued_on DESC, id DESC`+limit, w.args...)
	if err != nil {
		return nil, 0, translate(err, "find credentials")
	}
	var out []*training.Credential
	total := 0
	for rows.Next() {
		c, err := scanCredential(rows, &total)
		if err != nil {
			rows.Close()
			return nil, 0, translate(err, "scan credential")
		}
		out = append(out, c)
	}
	if err := closeRows(rows, "find credentials"); err != nil {
		return nil, 0, err
	}
	if len(out) == 0 && f.Offset > 0 {
		// Past the last page: the total is still worth knowing.
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM practitioner_credentials`+w.sql(), w.args...).Scan(&total); err != nil {
			return nil, 0, translate(err, "count credentials")
		}
	}
	return out, total, nil
}

// CountCredentialsByTool counts the credentials matching f (its Limit
// and Offset aside) per tool, in catalogue order.
func (s *TrainingStore) CountCredentialsByTool(ctx context.Context, f training.CredentialFilter) ([]training.ToolCount, error) {
	w := credentialWhere(f)
	rows, err := s.r.QueryContext(ctx, `SELECT tool_code, MIN(tool_name_vi), MIN(tool_name_en), COUNT(*) FROM practitioner_credentials`+w.sql()+`
		GROUP BY tool_code
		ORDER BY COALESCE((SELECT t.position FROM catalog_tools t WHERE t.code = practitioner_credentials.tool_code), 9999), tool_code`, w.args...)
	if err != nil {
		return nil, translate(err, "count credentials by tool")
	}
	var out []training.ToolCount
	for rows.Next() {
		var c training.ToolCount
		if err := rows.Scan(&c.Tool, &c.Name.Vi, &c.Name.En, &c.Count); err != nil {
			rows.Close()
			return nil, translate(err, "scan tool count")
		}
		out = append(out, c)
	}
	return out, closeRows(rows, "count credentials by tool")
}

// credentialWhere is the condition of a credential filter, on columns
// that need no table name (practitioner_credentials is the only table
// with them).
func credentialWhere(f training.CredentialFilter) where {
	var w where
	if f.Province != "" {
		w.add("(province_code = ? OR enterprise_province = ?)", f.Province, f.Province)
	}
	if f.EnterpriseID != 0 {
		w.add("enterprise_id = ?", int64(f.EnterpriseID))
	}
	if f.UserID != 0 {
		w.add("user_id = ?", int64(f.UserID))
	}
	if f.Tool != "" {
		w.add("tool_code = ?", f.Tool)
	}
	if f.Level != 0 {
		w.add("level = ?", int(f.Level))
	}
	on := dayText(&f.On)
	switch f.Status {
	case training.CredValid:
		w.add("status = 'valid' AND (expires_on = '' OR expires_on >= ?)", on)
	case training.CredExpired:
		w.add("status = 'valid' AND expires_on <> '' AND expires_on < ?", on)
	case training.CredRevoked:
		w.add("status = 'revoked'")
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add(`(holder_folded LIKE ? ESCAPE '\' OR lower(number) LIKE ? ESCAPE '\')`, likeContains(q), likePrefix(strings.ToLower(q)))
	}
	return w
}
