package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// RegistryStore keeps the enterprise registry.
type RegistryStore struct {
	conn
}

var _ registry.Store = (*RegistryStore)(nil)

// Registry returns the enterprise registry store.
func (db *DB) Registry() *RegistryStore { return &RegistryStore{db.conn()} }

// Tx runs fn with a store bound to one transaction (or to the current one).
func (s *RegistryStore) Tx(ctx context.Context, fn func(registry.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&RegistryStore{c}) })
}

// AddAudit writes an audit entry, in the current transaction if any.
func (s *RegistryStore) AddAudit(ctx context.Context, e audit.Entry) error { return s.addAudit(ctx, e) }

// enterpriseFields are the written columns, in the order of enterpriseArgs.
const enterpriseFields = `tax_code, parent_id, name, name_en, short_name, province_code, commune, address, vsic, vsic_edition,
	section, industry, ownership, founded_on, email, phone, website, contact_person, public_fields, status,
	judge_sector_specific, judge_replicable, judge_note, judged_by, judged_at, latest_year, size_class, employees,
	created_at, updated_at, name_folded`

const enterpriseFieldCount = 31

const enterpriseColumns = `e.id, e.tax_code, e.parent_id, e.name, e.name_en, e.short_name, e.province_code, e.commune, e.address,
	e.vsic, e.vsic_edition, e.section, e.industry, e.ownership, e.founded_on, e.email, e.phone, e.website,
	e.contact_person, e.public_fields, e.status, e.judge_sector_specific, e.judge_replicable, e.judge_note,
	e.judged_by, e.judged_at, e.latest_year, e.size_class, e.employees, e.created_at, e.updated_at`

// writeFields returns the columns the dialect writes for an enterprise and
// their count: enterpriseFields, and search_terms on PostgreSQL.
func writeFields(d dialect) (string, int) {
	if d.storesSearchTerms() {
		return enterpriseFields + `, search_terms`, enterpriseFieldCount + 1
	}
	return enterpriseFields, enterpriseFieldCount
}

// writeArgs appends the values of writeFields(d) for e to args.
func writeArgs(d dialect, args []any, e *registry.Enterprise, folded string) []any {
	args = enterpriseArgs(args, e, folded)
	if d.storesSearchTerms() {
		args = append(args, SearchTerms(e, folded))
	}
	return args
}

// SearchTerms returns the search_terms of e (PostgreSQL, see migration
// 0011): every prefix of every word of the folded name, then the filter
// tags. The migration computes the same in SQL; a test compares them. It is
// exported for the import benchmark's reference loader (bench/import).
func SearchTerms(e *registry.Enterprise, folded string) []string {
	words := searchWords(folded)
	terms := make([]string, 0, 8*len(words)+6)
	seen := make(map[string]bool, 8*len(words))
	for _, w := range words {
		for i := range w {
			if i == 0 {
				continue
			}
			if p := w[:i]; !seen[p] {
				seen[p] = true
				terms = append(terms, p)
			}
		}
		if !seen[w] {
			seen[w] = true
			terms = append(terms, w)
		}
	}
	zero := func(v string) string {
		if v == "" {
			return "0"
		}
		return v
	}
	division := "0"
	if len(e.VSIC) >= 2 {
		division = e.VSIC[:2]
	}
	return append(terms, "p:"+zero(e.ProvinceCode), "i:"+zero(string(e.Industry)), "s:"+zero(string(e.SizeClass)),
		"o:"+zero(string(e.Ownership)), "st:"+string(e.Status), "v:"+division)
}

func enterpriseArgs(args []any, e *registry.Enterprise, folded string) []any {
	var judgedAt any
	if e.Judgement.At != nil {
		judgedAt = utc(*e.Judgement.At)
	}
	return append(args, e.TaxCode, nullInt64(int64(e.ParentID)), e.Name, e.NameEN, e.ShortName, e.ProvinceCode, e.Commune,
		e.Address, e.VSIC, int(e.VSICEdition), e.Section, string(e.Industry), string(e.Ownership), e.FoundedOn,
		e.Contact.Email, e.Contact.Phone, e.Contact.Website, e.Contact.Person, joinPublic(e.Public), string(e.Status),
		nullBool(e.Judgement.SectorSpecific), nullBool(e.Judgement.Replicable), e.Judgement.Note,
		nullInt64(int64(e.Judgement.By)), judgedAt, e.LatestYear, string(e.SizeClass), e.Employees,
		e.CreatedAt, e.UpdatedAt, folded)
}

