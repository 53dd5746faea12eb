package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/directory"
	"nscl/internal/vn"
)

// DirectoryStore keeps the directory of experts and organisations.
type DirectoryStore struct {
	conn
}

var _ directory.Store = (*DirectoryStore)(nil)

// Directory returns the directory store.
func (db *DB) Directory() *DirectoryStore { return &DirectoryStore{db.conn()} }

// Tx runs fn with a store bound to one transaction (or to the current one).
func (s *DirectoryStore) Tx(ctx context.Context, fn func(directory.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&DirectoryStore{c}) })
}

// AddAudit writes an audit entry, in the current transaction if any.
func (s *DirectoryStore) AddAudit(ctx context.Context, e audit.Entry) error {
	return s.addAudit(ctx, e)
}

const expertFields = `user_id, organisation_id, kind, name, name_folded, title, email, id_number, phone, province_code,
	languages, bio, capacity, public_fields, consents, status, created_at, updated_at, search_folded, listed`

const expertFieldCount = 20

const expertColumns = `e.id, e.user_id, e.organisation_id, e.kind, e.name, e.title, e.email, e.id_number, e.phone,
	e.province_code, e.languages, e.bio, e.capacity, e.active_engagements, e.engagements_completed, e.rating_sum,
	e.rating_count, e.public_fields, e.consents, e.status, e.created_at, e.updated_at, COALESCE(o.name, '')`

const expertFrom = ` FROM experts e LEFT JOIN organisations o ON o.id = e.organisation_id`

func joinStrings[T ~string](xs []T) string {
	ss := make([]string, len(xs))
	for i, x := range xs {
		ss[i] = string(x)
	}
	return strings.Join(ss, ",")
}

func splitStrings[T ~string](s string) []T {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]T, len(parts))
	for i, p := range parts {
		out[i] = T(p)
	}
	return out
}

func listedFlag(e *directory.Expert) int {
	if e.Listed() {
		return 1
	}
	return 0
}

// orgWords is the organisation's search text in e's search text: only
// when the expert made their organisation public, so that a search cannot
// tell the organisation of an expert who hid it.
func orgWords(e *directory.Expert, orgFolded string) string {
	if !e.IsPublic(directory.FieldOrganisation) {
		return ""
	}
	return orgFolded
}

func expertArgs(args []any, e *directory.Expert, orgFolded string) []any {
	folded := vn.Fold(e.Name)
	search := folded
	if of := orgWords(e, orgFolded); of != "" {
		search += " " + of
	}
	return append(args, nullInt64(int64(e.UserID)), nullInt64(int64(e.OrganisationID)), string(e.Kind), e.Name, folded,
		e.Title, e.Email, e.IDNumber, e.Phone, e.ProvinceCode, strings.Join(e.Languages, ","), e.Bio, e.Capacity,
		joinStrings(e.Public), joinStrings(e.Consents), string(e.Status), utc(e.CreatedAt), utc(e.UpdatedAt), search, listedFlag(e))
}

func scanExpert(sc interface{ Scan(...any) error }) (*directory.Expert, error) {
	var e directory.Expert
	var user, org sql.NullInt64
	var kind, langs, public, consents, status string
	var created, updated sql.NullTime
	if err := sc.Scan(&e.ID, &user, &org, &kind, &e.Name, &e.Title, &e.Email, &e.IDNumber, &e.Phone, &e.ProvinceCode,
		&langs, &e.Bio, &e.Capacity, &e.ActiveEngagements, &e.EngagementsCompleted, &e.RatingSum, &e.RatingCount,
		&public, &consents, &status, &created, &updated, &e.OrganisationName); err != nil {
		return nil, err
	}
	e.UserID, e.OrganisationID, e.Kind, e.Status = auth.UserID(user.Int64), directory.OrganisationID(org.Int64), directory.Kind(kind), directory.Status(status)
	e.Languages = splitStrings[string](langs)
	e.Public = splitStrings[directory.PublicField](public)
	e.Consents = splitStrings[directory.Purpose](consents)
	e.CreatedAt, e.UpdatedAt = timeOf(created), timeOf(updated)
	return &e, nil
}

// expertSearch is what the search index holds of an expert: the folded
// name and organisation (when public), and the filter tags.
func expertSearch(e *directory.Expert, orgFolded string) (words string, tags []string) {
	words = vn.Fold(e.Name)
	if of := orgWords(e, orgFolded); of != "" {
		words += " " + of
	}
	return words, expertTags(e)
}

// expertTags are the filter tags of e (see the 0008 migration): the same
// names on both databases, with ":" between the parts (SQLite's index reads
// them without it, see ftsTag).
func expertTags(e *directory.Expert) []string {
	tags := make([]string, 0, 2+3*len(e.Tools)+len(e.Sectors)+len(e.Provinces))
	if e.Listed() {
		tags = append(tags, "l:1")
	}
	tags = append(tags, "k:"+string(e.Kind))
	for _, t := range e.Tools {
		tags = append(tags, "t:"+string(t.Tool))
		for l := directory.LevelConsultant; l <= t.Level; l++ {
			tags = append(tags, fmt.Sprintf("t:%s:%d", t.Tool, l))
		}
	}
	for _, sc := range e.Sectors {
		tags = append(tags, "s:"+sc)
	}
	for _, p := range e.Provinces {
		tags = append(tags, "p:"+p)
	}
	return tags
}

// ftsTag is a tag as one token of SQLite's index: letters and digits only
// (anything else is dropped, so that a filter value is always one token).
func ftsTag(tag string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, tag)
}

