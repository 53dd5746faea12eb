package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"nscl/internal/contest"
)

// UpdateContest writes c (and, with parts, replaces its categories and
// criteria) if c.Version is still the stored one.
func (s *ContestStore) UpdateContest(ctx context.Context, c *contest.Contest, parts bool) error {
	return s.inTx(ctx, func(tx conn) error {
		if c.UpdatedAt.IsZero() {
			c.UpdatedAt = s.db.now()
		}
		elig, err := jsonText(c.Eligibility, "contest eligibility")
		if err != nil {
			return err
		}
		res, err := tx.w.ExecContext(ctx, `UPDATE contests SET code = $1, title = $2, year = $3, kind = $4, province_code = $5,
			entry_kind = $6, rules_md = $7, status = $8, entries_open = $9, entries_close = $10, judging_end = $11, publish_on = $12,
			min_judges = $13, blind = $14, eligibility = $15, updated_at = $16, version = version + 1 WHERE id = $17 AND version = $18`,
			c.Code, c.Title, c.Year, string(c.Kind), c.ProvinceCode, string(c.EntryKind), c.RulesMD, string(c.Status),
			dayText(&c.EntriesOpen), dayText(&c.EntriesClose), dayText(&c.JudgingEnd), dayText(&c.PublishOn),
			c.MinJudges, boolInt(c.Blind), elig, utc(c.UpdatedAt), int64(c.ID), c.Version)
		if err != nil {
			return translate(err, "update contest")
		}
		if err := changed(res, "update contest", "Cuộc thi vừa được người khác thay đổi.", "Someone else changed this contest meanwhile."); err != nil {
			return err
		}
		c.Version++
		if !parts {
			return nil
		}
		if _, err := tx.w.ExecContext(ctx, `DELETE FROM contest_categories WHERE contest_id = $1`, int64(c.ID)); err != nil {
			return translate(err, "replace contest categories")
		}
		if _, err := tx.w.ExecContext(ctx, `DELETE FROM contest_criteria WHERE contest_id = $1`, int64(c.ID)); err != nil {
			return translate(err, "replace contest criteria")
		}
		return tx.insertContestParts(ctx, c)
	})
}

// FindContests returns the contests f selects, without their parts.
func (s *ContestStore) FindContests(ctx context.Context, f contest.ContestFilter) ([]*contest.Contest, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Year != 0 {
		add("year = $%d", f.Year)
	}
	if f.Status != "" {
		add("status = $%d", string(f.Status))
	}
	if f.ProvinceCode != nil {
		add("province_code = $%d", *f.ProvinceCode)
	}
	switch {
	case f.DraftsAll:
	case f.DraftsOf != nil:
		args = append(args, *f.DraftsOf)
		where = append(where, fmt.Sprintf("(status <> 'draft' OR province_code = $%d)", len(args)))
	default:
		where = append(where, "status <> 'draft'")
	}
	q := `SELECT ` + contestColumns + ` FROM contests`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.r.QueryContext(ctx, q+" ORDER BY year DESC, entries_open DESC, code", args...)
	if err != nil {
		return nil, translate(err, "find contests")
	}
	var out []*contest.Contest
	for rows.Next() {
		c, err := scanContest(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan contest")
		}
		out = append(out, c)
	}
	return out, closeRows(rows, "find contests")
}

// CountEntriesByStatus counts a contest's entries per status.
func (s *ContestStore) CountEntriesByStatus(ctx context.Context, id contest.ContestID) (map[contest.EntryStatus]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT status, COUNT(*) FROM contest_entries WHERE contest_id = $1 GROUP BY status`, int64(id))
	if err != nil {
		return nil, translate(err, "count contest entries")
	}
	out := map[contest.EntryStatus]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return nil, translate(err, "scan contest entry count")
		}
		out[contest.EntryStatus(st)] = n
	}
	return out, closeRows(rows, "count contest entries")
}

// CreateCancellation records a contest's cancellation.
func (s *ContestStore) CreateCancellation(ctx context.Context, x *contest.Cancellation) error {
	if x.CancelledAt.IsZero() {
		x.CancelledAt = s.db.now()
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO contest_cancellations (contest_id, reason, cancelled_by, cancelled_at) VALUES ($1, $2, $3, $4)`,
		int64(x.ContestID), x.Reason, nullInt64(x.CancelledBy), utc(x.CancelledAt))
	return translate(err, "create contest cancellation")
}

// FindCancellation returns a contest's cancellation.
func (s *ContestStore) FindCancellation(ctx context.Context, id contest.ContestID) (*contest.Cancellation, error) {
	x := contest.Cancellation{ContestID: id}
	var by sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT reason, cancelled_by, cancelled_at FROM contest_cancellations WHERE contest_id = $1`, int64(id)).
		Scan(&x.Reason, &by, &x.CancelledAt)
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find cancellation of contest %d", id))
	}
	x.CancelledBy, x.CancelledAt = by.Int64, x.CancelledAt.UTC()
	return &x, nil
}
