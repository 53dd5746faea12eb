package sqldb_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// certStoreWorld is a scheme and two enterprises to issue certificates
// to.
type certStoreWorld struct {
	st     *sqldb.AssessmentStore
	scheme *assessment.Scheme
	ver    *assessment.Version
	firms  []*registry.Enterprise
}

func newCertStoreWorld(t *testing.T, db *sqldb.DB) *certStoreWorld {
	t.Helper()
	ctx := context.Background()
	es := makeEnterprises(1_500_000_000, 2, time.Now())
	es[0].Name, es[0].ProvinceCode = "Công ty TNHH Dệt may Hưng Yên", "79"
	es[1].Name, es[1].ProvinceCode = "Công ty Cổ phần Thép Đà Nẵng", "48"
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		t.Fatal(err)
	}
	w := &certStoreWorld{st: db.Assessment(), firms: es,
		scheme: &assessment.Scheme{Code: "5s-store-cert", Name: fault.Text{Vi: "5S", En: "5S"}, Kind: assessment.Kind5S, ValidityMonths: 36},
		ver:    &assessment.Version{Status: assessment.VersionPublished, Body: auditBody()}}
	if err := w.st.CreateScheme(ctx, w.scheme, w.ver); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *certStoreWorld) assessment(t *testing.T, firm int, status assessment.Status, level string) *assessment.Assessment {
	t.Helper()
	at := time.Now().Add(-time.Hour)
	x := &assessment.Assessment{EnterpriseID: w.firms[firm].ID, ProvinceCode: w.firms[firm].ProvinceCode, SchemeID: w.scheme.ID,
		VersionID: w.ver.ID, Mode: assessment.ModeIndependent, Status: status, ScorePct: 77.5, LevelCode: level, SubmittedAt: &at}
	if err := w.st.CreateAssessment(context.Background(), x, ""); err != nil {
		t.Fatal(err)
	}
	return x
}

