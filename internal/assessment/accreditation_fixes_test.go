package assessment_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// accrFixture is an assessment service at 10/03/2026 with a ministry
// officer and a 5S scheme; assessor adds accounts of role assessor.
type accrFixture struct {
	db       *sqldb.DB
	svc      *assessment.Service
	now      time.Time
	ministry context.Context
	scheme   *assessment.Scheme
	n        int
}

func newAccrFixture(t *testing.T, db *sqldb.DB) *accrFixture {
	t.Helper()
	f := &accrFixture{db: db, now: time.Date(2026, 3, 10, 3, 0, 0, 0, time.UTC)}
	f.svc = assessment.NewService(assessment.Options{Store: db.Assessment(), Registry: registry.NewService(db.Registry()),
		Clock: func() time.Time { return f.now }})
	ctx := context.Background()
	f.ministry = auth.WithActor(ctx, &auth.Actor{UserID: f.user(t, "bo@example.vn", auth.RoleMinistry), Email: "bo@example.vn", Role: auth.RoleMinistry})
	f.scheme = &assessment.Scheme{Code: "5s", Name: fault.Text{Vi: "5S", En: "5S"}, Kind: assessment.Kind5S}
	if err := db.Assessment().CreateScheme(ctx, f.scheme, &assessment.Version{Status: assessment.VersionPublished}); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *accrFixture) user(t *testing.T, email string, role auth.Role) auth.UserID {
	t.Helper()
	u := &auth.User{Email: email, Name: "Tên " + email, PasswordHash: "x", Role: role, Lang: "vi", CreatedAt: f.now, UpdatedAt: f.now}
	if err := f.db.Auth().CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func (f *accrFixture) assessor(t *testing.T) auth.UserID {
	t.Helper()
	f.n++
	return f.user(t, fmt.Sprintf("dgv%03d@example.vn", f.n), auth.RoleAssessor)
}

// TestFix_AccreditationNumbers (the reviewers' TestReview_AccreditationNumbers):
// a typed number that is the automatic series' next one does not jam the
// series: the platform skips the numbers taken.
func TestFix_AccreditationNumbers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAccrFixture(t, db)
		a1, a2, a3, a4 := f.assessor(t), f.assessor(t), f.assessor(t), f.assessor(t)
		for _, n := range []string{"DGV-5S-2026-0001", "DGV-5S-2026-0003"} {
			u := a1
			if n != "DGV-5S-2026-0001" {
				u = a2
			}
			if _, err := f.svc.GrantAccreditation(f.ministry, assessment.AccreditationInput{UserID: u, SchemeID: f.scheme.ID, Number: n}); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		for _, u := range []auth.UserID{a3, a4} {
			x, err := f.svc.GrantAccreditation(f.ministry, assessment.AccreditationInput{UserID: u, SchemeID: f.scheme.ID})
			if err != nil {
				t.Fatalf("auto-numbered grant after typed numbers: %v", err)
			}
			got = append(got, x.Number)
		}
		if got[0] != "DGV-5S-2026-0002" || got[1] != "DGV-5S-2026-0004" {
			t.Errorf("automatic numbers %v, want 0002 and 0004", got)
		}
		// A typed number already used is refused on the number.
		a5 := f.assessor(t)
		_, err := f.svc.GrantAccreditation(f.ministry, assessment.AccreditationInput{UserID: a5, SchemeID: f.scheme.ID, Number: "DGV-5S-2026-0002"})
		accreditationKind(t, "a typed number in use", err, fault.Conflict)
		if _, ok := fault.FieldsOf(err)["number"]; !ok {
			t.Errorf("a typed number in use: fields %v", fault.FieldsOf(err))
		}
	})
}

// TestFix_AccreditationDoubleGrant: two officers granting the same
// assessor the same scheme at once: one grant, the other told the
// assessor is already accredited (never that a number is used).
func TestFix_AccreditationDoubleGrant(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAccrFixture(t, db)
		for round := range 15 {
			u := f.assessor(t)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = f.svc.GrantAccreditation(f.ministry, assessment.AccreditationInput{UserID: u, SchemeID: f.scheme.ID})
				}()
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case !fault.Is(err, fault.Conflict) || !strings.Contains(fault.MessageOf(err).En, "already accredited"):
					t.Errorf("round %d: the second grant answers %v (%q)", round, err, fault.MessageOf(err).En)
				}
			}
			if ok != 1 {
				t.Errorf("round %d: %d grants succeeded", round, ok)
			}
		}
	})
}

