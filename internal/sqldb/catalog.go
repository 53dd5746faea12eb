package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"nscl/internal/audit"
	"nscl/internal/catalog"
	"nscl/internal/fault"
)

// CatalogStore keeps the improvement-tool catalogue and the standards.
type CatalogStore struct {
	conn
}

var _ catalog.Store = (*CatalogStore)(nil)

// Catalog returns the catalogue store.
func (db *DB) Catalog() *CatalogStore { return &CatalogStore{db.conn()} }

// Tx runs fn with a store bound to one transaction (or to the current one).
func (s *CatalogStore) Tx(ctx context.Context, fn func(catalog.Store) error) error {
	return s.inTx(ctx, func(c conn) error { return fn(&CatalogStore{c}) })
}

// AddAudit writes an audit entry, in the current transaction if any.
func (s *CatalogStore) AddAudit(ctx context.Context, e audit.Entry) error { return s.addAudit(ctx, e) }

const toolColumns = `code, kind, position, name_vi, name_en, purpose_vi, purpose_en, results_vi, results_en,
	prerequisites, sectors, standard, hidden, builtin, updated_at`

func toolArgs(t *catalog.Tool) []any {
	pre := make([]string, len(t.Prerequisites))
	for i, p := range t.Prerequisites {
		pre[i] = string(p)
	}
	sec := make([]string, len(t.Sectors))
	for i, x := range t.Sectors {
		sec[i] = string(x)
	}
	return []any{string(t.Code), string(t.Kind), t.Position, t.Name.Vi, t.Name.En, t.Purpose.Vi, t.Purpose.En,
		t.Results.Vi, t.Results.En, strings.Join(pre, ","), strings.Join(sec, ","), t.Standard, t.Hidden, t.Builtin, utc(t.UpdatedAt)}
}

func scanTool(sc interface{ Scan(...any) error }) (*catalog.Tool, error) {
	var t catalog.Tool
	var code, kind, pre, sec string
	var updated sql.NullTime
	if err := sc.Scan(&code, &kind, &t.Position, &t.Name.Vi, &t.Name.En, &t.Purpose.Vi, &t.Purpose.En, &t.Results.Vi,
		&t.Results.En, &pre, &sec, &t.Standard, &t.Hidden, &t.Builtin, &updated); err != nil {
		return nil, err
	}
	t.Code, t.Kind, t.UpdatedAt = catalog.ToolCode(code), catalog.ToolKind(kind), timeOf(updated)
	for _, p := range splitList(pre) {
		t.Prerequisites = append(t.Prerequisites, catalog.ToolCode(p))
	}
	for _, x := range splitList(sec) {
		t.Sectors = append(t.Sectors, catalog.Sector(x))
	}
	return &t, nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// ListTools returns every tool by position, then code.
func (s *CatalogStore) ListTools(ctx context.Context) ([]*catalog.Tool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+toolColumns+` FROM catalog_tools ORDER BY position, code`)
	if err != nil {
		return nil, translate(err, "list tools")
	}
	defer rows.Close()
	var out []*catalog.Tool
	for rows.Next() {
		t, err := scanTool(rows)
		if err != nil {
			return nil, translate(err, "scan tool")
		}
		out = append(out, t)
	}
	return out, translate(rows.Err(), "list tools")
}

// FindTool returns the tool with code, or NotFound.
func (s *CatalogStore) FindTool(ctx context.Context, code catalog.ToolCode) (*catalog.Tool, error) {
	t, err := scanTool(s.r.QueryRowContext(ctx, `SELECT `+toolColumns+` FROM catalog_tools WHERE code = $1`, string(code)))
	if err != nil {
		return nil, translate(err, "find tool "+string(code))
	}
	return t, nil
}

// InsertTool adds a tool (Conflict if the code exists).
func (s *CatalogStore) InsertTool(ctx context.Context, t *catalog.Tool) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO catalog_tools (`+toolColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`, toolArgs(t)...)
	return translate(err, "insert tool "+string(t.Code))
}