// searchTerms are the PostgreSQL search_terms of an expert: every prefix of
// every word, then the tags.
func searchTermsOf(words string, tags []string) []string {
	ws := searchWords(words)
	terms := make([]string, 0, 6*len(ws)+len(tags))
	seen := make(map[string]bool, 6*len(ws))
	for _, w := range ws {
		for i := 1; i <= len(w); i++ {
			if p := w[:i]; !seen[p] {
				seen[p] = true
				terms = append(terms, p)
			}
		}
	}
	return append(terms, tags...)
}

// expertWriteFields are the written columns: expertFields, and search_terms
// on PostgreSQL.
func (c conn) expertWriteFields() (string, int) {
	if c.db.IsPostgres() {
		return expertFields + ", search_terms", expertFieldCount + 1
	}
	return expertFields, expertFieldCount
}

func (c conn) expertWriteArgs(args []any, e *directory.Expert, orgFolded string) []any {
	args = expertArgs(args, e, orgFolded)
	if c.db.IsPostgres() {
		words, tags := expertSearch(e, orgFolded)
		args = append(args, searchTermsOf(words, tags))
	}
	return args
}

// indexExperts writes SQLite's search index of es (PostgreSQL keeps it in
// the row). replace removes the old entries first.
func (c conn) indexExperts(ctx context.Context, es []*directory.Expert, orgs map[directory.OrganisationID]string, replace bool) error {
	if c.db.IsPostgres() || len(es) == 0 {
		return nil
	}
	rows := make([][]any, len(es))
	for i, e := range es {
		if replace {
			if _, err := c.w.ExecContext(ctx, `DELETE FROM experts_fts WHERE rowid = $1`, int64(e.ID)); err != nil {
				return translate(err, "unindex expert")
			}
		}
		words, tags := expertSearch(e, orgs[e.OrganisationID])
		ts := make([]string, len(tags))
		for j, t := range tags {
			ts[j] = ftsTag(t)
		}
		rows[i] = []any{int64(e.ID), words, strings.Join(ts, " ")}
	}
	return c.bulkInsert(ctx, "experts_fts", "rowid, words, tags", 3, rows)
}

// orgFolded is the search text an expert takes from their organisation.
func (c conn) orgFolded(ctx context.Context, id directory.OrganisationID) (string, error) {
	if id == 0 {
		return "", nil
	}
	var name, short string
	err := c.w.QueryRowContext(ctx, `SELECT name_folded, short_name FROM organisations WHERE id = $1`, int64(id)).Scan(&name, &short)
	if err != nil {
		return "", translate(err, "find organisation")
	}
	if short != "" {
		name += " " + vn.Fold(short)
	}
	return name, nil
}

// allOrgFolded fills m with the search text of every organisation.
func (c conn) allOrgFolded(ctx context.Context, m map[directory.OrganisationID]string) error {
	rows, err := c.w.QueryContext(ctx, `SELECT id, name_folded, short_name FROM organisations`)
	if err != nil {
		return translate(err, "read organisations")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name, short string
		if err := rows.Scan(&id, &name, &short); err != nil {
			return translate(err, "read organisations")
		}
		if short != "" {
			name += " " + vn.Fold(short)
		}
		m[directory.OrganisationID(id)] = name
	}
	return translate(rows.Err(), "read organisations")
}

