package contest

import (
	"context"
	"time"

	"nscl/internal/registry"
	"nscl/internal/vn"
)

// CoreStore is what every area reads and writes (sqldb/contest_core.go).
type CoreStore interface {
	// CreateContest stores c with its categories and criteria, filling
	// their IDs, c.Version (1) and the times.
	CreateContest(ctx context.Context, c *Contest) error
	// FindContest returns a contest with its categories and criteria (and
	// MaxPoints, their sum).
	FindContest(ctx context.Context, id ContestID) (*Contest, error)
	// CreateEntry stores e, filling ID, Version (1) and the times. A
	// second entry of one enterprise in one category of a contest is
	// fault.Conflict.
	CreateEntry(ctx context.Context, e *Entry) error
	// FindEntry returns an entry with the enterprise's name, province and
	// tax code.
	FindEntry(ctx context.Context, id EntryID) (*Entry, error)
	// FindEntries returns the entries f selects, by code.
	FindEntries(ctx context.Context, f EntryFilter) ([]*Entry, error)
	// CreateHonour stores h, filling ID, Version and the times; a second
	// honour of one entry is fault.Conflict.
	CreateHonour(ctx context.Context, h *Honour) error
	// FindHonour returns an honour with the enterprise's name and province
	// and the contest's title.
	FindHonour(ctx context.Context, id HonourID) (*Honour, error)
}

// EntryFilter selects entries. Zero fields do not filter.
type EntryFilter struct {
	ContestID    ContestID
	CategoryID   CategoryID
	EnterpriseID registry.EnterpriseID
	Statuses     []EntryStatus
}

// day returns t's calendar day in Vietnam's zone as midnight there.
func day(t time.Time) time.Time {
	t = t.In(vn.Zone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, vn.Zone)
}
