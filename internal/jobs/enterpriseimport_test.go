package jobs_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"nscl/internal/auth"
	"nscl/internal/enterprisefile"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/jobs"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// TestJobService_EnterpriseImportInSteps: an import attempt stops after
// its step (here every batch of one row), and the job goes on from the
// checkpoint until the file is done.
func TestJobService_EnterpriseImportInSteps(t *testing.T) {
	t.Parallel()
	db := sqldbtest.MustOpenSQLite(t)
	mustMigrate(t, db)
	files := enterprisefile.NewService(enterprisefile.Options{Store: db.EnterpriseFiles(), Provinces: geo.MustLoad(), TempDir: t.TempDir(), BatchSize: 1})
	o := options(t, db)
	o.EnterpriseFiles = files
	s := mustStart(t, jobs.WithImportStep(o, time.Nanosecond))
	officer := mustActor(t, db, "bo@moit.gov.vn", auth.RoleAdmin)
	csv := "MST;Tên doanh nghiệp;Tỉnh\n0100233488;Hòa Phát;Hà Nội\n0100112437;Ba Đình;Hà Nội\n0314409058;Ánh Dương;TP.HCM\n0100233480;Sai;Hà Nội\n"
	u, _, err := files.Upload(officer, "ds.csv", int64(len(csv)), strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	j, err := s.EnqueueEnterpriseImport(officer, jobs.EnterpriseImport{Upload: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	j = waitJob(t, s, officer, j.ID, "import done", isFinished)
	if j.Status != jobs.StatusDone || !strings.Contains(j.Message, "Đã thêm mới 3, cập nhật 0, từ chối 1 dòng.") {
		t.Fatalf("job %+v", j)
	}
	if n, _ := db.Registry().CountEnterprises(context.Background()); n != 3 {
		t.Errorf("%d enterprises", n)
	}
}

func TestJobService_EnterpriseImport(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		mustMigrate(t, db)
		files := enterprisefile.NewService(enterprisefile.Options{Store: db.EnterpriseFiles(), Provinces: geo.MustLoad(), TempDir: t.TempDir()})
		o := options(t, db)
		o.EnterpriseFiles = files
		s := mustStart(t, o)
		officer := mustActor(t, db, "so@danang.gov.vn", auth.RoleMinistry)
		csv := "Mã số thuế,Tên doanh nghiệp,Tỉnh/Thành phố,Số lao động\n" +
			"0100233488,Công ty Cổ phần Hòa Phát,Hà Nội,1250\n" +
			"0100233480,Sai chữ số,Hà Nội,3\n" +
			"0100112437,Công ty Ba Đình,Hà Nội,-4\n"
		u, _, err := files.Upload(officer, "ha-noi.csv", int64(len(csv)), strings.NewReader(csv))
		if err != nil {
			t.Fatal(err)
		}
		// Only its owner may queue it; experts may not import at all.
		other := mustActor(t, db, "bo2@moit.gov.vn", auth.RoleMinistry)
		if _, err := s.EnqueueEnterpriseImport(other, jobs.EnterpriseImport{Upload: u.ID}); !fault.Is(err, fault.NotFound) {
			t.Errorf("other officer: %v", err)
		}
		expert := mustActor(t, db, "cg@tuvan.vn", auth.RoleExpert)
		if _, err := s.EnqueueEnterpriseImport(expert, jobs.EnterpriseImport{Upload: u.ID}); !fault.Is(err, fault.Forbidden) {
			t.Errorf("expert: %v", err)
		}
		j, err := s.EnqueueEnterpriseImport(officer, jobs.EnterpriseImport{Upload: u.ID, Year: 2024})
		if err != nil {
			t.Fatal(err)
		}
		j = waitJob(t, s, officer, j.ID, "import done", isFinished)
		if j.Status != jobs.StatusDone || j.Total != 3 || j.Done != 3 || !strings.Contains(j.Message, "Đã thêm mới 1, cập nhật 0, từ chối 2 dòng.") {
			t.Fatalf("job %+v", j)
		}
		name, mime, data, err := s.Result(officer, j.ID)
		if err != nil || name != "ha-noi-bao-cao.xlsx" || mime != jobs.MimeXLSX {
			t.Fatalf("result %q %q %v", name, mime, err)
		}
		x, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("Dòng bị từ chối")
		if len(rows) != 3 || rows[1][1] != "TAX_CODE_CHECKSUM" || rows[2][1] != "EMPLOYEES_NEGATIVE" {
			t.Errorf("report %q", rows)
		}
		// The upload is gone once imported; history of the write is in the audit log.
		if _, err := files.FindUpload(officer, u.ID); !fault.Is(err, fault.NotFound) {
			t.Errorf("upload after import: %v", err)
		}
		e, err := db.Registry().FindEnterpriseByTaxCode(context.Background(), "0100233488")
		if err != nil || e.Employees != 1250 || e.LatestYear != 2024 {
			t.Errorf("imported %+v %v", e, err)
		}
	})
}
