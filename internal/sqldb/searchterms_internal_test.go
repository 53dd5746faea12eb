package sqldb

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"nscl/internal/registry"
	"nscl/internal/vn"
)

// TestSearchTerms_MigrationAgrees checks that migration 0011's SQL rule for
// search_terms gives, for the rows that existed, what the store writes for
// new rows (searchTerms): the store writes rows, the test recomputes the
// column with the migration's UPDATE and compares.
func TestSearchTerms_MigrationAgrees(t *testing.T) {
	url := os.Getenv("NSCL_TEST_POSTGRES")
	if url == "" {
		if os.Getenv("NSCL_REQUIRE_POSTGRES") == "1" {
			t.Fatal("NSCL_TEST_POSTGRES is not set")
		}
		t.Skip("NSCL_TEST_POSTGRES is not set")
	}
	ctx := context.Background()
	db, err := Open(ctx, Config{URL: url, Schema: "t_terms_" + time.Now().Format("150405000000"), Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = db.DropSchema(ctx)
		db.Close()
	}()
	names := []string{"Công ty Cổ phần Nhựa An Phát", "Công ty TNHH MTV Cơ khí chính xác số 1", "HTX Đồng Tâm – Bắc Ninh",
		"Doanh nghiệp tư nhân Ánh Dương (ADC)", "Công ty TNHH Điện tử Samsung HCMC CE Complex", "A"}
	var es []*registry.Enterprise
	for i, n := range names {
		tax := ""
		for seq := 1_234_500 + 10*i; ; seq++ {
			p := fmt.Sprintf("01%07d", seq)
			if d, ok := registry.TaxCheckDigit(p); ok {
				tax = p + string(d)
				break
			}
		}
		e := &registry.Enterprise{TaxCode: tax, Name: n, ProvinceCode: "01", VSIC: []string{"2220", "", "13", "2599", "26100", "1"}[i],
			Status: registry.StatusActive}
		if i%2 == 0 {
			e.SizeClass, e.Ownership = registry.SizeSmall, registry.OwnershipPrivate
		}
		e.Derive()
		es = append(es, e)
	}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	read := func() map[int64][]string {
		rows, err := db.read.QueryContext(ctx, `SELECT id, array_to_string(search_terms, '|') FROM enterprises`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[int64][]string{}
		for rows.Next() {
			var id int64
			var s string
			if err := rows.Scan(&id, &s); err != nil {
				t.Fatal(err)
			}
			terms := strings.Split(s, "|")
			slices.Sort(terms)
			out[id] = terms
		}
		return out
	}
	written := read()
	for _, e := range es {
		want := SearchTerms(e, vn.Fold(e.Name))
		slices.Sort(want)
		if !slices.Equal(written[int64(e.ID)], want) {
			t.Errorf("%s: stored %v, want %v", e.Name, written[int64(e.ID)], want)
		}
	}
	mig, err := os.ReadFile("migrations/postgres/0011_registry_search_terms.sql")
	if err != nil {
		t.Fatal(err)
	}
	text := string(mig)
	i := strings.Index(text, "UPDATE enterprises SET search_terms")
	j := strings.Index(text[max(i, 0):], ";")
	if i < 0 || j < 0 {
		t.Fatal("the migration has no UPDATE of search_terms")
	}
	update := text[i : i+j]
	if _, err := db.write.ExecContext(ctx, update); err != nil {
		t.Fatal(err)
	}
	for id, terms := range read() {
		if !slices.Equal(terms, written[id]) {
			t.Errorf("enterprise %d: the migration computes %v, the store wrote %v", id, terms, written[id])
		}
	}
}
