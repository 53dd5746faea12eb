package enterprisefile

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sheet"
)

// Provinces resolves province names and codes (geo.Table has it).
type Provinces interface {
	registry.ProvinceResolver
	// Name returns the name of a unit's code.
	Name(code string) string
}

// Options configures a Service.
type Options struct {
	Store     Store
	Provinces Provinces
	Clock     func() time.Time
	Log       *slog.Logger
	// MaxBytes is the largest file accepted (default sheet.DefaultMaxBytes,
	// 100 MiB).
	MaxBytes int64
	// BatchSize is how many rows a transaction commits (default
	// DefaultBatchSize).
	BatchSize int
	// TempDir holds uploads while they are read (default os.TempDir()).
	TempDir string
	// BulkFrom is the file size from which an import into an empty registry
	// is a bulk load (default DefaultBulkFrom; see Import).
	BulkFrom int64
}

// DefaultBulkFrom is the file size (16 MiB, about 70,000 rows of an
// officer's CSV) from which an import into an empty registry is a bulk load.
const DefaultBulkFrom = 16 << 20

// Service imports and exports enterprises.
type Service struct {
	store    Store
	geo      Provinces
	now      func() time.Time
	log      *slog.Logger
	maxBytes int64
	batch    int
	tempDir  string
	bulkFrom int64
}

// NewService returns a Service.
func NewService(o Options) *Service {
	s := &Service{store: o.Store, geo: o.Provinces, now: o.Clock, log: o.Log, maxBytes: o.MaxBytes, batch: o.BatchSize, tempDir: o.TempDir,
		bulkFrom: o.BulkFrom}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.maxBytes <= 0 {
		s.maxBytes = sheet.DefaultMaxBytes
	}
	if s.batch <= 0 {
		s.batch = DefaultBatchSize
	}
	if s.bulkFrom <= 0 {
		s.bulkFrom = DefaultBulkFrom
	}
	return s
}

// MaxBytes returns the largest file the service accepts.
func (s *Service) MaxBytes() int64 { return s.maxBytes }

// uploadTTL is how long an upload that was never imported is kept.
const uploadTTL = 24 * time.Hour

// TooLarge is the error for a file over the limit, before it is read.
func (s *Service) TooLarge(size int64) error {
	return fault.New(fault.Invalid,
		fmt.Sprintf("Tệp quá lớn (%d MB); giới hạn là %d MB.", (size+(1<<20)-1)>>20, s.maxBytes>>20),
		fmt.Sprintf("The file is too large (%d MB); the limit is %d MB.", (size+(1<<20)-1)>>20, s.maxBytes>>20))
}

// Upload keeps a file for import after checking that it is a CSV or XLSX
// table with a recognisable header (at most MaxBytes; size is the declared
// length or -1). The actor must be allowed auth.ActEnterpriseManage; the
// upload is theirs. Errors: Unauthenticated, Forbidden, Invalid (too large,
// not CSV/XLSX, unsafe archive, no header).
func (s *Service) Upload(ctx context.Context, name string, size int64, r io.Reader) (*Upload, *Preview, error) {
	a, _, err := s.importer(ctx)
	if err != nil {
		return nil, nil, err
	}
	if size > s.maxBytes {
		return nil, nil, s.TooLarge(size)
	}
	f, err := os.CreateTemp(s.tempDir, "nscl-upload-*")
	if err != nil {
		return nil, nil, fault.Internalf("enterprisefile: temp file: %w", err)
	}
	defer func() { f.Close(); os.Remove(f.Name()) }()
	n, err := io.Copy(f, io.LimitReader(r, s.maxBytes+1))
	if err != nil {
		// A body cut short by the HTTP layer's limit keeps its type, so
		// that the page and the API answer 413.
		return nil, nil, fmt.Errorf("enterprisefile: read upload: %w", err)
	}
	if n > s.maxBytes {
		return nil, nil, s.TooLarge(n)
	}
	if n == 0 {
		return nil, nil, fault.New(fault.Invalid, "Tệp trống.", "The file is empty.")
	}
	pv, err := s.preview(f, n, name, "", nil)
	if err != nil {
		return nil, nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, nil, fault.Internalf("enterprisefile: rewind upload: %w", err)
	}
	u := &Upload{OwnerID: a.UserID, Name: name, Size: n, CreatedAt: s.now().UTC()}
	if err := s.store.CreateUpload(ctx, u, f); err != nil {
		return nil, nil, err
	}
	if _, err := s.store.DeleteUploadsBefore(ctx, u.CreatedAt.Add(-uploadTTL)); err != nil {
		s.log.WarnContext(ctx, "enterprisefile: delete old uploads", "error", err)
	}
	pv.Upload = u
	return u, pv, nil
}

// Preview is the top of an uploaded table with the column mapping.
type Preview struct {
	Upload  *Upload
	Mapping sheet.Mapping
	Rows    [][]string // the first rows from the top of the table, titles and header included
	Lines   []int      // their line (CSV) or row (XLSX) numbers
	Width   int        // the number of columns
}

