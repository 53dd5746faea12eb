package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/enterprisefile"
	"nscl/internal/fault"
	"nscl/internal/sheet"
)

// KindEnterpriseImport is the kind of an import of enterprises from an
// uploaded CSV or XLSX file.
const KindEnterpriseImport = "enterprise_import"

// MimeJSON is the MIME type of JSON results.
const MimeJSON = "application/json"

// importStep is how long one attempt of an import works before it hands
// over to the next (River's job timeout is 90 s): it stops after the batch
// in progress, keeps its checkpoint and snoozes to be picked up at once, so
// that an import of a million rows is a chain of short attempts, and a
// crash loses at most the batch in progress.
const importStep = 45 * time.Second

// countBudget bounds the first attempt's count of the rows (for the
// progress bar); past it the total stays unknown (-1).
const countBudget = 20 * time.Second

// EnterpriseImport is what an import job needs: the upload, the mapping
// the user confirmed and the options.
type EnterpriseImport struct {
	Upload   enterprisefile.UploadID `json:"upload"`
	Sheet    string                  `json:"sheet,omitempty"`
	Mapping  *sheet.Mapping          `json:"mapping,omitempty"`
	Year     int                     `json:"year,omitempty"`
	Province string                  `json:"province,omitempty"`
	DryRun   bool                    `json:"dry_run,omitempty"`
}

// importParams are the stored parameters: the request and who made it
// (the job runs with their role and scope).
type importParams struct {
	EnterpriseImport
	File  string      `json:"file"`
	Actor importActor `json:"actor"`
}

type importActor struct {
	UserID       auth.UserID `json:"user_id"`
	Email        string      `json:"email"`
	Role         auth.Role   `json:"role"`
	ProvinceCode string      `json:"province_code,omitempty"`
	EnterpriseID int64       `json:"enterprise_id,omitempty"`
}

type enterpriseImportArgs struct{ trackedArgs }

func (enterpriseImportArgs) Kind() string { return KindEnterpriseImport }

func enterpriseImportKind(s *Service) *kindDef {
	return trackedKind(
		func(id JobID) enterpriseImportArgs { return enterpriseImportArgs{trackedArgs{id}} },
		func(a *auth.Actor) bool { return auth.Can(a, auth.ActEnterpriseManage) },
		s.runEnterpriseImport)
}

// EnterpriseFiles returns the import and export use cases, or nil when the
// service was built without them.
func (s *Service) EnterpriseFiles() *enterprisefile.Service { return s.files }

// EnqueueEnterpriseImport queues the import of one of the actor's uploads.
// Errors: Unauthenticated; Forbidden for actors not allowed
// auth.ActEnterpriseManage; NotFound for an upload that is not theirs;
// Unavailable when imports are not configured or River refuses the job.
func (s *Service) EnqueueEnterpriseImport(ctx context.Context, in EnterpriseImport) (*Job, error) {
	if s.files == nil {
		return nil, fault.New(fault.Unavailable, "Chức năng nhập dữ liệu chưa được cấu hình.", "Imports are not configured.")
	}
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	u, err := s.files.FindUpload(ctx, in.Upload)
	if err != nil {
		return nil, err
	}
	p := importParams{EnterpriseImport: in, File: u.Name, Actor: importActor{UserID: a.UserID, Email: a.Email, Role: a.Role,
		ProvinceCode: a.ProvinceCode, EnterpriseID: a.EnterpriseID}}
	title := KindLabel(KindEnterpriseImport).Vi + ": " + u.Name
	if in.DryRun {
		title += " (chạy thử)"
	}
	return s.Enqueue(ctx, KindEnterpriseImport, title, p)
}

