package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/vn"
)

// The activities' store from proposal to decision (programme.ActivityStore).

var errProposalStale = fault.New(fault.Conflict, "Hồ sơ vừa được người khác sửa. Vui lòng tải lại trang để xem bản mới nhất rồi sửa lại.",
	"Someone else has just changed this proposal. Please reload the page to see the latest version, then make your change again.")

// FindActivities lists the activities f selects, newest first. Every
// condition is on activities alone (the call's province and the reviews
// through IN subqueries, not a join), so each can use an index, and the
// order is the primary key's (ids grow with creation): the first page of a
// wide list walks the key backwards and stops after a page.
func (s *ProgrammeStore) FindActivities(ctx context.Context, f programme.ActivityFilter) ([]*programme.Activity, int, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if !f.All {
		var vis []string
		if f.Province != "" {
			p := arg(f.Province)
			// Two index lookups (activities_province, activities_call)
			// joined as one id set: an OR across the two would scan.
			vis = append(vis, "a.id IN (SELECT id FROM activities WHERE province_code = "+p+
				" UNION SELECT id FROM activities WHERE call_id IN (SELECT id FROM programme_calls WHERE province_code = "+p+"))")
		}
		if f.EnterpriseID != 0 {
			vis = append(vis, "(a.enterprise_id = "+arg(f.EnterpriseID)+" AND a.organisation_id IS NULL)")
		}
		if f.OrganisationID != 0 {
			vis = append(vis, "a.organisation_id = "+arg(f.OrganisationID))
		}
		if f.UserID != 0 {
			u := arg(int64(f.UserID))
			vis = append(vis, "a.id IN (SELECT id FROM activities WHERE verifier_id = "+u+
				" UNION SELECT activity_id FROM activity_reviews WHERE reviewer_id = "+u+")")
		}
		if len(vis) == 0 {
			return nil, 0, nil
		}
		where = append(where, "("+strings.Join(vis, " OR ")+")")
	}
	if f.Status != "" {
		where = append(where, "a.status = "+arg(string(f.Status)))
	}
	if f.Type != "" {
		where = append(where, "a.type = "+arg(string(f.Type)))
	}
	if f.Track != "" {
		where = append(where, "a.track = "+arg(string(f.Track)))
	}
	if f.Year != 0 {
		where = append(where, "a.year = "+arg(f.Year))
	}
	if f.InProvince != "" {
		where = append(where, "a.province_code = "+arg(f.InProvince))
	}
	if f.CallID != 0 {
		where = append(where, "a.call_id = "+arg(int64(f.CallID)))
	}
	// Each query word is a prefix of one of the title's words
	// (activity_words, written with the title by every writer): a range
	// compared bytewise on both databases, so LIKE's wildcards are plain
	// characters. The longest word (the likeliest to be rare) is read as a
	// range of the primary key, the id set the list starts from; the
	// others are checked per activity on (activity_id, word), so that a
	// common word ("may") is not read whole.
	qws := strings.Fields(vn.Fold(f.Query))
	for i, w := range qws {
		if utf8.RuneCountInString(w) > utf8.RuneCountInString(qws[0]) {
			qws[0], qws[i] = qws[i], qws[0]
		}
	}
	for i, w := range qws {
		cond := "word >= " + arg(w)
		if end, ok := prefixEnd(w); ok {
			cond += " AND word < " + arg(end)
		}
		if i == 0 {
			where = append(where, "a.id IN (SELECT activity_id FROM activity_words WHERE "+cond+")")
		} else {
			where = append(where, "EXISTS (SELECT 1 FROM activity_words w WHERE w.activity_id = a.id AND "+cond+")")
		}
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	nargs := len(args)
	q := `SELECT ` + activityColumns + ` FROM activities a` + activityJoins + cond + ` ORDER BY a.id DESC LIMIT ` +
		arg(limit) + ` OFFSET ` + arg(max(f.Offset, 0))
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, translate(err, "find activities")
	}
	var out []*programme.Activity
	for rows.Next() {
		a, err := scanActivity(rows)
		if err != nil {
			rows.Close()
			return nil, 0, translate(err, "scan activity")
		}
		out = append(out, a)
	}
	if err := closeRows(rows, "find activities"); err != nil {
		return nil, 0, err
	}
	// A page that is not full ends the list: its total is known without
	// counting (a search for a rare word then reads the table once, not
	// twice).
	if len(out) > 0 && len(out) < limit || len(out) == 0 && f.Offset == 0 {
		return out, max(f.Offset, 0) + len(out), nil
	}
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM activities a`+cond, args[:nargs]...).Scan(&total); err != nil {
		return nil, 0, translate(err, "count activities")
	}
	return out, total, nil
}

// UpdateProposal writes a proposal's own fields and replaces its lines.
func (s *ProgrammeStore) UpdateProposal(ctx context.Context, a *programme.Activity) error {
	if a.Details == nil {
		a.Details = map[string]string{}
	}
	details, err := json.Marshal(a.Details)
	if err != nil {
		return fmt.Errorf("sqldb: activity details: %w", err)
	}
	return s.inTx(ctx, func(c conn) error {
		res, err := c.w.ExecContext(ctx, `UPDATE activities SET type = $1, title = $2, summary = $3, details = $4, tools = $5,
			state_budget = $6, counterpart = $7, province_code = $8, industry = $9, size_class = $10, updated_at = $11,
			version = version + 1 WHERE id = $12 AND version = $13`,
			string(a.Type), a.Title, a.Summary, string(details), joinList(a.Tools), a.StateBudget, a.Counterpart,
			a.ProvinceCode, a.Industry, a.SizeClass, utc(a.UpdatedAt), int64(a.ID), a.Version)
		if err := activityStale(res, err, "update proposal"); err != nil {
			return err
		}
		a.Version++
		for _, t := range []string{"activity_budget_lines", "activity_kpis"} {
			if _, err := c.w.ExecContext(ctx, `DELETE FROM `+t+` WHERE activity_id = $1`, int64(a.ID)); err != nil {
				return translate(err, "update proposal lines")
			}
		}
		st := &ProgrammeStore{c}
		if err := st.insertBudgetLines(ctx, a.ID, a.Budget); err != nil {
			return err
		}
		return st.insertActivityKPIs(ctx, a.ID, a.KPIs)
	})
}

// activityStale turns an update's result into errProposalStale when no row
// matched the version.
func activityStale(res sql.Result, err error, op string) error {
	if err != nil {
		return translate(err, op)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return translate(err, op)
	}
	if n == 0 {
		return errProposalStale
	}
	return nil
}

// UpdateActivityState writes the life-cycle fields.
func (s *ProgrammeStore) UpdateActivityState(ctx context.Context, a *programme.Activity) error {
	screening, err := marshalScreening(a.Screening)
	if err != nil {
		return err
	}
	res, err := s.w.ExecContext(ctx, `UPDATE activities SET status = $1, screening = $2, submitted_at = $3, decided_at = $4,
		province_code = $5, industry = $6, size_class = $7, approved_budget = $8, decision_no = $9, decision_date = $10,
		decision_signer = $11, decision_note = $12, updated_at = $13, version = version + 1 WHERE id = $14 AND version = $15`,
		string(a.Status), screening, nullTime(a.SubmittedAt), nullTime(a.DecidedAt), a.ProvinceCode, a.Industry, a.SizeClass,
		a.ApprovedBudget, a.DecisionNo, a.DecisionDate, a.DecisionSigner, a.DecisionNote, utc(a.UpdatedAt), int64(a.ID), a.Version)
	if err := activityStale(res, err, "update activity state"); err != nil {
		return err
	}
	a.Version++
	return nil
}

// LockActivity takes the activity's row lock: an UPDATE that changes
// nothing still locks the row on PostgreSQL until the transaction ends, and
// works the same on SQLite (whose writer is serialised anyway).
func (s *ProgrammeStore) LockActivity(ctx context.Context, id programme.ActivityID) error {
	res, err := s.w.ExecContext(ctx, `UPDATE activities SET updated_at = updated_at WHERE id = $1`, int64(id))
	if err != nil {
		return translate(err, "lock activity")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return translate(err, "lock activity")
	}
	if n == 0 {
		return fault.New(fault.NotFound, "Không tìm thấy nhiệm vụ.", "Activity not found.")
	}
	return nil
}

// SetTitleFolded stores the folded title and replaces the activity's words
// (activity_words, which the list's search reads) in one transaction.
func (s *ProgrammeStore) SetTitleFolded(ctx context.Context, id programme.ActivityID, folded string) error {
	return s.inTx(ctx, func(c conn) error {
		if _, err := c.w.ExecContext(ctx, `UPDATE activities SET title_folded = $1 WHERE id = $2`, folded, int64(id)); err != nil {
			return translate(err, "set activity title")
		}
		return c.writeTitleWords(ctx, id, folded, true)
	})
}

// SetReviewScore stores the mean review score.
func (s *ProgrammeStore) SetReviewScore(ctx context.Context, id programme.ActivityID, score *float64) error {
	_, err := s.w.ExecContext(ctx, `UPDATE activities SET review_score = $1 WHERE id = $2`, nullFloat(score), int64(id))
	return translate(err, "set review score")
}

// AddActivityEvent appends an event.
func (s *ProgrammeStore) AddActivityEvent(ctx context.Context, e *programme.Event) error {
	err := s.w.QueryRowContext(ctx, `INSERT INTO activity_events (activity_id, from_status, to_status, actor_id, actor_email, note, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, int64(e.ActivityID), string(e.From), string(e.To),
		nullInt64(int64(e.ActorID)), e.ActorEmail, e.Note, utc(e.At)).Scan(&e.ID)
	return translate(err, "add activity event")
}

