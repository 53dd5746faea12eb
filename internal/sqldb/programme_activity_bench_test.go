package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/programme"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// The activities' list benchmark fills a fresh database with 200,000
// activities (2,000 enterprises, 40 calls of the ministry and the
// provinces, titles like the demo's, a verifier on some and reviews on
// others) and times the list's first page as the officers, an enterprise,
// a reviewer and a title search see it; the target is p95 ≤ 100 ms. Run:
//
//	NSCL_TEST_POSTGRES=postgres://… go test ./internal/sqldb/ -run '^$' -bench ActivityList -benchtime 400x -timeout 30m
const benchActivities = 200_000

var benchActTitles = []string{"Mô hình điểm Lean", "Áp dụng 5S", "Kaizen", "Quản lý chất lượng ISO 9001", "Bảo trì năng suất toàn diện TPM",
	"Sản xuất sạch hơn", "Chuyển đổi số quản trị sản xuất", "Six Sigma", "Đào tạo chuyên gia năng suất", "Tiết kiệm năng lượng"}

var benchActPlaces = []string{"xưởng may", "nhà máy thép", "dây chuyền bao bì", "phân xưởng cơ khí", "nhà máy thực phẩm", "xưởng gỗ",
	"nhà máy nhựa", "dây chuyền điện tử"}

type benchActScope struct {
	entID  int64
	userID auth.UserID
}

