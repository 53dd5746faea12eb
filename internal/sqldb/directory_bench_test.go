package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"syscall"
	"testing"
	"time"

	"nscl/internal/catalog"
	"nscl/internal/directory"
	"nscl/internal/geo"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// The directory benchmarks fill a fresh database with the national demo's
// sizes (10,000 organisations, 50,000 experts with 1–5 tools, 1–3 sectors
// and 1–4 provinces served) once per run, then time the public search
// (listed experts only, a page of 20 with its tools, sectors and provinces)
// and report p50 and p95. The search goes through the directory service as
// an anonymous visitor's does (listed experts, public views; the sizes of
// the broadest selections cached a minute). They run only with -bench:
//
//	NSCL_TEST_POSTGRES=postgres://… go test ./internal/sqldb/ -run '^$' -bench Directory -benchtime 400x
const (
	benchOrgs    = 10_000
	benchExperts = 50_000
)

var (
	benchFamilies = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Cao"}
	benchMiddles  = []string{"Văn", "Thị", "Đức", "Minh", "Thu", "Quốc", "Thanh", "Ngọc", "Hữu", "Thị Thu", "Xuân", "Hoài", "Công", "Đình", "Bảo"}
	benchGivens   = []string{"An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai",
		"Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Trung", "Tuấn", "Vân", "Yến", "Đức", "Huy", "Hiếu"}
	benchOrgKinds = []directory.OrgKind{directory.OrgConsulting, directory.OrgTestingLab, directory.OrgCertification, directory.OrgResearch, directory.OrgTraining, directory.OrgUniversity}
	benchFields   = []string{"Năng suất", "Chất lượng", "Cải tiến", "Quản lý", "Tiêu chuẩn", "Đo lường", "Công nghệ"}
	benchSectors  = []string{"textiles", "leather", "plastics", "steel", "chemicals", "mechanical", "energy", "electronics", "other"}
)

func fillDirectory(b *testing.B, db *sqldb.DB) { fillDirectoryT(b, db) }