// FindActivityEvents returns the history, oldest first.
func (s *ProgrammeStore) FindActivityEvents(ctx context.Context, id programme.ActivityID) ([]programme.Event, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, activity_id, from_status, to_status, COALESCE(actor_id, 0), actor_email, note, at
		FROM activity_events WHERE activity_id = $1 ORDER BY at, id`, int64(id))
	if err != nil {
		return nil, translate(err, "find activity events")
	}
	var out []programme.Event
	for rows.Next() {
		var e programme.Event
		var from, to string
		var at sql.NullTime
		if err := rows.Scan(&e.ID, &e.ActivityID, &from, &to, &e.ActorID, &e.ActorEmail, &e.Note, &at); err != nil {
			rows.Close()
			return nil, translate(err, "scan activity event")
		}
		e.From, e.To, e.At = programme.Status(from), programme.Status(to), timeOf(at)
		out = append(out, e)
	}
	return out, closeRows(rows, "find activity events")
}

// CreateReview inserts a review.
func (s *ProgrammeStore) CreateReview(ctx context.Context, r *programme.Review) error {
	scores, err := json.Marshal(r.Scores)
	if err != nil {
		return fmt.Errorf("sqldb: review scores: %w", err)
	}
	err = s.w.QueryRowContext(ctx, `INSERT INTO activity_reviews (activity_id, reviewer_id, status, no_conflict_at, conflict_note,
		scores, total, comment, assigned_by, assigned_at, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		int64(r.ActivityID), int64(r.ReviewerID), string(r.Status), nullTime(r.NoConflictAt), r.ConflictNote, string(scores),
		nullFloat(r.Total), r.Comment, nullInt64(int64(r.AssignedBy)), utc(r.AssignedAt), nullTime(r.SubmittedAt)).Scan(&r.ID)
	return translate(err, "create review")
}

