package programme

import "context"

// CoreStore holds what every area reads and what fixtures and the demo
// create (sqldb/programme_core.go).
type CoreStore interface {
	FindProgramme(ctx context.Context, id ProgrammeID) (*Programme, error)
	// FindKPIs returns the KPI catalogue (hidden ones too), builtin first,
	// then by code.
	FindKPIs(ctx context.Context) ([]KPIDef, error)

	// CreateCall inserts c (ID, Version 1, CreatedAt, UpdatedAt set).
	CreateCall(ctx context.Context, c *Call) error
	FindCallByID(ctx context.Context, id CallID) (*Call, error)

	// CreateActivity inserts a with its budget lines and KPIs (ID,
	// Version 1 set; CreatedAt and UpdatedAt kept when set, else now).
	CreateActivity(ctx context.Context, a *Activity) error
	// FindActivityByID returns the activity with its budget lines, KPIs,
	// proposer name and call code and province.
	FindActivityByID(ctx context.Context, id ActivityID) (*Activity, error)
}