// InsertMissingTool inserts t unless its code exists, and reports whether
// it did.
func (s *CatalogStore) InsertMissingTool(ctx context.Context, t *catalog.Tool) (bool, error) {
	res, err := s.w.ExecContext(ctx, `INSERT INTO catalog_tools (`+toolColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (code) DO NOTHING`, toolArgs(t)...)
	if err != nil {
		return false, translate(err, "insert tool "+string(t.Code))
	}
	n, err := res.RowsAffected()
	return n == 1, translate(err, "insert tool "+string(t.Code))
}

// UpdateTool replaces a tool's fields (not its code nor builtin).
func (s *CatalogStore) UpdateTool(ctx context.Context, t *catalog.Tool) error {
	a := toolArgs(t)
	a = append(a[:13], a[14]) // all but builtin, which never changes
	res, err := s.w.ExecContext(ctx, `UPDATE catalog_tools SET kind = $2, position = $3, name_vi = $4, name_en = $5,
		purpose_vi = $6, purpose_en = $7, results_vi = $8, results_en = $9, prerequisites = $10, sectors = $11,
		standard = $12, hidden = $13, updated_at = $14 WHERE code = $1`, a...)
	if err != nil {
		return translate(err, "update tool "+string(t.Code))
	}
	return mustAffect(res, "update tool "+string(t.Code))
}

// DeleteTool removes a tool (NotFound if there is none).
func (s *CatalogStore) DeleteTool(ctx context.Context, code catalog.ToolCode) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM catalog_tools WHERE code = $1`, string(code))
	if err != nil {
		return translate(err, "delete tool "+string(code))
	}
	return mustAffect(res, "delete tool "+string(code))
}

