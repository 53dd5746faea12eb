package programme

import (
	"context"

	"nscl/internal/auth"
	"nscl/internal/fault"
)

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

// errSignIn is what every area answers an anonymous actor where an account
// is needed.
var errSignIn = fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")

// mayAct reports whether a may do act as an officer on an object of
// province prov. The ministry's objects have prov "", which auth.Allowed
// would let any provincial officer through (an empty scope means "no
// particular object"): they need ActProgrammeManage.
func mayAct(a *auth.Actor, act auth.Action, prov string) bool {
	if prov == "" {
		return auth.Can(a, auth.ActProgrammeManage)
	}
	return auth.Allowed(a, act, auth.Scope{ProvinceCode: prov})
}

// mayRun reports whether a may run (create, edit, open, approve, decide) an
// object of province prov.
func mayRun(a *auth.Actor, prov string) bool { return mayAct(a, auth.ActProgrammeRun, prov) }

// decides reports whether actor is an officer who decides activity x: the
// ministry for the ministry's calls (and activities without a call), a
// province's officers for its calls.
func decides(actor *auth.Actor, x *Activity) bool { return mayRun(actor, x.CallProvince) }
