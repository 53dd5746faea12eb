package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"nscl/internal/audit"
	"nscl/internal/directory"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// The organisation of an expert who hid it is neither in the search index
// nor found by the public organisation filter nor counted among the public
// members; making it public, hiding it again and renaming the organisation
// re-index.
func TestDirectoryStore_HiddenOrganisation(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Directory()
		at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		org := &directory.Organisation{Kind: directory.OrgConsulting, Name: "Công ty Tư vấn Sao Mai", ShortName: "SAOMAI",
			Status: "active", CreatedAt: at, UpdatedAt: at}
		if err := s.CreateOrganisation(ctx, org); err != nil {
			t.Fatal(err)
		}
		listed := []directory.Purpose{directory.PurposeListing}
		hidden := &directory.Expert{OrganisationID: org.ID, Kind: directory.KindExpert, Name: "Lê Văn Ẩn", Capacity: 1,
			Consents: listed, Status: directory.StatusActive, Tools: []directory.Expertise{{Tool: "5s", Level: 2}}, CreatedAt: at, UpdatedAt: at}
		shown := &directory.Expert{OrganisationID: org.ID, Kind: directory.KindExpert, Name: "Phạm Thị Hiện", Capacity: 1,
			Consents: listed, Public: []directory.PublicField{directory.FieldOrganisation}, Status: directory.StatusActive,
			Tools: []directory.Expertise{{Tool: "5s", Level: 2}}, CreatedAt: at, UpdatedAt: at}
		if err := s.CreateExperts(ctx, []*directory.Expert{hidden, shown}); err != nil {
			t.Fatal(err)
		}
		ids := func(f directory.ExpertFilter) []directory.ExpertID {
			t.Helper()
			f.Limit = 20
			es, total, err := s.SearchExperts(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if total != len(es) {
				t.Fatalf("total %d, page %d", total, len(es))
			}
			var out []directory.ExpertID
			for _, e := range es {
				out = append(out, e.ID)
			}
			return out
		}
		want := func(name string, got []directory.ExpertID, want ...directory.ExpertID) {
			t.Helper()
			if len(got) != len(want) {
				t.Fatalf("%s: got %v, want %v", name, got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%s: got %v, want %v", name, got, want)
				}
			}
		}
		// "sao" is a long word (the index), "s" a short one (the LIKE on search_folded).
		want("words", ids(directory.ExpertFilter{Query: "sao mai"}), shown.ID)
		want("short name", ids(directory.ExpertFilter{Query: "saomai", Tool: "5s"}), shown.ID)
		want("word and one letter", ids(directory.ExpertFilter{Query: "an s"}))
		want("public organisation filter", ids(directory.ExpertFilter{OrganisationID: org.ID, OrgPublicOnly: true, ListedOnly: true}), shown.ID)
		want("managers' organisation filter", ids(directory.ExpertFilter{OrganisationID: org.ID}), hidden.ID, shown.ID)
		o, err := s.FindOrganisation(ctx, org.ID)
		if err != nil || o.Members != 2 || o.PublicMembers != 1 {
			t.Fatalf("members %d, public %d, %v; want 2, 1", o.Members, o.PublicMembers, err)
		}

		// Making it public re-indexes; hiding it again too.
		h, err := s.FindExpert(ctx, hidden.ID)
		if err != nil {
			t.Fatal(err)
		}
		h.Public = []directory.PublicField{directory.FieldBio, directory.FieldOrganisation}
		if err := s.UpdateExpert(ctx, h); err != nil {
			t.Fatal(err)
		}
		want("made public", ids(directory.ExpertFilter{Query: "sao"}), hidden.ID, shown.ID)
		h.Public = []directory.PublicField{directory.FieldBio}
		if err := s.UpdateExpert(ctx, h); err != nil {
			t.Fatal(err)
		}
		want("hidden again", ids(directory.ExpertFilter{Query: "sao"}), shown.ID)

		// A rename re-indexes the members, still only the public ones.
		org.Name, org.ShortName = "Công ty Tư vấn Bình Minh", ""
		if err := s.UpdateOrganisation(ctx, org); err != nil {
			t.Fatal(err)
		}
		want("old name", ids(directory.ExpertFilter{Query: "sao"}))
		want("new name", ids(directory.ExpertFilter{Query: "binh minh"}), shown.ID)

		// A row indexed before the fix (the hidden organisation's words in
		// its search text) is found and re-indexed.
		w := db.WriteDB()
		if _, err := w.ExecContext(ctx, `UPDATE experts SET search_folded = name_folded || ' binh minh' WHERE id = $1`, int64(hidden.ID)); err != nil {
			t.Fatal(err)
		}
		if db.IsPostgres() {
			if _, err := w.ExecContext(ctx, `UPDATE experts SET search_terms = search_terms || ARRAY['b', 'bi', 'bin', 'binh', 'm', 'mi', 'min', 'minh'] WHERE id = $1`, int64(hidden.ID)); err != nil {
				t.Fatal(err)
			}
		} else {
			if _, err := w.ExecContext(ctx, `DELETE FROM experts_fts WHERE rowid = $1`, int64(hidden.ID)); err != nil {
				t.Fatal(err)
			}
			if _, err := w.ExecContext(ctx, `INSERT INTO experts_fts (rowid, words, tags) VALUES ($1, 'le van an binh minh', 'l1 kexpert t5s t5s2')`, int64(hidden.ID)); err != nil {
				t.Fatal(err)
			}
		}
		want("stale row", ids(directory.ExpertFilter{Query: "binh minh"}), hidden.ID, shown.ID)
		last, err := s.ReindexHiddenOrganisations(ctx, 0, 10)
		if err != nil || last != hidden.ID {
			t.Fatalf("ReindexHiddenOrganisations = %d, %v; want %d", last, err, hidden.ID)
		}
		want("re-indexed", ids(directory.ExpertFilter{Query: "binh minh"}), shown.ID)
		want("still found by tool", ids(directory.ExpertFilter{Tool: "5s", MinLevel: 2, Query: "an"}), hidden.ID)
		if last, err := s.ReindexHiddenOrganisations(ctx, 0, 10); err != nil || last != 0 {
			t.Fatalf("second ReindexHiddenOrganisations = %d, %v; want nothing left", last, err)
		}
	})
}