// FindReviews returns an activity's reviews.
func (s *ProgrammeStore) FindReviews(ctx context.Context, id programme.ActivityID) ([]*programme.Review, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT r.id, r.activity_id, r.reviewer_id, COALESCE(u.name, ''), r.status, r.no_conflict_at,
		r.conflict_note, r.scores, r.total, r.comment, COALESCE(r.assigned_by, 0), r.assigned_at, r.submitted_at
		FROM activity_reviews r LEFT JOIN users u ON u.id = r.reviewer_id WHERE r.activity_id = $1 ORDER BY r.id`, int64(id))
	if err != nil {
		return nil, translate(err, "find reviews")
	}
	var out []*programme.Review
	for rows.Next() {
		var r programme.Review
		var status, scores string
		var total sql.NullFloat64
		var noConflict, assigned, submitted sql.NullTime
		if err := rows.Scan(&r.ID, &r.ActivityID, &r.ReviewerID, &r.ReviewerName, &status, &noConflict, &r.ConflictNote, &scores,
			&total, &r.Comment, &r.AssignedBy, &assigned, &submitted); err != nil {
			rows.Close()
			return nil, translate(err, "scan review")
		}
		r.Status, r.Total = programme.ReviewStatus(status), floatPtr(total)
		r.NoConflictAt, r.AssignedAt, r.SubmittedAt = timePtr(noConflict), timeOf(assigned), timePtr(submitted)
		if err := json.Unmarshal([]byte(scores), &r.Scores); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqldb: review %d scores: %w", r.ID, err)
		}
		out = append(out, &r)
	}
	return out, closeRows(rows, "find reviews")
}

// UpdateReview writes a review if its status is still from.
func (s *ProgrammeStore) UpdateReview(ctx context.Context, r *programme.Review, from programme.ReviewStatus) error {
	scores, err := json.Marshal(r.Scores)
	if err != nil {
		return fmt.Errorf("sqldb: review scores: %w", err)
	}
	res, err := s.w.ExecContext(ctx, `UPDATE activity_reviews SET status = $1, no_conflict_at = $2, conflict_note = $3, scores = $4,
		total = $5, comment = $6, submitted_at = $7 WHERE id = $8 AND status = $9`,
		string(r.Status), nullTime(r.NoConflictAt), r.ConflictNote, string(scores), nullFloat(r.Total), r.Comment,
		nullTime(r.SubmittedAt), int64(r.ID), string(from))
	if err := activityStale(res, err, "update review"); err != nil {
		if fault.Is(err, fault.Conflict) {
			return fault.New(fault.Conflict, "Phiếu thẩm định vừa được cập nhật ở nơi khác.", "The review was just changed elsewhere.")
		}
		return err
	}
	return nil
}

// CreateActivityFile inserts a file with its data.
func (s *ProgrammeStore) CreateActivityFile(ctx context.Context, f *programme.File) error {
	err := s.w.QueryRowContext(ctx, `INSERT INTO activity_files (activity_id, milestone_id, name, content_type, size, data, uploaded_by, uploaded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, int64(f.ActivityID), nullInt64(int64(f.MilestoneID)), f.Name,
		f.ContentType, f.Size, f.Data, nullInt64(int64(f.UploadedBy)), utc(f.UploadedAt)).Scan(&f.ID)
	return translate(err, "create activity file")
}