// nextIDs reserves n ids of table: from the sequence on PostgreSQL, after
// the largest on SQLite (whose write transaction holds the only lock).
func (c conn) nextIDs(ctx context.Context, table string, n int) (int64, error) {
	if n == 0 {
		return 0, nil
	}
	if c.db.IsPostgres() {
		var first, last int64
		err := c.w.QueryRowContext(ctx, `SELECT MIN(v), MAX(v) FROM (SELECT nextval(pg_get_serial_sequence('`+table+`', 'id')) AS v
			FROM generate_series(1, $1)) s`, n).Scan(&first, &last)
		if err != nil {
			return 0, translate(err, "reserve ids of "+table)
		}
		if last-first+1 == int64(n) {
			return first, nil
		}
		// Another session took numbers in between: take a fresh run
		// beyond both, under a lock of the table.
		if _, err := c.w.ExecContext(ctx, `LOCK TABLE `+table+` IN EXCLUSIVE MODE`); err != nil {
			return 0, translate(err, "lock "+table)
		}
		var next int64
		if err := c.w.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM `+table).Scan(&next); err != nil {
			return 0, translate(err, "next id of "+table)
		}
		next = max(next, last+1)
		_, err = c.w.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), $1)`, next+int64(n)-1)
		return next, translate(err, "advance sequence of "+table)
	}
	var next int64
	err := c.w.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM `+table).Scan(&next)
	return next, translate(err, "next id of "+table)
}

// bulkInsert inserts rows (each of len(cols) values) into table in
// multi-row statements.
func (c conn) bulkInsert(ctx context.Context, table, cols string, ncols int, rows [][]any) error {
	const maxParams = 30000
	per := max(1, min(256, maxParams/ncols))
	args := make([]any, 0, per*ncols)
	for start := 0; start < len(rows); start += per {
		batch := rows[start:min(start+per, len(rows))]
		args = args[:0]
		for _, r := range batch {
			args = append(args, r...)
		}
		q := bulkValues(c.db.dialect, `INSERT INTO `+table+` (`+cols+`) VALUES `, len(batch), ncols)
		if _, err := c.w.ExecContext(ctx, q, args...); err != nil {
			return translate(err, "insert into "+table)
		}
	}
	return nil
}

// expertRows returns the rows of the expert's tools, sectors, provinces
// and credentials.
func expertRows(e *directory.Expert, tools, sectors, provs, creds *[][]any) {
	id := int64(e.ID)
	for _, t := range e.Tools {
		*tools = append(*tools, []any{id, string(t.Tool), int(t.Level)})
	}
	for _, sct := range e.Sectors {
		*sectors = append(*sectors, []any{id, sct})
	}
	for _, p := range e.Provinces {
		*provs = append(*provs, []any{id, p})
	}
	for _, cr := range e.Credentials {
		*creds = append(*creds, []any{id, cr.Title, cr.Issuer, cr.IssuedOn, cr.ExpiresOn})
	}
}

func (c conn) insertExpertRows(ctx context.Context, tools, sectors, provs, creds [][]any) error {
	if err := c.bulkInsert(ctx, "expert_tools", "expert_id, tool_code, level", 3, tools); err != nil {
		return err
	}
	if err := c.bulkInsert(ctx, "expert_sectors", "expert_id, industry", 2, sectors); err != nil {
		return err
	}
	if err := c.bulkInsert(ctx, "expert_provinces", "expert_id, province_code", 2, provs); err != nil {
		return err
	}
	return c.bulkInsert(ctx, "expert_credentials", "expert_id, title, issuer, issued_on, expires_on", 5, creds)
}

// CreateExpert inserts e and its rows and sets e.ID.
func (s *DirectoryStore) CreateExpert(ctx context.Context, e *directory.Expert) error {
	return s.CreateExperts(ctx, []*directory.Expert{e})
}

// CreateExperts inserts es and their rows in one transaction, filling the
// ids.
func (s *DirectoryStore) CreateExperts(ctx context.Context, es []*directory.Expert) error {
	return s.inTx(ctx, func(c conn) error {
		next, err := c.nextIDs(ctx, "experts", len(es))
		if err != nil {
			return err
		}
		orgs := map[directory.OrganisationID]string{}
		if len(es) > 100 { // a bulk load: read every organisation's search text at once
			if err := c.allOrgFolded(ctx, orgs); err != nil {
				return err
			}
		}
		var rows, tools, sectors, provs, creds [][]any
		for i, e := range es {
			e.ID = directory.ExpertID(next + int64(i))
			of, ok := orgs[e.OrganisationID]
			if !ok {
				if of, err = c.orgFolded(ctx, e.OrganisationID); err != nil {
					return err
				}
				orgs[e.OrganisationID] = of
			}
			rows = append(rows, c.expertWriteArgs([]any{int64(e.ID)}, e, of))
			expertRows(e, &tools, &sectors, &provs, &creds)
		}
		fields, n := c.expertWriteFields()
		if err := c.bulkInsert(ctx, "experts", "id, "+fields, n+1, rows); err != nil {
			return err
		}
		if err := c.insertExpertRows(ctx, tools, sectors, provs, creds); err != nil {
			return err
		}
		return c.indexExperts(ctx, es, orgs, false)
	})
}

// UpdateExpert writes e's fields (not the track record) and replaces its
// rows.
func (s *DirectoryStore) UpdateExpert(ctx context.Context, e *directory.Expert) error {
	return s.inTx(ctx, func(c conn) error {
		of, err := c.orgFolded(ctx, e.OrganisationID)
		if err != nil {
			return err
		}
		return c.updateExpert(ctx, e, of)
	})
}

func (c conn) updateExpert(ctx context.Context, e *directory.Expert, of string) error {
	args := c.expertWriteArgs(nil, e, of)
	terms := ""
	if c.db.IsPostgres() {
		terms = ", search_terms = $22"
	}
	res, err := c.w.ExecContext(ctx, `UPDATE experts SET user_id = $2, organisation_id = $3, kind = $4, name = $5,
			name_folded = $6, title = $7, email = $8, id_number = $9, phone = $10, province_code = $11, languages = $12,
			bio = $13, capacity = $14, public_fields = $15, consents = $16, status = $17, created_at = $18,
			updated_at = $19, search_folded = $20, listed = $21`+terms+` WHERE id = $1`, append([]any{int64(e.ID)}, args...)...)
	if err != nil {
		return translate(err, "update expert")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return translate(sql.ErrNoRows, "update expert")
	}
	for _, t := range []string{"expert_tools", "expert_sectors", "expert_provinces", "expert_credentials"} {
		if _, err := c.w.ExecContext(ctx, `DELETE FROM `+t+` WHERE expert_id = $1`, int64(e.ID)); err != nil {
			return translate(err, "clear "+t)
		}
	}
	var tools, sectors, provs, creds [][]any
	expertRows(e, &tools, &sectors, &provs, &creds)
	if err := c.insertExpertRows(ctx, tools, sectors, provs, creds); err != nil {
		return err
	}
	return c.indexExperts(ctx, []*directory.Expert{e}, map[directory.OrganisationID]string{e.OrganisationID: of}, true)
}

func (s *DirectoryStore) findExpert(ctx context.Context, cond string, arg any) (*directory.Expert, error) {
	e, err := scanExpert(s.r.QueryRowContext(ctx, `SELECT `+expertColumns+expertFrom+` WHERE `+cond, arg))
	if err != nil {
		return nil, translate(err, "find expert")
	}
	if err := s.loadRows(ctx, []*directory.Expert{e}, true); err != nil {
		return nil, err
	}
	return e, nil
}

// FindExpert returns the expert with id and all its rows.
func (s *DirectoryStore) FindExpert(ctx context.Context, id directory.ExpertID) (*directory.Expert, error) {
	return s.findExpert(ctx, "e.id = $1", int64(id))
}

// FindExpertByUser returns the expert profile of a user account.
func (s *DirectoryStore) FindExpertByUser(ctx context.Context, user auth.UserID) (*directory.Expert, error) {
	return s.findExpert(ctx, "e.user_id = $1", int64(user))
}

// FindExpertIDByEmail returns the id of the expert with email.
func (s *DirectoryStore) FindExpertIDByEmail(ctx context.Context, email string) (directory.ExpertID, error) {
	var id int64
	err := s.r.QueryRowContext(ctx, `SELECT id FROM experts WHERE email = $1`, email).Scan(&id)
	return directory.ExpertID(id), translate(err, "find expert by email")
}

// FindExpertIDByIDNumber returns the id of the expert with the ID number.
func (s *DirectoryStore) FindExpertIDByIDNumber(ctx context.Context, idNumber string) (directory.ExpertID, error) {
	var id int64
	err := s.r.QueryRowContext(ctx, `SELECT id FROM experts WHERE id_number = $1`, idNumber).Scan(&id)
	return directory.ExpertID(id), translate(err, "find expert by ID number")
}

// loadRows fills the tools, sectors and provinces (and the credentials
// when creds) of es.
func (s *DirectoryStore) loadRows(ctx context.Context, es []*directory.Expert, creds bool) error {
	if len(es) == 0 {
		return nil
	}
	byID := make(map[int64]*directory.Expert, len(es))
	var in strings.Builder
	args := make([]any, 0, len(es))
	for i, e := range es {
		byID[int64(e.ID)] = e
		if i > 0 {
			in.WriteByte(',')
		}
		fmt.Fprintf(&in, "$%d", i+1)
		args = append(args, int64(e.ID))
		e.Tools, e.Sectors, e.Provinces = []directory.Expertise{}, []string{}, []string{}
		if creds {
			e.Credentials = []directory.Credential{}
		}
	}
	ids := in.String()
	each := func(q string, scan func(rows *sql.Rows) error) error {
		rows, err := s.r.QueryContext(ctx, q, args...)
		if err != nil {
			return translate(err, "load expert rows")
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return translate(err, "scan expert rows")
			}
		}
		return translate(rows.Err(), "load expert rows")
	}
	if err := each(`SELECT expert_id, tool_code, level FROM expert_tools WHERE expert_id IN (`+ids+`) ORDER BY expert_id, level DESC, tool_code`,
		func(rows *sql.Rows) error {
			var id int64
			var x directory.Expertise
			var tool string
			if err := rows.Scan(&id, &tool, &x.Level); err != nil {
				return err
			}
			x.Tool = catalog.ToolCode(tool)
			byID[id].Tools = append(byID[id].Tools, x)
			return nil
		}); err != nil {
		return err
	}
	if err := each(`SELECT expert_id, industry FROM expert_sectors WHERE expert_id IN (`+ids+`) ORDER BY expert_id, industry`,
		func(rows *sql.Rows) error {
			var id int64
			var v string
			if err := rows.Scan(&id, &v); err != nil {
				return err
			}
			byID[id].Sectors = append(byID[id].Sectors, v)
			return nil
		}); err != nil {
		return err
	}
	if err := each(`SELECT expert_id, province_code FROM expert_provinces WHERE expert_id IN (`+ids+`) ORDER BY expert_id, province_code`,
		func(rows *sql.Rows) error {
			var id int64
			var v string
			if err := rows.Scan(&id, &v); err != nil {
				return err
			}
			byID[id].Provinces = append(byID[id].Provinces, v)
			return nil
		}); err != nil {
		return err
	}
	if !creds {
		return nil
	}
	return each(`SELECT expert_id, title, issuer, issued_on, expires_on FROM expert_credentials WHERE expert_id IN (`+ids+`) ORDER BY expert_id, id`,
		func(rows *sql.Rows) error {
			var id int64
			var c directory.Credential
			if err := rows.Scan(&id, &c.Title, &c.Issuer, &c.IssuedOn, &c.ExpiresOn); err != nil {
				return err
			}
			byID[id].Credentials = append(byID[id].Credentials, c)
			return nil
		})
}

// wordSearch adds "each word is a prefix of a word of col" to w.
func (s *DirectoryStore) wordSearch(w *where, col string, words []string) {
	if len(words) == 0 {
		return
	}
	if s.db.IsPostgres() {
		q := make([]string, len(words))
		for i, word := range words {
			q[i] = word + ":*"
		}
		w.add("to_tsvector('simple', "+col+") @@ to_tsquery('simple', ?)", strings.Join(q, " & "))
		return
	}
	for _, word := range words {
		w.add("(' ' || "+col+") LIKE ? ESCAPE '\\'", "% "+likePrefix(word))
	}
}

// expertWhere builds the condition of f. Words of two letters or more and
// the tool, sector and province filters go to the search index, where they
// intersect; one-letter words (whose posting lists are most of the
// directory) join them only when nothing else narrows the selection, and
// are otherwise checked on the selected rows. The listed and kind filters
// are column conditions, which the indexes in name order serve. fts is
// SQLite's index query ("" when the index is not used).
func (s *DirectoryStore) expertWhere(f directory.ExpertFilter) (w where, fts string, indexed bool) {
	var long, short, tags []string
	for _, word := range searchWords(f.Query) {
		if len(word) > 1 {
			long = append(long, word)
		} else {
			short = append(short, word)
		}
	}
	if f.Tool != "" {
		if f.MinLevel > directory.LevelPractitioner {
			tags = append(tags, fmt.Sprintf("t:%s:%d", f.Tool, f.MinLevel))
		} else {
			tags = append(tags, "t:"+string(f.Tool))
		}
	}
	if f.Sector != "" {
		tags = append(tags, "s:"+f.Sector)
	}
	if f.Province != "" {
		tags = append(tags, "p:"+f.Province)
	}
	if len(long) == 0 && len(tags) == 0 {
		long, short = short, nil
	}
	if f.ListedOnly {
		w.add("e.listed = 1")
	}
	if f.Kind != "" {
		w.add("e.kind = ?", string(f.Kind))
	}
	if len(long) > 0 || len(tags) > 0 {
		indexed = true
		if s.db.IsPostgres() {
			w.add("e.search_terms @> ?", append(long, tags...))
		} else {
			q := make([]string, 0, len(long)+len(tags))
			for _, word := range long {
				q = append(q, `words:`+ftsString(word)+`*`)
			}
			for _, t := range tags {
				q = append(q, `tags:`+ftsString(ftsTag(t)))
			}
			fts = strings.Join(q, " AND ")
			w.add("e.id IN (SELECT rowid FROM experts_fts WHERE experts_fts MATCH ?)", fts)
		}
	}
	for _, word := range short {
		w.add("(' ' || e.search_folded) LIKE ?", "% "+word+"%")
	}
	if f.OrganisationID != 0 {
		w.add("e.organisation_id = ?", int64(f.OrganisationID))
		if f.OrgPublicOnly {
			w.add("(',' || e.public_fields || ',') LIKE ?", orgPublicPattern)
		}
	}
	return w, fts, indexed
}

// orgPublicPattern matches the public_fields (comma-joined, see
// joinStrings) of an expert who made their organisation public.
const orgPublicPattern = "%," + string(directory.FieldOrganisation) + ",%"

// ftsString is s as an FTS5 string: in double quotes, a quote doubled, so
// that a value never changes the query.
func ftsString(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// fenceBelow is the selection size under which PostgreSQL's page of an
// indexed search is read by first taking the selection, then sorting it by
// name: the planner otherwise walks the name index and filters every row
// (170 ms for "nguyen van h"); above it, matches are dense enough in name
// order for that walk to stop early.
const fenceBelow = 10_000

// SearchExperts returns a page of experts, by folded name, and the total.
func (s *DirectoryStore) SearchExperts(ctx context.Context, f directory.ExpertFilter) ([]*directory.Expert, int, error) {
	w, _, indexed := s.expertWhere(f)
	total := f.Total
	if total <= 0 {
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM experts e`+w.sql(), w.args...).Scan(&total); err != nil {
			return nil, 0, translate(err, "count experts")
		}
	}
	if total == 0 || f.Offset >= total {
		return []*directory.Expert{}, total, nil
	}
	// The page's ids first, from the narrow columns (sorting a selection of
	// thousands carries only the name and the id), then their rows.
	args := append(w.args, f.Limit, f.Offset)
	page := fmt.Sprintf(` ORDER BY e.name_folded, e.id LIMIT $%d OFFSET $%d`, len(args)-1, len(args))
	q := `SELECT e.id FROM experts e` + w.sql() + page
	if indexed && s.db.IsPostgres() && total < fenceBelow {
		q = `SELECT e.id FROM (SELECT e.id, e.name_folded FROM experts e` + w.sql() + ` OFFSET 0) e` + page
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, translate(err, "search experts")
	}
	var ids []any
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, 0, translate(err, "search experts")
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, translate(err, "search experts")
	}
	if len(ids) == 0 {
		return []*directory.Expert{}, total, nil
	}
	in := make([]string, len(ids))
	for i := range ids {
		in[i] = fmt.Sprintf("$%d", i+1)
	}
	rows, err = s.r.QueryContext(ctx, `SELECT `+expertColumns+expertFrom+` WHERE e.id IN (`+strings.Join(in, ",")+`)`, ids...)
	if err != nil {
		return nil, 0, translate(err, "read experts")
	}
	defer rows.Close()
	byID := make(map[directory.ExpertID]*directory.Expert, len(ids))
	for rows.Next() {
		e, err := scanExpert(rows)
		if err != nil {
			return nil, 0, translate(err, "scan expert")
		}
		byID[e.ID] = e
	}
	if err := rows.Err(); err != nil {
		return nil, 0, translate(err, "read experts")
	}
	rows.Close()
	es := make([]*directory.Expert, 0, len(ids))
	for _, id := range ids {
		if e := byID[directory.ExpertID(id.(int64))]; e != nil {
			es = append(es, e)
		}
	}
	return es, total, s.loadRows(ctx, es, false)
}

