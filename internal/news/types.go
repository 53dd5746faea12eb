package news

import (
	"time"

	"nscl/internal/catalog"
	"nscl/internal/fault"
)

// ArticleID identifies an article.
type ArticleID int64

// Category is an article's category, from a fixed list.
type Category string

// The categories.
const (
	CatProgramme Category = "programme"
	CatEvent     Category = "event"
	CatPolicy    Category = "policy"
	CatStory     Category = "story"
	CatNotice    Category = "notice"
)

// Categories lists the categories in display order.
var Categories = []Category{CatProgramme, CatEvent, CatPolicy, CatStory, CatNotice}

var categoryLabels = map[Category]fault.Text{
	CatProgramme: {Vi: "Tin chương trình", En: "Programme news"},
	CatEvent:     {Vi: "Sự kiện", En: "Events"},
	CatPolicy:    {Vi: "Chính sách", En: "Policy"},
	CatStory:     {Vi: "Câu chuyện thành công", En: "Success stories"},
	CatNotice:    {Vi: "Thông báo", En: "Announcements"},
}

// Label names the category.
func (c Category) Label() fault.Text {
	if l, ok := categoryLabels[c]; ok {
		return l
	}
	return fault.Text{Vi: string(c), En: string(c)}
}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { _, ok := categoryLabels[c]; return ok }

// ArticleStatus is an article's state. A scheduled article becomes public
// when its publication time comes (the queries compare with the clock).
type ArticleStatus string

// The article statuses.
const (
	ArticleDraft     ArticleStatus = "draft"
	ArticleScheduled ArticleStatus = "scheduled"
	ArticlePublished ArticleStatus = "published"
)

// Label names the status.
func (s ArticleStatus) Label() fault.Text {
	switch s {
	case ArticleScheduled:
		return fault.Text{Vi: "Hẹn giờ đăng", En: "Scheduled"}
	case ArticlePublished:
		return fault.Text{Vi: "Đã đăng", En: "Published"}
	}
	return fault.Text{Vi: "Bản nháp", En: "Draft"}
}

// Article is a news article. Body is Markdown, rendered safely.
type Article struct {
	ID         ArticleID
	Slug       string
	Title      string
	Summary    string
	Body       string
	Category   Category
	Tags       []string
	ImageURL   string
	Status     ArticleStatus
	PublishAt  *time.Time
	AuthorID   int64
	AuthorName string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Version    int
}

// StatusAt is the status as the public sees it at now: a scheduled
// article whose time has come is published.
func (a *Article) StatusAt(now time.Time) ArticleStatus {
	if a.Status == ArticleScheduled && a.PublishAt != nil && !a.PublishAt.After(now) {
		return ArticlePublished
	}
	return a.Status
}

// ArticleFilter selects articles. Public lists set PublicAt (only articles
// whose time has come, not drafts).
type ArticleFilter struct {
	Category Category
	Tag      string // folded
	Query    string // folded words, all must match
	PublicAt *time.Time
	Status   ArticleStatus // editors' filter
	Offset   int
	Limit    int
}

// ArticleInput is what an editor writes.
type ArticleInput struct {
	Title     string
	Slug      string // "" → from the title
	Summary   string
	Body      string
	Category  Category
	Tags      []string
	ImageURL  string
	Publish   bool       // false: a draft
	PublishAt *time.Time // nil with Publish: now
	Version   int
}

// SubscriberID identifies a subscriber.
type SubscriberID int64

// SubStatus is a subscriber's state.
type SubStatus string

// The subscriber statuses.
const (
	SubPending      SubStatus = "pending"
	SubConfirmed    SubStatus = "confirmed"
	SubUnsubscribed SubStatus = "unsubscribed"
	SubBounced      SubStatus = "bounced"
	SubComplained   SubStatus = "complained"
)

// SubStatuses lists the statuses in display order.
var SubStatuses = []SubStatus{SubPending, SubConfirmed, SubUnsubscribed, SubBounced, SubComplained}

// Label names the status.
func (s SubStatus) Label() fault.Text {
	switch s {
	case SubConfirmed:
		return fault.Text{Vi: "Đã xác nhận", En: "Confirmed"}
	case SubUnsubscribed:
		return fault.Text{Vi: "Đã hủy đăng ký", En: "Unsubscribed"}
	case SubBounced:
		return fault.Text{Vi: "Thư bị trả lại", En: "Bounced"}
	case SubComplained:
		return fault.Text{Vi: "Khiếu nại", En: "Complained"}
	}
	return fault.Text{Vi: "Chờ xác nhận", En: "Pending"}
}