func nullBool(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

func boolPtr(nb sql.NullBool) *bool {
	if !nb.Valid {
		return nil
	}
	v := nb.Bool
	return &v
}

func joinPublic(fs []registry.PublicField) string {
	ss := make([]string, len(fs))
	for i, f := range fs {
		ss[i] = string(f)
	}
	return strings.Join(ss, ",")
}

func splitPublic(s string) []registry.PublicField {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	fs := make([]registry.PublicField, len(parts))
	for i, p := range parts {
		fs[i] = registry.PublicField(p)
	}
	return fs
}

func scanEnterprise(s interface{ Scan(...any) error }, extra ...any) (*registry.Enterprise, error) {
	var e registry.Enterprise
	var parent, judgedBy sql.NullInt64
	var sector, repl sql.NullBool
	var judgedAt, created, updated sql.NullTime
	var edition int
	var industry, ownership, public, status, size string
	dest := append([]any{&e.ID, &e.TaxCode, &parent, &e.Name, &e.NameEN, &e.ShortName, &e.ProvinceCode, &e.Commune,
		&e.Address, &e.VSIC, &edition, &e.Section, &industry, &ownership, &e.FoundedOn, &e.Contact.Email,
		&e.Contact.Phone, &e.Contact.Website, &e.Contact.Person, &public, &status, &sector, &repl,
		&e.Judgement.Note, &judgedBy, &judgedAt, &e.LatestYear, &size, &e.Employees, &created, &updated}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	e.ParentID, e.VSICEdition = registry.EnterpriseID(parent.Int64), registry.VSICEdition(edition)
	e.Industry, e.Ownership, e.Status, e.SizeClass = registry.Industry(industry), registry.Ownership(ownership),
		registry.Status(status), registry.SizeClass(size)
	e.Public = splitPublic(public)
	e.Judgement.SectorSpecific, e.Judgement.Replicable = boolPtr(sector), boolPtr(repl)
	e.Judgement.By, e.Judgement.At = auth.UserID(judgedBy.Int64), timePtr(judgedAt)
	e.CreatedAt, e.UpdatedAt = timeOf(created), timeOf(updated)
	return &e, nil
}

// FindEnterpriseByID returns the enterprise with id, or NotFound.
func (s *RegistryStore) FindEnterpriseByID(ctx context.Context, id registry.EnterpriseID) (*registry.Enterprise, error) {
	e, err := scanEnterprise(s.r.QueryRowContext(ctx, `SELECT `+enterpriseColumns+` FROM enterprises e WHERE e.id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find enterprise %d", id))
	}
	return e, nil
}

// FindEnterpriseByTaxCode returns the enterprise with taxCode, or NotFound.
func (s *RegistryStore) FindEnterpriseByTaxCode(ctx context.Context, taxCode string) (*registry.Enterprise, error) {
	e, err := scanEnterprise(s.r.QueryRowContext(ctx, `SELECT `+enterpriseColumns+` FROM enterprises e WHERE e.tax_code = $1`, taxCode))
	if err != nil {
		return nil, translate(err, "find enterprise by tax code "+taxCode)
	}
	return e, nil
}

// looksLikeTaxCode reports whether q is made of digits (and the dash of a
// branch code such as 0101234567-001) with at least one digit.
func looksLikeTaxCode(q string) bool {
	digit := false
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case '0' <= c && c <= '9':
			digit = true
		case c == '-':
		default:
			return false
		}
	}
	return digit
}

// searchWords splits a folded query into the words the name index knows:
// runs of letters and digits (the FTS5 unicode61 and PostgreSQL 'simple'
// tokenizers split the same way on the folded text).
func searchWords(q string) []string {
	return strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// tagColumns maps the search tags (see ftsTags) to their columns.
var tagColumns = map[string]string{"p": "province_code", "i": "industry", "s": "size_class", "o": "ownership", "st": "status"}

// filterTags returns f's equality filters on the denormalised columns as
// search tags ("0" for the empty value).
func filterTags(f registry.Filter) map[string]string {
	tags := map[string]string{}
	tag := func(k, v string) {
		if v == "" {
			v = "0"
		}
		tags[k] = v
	}
	if f.ProvinceCode != "" {
		tag("p", f.ProvinceCode)
	}
	if f.Industry != nil {
		tag("i", string(*f.Industry))
	}
	if f.SizeClass != nil {
		tag("s", string(*f.SizeClass))
	}
	if f.Ownership != nil {
		tag("o", string(*f.Ownership))
	}
	if f.Status != "" {
		tag("st", string(f.Status))
	}
	return tags
}

// enterpriseWhere builds the condition of f. countable reports whether the
// selection is given by tags alone, so that enterprise_counts has its size
// and facets.
func (s *RegistryStore) enterpriseWhere(f registry.Filter) (w where, countable bool) {
	return s.filterWhere(f, false)
}

// filterWhere is enterpriseWhere. With tagIndex, a dialect that keeps the
// tags in its name index (SQLite) matches them there even without name
// words: for a small selection that no column index serves (industry and
// size class, say) that beats a scan of the table.
func (s *RegistryStore) filterWhere(f registry.Filter, tagIndex bool) (w where, countable bool) {
	tags := filterTags(f)
	q := strings.TrimSpace(f.Query)
	words := []string(nil)
	switch {
	case q == "":
	case looksLikeTaxCode(q):
		w.add(`e.tax_code LIKE ? ESCAPE '\'`, likePrefix(q))
	default:
		words = searchWords(q)
	}
	if len(words) > 0 || (tagIndex && len(tags) > 0 && s.db.dialect.tagsInNameIndex()) {
		division := ""
		if v := f.VSICPrefix; len(v) >= 2 && '0' <= v[0] && v[0] <= '9' && '0' <= v[1] && v[1] <= '9' {
			division = v[:2]
		}
		tags = s.db.dialect.nameSearch(&w, words, tags, division)
	}
	for _, k := range sortedKeys(tags) {
		v := tags[k]
		if v == "0" {
			v = ""
		}
		w.add("e."+tagColumns[k]+" = ?", v)
	}
	if f.TaxCode != "" {
		w.add("e.tax_code = ?", f.TaxCode)
	}
	if f.VSICPrefix != "" {
		w.add("e.vsic >= ? AND e.vsic < ?", f.VSICPrefix, f.VSICPrefix+":")
	}
	if f.EnterpriseID != 0 {
		w.add("e.id = ?", int64(f.EnterpriseID))
	}
	countable = q == "" && f.TaxCode == "" && f.VSICPrefix == "" && f.EnterpriseID == 0
	return w, countable
}

// sortColumn is the column that orderBy sorts on (besides the id).
func sortColumn(s registry.Sort) string {
	switch s {
	case registry.SortFounded, registry.SortFoundedDesc:
		return `e.founded_on`
	case registry.SortEmployees, registry.SortEmployeesDesc:
		return `e.employees`
	}
	return `e.name`
}

func orderBy(s registry.Sort) string {
	switch s {
	case registry.SortFounded:
		return ` ORDER BY e.founded_on = '', e.founded_on, e.id`
	case registry.SortFoundedDesc:
		return ` ORDER BY e.founded_on DESC, e.id`
	case registry.SortEmployees:
		return ` ORDER BY e.employees, e.id`
	case registry.SortEmployeesDesc:
		return ` ORDER BY e.employees DESC, e.id`
	}
	return ` ORDER BY e.name, e.id`
}

// FindEnterprises returns the enterprises matching f, and the total. f.Query
// must already be folded (vn.Fold): digits match a tax code prefix, words
// match word prefixes of the name in any order.
func (s *RegistryStore) FindEnterprises(ctx context.Context, f registry.Filter) ([]*registry.Enterprise, int, error) {
	f.Facets = false
	p, err := s.SearchEnterprises(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	return p.Enterprises, p.Total, nil
}

// SearchEnterprises returns a page of the enterprises matching f, the total
// and, if f.Facets, the facet counts of the whole selection.
func (s *RegistryStore) SearchEnterprises(ctx context.Context, f registry.Filter) (*registry.Page, error) {
	if f.Limit <= 0 {
		f.Limit = 20
	}
	f.Offset = max(f.Offset, 0)
	w, countable := s.enterpriseWhere(f)
	page := &registry.Page{Enterprises: []*registry.Enterprise{}}
	var cube []facetRow
	var err error
	if countable || f.Facets {
		if cube, err = s.facetCube(ctx, w, countable, f.VSICPrefix != ""); err != nil {
			return nil, err
		}
		for _, r := range cube {
			page.Total += r.n
		}
		if countable && page.Total < walkSortIndexFrom {
			w, _ = s.filterWhere(f, true)
		}
	}
	n := len(w.args)
	cols := enterpriseColumns
	from := ` FROM enterprises e`
	if !countable && !f.Facets {
		cols += ", COUNT(*) OVER()"
	} else if page.Total >= walkSortIndexFrom {
		// A large selection: walking the sort order's index and skipping
		// rows outside the selection reaches a page after about
		// (offset+limit) × registry/selection rows, where sorting the
		// selection would read all of it.
		from += s.db.dialect.sortIndexHint(f.Sort)
	}
	cond := w.sql()
	if q := strings.TrimSpace(f.Query); q != "" && !looksLikeTaxCode(q) && s.db.dialect.fenceNameSearch() {
		// The selection is computed first (the fence keeps the planner from
		// merging the subquery), then sorted: otherwise PostgreSQL may walk
		// the name index testing each row against the words, expecting an
		// early page, and the words correlate with the name order.
		from, cond = ` FROM (SELECT * FROM enterprises e`+cond+s.db.dialect.fence()+`) e`, ""
	}
	q := `SELECT ` + cols + from + cond + orderBy(f.Sort) + fmt.Sprintf(` LIMIT $%d OFFSET $%d`, n+1, n+2)
	if f.VSICPrefix != "" && (countable || f.Facets) {
		// The page's ids come from enterprises_vsic alone (it covers the
		// filter columns and the name), sorted without reading the rows;
		// then only the page's rows are read. The fence keeps the selection
		// a subquery of its own, so that no planner walks the name index
		// instead (VSIC codes correlate with names).
		q = `SELECT ` + cols + ` FROM enterprises e WHERE e.id IN (SELECT e.id FROM (SELECT e.id, ` + sortColumn(f.Sort) + ` FROM enterprises e` +
			w.sql() + s.db.dialect.fence() + `) e` + orderBy(f.Sort) + fmt.Sprintf(` LIMIT $%d OFFSET $%d)`, n+1, n+2) + orderBy(f.Sort)
	}
	rows, err := s.r.QueryContext(ctx, q, append(w.args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, translate(err, "find enterprises")
	}
	defer rows.Close()
	for rows.Next() {
		var extra []any
		var total int
		if !countable && !f.Facets {
			extra = append(extra, &total)
		}
		e, err := scanEnterprise(rows, extra...)
		if err != nil {
			return nil, translate(err, "scan enterprise")
		}
		if extra != nil {
			page.Total = total
		}
		page.Enterprises = append(page.Enterprises, e)
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err, "find enterprises")
	}
	if len(page.Enterprises) == 0 && f.Offset > 0 && !countable && !f.Facets {
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM enterprises e`+w.sql(), w.args...).Scan(&page.Total); err != nil {
			return nil, translate(err, "count enterprises")
		}
	}
	if f.Facets {
		fc := &registry.Facets{Province: map[string]int{}, Industry: map[registry.Industry]int{},
			SizeClass: map[registry.SizeClass]int{}, Ownership: map[registry.Ownership]int{}}
		for _, r := range cube {
			fc.Province[r.province] += r.n
			fc.Industry[registry.Industry(r.industry)] += r.n
			fc.SizeClass[registry.SizeClass(r.size)] += r.n
			fc.Ownership[registry.Ownership(r.ownership)] += r.n
		}
		page.Facets = fc
	}
	return page, nil
}

// walkSortIndexFrom is the selection size from which a page is read by
// walking the index of its sort order (see sortIndexHint).
const walkSortIndexFrom = 5000

type facetRow struct {
	province, industry, size, ownership string
	n                                   int
}

// facetCube counts the selection per (province, industry, size class,
// ownership): from enterprise_counts when the selection is tags only, else
// over the matching rows.
//
// byVSIC groups by the VSIC code first, the order of the enterprises_vsic
// index, so that a VSIC selection is counted in one pass over that index
// without sorting (the rows per code add up in SearchEnterprises).
func (s *RegistryStore) facetCube(ctx context.Context, w where, countable, byVSIC bool) ([]facetRow, error) {
	var q string
	switch {
	case countable:
		// enterprise_counts has the same column names; alias it as e.
		q = `SELECT e.province_code, e.industry, e.size_class, e.ownership, SUM(e.n) FROM enterprise_counts e` + w.sql() +
			` GROUP BY e.province_code, e.industry, e.size_class, e.ownership`
	case byVSIC:
		q = `SELECT e.province_code, e.industry, e.size_class, e.ownership, COUNT(*) FROM enterprises e` + w.sql() +
			` GROUP BY e.vsic, e.province_code, e.industry, e.size_class, e.ownership`
	default:
		q = `SELECT e.province_code, e.industry, e.size_class, e.ownership, COUNT(*) FROM enterprises e` + w.sql() +
			` GROUP BY e.province_code, e.industry, e.size_class, e.ownership`
	}
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, translate(err, "count facets")
	}
	defer rows.Close()
	var out []facetRow
	for rows.Next() {
		var r facetRow
		if err := rows.Scan(&r.province, &r.industry, &r.size, &r.ownership, &r.n); err != nil {
			return nil, translate(err, "scan facets")
		}
		if r.n > 0 {
			out = append(out, r)
		}
	}
	return out, translate(rows.Err(), "count facets")
}

// CountEnterprises returns the number of enterprises.
func (s *RegistryStore) CountEnterprises(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM enterprises`).Scan(&n); err != nil {
		return 0, translate(err, "count enterprises")
	}
	return n, nil
}

// countKey is a row of enterprise_counts.
type countKey struct{ province, industry, size, ownership, status string }

func countKeyOf(e *registry.Enterprise) countKey {
	return countKey{e.ProvinceCode, string(e.Industry), string(e.SizeClass), string(e.Ownership), string(e.Status)}
}

// bumpCounts adds deltas to enterprise_counts. A batch of the bulk load
// has thousands of keys: the upsert is prepared once, not per key.
func (c conn) bumpCounts(ctx context.Context, deltas map[countKey]int) error {
	const q = `INSERT INTO enterprise_counts (province_code, industry, size_class, ownership, status, n)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (province_code, industry, size_class, ownership, status) DO UPDATE SET n = enterprise_counts.n + excluded.n`
	exec := c.w.ExecContext
	if c.tx != nil && len(deltas) > 1 {
		stmt, err := c.tx.PrepareContext(ctx, q)
		if err != nil {
			return translate(err, "count enterprises")
		}
		defer stmt.Close()
		exec = func(ctx context.Context, _ string, args ...any) (sql.Result, error) {
			return stmt.ExecContext(ctx, args...)
		}
	}
	for k, d := range deltas {
		if d == 0 {
			continue
		}
		if _, err := exec(ctx, q, k.province, k.industry, k.size, k.ownership, k.status, d); err != nil {
			return translate(err, "count enterprises")
		}
	}
	return nil
}

// enterpriseBatch is how many rows one INSERT statement carries. The
// statement uses the dialect's bulk placeholders ("?" on SQLite, see
// bulkParam), so binding is linear in the parameters.
const enterpriseBatch = 64

// enterpriseInsert returns a multi-row INSERT of n enterprises. It returns
// tax_code with each id: RETURNING gives no guaranteed row order (SQLite
// documents it as arbitrary), so ids are matched back by the unique tax code.
func enterpriseInsert(d dialect, n int) string {
	cols, count := writeFields(d)
	return bulkValues(d, `INSERT INTO enterprises (`+cols+`) VALUES `, n, count) + ` RETURNING id, tax_code`
}

// bulkValues returns head followed by n rows of cols placeholders.
func bulkValues(d dialect, head string, n, cols int) string {
	var b strings.Builder
	b.WriteString(head)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for j := 1; j <= cols; j++ {
			if j > 1 {
				b.WriteByte(',')
			}
			b.WriteString(d.bulkParam(i*cols + j))
		}
		b.WriteByte(')')
	}
	return b.String()
}

// CreateEnterprises inserts es in one transaction and fills their IDs (and
// zero CreatedAt/UpdatedAt with now, an empty Status with active). It writes
// name_folded = vn.Fold(name), the search index and the facet counts. Rows
// go in multi-row statements of enterpriseBatch rows, prepared once, plus
// one shorter statement for the tail.
func (s *RegistryStore) CreateEnterprises(ctx context.Context, es []*registry.Enterprise) error {
	return s.createEnterprises(ctx, es, true)
}

// CreateEnterprisesBulk inserts es like CreateEnterprises but leaves the
// search index to FinishBulkLoad, which builds it once for all rows: a bulk load of an empty registry (the demo data) is
// then several times faster. Call it only between BeginBulkLoad and
// FinishBulkLoad.
func (s *RegistryStore) CreateEnterprisesBulk(ctx context.Context, es []*registry.Enterprise) error {
	return s.createEnterprises(ctx, es, false)
}

// BeginBulkLoad starts a bulk load into an empty registry: it fails with
// Conflict when enterprises exist, and drops the secondary indexes of
// enterprises (FinishBulkLoad builds them again, sorting once instead of
// inserting a million keys at random places).
func (s *RegistryStore) BeginBulkLoad(ctx context.Context) error {
	n, err := s.CountEnterprises(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return fault.New(fault.Conflict, "Sổ doanh nghiệp đã có dữ liệu; chỉ nạp hàng loạt vào sổ trống.",
			"The registry already has enterprises; a bulk load needs an empty registry.")
	}
	for _, ix := range append(bulkIndexes, s.db.dialect.bulkIndexes()...) {
		if _, err := s.w.ExecContext(ctx, `DROP INDEX IF EXISTS `+ix.name); err != nil {
			return translate(err, "drop index "+ix.name)
		}
	}
	return nil
}

// bulkIndex is an index that a bulk load drops at its start and builds at
// its end.
type bulkIndex struct{ name, def string }

// bulkIndexes are the secondary indexes of enterprises that a bulk load
// builds at its end. Their definitions are those of the migrations (a
// test compares them with the schema).
var bulkIndexes = []bulkIndex{
	{"enterprises_province", `CREATE INDEX IF NOT EXISTS enterprises_province ON enterprises (province_code, name, id)`},
	{"enterprises_industry", `CREATE INDEX IF NOT EXISTS enterprises_industry ON enterprises (industry, name, id)`},
	{"enterprises_name", `CREATE INDEX IF NOT EXISTS enterprises_name ON enterprises (name, id)`},
	{"enterprises_parent", `CREATE INDEX IF NOT EXISTS enterprises_parent ON enterprises (parent_id) WHERE parent_id IS NOT NULL`},
	{"enterprises_vsic", `CREATE INDEX IF NOT EXISTS enterprises_vsic ON enterprises (vsic, province_code, industry, size_class, ownership, status, name, id)`},
	{"enterprises_employees", `CREATE INDEX IF NOT EXISTS enterprises_employees ON enterprises (employees, id)`},
}

// BulkLoading reports whether a bulk load is under way: BeginBulkLoad
// dropped the secondary indexes and FinishBulkLoad has not built them yet.
func (s *RegistryStore) BulkLoading(ctx context.Context) (bool, error) {
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = $1`
	if s.db.dialect.name() == "postgres" {
		q = `SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1`
	}
	var n int
	if err := s.r.QueryRowContext(ctx, q, bulkIndexes[0].name).Scan(&n); err != nil {
		return false, translate(err, "find indexes")
	}
	return n == 0, nil
}

// FinishBulkLoad builds what the bulk load left out: the secondary indexes
// and the search index of every enterprise. It is
// safe to run again (after an interrupted load, say).
func (s *RegistryStore) FinishBulkLoad(ctx context.Context) error {
	if s.db.dialect.name() == "sqlite" {
		// Building the indexes sorts every key: on SQLite's temporary
		// files (which the page cache keeps mostly in memory) instead of
		// the connection's in-memory temp store, which would hold them all
		// (a million rows: +130 MB of memory).
		if _, err := s.w.ExecContext(ctx, `PRAGMA temp_store = FILE`); err != nil {
			return translate(err, "temp store")
		}
		defer s.w.ExecContext(context.WithoutCancel(ctx), `PRAGMA temp_store = MEMORY`)
	}
	for _, ix := range append(bulkIndexes, s.db.dialect.bulkIndexes()...) {
		if _, err := s.w.ExecContext(ctx, ix.def); err != nil {
			return translate(err, "create index "+ix.name)
		}
	}
	err := s.inTx(ctx, func(c conn) error { return s.db.dialect.reindexAllEnterprises(ctx, c) })
	if err != nil {
		return err
	}
	if s.db.dialect.name() == "postgres" {
		// Statistics for the planner and the visibility map for index-only
		// scans (the facet counts), which a fresh million rows lack until
		// autovacuum comes by.
		for _, t := range []string{"enterprises", "enterprise_figures"} {
			if _, err := s.w.ExecContext(ctx, `VACUUM ANALYZE `+t); err != nil {
				return translate(err, "vacuum "+t)
			}
		}
	}
	return nil
}

func (s *RegistryStore) createEnterprises(ctx context.Context, es []*registry.Enterprise, index bool) error {
	if len(es) == 0 {
		return nil
	}
	now := utc(s.db.now())
	for _, e := range es {
		if e.CreatedAt.IsZero() {
			e.CreatedAt = now
		}
		if e.UpdatedAt.IsZero() {
			e.UpdatedAt = e.CreatedAt
		}
		if e.Status == "" {
			e.Status = registry.StatusActive
		}
		if e.VSICEdition == 0 {
			e.VSICEdition = registry.VSIC2025
		}
		e.CreatedAt, e.UpdatedAt = utc(e.CreatedAt), utc(e.UpdatedAt)
	}
	return s.inTx(ctx, func(c conn) error {
		// On SQLite the transaction holds the single write lock, so the ids
		// are given here (max(id)+1 onwards, as SQLite would) and the
		// inserts need not return them.
		explicit := s.db.dialect.name() == "sqlite"
		if explicit {
			var next int64
			if err := c.w.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM enterprises`).Scan(&next); err != nil {
				return translate(err, "next enterprise id")
			}
			for i, e := range es {
				e.ID = registry.EnterpriseID(next + int64(i))
			}
		}
		insert := func(n int) string {
			if explicit {
				cols, count := writeFields(s.db.dialect)
				return bulkValues(s.db.dialect, `INSERT INTO enterprises (id, `+cols+`) VALUES `, n, count+1)
			}
			return enterpriseInsert(s.db.dialect, n)
		}
		var full *sql.Stmt
		if len(es) >= enterpriseBatch {
			var err error
			if full, err = c.tx.PrepareContext(ctx, insert(enterpriseBatch)); err != nil {
				return translate(err, "prepare enterprise insert")
			}
			defer full.Close()
		}
		args := make([]any, 0, enterpriseFieldCount*min(len(es), enterpriseBatch))
		folded := map[string]string{} // names repeat in bulk data; Fold is slow
		fold := func(name string) string {
			f, ok := folded[name]
			if !ok {
				f = vn.Fold(name)
				folded[name] = f
			}
			return f
		}
		counts := map[countKey]int{}
		for start := 0; start < len(es); start += enterpriseBatch {
			batch := es[start:min(start+enterpriseBatch, len(es))]
			args = args[:0]
			for _, e := range batch {
				if explicit {
					args = append(args, int64(e.ID))
				}
				args = writeArgs(s.db.dialect, args, e, fold(e.Name))
				counts[countKeyOf(e)]++
			}
			where := fmt.Sprintf("create enterprises %d–%d", start, start+len(batch)-1)
			var err error
			switch {
			case explicit && len(batch) == enterpriseBatch:
				_, err = full.ExecContext(ctx, args...)
			case explicit:
				_, err = c.tx.ExecContext(ctx, insert(len(batch)), args...)
			default:
				var rows *sql.Rows
				if len(batch) == enterpriseBatch {
					rows, err = full.QueryContext(ctx, args...)
				} else {
					rows, err = c.tx.QueryContext(ctx, insert(len(batch)), args...)
				}
				if err == nil {
					err = fillEnterpriseIDs(rows, batch)
				}
			}
			if err != nil {
				return translate(err, where)
			}
		}
		lo, hi := int64(es[0].ID), int64(es[0].ID)
		for _, e := range es {
			lo, hi = min(lo, int64(e.ID)), max(hi, int64(e.ID))
		}
		// On SQLite the ids of one transaction are consecutive: the single
		// writer holds the lock and each row takes max(id)+1.
		if index {
			if err := s.db.dialect.indexEnterprises(ctx, c, lo, hi, false); err != nil {
				return err
			}
		}
		// The counts go with every batch, also in a bulk load: a few
		// thousand upserts per batch cost less than one GROUP BY over the
		// million rows at the end (SQLite sorts to group).
		return c.bumpCounts(ctx, counts)
	})
}

