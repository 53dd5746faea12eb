package diagnosis

import (
	"time"

	"nscl/internal/catalog"
	"nscl/internal/fault"
)

// NeedSummary is what matching reads of an enterprise's latest submitted
// diagnosis: the maturity per dimension and the recommended improvement
// path. Service.LatestSummary returns it (fault.NotFound when the enterprise
// has submitted none).
type NeedSummary struct {
	DiagnosisID  int64            `json:"diagnosis_id"`
	EnterpriseID int64            `json:"enterprise_id"`
	SubmittedAt  time.Time        `json:"submitted_at"`
	Year         int              `json:"year"`
	Version      int              `json:"questionnaire_version"`
	Score        float64          `json:"score"` // overall, 1.00–5.00
	Level        int              `json:"level"` // overall maturity 1–5
	Levels       []DimensionLevel `json:"levels"`
	Path         []PathStep       `json:"path"`
}

// DimensionLevel is the maturity (1–5) of one dimension.
type DimensionLevel struct {
	Code  string     `json:"code"` // e.g. "workplace", "quality", "equipment"
	Name  fault.Text `json:"name"`
	Level int        `json:"level"`
	Score float64    `json:"score"` // the weighted mean of the answers, 1.00–5.00
}

// PathStep is one tool of a recommended improvement path, with the reason a
// person can read.
type PathStep struct {
	Tool   catalog.ToolCode `json:"tool"`
	Reason fault.Text       `json:"reason"`
	// Dimension is the code of the weak dimension the step answers.
	Dimension string `json:"dimension"`
}