// ToolInUse reports whether an expert declares expertise in the tool (the
// directory's expert_tools rows) or a published need asks for it (the
// matching's need_tools rows): catalogue codes are not foreign keys.
func (s *CatalogStore) ToolInUse(ctx context.Context, code catalog.ToolCode) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT CASE WHEN EXISTS (SELECT 1 FROM expert_tools WHERE tool_code = $1)
		OR EXISTS (SELECT 1 FROM need_tools WHERE tool_code = $1) THEN 1 ELSE 0 END`, string(code)).Scan(&n)
	return n > 0, translate(err, "tool in use "+string(code))
}

func mustAffect(res sql.Result, op string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return translate(err, op)
	}
	if n == 0 {
		return translate(sql.ErrNoRows, op)
	}
	return nil
}

// Standards.

const standardFields = `code, kind, series, number, year, body, adopted, title_vi, title_en, status, replaced_by_id,
	issuer, sector, ics, effective_on, sort_key, created_at, updated_at`

const standardFieldCount = 18

const standardColumns = `s.id, s.code, s.kind, s.series, s.number, s.year, s.body, s.adopted, s.title_vi, s.title_en, s.status,
	s.replaced_by_id, COALESCE(r.code, ''), s.issuer, s.sector, s.ics, s.effective_on, s.created_at, s.updated_at`

const standardFrom = ` FROM standards s LEFT JOIN standards r ON r.id = s.replaced_by_id`

func standardArgs(args []any, st *catalog.Standard) []any {
	return append(args, st.Code, string(st.Kind), st.Series, st.Number, st.Year, st.Body, st.Adopted, st.Title.Vi, st.Title.En,
		string(st.Status), nullInt64(int64(st.ReplacedBy)), st.Issuer, string(st.Sector), st.ICS, st.EffectiveOn,
		st.Notation().SortKey(), utc(st.CreatedAt), utc(st.UpdatedAt))
}

func scanStandard(sc interface{ Scan(...any) error }, extra ...any) (*catalog.Standard, error) {
	var st catalog.Standard
	var kind, status, sector string
	var repl sql.NullInt64
	var created, updated sql.NullTime
	dest := append([]any{&st.ID, &st.Code, &kind, &st.Series, &st.Number, &st.Year, &st.Body, &st.Adopted, &st.Title.Vi,
		&st.Title.En, &status, &repl, &st.ReplacedByCode, &st.Issuer, &sector, &st.ICS, &st.EffectiveOn, &created, &updated}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	st.Kind, st.Status, st.Sector = catalog.StandardKind(kind), catalog.StandardStatus(status), catalog.Sector(sector)
	st.ReplacedBy = catalog.StandardID(repl.Int64)
	st.CreatedAt, st.UpdatedAt = timeOf(created), timeOf(updated)
	return &st, nil
}

// FindStandard returns the standard with id, or NotFound.
func (s *CatalogStore) FindStandard(ctx context.Context, id catalog.StandardID) (*catalog.Standard, error) {
	st, err := scanStandard(s.r.QueryRowContext(ctx, `SELECT `+standardColumns+standardFrom+` WHERE s.id = $1`, int64(id)))
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find standard %d", id))
	}
	return st, nil
}

// FindStandardByCode returns the standard with the canonical designation
// code, or NotFound.
func (s *CatalogStore) FindStandardByCode(ctx context.Context, code string) (*catalog.Standard, error) {
	st, err := scanStandard(s.r.QueryRowContext(ctx, `SELECT `+standardColumns+standardFrom+` WHERE s.code = $1`, code))
	if err != nil {
		return nil, translate(err, "find standard "+code)
	}
	return st, nil
}

// wordEnd is appended to a query word for the upper bound of its prefix
// range in standard_words: every word that starts with the query word sorts
// before it (byte order on both databases).
const wordEnd = "\U0010FFFF"

// SearchStandards returns the page of standards matching f in designation
// order, and the total. Each query word must start a word of the folded
// designation or titles: a range of the standard_words key per word.
func (s *CatalogStore) SearchStandards(ctx context.Context, f catalog.StandardFilter) (*catalog.StandardPage, error) {
	var w where
	// The words' id sets are intersected first (each a range of the
	// primary key, read from the index alone), then joined to standards.
	// The words "tcvn" and "qcvn", in nearly every designation, select the
	// kind instead; an ICS prefix is a word range too (catalog.ICSWord).
	var words []string
	for _, word := range catalog.SearchTerms(f.Query) {
		switch word {
		case "tcvn":
			w.add("s.kind = ?", string(catalog.KindTCVN))
		case "qcvn":
			w.add("s.kind = ?", string(catalog.KindQCVN))
		default:
			words = append(words, word)
		}
	}
	if f.ICSPrefix != "" {
		words = append(words, catalog.ICSWord(f.ICSPrefix))
	}
	if len(words) > 0 {
		parts := make([]string, len(words))
		args := make([]any, 0, 2*len(words))
		for i, word := range words {
			parts[i] = "SELECT standard_id FROM standard_words WHERE word >= ? AND word < ?"
			args = append(args, word, word+wordEnd)
		}
		// The fence keeps the planner from turning the set into a semi-join
		// that walks every standard and probes its words (PostgreSQL did,
		// for one word of many matches: 200 ms instead of 2).
		w.add("s.id IN ("+strings.Join(parts, " INTERSECT ")+s.db.dialect.fence()+")", args...)
	}
	if f.Kind != "" {
		w.add("s.kind = ?", string(f.Kind))
	}
	if f.Status != "" {
		w.add("s.status = ?", string(f.Status))
	}
	if f.Sector != "" {
		w.add("s.sector = ?", string(f.Sector))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	pg := &catalog.StandardPage{Items: []*catalog.Standard{}}
	count := func() error {
		err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM standards s`+w.sql(), w.args...).Scan(&pg.Total)
		return translate(err, "count standards")
	}
	// With words, the selection is an intersection of word sets, counted in
	// the same query (a window over the selection) so that it is computed
	// once; without, the count is a separate index count and the page a
	// walk of the sort index.
	total, withTotal := "", len(words) > 0
	if withTotal {
		total = ", COUNT(*) OVER () AS total"
	} else if err := count(); err != nil {
		return nil, err
	} else if pg.Total <= f.Offset {
		return pg, nil
	}
	// The page is chosen on standards alone; only its rows are joined to
	// their replacements.
	cols := standardColumns
	if withTotal {
		cols += ", s.total"
	}
	q := `SELECT ` + cols + ` FROM (SELECT s.*` + total + ` FROM standards s` + w.sql() +
		fmt.Sprintf(` ORDER BY s.sort_key LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)) +
		`) s LEFT JOIN standards r ON r.id = s.replaced_by_id ORDER BY s.sort_key`
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, translate(err, "search standards")
	}
	defer rows.Close()
	var extra []any
	if withTotal {
		extra = []any{&pg.Total}
	}
	for rows.Next() {
		st, err := scanStandard(rows, extra...)
		if err != nil {
			return nil, translate(err, "scan standard")
		}
		pg.Items = append(pg.Items, st)
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err, "search standards")
	}
	if withTotal && len(pg.Items) == 0 && f.Offset > 0 {
		return pg, count() // a page past the end: the total still
	}
	return pg, nil
}

// indexWords replaces the search words of st.
func (c conn) indexWords(ctx context.Context, st *catalog.Standard, replace bool) error {
	if replace {
		if _, err := c.w.ExecContext(ctx, `DELETE FROM standard_words WHERE standard_id = $1`, int64(st.ID)); err != nil {
			return translate(err, "unindex standard "+st.Code)
		}
	}
	ws := st.Words()
	if len(ws) == 0 {
		return nil
	}
	args := make([]any, 0, 2*len(ws))
	for _, w := range ws {
		args = append(args, w, int64(st.ID))
	}
	_, err := c.w.ExecContext(ctx, bulkValues(c.db.dialect, `INSERT INTO standard_words (word, standard_id) VALUES `, len(ws), 2), args...)
	return translate(err, "index standard "+st.Code)
}

// CreateStandard inserts st and sets its ID (Conflict on a duplicate code).
func (s *CatalogStore) CreateStandard(ctx context.Context, st *catalog.Standard) error {
	return s.inTx(ctx, func(c conn) error {
		err := c.w.QueryRowContext(ctx, `INSERT INTO standards (`+standardFields+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
			$9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`, standardArgs(nil, st)...).Scan(&st.ID)
		if err != nil {
			return translate(err, "create standard "+st.Code)
		}
		return c.indexWords(ctx, st, false)
	})
}