// previewRows is how many rows a preview shows.
const previewRows = 15

func (s *Service) preview(r io.Reader, size int64, name, sheetName string, m *sheet.Mapping) (*Preview, error) {
	rd, err := sheet.Open(r, size, name, sheet.Options{Fields: Fields(), Sheet: sheetName, MaxBytes: s.maxBytes})
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	if m != nil {
		err = rd.SetMapping(*m)
	} else {
		err = adoptYearColumn(rd)
	}
	if err != nil {
		return nil, err
	}
	pv := &Preview{Mapping: rd.Header(), Rows: rd.Preview(previewRows), Lines: rd.PreviewLines(previewRows)}
	for _, row := range pv.Rows {
		pv.Width = max(pv.Width, len(row))
	}
	for _, c := range pv.Mapping.Columns {
		pv.Width = max(pv.Width, c.Index+1)
	}
	return pv, nil
}

// findUpload returns the actor's upload, or NotFound (also for someone
// else's upload).
func (s *Service) findUpload(ctx context.Context, id UploadID) (*auth.Actor, *Upload, error) {
	a, _, err := s.importer(ctx)
	if err != nil {
		return nil, nil, err
	}
	u, err := s.store.FindUpload(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if u.OwnerID != a.UserID && !a.System {
		return nil, nil, fault.New(fault.NotFound, "Không tìm thấy tệp tải lên.", "Upload not found.")
	}
	return a, u, nil
}

// FindUpload returns one of the actor's uploads. Errors: Unauthenticated,
// Forbidden, NotFound.
func (s *Service) FindUpload(ctx context.Context, id UploadID) (*Upload, error) {
	_, u, err := s.findUpload(ctx, id)
	return u, err
}

// PreviewUpload shows the top of an upload with the detected mapping, or
// with m (the user's correction) when set. Errors: as FindUpload, and
// Invalid for an impossible mapping.
func (s *Service) PreviewUpload(ctx context.Context, id UploadID, sheetName string, m *sheet.Mapping) (*Preview, error) {
	_, u, err := s.findUpload(ctx, id)
	if err != nil {
		return nil, err
	}
	f, err := s.spool(ctx, u)
	if err != nil {
		return nil, err
	}
	defer func() { f.Close(); os.Remove(f.Name()) }()
	pv, err := s.preview(f, u.Size, u.Name, sheetName, m)
	if err != nil {
		return nil, err
	}
	pv.Upload = u
	return pv, nil
}

// spool copies an upload to a temporary file, read in place by the reader.
func (s *Service) spool(ctx context.Context, u *Upload) (*os.File, error) {
	f, err := os.CreateTemp(s.tempDir, "nscl-import-*")
	if err != nil {
		return nil, fault.Internalf("enterprisefile: temp file: %w", err)
	}
	if err := s.store.CopyUpload(ctx, u.ID, f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fault.Internalf("enterprisefile: rewind: %w", err)
	}
	return f, nil
}

// ImportUpload imports an upload of the actor, resuming after its
// checkpoint when an earlier run was interrupted. o.Upload is set to id.
func (s *Service) ImportUpload(ctx context.Context, id UploadID, o ImportOptions) (*Result, error) {
	_, u, err := s.findUpload(ctx, id)
	if err != nil {
		return nil, err
	}
	f, err := s.spool(ctx, u)
	if err != nil {
		return nil, err
	}
	defer func() { f.Close(); os.Remove(f.Name()) }()
	o.Upload, o.FileName = id, u.Name
	return s.Import(ctx, f, u.Size, o)
}

// DiscardUpload deletes one of the actor's uploads with its checkpoint and
// rejected rows (after its import, once the report is kept elsewhere).
func (s *Service) DiscardUpload(ctx context.Context, id UploadID) error {
	if _, _, err := s.findUpload(ctx, id); err != nil {
		return err
	}
	return s.store.DeleteUpload(ctx, id)
}

// CountRows counts the data rows of an upload (for a progress bar). Errors:
// as ImportUpload.
func (s *Service) CountRows(ctx context.Context, id UploadID, sheetName string, m *sheet.Mapping) (int, error) {
	_, u, err := s.findUpload(ctx, id)
	if err != nil {
		return 0, err
	}
	f, err := s.spool(ctx, u)
	if err != nil {
		return 0, err
	}
	defer func() { f.Close(); os.Remove(f.Name()) }()
	rd, err := sheet.Open(f, u.Size, u.Name, sheet.Options{Fields: Fields(), Sheet: sheetName, MaxBytes: s.maxBytes})
	if err != nil {
		return 0, err
	}
	defer rd.Close()
	if m != nil {
		err = rd.SetMapping(*m)
	} else {
		err = adoptYearColumn(rd)
	}
	if err != nil {
		return 0, err
	}
	if len(rd.Header().Missing) > 0 {
		return 0, nil
	}
	n := 0
	for {
		if _, err := rd.Next(); err != nil {
			if err == io.EOF {
				return n, nil
			}
			return 0, err
		}
		n++
	}
}