// certificate stores a certificate of an assessment issued on issued
// (yyyy-mm-dd) expiring on expires ("" none).
func (w *certStoreWorld) certificate(t *testing.T, x *assessment.Assessment, number, issued, expires string) *assessment.Certificate {
	t.Helper()
	firm := w.firms[0]
	if x.EnterpriseID == w.firms[1].ID {
		firm = w.firms[1]
	}
	iss, _ := time.ParseInLocation(time.DateOnly, issued, vn.Zone)
	c := &assessment.Certificate{Number: number, Code: "code-" + number, EnterpriseID: firm.ID, EnterpriseName: firm.Name,
		TaxCode: firm.TaxCode, ProvinceCode: firm.ProvinceCode, AssessmentID: x.ID, SchemeID: w.scheme.ID, SchemeCode: w.scheme.Code,
		SchemeName: w.scheme.Name, VersionNo: 1, LevelCode: "tot", LevelName: fault.Text{Vi: "Tốt", En: "Good"}, ScorePct: 77.5,
		IssuedOn: iss, Issuer: "Bộ Công Thương", Signer: "Nguyễn Văn An"}
	if expires != "" {
		e, _ := time.ParseInLocation(time.DateOnly, expires, vn.Zone)
		c.ExpiresOn = &e
	}
	if err := w.st.CreateCertificate(context.Background(), c, "THỨ TRƯỞNG"); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAssessmentStore_CertificateNumbers pins the number sequences: one
// per (prefix, year), from 1, and unique when many transactions take
// numbers at once, on both databases.
func TestAssessmentStore_CertificateNumbers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Assessment()
		next := func(prefix string, year int) int {
			t.Helper()
			var n int
			err := st.Tx(ctx, func(tx assessment.Store) error {
				var err error
				n, err = tx.NextCertificateSeq(ctx, prefix, year)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if a, b, c, d := next("5S", 2026), next("5S", 2026), next("XS", 2026), next("5S", 2027); a != 1 || b != 2 || c != 1 || d != 1 {
			t.Fatalf("sequences = %d %d %d %d, want 1 2 1 1", a, b, c, d)
		}
		const n = 16
		got := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := st.Tx(ctx, func(tx assessment.Store) error {
					var err error
					got[i], err = tx.NextCertificateSeq(ctx, "CT", 2026)
					time.Sleep(2 * time.Millisecond) // hold the transaction a little
					return err
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		seen := map[int]bool{}
		for _, v := range got {
			if v < 1 || v > n || seen[v] {
				t.Fatalf("concurrent sequences %v", got)
			}
			seen[v] = true
		}
		// A rolled-back transaction gives its number back.
		_ = st.Tx(ctx, func(tx assessment.Store) error {
			if _, err := tx.NextCertificateSeq(ctx, "CT", 2026); err != nil {
				return err
			}
			return fault.New(fault.Invalid, "x", "x")
		})
		if v := next("CT", 2026); v != n+1 {
			t.Errorf("after a rollback: %d, want %d", v, n+1)
		}
	})
}

// TestAssessmentStore_Certificates pins a certificate's round trip (with
// the signer's title and the assessment's decision), the unique number and
// assessment, the recognition's and the revocation's version checks, the
// list's filters and paging, the queue of assessments awaiting
// recognition, the expiry and the reminders' stages, on both databases.
func TestAssessmentStore_Certificates(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newCertStoreWorld(t, db)
		st := w.st
		xs := []*assessment.Assessment{
			w.assessment(t, 0, assessment.StatusSubmitted, "tot"),
			w.assessment(t, 0, assessment.StatusSubmitted, "dat"),
			w.assessment(t, 1, assessment.StatusSubmitted, "tot"),
			w.assessment(t, 1, assessment.StatusSubmitted, ""),
			w.assessment(t, 1, assessment.StatusInProgress, ""),
		}
		queue, total, err := st.FindAwaitingRecognition(ctx, nil, 0, 10)
		if err != nil || total != 3 || len(queue) != 3 || queue[0].ID != xs[0].ID {
			t.Fatalf("awaiting = %d of %d, %v", len(queue), total, err)
		}
		if q, total, err := st.FindAwaitingRecognition(ctx, []string{"48"}, 0, 10); err != nil || total != 1 || q[0].ID != xs[2].ID {
			t.Fatalf("awaiting in 48 = %d, %v", total, err)
		}
		if q, total, err := st.FindAwaitingRecognition(ctx, nil, 2, 2); err != nil || total != 3 || len(q) != 1 {
			t.Fatalf("awaiting page 2 = %d of %d, %v", len(q), total, err)
		}

		// The recognition at the version read; a stale one writes nothing.
		x := xs[0]
		now := time.Now().UTC().Truncate(time.Second)
		decided := time.Date(2026, 3, 9, 0, 0, 0, 0, vn.Zone)
		rec := *x
		rec.Status, rec.RecognisedAt, rec.DecisionNo, rec.DecisionDate, rec.RecognitionNote = assessment.StatusRecognised, &now, "125/QĐ-BCT", &decided, "Ghi chú"
		if err := st.SetRecognition(ctx, &rec); err != nil || rec.Version != x.Version+1 {
			t.Fatalf("set recognition: %v (version %d)", err, rec.Version)
		}
		stale := *x
		stale.Status = assessment.StatusNotRecognised
		if err := st.SetRecognition(ctx, &stale); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale recognition: %v", err)
		}
		got, err := st.FindAssessment(ctx, x.ID)
		if err != nil || got.Status != assessment.StatusRecognised || got.DecisionNo != "125/QĐ-BCT" || dayString(got.DecisionDate) != "2026-03-09" ||
			got.RecognitionNote != "Ghi chú" || got.RecognisedAt == nil {
			t.Fatalf("recognised = %+v, %v", got, err)
		}

		c0 := w.certificate(t, xs[0], "5S-2026-000001", "2026-03-10", "2029-03-10")
		c1 := w.certificate(t, xs[1], "5S-2026-000002", "2023-06-01", "2026-05-20") // expiring within 90 days
		c2 := w.certificate(t, xs[2], "5S-2026-000003", "2023-01-01", "2026-01-01") // lapsed, not marked yet
		c3 := w.certificate(t, xs[3], "5S-2026-000004", "2026-02-01", "")           // no expiry
		if c0.ID == 0 || c0.Version != 1 || c0.Status != assessment.CertValid {
			t.Fatalf("created %+v", c0)
		}
		if err := st.CreateCertificate(ctx, &assessment.Certificate{Number: "5S-2026-000001", Code: "x", EnterpriseID: w.firms[0].ID,
			AssessmentID: xs[4].ID, SchemeID: w.scheme.ID, IssuedOn: now}, ""); !fault.Is(err, fault.Conflict) {
			t.Errorf("a duplicate number: %v", err)
		}
		if err := st.CreateCertificate(ctx, &assessment.Certificate{Number: "5S-2026-000099", Code: "x", EnterpriseID: w.firms[0].ID,
			AssessmentID: xs[0].ID, SchemeID: w.scheme.ID, IssuedOn: now}, ""); !fault.Is(err, fault.Conflict) {
			t.Errorf("a second certificate of an assessment: %v", err)
		}
		d, err := st.FindCertificateDetail(ctx, c0.ID)
		if err != nil || d.SignerTitle != "THỨ TRƯỞNG" || d.DecisionNo != "125/QĐ-BCT" || dayString(d.DecisionDate) != "2026-03-09" ||
			d.Number != c0.Number || d.EnterpriseName != "Công ty TNHH Dệt may Hưng Yên" || dayString(d.ExpiresOn) != "2029-03-10" ||
			dayString(&d.IssuedOn) != "2026-03-10" || d.LevelName.En != "Good" || d.ScorePct != 77.5 {
			t.Fatalf("detail = %+v, %v", d, err)
		}
		if c, err := st.FindCertificateOf(ctx, xs[3].ID); err != nil || c.ID != c3.ID || c.ExpiresOn != nil {
			t.Fatalf("certificate of = %+v, %v", c, err)
		}
		if _, err := st.FindCertificateOf(ctx, xs[4].ID); !fault.Is(err, fault.NotFound) {
			t.Errorf("no certificate: %v", err)
		}

		list := func(f assessment.CertificateFilter) []string {
			t.Helper()
			if f.Today == "" {
				f.Today = "2026-03-10"
			}
			cs, total, err := st.FindCertificates(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if f.Limit == 0 && total != len(cs) {
				t.Errorf("total %d for %d rows", total, len(cs))
			}
			var out []string
			for _, c := range cs {
				out = append(out, c.Number[len(c.Number)-1:])
			}
			return out
		}
		for name, tc := range map[string]struct {
			f    assessment.CertificateFilter
			want string
		}{
			"all":                {assessment.CertificateFilter{}, "[1 4 2 3]"},
			"valid":              {assessment.CertificateFilter{State: assessment.StateValid}, "[1 4 2]"},
			"expiring":           {assessment.CertificateFilter{State: assessment.StateExpiring}, "[2]"},
			"expired":            {assessment.CertificateFilter{State: assessment.StateExpired}, "[3]"},
			"revoked":            {assessment.CertificateFilter{State: assessment.StateRevoked}, "[]"},
			"province 48":        {assessment.CertificateFilter{Province: "48"}, "[4 3]"},
			"scope 79":           {assessment.CertificateFilter{Provinces: []string{"79"}}, "[1 2]"},
			"no scope":           {assessment.CertificateFilter{Provinces: []string{}}, "[]"},
			"enterprise":         {assessment.CertificateFilter{EnterpriseID: w.firms[1].ID}, "[4 3]"},
			"scheme":             {assessment.CertificateFilter{SchemeCode: "5s-store-cert"}, "[1 4 2 3]"},
			"other scheme":       {assessment.CertificateFilter{SchemeCode: "gtclqg-1000"}, "[]"},
			"folded name":        {assessment.CertificateFilter{Folded: vn.Fold("thép đà")}, "[4 3]"},
			"number":             {assessment.CertificateFilter{Folded: "5s-2026-000002"}, "[2]"},
			"tax code":           {assessment.CertificateFilter{Folded: w.firms[0].TaxCode}, "[1 2]"},
			"literal wildcards":  {assessment.CertificateFilter{Folded: "%"}, "[]"},
			"valid in 2029":      {assessment.CertificateFilter{State: assessment.StateValid, Today: "2029-03-11"}, "[4]"},
			"expiring in 2029":   {assessment.CertificateFilter{State: assessment.StateExpiring, Today: "2029-01-01"}, "[1]"},
			"page 2 of 3 a page": {assessment.CertificateFilter{Limit: 3, Offset: 3}, "[3]"},
		} {
			if got := fmt.Sprint(list(tc.f)); got != tc.want {
				t.Errorf("%s: %s, want %s", name, got, tc.want)
			}
		}
		if _, total, err := st.FindCertificates(ctx, assessment.CertificateFilter{Limit: 2, Offset: 40}); err != nil || total != 4 {
			t.Errorf("past the end: total %d, %v", total, err)
		}

		// Revocation at the version read.
		rv := *c2
		rv.Status, rv.RevokedAt, rv.RevokedReason = assessment.CertRevoked, &now, "Vi phạm"
		if err := st.RevokeCertificate(ctx, &rv); err != nil || rv.Version != 2 {
			t.Fatalf("revoke: %v", err)
		}
		stale2 := *c2
		stale2.Status = assessment.CertRevoked
		if err := st.RevokeCertificate(ctx, &stale2); !fault.Is(err, fault.Conflict) {
			t.Errorf("a stale revocation: %v", err)
		}
		if got, err := st.FindCertificate(ctx, c2.ID); err != nil || got.Status != assessment.CertRevoked || got.RevokedReason != "Vi phạm" || got.RevokedAt == nil {
			t.Fatalf("revoked = %+v, %v", got, err)
		}

		// Reminders: c1 (expires 2026-05-20) is due its 90-day reminder on
		// 2026-03-10, then its 30-day one from 2026-04-20.
		remind := func(today string) string {
			t.Helper()
			d, _ := time.Parse(time.DateOnly, today)
			rs, err := st.FindCertificatesToRemind(ctx, today, d.AddDate(0, 0, 30).Format(time.DateOnly), d.AddDate(0, 0, 90).Format(time.DateOnly), 10)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rs {
				out = append(out, fmt.Sprintf("%s:%d", r.Certificate.Number[len(r.Certificate.Number)-1:], r.Days))
			}
			return fmt.Sprint(out)
		}
		if got := remind("2026-03-10"); got != "[2:90]" {
			t.Errorf("reminders on 10/03 = %s", got)
		}
		if ok, err := st.ClaimCertificateReminder(ctx, c1.ID, 0, 90); err != nil || !ok {
			t.Fatalf("claim the 90-day reminder: %v, %v", ok, err)
		}
		// A second run that read the same mark does not claim it again.
		if ok, err := st.ClaimCertificateReminder(ctx, c1.ID, 0, 90); err != nil || ok {
			t.Errorf("the 90-day reminder claimed twice: %v, %v", ok, err)
		}
		if got := remind("2026-03-11"); got != "[]" {
			t.Errorf("after the 90-day reminder = %s", got)
		}
		if got := remind("2026-04-20"); got != "[2:30]" {
			t.Errorf("reminders on 20/04 = %s", got)
		}
		if ok, err := st.ClaimCertificateReminder(ctx, c1.ID, 90, 30); err != nil || !ok {
			t.Fatalf("claim the 30-day reminder: %v, %v", ok, err)
		}
		if ok, err := st.ClaimCertificateReminder(ctx, c1.ID, 90, 30); err != nil || ok {
			t.Errorf("the 30-day reminder claimed twice: %v, %v", ok, err)
		}
		if got := remind("2026-04-21"); got != "[]" {
			t.Errorf("after the 30-day reminder = %s", got)
		}
		if got, _ := st.FindCertificate(ctx, c1.ID); got.RemindedAt == nil {
			t.Error("reminded_at not set")
		}

		// Expiry: c1 lapses after 2026-05-20; c2 is revoked, so only c1.
		exp, err := st.ExpireCertificates(ctx, "2026-05-21", 10)
		if err != nil || len(exp) != 1 || exp[0].ID != c1.ID || exp[0].Status != assessment.CertValid {
			t.Fatalf("expire = %v, %v", exp, err)
		}
		if got, _ := st.FindCertificate(ctx, c1.ID); got.Status != assessment.CertExpired || got.Version != 2 {
			t.Errorf("expired = %+v", got)
		}
		if exp, err := st.ExpireCertificates(ctx, "2026-05-21", 10); err != nil || len(exp) != 0 {
			t.Errorf("a rerun expired %d, %v", len(exp), err)
		}

		boxes, err := st.FindMailboxes(ctx, w.firms[0].ID)
		if err != nil || len(boxes) != 0 {
			t.Errorf("mailboxes = %v, %v", boxes, err)
		}
	})
}

func dayString(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(vn.Zone).Format(time.DateOnly)
}

// TestAssessmentStore_FindCertificateToVerify pins the verification's
// prepared look-up on both databases: the public facts and the code as
// FindCertificateByNumber reads them, a revocation seen at once, NotFound
// for an unknown number, many look-ups at once, and a second database
// (its own statement) answering from its own rows.
func TestAssessmentStore_FindCertificateToVerify(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newCertStoreWorld(t, db)
		ctx := context.Background()
		c := w.certificate(t, w.assessment(t, 0, assessment.StatusRecognised, "tot"), "5S-2026-000041", "2026-03-10", "2029-03-10")
		same := func(what string) {
			t.Helper()
			want, err := w.st.FindCertificateByNumber(ctx, c.Number)
			if err != nil {
				t.Fatal(err)
			}
			got, err := w.st.FindCertificateToVerify(ctx, c.Number)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			if got.ID != want.ID || got.Number != want.Number || got.Code != want.Code || got.EnterpriseName != want.EnterpriseName ||
				got.TaxCode != want.TaxCode || got.ProvinceCode != want.ProvinceCode || got.SchemeCode != want.SchemeCode ||
				got.SchemeName != want.SchemeName || got.LevelCode != want.LevelCode || got.LevelName != want.LevelName ||
				got.ScorePct != want.ScorePct || !got.IssuedOn.Equal(want.IssuedOn) || dayString(got.ExpiresOn) != dayString(want.ExpiresOn) ||
				got.Issuer != want.Issuer || got.Status != want.Status || got.RevokedReason != want.RevokedReason ||
				(got.RevokedAt == nil) != (want.RevokedAt == nil) || got.Version != want.Version {
				t.Errorf("%s: verify row %+v, want %+v", what, got, want)
			}
		}
		same("valid")
		now := time.Now()
		r := *c
		r.Status, r.RevokedAt, r.RevokedReason = assessment.CertRevoked, &now, "Vi phạm"
		if err := w.st.RevokeCertificate(ctx, &r); err != nil {
			t.Fatal(err)
		}
		same("revoked")
		if _, err := w.st.FindCertificateToVerify(ctx, "5S-2026-999999"); !fault.Is(err, fault.NotFound) {
			t.Errorf("an unknown number: %v", err)
		}
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 20 {
					if got, err := w.st.FindCertificateToVerify(ctx, c.Number); err != nil || got.Number != c.Number {
						t.Errorf("at once: %v, %v", got, err)
						return
					}
				}
			}()
		}
		wg.Wait()
		// In a transaction it reads the transaction's rows.
		err := w.st.Tx(ctx, func(tx assessment.Store) error {
			got, err := tx.FindCertificateToVerify(ctx, c.Number)
			if err != nil || got.Status != assessment.CertRevoked {
				t.Errorf("in a transaction: %+v, %v", got, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	// Another database: its own statement, its own rows.
	db2 := sqldbtest.MustOpenSQLite(t)
	if _, err := db2.Assessment().FindCertificateToVerify(context.Background(), "5S-2026-000041"); !fault.Is(err, fault.NotFound) {
		t.Errorf("another database reads %v", err)
	}
}