// FindActivityFiles returns a proposal's attachments without their data.
func (s *ProgrammeStore) FindActivityFiles(ctx context.Context, id programme.ActivityID) ([]*programme.File, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, activity_id, name, content_type, size, COALESCE(uploaded_by, 0), uploaded_at
		FROM activity_files WHERE activity_id = $1 AND milestone_id IS NULL ORDER BY id`, int64(id))
	if err != nil {
		return nil, translate(err, "find activity files")
	}
	var out []*programme.File
	for rows.Next() {
		var f programme.File
		var at sql.NullTime
		if err := rows.Scan(&f.ID, &f.ActivityID, &f.Name, &f.ContentType, &f.Size, &f.UploadedBy, &at); err != nil {
			rows.Close()
			return nil, translate(err, "scan activity file")
		}
		f.UploadedAt = timeOf(at)
		out = append(out, &f)
	}
	return out, closeRows(rows, "find activity files")
}

// FindActivityFile returns one file with its data.
func (s *ProgrammeStore) FindActivityFile(ctx context.Context, id programme.FileID) (*programme.File, error) {
	var f programme.File
	var at sql.NullTime
	err := s.r.QueryRowContext(ctx, `SELECT id, activity_id, COALESCE(milestone_id, 0), name, content_type, size, data,
		COALESCE(uploaded_by, 0), uploaded_at FROM activity_files WHERE id = $1`, int64(id)).Scan(&f.ID, &f.ActivityID, &f.MilestoneID,
		&f.Name, &f.ContentType, &f.Size, &f.Data, &f.UploadedBy, &at)
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find activity file %d", id))
	}
	f.UploadedAt = timeOf(at)
	return &f, nil
}

// DeleteActivityFile deletes a file.
func (s *ProgrammeStore) DeleteActivityFile(ctx context.Context, id programme.FileID) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM activity_files WHERE id = $1`, int64(id))
	return translate(err, "delete activity file")
}

