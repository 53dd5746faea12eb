package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"nscl/internal/contest"
)

// jsonText marshals v for a JSON TEXT column.
func jsonText(v any, what string) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("sqldb: %s: %w", what, err)
	}
	return string(b), nil
}

// fromJSONText unmarshals a JSON TEXT column into v ("" leaves v alone).
func fromJSONText(s string, v any, what string) error {
	if s == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("sqldb: %s: %w", what, err)
	}
	return nil
}

// CreateContest stores c with its categories and criteria.
func (s *ContestStore) CreateContest(ctx context.Context, c *contest.Contest) error {
	return s.inTx(ctx, func(tx conn) error {
		if c.CreatedAt.IsZero() {
			c.CreatedAt = s.db.now()
		}
		if c.UpdatedAt.IsZero() {
			c.UpdatedAt = c.CreatedAt
		}
		elig, err := jsonText(c.Eligibility, "contest eligibility")
		if err != nil {
			return err
		}
		err = tx.w.QueryRowContext(ctx, `INSERT INTO contests (code, title, year, kind, province_code, entry_kind, rules_md, status,
			entries_open, entries_close, judging_end, publish_on, min_judges, blind, eligibility, created_by, created_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 1) RETURNING id`,
			c.Code, c.Title, c.Year, string(c.Kind), c.ProvinceCode, string(c.EntryKind), c.RulesMD, string(c.Status),
			dayText(&c.EntriesOpen), dayText(&c.EntriesClose), dayText(&c.JudgingEnd), dayText(&c.PublishOn),
			c.MinJudges, boolInt(c.Blind), elig, nullInt64(c.CreatedBy), utc(c.CreatedAt), utc(c.UpdatedAt)).Scan(&c.ID)
		if err != nil {
			return translate(err, "create contest")
		}
		c.Version = 1
		return tx.insertContestParts(ctx, c)
	})
}

// insertContestParts stores c's categories and criteria (the areas that
// replace them delete the old rows first).
func (c conn) insertContestParts(ctx context.Context, k *contest.Contest) error {
	k.MaxPoints = 0
	for i := range k.Categories {
		cat := &k.Categories[i]
		cat.ContestID = k.ID
		awards, err := jsonText(nonNil(cat.Awards), "category awards")
		if err != nil {
			return err
		}
		err = c.w.QueryRowContext(ctx, `INSERT INTO contest_categories (contest_id, code, name, basis, value, awards, position)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			int64(k.ID), cat.Code, cat.Name, string(cat.Basis), cat.Value, awards, cat.Position).Scan(&cat.ID)
		if err != nil {
			return translate(err, "create contest category")
		}
	}
	for i := range k.Criteria {
		cr := &k.Criteria[i]
		cr.ContestID = k.ID
		err := c.w.QueryRowContext(ctx, `INSERT INTO contest_criteria (contest_id, code, name, guidance, max_points, tie_break, position)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			int64(k.ID), cr.Code, cr.Name, cr.Guidance, cr.MaxPoints, cr.TieBreak, cr.Position).Scan(&cr.ID)
		if err != nil {
			return translate(err, "create contest criterion")
		}
		k.MaxPoints += cr.MaxPoints
	}
	return nil
}

const contestColumns = `id, code, title, year, kind, province_code, entry_kind, rules_md, status, entries_open, entries_close,
	judging_end, publish_on, min_judges, blind, eligibility, COALESCE(created_by, 0), created_at, updated_at, version`

func scanContest(sc interface{ Scan(...any) error }) (*contest.Contest, error) {
	var c contest.Contest
	var kind, ek, status, open, closeDay, judging, publish, elig string
	var blind int
	if err := sc.Scan(&c.ID, &c.Code, &c.Title, &c.Year, &kind, &c.ProvinceCode, &ek, &c.RulesMD, &status, &open, &closeDay,
		&judging, &publish, &c.MinJudges, &blind, &elig, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt, &c.Version); err != nil {
		return nil, err
	}
	c.Kind, c.EntryKind, c.Status, c.Blind = contest.Kind(kind), contest.EntryKind(ek), contest.Status(status), blind != 0
	c.EntriesOpen, c.EntriesClose, c.JudgingEnd, c.PublishOn = dayVal(open), dayVal(closeDay), dayVal(judging), dayVal(publish)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	if err := fromJSONText(elig, &c.Eligibility, "contest eligibility"); err != nil {
		return nil, err
	}
	return &c, nil
}