// UpdateStandard replaces st's fields.
func (s *CatalogStore) UpdateStandard(ctx context.Context, st *catalog.Standard) error {
	return s.inTx(ctx, func(c conn) error {
		res, err := c.w.ExecContext(ctx, `UPDATE standards SET code = $2, kind = $3, series = $4, number = $5, year = $6,
			body = $7, adopted = $8, title_vi = $9, title_en = $10, status = $11, replaced_by_id = $12, issuer = $13,
			sector = $14, ics = $15, effective_on = $16, sort_key = $17, created_at = $18, updated_at = $19
			WHERE id = $1`, standardArgs([]any{int64(st.ID)}, st)...)
		if err != nil {
			return translate(err, "update standard "+st.Code)
		}
		if err := mustAffect(res, "update standard "+st.Code); err != nil {
			return err
		}
		return c.indexWords(ctx, st, true)
	})
}

// standardBatch is how many rows one INSERT of CreateStandards carries.
const standardBatch = 50

// CreateStandards inserts ss in one transaction in multi-row statements and
// sets their IDs (matched back by code). After a large load it refreshes the
// planner's statistics of the two tables (the search plans depend on them).
func (s *CatalogStore) CreateStandards(ctx context.Context, ss []*catalog.Standard) error {
	if err := s.createStandards(ctx, ss); err != nil {
		return err
	}
	if len(ss) < analyzeAfter || s.tx != nil {
		return nil
	}
	for _, t := range []string{"standards", "standard_words"} {
		if _, err := s.w.ExecContext(ctx, analyzeTable(s.db.dialect, t)); err != nil {
			return translate(err, "analyze "+t)
		}
	}
	return nil
}

// analyzeTable is the statement that refreshes the planner's statistics of
// table after a bulk load: on PostgreSQL also VACUUM, which sets the
// visibility map so that the word searches read the index alone (SQLite's
// VACUUM rebuilds the whole file instead: there ANALYZE only).
func analyzeTable(d dialect, table string) string {
	if d.name() == "postgres" {
		return "VACUUM ANALYZE " + table
	}
	return "ANALYZE " + table
}

// analyzeAfter is the size of a load after which CreateStandards analyzes.
const analyzeAfter = 1000

