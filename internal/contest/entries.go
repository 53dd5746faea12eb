package contest

import (
	"context"
	"time"
)

// EntryStore is what the area of the entries (forms, attachments, KPI
// evidence, activities, completeness) keeps (sqldb/contest_entries.go).
type EntryStore interface {
	// NextEntryNumber returns the next number of a contest's entries (1,
	// 2, …): each caller gets its own, whatever runs concurrently; taken
	// in the entry's transaction, a rolled back entry leaves no gap.
	NextEntryNumber(ctx context.Context, id ContestID) (int, error)
	// UpdateEntry writes e's fields and status if e.Version is still the
	// stored one (fault.Conflict otherwise); e.Version becomes the new one.
	UpdateEntry(ctx context.Context, e *Entry) error
	// CreateEntryFile stores f with its data (ID set).
	CreateEntryFile(ctx context.Context, f *EntryFile) error
	// FindEntryFiles returns an entry's files without their data, in
	// upload order.
	FindEntryFiles(ctx context.Context, id EntryID) ([]*EntryFile, error)
	// FindEntryFile returns one file with its data.
	FindEntryFile(ctx context.Context, id EntryFileID) (*EntryFile, error)
	DeleteEntryFile(ctx context.Context, id EntryFileID) error
}

// EntryFileID identifies an entry's attachment.
type EntryFileID int64

// EntryFile is an attachment of an entry: a PDF, image, XLSX or DOCX file,
// its type judged by its content.
type EntryFile struct {
	ID          EntryFileID `json:"id"`
	EntryID     EntryID     `json:"entry_id"`
	Name        string      `json:"name"`
	ContentType string      `json:"content_type"`
	Size        int64       `json:"size"`
	Data        []byte      `json:"-"`
	UploadedBy  int64       `json:"uploaded_by,omitempty"`
	UploadedAt  time.Time   `json:"uploaded_at"`
}
