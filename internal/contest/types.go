package contest

import (
	"time"

	"nscl/internal/fault"
	"nscl/internal/registry"
)

// Typed identifiers.
type (
	ContestID   int64
	CategoryID  int64
	CriterionID int64
	EntryID     int64
	HonourID    int64
)

// Status is where a contest is in its life. A contest is prepared as a
// draft, announced (its page is public and entries are accepted between
// EntriesOpen and EntriesClose), judged (independent scoring, then the
// consensus round), decided (the results are final and are published on
// PublishOn), or cancelled.
type Status string

const (
	StatusDraft     Status = "draft"
	StatusAnnounced Status = "announced"
	StatusJudging   Status = "judging"
	StatusConsensus Status = "consensus"
	StatusDecided   Status = "decided"
	StatusCancelled Status = "cancelled"
)

// Statuses lists the statuses in life order, for filters.
var Statuses = []Status{StatusDraft, StatusAnnounced, StatusJudging, StatusConsensus, StatusDecided, StatusCancelled}

var statusLabels = map[Status]fault.Text{
	StatusDraft:     {Vi: "Bản nháp", En: "Draft"},
	StatusAnnounced: {Vi: "Đã công bố", En: "Announced"},
	StatusJudging:   {Vi: "Đang chấm độc lập", En: "Independent scoring"},
	StatusConsensus: {Vi: "Vòng đồng thuận", En: "Consensus round"},
	StatusDecided:   {Vi: "Đã có kết quả", En: "Results decided"},
	StatusCancelled: {Vi: "Đã hủy", En: "Cancelled"},
}

// Label returns the status in Vietnamese and English.
func (s Status) Label() fault.Text { return statusLabels[s] }

// Valid reports whether s is a status.
func (s Status) Valid() bool { _, ok := statusLabels[s]; return ok }

// Kind is how often a contest runs.
type Kind string

const (
	KindYearly Kind = "yearly"
	KindAdHoc  Kind = "adhoc"
)

var kindLabels = map[Kind]fault.Text{
	KindYearly: {Vi: "Hằng năm", En: "Yearly"},
	KindAdHoc:  {Vi: "Theo đợt", En: "Ad hoc"},
}

// Label returns the kind in Vietnamese and English.
func (k Kind) Label() fault.Text { return kindLabels[k] }

// Valid reports whether k is a kind.
func (k Kind) Valid() bool { _, ok := kindLabels[k]; return ok }

// EntryKind says what an entry puts forward: the enterprise as a whole
// (e.g. on the 1000-point excellence framework) or one solution
// (giải pháp) it applied.
type EntryKind string

const (
	EntryEnterprise EntryKind = "enterprise"
	EntrySolution   EntryKind = "solution"
)

var entryKindLabels = map[EntryKind]fault.Text{
	EntryEnterprise: {Vi: "Doanh nghiệp", En: "Enterprise"},
	EntrySolution:   {Vi: "Giải pháp", En: "Solution"},
}

// Label returns the entry kind in Vietnamese and English.
func (k EntryKind) Label() fault.Text { return entryKindLabels[k] }

// Valid reports whether k is an entry kind.
func (k EntryKind) Valid() bool { _, ok := entryKindLabels[k]; return ok }

// Contest is one contest cycle.
type Contest struct {
	ID    ContestID
	Code  string // e.g. "NSCL-2026", unique; used in entry codes
	Title string
	Year  int // the honour roll's year
	Kind  Kind
	// ProvinceCode is the organiser: "" the ministry, else the province's
	// Department of Industry and Trade, which runs it for its enterprises.
	ProvinceCode string
	EntryKind    EntryKind // what the entries put forward
	RulesMD      string    // the rules, in Markdown
	Status       Status
	// The timeline, calendar days in Vietnam's zone. Entries are accepted
	// from EntriesOpen to EntriesClose inclusive; judging should end by
	// JudgingEnd; the results are published on PublishOn.
	EntriesOpen  time.Time
	EntriesClose time.Time
	JudgingEnd   time.Time
	PublishOn    time.Time
	// Judging settings.
	MinJudges   int  // each entry is scored by at least this many judges
	Blind       bool // judges do not see the entrant's identity
	Eligibility Eligibility
	Categories  []Category  // in position order
	Criteria    []Criterion // the rubric, in position order
	MaxPoints   float64     // the sum of the criteria's points
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int
}

