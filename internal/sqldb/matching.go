package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/directory"
	"nscl/internal/fault"
	"nscl/internal/matching"
)

// MatchingStore keeps needs, interests and engagements and reads the
// directory's experts and organisations (0008_directory.sql), whose
// track-record counters it keeps.
type MatchingStore struct {
	conn
}

var _ matching.Store = (*MatchingStore)(nil)

// Matching returns the matching store.
func (db *DB) Matching() *MatchingStore { return &MatchingStore{db.conn()} }

// Tx runs fn with a store bound to one transaction (or to the current one).
func (s *MatchingStore) Tx(ctx context.Context, fn func(matching.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&MatchingStore{c}) })
}

// AddAudit writes an audit entry, in the current transaction if any.
func (s *MatchingStore) AddAudit(ctx context.Context, e audit.Entry) error { return s.addAudit(ctx, e) }

// matchable is the condition on experts e that the ranking reads: active,
// with the matching consent in the comma-separated list.
const matchable = `e.status = 'active' AND (',' || e.consents || ',') LIKE '%,matching,%'`

// ProfilesVersion reads the counters of matching_version
// (0013_matching_version.sql), which triggers bump on every write to what
// LoadProfiles reads (the directory's writes included) and, separately, to
// the track-record counters: a database counter, so that servers whose
// clocks differ agree.
func (s *MatchingStore) ProfilesVersion(ctx context.Context) (matching.Version, error) {
	var v matching.Version
	err := s.r.QueryRowContext(ctx, `SELECT v, counters FROM matching_version WHERE id = 1`).Scan(&v.Profiles, &v.Counters)
	return v, translate(err, "matching version")
}

// matchingPublic reports whether the comma-separated public_fields list
// has field.
func matchingPublic(list, field string) bool {
	return strings.Contains(","+list+",", ","+field+",")
}

// LoadProfiles reads every matchable expert with expertise, sectors and
// provinces: four ordered scans merged by expert id.
func (s *MatchingStore) LoadProfiles(ctx context.Context) ([]*matching.Profile, error) {
	// The columns read here (and status, consents) are those whose writes
	// bump matching_version.v (0013_matching_version.sql): keep them equal.
	rows, err := s.r.QueryContext(ctx, `SELECT e.id, COALESCE(e.organisation_id, 0), e.public_fields, e.capacity, e.active_engagements,
		e.engagements_completed, e.rating_sum, e.rating_count FROM experts e WHERE `+matchable+` ORDER BY e.id`)
	if err != nil {
		return nil, translate(err, "load profiles")
	}
	var ps []*matching.Profile
	byID := map[matching.ExpertID]*matching.Profile{}
	for rows.Next() {
		p := &matching.Profile{Tools: map[catalog.ToolCode]int{}}
		var public string
		if err := rows.Scan(&p.ID, &p.Organisation, &public, &p.Capacity, &p.Active, &p.Completed, &p.RatingSum, &p.RatingCount); err != nil {
			rows.Close()
			return nil, translate(err, "scan profile")
		}
		p.OrgPublic = p.Organisation != 0 && matchingPublic(public, string(directory.FieldOrganisation))
		ps = append(ps, p)
		byID[p.ID] = p
	}
	if err := closeRows(rows, "load profiles"); err != nil {
		return nil, err
	}
	each := func(q string, fn func(p *matching.Profile, v string, l int)) error {
		rows, err := s.r.QueryContext(ctx, q)
		if err != nil {
			return translate(err, "load profiles")
		}
		defer rows.Close()
		for rows.Next() {
			var id matching.ExpertID
			var v string
			var l int
			if err := rows.Scan(&id, &v, &l); err != nil {
				return translate(err, "scan profile")
			}
			if p := byID[id]; p != nil {
				fn(p, v, l)
			}
		}
		return translate(rows.Err(), "load profiles")
	}
	if err := each(`SELECT expert_id, tool_code, level FROM expert_tools`, func(p *matching.Profile, v string, l int) {
		p.Tools[catalog.ToolCode(v)] = l
	}); err != nil {
		return nil, err
	}
	if err := each(`SELECT expert_id, industry, 0 FROM expert_sectors`, func(p *matching.Profile, v string, _ int) {
		p.Sectors = append(p.Sectors, v)
	}); err != nil {
		return nil, err
	}
	if err := each(`SELECT expert_id, province_code, 0 FROM expert_provinces`, func(p *matching.Profile, v string, _ int) {
		p.Provinces = append(p.Provinces, v)
	}); err != nil {
		return nil, err
	}
	return ps, nil
}

