package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nscl/internal/fault"
	"nscl/internal/mail"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

func TestMailStore(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Mail()
		t0 := time.Date(2026, 5, 1, 9, 30, 0, 123456000, time.UTC)
		msgs := []*mail.Message{
			{To: "Lan.Nguyen@Example.vn", Subject: "Đặt lại mật khẩu", Body: "Xin chào\nliên kết", Status: mail.StatusStored, CreatedAt: t0},
			{To: "minh@moit.gov.vn", Subject: "Two", Body: "b", Status: mail.StatusStored, CreatedAt: t0.Add(time.Minute)},
			{To: "lan.tran@example.vn", Subject: "Three", Body: "c", Status: mail.StatusStored, CreatedAt: t0.Add(2 * time.Minute)},
		}
		for _, m := range msgs {
			if err := s.CreateMessage(ctx, m); err != nil {
				t.Fatal(err)
			}
			if m.ID == 0 {
				t.Fatal("CreateMessage did not fill ID")
			}
		}

		t.Run("FindByID", func(t *testing.T) {
			got, err := s.FindMessageByID(ctx, msgs[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(msgs[0], got); diff != "" {
				t.Errorf("message (-want +got):\n%s", diff)
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			_, err := s.FindMessageByID(ctx, 999999)
			if got := fault.KindOf(err); got != fault.NotFound {
				t.Fatalf("kind=%v (%v), want not_found", got, err)
			}
		})
		t.Run("Update", func(t *testing.T) {
			m := *msgs[1]
			sent := t0.Add(time.Hour)
			m.Status, m.SentAt, m.Error = mail.StatusSent, &sent, ""
			if err := s.UpdateMessage(ctx, &m); err != nil {
				t.Fatal(err)
			}
			got, err := s.FindMessageByID(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&m, got); diff != "" {
				t.Errorf("message (-want +got):\n%s", diff)
			}
			missing := m
			missing.ID = 999999
			if err := s.UpdateMessage(ctx, &missing); !fault.Is(err, fault.NotFound) {
				t.Fatalf("Update(missing) = %v, want not_found", err)
			}
		})
		t.Run("FindMessages", func(t *testing.T) {
			for _, tc := range []struct {
				name      string
				f         mail.Filter
				want      []int64
				wantTotal int
			}{
				{"NewestFirst", mail.Filter{}, []int64{msgs[2].ID, msgs[1].ID, msgs[0].ID}, 3},
				{"ToSubstringAnyCase", mail.Filter{To: "LAN."}, []int64{msgs[2].ID, msgs[0].ID}, 2},
				{"ToNoMatch", mail.Filter{To: "nobody"}, []int64{}, 0},
				{"Page", mail.Filter{Offset: 1, Limit: 1}, []int64{msgs[1].ID}, 3},
				{"PastLastPage", mail.Filter{To: "example", Offset: 5, Limit: 1}, []int64{}, 2},
			} {
				t.Run(tc.name, func(t *testing.T) {
					got, total, err := s.FindMessages(ctx, tc.f)
					if err != nil {
						t.Fatal(err)
					}
					ids := []int64{}
					for _, m := range got {
						ids = append(ids, m.ID)
					}
					if diff := cmp.Diff(tc.want, ids); diff != "" {
						t.Errorf("ids (-want +got):\n%s", diff)
					}
					if total != tc.wantTotal {
						t.Errorf("total=%d, want %d", total, tc.wantTotal)
					}
				})
			}
		})
	})
}