// CountListedByProvince counts the listed experts per province served.
func (s *DirectoryStore) CountListedByProvince(ctx context.Context) (map[string]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT p.province_code, COUNT(*) FROM expert_provinces p
		JOIN experts e ON e.id = p.expert_id WHERE e.listed = 1 GROUP BY p.province_code`)
	if err != nil {
		return nil, translate(err, "count experts by province")
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return nil, translate(err, "count experts by province")
		}
		out[code] = n
	}
	return out, translate(rows.Err(), "count experts by province")
}

// AddConsentEvents records consent events.
func (s *DirectoryStore) AddConsentEvents(ctx context.Context, evs []directory.ConsentEvent) error {
	for _, ev := range evs {
		_, err := s.w.ExecContext(ctx, `INSERT INTO expert_consent_events (expert_id, purpose, given, form_version, at, actor_id)
			VALUES ($1, $2, $3, $4, $5, $6)`, int64(ev.ExpertID), string(ev.Purpose), ev.Given, ev.FormVersion, utc(ev.At), nullInt64(int64(ev.ActorID)))
		if err != nil {
			return translate(err, "add consent event")
		}
	}
	return nil
}

// FindConsentEvents returns the consent history of an expert, oldest first.
func (s *DirectoryStore) FindConsentEvents(ctx context.Context, id directory.ExpertID) ([]directory.ConsentEvent, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, expert_id, purpose, given, form_version, at, actor_id
		FROM expert_consent_events WHERE expert_id = $1 ORDER BY id`, int64(id))
	if err != nil {
		return nil, translate(err, "find consent events")
	}
	defer rows.Close()
	var out []directory.ConsentEvent
	for rows.Next() {
		var ev directory.ConsentEvent
		var purpose string
		var at sql.NullTime
		var actor sql.NullInt64
		if err := rows.Scan(&ev.ID, &ev.ExpertID, &purpose, &ev.Given, &ev.FormVersion, &at, &actor); err != nil {
			return nil, translate(err, "scan consent event")
		}
		ev.Purpose, ev.At, ev.ActorID = directory.Purpose(purpose), timeOf(at), auth.UserID(actor.Int64)
		out = append(out, ev)
	}
	return out, translate(rows.Err(), "find consent events")
}

