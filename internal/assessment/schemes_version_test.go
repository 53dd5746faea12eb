package assessment_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"nscl/internal/assessment"
	"nscl/internal/audit"
	"nscl/internal/fault"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// TestSchemes_PropertiesAreTheSchemes: a scheme's name, kind, tools and
// validity are its own, under the scheme's version: they change without a
// draft, at once (the audit entry says so); a form read before another
// change (properties or archive) is refused as stale; an open draft's rev
// does not move; discarding the draft does not undo them.
func TestSchemes_PropertiesAreTheSchemes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSchemeFixture(t, db)
		ctx := context.Background()
		sc := f.scheme(t, "5s")
		_, ver, err := f.svc.SchemeVersioned(f.anon, sc.ID)
		if err != nil || ver != 1 {
			t.Fatalf("version of a shipped scheme = %d, %v", ver, err)
		}
		in := assessment.SchemeInput{Name: fault.Text{Vi: "Thực hành tốt 5S (2026)", En: "5S good practice (2026)"}, Kind: sc.Kind, Tools: sc.Tools, ValidityMonths: 24}

		_, _, err = f.svc.SetProperties(f.ent, sc.ID, ver, in)
		wantFault(t, "enterprise sets properties", err, fault.Forbidden)
		// No draft is needed; it is in force at once.
		got, next, err := f.svc.SetProperties(f.ministry, sc.ID, ver, in)
		if err != nil || next != ver+1 || got.ValidityMonths != 24 {
			t.Fatalf("set properties without a draft = %+v %d, %v", got, next, err)
		}
		if s := f.scheme(t, "5s"); s.Name.Vi != in.Name.Vi || s.ValidityMonths != 24 || s.DraftID != 0 {
			t.Fatalf("after = %+v", s)
		}
		// The version read before is stale now.
		in2 := in
		in2.ValidityMonths = 12
		_, _, err = f.svc.SetProperties(f.admin, sc.ID, ver, in2)
		wantFault(t, "stale version", err, fault.Conflict)
		if !strings.Contains(fault.MessageOf(err).Vi, "tải lại trang") {
			t.Errorf("stale message = %q", fault.MessageOf(err).Vi)
		}
		if s := f.scheme(t, "5s"); s.ValidityMonths != 24 {
			t.Fatalf("a stale form changed the scheme: %+v", s)
		}
		// Unknown scheme.
		_, _, err = f.svc.SetProperties(f.ministry, 99999, 1, in2)
		wantFault(t, "unknown scheme", err, fault.NotFound)

		// With a draft open: its rev does not move; a discard keeps the properties.
		_, d, err := f.svc.OpenDraft(f.ministry, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, next, err = f.svc.SetProperties(f.ministry, sc.ID, next, in2); err != nil {
			t.Fatal(err)
		}
		if d2, _ := db.Assessment().FindVersion(ctx, d.ID); d2.Rev != d.Rev {
			t.Errorf("setting properties moved the draft's rev: %d → %d", d.Rev, d2.Rev)
		}
		if err := f.svc.DiscardDraft(f.ministry, sc.ID, d.Rev); err != nil {
			t.Fatal(err)
		}
		if s := f.scheme(t, "5s"); s.ValidityMonths != 12 || s.Name.Vi != in.Name.Vi {
			t.Fatalf("a discard undid the properties: %+v", s)
		}
		// Archiving moves the version too: a form read before is stale.
		if _, err := f.svc.SetArchived(f.admin, sc.ID, true); err != nil {
			t.Fatal(err)
		}
		_, _, err = f.svc.SetProperties(f.ministry, sc.ID, next, in)
		wantFault(t, "properties after an archive", err, fault.Conflict)
		if s := f.scheme(t, "5s"); !s.Archived {
			t.Fatal("the archive was lost")
		}
		// Nothing changed: nothing written, the version stays.
		_, cur, _ := f.svc.SchemeVersioned(f.ministry, sc.ID)
		if _, same, err := f.svc.SetProperties(f.ministry, sc.ID, cur, in2); err != nil || same != cur {
			t.Fatalf("unchanged properties: %d → %d, %v", cur, same, err)
		}

		es, _, err := db.Audit().FindEntries(ctx, audit.Filter{ObjectType: "assessment_scheme"})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range es {
			if e.Action == "assessment.scheme.properties" {
				n++
				if !strings.Contains(e.After, "có hiệu lực ngay") || !strings.Contains(e.After, "in force at once") {
					t.Errorf("the audit entry does not say the change is in force at once: %s", e.After)
				}
			}
		}
		if n != 2 {
			t.Errorf("%d properties entries, want 2", n)
		}
	})
}

