package sqldb_test

import (
	"context"
	"testing"
	"time"

	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

func TestSessionStore(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Sessions()
		future := time.Now().Add(time.Hour)

		t.Run("FindMissing", func(t *testing.T) {
			b, found, err := s.FindCtx(ctx, "missing")
			if err != nil || found || b != nil {
				t.Fatalf("Find(missing) = %q, %v, %v; want nil, false, nil", b, found, err)
			}
		})
		t.Run("CommitFind", func(t *testing.T) {
			if err := s.Commit("tok1", []byte("data one"), future); err != nil {
				t.Fatal(err)
			}
			b, found, err := s.Find("tok1")
			if err != nil || !found {
				t.Fatalf("Find = %v, %v", found, err)
			}
			if got, want := string(b), "data one"; got != want {
				t.Fatalf("data=%q, want %q", got, want)
			}
		})
		t.Run("CommitReplaces", func(t *testing.T) {
			if err := s.CommitCtx(ctx, "tok2", []byte("old"), future); err != nil {
				t.Fatal(err)
			}
			if err := s.CommitCtx(ctx, "tok2", []byte{0, 1, 2, 0xff}, future.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			b, found, err := s.FindCtx(ctx, "tok2")
			if err != nil || !found {
				t.Fatalf("Find = %v, %v", found, err)
			}
			if got, want := string(b), "\x00\x01\x02\xff"; got != want {
				t.Fatalf("data=%q, want %q", got, want)
			}
		})
		t.Run("EmptyData", func(t *testing.T) {
			if err := s.CommitCtx(ctx, "empty", nil, future); err != nil {
				t.Fatal(err)
			}
			if b, found, err := s.FindCtx(ctx, "empty"); err != nil || !found || len(b) != 0 {
				t.Fatalf("Find = %q, %v, %v; want empty, true, nil", b, found, err)
			}
		})
		t.Run("ExpiredIgnored", func(t *testing.T) {
			if err := s.CommitCtx(ctx, "old", []byte("x"), time.Now().Add(-time.Second)); err != nil {
				t.Fatal(err)
			}
			if _, found, err := s.FindCtx(ctx, "old"); err != nil || found {
				t.Fatalf("Find(expired) found=%v err=%v, want false, nil", found, err)
			}
			// Renewing an expired token brings it back.
			if err := s.CommitCtx(ctx, "old", []byte("y"), future); err != nil {
				t.Fatal(err)
			}
			if b, found, err := s.FindCtx(ctx, "old"); err != nil || !found || string(b) != "y" {
				t.Fatalf("Find(renewed) = %q, %v, %v", b, found, err)
			}
		})
		t.Run("Delete", func(t *testing.T) {
			if err := s.CommitCtx(ctx, "del", []byte("x"), future); err != nil {
				t.Fatal(err)
			}
			if err := s.Delete("del"); err != nil {
				t.Fatal(err)
			}
			if _, found, err := s.FindCtx(ctx, "del"); err != nil || found {
				t.Fatalf("Find(deleted) found=%v err=%v", found, err)
			}
			if err := s.DeleteCtx(ctx, "never existed"); err != nil {
				t.Fatalf("Delete(missing) = %v, want nil", err)
			}
		})
		t.Run("DeleteExpired", func(t *testing.T) {
			past := time.Now().Add(-time.Minute)
			for _, tok := range []string{"exp1", "exp2", "exp3"} {
				if err := s.CommitCtx(ctx, tok, []byte("x"), past); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.CommitCtx(ctx, "live", []byte("x"), future); err != nil {
				t.Fatal(err)
			}
			n, err := s.DeleteExpired(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n != 3 {
				t.Fatalf("DeleteExpired = %d, want 3", n)
			}
			if n, err := s.DeleteExpired(ctx); err != nil || n != 0 {
				t.Fatalf("second DeleteExpired = %d, %v; want 0", n, err)
			}
			if _, found, err := s.FindCtx(ctx, "live"); err != nil || !found {
				t.Fatalf("live session gone: found=%v err=%v", found, err)
			}
		})
	})
}
