package sqldb

import (
	"context"
	"nscl/internal/registry"
	"strconv"
	"strings"
)

// dialect holds what differs between SQLite and PostgreSQL SQL text. Query
// code calls its methods; it never switches on the driver.
type dialect interface {
	name() string
	// nameSearch adds to w the condition "the folded name has a word
	// starting with each of words" and, where the dialect's index can
	// carry them, the tag filters (enterprise search tags, see
	// searchTags). It returns the tags it could not take, for plain
	// column conditions.
	// division, if not empty, is the VSIC division (2 digits) the
	// selection lies in; the dialect may use it to narrow the search (the
	// caller filters the VSIC column anyway).
	nameSearch(w *where, words []string, tags map[string]string, division string) map[string]string
	// indexEnterprises brings the dialect's name index up to date for the
	// enterprises with ids in [from, to] (after inserts or updates).
	indexEnterprises(ctx context.Context, c conn, from, to int64, replace bool) error
	// reindexAllEnterprises rebuilds the dialect's name index of every
	// enterprise (after a bulk load).
	reindexAllEnterprises(ctx context.Context, c conn) error
	// fence ends a subquery that the planner must not merge into the
	// query around it (a no-op LIMIT/OFFSET).
	fence() string
	// fenceNameSearch reports whether a name search's page is read by
	// first computing the selection, then sorting it (see SearchEnterprises).
	fenceNameSearch() bool
	// tagsInNameIndex reports whether nameSearch can match the filter tags
	// alone (no words).
	tagsInNameIndex() bool
	// sortIndexHint returns what follows "FROM enterprises e" to make the
	// query walk the index of sort order s, or "" to leave the plan to the
	// planner.
	sortIndexHint(s registry.Sort) string
	// bulkParam is the i-th (1-based) placeholder of a bulk multi-row
	// statement. Everywhere else queries use $N on both databases.
	bulkParam(i int) string
	// storesSearchTerms reports whether enterprises have the search_terms
	// column, written with each row (see searchTerms).
	storesSearchTerms() bool
	// bulkIndexes are the dialect's own indexes of enterprises that a bulk
	// load builds at its end, besides the shared bulkIndexes.
	bulkIndexes() []bulkIndex
}

type sqliteDialect struct{}

func (sqliteDialect) name() string { return "sqlite" }

// bulkParam is "?" on SQLite: modernc.org/sqlite looks each named ($N)
// parameter up in a linear list when binding, so a statement with P named
// parameters costs O(P²) to bind (40% of a bulk insert's time); anonymous
// "?" parameters bind by position.
func (sqliteDialect) bulkParam(int) string { return "?" }

// nameSearch on SQLite matches the contentless FTS5 table enterprises_fts:
// prefix queries on the name column and exact tokens on the tags column, so
// that filters intersect inside the index.
//
// The words of the legal forms ("Công ty Cổ phần", "TNHH", "MTV") are in
// nearly every name: as prefixes their posting lists are the longest in the
// index and reading them is most of a search's time. When another word is
// there to narrow the selection, they are checked on the selected rows
// instead, as word prefixes of the folded name (the same test the index
// makes).
func (sqliteDialect) nameSearch(w *where, words []string, tags map[string]string, division string) map[string]string {
	var q, common []string
	narrow := false
	for _, word := range words {
		narrow = narrow || !legalFormWords[word]
	}
	for _, word := range words {
		if narrow && legalFormWords[word] {
			common = append(common, word)
			continue
		}
		q = append(q, `name:"`+word+`"*`)
	}
	for _, k := range sortedKeys(tags) {
		q = append(q, `tags:"`+k+tags[k]+`"`)
	}
	if division != "" {
		q = append(q, `tags:"v`+division+`"`)
	}
	w.add("e.id IN (SELECT rowid FROM enterprises_fts WHERE enterprises_fts MATCH ?)", strings.Join(q, " AND "))
	for _, word := range common {
		w.add("(' ' || e.name_folded) GLOB ?", "*[^a-z0-9]"+word+"*")
	}
	return nil
}

// legalFormWords are the folded words of Vietnamese legal forms, typed as
// search words (see nameSearch). They are plain a–z, safe in a GLOB.
var legalFormWords = map[string]bool{"co": true, "cong": true, "ty": true, "phan": true, "tnhh": true, "mtv": true}