// LoadCounters reads the track-record counters of every matchable expert.
func (s *MatchingStore) LoadCounters(ctx context.Context) (map[matching.ExpertID]matching.TrackDelta, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT e.id, e.active_engagements, e.engagements_completed, e.rating_sum, e.rating_count
		FROM experts e WHERE `+matchable)
	if err != nil {
		return nil, translate(err, "load counters")
	}
	out := map[matching.ExpertID]matching.TrackDelta{}
	for rows.Next() {
		var id matching.ExpertID
		var d matching.TrackDelta
		if err := rows.Scan(&id, &d.Active, &d.Completed, &d.RatingSum, &d.RatingCount); err != nil {
			rows.Close()
			return nil, translate(err, "scan counters")
		}
		out[id] = d
	}
	return out, closeRows(rows, "load counters")
}

func closeRows(rows *sql.Rows, op string) error {
	err := rows.Err()
	rows.Close()
	return translate(err, op)
}

// FindConflicts reads the organisations that are the enterprise and the
// experts who declared a relation with it: two index lookups in one query.
func (s *MatchingStore) FindConflicts(ctx context.Context, enterpriseID int64) (matching.Conflicts, error) {
	c := matching.Conflicts{Organisations: map[matching.OrganisationID]bool{}, Experts: map[matching.ExpertID]bool{}}
	rows, err := s.r.QueryContext(ctx, `SELECT 'o', id FROM organisations WHERE enterprise_id = $1
		UNION ALL SELECT 'e', expert_id FROM expert_relations WHERE enterprise_id = $1`, enterpriseID)
	if err != nil {
		return c, translate(err, "find conflicts")
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var id int64
		if err := rows.Scan(&kind, &id); err != nil {
			return c, translate(err, "find conflicts")
		}
		if kind == "o" {
			c.Organisations[matching.OrganisationID(id)] = true
		} else {
			c.Experts[matching.ExpertID(id)] = true
		}
	}
	return c, translate(rows.Err(), "find conflicts")
}

// idList is "$1, $2, …" from start and the args.
func idList[T ~int64](ids []T) (string, []any) {
	ph := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		ph[i] = fmt.Sprintf("$%d", i+1)
		args[i] = int64(id)
	}
	return strings.Join(ph, ", "), args
}

// ExpertCards reads the names of experts, with title, province and
// organisation only if the expert made them public (consent to matching
// is not consent to showing hidden fields).
func (s *MatchingStore) ExpertCards(ctx context.Context, ids []matching.ExpertID) (map[matching.ExpertID]matching.ExpertCard, error) {
	out := map[matching.ExpertID]matching.ExpertCard{}
	if len(ids) == 0 {
		return out, nil
	}
	ph, args := idList(ids)
	rows, err := s.r.QueryContext(ctx, `SELECT id, name, title, province_code, COALESCE(organisation_id, 0), public_fields, engagements_completed,
		rating_sum, rating_count FROM experts WHERE id IN (`+ph+`)`, args...)
	if err != nil {
		return nil, translate(err, "expert cards")
	}
	for rows.Next() {
		var id matching.ExpertID
		var c matching.ExpertCard
		var public string
		if err := rows.Scan(&id, &c.Name, &c.Title, &c.ProvinceCode, &c.Organisation, &public, &c.Completed, &c.RatingSum, &c.RatingCount); err != nil {
			rows.Close()
			return nil, translate(err, "expert cards")
		}
		if !matchingPublic(public, string(directory.FieldTitle)) {
			c.Title = ""
		}
		if !matchingPublic(public, string(directory.FieldProvince)) {
			c.ProvinceCode = ""
		}
		if !matchingPublic(public, string(directory.FieldOrganisation)) {
			c.Organisation = 0
		}
		out[id] = c
	}
	return out, closeRows(rows, "expert cards")
}

// OrganisationCards reads the names of organisations.
func (s *MatchingStore) OrganisationCards(ctx context.Context, ids []matching.OrganisationID) (map[matching.OrganisationID]matching.OrganisationCard, error) {
	out := map[matching.OrganisationID]matching.OrganisationCard{}
	if len(ids) == 0 {
		return out, nil
	}
	ph, args := idList(ids)
	rows, err := s.r.QueryContext(ctx, `SELECT id, name, kind, province_code FROM organisations WHERE id IN (`+ph+`)`, args...)
	if err != nil {
		return nil, translate(err, "organisation cards")
	}
	for rows.Next() {
		var id matching.OrganisationID
		var c matching.OrganisationCard
		if err := rows.Scan(&id, &c.Name, &c.Kind, &c.ProvinceCode); err != nil {
			rows.Close()
			return nil, translate(err, "organisation cards")
		}
		out[id] = c
	}
	return out, closeRows(rows, "organisation cards")
}

// FindExpertByUser reads the expert of an account with the tools, sectors
// and provinces the board filters on.
func (s *MatchingStore) FindExpertByUser(ctx context.Context, user auth.UserID) (*matching.Expert, error) {
	var e matching.Expert
	err := s.r.QueryRowContext(ctx, `SELECT e.id, e.name, COALESCE(NULLIF(u.email, ''), e.email) FROM experts e
		LEFT JOIN users u ON u.id = e.user_id WHERE e.user_id = $1`, int64(user)).Scan(&e.ID, &e.Name, &e.Email)
	if err != nil {
		return nil, translate(err, "find expert of user")
	}
	for _, q := range []struct {
		sql string
		dst *[]string
	}{{`SELECT tool_code FROM expert_tools WHERE expert_id = $1 ORDER BY level DESC, tool_code`, nil},
		{`SELECT industry FROM expert_sectors WHERE expert_id = $1 ORDER BY industry`, &e.Sectors},
		{`SELECT province_code FROM expert_provinces WHERE expert_id = $1 ORDER BY province_code`, &e.Provinces}} {
		rows, err := s.r.QueryContext(ctx, q.sql, int64(e.ID))
		if err != nil {
			return nil, translate(err, "find expert of user")
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return nil, translate(err, "find expert of user")
			}
			if q.dst == nil {
				e.Tools = append(e.Tools, catalog.ToolCode(v))
			} else {
				*q.dst = append(*q.dst, v)
			}
		}
		if err := closeRows(rows, "find expert of user"); err != nil {
			return nil, err
		}
	}
	return &e, nil
}

func joinTools(ts []catalog.ToolCode) string {
	ss := make([]string, len(ts))
	for i, t := range ts {
		ss[i] = string(t)
	}
	return strings.Join(ss, ",")
}

func splitTools(s string) []catalog.ToolCode {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]catalog.ToolCode, len(parts))
	for i, p := range parts {
		out[i] = catalog.ToolCode(p)
	}
	return out
}

// CreateNeed inserts n and its tools, filling the ID.
func (s *MatchingStore) CreateNeed(ctx context.Context, n *matching.Need) error {
	levels, err := json.Marshal(n.Levels)
	if err != nil {
		return fmt.Errorf("sqldb: need levels: %w", err)
	}
	return s.inTx(ctx, func(c conn) error {
		err := c.w.QueryRowContext(ctx, `INSERT INTO needs (enterprise_id, diagnosis_id, status, description, industry, province_code,
			size_class, levels, tools, published_by, contact_email, published_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			n.EnterpriseID, n.DiagnosisID, string(n.Status), n.Description, n.Industry, n.ProvinceCode, n.SizeClass, string(levels),
			joinTools(n.Tools), nullInt64(int64(n.PublishedBy)), n.ContactEmail, utc(n.PublishedAt), utc(n.UpdatedAt)).Scan(&n.ID)
		if err != nil {
			return translate(err, "create need")
		}
		for i, t := range n.Tools {
			if _, err := c.w.ExecContext(ctx, `INSERT INTO need_tools (need_id, tool_code, rank) VALUES ($1, $2, $3)`, int64(n.ID), string(t), i+1); err != nil {
				return translate(err, "create need tools")
			}
		}
		return nil
	})
}

