package programme

import (
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// Typed identifiers.
type (
	ProgrammeID    int64
	PlanID         int64
	CallID         int64
	ActivityID     int64
	ReviewID       int64
	MilestoneID    int64
	DisbursementID int64
	FileID         int64
	EventID        int64
	ReplicationID  int64
)

// TheProgramme is the id of the programme 2021–2030, created by migration
// 0014_programme.
const TheProgramme ProgrammeID = 1

func text(vi, en string) fault.Text { return fault.Text{Vi: vi, En: en} }

// Track is a support track of the programme.
type Track string

// The tracks.
const (
	TrackBreadth  Track = "breadth"  // chiều rộng: many SMEs, basic tools
	TrackDepth    Track = "depth"    // chiều sâu: deeper, sector-specific, replicable
	TrackCapacity Track = "capacity" // state capacity: training, standards, labs, research
)

// Tracks lists the tracks in display order.
var Tracks = []Track{TrackBreadth, TrackDepth, TrackCapacity}

// Valid reports whether t is a known track.
func (t Track) Valid() bool { return t == TrackBreadth || t == TrackDepth || t == TrackCapacity }

// Label names the track.
func (t Track) Label() fault.Text {
	switch t {
	case TrackBreadth:
		return text("Chiều rộng", "Breadth")
	case TrackDepth:
		return text("Chiều sâu", "Depth")
	case TrackCapacity:
		return text("Năng lực quản lý nhà nước", "State capacity")
	}
	return text(string(t), string(t))
}

// Eligibility returns the registry's track whose eligibility rules
// (settings with effective dates) apply to enterprises proposing in t;
// false for the capacity track, which has none.
func (t Track) Eligibility() (registry.Track, bool) {
	switch t {
	case TrackBreadth:
		return registry.TrackBreadth, true
	case TrackDepth:
		return registry.TrackDepth, true
	}
	return "", false
}

// ActivityType is a kind of supported activity. Types differ in their form
// fields (Fields) and share one life cycle (status.go).
type ActivityType string

// The activity types.
const (
	TypePilotModel    ActivityType = "pilot_model"       // mô hình điểm
	TypeDepthProject  ActivityType = "depth_project"     // dự án đầu tư chiều sâu
	TypeTraining      ActivityType = "training_course"   // khóa đào tạo
	TypeCommunication ActivityType = "communication"     // chiến dịch truyền thông
	TypeContest       ActivityType = "contest"           // cuộc thi
	TypeResearch      ActivityType = "research"          // đề tài nghiên cứu
	TypeStandard      ActivityType = "standard_drafting" // xây dựng tiêu chuẩn
	TypeLabUpgrade    ActivityType = "lab_upgrade"       // nâng cao năng lực phòng thử nghiệm
)

// ActivityTypes lists the types in display order.
var ActivityTypes = []ActivityType{TypePilotModel, TypeDepthProject, TypeTraining, TypeCommunication,
	TypeContest, TypeResearch, TypeStandard, TypeLabUpgrade}

// Valid reports whether t is a known type.
func (t ActivityType) Valid() bool {
	for _, x := range ActivityTypes {
		if x == t {
			return true
		}
	}
	return false
}

// Label names the type.
func (t ActivityType) Label() fault.Text {
	switch t {
	case TypePilotModel:
		return text("Mô hình điểm", "Pilot model")
	case TypeDepthProject:
		return text("Dự án đầu tư chiều sâu", "Depth investment project")
	case TypeTraining:
		return text("Khóa đào tạo", "Training course")
	case TypeCommunication:
		return text("Chiến dịch truyền thông", "Communication campaign")
	case TypeContest:
		return text("Cuộc thi", "Contest")
	case TypeResearch:
		return text("Đề tài nghiên cứu", "Research topic")
	case TypeStandard:
		return text("Xây dựng tiêu chuẩn", "Standard drafting")
	case TypeLabUpgrade:
		return text("Nâng cao năng lực phòng thử nghiệm", "Lab capacity upgrade")
	}
	return text(string(t), string(t))
}

// EnterpriseLed reports whether proposals of t come from an enterprise (the
// beneficiary); the others come from an organisation of the directory.
func (t ActivityType) EnterpriseLed() bool { return t == TypePilotModel || t == TypeDepthProject }

// Programme is the programme with its period.
type Programme struct {
	ID        ProgrammeID `json:"id"`
	Code      string      `json:"code"`
	Name      fault.Text  `json:"name"`
	Basis     string      `json:"basis" doc:"Căn cứ (the decisions it rests on)"`
	StartYear int         `json:"start_year"`
	EndYear   int         `json:"end_year"`
	UpdatedAt time.Time   `json:"updated_at"`
}

// Target is a target of the programme for a metric in a year (0 = the
// whole period).
type Target struct {
	ID          int64       `json:"id"`
	ProgrammeID ProgrammeID `json:"programme_id"`
	Metric      Metric      `json:"metric"`
	Year        int         `json:"year" doc:"0 = cả giai đoạn (the whole period)"`
	Value       float64     `json:"value"`
	Note        string      `json:"note"`
	Version     int         `json:"version" doc:"Khóa lạc quan: gửi lại giá trị đã đọc (optimistic lock: send back the value read)"`
	UpdatedBy   auth.UserID `json:"updated_by,omitempty"`
	UpdatedAt   time.Time   `json:"updated_at"`
}

// Metric is what a target measures; the dashboard measures it from the data.
type Metric string

// The metrics.
const (
	MetricEnterprisesSupported Metric = "enterprises_supported" // distinct enterprises with an activity contracted in the year
	MetricPilotModels          Metric = "pilot_models"          // pilot models contracted, cumulative
	MetricExpertsCertified     Metric = "experts_certified"     // experts of the directory with a credential valid at the year's end
	MetricLPGrowth             Metric = "lp_growth_pct"         // labour-productivity growth of supported enterprises, %
)

// Metrics lists the metrics in display order.
var Metrics = []Metric{MetricEnterprisesSupported, MetricPilotModels, MetricExpertsCertified, MetricLPGrowth}

// Valid reports whether m is a known metric.
func (m Metric) Valid() bool {
	for _, x := range Metrics {
		if x == m {
			return true
		}
	}
	return false
}

// Label names the metric.
func (m Metric) Label() fault.Text {
	switch m {
	case MetricEnterprisesSupported:
		return text("Doanh nghiệp được hỗ trợ", "Enterprises supported")
	case MetricPilotModels:
		return text("Mô hình điểm (lũy kế)", "Pilot models (cumulative)")
	case MetricExpertsCertified:
		return text("Chuyên gia có chứng nhận còn hiệu lực (cuối năm)", "Experts with a valid credential (year end)")
	case MetricLPGrowth:
		return text("Tăng năng suất lao động (%/năm)", "Labour-productivity growth (%/year)")
	}
	return text(string(m), string(m))
}

// Cumulative reports whether the metric is a level reached by a year (pilot
// models since the start, experts certified at the year's end) rather than
// a yearly flow.
func (m Metric) Cumulative() bool { return m == MetricPilotModels || m == MetricExpertsCertified }

// PlanStatus is the state of an annual plan.
type PlanStatus string

// The plan statuses.
const (
	PlanDraft    PlanStatus = "draft"
	PlanApproved PlanStatus = "approved"
)

// Plan is an annual plan of the ministry (ProvinceCode "") or a province.
type Plan struct {
	ID           PlanID      `json:"id"`
	ProgrammeID  ProgrammeID `json:"programme_id"`
	Year         int         `json:"year"`
	ProvinceCode string      `json:"province_code" doc:"Rỗng = kế hoạch của Bộ (empty = the ministry's plan)"`
	Title        string      `json:"title"`
	Status       PlanStatus  `json:"status"`
	DecisionNo   string      `json:"decision_no"`
	DecisionDate string      `json:"decision_date" doc:"yyyy-mm-dd"`
	Notes        string      `json:"notes"`
	Lines        []PlanLine  `json:"lines"`
	Version      int         `json:"version" doc:"Khóa lạc quan: gửi lại giá trị đã đọc (optimistic lock: send back the value read)"`
	CreatedBy    auth.UserID `json:"created_by,omitempty"`
	CreatedAt    time.Time   `json:"created_at"`
	UpdatedAt    time.Time   `json:"updated_at"`
}

// PlanLine is the budget of a plan for a track and an activity type.
type PlanLine struct {
	Track        Track        `json:"track"`
	Type         ActivityType `json:"type"`
	PlannedCount int          `json:"planned_count"`
	StateBudget  int64        `json:"state_budget" doc:"đồng"`
	Counterpart  int64        `json:"counterpart" doc:"đồng"`
}

// CallStatus is the state of a call for proposals.
type CallStatus string

// The call statuses.
const (
	CallDraft  CallStatus = "draft"
	CallOpen   CallStatus = "open"
	CallClosed CallStatus = "closed"
)

// Call is a call for proposals of the ministry (ProvinceCode "") or a
// province. Empty Types, Industries, Provinces do not restrict.
type Call struct {
	ID             CallID         `json:"id"`
	ProgrammeID    ProgrammeID    `json:"programme_id"`
	PlanID         PlanID         `json:"plan_id,omitempty"`
	ProvinceCode   string         `json:"province_code" doc:"Rỗng = đợt của Bộ (empty = the ministry's call)"`
	Code           string         `json:"code"`
	Title          string         `json:"title"`
	Description    string         `json:"description"`
	Track          Track          `json:"track"`
	Types          []ActivityType `json:"types"`
	Industries     []string       `json:"industries" doc:"Ngành ưu tiên (priority industries)"`
	Provinces      []string       `json:"provinces"`
	MaxStateBudget int64          `json:"max_state_budget" doc:"Mức hỗ trợ tối đa một nhiệm vụ, đồng; 0 = không giới hạn"`
	OpensAt        time.Time      `json:"opens_at"`
	Deadline       time.Time      `json:"deadline"`
	Status         CallStatus     `json:"status"`
	Version        int            `json:"version"`
	CreatedBy      auth.UserID    `json:"created_by,omitempty"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
}

// AcceptsAt reports whether the call takes proposals at t.
func (c *Call) AcceptsAt(t time.Time) bool {
	return c.Status == CallOpen && !t.Before(c.OpensAt) && !t.After(c.Deadline)
}

// BudgetLine is one line of an activity's budget, in đồng.
type BudgetLine struct {
	Line        int    `json:"line,omitempty" doc:"Số thứ tự, đánh lại khi lưu (numbered when stored)"`
	Item        string `json:"item"`
	State       int64  `json:"state" doc:"Ngân sách nhà nước, đồng (state budget)"`
	Counterpart int64  `json:"counterpart" doc:"Vốn đối ứng, đồng (counterpart funding)"`
}

// Activity is a proposal and, once approved, the supported activity.
type Activity struct {
	ID             ActivityID        `json:"id"`
	ProgrammeID    ProgrammeID       `json:"programme_id"`
	CallID         CallID            `json:"call_id,omitempty"`
	Type           ActivityType      `json:"type"`
	Track          Track             `json:"track"`
	Year           int               `json:"year"`
	Title          string            `json:"title"`
	Summary        string            `json:"summary"`
	EnterpriseID   int64             `json:"enterprise_id,omitempty"`
	OrganisationID int64             `json:"organisation_id,omitempty"`
	ProvinceCode   string            `json:"province_code"`
	Industry       string            `json:"industry"`
	SizeClass      string            `json:"size_class"`
	Details        map[string]string `json:"details" doc:"Các trường riêng của loại nhiệm vụ (the type's own fields)"`
	Tools          []string          `json:"tools" doc:"Công cụ cải tiến dự kiến áp dụng (improvement tools planned)"`
	Status         Status            `json:"status"`
	StateBudget    int64             `json:"state_budget" doc:"đồng"`
	Counterpart    int64             `json:"counterpart" doc:"đồng"`
	ApprovedBudget int64             `json:"approved_budget" doc:"Ngân sách nhà nước được duyệt, đồng"`
	Disbursed      int64             `json:"disbursed" doc:"Đã giải ngân, đồng"`
	Screening      *Screening        `json:"screening,omitempty"`
	ReviewScore    *float64          `json:"review_score,omitempty"`
	DecisionNo     string            `json:"decision_no"`
	DecisionDate   string            `json:"decision_date" doc:"yyyy-mm-dd"`
	DecisionSigner string            `json:"decision_signer"`
	DecisionNote   string            `json:"decision_note"`
	ContractNo     string            `json:"contract_no"`
	ContractDate   string            `json:"contract_date" doc:"yyyy-mm-dd"`
	VerifierID     auth.UserID       `json:"verifier_id,omitempty"`
	SubmittedAt    *time.Time        `json:"submitted_at,omitempty"`
	DecidedAt      *time.Time        `json:"decided_at,omitempty"`
	ClosedAt       *time.Time        `json:"closed_at,omitempty"`
	CreatedBy      auth.UserID       `json:"created_by,omitempty"`
	Version        int               `json:"version" doc:"Khóa lạc quan (optimistic lock)"`
	CreatedAt      time.Time         `json:"created_at"`
	UpdatedAt      time.Time         `json:"updated_at"`

	Budget []BudgetLine  `json:"budget"`
	KPIs   []ActivityKPI `json:"kpis"`

	// Read-only, filled by finders.
	ProposerName string `json:"proposer_name"`
	CallCode     string `json:"call_code,omitempty"`
	// CallProvince is the province of the activity's call ("" for the
	// ministry's calls and for activities without a call): who decides.
	CallProvince string `json:"call_province,omitempty"`
}

// CounterpartPct is the counterpart share of the total budget, in percent.
func (a *Activity) CounterpartPct() float64 { return CounterpartPct(a.StateBudget, a.Counterpart) }

// CounterpartPct is counterpart / (state + counterpart), in percent; 0 for
// an empty budget.
func CounterpartPct(state, counterpart int64) float64 {
	if state+counterpart <= 0 {
		return 0
	}
	return float64(counterpart) * 100 / float64(state+counterpart)
}

// Screening is the result of the automatic screening at submission.
type Screening struct {
	Passed  bool      `json:"passed"`
	At      time.Time `json:"at"`
	Reasons []Reason  `json:"reasons"`
}

// Reason is one rule the screening checked, with its outcome.
type Reason struct {
	Rule string     `json:"rule" doc:"deadline, type, industry, province, budget, counterpart, cap, eligibility…"`
	OK   bool       `json:"ok"`
	Text fault.Text `json:"text"`
}

// ReviewStatus is the state of a review.
type ReviewStatus string

// The review statuses.
const (
	ReviewAssigned  ReviewStatus = "assigned"
	ReviewConflict  ReviewStatus = "conflict" // the reviewer declared a conflict of interest
	ReviewSubmitted ReviewStatus = "submitted"
)

// Criterion is one criterion of the review rubric.
type Criterion struct {
	Code  string     `json:"code"`
	Name  fault.Text `json:"name"`
	Max   int        `json:"max"`
	Guide fault.Text `json:"guide"`
}

// Rubric is the review rubric (100 points).
var Rubric = []Criterion{
	{"relevance", text("Sự phù hợp với mục tiêu chương trình", "Fit with the programme's goals"), 20,
		text("Vấn đề năng suất, chất lượng rõ ràng; đúng đối tượng, ngành ưu tiên.", "A clear productivity or quality problem; the right beneficiaries and priority industries.")},
	{"feasibility", text("Tính khả thi", "Feasibility"), 20,
		text("Kế hoạch, tiến độ, nhân lực và chuyên gia đủ để thực hiện.", "Plan, schedule, people and experts sufficient to deliver.")},
	{"impact", text("Hiệu quả dự kiến (KPI)", "Expected impact (KPIs)"), 30,
		text("KPI có số liệu nền, mục tiêu định lượng, đo được.", "KPIs with baselines and measurable targets.")},
	{"replicability", text("Khả năng nhân rộng", "Replicability"), 20,
		text("Có thể áp dụng cho doanh nghiệp khác trong ngành; kế hoạch chia sẻ.", "Others in the sector can apply it; a plan to share.")},
	{"budget", text("Dự toán hợp lý", "Sound budget"), 10,
		text("Chi phí hợp lý, vốn đối ứng đúng quy định.", "Reasonable costs, counterpart funding as required.")},
}

// Review is a reviewer's assessment of a proposal.
type Review struct {
	ID           ReviewID       `json:"id"`
	ActivityID   ActivityID     `json:"activity_id"`
	ReviewerID   auth.UserID    `json:"reviewer_id"`
	ReviewerName string         `json:"reviewer_name"`
	Status       ReviewStatus   `json:"status"`
	NoConflictAt *time.Time     `json:"no_conflict_at,omitempty"`
	ConflictNote string         `json:"conflict_note"`
	Scores       map[string]int `json:"scores"`
	Total        *float64       `json:"total,omitempty"`
	Comment      string         `json:"comment"`
	AssignedBy   auth.UserID    `json:"assigned_by,omitempty"`
	AssignedAt   time.Time      `json:"assigned_at"`
	SubmittedAt  *time.Time     `json:"submitted_at,omitempty"`
}

// MilestoneStatus is the state of a milestone.
type MilestoneStatus string

// The milestone statuses.
const (
	MilestonePlanned  MilestoneStatus = "planned"
	MilestoneReported MilestoneStatus = "reported"
	MilestoneAccepted MilestoneStatus = "accepted"
	MilestoneRejected MilestoneStatus = "rejected" // the report was sent back
)

// Milestone is a milestone of a contracted activity.
type Milestone struct {
	ID           MilestoneID     `json:"id"`
	ActivityID   ActivityID      `json:"activity_id"`
	Seq          int             `json:"seq"`
	Title        string          `json:"title"`
	DueDate      string          `json:"due_date" doc:"yyyy-mm-dd"`
	StateAmount  int64           `json:"state_amount" doc:"Giải ngân dự kiến, đồng"`
	Status       MilestoneStatus `json:"status"`
	ProgressPct  int             `json:"progress_pct"`
	Report       string          `json:"report"`
	ReportedBy   auth.UserID     `json:"reported_by,omitempty"`
	ReportedAt   *time.Time      `json:"reported_at,omitempty"`
	DecidedBy    auth.UserID     `json:"decided_by,omitempty"`
	DecidedAt    *time.Time      `json:"decided_at,omitempty"`
	DecisionNote string          `json:"decision_note"`
}

// Disbursement is a payment of state budget against a milestone.
type Disbursement struct {
	ID          DisbursementID `json:"id"`
	ActivityID  ActivityID     `json:"activity_id"`
	MilestoneID MilestoneID    `json:"milestone_id"`
	Amount      int64          `json:"amount" doc:"đồng"`
	PaidOn      string         `json:"paid_on" doc:"yyyy-mm-dd"`
	Reference   string         `json:"reference"`
	CreatedBy   auth.UserID    `json:"created_by,omitempty"`
	CreatedAt   time.Time      `json:"created_at"`
}

// File is an attachment of a proposal (MilestoneID 0) or the evidence of a
// progress report.
type File struct {
	ID          FileID      `json:"id"`
	ActivityID  ActivityID  `json:"activity_id"`
	MilestoneID MilestoneID `json:"milestone_id,omitempty"`
	Name        string      `json:"name"`
	ContentType string      `json:"content_type"`
	Size        int64       `json:"size"`
	Data        []byte      `json:"-"`
	UploadedBy  auth.UserID `json:"uploaded_by,omitempty"`
	UploadedAt  time.Time   `json:"uploaded_at"`
}

// Event is one transition in an activity's history.
type Event struct {
	ID         EventID     `json:"id"`
	ActivityID ActivityID  `json:"activity_id"`
	From       Status      `json:"from"`
	To         Status      `json:"to"`
	ActorID    auth.UserID `json:"actor_id,omitempty"`
	ActorEmail string      `json:"actor_email"`
	Note       string      `json:"note"`
	At         time.Time   `json:"at"`
}

// ReplicationStatus is the state of a replication record.
type ReplicationStatus string

// The replication statuses.
const (
	ReplicationReported  ReplicationStatus = "reported"  // recorded by the enterprise
	ReplicationConfirmed ReplicationStatus = "confirmed" // confirmed by an officer
)

// Replication is an enterprise's application of a pilot model, with its own
// results. SourceID is the replication it learnt from (0: the pilot itself):
// the edges of the diffusion tree.
type Replication struct {
	ID           ReplicationID     `json:"id"`
	PilotID      ActivityID        `json:"pilot_id"`
	EnterpriseID int64             `json:"enterprise_id"`
	SourceID     ReplicationID     `json:"source_id,omitempty"`
	AppliedOn    string            `json:"applied_on" doc:"yyyy-mm-dd"`
	Tools        []string          `json:"tools"`
	Description  string            `json:"description"`
	ProvinceCode string            `json:"province_code"`
	Industry     string            `json:"industry"`
	SizeClass    string            `json:"size_class"`
	Status       ReplicationStatus `json:"status"`
	KPIs         []ReplicationKPI  `json:"kpis"`
	CreatedBy    auth.UserID       `json:"created_by,omitempty"`
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`

	// Read-only, filled by finders.
	EnterpriseName string `json:"enterprise_name"`
}

// ReplicationKPI is a result an enterprise measured when it replicated.
type ReplicationKPI struct {
	Code     string  `json:"code"`
	Baseline float64 `json:"baseline"`
	Actual   float64 `json:"actual"`
}