func fillActivities(b *testing.B, db *sqldb.DB) benchActScope {
	b.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 7))
	start := time.Now()
	es := makeEnterprises(1_700_000_000, 2_000, start)
	for i, e := range es {
		e.ProvinceCode = benchProvinces[i%len(benchProvinces)]
	}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		b.Fatal(err)
	}
	var users []auth.UserID
	for i := range 50 {
		u := &auth.User{Email: fmt.Sprintf("td%d@example.vn", i), Name: fmt.Sprintf("Thẩm định %d", i), PasswordHash: "x",
			Role: auth.RoleExpert, Lang: "vi", CreatedAt: start, UpdatedAt: start}
		if err := db.Auth().CreateUser(ctx, u); err != nil {
			b.Fatal(err)
		}
		users = append(users, u.ID)
	}
	var calls []*programme.Call
	for i := range 40 {
		c := &programme.Call{Code: fmt.Sprintf("BENCH-%02d", i), Title: "Đợt", Track: programme.TrackBreadth,
			OpensAt: start.AddDate(0, -1, 0), Deadline: start.AddDate(0, 1, 0), Status: programme.CallOpen}
		if i%2 == 1 {
			c.ProvinceCode = benchProvinces[i%len(benchProvinces)]
		}
		if err := db.Programme().CreateCall(ctx, c); err != nil {
			b.Fatal(err)
		}
		calls = append(calls, c)
	}
	w := db.WriteDB()
	statuses := []string{"draft", "submitted", "in_review", "approved", "rejected", "in_progress", "completed"}
	const batch = 500
	cols := []string{"programme_id", "call_id", "type", "track", "year", "title", "title_folded", "enterprise_id", "province_code",
		"status", "state_budget", "counterpart", "review_score", "verifier_id", "created_at", "updated_at"}
	var reviews [][2]int64
	titles := make([]string, 0, benchActivities)
	for done := 0; done < benchActivities; done += batch {
		var sb strings.Builder
		sb.WriteString("INSERT INTO activities (" + strings.Join(cols, ", ") + ") VALUES ")
		args := make([]any, 0, batch*len(cols))
		for i := range batch {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(")
			for j := range cols {
				if j > 0 {
					sb.WriteString(", ")
				}
				sb.WriteString("$" + strconv.Itoa(len(args)+j+1))
			}
			sb.WriteString(")")
			n := done + i
			e := es[rng.IntN(len(es))]
			c := calls[rng.IntN(len(calls))]
			title := benchActTitles[rng.IntN(len(benchActTitles))] + " " + benchActPlaces[rng.IntN(len(benchActPlaces))] + " " + strconv.Itoa(n)
			titles = append(titles, title)
			var score, verifier any
			st := statuses[rng.IntN(len(statuses))]
			if st != "draft" && st != "submitted" {
				score = float64(50 + rng.IntN(50))
			}
			if st == "in_progress" || st == "completed" {
				verifier = int64(users[rng.IntN(len(users))])
			}
			at := start.Add(time.Duration(n) * time.Second)
			args = append(args, int64(programme.TheProgramme), int64(c.ID), string(programme.TypePilotModel), string(programme.TrackBreadth),
				2026, title, vn.Fold(title), int64(e.ID), e.ProvinceCode, st, int64(300_000_000), int64(200_000_000), score, verifier, at, at)
			if st == "in_review" || st == "approved" {
				reviews = append(reviews, [2]int64{int64(n), int64(users[rng.IntN(len(users))])})
			}
		}
		if _, err := w.ExecContext(ctx, sb.String(), args...); err != nil {
			b.Fatal(err)
		}
	}
	var first int64
	if err := w.QueryRowContext(ctx, `SELECT MIN(id) FROM activities`).Scan(&first); err != nil {
		b.Fatal(err)
	}
	// The title search's words (activity_words), as every writer of
	// activities stores them: the distinct words of the folded title.
	var words [][2]any
	for n, title := range titles {
		seen := map[string]bool{}
		for _, w := range strings.Fields(vn.Fold(title)) {
			if !seen[w] && len(seen) < 32 {
				seen[w] = true
				words = append(words, [2]any{w, first + int64(n)})
			}
		}
	}
	for done := 0; done < len(words); done += batch {
		var sb strings.Builder
		sb.WriteString("INSERT INTO activity_words (word, activity_id) VALUES ")
		var args []any
		for i, w := range words[done:min(done+batch, len(words))] {
			if i > 0 {
				sb.WriteString(", ")
			}
			fmt.Fprintf(&sb, "($%d, $%d)", len(args)+1, len(args)+2)
			args = append(args, w[0], w[1])
		}
		if _, err := w.ExecContext(ctx, sb.String(), args...); err != nil {
			b.Fatal(err)
		}
	}
	for done := 0; done < len(reviews); done += batch {
		var sb strings.Builder
		sb.WriteString("INSERT INTO activity_reviews (activity_id, reviewer_id, status, scores, assigned_at) VALUES ")
		var args []any
		for i, r := range reviews[done:min(done+batch, len(reviews))] {
			if i > 0 {
				sb.WriteString(", ")
			}
			k := len(args)
			fmt.Fprintf(&sb, "($%d, $%d, 'assigned', '{}', $%d)", k+1, k+2, k+3)
			args = append(args, first+r[0], r[1], start)
		}
		if _, err := w.ExecContext(ctx, sb.String(), args...); err != nil {
			b.Fatal(err)
		}
	}
	// What autovacuum does on PostgreSQL (statistics and the visibility
	// map that index-only counts need); SQLite only has ANALYZE.
	if _, err := w.ExecContext(ctx, `VACUUM ANALYZE`); err != nil {
		if _, err := w.ExecContext(ctx, `ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("filled %d activities, %d words, %d reviews in %s", benchActivities, len(words), len(reviews), time.Since(start).Round(time.Second))
	return benchActScope{entID: int64(es[7].ID), userID: users[3]}
}

func benchmarkActivityList(b *testing.B, db *sqldb.DB) {
	sc := fillActivities(b, db)
	ctx := context.Background()
	st := db.Programme()
	qs := []struct {
		name string
		f    programme.ActivityFilter
	}{
		{"officer, first page", programme.ActivityFilter{All: true}},
		{"officer, submitted", programme.ActivityFilter{All: true, Status: programme.StatusSubmitted}},
		{"province officer (79)", programme.ActivityFilter{Province: "79"}},
		{"enterprise", programme.ActivityFilter{EnterpriseID: sc.entID}},
		{"reviewer", programme.ActivityFilter{UserID: sc.userID}},
		{"title search “kaizen may”", programme.ActivityFilter{All: true, Query: vn.Fold("kaizen xưởng may")}},
		{"title search, rare", programme.ActivityFilter{All: true, Query: vn.Fold("19999")}},
	}
	for _, q := range qs {
		list, n, err := st.FindActivities(ctx, q.f)
		if err != nil || n == 0 || len(list) == 0 {
			b.Fatalf("%s: %d rows, %v", q.name, n, err)
		}
	}
	var lat latencies
	i := 0
	for b.Loop() {
		q := qs[i%len(qs)]
		i++
		q.f.Limit = 20
		t := time.Now()
		if _, _, err := st.FindActivities(ctx, q.f); err != nil {
			b.Fatal(err)
		}
		lat.add(q.name, time.Since(t))
	}
	lat.report(b)
}

func BenchmarkActivityList_SQLite(b *testing.B) {
	benchmarkActivityList(b, sqldbtest.MustOpenSQLite(b))
}

func BenchmarkActivityList_Postgres(b *testing.B) {
	benchmarkActivityList(b, sqldbtest.MustOpenPostgres(b))
}