// fillEnterpriseIDs reads the RETURNING id, tax_code rows of one insert into
// batch. Rows usually come back in VALUES order; when one does not, the
// enterprise is found by its tax code.
func fillEnterpriseIDs(rows *sql.Rows, batch []*registry.Enterprise) error {
	defer rows.Close()
	var byTax map[string]*registry.Enterprise
	i := 0
	for rows.Next() {
		var id int64
		var tax string
		if err := rows.Scan(&id, &tax); err != nil {
			return err
		}
		if i < len(batch) && batch[i].TaxCode == tax {
			batch[i].ID = registry.EnterpriseID(id)
		} else {
			if byTax == nil {
				byTax = make(map[string]*registry.Enterprise, len(batch))
				for _, e := range batch {
					byTax[e.TaxCode] = e
				}
			}
			e, ok := byTax[tax]
			if !ok {
				return fmt.Errorf("insert returned unknown tax code %q", tax)
			}
			e.ID = registry.EnterpriseID(id)
		}
		i++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if i != len(batch) {
		return fmt.Errorf("insert returned %d ids for %d rows", i, len(batch))
	}
	return nil
}

// UpdateEnterprise writes every field of e, its search index entry and the
// facet counts. A missing enterprise is NotFound, a taken tax code Conflict.
func (s *RegistryStore) UpdateEnterprise(ctx context.Context, e *registry.Enterprise) error {
	e.UpdatedAt = utc(e.UpdatedAt)
	return s.inTx(ctx, func(c conn) error {
		old, err := (&RegistryStore{c}).FindEnterpriseByID(ctx, e.ID)
		if err != nil {
			return err
		}
		cols, _ := writeFields(s.db.dialect)
		sets := strings.Split(cols, ",")
		var b strings.Builder
		b.WriteString("UPDATE enterprises SET ")
		for i, col := range sets {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s = $%d", strings.TrimSpace(col), i+1)
		}
		fmt.Fprintf(&b, " WHERE id = $%d", len(sets)+1)
		args := writeArgs(s.db.dialect, nil, e, vn.Fold(e.Name))
		if _, err := c.w.ExecContext(ctx, b.String(), append(args, int64(e.ID))...); err != nil {
			return translate(err, fmt.Sprintf("update enterprise %d", e.ID))
		}
		if err := s.db.dialect.indexEnterprises(ctx, c, int64(e.ID), int64(e.ID), true); err != nil {
			return err
		}
		if ok, nk := countKeyOf(old), countKeyOf(e); ok != nk {
			return c.bumpCounts(ctx, map[countKey]int{ok: -1, nk: 1})
		}
		return nil
	})
}

// Figures.

func (s *RegistryStore) FindFigures(ctx context.Context, id registry.EnterpriseID) ([]registry.Figures, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT year, employees, revenue, capital, value_added, energy_kwh, exports
		FROM enterprise_figures WHERE enterprise_id = $1 ORDER BY year`, int64(id))
	if err != nil {
		return nil, translate(err, "find figures")
	}
	defer rows.Close()
	figs := []registry.Figures{}
	for rows.Next() {
		var f registry.Figures
		var v [6]sql.NullInt64
		if err := rows.Scan(&f.Year, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]); err != nil {
			return nil, translate(err, "scan figures")
		}
		ptr := func(n sql.NullInt64) *int64 {
			if !n.Valid {
				return nil
			}
			x := n.Int64
			return &x
		}
		f.Employees, f.Revenue, f.Capital, f.ValueAdded, f.EnergyKWh, f.Exports = ptr(v[0]), ptr(v[1]), ptr(v[2]), ptr(v[3]), ptr(v[4]), ptr(v[5])
		figs = append(figs, f)
	}
	return figs, translate(rows.Err(), "find figures")
}

func figureArgs(args []any, id registry.EnterpriseID, f registry.Figures) []any {
	val := func(p *int64) any {
		if p == nil {
			return nil
		}
		return *p
	}
	return append(args, int64(id), f.Year, val(f.Employees), val(f.Revenue), val(f.Capital), val(f.ValueAdded), val(f.EnergyKWh), val(f.Exports))
}

// PutFigures inserts or replaces the figures of f.Year.
func (s *RegistryStore) PutFigures(ctx context.Context, id registry.EnterpriseID, f registry.Figures) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO enterprise_figures (enterprise_id, year, employees, revenue, capital, value_added, energy_kwh, exports)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (enterprise_id, year) DO UPDATE SET employees = excluded.employees, revenue = excluded.revenue,
		capital = excluded.capital, value_added = excluded.value_added, energy_kwh = excluded.energy_kwh, exports = excluded.exports`,
		figureArgs(nil, id, f)...)
	return translate(err, "put figures")
}