// Published reports whether c's results are public at now: decided and
// the publication day has come.
func (c *Contest) Published(now time.Time) bool {
	return c.Status == StatusDecided && !c.PublishOn.IsZero() && !now.Before(c.PublishOn)
}

// Eligibility are a contest's entry conditions, checked when an entry is
// submitted. Zero values mean "no condition".
type Eligibility struct {
	MinOperatingMonths int      `json:"min_operating_months,omitempty"` // e.g. 36 for the GTCLQG-style award
	SizeClasses        []string `json:"size_classes,omitempty"`         // registry.SizeClass values
	PriorityIndustries []string `json:"priority_industries,omitempty"`  // registry priority industry codes
	Provinces          []string `json:"provinces,omitempty"`            // province codes; a provincial contest is its own province
	// RequireCompletedActivity: the entry must link at least one completed
	// programme activity of the entrant.
	RequireCompletedActivity bool `json:"require_completed_activity,omitempty"`
}

// CategoryBasis is what a category groups entries by.
type CategoryBasis string

const (
	BasisSector CategoryBasis = "sector" // a priority industry
	BasisSize   CategoryBasis = "size"   // a size class
	BasisTool   CategoryBasis = "tool"   // an improvement tool (catalogue code)
	BasisOpen   CategoryBasis = "open"   // no grouping rule
)

var basisLabels = map[CategoryBasis]fault.Text{
	BasisSector: {Vi: "Theo ngành", En: "By sector"},
	BasisSize:   {Vi: "Theo quy mô", En: "By size"},
	BasisTool:   {Vi: "Theo công cụ", En: "By tool"},
	BasisOpen:   {Vi: "Chung", En: "Open"},
}

// Label returns the basis in Vietnamese and English.
func (b CategoryBasis) Label() fault.Text { return basisLabels[b] }

// Valid reports whether b is a basis.
func (b CategoryBasis) Valid() bool { _, ok := basisLabels[b]; return ok }

// Category is a contest's category (hạng mục): entries compete and are
// awarded within it.
type Category struct {
	ID        CategoryID
	ContestID ContestID
	Code      string // short, unique in the contest, e.g. "DM-SME"
	Name      string
	Basis     CategoryBasis
	Value     string // the sector, size class or tool code of the basis; "" for open
	// Awards are the category's award tiers, best first: e.g. Gold ×1,
	// Silver ×2. An entry needs MinScore (of the contest's MaxPoints,
	// after normalisation) to receive a tier.
	Awards   []AwardTier
	Position int
}

// AwardTier is one award of a category.
type AwardTier struct {
	Name     string  `json:"name"`      // e.g. "Giải Vàng"
	Count    int     `json:"count"`     // how many entries receive it at most
	MinScore float64 `json:"min_score"` // the final score it needs, 0 for none
}

// Criterion is one line of the rubric.
type Criterion struct {
	ID        CriterionID
	ContestID ContestID
	Code      string // e.g. "1", "7.1"
	Name      string
	Guidance  string
	MaxPoints float64 // a score is in [0, MaxPoints]
	// TieBreak orders the criteria used to break ties in a ranking: 1 is
	// compared first; 0 means the criterion is not a tie-breaker.
	TieBreak int
	Position int
}

// EntryStatus is where an entry is.
type EntryStatus string

const (
	EntryDraft      EntryStatus = "draft"      // being prepared by the enterprise
	EntrySubmitted  EntryStatus = "submitted"  // sent; the organiser checks completeness
	EntryIncomplete EntryStatus = "incomplete" // sent back to the enterprise with what is missing
	EntryAccepted   EntryStatus = "accepted"   // complete and eligible: it is judged
	EntryRejected   EntryStatus = "rejected"   // not eligible, with the reason
	EntryWithdrawn  EntryStatus = "withdrawn"  // withdrawn by the enterprise
)

