package quality

import (
	"context"
	"time"

	"nscl/internal/audit"
)

// Store keeps the workspaces. Methods return fault.NotFound for a missing
// object; Tx binds the same interface to one transaction.
type Store interface {
	// Tx runs fn in one transaction; fn's store writes and reads in it.
	Tx(ctx context.Context, fn func(tx Store) error) error
	// AddAudit writes an audit entry (in the transaction, inside Tx).
	AddAudit(ctx context.Context, e audit.Entry) error

	// FindSettings returns an enterprise's settings (the zero settings
	// when it never saved any).
	FindSettings(ctx context.Context, enterpriseID int64) (*Settings, error)
	// SaveSettings creates or replaces an enterprise's settings.
	SaveSettings(ctx context.Context, s *Settings, at time.Time) error

	CreateProcess(ctx context.Context, p *Process) error
	FindProcessByID(ctx context.Context, id ProcessID) (*Process, error)
	FindProcesses(ctx context.Context, enterpriseID int64) ([]*Process, error)
	// UpdateProcess writes p's name, description, line, active flag and
	// update time.
	UpdateProcess(ctx context.Context, p *Process) error

	CreateCharacteristic(ctx context.Context, c *Characteristic) error
	FindCharacteristicByID(ctx context.Context, id CharacteristicID) (*Characteristic, error)
	// FindCharacteristics returns an enterprise's characteristics, or a
	// process's when processID is not 0, ordered by name.
	FindCharacteristics(ctx context.Context, enterpriseID int64, processID ProcessID) ([]*Characteristic, error)
	// UpdateCharacteristic writes c's settings (name, unit, limits,
	// target, subgroup size, chart, rules, sampling plan), active flag and
	// update time; never its measurement counter or last Cpk.
	UpdateCharacteristic(ctx context.Context, c *Characteristic) error
	// ReserveSeqs advances the characteristic's measurement counter by n,
	// records at as the time of the latest measurement, and returns the
	// new last seq (the reserved seqs are last−n+1 … last). On PostgreSQL
	// it locks the characteristic's row until the transaction ends.
	ReserveSeqs(ctx context.Context, id CharacteristicID, n int, at time.Time) (int64, error)
	// SetLastCpk records the Cpk of the latest window (nil: none).
	SetLastCpk(ctx context.Context, id CharacteristicID, cpk *float64) error

	// InsertMeasurements stores ms with seqs firstSeq, firstSeq+1, … as
	// one batch from source by user by (0: the system), returning the
	// batch id. Labels must be filled in.
	InsertMeasurements(ctx context.Context, id CharacteristicID, source string, by int64, firstSeq int64, ms []MeasurementInput, at time.Time) (int64, error)
	// LastMeasurements returns at most limit measurements with seq ≤
	// upToSeq, the newest ones, in seq order.
	LastMeasurements(ctx context.Context, id CharacteristicID, upToSeq int64, limit int) ([]Measurement, error)

	// CreateAlerts inserts the alerts that are not stored yet (same
	// characteristic, rule and point) and returns those, with their ids.
	CreateAlerts(ctx context.Context, as []*Alert) ([]*Alert, error)
	// FindAlerts returns alerts matching f, newest first, and the total.
	FindAlerts(ctx context.Context, f AlertFilter) ([]*Alert, int, error)
	// MarkAlertsRead marks the enterprise's unread alerts read (only ids,
	// when given) and returns how many changed.
	MarkAlertsRead(ctx context.Context, enterpriseID int64, ids []AlertID, at time.Time) (int, error)

	CreateAnnotation(ctx context.Context, a *Annotation) error
	// FindAnnotations returns a characteristic's annotations of points with
	// seq ≥ fromSeq, in point order.
	FindAnnotations(ctx context.Context, id CharacteristicID, fromSeq int64) ([]*Annotation, error)

	// EnterpriseRecipients lists the enabled users of an enterprise (the
	// recipients of alert mail).
	EnterpriseRecipients(ctx context.Context, enterpriseID int64) ([]Recipient, error)
	// Summaries returns the aggregate of every enterprise with at least
	// one process, of one province when provinceCode is not "", ordered
	// by name; alerts are counted from since.
	Summaries(ctx context.Context, provinceCode string, since time.Time) ([]EnterpriseSummary, error)
}

// AlertFilter selects alerts. Zero fields do not filter.
type AlertFilter struct {
	EnterpriseID     int64
	CharacteristicID CharacteristicID
	Unread           bool
	Offset, Limit    int
}

// Recipient is someone alert mail goes to.
type Recipient struct {
	Email string
	Name  string
	Lang  string
}