func (s *CatalogStore) createStandards(ctx context.Context, ss []*catalog.Standard) error {
	return s.inTx(ctx, func(c conn) error {
		byCode := make(map[string]*catalog.Standard, len(ss))
		for _, st := range ss {
			byCode[st.Code] = st
		}
		var full *sql.Stmt
		defer func() {
			if full != nil {
				full.Close()
			}
		}()
		args := make([]any, 0, standardBatch*standardFieldCount)
		for start := 0; start < len(ss); start += standardBatch {
			batch := ss[start:min(start+standardBatch, len(ss))]
			args = args[:0]
			for _, st := range batch {
				args = standardArgs(args, st)
			}
			q := bulkValues(c.db.dialect, `INSERT INTO standards (`+standardFields+`) VALUES `, len(batch), standardFieldCount) + ` RETURNING id, code`
			var rows *sql.Rows
			var err error
			if len(batch) == standardBatch {
				if full == nil {
					if full, err = c.tx.PrepareContext(ctx, q); err != nil {
						return translate(err, "prepare standards insert")
					}
				}
				rows, err = full.QueryContext(ctx, args...)
			} else {
				rows, err = c.w.QueryContext(ctx, q, args...)
			}
			if err != nil {
				return translate(err, "create standards")
			}
			for rows.Next() {
				var id int64
				var code string
				if err := rows.Scan(&id, &code); err != nil {
					rows.Close()
					return translate(err, "create standards")
				}
				if st := byCode[code]; st != nil {
					st.ID = catalog.StandardID(id)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return translate(err, "create standards")
			}
		}
		return c.bulkWords(ctx, ss)
	})
}

// wordBatch is how many word rows one INSERT of bulkWords carries.
const wordBatch = 500

// bulkWords inserts the search words of ss in multi-row statements.
func (c conn) bulkWords(ctx context.Context, ss []*catalog.Standard) error {
	args := make([]any, 0, 2*wordBatch)
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	flush := func() error {
		n := len(args) / 2
		if n == 0 {
			return nil
		}
		q := bulkValues(c.db.dialect, `INSERT INTO standard_words (word, standard_id) VALUES `, n, 2)
		var err error
		if n == wordBatch {
			if full == nil {
				if full, err = c.tx.PrepareContext(ctx, q); err != nil {
					return translate(err, "prepare standard words insert")
				}
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = c.w.ExecContext(ctx, q, args...)
		}
		args = args[:0]
		return translate(err, "index standards")
	}
	for _, st := range ss {
		for _, w := range st.Words() {
			args = append(args, w, int64(st.ID))
			if len(args) == 2*wordBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// ReplacedBy lists the standards that id replaced, in designation order.
func (s *CatalogStore) ReplacedBy(ctx context.Context, id catalog.StandardID) ([]*catalog.Standard, error) {
	var out []*catalog.Standard
	err := s.each(ctx, `SELECT `+standardColumns+standardFrom+` WHERE s.replaced_by_id = $1 ORDER BY s.sort_key`, []any{int64(id)},
		func(st *catalog.Standard) error { out = append(out, st); return nil })
	return out, err
}

// EachStandard calls fn for every standard in designation order.
func (s *CatalogStore) EachStandard(ctx context.Context, fn func(*catalog.Standard) error) error {
	return s.each(ctx, `SELECT `+standardColumns+standardFrom+` ORDER BY s.sort_key`, nil, fn)
}

func (s *CatalogStore) each(ctx context.Context, q string, args []any, fn func(*catalog.Standard) error) error {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return translate(err, "list standards")
	}
	defer rows.Close()
	for rows.Next() {
		st, err := scanStandard(rows)
		if err != nil {
			return translate(err, "scan standard")
		}
		if err := fn(st); err != nil {
			return err
		}
	}
	return translate(rows.Err(), "list standards")
}

// SaveImport keeps an uploaded file's checked rows and sets im.ID.
func (s *CatalogStore) SaveImport(ctx context.Context, im *catalog.Import) error {
	b, err := json.Marshal(im.Rows)
	if err != nil {
		return fault.Internalf("sqldb: save import: %w", err)
	}
	err = s.w.QueryRowContext(ctx, `INSERT INTO standard_imports (file_name, created_by, rows_json, created_at)
		VALUES ($1, $2, $3, $4) RETURNING id`, im.FileName, nullInt64(im.CreatedBy), string(b), utc(im.CreatedAt)).Scan(&im.ID)
	return translate(err, "save standard import")
}

// FindImport returns a kept import, or NotFound.
func (s *CatalogStore) FindImport(ctx context.Context, id int64) (*catalog.Import, error) {
	im := &catalog.Import{ID: id}
	var by sql.NullInt64
	var rows string
	var created, applied sql.NullTime
	err := s.r.QueryRowContext(ctx, `SELECT file_name, created_by, rows_json, created_at, applied_at FROM standard_imports WHERE id = $1`, id).
		Scan(&im.FileName, &by, &rows, &created, &applied)
	if err != nil {
		return nil, translate(err, fmt.Sprintf("find standard import %d", id))
	}
	if err := json.Unmarshal([]byte(rows), &im.Rows); err != nil {
		return nil, fault.Internalf("sqldb: standard import %d: %w", id, err)
	}
	im.CreatedBy, im.CreatedAt, im.AppliedAt = by.Int64, timeOf(created), timePtr(applied)
	return im, nil
}

// MarkImportApplied records when import id was applied.
func (s *CatalogStore) MarkImportApplied(ctx context.Context, id int64, at time.Time) error {
	res, err := s.w.ExecContext(ctx, `UPDATE standard_imports SET applied_at = $2 WHERE id = $1 AND applied_at IS NULL`, id, utc(at))
	if err != nil {
		return translate(err, "mark standard import applied")
	}
	return mustAffect(res, "mark standard import applied")
}
