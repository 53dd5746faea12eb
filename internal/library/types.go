package library

import (
	"encoding/json"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// Typed identifiers.
type (
	CaseID  int64
	PhotoID int64
	GuideID int64
	FileID  int64
)

// Status is where a case or a guide is: a draft only its editors see, or
// published for everyone.
type Status string

// The statuses.
const (
	StatusDraft     Status = "draft"
	StatusPublished Status = "published"
)

// Statuses lists the statuses in order.
var Statuses = []Status{StatusDraft, StatusPublished}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return s == StatusDraft || s == StatusPublished }

// Label names the status.
func (s Status) Label() fault.Text {
	if s == StatusPublished {
		return fault.Text{Vi: "Đã công bố", En: "Published"}
	}
	return fault.Text{Vi: "Bản nháp", En: "Draft"}
}

// CaseKPI is a before/after indicator of a case. Verified ones come from the
// linked programme activity's verified results; the others were typed by
// the editor.
type CaseKPI struct {
	Name     string  `json:"name"`
	Unit     string  `json:"unit,omitempty"`
	Before   float64 `json:"before"`
	After    float64 `json:"after"`
	Verified bool    `json:"verified"`
	// Improvement is the change in % (positive is better), nil when the
	// baseline is 0. Set by the service.
	Improvement *float64 `json:"improvement,omitempty"`
	LowerBetter bool     `json:"lower_better,omitempty" doc:"Giảm là tốt hơn (a lower value is better)"`
}

// Case is a case study of a pilot model or a solution.
type Case struct {
	ID             CaseID             `json:"id"`
	Title          string             `json:"title"`
	EnterpriseID   int64              `json:"enterprise_id"`
	EnterpriseName string             `json:"enterprise_name"` // joined from the registry
	ActivityID     int64              `json:"activity_id,omitempty" doc:"Hoạt động/mô hình điểm liên kết (the linked pilot activity)"`
	ProvinceCode   string             `json:"province_code"`
	Industry       registry.Industry  `json:"industry,omitempty"`
	VSIC           string             `json:"vsic,omitempty"`
	SizeClass      registry.SizeClass `json:"size_class,omitempty"`
	Tools          []string           `json:"tools"`
	Summary        string             `json:"summary"`
	ProblemMD      Markdown           `json:"problem_md"`
	SolutionMD     Markdown           `json:"solution_md"`
	LessonsMD      Markdown           `json:"lessons_md"`
	KPIs           []CaseKPI          `json:"kpis" doc:"CaseKPI do biên tập viên nhập (typed by the editor, not verified)"`
	Contact        CaseContact        `json:"contact"`
	Status         Status             `json:"status"`
	PublishedAt    *time.Time         `json:"published_at,omitempty"`
	CoverPhotoID   PhotoID            `json:"cover_photo_id,omitempty"` // joined: the first photo
	CreatedBy      auth.UserID        `json:"created_by,omitempty"`
	CreatedAt      time.Time          `json:"created_at"`
	UpdatedAt      time.Time          `json:"updated_at"`
	Version        int                `json:"version"`
}

// CaseContact is whom to call to visit the enterprise. It is shown only when
// the enterprise consented.
type CaseContact struct {
	Name    string `json:"name,omitempty"`
	Role    string `json:"role,omitempty"`
	Phone   string `json:"phone,omitempty"`
	Email   string `json:"email,omitempty"`
	Consent bool   `json:"consent" doc:"Doanh nghiệp đồng ý công khai liên hệ (the enterprise consented)"`
}

// CasePhoto is a case's photo (an upright JPEG and its thumbnail).
type CasePhoto struct {
	ID         PhotoID     `json:"id"`
	CaseID     CaseID      `json:"case_id"`
	Caption    string      `json:"caption,omitempty"`
	Width      int         `json:"width"`
	Height     int         `json:"height"`
	Size       int64       `json:"size"`
	UploadedBy auth.UserID `json:"-"`
	UploadedAt time.Time   `json:"uploaded_at"`
}

// GuideVideo is a video linked from a guide (shown as a link, never embedded).
type GuideVideo struct {
	URL   string `json:"url" format:"uri"`
	Title string `json:"title,omitempty"`
}

// Guide is an article or guide on an improvement tool.
type Guide struct {
	ID           GuideID      `json:"id"`
	ToolCode     string       `json:"tool"`
	ToolName     fault.Text   `json:"tool_name"` // joined from the catalogue
	Title        string       `json:"title"`
	Summary      string       `json:"summary"`
	BodyMD       Markdown     `json:"body_md"`
	Videos       []GuideVideo `json:"videos"`
	ProvinceCode string       `json:"province_code,omitempty" doc:"Rỗng = của Bộ (empty: the ministry's)"`
	Status       Status       `json:"status"`
	PublishedAt  *time.Time   `json:"published_at,omitempty"`
	Files        int          `json:"files"` // joined: how many templates
	CreatedBy    auth.UserID  `json:"created_by,omitempty"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
	Version      int          `json:"version"`
}

// GuideFile is a guide's downloadable template.
type GuideFile struct {
	ID          FileID      `json:"id"`
	GuideID     GuideID     `json:"guide_id"`
	Name        string      `json:"name"`
	ContentType string      `json:"content_type"`
	Size        int64       `json:"size"`
	Data        []byte      `json:"-"`
	UploadedBy  auth.UserID `json:"-"`
	UploadedAt  time.Time   `json:"uploaded_at"`
}

// Tool is a catalogue tool as the library names it.
type Tool struct {
	Code string     `json:"code"`
	Name fault.Text `json:"name"`
}

// Enterprise is what the library reads of a registry enterprise.
type Enterprise struct {
	ID           int64
	Name         string
	ProvinceCode string
}

// CaseFilter selects cases. Zero fields do not filter.
type CaseFilter struct {
	Status       Status
	Tool         string
	Industry     string
	VSIC         string // a VSIC code prefix
	SizeClass    string
	Province     string
	EnterpriseID int64
	ActivityID   int64
	// Editable restricts to what an editor may see besides the published
	// cases: drafts of this province ("*" any province).
	DraftsOf string
	IDs      []CaseID
	Query    string // folded
	Limit    int
	Offset   int
}

// GuideFilter selects guides. Zero fields do not filter.
type GuideFilter struct {
	Status   Status
	Tool     string
	DraftsOf string // as CaseFilter's
	Query    string // folded
	Limit    int
	Offset   int
}

// Markdown is a Markdown source as stored. Shown, it goes through
// markdown.Render (safe HTML); in JSON its <, > and & are escaped
// (\u003c…), so that a raw tag in a body never comes out of the API as
// markup, whatever the encoder's settings.
type Markdown string

// MarshalJSON escapes the HTML characters of m.
func (m Markdown) MarshalJSON() ([]byte, error) { return json.Marshal(string(m)) }
