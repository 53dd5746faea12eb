package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"nscl/internal/sqldb"
)

// The experts of the matching tests are written with plain SQL: the
// directory's store owns these tables (0008_directory.sql) and the matching
// store only reads them and keeps the track-record counters.

// testExpert is one expert row and its expertise, sectors and provinces.
type testExpert struct {
	ID           int64
	UserID       int64
	Org          int64
	Name         string
	Title        string
	Public       string // public_fields, comma-separated
	Province     string
	Capacity     int
	Active       int
	Completed    int
	RatingSum    int
	RatingCount  int
	Consents     string // default "listing,matching"
	Status       string // default "active"
	Tools        map[string]int
	Sectors      []string
	Provinces    []string
	RelatedFirms []int64 // declared relations (conflicts of interest)
}

// batchInsert inserts rows with multi-row VALUES statements of at most
// 500 rows.
func batchInsert(ctx context.Context, tx *sql.Tx, head string, cols int, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), 500)
		var sb strings.Builder
		sb.WriteString(head)
		sb.WriteString(" VALUES ")
		args := make([]any, 0, n*cols)
		for i, r := range rows[:n] {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteByte('(')
			for j := range cols {
				if j > 0 {
					sb.WriteByte(',')
				}
				fmt.Fprintf(&sb, "$%d", i*cols+j+1)
			}
			sb.WriteByte(')')
			args = append(args, r...)
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("%s: %w", head, err)
		}
		rows = rows[n:]
	}
	return nil
}

