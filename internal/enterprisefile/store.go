package enterprisefile

import (
	"context"
	"io"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/registry"
)

// Store is what imports and exports need of the database: bulk writes of
// the registry (with its search index, facet counts and history kept as
// registry.Store keeps them), uploaded files, import checkpoints and
// rejected rows. Finders return fault.NotFound for a missing object.
type Store interface {
	// Tx runs fn with a Store bound to one transaction.
	Tx(ctx context.Context, fn func(tx Store) error) error

	// FindExisting returns the enterprises with the given tax codes, by
	// tax code, with their figures (by year).
	FindExisting(ctx context.Context, taxCodes []string) (map[string]*Existing, error)
	// FindOrphanBranchesOf returns the branches without a parent of the
	// head offices with the given (10-digit) tax codes.
	FindOrphanBranchesOf(ctx context.Context, heads []string) ([]*registry.Enterprise, error)
	// CreateEnterprises inserts es, filling their IDs, as
	// registry.Store.CreateEnterprises does.
	CreateEnterprises(ctx context.Context, es []*registry.Enterprise) error
	// BeginBulkLoad, CreateEnterprisesBulk and FinishBulkLoad are the
	// registry's bulk load (an empty registry: secondary and search indexes
	// built once at the end); BeginBulkLoad is Conflict when enterprises
	// exist. BulkLoading reports whether a bulk load is under way (begun,
	// not finished).
	BeginBulkLoad(ctx context.Context) error
	CreateEnterprisesBulk(ctx context.Context, es []*registry.Enterprise) error
	FinishBulkLoad(ctx context.Context) error
	BulkLoading(ctx context.Context) (bool, error)
	// CreateFigures inserts the figures of new enterprises.
	CreateFigures(ctx context.Context, figs map[registry.EnterpriseID][]registry.Figures) error
	// UpdateEnterprise writes every field of e (by e.ID).
	UpdateEnterprise(ctx context.Context, e *registry.Enterprise) error
	// PutFigures inserts or replaces the figures of f.Year.
	PutFigures(ctx context.Context, id registry.EnterpriseID, f registry.Figures) error
	// AddHistory writes history entries.
	AddHistory(ctx context.Context, hs []*registry.HistoryEntry) error
	// AddAudit writes an audit entry.
	AddAudit(ctx context.Context, e audit.Entry) error

	// CreateUpload stores an uploaded file read from r (at most u.Size
	// bytes) and fills u.ID.
	CreateUpload(ctx context.Context, u *Upload, r io.Reader) error
	// FindUpload returns an upload's description.
	FindUpload(ctx context.Context, id UploadID) (*Upload, error)
	// CopyUpload writes the bytes of an upload to w.
	CopyUpload(ctx context.Context, id UploadID, w io.Writer) error
	// DeleteUpload removes an upload with its checkpoint and rejected rows.
	DeleteUpload(ctx context.Context, id UploadID) error
	// DeleteUploadsBefore removes uploads created before t (abandoned
	// previews) and returns how many.
	DeleteUploadsBefore(ctx context.Context, t time.Time) (int, error)

	// FindCheckpoint returns the checkpoint of an upload's import, or
	// NotFound before its first batch.
	FindCheckpoint(ctx context.Context, id UploadID) (*Checkpoint, error)
	// SaveCheckpoint inserts or replaces the checkpoint of c.UploadID.
	SaveCheckpoint(ctx context.Context, c *Checkpoint) error
	// AddRejections records rejected rows of an upload's import.
	AddRejections(ctx context.Context, id UploadID, rs []Rejection) error
	// EachRejection calls fn for the rejected rows of an upload, by line.
	EachRejection(ctx context.Context, id UploadID, fn func(Rejection) error) error

	// EachEnterprise calls fn for every enterprise matching f (Query
	// already folded; Offset and Limit ignored) in f.Sort order, with the
	// figures of its latest year (nil if none).
	EachEnterprise(ctx context.Context, f registry.Filter, fn func(e *registry.Enterprise, latest *registry.Figures) error) error
}

// Existing is an enterprise in the registry with its figures.
type Existing struct {
	Enterprise *registry.Enterprise
	Figures    []registry.Figures
}

// UploadID identifies an uploaded file.
type UploadID int64

// Upload is an uploaded file waiting to be imported.
type Upload struct {
	ID        UploadID    `json:"id"`
	OwnerID   auth.UserID `json:"owner_id"`
	Name      string      `json:"name"`
	Size      int64       `json:"size"`
	CreatedAt time.Time   `json:"created_at"`
}

// Checkpoint is how far the import of an upload has committed: every row
// up to Line is decided (imported, updated or rejected) and written.
type Checkpoint struct {
	UploadID UploadID
	Line     int
	Imported int
	Updated  int
	Rejected int
	At       time.Time
}
