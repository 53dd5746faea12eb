package directory_test

import (
	"context"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/directory"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

func TestService_ImportWaitsInTheDatabase(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		now := time.Date(2026, 5, 4, 3, 0, 0, 0, time.UTC)
		officer2 := &auth.Actor{Email: "so2@x.vn", Role: auth.RoleAdmin}
		u := auth.User{Email: officer2.Email, Name: "b", PasswordHash: "x", Role: auth.RoleAdmin, Lang: "vi", PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
		if err := db.Auth().CreateUser(context.Background(), &u); err != nil {
			t.Fatal(err)
		}
		officer2.UserID = u.ID
		ctx := as(e.admin)
		file := []byte("Tên tổ chức,Loại tổ chức,Tỉnh/Thành phố\nCông ty Tư vấn Năng suất Xanh,consulting,TP.HCM\nViện Năng suất Miền Bắc,training,Hà Nội\n")

		// A file with a problem is not kept.
		bad := append(append([]byte{}, file...), []byte("Sai,bank,Atlantis\n")...)
		rep, token, err := e.svc.CheckImport(ctx, directory.ImportOrganisations, "bad.csv", bad)
		if err != nil || token != "" || len(rep.Problems) == 0 {
			t.Fatalf("bad file: %+v, token %q, %v", rep, token, err)
		}
		rep, token, err = e.svc.CheckImport(ctx, directory.ImportOrganisations, "to-chuc.csv", file)
		if err != nil || token == "" || rep.Rows != 2 || rep.Applied {
			t.Fatalf("check: %+v, token %q, %v", rep, token, err)
		}
		if _, n, _ := e.svc.SearchOrganisations(ctx, directory.OrgFilter{}); n != 0 {
			t.Fatalf("the check wrote %d organisations", n)
		}

		// Only the uploading officer may confirm or discard it.
		if _, err := e.svc.ConfirmImport(as(officer2), token); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("another officer confirms: %v, want Forbidden", err)
		}
		if err := e.svc.DiscardImport(as(officer2), token); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("another officer discards: %v, want Forbidden", err)
		}
		if _, err := e.svc.ConfirmImport(as(e.expert), token); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("an expert confirms: %v, want Forbidden", err)
		}

		// A "restart": a new service over the same database applies it.
		later := now.Add(2 * time.Hour)
		svc2 := directory.NewService(db.Directory(), geo.MustLoad(), directory.WithClock(func() time.Time { return later }),
			directory.WithEnterprises(db.Directory()))
		if k, name, err := svc2.PendingImport(ctx, token); err != nil || k != directory.ImportOrganisations || name != "to-chuc.csv" {
			t.Fatalf("pending after restart: %s %s %v", k, name, err)
		}
		rep, err = svc2.ConfirmImport(ctx, token)
		if err != nil || !rep.Applied || rep.Created != 2 {
			t.Fatalf("confirm after restart: %+v, %v", rep, err)
		}
		if _, n, _ := e.svc.SearchOrganisations(ctx, directory.OrgFilter{}); n != 2 {
			t.Fatalf("after confirming: %d organisations, want 2", n)
		}
		// Confirmed once: the file is gone.
		if _, err := e.svc.ConfirmImport(ctx, token); !fault.Is(err, fault.NotFound) {
			t.Fatalf("second confirmation: %v, want NotFound", err)
		}
		if _, err := db.Directory().FindUpload(context.Background(), token); !fault.Is(err, fault.NotFound) {
			t.Fatalf("the applied file is still stored: %v", err)
		}

		// Discarded: gone, nothing written.
		other := []byte("Tên tổ chức,Loại tổ chức\nTrung tâm Đào tạo Kaizen,training\n")
		_, token, err = e.svc.CheckImport(ctx, directory.ImportOrganisations, "khac.csv", other)
		if err != nil || token == "" {
			t.Fatal(err)
		}
		if err := e.svc.DiscardImport(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.ConfirmImport(ctx, token); !fault.Is(err, fault.NotFound) {
			t.Fatalf("confirm a discarded file: %v, want NotFound", err)
		}
		if _, n, _ := e.svc.SearchOrganisations(ctx, directory.OrgFilter{}); n != 2 {
			t.Fatalf("a discarded file wrote: %d organisations", n)
		}

		// Older than a day: cannot be confirmed, and deleted when a new
		// file is stored.
		_, token, err = e.svc.CheckImport(ctx, directory.ImportOrganisations, "cu.csv", other)
		if err != nil || token == "" {
			t.Fatal(err)
		}
		dayLater := now.Add(25 * time.Hour)
		svc3 := directory.NewService(db.Directory(), geo.MustLoad(), directory.WithClock(func() time.Time { return dayLater }))
		if _, err := svc3.ConfirmImport(ctx, token); !fault.Is(err, fault.NotFound) {
			t.Fatalf("confirm a file older than a day: %v, want NotFound", err)
		}
		if _, fresh, err := svc3.CheckImport(ctx, directory.ImportOrganisations, "moi.csv", other); err != nil || fresh == "" {
			t.Fatalf("new check: %v", err)
		}
		if _, err := db.Directory().FindUpload(context.Background(), token); !fault.Is(err, fault.NotFound) {
			t.Fatalf("a file older than a day survived a new upload: %v", err)
		}
		if _, err := e.svc.ConfirmImport(ctx, "not-a-token"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("bad token: %v", err)
		}
	})
}