// insertExperts writes es (IDs must be set, unique) in one transaction.
func insertExperts(tb testing.TB, db *sqldb.DB, es []testExpert) {
	tb.Helper()
	ctx := context.Background()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tx, err := db.WriteDB().BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	var ex, tools, secs, provs, rels [][]any
	for _, e := range es {
		consents, status := e.Consents, e.Status
		if consents == "" {
			consents = "listing,matching"
		}
		if status == "" {
			status = "active"
		}
		var user, org any
		if e.UserID != 0 {
			user = e.UserID
		}
		if e.Org != 0 {
			org = e.Org
		}
		ex = append(ex, []any{e.ID, user, org, e.Name, strings.ToLower(e.Name), e.Title, e.Public, e.Province, e.Capacity, e.Active, e.Completed,
			e.RatingSum, e.RatingCount, consents, status, now, now})
		for t, l := range e.Tools {
			tools = append(tools, []any{e.ID, t, l})
		}
		for _, s := range e.Sectors {
			secs = append(secs, []any{e.ID, s})
		}
		for _, p := range e.Provinces {
			provs = append(provs, []any{e.ID, p})
		}
		for _, f := range e.RelatedFirms {
			rels = append(rels, []any{e.ID, f, "employment", now})
		}
	}
	steps := []struct {
		head string
		cols int
		rows [][]any
	}{
		{`INSERT INTO experts (id, user_id, organisation_id, name, name_folded, title, public_fields, province_code, capacity, active_engagements,
			engagements_completed, rating_sum, rating_count, consents, status, created_at, updated_at)`, 17, ex},
		{`INSERT INTO expert_tools (expert_id, tool_code, level)`, 3, tools},
		{`INSERT INTO expert_sectors (expert_id, industry)`, 2, secs},
		{`INSERT INTO expert_provinces (expert_id, province_code)`, 2, provs},
		{`INSERT INTO expert_relations (expert_id, enterprise_id, kind, declared_at)`, 4, rels},
	}
	for _, s := range steps {
		if err := batchInsert(ctx, tx, s.head, s.cols, s.rows); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	if db.IsPostgres() {
		// Identity columns do not advance on explicit ids.
		if _, err := db.WriteDB().ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('experts', 'id'), (SELECT max(id) FROM experts))`); err != nil {
			tb.Fatal(err)
		}
	}
}

// insertOrganisation writes an organisation (enterprise 0 = none) and
// returns its id.
func insertOrganisation(tb testing.TB, db *sqldb.DB, name string, enterprise int64) int64 {
	tb.Helper()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var ent any
	if enterprise != 0 {
		ent = enterprise
	}
	var id int64
	err := db.WriteDB().QueryRowContext(context.Background(), `INSERT INTO organisations (kind, name, name_folded, enterprise_id, created_at, updated_at)
		VALUES ('consulting', $1, $2, $3, $4, $4) RETURNING id`, name, strings.ToLower(name), ent, now).Scan(&id)
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// The distributions of the benchmark's directory: tool popularity (the
// basic tools are the most common expertise), levels (few lead
// consultants), and the provinces where experts are based (the two large
// cities first).
var (
	fillTools = []struct {
		code   string
		weight int
	}{{"5s", 30}, {"kaizen", 25}, {"iso9001", 25}, {"qc7", 18}, {"lean", 16}, {"qcc", 8}, {"vsm", 6}, {"smed", 5}, {"jit", 4},
		{"tpm", 8}, {"six_sigma", 7}, {"spc", 6}, {"poka_yoke", 4}, {"kpi_bsc", 8}, {"iso14001", 10}, {"iso45001", 8},
		{"iso50001", 5}, {"iso22000", 4}, {"gmp_haccp", 4}, {"iso27001", 3}, {"digital_mes", 4}, {"energy_audit", 5}}
	fillIndustries = []string{"textiles", "leather", "plastics", "steel", "chemicals", "mechanical", "energy", "electronics", "other"}
	fillProvinces  = []string{"01", "79", "79", "01", "01", "79", "31", "48", "75", "92", "22", "04", "08", "11", "12", "14", "15",
		"19", "20", "24", "25", "33", "37", "38", "40", "42", "44", "46", "51", "52", "56", "66", "68", "80", "82", "86", "91", "96"}
)

// fakeExperts returns n experts with ids from first, in orgs organisations
// (ids orgFirst…orgFirst+orgs-1; 60% of experts belong to one), with
// realistic spreads of expertise, track record and capacity. related are
// firms some experts declare relations with.
func fakeExperts(rng *rand.Rand, first int64, n int, orgFirst int64, orgs int, related []int64) []testExpert {
	total := 0
	for _, t := range fillTools {
		total += t.weight
	}
	pickTool := func() string {
		r := rng.IntN(total)
		for _, t := range fillTools {
			if r < t.weight {
				return t.code
			}
			r -= t.weight
		}
		return fillTools[0].code
	}
	es := make([]testExpert, n)
	for i := range es {
		e := testExpert{ID: first + int64(i), Name: fmt.Sprintf("Chuyên gia %d", first+int64(i)),
			Province: fillProvinces[rng.IntN(len(fillProvinces))], Capacity: 1 + rng.IntN(5), Tools: map[string]int{}}
		if orgs > 0 && rng.IntN(10) < 6 {
			e.Org = orgFirst + int64(rng.IntN(orgs))
		}
		if e.ID%5 != 0 { // one in five keeps organisation, title and province private
			e.Title, e.Public = "ThS.", "title,organisation,province"
		}
		for range 1 + rng.IntN(6) {
			l := 1
			switch r := rng.IntN(100); {
			case r < 15:
				l = 3
			case r < 50:
				l = 2
			}
			e.Tools[pickTool()] = l
		}
		for range 1 + rng.IntN(3) {
			s := fillIndustries[rng.IntN(len(fillIndustries))]
			if !slices.Contains(e.Sectors, s) {
				e.Sectors = append(e.Sectors, s)
			}
		}
		e.Provinces = []string{e.Province}
		for range rng.IntN(4) {
			p := fillProvinces[rng.IntN(len(fillProvinces))]
			if !slices.Contains(e.Provinces, p) {
				e.Provinces = append(e.Provinces, p)
			}
		}
		e.Active = rng.IntN(e.Capacity + 1)
		if rng.IntN(3) > 0 {
			e.Completed = int(rng.ExpFloat64() * 8)
			e.RatingCount = e.Completed * (60 + rng.IntN(41)) / 100
			for range e.RatingCount {
				e.RatingSum += 3 + rng.IntN(3)
			}
		}
		switch r := rng.IntN(100); {
		case r < 8:
			e.Status = "inactive"
		case r < 20:
			e.Consents = "listing"
		}
		if len(related) > 0 && rng.IntN(50) == 0 {
			e.RelatedFirms = []int64{related[rng.IntN(len(related))]}
		}
		es[i] = e
	}
	return es
}
