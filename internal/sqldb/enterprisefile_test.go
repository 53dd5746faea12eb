package sqldb_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nscl/internal/enterprisefile"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

func TestEnterpriseFileStore_Uploads(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.EnterpriseFiles()
		data := bytes.Repeat([]byte("Mã số thuế,Tên\n0100233488,Hòa Phát\n"), 70_000) // > 2 parts of 1 MiB
		at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		u := &enterprisefile.Upload{Name: "ds.csv", Size: int64(len(data)), CreatedAt: at}
		if err := s.CreateUpload(ctx, u, bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindUpload(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(u, got); diff != "" {
			t.Errorf("FindUpload (-want +got):\n%s", diff)
		}
		var b bytes.Buffer
		if err := s.CopyUpload(ctx, u.ID, &b); err != nil || !bytes.Equal(b.Bytes(), data) {
			t.Fatalf("CopyUpload: %d bytes, %v", b.Len(), err)
		}

		// Checkpoints and rejected rows belong to the upload.
		if _, err := s.FindCheckpoint(ctx, u.ID); !fault.Is(err, fault.NotFound) {
			t.Errorf("FindCheckpoint before any batch: %v", err)
		}
		for _, cp := range []*enterprisefile.Checkpoint{{UploadID: u.ID, Line: 2001, Imported: 1990, Rejected: 10, At: at},
			{UploadID: u.ID, Line: 4001, Imported: 3980, Updated: 1, Rejected: 19, At: at.Add(time.Second)}} {
			if err := s.SaveCheckpoint(ctx, cp); err != nil {
				t.Fatal(err)
			}
		}
		cp, err := s.FindCheckpoint(ctx, u.ID)
		if err != nil || cp.Line != 4001 || cp.Updated != 1 || cp.Rejected != 19 || !cp.At.Equal(at.Add(time.Second)) {
			t.Errorf("checkpoint %+v, %v", cp, err)
		}
		rs := []enterprisefile.Rejection{
			{Line: 9, Reason: registry.CodeEmailInvalid, Message: fault.Text{Vi: "Email sai", En: "Bad email"}, Values: map[string]string{"email": "x@"}},
			{Line: 3, Reason: registry.CodeTaxCodeChecksum, Message: fault.Text{Vi: "MST sai", En: "Bad code"}},
		}
		if err := s.AddRejections(ctx, u.ID, rs); err != nil {
			t.Fatal(err)
		}
		var lines []int
		err = s.EachRejection(ctx, u.ID, func(r enterprisefile.Rejection) error {
			lines = append(lines, r.Line)
			if r.Line == 9 && (r.Values["email"] != "x@" || r.Message.En != "Bad email") {
				t.Errorf("rejection %+v", r)
			}
			return nil
		})
		if err != nil || !cmp.Equal(lines, []int{3, 9}) {
			t.Errorf("EachRejection lines %v, %v", lines, err)
		}

		// Old uploads go, with everything of theirs.
		if n, err := s.DeleteUploadsBefore(ctx, at.Add(-time.Hour)); err != nil || n != 0 {
			t.Errorf("DeleteUploadsBefore(earlier) = %d, %v", n, err)
		}
		if n, err := s.DeleteUploadsBefore(ctx, at.Add(time.Hour)); err != nil || n != 1 {
			t.Errorf("DeleteUploadsBefore(later) = %d, %v", n, err)
		}
		if _, err := s.FindUpload(ctx, u.ID); !fault.Is(err, fault.NotFound) {
			t.Errorf("FindUpload after delete: %v", err)
		}
		if _, err := s.FindCheckpoint(ctx, u.ID); !fault.Is(err, fault.NotFound) {
			t.Errorf("checkpoint outlived its upload: %v", err)
		}
	})
}

func TestEnterpriseFileStore_BulkWrites(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.EnterpriseFiles()
		at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		branch := &registry.Enterprise{TaxCode: "0100233488-001", Name: "Chi nhánh Hòa Phát", ProvinceCode: "01", CreatedAt: at}
		other := &registry.Enterprise{TaxCode: "0100233489-001", Name: "Chi nhánh khác", ProvinceCode: "01", CreatedAt: at}
		head := &registry.Enterprise{TaxCode: "0100233488", Name: "Công ty Cổ phần Hòa Phát", ProvinceCode: "01", VSIC: "2410",
			LatestYear: 2024, SizeClass: registry.SizeLarge, Employees: 1250, CreatedAt: at}
		head.Derive()
		err := s.Tx(ctx, func(tx enterprisefile.Store) error {
			if err := tx.CreateEnterprises(ctx, []*registry.Enterprise{branch, other, head}); err != nil {
				return err
			}
			emp, rev := int64(1250), int64(9e12)
			return tx.CreateFigures(ctx, map[registry.EnterpriseID][]registry.Figures{head.ID: {{Year: 2023, Employees: &emp}, {Year: 2024, Employees: &emp, Revenue: &rev}}})
		})
		if err != nil {
			t.Fatal(err)
		}
		ex, err := s.FindExisting(ctx, []string{"0100233488", "0100233488-001", "0100112437"})
		if err != nil {
			t.Fatal(err)
		}
		if len(ex) != 2 || ex["0100233488"] == nil || len(ex["0100233488"].Figures) != 2 || ex["0100233488-001"] == nil {
			t.Fatalf("FindExisting %+v", ex)
		}
		if f := ex["0100233488"].Figures[1]; f.Year != 2024 || *f.Revenue != 9e12 {
			t.Errorf("figures %+v", f)
		}
		orphans, err := s.FindOrphanBranchesOf(ctx, []string{"0100233488", "0100112437"})
		if err != nil || len(orphans) != 1 || orphans[0].TaxCode != "0100233488-001" {
			t.Errorf("FindOrphanBranchesOf = %v, %v", orphans, err)
		}
		hs := []*registry.HistoryEntry{{EnterpriseID: head.ID, Action: "enterprise.update", Before: `{"a":1}`, After: `{"a":2}`, ActorEmail: "x", At: at},
			{EnterpriseID: head.ID, Action: "enterprise.figures.put", After: `{}`, At: at.Add(time.Second)}}
		if err := s.AddHistory(ctx, hs); err != nil {
			t.Fatal(err)
		}
		got, n, err := db.Registry().FindHistory(ctx, head.ID, 0, 10)
		if err != nil || n != 2 || got[0].Action != "enterprise.figures.put" {
			t.Errorf("history %v %d %v", got, n, err)
		}

		var names []string
		var latest *registry.Figures
		err = s.EachEnterprise(ctx, registry.Filter{Query: "hoa phat"}, func(e *registry.Enterprise, f *registry.Figures) error {
			names = append(names, e.Name)
			if e.ID == head.ID {
				latest = f
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !cmp.Equal(names, []string{"Chi nhánh Hòa Phát", "Công ty Cổ phần Hòa Phát"}) || latest == nil || latest.Year != 2024 || *latest.Revenue != 9e12 {
			t.Errorf("EachEnterprise %v, latest %+v", names, latest)
		}
		large := registry.SizeLarge
		n = 0
		err = s.EachEnterprise(ctx, registry.Filter{SizeClass: &large, ProvinceCode: "01"}, func(e *registry.Enterprise, f *registry.Figures) error {
			n++
			if !strings.HasPrefix(e.Name, "Công ty") {
				t.Errorf("size filter gave %s", e.Name)
			}
			return nil
		})
		if err != nil || n != 1 {
			t.Errorf("size filter: %d, %v", n, err)
		}
	})
}
