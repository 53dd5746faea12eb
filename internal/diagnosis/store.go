package diagnosis

import (
	"context"
	"time"

	"nscl/internal/audit"
)

// Diagnosis is one enterprise's self-diagnosis of one year, answered against
// one questionnaire version. While a draft its answers change one by one;
// once submitted its answers and result are fixed.
type Diagnosis struct {
	ID           int64          `json:"id"`
	EnterpriseID int64          `json:"enterprise_id"`
	Year         int            `json:"year"`
	Version      int            `json:"questionnaire_version"`
	Status       Status         `json:"status"`
	Answers      map[string]int `json:"answers"` // question code → 1–5

	// The enterprise as it was when the diagnosis started (and again at
	// submission): the province scopes officers, sector and size class
	// make the peer group.
	EnterpriseName string `json:"enterprise_name"`
	ProvinceCode   string `json:"province_code"`
	Sector         string `json:"sector"` // "ind:<priority industry>" or "sec:<VSIC section>"
	SizeClass      string `json:"size_class"`

	// The result, set at submission.
	Score  float64          `json:"score"`
	Level  int              `json:"level"`
	Levels []DimensionLevel `json:"levels"`
	Path   []PathStep       `json:"path"`

	CreatedAt   time.Time  `json:"created_at"`
	CreatedBy   int64      `json:"created_by"`
	UpdatedAt   time.Time  `json:"updated_at"`
	SubmittedAt *time.Time `json:"submitted_at"`
	SubmittedBy int64      `json:"submitted_by"`
}

// Filter selects submitted diagnoses for officers. Zero fields do not
// filter.
type Filter struct {
	Year         int
	ProvinceCode string
	Sector       string
	SizeClass    string
	Level        int // overall level
	Offset       int
	Limit        int
}

// Peers is where a score stands among the submitted diagnoses of a peer
// group (the same year, sector and size class, other enterprises).
type Peers struct {
	Count int // peers
	Below int // peers with a lower overall score
	Equal int // peers with the same overall score
}

// Store keeps the questionnaire versions and the diagnoses. Methods return
// fault.NotFound for a missing object; Tx binds the store to a transaction.
type Store interface {
	Tx(ctx context.Context, fn func(tx Store) error) error
	AddAudit(ctx context.Context, e audit.Entry) error

	// CreateQuestionnaire inserts q with its version; Conflict when the
	// version exists.
	CreateQuestionnaire(ctx context.Context, q *Questionnaire) error
	// FindQuestionnaire returns a version (published or draft).
	FindQuestionnaire(ctx context.Context, version int) (*Questionnaire, error)
	// FindCurrentQuestionnaire returns the published version with the
	// highest number; NotFound when none is published.
	FindCurrentQuestionnaire(ctx context.Context) (*Questionnaire, error)
	// FindQuestionnaires lists every version, newest first, without content.
	FindQuestionnaires(ctx context.Context) ([]*Questionnaire, error)
	// UpdateDraft writes a draft's content and update time; NotFound unless
	// the version is a draft (published versions never change).
	UpdateDraft(ctx context.Context, q *Questionnaire) error
	// PublishDraft marks a draft published; NotFound unless it is a draft.
	PublishDraft(ctx context.Context, version int, by int64, at time.Time) error
	// DeleteDraft deletes a draft; NotFound unless it is a draft.
	DeleteDraft(ctx context.Context, version int) error

	// CreateDiagnosis inserts a draft and fills its id; Conflict when the
	// enterprise has one for that year.
	CreateDiagnosis(ctx context.Context, d *Diagnosis) error
	// FindDiagnosis returns a diagnosis with its answers.
	FindDiagnosis(ctx context.Context, id int64) (*Diagnosis, error)
	// LockDiagnosis holds the diagnosis row until the transaction ends, so
	// that an answer and the submission of the same draft run one after the
	// other (no-op when it does not exist).
	LockDiagnosis(ctx context.Context, id int64) error
	// FindEnterpriseDiagnoses returns an enterprise's diagnoses, newest year
	// first, without answers.
	FindEnterpriseDiagnoses(ctx context.Context, enterpriseID int64) ([]*Diagnosis, error)
	// FindSubmittedBefore returns the enterprise's latest submitted
	// diagnosis of a year before year (0: any year); NotFound when none.
	FindSubmittedBefore(ctx context.Context, enterpriseID int64, year int) (*Diagnosis, error)
	// SaveAnswer records (or replaces) one answer of a draft and touches
	// the diagnosis; NotFound unless the diagnosis is a draft.
	SaveAnswer(ctx context.Context, id int64, question string, value int, at time.Time) error
	// SubmitDiagnosis stores the result, snapshot fields and submission of
	// a draft; NotFound unless it is a draft.
	SubmitDiagnosis(ctx context.Context, d *Diagnosis) error
	// FindDiagnoses returns the submitted diagnoses matching f (by
	// enterprise name) and the total.
	FindDiagnoses(ctx context.Context, f Filter) ([]*Diagnosis, int, error)
	// Distribution counts the submitted diagnoses matching f (Level,
	// Offset and Limit ignored) by overall level: index 0 is level 1.
	Distribution(ctx context.Context, f Filter) ([Levels]int, error)
	// FindPeers places score among the submitted diagnoses of year, sector
	// and size class of enterprises other than enterpriseID.
	FindPeers(ctx context.Context, year int, sector, sizeClass string, enterpriseID int64, score float64) (Peers, error)
	// DiagnosisYears lists the years with submitted diagnoses, newest first.
	DiagnosisYears(ctx context.Context) ([]int, error)
}