var entryStatusLabels = map[EntryStatus]fault.Text{
	EntryDraft:      {Vi: "Đang soạn", En: "Draft"},
	EntrySubmitted:  {Vi: "Đã nộp", En: "Submitted"},
	EntryIncomplete: {Vi: "Cần bổ sung", En: "Incomplete"},
	EntryAccepted:   {Vi: "Hợp lệ", En: "Accepted"},
	EntryRejected:   {Vi: "Không hợp lệ", En: "Rejected"},
	EntryWithdrawn:  {Vi: "Đã rút", En: "Withdrawn"},
}

// EntryStatuses lists the entry statuses, for filters.
var EntryStatuses = []EntryStatus{EntryDraft, EntrySubmitted, EntryIncomplete, EntryAccepted, EntryRejected, EntryWithdrawn}

// Label returns the status in Vietnamese and English.
func (s EntryStatus) Label() fault.Text { return entryStatusLabels[s] }

// Valid reports whether s is an entry status.
func (s EntryStatus) Valid() bool { _, ok := entryStatusLabels[s]; return ok }

// Entry is an enterprise's entry in a contest.
type Entry struct {
	ID           EntryID
	ContestID    ContestID
	CategoryID   CategoryID
	EnterpriseID registry.EnterpriseID
	// Code is the entry's number in the contest, e.g. "NSCL-2026-017";
	// blind judging shows it instead of the entrant.
	Code      string
	Title     string // the solution's name, or the enterprise's entry title
	SummaryMD string // the entry's description, in Markdown
	// Form holds the answers of the entry form: one per rubric criterion
	// (the entrant's account of how it meets it), keyed by criterion code.
	Form map[string]string
	// KPIs are the before/after figures the entry claims, with their
	// evidence.
	KPIs []EntryKPI
	// ActivityIDs are the entrant's programme activities the entry builds
	// on (programme.ActivityID values).
	ActivityIDs []int64
	Status      EntryStatus
	// StatusNote is the organiser's note: what is missing (incomplete) or
	// why it is not eligible (rejected).
	StatusNote  string
	SubmittedAt *time.Time
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int

	// Read-only, joined from the registry.
	EnterpriseName string
	ProvinceCode   string
	TaxCode        string
}

// EntryKPI is one before/after figure of an entry.
type EntryKPI struct {
	Name     string  `json:"name"`
	Unit     string  `json:"unit"`
	Before   float64 `json:"before"`
	After    float64 `json:"after"`
	Evidence string  `json:"evidence,omitempty"` // where it is shown: a document, an activity's verified result
	// Verified: taken from a programme activity's verified results.
	Verified bool `json:"verified,omitempty"`
}

// Honour is one line of the public honour roll (vinh danh): an honoured
// enterprise or solution of a year, with its story. Honours come from a
// contest's published awards (EntryID set; one honour per awarded entry)
// or are recorded by the ministry for other national honours.
type Honour struct {
	ID           HonourID
	Year         int
	Kind         EntryKind
	EnterpriseID registry.EnterpriseID
	Title        string // the enterprise's or the solution's name as honoured
	Award        string // e.g. "Giải Vàng — Hạng mục Dệt may"
	ContestID    ContestID
	EntryID      EntryID // 0 for an honour not from a contest here
	Rank         int     // position in its category, 1 first; 0 unknown
	Score        float64 // final score, 0 unknown
	SummaryMD    string
	StoryMD      string
	KPIs         []EntryKPI
	// Slug is the honour's address under /vinh-danh/{year}/{slug}.
	Slug string
	// PublishedOn: the honour is public from this day (the contest's
	// publication day, or when the ministry records it).
	PublishedOn time.Time
	Hidden      bool // taken off the public roll
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int

	// Read-only, joined from the registry and the contest.
	EnterpriseName string
	ProvinceCode   string
	ContestTitle   string
}