const needColumns = `n.id, n.enterprise_id, n.diagnosis_id, n.status, n.description, n.industry, n.province_code, n.size_class,
	n.levels, n.tools, COALESCE(n.published_by, 0), n.contact_email, n.published_at, n.updated_at, ent.name,
	(SELECT COUNT(*) FROM need_interests i WHERE i.need_id = n.id)`

func scanNeed(sc interface{ Scan(...any) error }, extra ...any) (*matching.Need, error) {
	var n matching.Need
	var status, levels, tools string
	var pub, upd sql.NullTime
	dest := append([]any{&n.ID, &n.EnterpriseID, &n.DiagnosisID, &status, &n.Description, &n.Industry, &n.ProvinceCode, &n.SizeClass,
		&levels, &tools, &n.PublishedBy, &n.ContactEmail, &pub, &upd, &n.EnterpriseName, &n.Interests}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	n.Status, n.Tools = matching.NeedStatus(status), splitTools(tools)
	n.PublishedAt, n.UpdatedAt = timeOf(pub), timeOf(upd)
	if err := json.Unmarshal([]byte(levels), &n.Levels); err != nil {
		return nil, fmt.Errorf("sqldb: need %d levels: %w", n.ID, err)
	}
	return &n, nil
}

// FindNeedByID reads one need with its enterprise's name.
func (s *MatchingStore) FindNeedByID(ctx context.Context, id matching.NeedID) (*matching.Need, error) {
	n, err := scanNeed(s.r.QueryRowContext(ctx, `SELECT `+needColumns+` FROM needs n JOIN enterprises ent ON ent.id = n.enterprise_id WHERE n.id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find need %d", id))
	}
	return n, nil
}

// FindNeeds lists needs, newest first. ForExpert keeps the needs that
// share a tool with the expert, in a province the expert serves and an
// industry the expert knows ("other" for firms outside the eight).
func (s *MatchingStore) FindNeeds(ctx context.Context, f matching.NeedFilter) ([]*matching.Need, int, error) {
	var w where
	if f.Status != "" {
		w.add("n.status = ?", string(f.Status))
	}
	if f.EnterpriseID != 0 {
		w.add("n.enterprise_id = ?", f.EnterpriseID)
	}
	if f.ProvinceCode != "" {
		w.add("n.province_code = ?", f.ProvinceCode)
	}
	if f.ForExpert != 0 {
		w.add(`EXISTS (SELECT 1 FROM need_tools nt JOIN expert_tools et ON et.tool_code = nt.tool_code AND et.expert_id = ? WHERE nt.need_id = n.id)`, int64(f.ForExpert))
		w.add(`EXISTS (SELECT 1 FROM expert_provinces ep WHERE ep.expert_id = ? AND ep.province_code = n.province_code)`, int64(f.ForExpert))
		w.add(`EXISTS (SELECT 1 FROM expert_sectors es WHERE es.expert_id = ? AND es.industry = CASE n.industry WHEN '' THEN 'other' ELSE n.industry END)`, int64(f.ForExpert))
	}
	cond := w.sql()
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM needs n`+cond, w.args...).Scan(&total); err != nil {
		return nil, 0, translate(err, "count needs")
	}
	args := append(w.args, f.Limit, f.Offset)
	q := fmt.Sprintf(`SELECT %s FROM needs n JOIN enterprises ent ON ent.id = n.enterprise_id%s ORDER BY n.published_at DESC, n.id DESC LIMIT $%d OFFSET $%d`,
		needColumns, cond, len(w.args)+1, len(w.args)+2)
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, translate(err, "find needs")
	}
	defer rows.Close()
	var out []*matching.Need
	for rows.Next() {
		n, err := scanNeed(rows)
		if err != nil {
			return nil, 0, translate(err, "scan need")
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, translate(err, "find needs")
	}
	if f.Viewer != 0 && len(out) > 0 {
		ids := make([]matching.NeedID, len(out))
		for i, n := range out {
			ids[i] = n.ID
		}
		ph, iargs := idList(ids)
		iargs = append(iargs, int64(f.Viewer))
		rows, err := s.r.QueryContext(ctx, `SELECT `+interestColumns+` FROM need_interests i JOIN experts e ON e.id = i.expert_id
			LEFT JOIN users u ON u.id = e.user_id WHERE i.need_id IN (`+ph+fmt.Sprintf(`) AND i.expert_id = $%d`, len(ids)+1), iargs...)
		if err != nil {
			return nil, 0, translate(err, "find my interests")
		}
		defer rows.Close()
		for rows.Next() {
			i, err := scanInterest(rows)
			if err != nil {
				return nil, 0, translate(err, "scan interest")
			}
			for _, n := range out {
				if n.ID == i.NeedID {
					n.MyInterest = i
				}
			}
		}
		if err := rows.Err(); err != nil {
			return nil, 0, translate(err, "find my interests")
		}
	}
	return out, total, nil
}

// SetNeedStatus changes an open need's status: the update is conditional,
// so that of two concurrent changes (a double click) the second is a
// Conflict rather than a second change.
func (s *MatchingStore) SetNeedStatus(ctx context.Context, id matching.NeedID, st matching.NeedStatus, at time.Time) error {
	res, err := s.w.ExecContext(ctx, `UPDATE needs SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4`,
		string(st), utc(at), int64(id), string(matching.NeedOpen))
	if err != nil {
		return translate(err, "set need status")
	}
	return changed(res, "set need status", "Nhu cầu này vừa được thay đổi (đã có chuyên gia hoặc đã được rút). Vui lòng tải lại trang.",
		"This need was just changed (filled or withdrawn). Please reload the page.")
}

// changed is nil if res changed a row, a Conflict with vi/en otherwise:
// the row was changed by another request since it was read.
func changed(res sql.Result, op, vi, en string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return translate(err, op)
	}
	if n == 0 {
		return fault.New(fault.Conflict, vi, en)
	}
	return nil
}

const interestColumns = `i.id, i.need_id, i.expert_id, i.message, i.status, i.created_at, i.decided_at, e.name,
	COALESCE(NULLIF(u.email, ''), e.email)`

func scanInterest(sc interface{ Scan(...any) error }) (*matching.Interest, error) {
	var i matching.Interest
	var status string
	var created, decided sql.NullTime
	if err := sc.Scan(&i.ID, &i.NeedID, &i.ExpertID, &i.Message, &status, &created, &decided, &i.ExpertName, &i.ExpertEmail); err != nil {
		return nil, err
	}
	i.Status, i.CreatedAt, i.DecidedAt = matching.InterestStatus(status), timeOf(created), timePtr(decided)
	return &i, nil
}

// CreateInterest inserts i, filling the ID; a second interest of the
// expert in the need is a Conflict.
func (s *MatchingStore) CreateInterest(ctx context.Context, i *matching.Interest) error {
	err := s.w.QueryRowContext(ctx, `INSERT INTO need_interests (need_id, expert_id, message, status, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, int64(i.NeedID), int64(i.ExpertID), i.Message, string(i.Status), utc(i.CreatedAt)).Scan(&i.ID)
	return translate(err, "create interest")
}

// FindInterestByID reads one interest.
func (s *MatchingStore) FindInterestByID(ctx context.Context, id matching.InterestID) (*matching.Interest, error) {
	i, err := scanInterest(s.r.QueryRowContext(ctx, `SELECT `+interestColumns+` FROM need_interests i JOIN experts e ON e.id = i.expert_id
		LEFT JOIN users u ON u.id = e.user_id WHERE i.id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find interest %d", id))
	}
	return i, nil
}

// FindInterests lists the interests in a need, oldest first.
func (s *MatchingStore) FindInterests(ctx context.Context, need matching.NeedID) ([]*matching.Interest, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+interestColumns+` FROM need_interests i JOIN experts e ON e.id = i.expert_id
		LEFT JOIN users u ON u.id = e.user_id WHERE i.need_id = $1 ORDER BY i.id`, int64(need))
	if err != nil {
		return nil, translate(err, "find interests")
	}
	defer rows.Close()
	var out []*matching.Interest
	for rows.Next() {
		i, err := scanInterest(rows)
		if err != nil {
			return nil, translate(err, "scan interest")
		}
		out = append(out, i)
	}
	return out, translate(rows.Err(), "find interests")
}