// DeleteFigures removes the figures of a year (no error if there are none).
func (s *RegistryStore) DeleteFigures(ctx context.Context, id registry.EnterpriseID, year int) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM enterprise_figures WHERE enterprise_id = $1 AND year = $2`, int64(id), year)
	return translate(err, "delete figures")
}

const figuresBatch = 250 // rows per statement, 8 parameters each

// CreateFigures inserts the figures of many enterprises in one transaction.
func (s *RegistryStore) CreateFigures(ctx context.Context, figs map[registry.EnterpriseID][]registry.Figures) error {
	type row struct {
		id registry.EnterpriseID
		f  registry.Figures
	}
	var all []row
	for id, fs := range figs {
		for _, f := range fs {
			all = append(all, row{id, f})
		}
	}
	if len(all) == 0 {
		return nil
	}
	// In key order, so that the rows append to the figures B-tree instead
	// of landing at random places (map order is random).
	slices.SortFunc(all, func(a, b row) int {
		if a.id != b.id {
			return cmp.Compare(a.id, b.id)
		}
		return cmp.Compare(a.f.Year, b.f.Year)
	})
	stmt := func(n int) string {
		return bulkValues(s.db.dialect, `INSERT INTO enterprise_figures (enterprise_id, year, employees, revenue, capital, value_added, energy_kwh, exports) VALUES `, n, 8)
	}
	return s.inTx(ctx, func(c conn) error {
		var full *sql.Stmt
		if len(all) >= figuresBatch {
			var err error
			if full, err = c.tx.PrepareContext(ctx, stmt(figuresBatch)); err != nil {
				return translate(err, "prepare figures insert")
			}
			defer full.Close()
		}
		args := make([]any, 0, 8*figuresBatch)
		for start := 0; start < len(all); start += figuresBatch {
			batch := all[start:min(start+figuresBatch, len(all))]
			args = args[:0]
			for _, r := range batch {
				args = figureArgs(args, r.id, r.f)
			}
			var err error
			if len(batch) == figuresBatch {
				_, err = full.ExecContext(ctx, args...)
			} else {
				_, err = c.tx.ExecContext(ctx, stmt(len(batch)), args...)
			}
			if err != nil {
				return translate(err, "create figures")
			}
		}
		return nil
	})
}

// Activities.

func (s *RegistryStore) FindActivities(ctx context.Context, id registry.EnterpriseID) ([]*registry.Activity, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, enterprise_id, year, title, tool, created_by, created_at
		FROM enterprise_activities WHERE enterprise_id = $1 ORDER BY year, id`, int64(id))
	if err != nil {
		return nil, translate(err, "find activities")
	}
	defer rows.Close()
	out := []*registry.Activity{}
	for rows.Next() {
		var a registry.Activity
		var by sql.NullInt64
		var at sql.NullTime
		if err := rows.Scan(&a.ID, &a.EnterpriseID, &a.Year, &a.Title, &a.Tool, &by, &at); err != nil {
			return nil, translate(err, "scan activity")
		}
		a.CreatedBy, a.CreatedAt = auth.UserID(by.Int64), timeOf(at)
		out = append(out, &a)
	}
	return out, translate(rows.Err(), "find activities")
}