// TestSchemes_ArchiveNotLostByProperties: setting the properties and
// archiving at the same moment never lose one another (the reviewers'
// TestReview_ArchiveLostUpdate, which lost the archive on PostgreSQL in 10
// of 30 rounds): each succeeds or is refused as a Conflict, and what
// succeeded is in the scheme.
func TestSchemes_ArchiveNotLostByProperties(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSchemeFixture(t, db)
		sc := f.scheme(t, "5s")
		for round := range 30 {
			if _, _, err := f.svc.OpenDraft(f.ministry, sc.ID); err != nil {
				t.Fatal(err)
			}
			cur, ver, err := f.svc.SchemeVersioned(f.ministry, sc.ID)
			if err != nil {
				t.Fatal(err)
			}
			in := assessment.SchemeInput{Name: cur.Name, Kind: cur.Kind, Tools: cur.Tools, ValidityMonths: 1 + round}
			var propsErr, archErr error
			var wg sync.WaitGroup
			wg.Go(func() { _, _, propsErr = f.svc.SetProperties(f.ministry, sc.ID, ver, in) })
			wg.Go(func() { _, archErr = f.svc.SetArchived(f.admin, sc.ID, true) })
			wg.Wait()
			for _, e := range []error{propsErr, archErr} {
				if e != nil && !fault.Is(e, fault.Conflict) {
					t.Errorf("round %d: %v (kind %v)", round, e, fault.KindOf(e))
				}
			}
			got := f.scheme(t, "5s")
			if archErr == nil && !got.Archived {
				t.Errorf("round %d: the archive was lost", round)
			}
			if propsErr == nil && got.ValidityMonths != 1+round {
				t.Errorf("round %d: the properties were lost: %d months", round, got.ValidityMonths)
			}
			if got.Archived {
				if _, err := f.svc.SetArchived(f.admin, sc.ID, false); err != nil {
					t.Fatal(err)
				}
			}
			if _, d, err := f.svc.Draft(f.ministry, sc.ID); err == nil {
				if err := f.svc.DiscardDraft(f.ministry, sc.ID, d.Rev); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}

// TestSchemes_ConcurrentWritersOnlyConflict: the writers of one scheme —
// properties, an edit of the draft, publishing, importing over the draft,
// archiving — run at the same moment; each succeeds or is refused as a
// Conflict, never a deadlock (the reviewers' TestReview_PublishVsProperties,
// where PostgreSQL aborted 17 of 40 rounds with 40P01, a 500).
func TestSchemes_ConcurrentWritersOnlyConflict(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSchemeFixture(t, db)
		sc := f.scheme(t, "5s")
		file, err := f.svc.Export(f.anon, sc.ID, sc.Published)
		if err != nil {
			t.Fatal(err)
		}
		var raw strings.Builder
		if err := assessment.EncodeJSON(&raw, file); err != nil {
			t.Fatal(err)
		}
		for round := range 25 {
			_, v, err := f.svc.OpenDraft(f.ministry, sc.ID)
			if err != nil {
				t.Fatal(err)
			}
			cur, ver, _ := f.svc.SchemeVersioned(f.ministry, sc.ID)
			in := assessment.SchemeInput{Name: cur.Name, Kind: cur.Kind, Tools: cur.Tools, ValidityMonths: 1 + round}
			item, _, _ := v.Body.Item("s1.1")
			edited := *item
			edited.Text.Vi = "Vòng " + string(rune('A'+round))
			errs := make([]error, 6)
			var wg sync.WaitGroup
			wg.Go(func() { _, _, errs[0] = f.svc.SetProperties(f.ministry, sc.ID, ver, in) })
			wg.Go(func() { _, _, errs[1] = f.svc.PublishDraft(f.ministry, sc.ID, v.Rev, "thay đổi") })
			wg.Go(func() { _, _, errs[2] = f.svc.UpdateItem(f.admin, sc.ID, v.Rev, "s1.1", edited) })
			wg.Go(func() { _, errs[3] = f.svc.Import(f.admin, []byte(raw.String()), true) })
			wg.Go(func() { _, errs[4] = f.svc.SetArchived(f.admin, sc.ID, round%2 == 0) })
			wg.Go(func() { errs[5] = f.svc.DiscardDraft(f.ministry, sc.ID, v.Rev) })
			wg.Wait()
			for i, e := range errs {
				if e != nil && !fault.Is(e, fault.Conflict) {
					t.Errorf("round %d, writer %d: %v (kind %v)", round, i, e, fault.KindOf(e))
				}
			}
			now := f.scheme(t, "5s")
			if now.DraftID != 0 {
				d, _ := db.Assessment().FindVersion(context.Background(), now.DraftID)
				if err := f.svc.DiscardDraft(f.ministry, sc.ID, d.Rev); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}
