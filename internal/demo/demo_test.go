package demo_test

import (
	"context"
	"testing"

	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

type nopMailer struct{}

func (nopMailer) SendMail(context.Context, string, string, string) error { return nil }

func newAuth(db *sqldb.DB, g *geo.Table) *auth.Service {
	return auth.NewService(auth.Options{Store: db.Auth(), Mailer: nopMailer{}, Enterprises: registry.NewService(db.Registry()),
		ProvinceExists: func(c string) bool { _, ok := g.Province(c); return ok }})
}

func TestRun_SmallIsDeterministic(t *testing.T) {
	g := geo.MustLoad()
	var first []*registry.Enterprise
	for i := 0; i < 2; i++ {
		db := sqldbtest.MustOpenSQLite(t)
		ctx := context.Background()
		sum, err := demo.Run(ctx, demo.Options{Scale: demo.Small, Seed: 7, Auth: newAuth(db, g), Enterprises: db.Registry(), Geo: g})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Enterprises != 2000 || len(sum.Logins) != 9 {
			t.Fatalf("summary %+v", sum)
		}
		roles := map[auth.Role]bool{}
		for _, l := range sum.Logins {
			roles[l.Role] = true
			if l.Role.RequiresTOTP() != (l.TOTPSecret != "") {
				t.Errorf("%s: TOTP secret %q", l.Email, l.TOTPSecret)
			}
		}
		if len(roles) != len(auth.Roles) {
			t.Errorf("demo logins cover %d roles, want %d", len(roles), len(auth.Roles))
		}
		es, total, err := db.Registry().FindEnterprises(ctx, registry.Filter{Limit: 50})
		if err != nil || total != 2000 {
			t.Fatalf("enterprises %d, %v", total, err)
		}
		for _, e := range es {
			if d, ok := registry.TaxCheckDigit(e.TaxCode[:9]); !ok || d != e.TaxCode[9] {
				t.Errorf("invalid tax code %s", e.TaxCode)
			}
			if _, ok := g.Province(e.ProvinceCode); !ok {
				t.Errorf("unknown province %s", e.ProvinceCode)
			}
		}
		if first == nil {
			first = es
			continue
		}
		for j := range es {
			if es[j].TaxCode != first[j].TaxCode || es[j].Name != first[j].Name || es[j].ProvinceCode != first[j].ProvinceCode {
				t.Fatalf("same seed, different data at %d: %+v vs %+v", j, es[j], first[j])
			}
		}
		// A second run on the same database is refused: demo data never mixes with real data.
		if _, err := demo.Run(ctx, demo.Options{Scale: demo.Small, Seed: 7, Auth: newAuth(db, g), Enterprises: db.Registry(), Geo: g}); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second run = %v, want conflict", err)
		}
	}
	if _, _, _, _, _, _, _, err := demo.Scale("huge").Sizes(); !fault.Is(err, fault.Invalid) {
		t.Fatalf("unknown scale = %v", err)
	}
}