// SetInterestStatus decides a pending interest; one already decided is
// a Conflict (conditional update).
func (s *MatchingStore) SetInterestStatus(ctx context.Context, id matching.InterestID, st matching.InterestStatus, at time.Time) error {
	res, err := s.w.ExecContext(ctx, `UPDATE need_interests SET status = $1, decided_at = $2 WHERE id = $3 AND status = $4`,
		string(st), utc(at), int64(id), string(matching.InterestPending))
	if err != nil {
		return translate(err, "set interest status")
	}
	return changed(res, "set interest status", "Lời quan tâm này vừa được quyết định. Vui lòng tải lại trang.",
		"This interest was just decided. Please reload the page.")
}

// CreateEngagement inserts e, filling the ID; a second engagement on a
// need is a Conflict.
func (s *MatchingStore) CreateEngagement(ctx context.Context, e *matching.Engagement) error {
	err := s.w.QueryRowContext(ctx, `INSERT INTO engagements (need_id, enterprise_id, expert_id, interest_id, status, accepted_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, int64(e.NeedID), e.EnterpriseID, int64(e.ExpertID), int64(e.InterestID),
		string(e.Status), utc(e.AcceptedAt)).Scan(&e.ID)
	return translate(err, "create engagement")
}

const engagementColumns = `g.id, g.need_id, g.enterprise_id, g.expert_id, g.interest_id, g.status, g.accepted_at, g.completed_at,
	g.rating, g.rating_comment, g.rated_at, ent.name, e.name, n.province_code, n.tools, COALESCE(NULLIF(u.email, ''), e.email), n.contact_email`

const engagementFrom = ` FROM engagements g JOIN needs n ON n.id = g.need_id JOIN enterprises ent ON ent.id = g.enterprise_id
	JOIN experts e ON e.id = g.expert_id LEFT JOIN users u ON u.id = e.user_id`

func scanEngagement(sc interface{ Scan(...any) error }) (*matching.Engagement, error) {
	var g matching.Engagement
	var status, tools string
	var acc, comp, rated sql.NullTime
	if err := sc.Scan(&g.ID, &g.NeedID, &g.EnterpriseID, &g.ExpertID, &g.InterestID, &status, &acc, &comp, &g.Rating, &g.RatingComment,
		&rated, &g.EnterpriseName, &g.ExpertName, &g.ProvinceCode, &tools, &g.ExpertEmail, &g.ContactEmail); err != nil {
		return nil, err
	}
	g.Status, g.Tools = matching.EngagementStatus(status), splitTools(tools)
	g.AcceptedAt, g.CompletedAt, g.RatedAt = timeOf(acc), timePtr(comp), timePtr(rated)
	return &g, nil
}

// FindEngagementByID reads one engagement.
func (s *MatchingStore) FindEngagementByID(ctx context.Context, id matching.EngagementID) (*matching.Engagement, error) {
	g, err := scanEngagement(s.r.QueryRowContext(ctx, `SELECT `+engagementColumns+engagementFrom+` WHERE g.id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find engagement %d", id))
	}
	return g, nil
}