const privacyColumns = `r.id, r.expert_id, r.kind, r.status, r.note, r.requested_at, r.requested_by, r.done_at, r.done_by, e.name`

func scanPrivacy(sc interface{ Scan(...any) error }) (*directory.PrivacyRequest, error) {
	var r directory.PrivacyRequest
	var at, done sql.NullTime
	var by, doneBy sql.NullInt64
	if err := sc.Scan(&r.ID, &r.ExpertID, &r.Kind, &r.Status, &r.Note, &at, &by, &done, &doneBy, &r.ExpertName); err != nil {
		return nil, err
	}
	r.RequestedAt, r.RequestedBy, r.DoneAt, r.DoneBy = timeOf(at), auth.UserID(by.Int64), timePtr(done), auth.UserID(doneBy.Int64)
	return &r, nil
}

// CreatePrivacyRequest inserts r and sets r.ID.
func (s *DirectoryStore) CreatePrivacyRequest(ctx context.Context, r *directory.PrivacyRequest) error {
	err := s.w.QueryRowContext(ctx, `INSERT INTO privacy_requests (expert_id, kind, status, note, requested_at, requested_by)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, int64(r.ExpertID), r.Kind, r.Status, r.Note, utc(r.RequestedAt),
		nullInt64(int64(r.RequestedBy))).Scan(&r.ID)
	return translate(err, "create privacy request")
}

// FindPrivacyRequest returns one request.
func (s *DirectoryStore) FindPrivacyRequest(ctx context.Context, id int64) (*directory.PrivacyRequest, error) {
	r, err := scanPrivacy(s.w.QueryRowContext(ctx, `SELECT `+privacyColumns+` FROM privacy_requests r
		JOIN experts e ON e.id = r.expert_id WHERE r.id = $1`, id))
	return r, translate(err, "find privacy request")
}

// FindPrivacyRequests lists the requests (of one expert when expert is not
// 0), pending first, newest first, and the total.
func (s *DirectoryStore) FindPrivacyRequests(ctx context.Context, expert directory.ExpertID, offset, limit int) ([]*directory.PrivacyRequest, int, error) {
	var w where
	if expert != 0 {
		w.add("r.expert_id = ?", int64(expert))
	}
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM privacy_requests r`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, translate(err, "count privacy requests")
	}
	args := append(w.args, limit, offset)
	rows, err := s.r.QueryContext(ctx, `SELECT `+privacyColumns+` FROM privacy_requests r JOIN experts e ON e.id = r.expert_id`+w.sql()+
		fmt.Sprintf(` ORDER BY CASE r.status WHEN 'pending' THEN 0 ELSE 1 END, r.id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, translate(err, "find privacy requests")
	}
	defer rows.Close()
	var out []*directory.PrivacyRequest
	for rows.Next() {
		r, err := scanPrivacy(rows)
		if err != nil {
			return nil, 0, translate(err, "scan privacy request")
		}
		out = append(out, r)
	}
	return out, total, translate(rows.Err(), "find privacy requests")
}

// UpdatePrivacyRequest writes the status, completion and note of r.
func (s *DirectoryStore) UpdatePrivacyRequest(ctx context.Context, r *directory.PrivacyRequest) error {
	_, err := s.w.ExecContext(ctx, `UPDATE privacy_requests SET status = $1, done_at = $2, done_by = $3, note = $4 WHERE id = $5`,
		r.Status, nullTime(r.DoneAt), nullInt64(int64(r.DoneBy)), r.Note, r.ID)
	return translate(err, "update privacy request")
}

// RedactAudit replaces, in the before and after JSON of the audit entries
// of one object, each non-empty value of fields with mask; it returns how
// many entries it changed. JSON that is not an object is left as it is.
func (s *DirectoryStore) RedactAudit(ctx context.Context, objectType, objectID string, fields []string, mask string) (int, error) {
	n := 0
	err := s.inTx(ctx, func(c conn) error {
		rows, err := c.w.QueryContext(ctx, `SELECT id, before_json, after_json FROM audit_log
			WHERE object_type = $1 AND object_id = $2 ORDER BY id`, objectType, objectID)
		if err != nil {
			return translate(err, "read audit entries")
		}
		type entry struct {
			id            int64
			before, after sql.NullString
		}
		var es []entry
		for rows.Next() {
			var e entry
			if err := rows.Scan(&e.id, &e.before, &e.after); err != nil {
				rows.Close()
				return translate(err, "read audit entries")
			}
			es = append(es, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return translate(err, "read audit entries")
		}
		for _, e := range es {
			b, bc := redactJSON(e.before, fields, mask)
			a, ac := redactJSON(e.after, fields, mask)
			if !bc && !ac {
				continue
			}
			if _, err := c.w.ExecContext(ctx, `UPDATE audit_log SET before_json = $1, after_json = $2 WHERE id = $3`, b, a, e.id); err != nil {
				return translate(err, "redact audit entry")
			}
			n++
		}
		return nil
	})
	return n, err
}

// redactJSON returns js with the non-empty values of fields replaced by
// mask, and whether anything changed.
func redactJSON(js sql.NullString, fields []string, mask string) (sql.NullString, bool) {
	if !js.Valid || js.String == "" {
		return js, false
	}
	dec := json.NewDecoder(strings.NewReader(js.String))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return js, false
	}
	changed := false
	for _, f := range fields {
		v, ok := m[f]
		if !ok || v == nil || v == mask {
			continue
		}
		switch x := v.(type) {
		case string:
			if x == "" {
				continue
			}
		case []any:
			if len(x) == 0 {
				continue
			}
		case map[string]any:
			if len(x) == 0 {
				continue
			}
		}
		m[f], changed = mask, true
	}
	if !changed {
		return js, false
	}
	out, err := json.Marshal(m)
	if err != nil {
		return js, false
	}
	return sql.NullString{String: string(out), Valid: true}, true
}

const orgFields = `kind, name, name_folded, short_name, tax_code, enterprise_id, province_code, address, website, email,
	phone, description, vilas_number, vilas_valid_from, vilas_valid_to, test_scope, equipment, status, created_at, updated_at`

const orgFieldCount = 20

const orgColumns = `o.id, o.kind, o.name, o.short_name, o.tax_code, o.enterprise_id, o.province_code, o.address, o.website,
	o.email, o.phone, o.description, o.vilas_number, o.vilas_valid_from, o.vilas_valid_to, o.test_scope, o.equipment,
	o.status, o.created_at, o.updated_at, (SELECT COUNT(*) FROM experts m WHERE m.organisation_id = o.id AND m.status <> 'anonymised'),
	(SELECT COUNT(*) FROM experts m WHERE m.organisation_id = o.id AND m.listed = 1
		AND (',' || m.public_fields || ',') LIKE '` + orgPublicPattern + `')`

func orgArgs(args []any, o *directory.Organisation) []any {
	return append(args, string(o.Kind), o.Name, vn.Fold(o.Name), o.ShortName, o.TaxCode, nullInt64(o.EnterpriseID),
		o.ProvinceCode, o.Address, o.Website, o.Email, o.Phone, o.Description, o.VILAS, o.ValidFrom, o.ValidTo,
		o.TestScope, o.Equipment, o.Status, utc(o.CreatedAt), utc(o.UpdatedAt))
}

func scanOrg(sc interface{ Scan(...any) error }) (*directory.Organisation, error) {
	var o directory.Organisation
	var kind string
	var ent sql.NullInt64
	var created, updated sql.NullTime
	if err := sc.Scan(&o.ID, &kind, &o.Name, &o.ShortName, &o.TaxCode, &ent, &o.ProvinceCode, &o.Address, &o.Website,
		&o.Email, &o.Phone, &o.Description, &o.VILAS, &o.ValidFrom, &o.ValidTo, &o.TestScope, &o.Equipment, &o.Status,
		&created, &updated, &o.Members, &o.PublicMembers); err != nil {
		return nil, err
	}
	o.Kind, o.EnterpriseID, o.CreatedAt, o.UpdatedAt = directory.OrgKind(kind), ent.Int64, timeOf(created), timeOf(updated)
	return &o, nil
}

// CreateOrganisation inserts o and sets o.ID.
func (s *DirectoryStore) CreateOrganisation(ctx context.Context, o *directory.Organisation) error {
	return s.CreateOrganisations(ctx, []*directory.Organisation{o})
}

// CreateOrganisations inserts os in one transaction, filling the ids.
func (s *DirectoryStore) CreateOrganisations(ctx context.Context, os []*directory.Organisation) error {
	return s.inTx(ctx, func(c conn) error {
		next, err := c.nextIDs(ctx, "organisations", len(os))
		if err != nil {
			return err
		}
		rows := make([][]any, len(os))
		for i, o := range os {
			o.ID = directory.OrganisationID(next + int64(i))
			rows[i] = orgArgs([]any{int64(o.ID)}, o)
		}
		return c.bulkInsert(ctx, "organisations", "id, "+orgFields, orgFieldCount+1, rows)
	})
}

// UpdateOrganisation writes o and refreshes its members' search text.
func (s *DirectoryStore) UpdateOrganisation(ctx context.Context, o *directory.Organisation) error {
	return s.inTx(ctx, func(c conn) error {
		args := orgArgs(nil, o)
		res, err := c.w.ExecContext(ctx, `UPDATE organisations SET kind = $1, name = $2, name_folded = $3, short_name = $4,
			tax_code = $5, enterprise_id = $6, province_code = $7, address = $8, website = $9, email = $10, phone = $11,
			description = $12, vilas_number = $13, vilas_valid_from = $14, vilas_valid_to = $15, test_scope = $16,
			equipment = $17, status = $18, created_at = $19, updated_at = $20 WHERE id = $21`, append(args, int64(o.ID))...)
		if err != nil {
			return translate(err, "update organisation")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return translate(sql.ErrNoRows, "update organisation")
		}
		of, err := c.orgFolded(ctx, o.ID)
		if err != nil {
			return err
		}
		// The members' search text holds the organisation's name.
		rows, err := c.r.QueryContext(ctx, `SELECT id FROM experts WHERE organisation_id = $1`, int64(o.ID))
		if err != nil {
			return translate(err, "find members")
		}
		var ids []directory.ExpertID
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return translate(err, "find members")
			}
			ids = append(ids, directory.ExpertID(id))
		}
		rows.Close()
		ds := &DirectoryStore{c}
		for _, id := range ids {
			e, err := ds.FindExpert(ctx, id)
			if err != nil {
				return err
			}
			if err := c.updateExpert(ctx, e, of); err != nil {
				return err
			}
		}
		return nil
	})
}

// ReindexHiddenOrganisations re-indexes the experts whose search text still
// holds the name of an organisation they did not make public (written
// before the search respected that choice): at most limit of them with an
// id above after, in id order. It returns the last id it re-indexed (0 when
// none). An expert's search_folded is their name_folded unless their
// organisation is public, which finds them.
func (s *DirectoryStore) ReindexHiddenOrganisations(ctx context.Context, after directory.ExpertID, limit int) (directory.ExpertID, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id FROM experts WHERE id > $1 AND search_folded <> name_folded
		AND (',' || public_fields || ',') NOT LIKE $2 ORDER BY id LIMIT $3`, int64(after), orgPublicPattern, limit)
	if err != nil {
		return 0, translate(err, "find experts to re-index")
	}
	var ids []directory.ExpertID
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, translate(err, "find experts to re-index")
		}
		ids = append(ids, directory.ExpertID(id))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, translate(err, "find experts to re-index")
	}
	err = s.inTx(ctx, func(c conn) error {
		ds := &DirectoryStore{c}
		for _, id := range ids {
			e, err := ds.FindExpert(ctx, id)
			if err != nil {
				return err
			}
			if err := c.updateExpert(ctx, e, ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return ids[len(ids)-1], nil
}

// FindOrganisation returns one organisation with its member count.
func (s *DirectoryStore) FindOrganisation(ctx context.Context, id directory.OrganisationID) (*directory.Organisation, error) {
	o, err := scanOrg(s.r.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations o WHERE o.id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, "find organisation")
	}
	return o, nil
}

// SearchOrganisations returns a page of organisations by folded name and
// the total.
func (s *DirectoryStore) SearchOrganisations(ctx context.Context, f directory.OrgFilter) ([]*directory.Organisation, int, error) {
	var w where
	if words := searchWords(f.Query); len(words) > 0 {
		if s.db.IsPostgres() {
			s.wordSearch(&w, "o.name_folded || ' ' || o.short_name", words)
		} else {
			for _, word := range words {
				w.add("(' ' || o.name_folded || ' ' || lower(o.short_name)) LIKE ? ESCAPE '\\'", "% "+likePrefix(word))
			}
		}
	}
	if f.Kind != "" {
		w.add("o.kind = ?", string(f.Kind))
	}
	if f.Province != "" {
		w.add("o.province_code = ?", f.Province)
	}
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations o`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, translate(err, "count organisations")
	}
	if total == 0 || f.Offset >= total {
		return []*directory.Organisation{}, total, nil
	}
	args := append(w.args, f.Limit, f.Offset)
	rows, err := s.r.QueryContext(ctx, `SELECT `+orgColumns+` FROM organisations o`+w.sql()+
		fmt.Sprintf(` ORDER BY o.name_folded, o.id LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, translate(err, "search organisations")
	}
	defer rows.Close()
	out := make([]*directory.Organisation, 0, f.Limit)
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, 0, translate(err, "scan organisation")
		}
		out = append(out, o)
	}
	return out, total, translate(rows.Err(), "search organisations")
}