func fillDirectoryT(b testing.TB, db *sqldb.DB) {
	b.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	start := time.Now()
	now := time.Now()
	s := db.Directory()
	orgs := make([]*directory.Organisation, benchOrgs)
	for i := range orgs {
		orgs[i] = &directory.Organisation{Kind: benchOrgKinds[rng.IntN(len(benchOrgKinds))], Status: "active", CreatedAt: now, UpdatedAt: now,
			Name:         fmt.Sprintf("Công ty Tư vấn %s %s %d", benchFields[rng.IntN(len(benchFields))], benchBrands[rng.IntN(len(benchBrands))], i),
			ProvinceCode: benchProvinces[rng.IntN(len(benchProvinces))]}
	}
	if err := s.CreateOrganisations(ctx, orgs); err != nil {
		b.Fatal(err)
	}
	tools := catalog.BuiltinTools
	for done := 0; done < benchExperts; done += 10_000 {
		es := make([]*directory.Expert, 10_000)
		for i := range es {
			n := done + i
			e := &directory.Expert{Kind: directory.KindExpert, Status: directory.StatusActive, CreatedAt: now, UpdatedAt: now, Capacity: 2,
				Name:         benchFamilies[rng.IntN(len(benchFamilies))] + " " + benchMiddles[rng.IntN(len(benchMiddles))] + " " + benchGivens[rng.IntN(len(benchGivens))],
				Email:        fmt.Sprintf("cg%d@example.vn", n),
				IDNumber:     fmt.Sprintf("%012d", n+1),
				ProvinceCode: benchProvinces[rng.IntN(len(benchProvinces))], Languages: []string{"vi"}}
			if rng.IntN(10) < 7 {
				e.OrganisationID = orgs[rng.IntN(len(orgs))].ID
			}
			for _, j := range rng.Perm(len(tools))[:1+rng.IntN(5)] {
				e.Tools = append(e.Tools, directory.Expertise{Tool: tools[j], Level: directory.Level(1 + rng.IntN(3))})
			}
			for _, j := range rng.Perm(len(benchSectors))[:1+rng.IntN(3)] {
				e.Sectors = append(e.Sectors, benchSectors[j])
			}
			e.Provinces = []string{e.ProvinceCode}
			for range rng.IntN(4) {
				if p := benchProvinces[rng.IntN(len(benchProvinces))]; !slices.Contains(e.Provinces, p) {
					e.Provinces = append(e.Provinces, p)
				}
			}
			if rng.IntN(100) < 85 {
				e.Consents = []directory.Purpose{directory.PurposeListing, directory.PurposeMatching, directory.PurposePublication}
			}
			es[i] = e
		}
		if err := s.CreateExperts(ctx, es); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.Analyze(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d organisations, %d experts in %v", db.DriverName(), benchOrgs, benchExperts, time.Since(start).Round(time.Millisecond))
}

type dirBenchQuery struct {
	name string
	f    directory.ExpertFilter
}

// directoryQueries are the typical public searches: a name word, a folded
// prefix, tool and province filters, filters without words.
var directoryQueries = []dirBenchQuery{
	{"name word", directory.ExpertFilter{Query: "Hùng"}},
	{"folded prefix", directory.ExpertFilter{Query: "nguyen van h"}},
	{"organisation word", directory.ExpertFilter{Query: "tu van nang suat"}},
	{"tool+province", directory.ExpertFilter{Tool: catalog.Tool5S, Province: "01"}},
	{"tool+level+province", directory.ExpertFilter{Tool: catalog.ToolLean, MinLevel: 2, Province: "79"}},
	{"name+tool", directory.ExpertFilter{Query: "tran thi", Tool: catalog.ToolKaizen}},
	{"empty, sector+province", directory.ExpertFilter{Sector: "plastics", Province: "48"}},
	{"empty, no filter", directory.ExpertFilter{}},
	{"empty, kind", directory.ExpertFilter{Kind: directory.KindExpert, Offset: 200}},
	{"province only", directory.ExpertFilter{Province: "31"}},
}

func benchmarkDirectory(b *testing.B, db *sqldb.DB) {
	fillDirectory(b, db)
	ctx := context.Background()
	s := db.Directory()
	svc := directory.NewService(s, geo.MustLoad())
	run := func(q dirBenchQuery) (time.Duration, error) {
		q.f.Limit = 20
		start := time.Now()
		_, _, err := svc.SearchExperts(ctx, q.f)
		return time.Since(start), err
	}
	for _, q := range directoryQueries {
		if _, err := run(q); err != nil {
			b.Fatalf("%s: %v", q.name, err)
		}
	}
	b.Run("Search", func(b *testing.B) {
		var lat latencies
		i := 0
		cpu0 := processCPU()
		for b.Loop() {
			q := directoryQueries[i%len(directoryQueries)]
			i++
			d, err := run(q)
			if err != nil {
				b.Fatal(err)
			}
			lat.add(q.name, d)
		}
		lat.report(b)
		if !db.IsPostgres() && len(lat.all) > 0 {
			// SQLite runs in this process: its CPU time per search does not
			// grow when other processes load the machine, unlike the wall
			// time above.
			b.ReportMetric(ms((processCPU()-cpu0)/time.Duration(len(lat.all))), "cpu-ms/op")
		}
	})
	b.Run("Organisations", func(b *testing.B) {
		var lat latencies
		qs := []directory.OrgFilter{{Query: "nang suat"}, {Kind: directory.OrgTestingLab, Province: "01"}, {}, {Query: "tu van an phat"}}
		i := 0
		for b.Loop() {
			f := qs[i%len(qs)]
			i++
			f.Query, f.Limit = vn.Fold(f.Query), 20
			start := time.Now()
			if _, _, err := s.SearchOrganisations(ctx, f); err != nil {
				b.Fatal(err)
			}
			lat.add("", time.Since(start))
		}
		lat.report(b)
	})
}

func BenchmarkDirectory_SQLite(b *testing.B) { benchmarkDirectory(b, sqldbtest.MustOpenSQLite(b)) }

func BenchmarkDirectory_Postgres(b *testing.B) { benchmarkDirectory(b, sqldbtest.MustOpenPostgres(b)) }

// processCPU is the CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