// FindEngagementByNeed reads the engagement of a need.
func (s *MatchingStore) FindEngagementByNeed(ctx context.Context, need matching.NeedID) (*matching.Engagement, error) {
	g, err := scanEngagement(s.r.QueryRowContext(ctx, `SELECT `+engagementColumns+engagementFrom+` WHERE g.need_id = $1`, int64(need)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find engagement of need %d", need))
	}
	return g, nil
}

// FindEngagements lists engagements, newest first.
func (s *MatchingStore) FindEngagements(ctx context.Context, f matching.EngagementFilter) ([]*matching.Engagement, int, error) {
	var w where
	if f.ExpertID != 0 {
		w.add("g.expert_id = ?", int64(f.ExpertID))
	}
	if f.EnterpriseID != 0 {
		w.add("g.enterprise_id = ?", f.EnterpriseID)
	}
	if f.ProvinceCode != "" {
		w.add("n.province_code = ?", f.ProvinceCode)
	}
	if f.Status != "" {
		w.add("g.status = ?", string(f.Status))
	}
	cond := w.sql()
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM engagements g JOIN needs n ON n.id = g.need_id`+cond, w.args...).Scan(&total); err != nil {
		return nil, 0, translate(err, "count engagements")
	}
	args := append(w.args, f.Limit, f.Offset)
	rows, err := s.r.QueryContext(ctx, fmt.Sprintf(`SELECT %s%s%s ORDER BY g.accepted_at DESC, g.id DESC LIMIT $%d OFFSET $%d`,
		engagementColumns, engagementFrom, cond, len(w.args)+1, len(w.args)+2), args...)
	if err != nil {
		return nil, 0, translate(err, "find engagements")
	}
	defer rows.Close()
	var out []*matching.Engagement
	for rows.Next() {
		g, err := scanEngagement(rows)
		if err != nil {
			return nil, 0, translate(err, "scan engagement")
		}
		out = append(out, g)
	}
	return out, total, translate(rows.Err(), "find engagements")
}

// UpdateEngagement writes the status, completion and rating of g if the
// stored row still has the status and rating of before (conditional
// update: a second completion or rating is a Conflict, not a second
// addition to the track record).
func (s *MatchingStore) UpdateEngagement(ctx context.Context, before, g *matching.Engagement) error {
	res, err := s.w.ExecContext(ctx, `UPDATE engagements SET status = $1, completed_at = $2, rating = $3, rating_comment = $4, rated_at = $5
		WHERE id = $6 AND status = $7 AND rating = $8`, string(g.Status), nullTime(g.CompletedAt), g.Rating, g.RatingComment, nullTime(g.RatedAt),
		int64(g.ID), string(before.Status), before.Rating)
	if err != nil {
		return translate(err, "update engagement")
	}
	return changed(res, "update engagement", "Hợp đồng này vừa được cập nhật (đã hoàn thành hoặc đã đánh giá). Vui lòng tải lại trang.",
		"This engagement was just updated (completed or rated). Please reload the page.")
}

// AddTrackRecord adds d to an expert's counters and touches updated_at;
// the counters' trigger bumps matching_version.counters (so that the
// ranking refreshes its counters).
func (s *MatchingStore) AddTrackRecord(ctx context.Context, id matching.ExpertID, d matching.TrackDelta, at time.Time) error {
	res, err := s.w.ExecContext(ctx, `UPDATE experts SET active_engagements = CASE WHEN active_engagements + $1 < 0 THEN 0 ELSE active_engagements + $1 END,
		engagements_completed = engagements_completed + $2, rating_sum = rating_sum + $3, rating_count = rating_count + $4,
		updated_at = $5 WHERE id = $6`, d.Active, d.Completed, d.RatingSum, d.RatingCount, utc(at), int64(id))
	if err != nil {
		return translate(err, "add track record")
	}
	return oneRow(res, "add track record")
}