// FindContest returns a contest with its categories and criteria.
func (s *ContestStore) FindContest(ctx context.Context, id contest.ContestID) (*contest.Contest, error) {
	c, err := scanContest(s.r.QueryRowContext(ctx, `SELECT `+contestColumns+` FROM contests WHERE id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find contest %d", id))
	}
	return c, s.loadContestParts(ctx, c)
}

// loadContestParts reads c's categories and criteria.
func (c conn) loadContestParts(ctx context.Context, k *contest.Contest) error {
	rows, err := c.r.QueryContext(ctx, `SELECT id, code, name, basis, value, awards, position FROM contest_categories
		WHERE contest_id = $1 ORDER BY position, id`, int64(k.ID))
	if err != nil {
		return translate(err, "find contest categories")
	}
	k.Categories = nil
	for rows.Next() {
		cat := contest.Category{ContestID: k.ID}
		var basis, awards string
		if err := rows.Scan(&cat.ID, &cat.Code, &cat.Name, &basis, &cat.Value, &awards, &cat.Position); err != nil {
			rows.Close()
			return translate(err, "scan contest category")
		}
		cat.Basis = contest.CategoryBasis(basis)
		if err := fromJSONText(awards, &cat.Awards, "category awards"); err != nil {
			rows.Close()
			return err
		}
		k.Categories = append(k.Categories, cat)
	}
	if err := closeRows(rows, "find contest categories"); err != nil {
		return err
	}
	rows, err = c.r.QueryContext(ctx, `SELECT id, code, name, guidance, max_points, tie_break, position FROM contest_criteria
		WHERE contest_id = $1 ORDER BY position, id`, int64(k.ID))
	if err != nil {
		return translate(err, "find contest criteria")
	}
	k.Criteria, k.MaxPoints = nil, 0
	for rows.Next() {
		cr := contest.Criterion{ContestID: k.ID}
		if err := rows.Scan(&cr.ID, &cr.Code, &cr.Name, &cr.Guidance, &cr.MaxPoints, &cr.TieBreak, &cr.Position); err != nil {
			rows.Close()
			return translate(err, "scan contest criterion")
		}
		k.Criteria = append(k.Criteria, cr)
		k.MaxPoints += cr.MaxPoints
	}
	return closeRows(rows, "find contest criteria")
}

// CreateEntry stores e.
func (s *ContestStore) CreateEntry(ctx context.Context, e *contest.Entry) error {
	if e.CreatedAt.IsZero() {
		e.CreatedAt = s.db.now()
	}
	if e.UpdatedAt.IsZero() {
		e.UpdatedAt = e.CreatedAt
	}
	form, kpis, acts, err := entryJSON(e)
	if err != nil {
		return err
	}
	err = s.w.QueryRowContext(ctx, `INSERT INTO contest_entries (contest_id, category_id, enterprise_id, code, title, summary_md, form, kpis,
		activity_ids, status, status_note, submitted_at, created_by, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1) RETURNING id`,
		int64(e.ContestID), int64(e.CategoryID), int64(e.EnterpriseID), e.Code, e.Title, e.SummaryMD, form, kpis, acts,
		string(e.Status), e.StatusNote, nullTime(e.SubmittedAt), nullInt64(e.CreatedBy), utc(e.CreatedAt), utc(e.UpdatedAt)).Scan(&e.ID)
	if err != nil {
		return translate(err, "create contest entry")
	}
	e.Version = 1
	return nil
}

// entryJSON marshals an entry's JSON columns.
func entryJSON(e *contest.Entry) (form, kpis, acts string, err error) {
	f := e.Form
	if f == nil {
		f = map[string]string{}
	}
	if form, err = jsonText(f, "entry form"); err != nil {
		return
	}
	if kpis, err = jsonText(nonNil(e.KPIs), "entry KPIs"); err != nil {
		return
	}
	acts, err = jsonText(nonNil(e.ActivityIDs), "entry activities")
	return
}

const entryColumns = `e.id, e.contest_id, e.category_id, e.enterprise_id, e.code, e.title, e.summary_md, e.form, e.kpis, e.activity_ids,
	e.status, e.status_note, e.submitted_at, COALESCE(e.created_by, 0), e.created_at, e.updated_at, e.version,
	en.name, en.province_code, en.tax_code`

const entryFrom = ` FROM contest_entries e JOIN enterprises en ON en.id = e.enterprise_id`

func scanEntry(sc interface{ Scan(...any) error }) (*contest.Entry, error) {
	var e contest.Entry
	var form, kpis, acts, status string
	var submitted sql.NullTime
	if err := sc.Scan(&e.ID, &e.ContestID, &e.CategoryID, &e.EnterpriseID, &e.Code, &e.Title, &e.SummaryMD, &form, &kpis, &acts,
		&status, &e.StatusNote, &submitted, &e.CreatedBy, &e.CreatedAt, &e.UpdatedAt, &e.Version,
		&e.EnterpriseName, &e.ProvinceCode, &e.TaxCode); err != nil {
		return nil, err
	}
	e.Status, e.SubmittedAt = contest.EntryStatus(status), timePtr(submitted)
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	if err := fromJSONText(form, &e.Form, "entry form"); err != nil {
		return nil, err
	}
	if err := fromJSONText(kpis, &e.KPIs, "entry KPIs"); err != nil {
		return nil, err
	}
	if err := fromJSONText(acts, &e.ActivityIDs, "entry activities"); err != nil {
		return nil, err
	}
	return &e, nil
}

// FindEntry returns an entry.
func (s *ContestStore) FindEntry(ctx context.Context, id contest.EntryID) (*contest.Entry, error) {
	e, err := scanEntry(s.r.QueryRowContext(ctx, `SELECT `+entryColumns+entryFrom+` WHERE e.id = $1`, int64(id)))
	return e, translate(err, fmt.Sprintf("find contest entry %d", id))
}

// FindEntries returns the entries f selects, by code.
func (s *ContestStore) FindEntries(ctx context.Context, f contest.EntryFilter) ([]*contest.Entry, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.ContestID != 0 {
		add("e.contest_id = $%d", int64(f.ContestID))
	}
	if f.CategoryID != 0 {
		add("e.category_id = $%d", int64(f.CategoryID))
	}
	if f.EnterpriseID != 0 {
		add("e.enterprise_id = $%d", int64(f.EnterpriseID))
	}
	if len(f.Statuses) > 0 {
		var ph []string
		for _, st := range f.Statuses {
			args = append(args, string(st))
			ph = append(ph, fmt.Sprintf("$%d", len(args)))
		}
		where = append(where, "e.status IN ("+strings.Join(ph, ", ")+")")
	}
	q := `SELECT ` + entryColumns + entryFrom
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.r.QueryContext(ctx, q+" ORDER BY e.code", args...)
	if err != nil {
		return nil, translate(err, "find contest entries")
	}
	var out []*contest.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan contest entry")
		}
		out = append(out, e)
	}
	return out, closeRows(rows, "find contest entries")
}

// CreateHonour stores h.
func (s *ContestStore) CreateHonour(ctx context.Context, h *contest.Honour) error {
	if h.CreatedAt.IsZero() {
		h.CreatedAt = s.db.now()
	}
	if h.UpdatedAt.IsZero() {
		h.UpdatedAt = h.CreatedAt
	}
	kpis, err := jsonText(nonNil(h.KPIs), "honour KPIs")
	if err != nil {
		return err
	}
	err = s.w.QueryRowContext(ctx, `INSERT INTO honours (year, kind, enterprise_id, title, award, contest_id, entry_id, rank, score,
		summary_md, story_md, kpis, slug, published_on, hidden, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 1) RETURNING id`,
		h.Year, string(h.Kind), int64(h.EnterpriseID), h.Title, h.Award, nullInt64(int64(h.ContestID)), nullInt64(int64(h.EntryID)),
		h.Rank, h.Score, h.SummaryMD, h.StoryMD, kpis, h.Slug, dayText(&h.PublishedOn), boolInt(h.Hidden),
		utc(h.CreatedAt), utc(h.UpdatedAt)).Scan(&h.ID)
	if err != nil {
		return translate(err, "create honour")
	}
	h.Version = 1
	return nil
}

const honourColumns = `h.id, h.year, h.kind, h.enterprise_id, h.title, h.award, COALESCE(h.contest_id, 0), COALESCE(h.entry_id, 0), h.rank,
	h.score, h.summary_md, h.story_md, h.kpis, h.slug, h.published_on, h.hidden, h.created_at, h.updated_at, h.version,
	en.name, en.province_code, COALESCE(c.title, '')`

const honourFrom = ` FROM honours h JOIN enterprises en ON en.id = h.enterprise_id LEFT JOIN contests c ON c.id = h.contest_id`

func scanHonour(sc interface{ Scan(...any) error }) (*contest.Honour, error) {
	var h contest.Honour
	var kind, kpis, published string
	var hidden int
	if err := sc.Scan(&h.ID, &h.Year, &kind, &h.EnterpriseID, &h.Title, &h.Award, &h.ContestID, &h.EntryID, &h.Rank,
		&h.Score, &h.SummaryMD, &h.StoryMD, &kpis, &h.Slug, &published, &hidden, &h.CreatedAt, &h.UpdatedAt, &h.Version,
		&h.EnterpriseName, &h.ProvinceCode, &h.ContestTitle); err != nil {
		return nil, err
	}
	h.Kind, h.PublishedOn, h.Hidden = contest.EntryKind(kind), dayVal(published), hidden != 0
	h.CreatedAt, h.UpdatedAt = h.CreatedAt.UTC(), h.UpdatedAt.UTC()
	if err := fromJSONText(kpis, &h.KPIs, "honour KPIs"); err != nil {
		return nil, err
	}
	return &h, nil
}

// FindHonour returns an honour.
func (s *ContestStore) FindHonour(ctx context.Context, id contest.HonourID) (*contest.Honour, error) {
	h, err := scanHonour(s.r.QueryRowContext(ctx, `SELECT `+honourColumns+honourFrom+` WHERE h.id = $1`, int64(id)))
	return h, translate(err, fmt.Sprintf("find honour %d", id))
}