func (s *RegistryStore) CreateActivity(ctx context.Context, a *registry.Activity) error {
	a.CreatedAt = utc(a.CreatedAt)
	err := s.w.QueryRowContext(ctx, `INSERT INTO enterprise_activities (enterprise_id, year, title, tool, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, int64(a.EnterpriseID), a.Year, a.Title, a.Tool,
		nullInt64(int64(a.CreatedBy)), a.CreatedAt).Scan(&a.ID)
	return translate(err, "create activity")
}

// History.

func (s *RegistryStore) AddHistory(ctx context.Context, h *registry.HistoryEntry) error {
	h.At = utc(h.At)
	err := s.w.QueryRowContext(ctx, `INSERT INTO enterprise_history (enterprise_id, action, before_json, after_json, actor_id, actor_email, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, int64(h.EnterpriseID), h.Action, nullString(h.Before),
		nullString(h.After), nullInt64(int64(h.ActorID)), h.ActorEmail, h.At).Scan(&h.ID)
	return translate(err, "add history")
}

func (s *RegistryStore) FindHistory(ctx context.Context, id registry.EnterpriseID, offset, limit int) ([]*registry.HistoryEntry, int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, enterprise_id, action, before_json, after_json, actor_id, actor_email, at, COUNT(*) OVER()
		FROM enterprise_history WHERE enterprise_id = $1 ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3`, int64(id), limit, offset)
	if err != nil {
		return nil, 0, translate(err, "find history")
	}
	defer rows.Close()
	out := []*registry.HistoryEntry{}
	total := 0
	for rows.Next() {
		var h registry.HistoryEntry
		var before, after sql.NullString
		var actor sql.NullInt64
		var at sql.NullTime
		if err := rows.Scan(&h.ID, &h.EnterpriseID, &h.Action, &before, &after, &actor, &h.ActorEmail, &at, &total); err != nil {
			return nil, 0, translate(err, "scan history")
		}
		h.Before, h.After, h.ActorID, h.At = before.String, after.String, auth.UserID(actor.Int64), timeOf(at)
		out = append(out, &h)
	}
	return out, total, translate(rows.Err(), "find history")
}

// Claims.

const claimColumns = `id, enterprise_id, province_code, user_id, user_email, note, status, reason, decided_by, decided_at, created_at`

func scanClaim(s interface{ Scan(...any) error }, extra ...any) (*registry.Claim, error) {
	var c registry.Claim
	var by sql.NullInt64
	var decided, created sql.NullTime
	var status string
	if err := s.Scan(append([]any{&c.ID, &c.EnterpriseID, &c.ProvinceCode, &c.UserID, &c.UserEmail, &c.Note, &status,
		&c.Reason, &by, &decided, &created}, extra...)...); err != nil {
		return nil, err
	}
	c.Status, c.DecidedBy, c.DecidedAt, c.CreatedAt = registry.ClaimStatus(status), auth.UserID(by.Int64), timePtr(decided), timeOf(created)
	return &c, nil
}

func (s *RegistryStore) CreateClaim(ctx context.Context, c *registry.Claim) error {
	c.CreatedAt = utc(c.CreatedAt)
	err := s.w.QueryRowContext(ctx, `INSERT INTO enterprise_claims (enterprise_id, province_code, user_id, user_email, note, status, reason, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, int64(c.EnterpriseID), c.ProvinceCode, int64(c.UserID),
		c.UserEmail, c.Note, string(c.Status), c.Reason, c.CreatedAt).Scan(&c.ID)
	return translate(err, "create claim")
}

func (s *RegistryStore) FindClaimByID(ctx context.Context, id registry.ClaimID) (*registry.Claim, error) {
	c, err := scanClaim(s.r.QueryRowContext(ctx, `SELECT `+claimColumns+` FROM enterprise_claims WHERE id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find claim %d", id))
	}
	return c, nil
}

func (s *RegistryStore) FindClaims(ctx context.Context, f registry.ClaimFilter) ([]*registry.Claim, int, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	var w where
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.ProvinceCode != "" {
		w.add("province_code = ?", f.ProvinceCode)
	}
	if f.UserID != 0 {
		w.add("user_id = ?", f.UserID)
	}
	if f.EnterpriseID != 0 {
		w.add("enterprise_id = ?", int64(f.EnterpriseID))
	}
	n := len(w.args)
	rows, err := s.r.QueryContext(ctx, `SELECT `+claimColumns+`, COUNT(*) OVER() FROM enterprise_claims`+w.sql()+
		fmt.Sprintf(` ORDER BY created_at, id LIMIT $%d OFFSET $%d`, n+1, n+2), append(w.args, f.Limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, translate(err, "find claims")
	}
	defer rows.Close()
	out := []*registry.Claim{}
	total := 0
	for rows.Next() {
		c, err := scanClaim(rows, &total)
		if err != nil {
			return nil, 0, translate(err, "scan claim")
		}
		out = append(out, c)
	}
	return out, total, translate(rows.Err(), "find claims")
}

func (s *RegistryStore) UpdateClaim(ctx context.Context, c *registry.Claim) error {
	_, err := s.w.ExecContext(ctx, `UPDATE enterprise_claims SET status = $1, reason = $2, decided_by = $3, decided_at = $4 WHERE id = $5`,
		string(c.Status), c.Reason, nullInt64(int64(c.DecidedBy)), nullTime(c.DecidedAt), int64(c.ID))
	return translate(err, fmt.Sprintf("update claim %d", c.ID))
}

// Settings.

func (s *RegistryStore) FindSettings(ctx context.Context, key registry.SettingKey) ([]*registry.Setting, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, key, value, effective_from, note, set_by, set_at FROM settings
		WHERE key = $1 ORDER BY effective_from, id`, string(key))
	if err != nil {
		return nil, translate(err, "find settings")
	}
	defer rows.Close()
	out := []*registry.Setting{}
	for rows.Next() {
		var st registry.Setting
		var value, k string
		var by sql.NullInt64
		var at sql.NullTime
		if err := rows.Scan(&st.ID, &k, &value, &st.EffectiveFrom, &st.Note, &by, &at); err != nil {
			return nil, translate(err, "scan setting")
		}
		st.Key, st.Value, st.SetBy, st.SetAt = registry.SettingKey(k), []byte(value), auth.UserID(by.Int64), timeOf(at)
		out = append(out, &st)
	}
	return out, translate(rows.Err(), "find settings")
}

func (s *RegistryStore) CreateSetting(ctx context.Context, st *registry.Setting) error {
	st.SetAt = utc(st.SetAt)
	err := s.w.QueryRowContext(ctx, `INSERT INTO settings (key, value, effective_from, note, set_by, set_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, string(st.Key), string(st.Value), st.EffectiveFrom, st.Note,
		nullInt64(int64(st.SetBy)), st.SetAt).Scan(&st.ID)
	return translate(err, "create setting")
}