// EnterpriseIDByTaxCode returns the id of the registry enterprise with the
// tax code, for linking organisations (directory.EnterpriseLookup).
func (s *DirectoryStore) EnterpriseIDByTaxCode(ctx context.Context, taxCode string) (int64, error) {
	var id int64
	err := s.r.QueryRowContext(ctx, `SELECT id FROM enterprises WHERE tax_code = $1`, taxCode).Scan(&id)
	if err != nil {
		return 0, translate(err, "find enterprise by tax code")
	}
	return id, nil
}

// AddConsentEventsBulk records many consent events in multi-row
// statements (demo data, imports).
func (s *DirectoryStore) AddConsentEventsBulk(ctx context.Context, evs []directory.ConsentEvent) error {
	rows := make([][]any, len(evs))
	for i, ev := range evs {
		rows[i] = []any{int64(ev.ExpertID), string(ev.Purpose), ev.Given, ev.FormVersion, utc(ev.At), nullInt64(int64(ev.ActorID))}
	}
	return s.inTx(ctx, func(c conn) error {
		return c.bulkInsert(ctx, "expert_consent_events", "expert_id, purpose, given, form_version, at, actor_id", 6, rows)
	})
}

// Analyze refreshes the planner's statistics of the directory tables
// (after a bulk load).
func (s *DirectoryStore) Analyze(ctx context.Context) error {
	cmd := "ANALYZE "
	if s.db.IsPostgres() {
		cmd = "VACUUM (ANALYZE) " // also the visibility map, for index-only counts
	}
	for _, t := range []string{"organisations", "experts", "expert_tools", "expert_sectors", "expert_provinces"} {
		if _, err := s.w.ExecContext(ctx, cmd+t); err != nil {
			return translate(err, "analyze "+t)
		}
	}
	return nil
}
