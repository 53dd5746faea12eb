package directory

import (
	"context"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/catalog"
)

// ExpertFilter selects experts. Empty fields do not filter.
type ExpertFilter struct {
	Query          string           // folded words, each a prefix of a word of the name or organisation
	Tool           catalog.ToolCode // has this tool …
	MinLevel       Level            // … at this level or above
	Sector         string           // serves this sector
	Province       string           // serves this province
	Kind           Kind
	OrganisationID OrganisationID
	ListedOnly     bool // only active experts consenting to the listing
	// OrgPublicOnly makes the organisation filter select only the experts
	// who made their organisation public (everyone but directory managers).
	OrgPublicOnly bool
	Offset, Limit int
	// Total, when positive, is the size of the selection, known to the
	// caller: the store then does not count (it returns Total).
	Total int
}

// Broad reports whether f selects by the listed and kind columns only (no
// words, tools, sectors, provinces or organisation): the largest
// selections, whose size the service caches.
func (f ExpertFilter) Broad() bool {
	return f.Query == "" && f.Tool == "" && f.Sector == "" && f.Province == "" && f.OrganisationID == 0
}

// OrgFilter selects organisations.
type OrgFilter struct {
	Query         string // folded words, each a prefix of a word of the name or short name
	Kind          OrgKind
	Province      string
	Offset, Limit int
}

// ConsentEvent is one recorded consent or withdrawal, with the version of
// the form the person saw.
type ConsentEvent struct {
	ID          int64       `json:"id"`
	ExpertID    ExpertID    `json:"expert_id"`
	Purpose     Purpose     `json:"purpose"`
	Given       bool        `json:"given" doc:"true = đồng ý, false = rút lại (true = given, false = withdrawn)"`
	FormVersion string      `json:"form_version"`
	At          time.Time   `json:"at"`
	ActorID     auth.UserID `json:"actor_id,omitempty"`
}

// Privacy request kinds and statuses.
const (
	RequestDeletion = "deletion"
	RequestPending  = "pending"
	RequestDone     = "done"
)

// PrivacyRequest is a person's request about their data (deletion), which
// an administrator carries out.
type PrivacyRequest struct {
	ID          int64       `json:"id"`
	ExpertID    ExpertID    `json:"expert_id"`
	Kind        string      `json:"kind"`
	Status      string      `json:"status"`
	Note        string      `json:"note,omitempty"`
	RequestedAt time.Time   `json:"requested_at"`
	RequestedBy auth.UserID `json:"requested_by,omitempty"`
	DoneAt      *time.Time  `json:"done_at,omitempty"`
	DoneBy      auth.UserID `json:"done_by,omitempty"`
	ExpertName  string      `json:"expert_name,omitempty"` // read only
}

// Store keeps the directory. Finders return fault.NotFound for a missing
// object; writes return fault.Conflict on a duplicate email or ID number.
type Store interface {
	Tx(ctx context.Context, fn func(tx Store) error) error
	AddAudit(ctx context.Context, e audit.Entry) error

	// CreateExpert inserts e with its tools, sectors, provinces and
	// credentials and sets e.ID.
	CreateExpert(ctx context.Context, e *Expert) error
	// CreateExperts inserts many experts in one transaction (demo data,
	// imports), filling their IDs.
	CreateExperts(ctx context.Context, es []*Expert) error
	// UpdateExpert writes every field of e (but not the track record,
	// which matching keeps) and replaces its rows.
	UpdateExpert(ctx context.Context, e *Expert) error
	FindExpert(ctx context.Context, id ExpertID) (*Expert, error)
	FindExpertByUser(ctx context.Context, user auth.UserID) (*Expert, error)
	// FindExpertIDByEmail and FindExpertIDByIDNumber find duplicates.
	FindExpertIDByEmail(ctx context.Context, email string) (ExpertID, error)
	FindExpertIDByIDNumber(ctx context.Context, idNumber string) (ExpertID, error)
	// SearchExperts returns a page of experts (with their tools, sectors
	// and provinces, not their credentials) and the total.
	SearchExperts(ctx context.Context, f ExpertFilter) ([]*Expert, int, error)
	// CountListedByProvince counts the listed experts per province served.
	CountListedByProvince(ctx context.Context) (map[string]int, error)

	AddConsentEvents(ctx context.Context, evs []ConsentEvent) error
	FindConsentEvents(ctx context.Context, id ExpertID) ([]ConsentEvent, error)

	CreatePrivacyRequest(ctx context.Context, r *PrivacyRequest) error
	FindPrivacyRequest(ctx context.Context, id int64) (*PrivacyRequest, error)
	// FindPrivacyRequests lists requests, pending first, newest first.
	FindPrivacyRequests(ctx context.Context, expert ExpertID, offset, limit int) ([]*PrivacyRequest, int, error)
	// UpdatePrivacyRequest writes the status, completion and note of r.
	UpdatePrivacyRequest(ctx context.Context, r *PrivacyRequest) error
	// RedactAudit replaces, in the before and after JSON of the audit
	// entries of one object, each non-empty value of fields with mask, and
	// returns how many entries it changed (anonymisation).
	RedactAudit(ctx context.Context, objectType, objectID string, fields []string, mask string) (int, error)

	CreateOrganisation(ctx context.Context, o *Organisation) error
	CreateOrganisations(ctx context.Context, os []*Organisation) error
	UpdateOrganisation(ctx context.Context, o *Organisation) error
	FindOrganisation(ctx context.Context, id OrganisationID) (*Organisation, error)
	SearchOrganisations(ctx context.Context, f OrgFilter) ([]*Organisation, int, error)

	// FindRelations lists the relations an expert declared, with each
	// enterprise's tax code and name, in enterprise name order.
	FindRelations(ctx context.Context, id ExpertID) ([]Relation, error)
	// AddRelation inserts r (Conflict when the expert declared one with
	// that enterprise).
	AddRelation(ctx context.Context, r *Relation) error
	// DeleteRelation removes one relation (NotFound when none).
	DeleteRelation(ctx context.Context, expert ExpertID, enterpriseID int64) error

	// CreateUpload stores a checked import file, first deleting the files
	// created before expired.
	CreateUpload(ctx context.Context, u *Upload, expired time.Time) error
	FindUpload(ctx context.Context, id string) (*Upload, error)
	// DeleteUpload deletes a checked file (NotFound when it is gone).
	DeleteUpload(ctx context.Context, id string) error
}
