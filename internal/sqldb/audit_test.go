package sqldb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nscl/internal/audit"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// mustAddAudit writes entries through AuthStore.AddAudit (every domain
// store shares the one insert).
func mustAddAudit(t *testing.T, db *sqldb.DB, es ...audit.Entry) {
	t.Helper()
	for _, e := range es {
		if err := db.Auth().AddAudit(context.Background(), e); err != nil {
			t.Fatalf("AddAudit(%s): %v", e.Action, err)
		}
	}
}

func TestAuditStore_FindEntries(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		mustAddAudit(t, db,
			audit.Entry{At: t0, ActorID: 1, ActorEmail: "a@x.vn", Action: "user.create", ObjectType: "user", ObjectID: "10",
				After: `{"id":10}`, IP: "10.0.0.1", RequestID: "r1"},
			audit.Entry{At: t0.Add(time.Hour), ActorID: 1, ActorEmail: "a@x.vn", Action: "user.update", ObjectType: "user", ObjectID: "10",
				Before: `{"id":10}`, After: `{"id":10,"name":"B"}`},
			audit.Entry{At: t0.Add(2 * time.Hour), ActorID: 2, ActorEmail: "b@x.vn", Action: "auth.login", ObjectType: "user", ObjectID: "2"},
			audit.Entry{At: t0.Add(3 * time.Hour), Action: "auth.login_failed", ObjectType: "user", ObjectID: "2"},
			audit.Entry{At: t0.Add(3 * time.Hour), Action: "user.import", ObjectType: "user"}, // same time, larger id
			audit.Entry{At: t0.Add(4 * time.Hour), ActorID: 2, Action: "token.create", ObjectType: "api_token", ObjectID: "5"},
		)

		actions := func(es []*audit.Entry) []string {
			out := []string{}
			for _, e := range es {
				out = append(out, e.Action)
			}
			return out
		}
		for _, tc := range []struct {
			name      string
			f         audit.Filter
			want      []string
			wantTotal int
		}{
			{"All", audit.Filter{},
				[]string{"token.create", "user.import", "auth.login_failed", "auth.login", "user.update", "user.create"}, 6},
			{"Actor", audit.Filter{ActorID: 1}, []string{"user.update", "user.create"}, 2},
			{"ActionExact", audit.Filter{Action: "auth.login"}, []string{"auth.login"}, 1},
			{"ActionPrefix", audit.Filter{Action: "auth."}, []string{"auth.login_failed", "auth.login"}, 2},
			{"ActionPrefixIsNotLike", audit.Filter{Action: "auth_"}, []string{}, 0},
			{"ObjectType", audit.Filter{ObjectType: "api_token"}, []string{"token.create"}, 1},
			{"Object", audit.Filter{ObjectType: "user", ObjectID: "10"}, []string{"user.update", "user.create"}, 2},
			{"FromInclusive", audit.Filter{From: t0.Add(3 * time.Hour)}, []string{"token.create", "user.import", "auth.login_failed"}, 3},
			{"ToExclusive", audit.Filter{To: t0.Add(time.Hour)}, []string{"user.create"}, 1},
			{"FromToOtherZone", audit.Filter{From: t0.Add(time.Hour).In(time.FixedZone("ICT", 7*3600)), To: t0.Add(3 * time.Hour)},
				[]string{"auth.login", "user.update"}, 2},
			{"Page", audit.Filter{Offset: 1, Limit: 2}, []string{"user.import", "auth.login_failed"}, 6},
			{"PastLastPage", audit.Filter{Offset: 10, Limit: 2}, []string{}, 6},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, total, err := db.Audit().FindEntries(ctx, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.want, actions(got)); diff != "" {
					t.Errorf("actions (-want +got):\n%s", diff)
				}
				if total != tc.wantTotal {
					t.Errorf("total=%d, want %d", total, tc.wantTotal)
				}
			})
		}

		t.Run("RoundTrip", func(t *testing.T) {
			got, _, err := db.Audit().FindEntries(ctx, audit.Filter{Action: "user.update"})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 {
				t.Fatalf("got %d entries", len(got))
			}
			want := &audit.Entry{ID: got[0].ID, At: t0.Add(time.Hour), ActorID: 1, ActorEmail: "a@x.vn", Action: "user.update",
				ObjectType: "user", ObjectID: "10", Before: `{"id":10}`, After: `{"id":10,"name":"B"}`}
			if diff := cmp.Diff(want, got[0]); diff != "" {
				t.Errorf("entry (-want +got):\n%s", diff)
			}
			if got[0].At.Location() != time.UTC {
				t.Errorf("At location=%v, want UTC", got[0].At.Location())
			}
		})
	})
}

func TestAuditStore_FindEntries_LimitCap(t *testing.T) {
	t.Parallel()
	db := sqldbtest.MustOpenSQLite(t)
	ctx := context.Background()
	es := make([]audit.Entry, 1005)
	for i := range es {
		es[i] = audit.Entry{At: time.Unix(int64(i), 0), Action: "x.y", ObjectType: "x"}
	}
	mustAddAudit(t, db, es...)
	for _, tc := range []struct {
		limit, want int
	}{{0, 50}, {10, 10}, {5000, 1000}} {
		got, total, err := db.Audit().FindEntries(ctx, audit.Filter{Limit: tc.limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tc.want || total != 1005 {
			t.Errorf("Limit %d: %d entries, total %d; want %d, 1005", tc.limit, len(got), total, tc.want)
		}
	}
}

func TestAuditStore_EachEntry(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		var es []audit.Entry
		for i := range 120 {
			action := "user.update"
			if i%3 == 0 {
				action = "auth.login"
			}
			es = append(es, audit.Entry{At: t0.Add(time.Duration(i) * time.Minute), Action: action, ObjectType: "user"})
		}
		mustAddAudit(t, db, es...)

		t.Run("OldestFirstNoLimit", func(t *testing.T) {
			var got []time.Time
			err := db.Audit().EachEntry(ctx, audit.Filter{Action: "user.", Limit: 5, Offset: 3}, func(e *audit.Entry) error {
				got = append(got, e.At)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 80 {
				t.Fatalf("%d entries, want 80", len(got))
			}
			for i := 1; i < len(got); i++ {
				if !got[i].After(got[i-1]) {
					t.Fatalf("entry %d at %v not after %v", i, got[i], got[i-1])
				}
			}
		})
		t.Run("StopsAtError", func(t *testing.T) {
			stop := errors.New("stop")
			n := 0
			err := db.Audit().EachEntry(ctx, audit.Filter{}, func(*audit.Entry) error {
				n++
				if n == 3 {
					return stop
				}
				return nil
			})
			if !errors.Is(err, stop) || n != 3 {
				t.Fatalf("err=%v after %d entries, want stop after 3", err, n)
			}
		})
	})
}