// ftsTags is the SQL of the tags column for a row of enterprises.
const ftsTags = `'p' || province_code || ' i' || CASE industry WHEN '' THEN '0' ELSE industry END ||
	' s' || CASE size_class WHEN '' THEN '0' ELSE size_class END ||
	' o' || CASE ownership WHEN '' THEN '0' ELSE ownership END || ' st' || status ||
	' v' || CASE WHEN length(vsic) >= 2 THEN substr(vsic, 1, 2) ELSE '0' END`

func (sqliteDialect) indexEnterprises(ctx context.Context, c conn, from, to int64, replace bool) error {
	if replace {
		if _, err := c.w.ExecContext(ctx, `DELETE FROM enterprises_fts WHERE rowid BETWEEN $1 AND $2`, from, to); err != nil {
			return translate(err, "unindex enterprises")
		}
	}
	_, err := c.w.ExecContext(ctx, `INSERT INTO enterprises_fts (rowid, name, tags)
		SELECT id, name_folded, `+ftsTags+` FROM enterprises WHERE id BETWEEN $1 AND $2`, from, to)
	return translate(err, "index enterprises")
}

// reindexAllEnterprises rebuilds the search index of every enterprise.
func (sqliteDialect) reindexAllEnterprises(ctx context.Context, c conn) error {
	if _, err := c.w.ExecContext(ctx, `INSERT INTO enterprises_fts (enterprises_fts) VALUES ('delete-all')`); err != nil {
		return translate(err, "unindex enterprises")
	}
	_, err := c.w.ExecContext(ctx, `INSERT INTO enterprises_fts (rowid, name, tags)
		SELECT id, name_folded, `+ftsTags+` FROM enterprises`)
	return translate(err, "index enterprises")
}

func (sqliteDialect) tagsInNameIndex() bool { return true }

func (sqliteDialect) storesSearchTerms() bool { return false }

func (sqliteDialect) bulkIndexes() []bulkIndex { return nil }

func (sqliteDialect) fenceNameSearch() bool { return false }

func (sqliteDialect) fence() string { return ` LIMIT -1 OFFSET 0` }

// sortIndexHint on SQLite names the employees index: its planner prefers an
// equality index (province_code) and a sort of all matching rows even when
// the selection is a large share of the registry. The name order needs no
// hint: the province and industry indexes carry the name, and walking the
// name index is no good because names correlate with the filters (the trade
// is in the name: "Công ty Cổ phần Nhựa …" are together in name order).
func (sqliteDialect) sortIndexHint(s registry.Sort) string {
	if s == registry.SortEmployees || s == registry.SortEmployeesDesc {
		return ` INDEXED BY enterprises_employees`
	}
	return ""
}

type postgresDialect struct{}

func (postgresDialect) name() string { return "postgres" }

func (postgresDialect) bulkParam(i int) string { return "$" + strconv.Itoa(i) }

// nameSearch on PostgreSQL matches the GIN-indexed search_terms array: each
// word is an element (the column holds every prefix of every name word) and
// so is each filter tag, so that the index intersects them all (see
// migration 0011).
func (postgresDialect) nameSearch(w *where, words []string, tags map[string]string, division string) map[string]string {
	terms := make([]string, 0, len(words)+len(tags)+1)
	terms = append(terms, words...)
	for _, k := range sortedKeys(tags) {
		terms = append(terms, k+":"+tags[k])
	}
	if division != "" {
		terms = append(terms, "v:"+division)
	}
	w.add("e.search_terms @> ?", terms)
	return nil
}

func (postgresDialect) storesSearchTerms() bool { return true }

func (postgresDialect) bulkIndexes() []bulkIndex {
	return []bulkIndex{{"enterprises_search_terms", `CREATE INDEX IF NOT EXISTS enterprises_search_terms ON enterprises USING gin (search_terms)`}}
}

func (postgresDialect) indexEnterprises(context.Context, conn, int64, int64, bool) error { return nil }

func (postgresDialect) reindexAllEnterprises(context.Context, conn) error { return nil }

func (postgresDialect) tagsInNameIndex() bool { return false }

func (postgresDialect) fenceNameSearch() bool { return true }

func (postgresDialect) fence() string { return ` OFFSET 0` }

// sortIndexHint on PostgreSQL is empty: its planner weighs the selection's
// size from the column statistics.
func (postgresDialect) sortIndexHint(registry.Sort) string { return "" }

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && ks[j] < ks[j-1]; j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
	return ks
}