// TestFix_AccreditationRegrant: a withdrawn or long-expired accreditation
// is granted again on the same row (a new number and dates, active), its
// history and the audit log keeping what was; an active or suspended one
// is not.
func TestFix_AccreditationRegrant(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAccrFixture(t, db)
		a1, a2 := f.assessor(t), f.assessor(t)
		x, err := f.svc.GrantAccreditation(f.ministry, assessment.AccreditationInput{UserID: a1, SchemeID: f.scheme.ID})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.GrantAccreditation(f.ministry, assessment.AccreditationInput{UserID: a1, SchemeID: f.scheme.ID})
		accreditationKind(t, "grant an active accreditation again", err, fault.Conflict)
		sp, err := f.svc.SuspendAccreditation(f.ministry, x.ID, x.Version, "Đang xác minh")
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.GrantAccreditation(f.ministry, assessment.AccreditationInput{UserID: a1, SchemeID: f.scheme.ID})
		accreditationKind(t, "grant a suspended accreditation again", err, fault.Conflict)
		wd, err := f.svc.WithdrawAccreditation(f.ministry, sp.ID, sp.Version, "Vi phạm quy tắc")
		if err != nil {
			t.Fatal(err)
		}
		f.now = f.now.AddDate(1, 0, 0)
		re, err := f.svc.GrantAccreditation(f.ministry, assessment.AccreditationInput{UserID: a1, SchemeID: f.scheme.ID, Note: "Đã tham gia lại khóa đào tạo"})
		if err != nil {
			t.Fatalf("grant after the withdrawal: %v", err)
		}
		if re.ID != x.ID || re.Status != assessment.AccreditationActive || re.Number == x.Number || re.Number != "DGV-5S-2027-0001" ||
			vn.Date(re.GrantedOn) != "10/03/2027" || vn.Date(re.ExpiresOn) != "09/03/2030" || !re.ActiveOn(f.now) || re.Version <= wd.Version {
			t.Fatalf("re-granted = %+v", re)
		}
		_, evs, err := f.svc.Accreditation(f.ministry, x.ID)
		if err != nil || len(evs) != 4 {
			t.Fatalf("history = %d, %v", len(evs), err)
		}
		last := evs[3]
		if last.Action != "regrant" || last.NumberBefore != x.Number || last.NumberAfter != re.Number || last.ExpiresBefore == nil ||
			!last.ExpiresBefore.Equal(x.ExpiresOn) || last.Reason != "Đã tham gia lại khóa đào tạo" || evs[0].NumberAfter != x.Number {
			t.Errorf("history = %+v / %+v", evs[0], last)
		}
		if es, _, err := db.Audit().FindEntries(context.Background(), audit.Filter{Action: "assessment.accreditation.regrant",
			ObjectID: fmt.Sprint(int64(x.ID))}); err != nil || len(es) != 1 || !strings.Contains(es[0].Before, x.Number) || !strings.Contains(es[0].After, re.Number) {
			t.Errorf("audit of the re-grant: %d, %v", len(es), err)
		}

		// Long expired: granted again too.
		y, err := f.svc.GrantAccreditation(f.ministry, assessment.AccreditationInput{UserID: a2, SchemeID: f.scheme.ID,
			GrantedOn: f.now.AddDate(-4, 0, 0), ExpiresOn: f.now.AddDate(-1, 0, 0)})
		if err != nil {
			t.Fatal(err)
		}
		ry, err := f.svc.GrantAccreditation(f.ministry, assessment.AccreditationInput{UserID: a2, SchemeID: f.scheme.ID, Number: "QD-15/2027"})
		if err != nil || ry.ID != y.ID || ry.Number != "QD-15/2027" || !ry.ActiveOn(f.now) {
			t.Fatalf("grant after the expiry = %+v, %v", ry, err)
		}
	})
}

// TestFix_AccreditationsPaged: the list of accreditations and the
// assessors of the grant form come a page at a time.
func TestFix_AccreditationsPaged(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAccrFixture(t, db)
		for range 5 {
			if _, err := f.svc.GrantAccreditation(f.ministry, assessment.AccreditationInput{UserID: f.assessor(t), SchemeID: f.scheme.ID}); err != nil {
				t.Fatal(err)
			}
		}
		l, total, err := f.svc.Accreditations(f.ministry, assessment.AccreditationQuery{Page: 2, PerPage: 2})
		if err != nil || len(l) != 2 || total != 5 {
			t.Errorf("page 2 of 2: %d, total %d, %v", len(l), total, err)
		}
		if l, total, _ := f.svc.Accreditations(f.ministry, assessment.AccreditationQuery{PerPage: 1_000_000}); len(l) != 5 || total != 5 {
			t.Errorf("a huge page: %d of %d", len(l), total)
		}
		accts, err := db.Assessment().FindAccounts(context.Background(), assessment.AccountFilter{Role: auth.RoleAssessor, Limit: 3})
		if err != nil || len(accts) != 3 {
			t.Errorf("accounts limited to 3: %d, %v", len(accts), err)
		}
		accts, err = db.Assessment().FindAccounts(context.Background(), assessment.AccountFilter{Role: auth.RoleAssessor, Query: "dgv004"})
		if err != nil || len(accts) != 1 {
			t.Errorf("accounts matching dgv004: %d, %v", len(accts), err)
		}
	})
}

// TestFix_AccreditationBadText: NUL, control characters and invalid UTF-8
// in an accreditation's number, note or reason are refused (422), never
// a server error.
func TestFix_AccreditationBadText(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAccrFixture(t, db)
		u := f.assessor(t)
		x, err := f.svc.GrantAccreditation(f.ministry, assessment.AccreditationInput{UserID: u, SchemeID: f.scheme.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range []string{"ghi chú\x00", "ghi chú\xff", "ghi\x1bchú"} {
			_, err := f.svc.GrantAccreditation(f.ministry, assessment.AccreditationInput{UserID: f.assessor(t), SchemeID: f.scheme.ID, Note: b})
			accreditationKind(t, fmt.Sprintf("note %q", b), err, fault.Invalid)
			if m := fault.FieldsOf(err)["note"]; !strings.Contains(m.Vi, "ký tự") || !strings.Contains(m.En, "character") {
				t.Errorf("note %q: %+v", b, fault.FieldsOf(err))
			}
			_, err = f.svc.GrantAccreditation(f.ministry, assessment.AccreditationInput{UserID: f.assessor(t), SchemeID: f.scheme.ID, Number: "QD" + b})
			accreditationKind(t, fmt.Sprintf("number %q", b), err, fault.Invalid)
			_, err = f.svc.SuspendAccreditation(f.ministry, x.ID, x.Version, b)
			accreditationKind(t, fmt.Sprintf("reason %q", b), err, fault.Invalid)
			_, err = f.svc.RenewAccreditation(f.ministry, x.ID, x.Version, x.ExpiresOn.AddDate(1, 0, 0), b)
			accreditationKind(t, fmt.Sprintf("renewal note %q", b), err, fault.Invalid)
		}
	})
}