// FindReviewerCandidates returns the active expert and assessor accounts
// with their directory links.
func (s *ProgrammeStore) FindReviewerCandidates(ctx context.Context) ([]programme.ReviewerCandidate, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT u.id, u.name, u.email, u.role, COALESCE(e.id, 0), COALESCE(e.organisation_id, 0)
		FROM users u LEFT JOIN experts e ON e.user_id = u.id
		WHERE u.role IN ('expert', 'assessor') AND NOT u.disabled ORDER BY u.name, u.id`)
	if err != nil {
		return nil, translate(err, "find reviewer candidates")
	}
	var out []programme.ReviewerCandidate
	for rows.Next() {
		var c programme.ReviewerCandidate
		var role string
		if err := rows.Scan(&c.UserID, &c.Name, &c.Email, &role, &c.ExpertID, &c.OrganisationID); err != nil {
			rows.Close()
			return nil, translate(err, "scan reviewer candidate")
		}
		c.Role = auth.Role(role)
		out = append(out, c)
	}
	if err := closeRows(rows, "find reviewer candidates"); err != nil {
		return nil, err
	}
	rel, err := s.r.QueryContext(ctx, `SELECT e.user_id, r.enterprise_id FROM expert_relations r JOIN experts e ON e.id = r.expert_id
		WHERE e.user_id IS NOT NULL`)
	if err != nil {
		return nil, translate(err, "find expert relations")
	}
	byUser := map[auth.UserID][]int64{}
	for rel.Next() {
		var u auth.UserID
		var ent int64
		if err := rel.Scan(&u, &ent); err != nil {
			rel.Close()
			return nil, translate(err, "scan expert relation")
		}
		byUser[u] = append(byUser[u], ent)
	}
	if err := closeRows(rel, "find expert relations"); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Related = byUser[out[i].UserID]
	}
	return out, nil
}

// FindExpertLinks returns an account's directory profile links.
func (s *ProgrammeStore) FindExpertLinks(ctx context.Context, user auth.UserID) (programme.ExpertLinks, error) {
	var l programme.ExpertLinks
	err := s.r.QueryRowContext(ctx, `SELECT id, COALESCE(organisation_id, 0) FROM experts WHERE user_id = $1`, int64(user)).
		Scan(&l.ExpertID, &l.OrganisationID)
	if err == sql.ErrNoRows {
		return l, nil
	}
	if err != nil {
		return l, translate(err, "find expert links")
	}
	rows, err := s.r.QueryContext(ctx, `SELECT enterprise_id FROM expert_relations WHERE expert_id = $1 ORDER BY enterprise_id`, l.ExpertID)
	if err != nil {
		return l, translate(err, "find expert relations")
	}
	for rows.Next() {
		var e int64
		if err := rows.Scan(&e); err != nil {
			rows.Close()
			return l, translate(err, "scan expert relation")
		}
		l.Related = append(l.Related, e)
	}
	return l, closeRows(rows, "find expert relations")
}

// FindOrganisationBrief returns an organisation's name and province.
func (s *ProgrammeStore) FindOrganisationBrief(ctx context.Context, id int64) (string, string, error) {
	var name, prov string
	err := s.r.QueryRowContext(ctx, `SELECT name, province_code FROM organisations WHERE id = $1`, id).Scan(&name, &prov)
	return name, prov, translate(err, fmt.Sprintf("find organisation %d", id))
}

// FindToolCodes returns the codes of the tool catalogue.
func (s *ProgrammeStore) FindToolCodes(ctx context.Context) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT code FROM catalog_tools ORDER BY position, code`)
	if err != nil {
		return nil, translate(err, "find tool codes")
	}
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return nil, translate(err, "scan tool code")
		}
		out = append(out, c)
	}
	return out, closeRows(rows, "find tool codes")
}

// FindUserContact returns an account's email and name.
func (s *ProgrammeStore) FindUserContact(ctx context.Context, id auth.UserID) (string, string, error) {
	var email, name string
	err := s.r.QueryRowContext(ctx, `SELECT email, name FROM users WHERE id = $1`, int64(id)).Scan(&email, &name)
	return email, name, translate(err, fmt.Sprintf("find user %d", id))
}