// Valid reports whether s is a known status.
func (s SubStatus) Valid() bool {
	for _, x := range SubStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// SubRole is who a subscriber is.
type SubRole string

// The subscriber roles.
const (
	RoleEnterprise SubRole = "enterprise"
	RoleExpert     SubRole = "expert"
	RoleOfficer    SubRole = "officer"
	RoleOther      SubRole = "other"
)

// SubRoles lists the roles in display order.
var SubRoles = []SubRole{RoleEnterprise, RoleExpert, RoleOfficer, RoleOther}

// Label names the role.
func (r SubRole) Label() fault.Text {
	switch r {
	case RoleEnterprise:
		return fault.Text{Vi: "Doanh nghiệp", En: "Enterprise"}
	case RoleExpert:
		return fault.Text{Vi: "Chuyên gia", En: "Expert"}
	case RoleOfficer:
		return fault.Text{Vi: "Cán bộ quản lý", En: "Officer"}
	}
	return fault.Text{Vi: "Khác", En: "Other"}
}

// Valid reports whether r is a known role.
func (r SubRole) Valid() bool {
	for _, x := range SubRoles {
		if x == r {
			return true
		}
	}
	return false
}

// ConsentVersion names the text of the consent the subscription form
// shows (Decree 13/2023/NĐ-CP): recorded with each subscription.
const ConsentVersion = "2026-11-v1"

// Subscriber is a newsletter subscriber.
type Subscriber struct {
	ID             SubscriberID
	Email          string
	Name           string
	Sectors        []catalog.Sector
	ProvinceCode   string
	Role           SubRole
	Status         SubStatus
	ConsentAt      time.Time
	ConsentVersion string
	ConsentIP      string
	Salt           string
	ConfirmedAt    *time.Time
	LeftAt         *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int
}

// SubscriberFilter selects subscribers.
type SubscriberFilter struct {
	Status  SubStatus
	Segment Segment
	Email   string // substring, lower case
	Offset  int
	Limit   int
}

// SubscribeInput is the subscription form.
type SubscribeInput struct {
	Email        string
	Name         string
	Sectors      []catalog.Sector
	ProvinceCode string
	Role         SubRole
	Consent      bool
	IP           string
}

// Segment chooses the recipients of a newsletter: a subscriber matches
// when each non-empty list holds one of theirs. Empty: every confirmed
// subscriber.
type Segment struct {
	Sectors   []catalog.Sector `json:"sectors,omitempty"`
	Provinces []string         `json:"provinces,omitempty"`
	Roles     []SubRole        `json:"roles,omitempty"`
}

// IsEmpty reports whether the segment is every subscriber.
func (s Segment) IsEmpty() bool {
	return len(s.Sectors) == 0 && len(s.Provinces) == 0 && len(s.Roles) == 0
}

// NewsletterID identifies a newsletter.
type NewsletterID int64

// NLStatus is a newsletter's state.
type NLStatus string

// The newsletter statuses.
const (
	NLDraft   NLStatus = "draft"
	NLSending NLStatus = "sending"
	NLSent    NLStatus = "sent"
)

// Label names the status.
func (s NLStatus) Label() fault.Text {
	switch s {
	case NLSending:
		return fault.Text{Vi: "Đang gửi", En: "Sending"}
	case NLSent:
		return fault.Text{Vi: "Đã gửi", En: "Sent"}
	}
	return fault.Text{Vi: "Bản nháp", En: "Draft"}
}

// Newsletter is an issue of the newsletter.
type Newsletter struct {
	ID         NewsletterID
	Subject    string
	Intro      string // Markdown
	ArticleIDs []int64
	CaseIDs    []int64
	Segment    Segment
	Status     NLStatus
	JobID      int64
	Recipients int
	CreatedBy  int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
	StartedAt  *time.Time
	FinishedAt *time.Time
	// QueuedAt: a Send is queueing the job since then (JobID still 0); a
	// second Send meanwhile changes nothing.
	QueuedAt *time.Time
	Version  int
}

// NewsletterInput is the compose form.
type NewsletterInput struct {
	Subject    string
	Intro      string
	ArticleIDs []int64
	CaseIDs    []int64
	Segment    Segment
	Version    int
}

// Delivery statuses: one row per (newsletter, subscriber).
const (
	DelPending = "pending" // not yet tried
	DelSending = "sending" // claimed by a worker, not yet settled
	DelSent    = "sent"    // 2xx after DATA
	DelSoft    = "soft"    // 4xx: retried later in the job
	DelHard    = "hard"    // 5xx: the subscriber is bounced
	DelFailed  = "failed"  // 4xx after the last attempt
	DelUnknown = "unknown" // left sending by a killed process: not resent
	DelSkipped = "skipped" // suppressed before its turn (unsubscribed, complained)
)

// DeliveryCounts counts a newsletter's deliveries by status.
type DeliveryCounts map[string]int

// Done is how many deliveries are settled for good.
func (c DeliveryCounts) Done() int {
	return c[DelSent] + c[DelHard] + c[DelFailed] + c[DelUnknown] + c[DelSkipped]
}

// Total is how many deliveries there are.
func (c DeliveryCounts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// Delivery is a claimed delivery, as the sender needs it.
type Delivery struct {
	ID           int64
	SubscriberID SubscriberID
	Email        string
	Salt         string
	Attempts     int
}

// Settle is the outcome of one claimed delivery.
type Settle struct {
	ID           int64
	SubscriberID SubscriberID
	Status       string
	Code         int
	Attempts     int
	RetryAt      *time.Time
}