// runEnterpriseImport imports the upload as the user who queued it, a
// step at a time (see importStep), and keeps the XLSX report as the
// result. The upload is deleted once the report is kept.
func (s *Service) runEnterpriseImport(ctx context.Context, j *Job, p *Progress) error {
	if s.files == nil {
		return river.JobCancel(fault.New(fault.Unavailable, "Chức năng nhập dữ liệu chưa được cấu hình.", "Imports are not configured."))
	}
	var in importParams
	if err := json.Unmarshal([]byte(j.Params), &in); err != nil {
		return river.JobCancel(fault.Internalf("jobs: enterprise import %d params: %w", j.ID, err))
	}
	a := &auth.Actor{UserID: in.Actor.UserID, Email: in.Actor.Email, Role: in.Actor.Role, ProvinceCode: in.Actor.ProvinceCode,
		EnterpriseID: in.Actor.EnterpriseID}
	ctx = auth.WithActor(ctx, a)
	ctx = audit.WithMeta(ctx, audit.Meta{ActorID: int64(a.UserID), ActorEmail: a.Email, RequestID: fmt.Sprintf("job-%d", j.ID)})
	total := j.Total
	if total == 0 {
		p.Set(0, 0, both(msgImportCounting))
		cctx, cancel := context.WithTimeout(ctx, countBudget)
		n, err := s.files.CountRows(cctx, in.Upload, in.Sheet, in.Mapping)
		cancel()
		switch {
		case err == nil:
			total = int64(n)
		case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
			total = -1 // unknown; not counted again
		default:
			return importError(err)
		}
	}
	p.Set(j.Done, total, both(msgImporting))
	res, err := s.files.ImportUpload(ctx, in.Upload, enterprisefile.ImportOptions{Sheet: in.Sheet, Mapping: in.Mapping,
		Year: in.Year, Province: in.Province, DryRun: in.DryRun, Until: s.now().Add(s.importStep),
		Progress: func(pr enterprisefile.Progress) {
			of := ""
			if total > 0 {
				of = fmt.Sprintf(" / %d", total)
			}
			shown := total // -1: unknown
			if total > 0 {
				shown = max(total, int64(pr.Rows))
			}
			p.Set(int64(pr.Rows), shown, fmt.Sprintf("%s: %d%s · %s %d, %s %d, %s %d",
				both(msgImporting), pr.Rows, of, msgImported.Vi, pr.Imported, msgUpdated.Vi, pr.Updated, msgRejected.Vi, pr.Rejected))
		}})
	if errors.Is(err, enterprisefile.ErrPaused) {
		// The step is over, its batches committed: go on at once.
		return river.JobSnooze(0)
	}
	if err != nil {
		return importError(err)
	}
	data, err := enterprisefile.ReportXLSX(res, in.File)
	if err != nil {
		return err
	}
	done := int64(res.LastLine)
	if total > 0 {
		done = total
	}
	p.Set(done, max(total, done), both(res.Summary()))
	p.Result(enterprisefile.ReportFileName(in.File), MimeXLSX, data)
	if !in.DryRun {
		if err := s.files.DiscardUpload(ctx, in.Upload); err != nil {
			s.log.WarnContext(ctx, "jobs: discard imported upload", "job_id", j.ID, "upload", in.Upload, "error", err)
		}
	}
	return nil
}

// importError makes problems with the file final: retrying cannot fix a
// file that is not a spreadsheet or lacks a column.
func importError(err error) error {
	switch fault.KindOf(err) {
	case fault.Invalid, fault.NotFound, fault.Forbidden, fault.Unauthenticated:
		return river.JobCancel(err)
	}
	return err
}

var (
	msgImportCounting = fault.Text{Vi: "Đang đếm số dòng của tệp", En: "counting the rows of the file"}
	msgImporting      = fault.Text{Vi: "Đang nhập", En: "importing"}
	msgImported       = fault.Text{Vi: "thêm mới", En: "imported"}
	msgUpdated        = fault.Text{Vi: "cập nhật", En: "updated"}
	msgRejected       = fault.Text{Vi: "từ chối", En: "rejected"}
)