// Filter values with quotes never change SQLite's index query nor fail it.
func TestDirectoryStore_FilterQuoting(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Directory()
		at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		e := &directory.Expert{Kind: directory.KindExpert, Name: "Nguyễn Văn Quang", Capacity: 1, Status: directory.StatusActive,
			Consents: []directory.Purpose{directory.PurposeListing}, Tools: []directory.Expertise{{Tool: "5s", Level: 1}}, CreatedAt: at, UpdatedAt: at}
		if err := s.CreateExpert(ctx, e); err != nil {
			t.Fatal(err)
		}
		for _, f := range []directory.ExpertFilter{
			{Tool: `x"`},
			{Tool: `5s" OR words:"nguyen`},
			{Sector: `a" OR tags:"t5s`},
			{Province: `01" OR words:"quang`},
		} {
			f.Limit = 20
			es, total, err := s.SearchExperts(ctx, f)
			if err != nil {
				t.Errorf("%+v: %v", f, err)
				continue
			}
			if total != 0 || len(es) != 0 {
				t.Errorf("%+v: found %d (%d), want none", f, total, len(es))
			}
		}
	})
}

// RedactAudit replaces the personal values of one object's entries, and
// only those.
func TestDirectoryStore_RedactAudit(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Directory()
		at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		add := func(id, before, after string) {
			t.Helper()
			if err := s.AddAudit(ctx, audit.Entry{At: at, Action: "expert.update", ObjectType: "expert", ObjectID: id, Before: before, After: after}); err != nil {
				t.Fatal(err)
			}
		}
		add("7", "", `{"name":"Lê Văn Tám","email":"tam@example.vn","bio":"","capacity":2,"credentials":[{"title":"ISO"}]}`)
		add("7", `{"name":"Lê Văn Tám","phone":"0901"}`, `{"name":"Lê Tám","phone":"0902"}`)
		add("7", "", `{"status":"active"}`)
		add("70", "", `{"name":"Người khác"}`)
		n, err := s.RedactAudit(ctx, "expert", "7", directory.PersonalAuditFields, directory.Redacted)
		if err != nil || n != 2 {
			t.Fatalf("RedactAudit = %d, %v; want 2", n, err)
		}
		es, _, err := db.Audit().FindEntries(ctx, audit.Filter{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var seen int
		for _, e := range es {
			all := e.Before + e.After
			switch e.ObjectID {
			case "7":
				seen++
				for _, v := range []string{"Tám", "tam@example.vn", "0901", "0902", "ISO"} {
					if strings.Contains(all, v) {
						t.Errorf("entry %d keeps %q: %s", e.ID, v, all)
					}
				}
				if strings.Contains(all, `"capacity"`) && !strings.Contains(all, `"capacity":2`) {
					t.Errorf("entry %d lost a kept value: %s", e.ID, all)
				}
				if strings.Contains(all, `"bio"`) && !strings.Contains(all, `"bio":""`) {
					t.Errorf("entry %d redacted an empty value: %s", e.ID, all)
				}
			case "70":
				if !strings.Contains(all, "Người khác") {
					t.Errorf("another expert's entry changed: %s", all)
				}
			}
		}
		if seen != 3 {
			t.Fatalf("saw %d entries of expert 7, want 3", seen)
		}
	})
}
