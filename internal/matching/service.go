package matching

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/diagnosis"
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// Diagnoses gives an enterprise's latest submitted diagnosis
// (*diagnosis.Service does); fault.NotFound when there is none.
type Diagnoses interface {
	LatestSummary(ctx context.Context, enterpriseID int64) (*diagnosis.NeedSummary, error)
}

// Tools lists the improvement-tool catalogue (*catalog.Service does).
type Tools interface {
	Tools(ctx context.Context) ([]catalog.Tool, error)
}

// Enterprises reads an enterprise the actor may see (*registry.Service does).
type Enterprises interface {
	FindEnterpriseByID(ctx context.Context, id registry.EnterpriseID) (*registry.Enterprise, error)
}

// Mailer sends one plain-text email (*mail.Service does).
type Mailer interface {
	SendMail(ctx context.Context, to, subject, body string) error
}

// Options configure a Service. Store, Enterprises and Tools are required.
type Options struct {
	Store       Store
	Enterprises Enterprises
	Tools       Tools
	Diagnoses   Diagnoses // without it needs are entered from tools only
	Mailer      Mailer    // without it no notices are sent
	Clock       func() time.Time
	Log         *slog.Logger
	BaseURL     string // for links in notices
}

// Service is the matching use cases: it validates, authorizes (the actor
// comes from ctx, the policy is auth's) and runs each write in one
// transaction with its audit entry.
type Service struct {
	store   Store
	ents    Enterprises
	tools   Tools
	diag    Diagnoses
	mailer  Mailer
	now     func() time.Time
	log     *slog.Logger
	baseURL string
	idx     indexCache
}

// NewService returns a Service.
func NewService(o Options) *Service {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: o.Store, ents: o.Enterprises, tools: o.Tools, diag: o.Diagnoses, mailer: o.Mailer,
		now: o.Clock, log: o.Log, baseURL: strings.TrimSuffix(o.BaseURL, "/")}
}

// Limits of the inputs.
const (
	MaxDescription = 2000
	MaxMessage     = 2000
	MaxComment     = 2000
	MaxNeedTools   = 8
	RankLimit      = 20
)

var (
	errSignIn       = fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	errNeedNotFound = fault.New(fault.NotFound, "Không tìm thấy nhu cầu hỗ trợ.", "Need not found.")
	errEngNotFound  = fault.New(fault.NotFound, "Không tìm thấy hợp đồng tư vấn.", "Engagement not found.")
	errNoExpert     = fault.New(fault.Forbidden, "Tài khoản của bạn chưa gắn với hồ sơ chuyên gia nào trong danh bạ.",
		"Your account is not linked to an expert profile in the directory.")
)

func forbidden(vi, en string) error { return fault.New(fault.Forbidden, vi, en) }

func signedIn(ctx context.Context) (*auth.Actor, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	return a, nil
}

func scopeOf(n *Need) auth.Scope {
	return auth.Scope{ProvinceCode: n.ProvinceCode, EnterpriseID: n.EnterpriseID}
}

func (s *Service) audit(ctx context.Context, tx Store, now time.Time, action, kind string, id int64, before, after any) error {
	return tx.AddAudit(ctx, audit.New(ctx, now, action, kind, fmt.Sprint(id), before, after))
}

// toolNames returns the catalogue's codes with their names.
func (s *Service) toolNames(ctx context.Context) (map[catalog.ToolCode]fault.Text, []catalog.ToolCode, error) {
	ts, err := s.tools.Tools(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := make(map[catalog.ToolCode]fault.Text, len(ts))
	order := make([]catalog.ToolCode, 0, len(ts))
	for _, t := range ts {
		names[t.Code] = t.Name
		order = append(order, t.Code)
	}
	return names, order, nil
}

// ToolNames returns the catalogue's tools in catalogue order, for forms.
func (s *Service) ToolNames(ctx context.Context) ([]catalog.Tool, error) { return s.tools.Tools(ctx) }

// cleanTools checks tools against the catalogue: known, no repeats, 1–8.
func (s *Service) cleanTools(ctx context.Context, in []catalog.ToolCode, bad fault.Fields) []catalog.ToolCode {
	names, _, err := s.toolNames(ctx)
	if err != nil {
		bad.Add("tools", "Không đọc được danh mục công cụ.", "The tool catalogue could not be read.")
		return nil
	}
	var out []catalog.ToolCode
	for _, t := range in {
		t = catalog.ToolCode(strings.TrimSpace(string(t)))
		if t == "" || slices.Contains(out, t) {
			continue
		}
		if _, ok := names[t]; !ok {
			bad.Add("tools", "Công cụ không có trong danh mục: "+string(t)+".", "Not a tool of the catalogue: "+string(t)+".")
			return nil
		}
		out = append(out, t)
	}
	switch {
	case len(out) == 0:
		bad.Add("tools", "Vui lòng chọn ít nhất một công cụ cải tiến.", "Please choose at least one improvement tool.")
	case len(out) > MaxNeedTools:
		bad.Add("tools", fmt.Sprintf("Chọn tối đa %d công cụ.", MaxNeedTools), fmt.Sprintf("Choose at most %d tools.", MaxNeedTools))
	}
	return out
}

// Draft is what the publish form starts from: the enterprise's facts and,
// when it has submitted a diagnosis, its maturity levels and recommended
// path (with reasons).
type Draft struct {
	EnterpriseID   int64
	EnterpriseName string
	Industry       string
	ProvinceCode   string
	SizeClass      string
	DiagnosisID    int64
	Levels         []Level
	Tools          []catalog.ToolCode
	Reasons        map[catalog.ToolCode]fault.Text
}

// NewDraft returns the draft of a need for the actor's enterprise
// (ActNeedsPublish). Without a submitted diagnosis the tools are empty and
// the user picks them.
func (s *Service) NewDraft(ctx context.Context) (*Draft, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActNeedsPublish) || a.EnterpriseID == 0 {
		return nil, forbidden("Chỉ người đại diện doanh nghiệp được đăng nhu cầu hỗ trợ.", "Only an enterprise's representatives may publish needs.")
	}
	e, err := s.ents.FindEnterpriseByID(ctx, registry.EnterpriseID(a.EnterpriseID))
	if err != nil {
		return nil, err
	}
	d := &Draft{EnterpriseID: a.EnterpriseID, EnterpriseName: e.Name, Industry: string(e.Industry), ProvinceCode: e.ProvinceCode,
		SizeClass: string(e.SizeClass), Reasons: map[catalog.ToolCode]fault.Text{}}
	if s.diag == nil {
		return d, nil
	}
	sum, err := s.diag.LatestSummary(ctx, a.EnterpriseID)
	switch {
	case fault.Is(err, fault.NotFound):
		return d, nil
	case err != nil:
		return nil, err
	}
	d.DiagnosisID = sum.DiagnosisID
	for _, l := range sum.Levels {
		d.Levels = append(d.Levels, Level{Code: l.Code, Name: l.Name, Level: l.Level})
	}
	for _, p := range sum.Path {
		if !slices.Contains(d.Tools, p.Tool) && len(d.Tools) < MaxNeedTools {
			d.Tools = append(d.Tools, p.Tool)
			d.Reasons[p.Tool] = p.Reason
		}
	}
	return d, nil
}

// NeedInput is what the enterprise publishes.
type NeedInput struct {
	Tools       []catalog.ToolCode // by priority
	Description string
}

// PublishNeed puts a need of the actor's enterprise on the board
// (ActNeedsPublish, opt-in). Industry, province and size class come from
// the registry, levels from the latest submitted diagnosis if any.
func (s *Service) PublishNeed(ctx context.Context, in NeedInput) (*Need, error) {
	d, err := s.NewDraft(ctx)
	if err != nil {
		return nil, err
	}
	a := auth.ActorFrom(ctx)
	bad := fault.Fields{}
	tools := s.cleanTools(ctx, in.Tools, bad)
	desc := strings.TrimSpace(in.Description)
	switch {
	case desc == "":
		bad.Add("description", "Vui lòng mô tả ngắn nhu cầu.", "Please describe the need briefly.")
	case utf8.RuneCountInString(desc) > MaxDescription:
		bad.Add("description", fmt.Sprintf("Mô tả tối đa %d ký tự.", MaxDescription), fmt.Sprintf("At most %d characters.", MaxDescription))
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	if d.ProvinceCode == "" {
		return nil, fault.New(fault.Invalid, "Hồ sơ doanh nghiệp chưa có tỉnh/thành phố.", "The enterprise's record has no province.")
	}
	now := s.now().UTC()
	n := &Need{EnterpriseID: d.EnterpriseID, DiagnosisID: d.DiagnosisID, Status: NeedOpen, Description: desc,
		Industry: d.Industry, ProvinceCode: d.ProvinceCode, SizeClass: d.SizeClass, Levels: d.Levels, Tools: tools,
		PublishedBy: a.UserID, ContactEmail: a.Email, PublishedAt: now, UpdatedAt: now}
	if n.Levels == nil {
		n.Levels = []Level{}
	}
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateNeed(ctx, n); err != nil {
			return err
		}
		return s.audit(ctx, tx, now, "need.publish", "need", int64(n.ID), nil, n)
	})
	if err != nil {
		return nil, err
	}
	n.EnterpriseName = d.EnterpriseName
	return n, nil
}

// viewer is who looks at a need and what they may see of it.
type viewer struct {
	actor    *auth.Actor
	owner    bool // the enterprise's own user
	officer  bool // ActMatchingView reaching the need
	expert   *Expert
	accepted bool // the expert is the accepted one
	interest *Interest
}

// identified reports whether the viewer may see who published the need.
func (v viewer) identified() bool { return v.owner || v.officer || v.accepted }

// loadNeed reads a need and decides what the actor may see of it. Needs
// the actor may not see are NotFound.
func (s *Service) loadNeed(ctx context.Context, st Store, id NeedID) (*Need, viewer, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, viewer{}, err
	}
	n, err := st.FindNeedByID(ctx, id)
	if err != nil {
		if fault.Is(err, fault.NotFound) {
			return nil, viewer{}, errNeedNotFound
		}
		return nil, viewer{}, err
	}
	v := viewer{actor: a}
	switch {
	case a.Role == auth.RoleEnterprise && auth.Allowed(a, auth.ActNeedsPublish, scopeOf(n)):
		v.owner = true
	case auth.Allowed(a, auth.ActMatchingView, scopeOf(n)) && a.Role != auth.RoleEnterprise:
		v.officer = true
	case auth.Can(a, auth.ActNeedsBoard):
		ex, err := st.FindExpertByUser(ctx, a.UserID)
		if err != nil {
			if fault.Is(err, fault.NotFound) {
				return nil, viewer{}, errNoExpert
			}
			return nil, viewer{}, err
		}
		v.expert = ex
		is, err := st.FindInterests(ctx, n.ID)
		if err != nil {
			return nil, viewer{}, err
		}
		for _, i := range is {
			if i.ExpertID == ex.ID {
				v.interest = i
			}
		}
		v.accepted = v.interest != nil && v.interest.Status == InterestAccepted
		if n.Status != NeedOpen && v.interest == nil {
			return nil, viewer{}, errNeedNotFound
		}
	default:
		return nil, viewer{}, errNeedNotFound
	}
	return n, v, nil
}

// anonymise clears what identifies the enterprise.
func anonymise(n *Need) {
	n.EnterpriseID, n.EnterpriseName, n.PublishedBy, n.ContactEmail, n.DiagnosisID = 0, "", 0, "", 0
}

// NeedView is one need as the actor may see it.
type NeedView struct {
	Need *Need
	// Interests are the interests with each expert's fit (the enterprise
	// and officers only); the expert sees their own in Need.MyInterest.
	Interests  []*Interest
	Engagement *Engagement // the enterprise, officers, the accepted expert
	Owner      bool        // the actor is the enterprise
	Officer    bool
	Expert     bool
	Identified bool // the enterprise's name is shown
}

// FindNeed returns need id as the actor may see it: its enterprise and
// officers in scope see everything; experts see an open need anonymised,
// and a filled one only if they expressed interest, identified only when
// they are the accepted expert.
func (s *Service) FindNeed(ctx context.Context, id NeedID) (*NeedView, error) {
	n, v, err := s.loadNeed(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	out := &NeedView{Need: n, Owner: v.owner, Officer: v.officer, Expert: v.expert != nil, Identified: v.identified()}
	if !v.identified() {
		anonymise(n)
	}
	if v.expert != nil {
		n.MyInterest = v.interest
		n.Interests = 0
	}
	if v.owner || v.officer {
		is, err := s.store.FindInterests(ctx, n.ID)
		if err != nil {
			return nil, err
		}
		if err := s.fitInterests(ctx, n, is); err != nil {
			return nil, err
		}
		out.Interests = is
	}
	if n.Status == NeedFilled && v.identified() {
		e, err := s.store.FindEngagementByNeed(ctx, n.ID)
		if err == nil {
			out.Engagement = e
		} else if !fault.Is(err, fault.NotFound) {
			return nil, err
		}
	}
	return out, nil
}

// fitInterests fills each interest's fit for n.
func (s *Service) fitInterests(ctx context.Context, n *Need, is []*Interest) error {
	if len(is) == 0 {
		return nil
	}
	x, err := s.idx.current(ctx, s.store)
	if err != nil {
		return err
	}
	conf, err := s.store.FindConflicts(ctx, n.EnterpriseID)
	if err != nil {
		return err
	}
	q := queryOf(n)
	for _, i := range is {
		p := x.profile(i.ExpertID)
		if p == nil {
			continue // no longer matchable (inactive, consent withdrawn)
		}
		parts := Score(q, p)
		m := &Match{ExpertID: p.ID, Parts: parts, Total: roundTotal(parts), Free: p.Free(), Conflict: conf.Has(p)}
		i.Fit = m
	}
	return nil
}

func roundTotal(p Parts) float64 { return float64(int(p.Total()*10+0.5)) / 10 }

func queryOf(n *Need) Query {
	return Query{Tools: n.Tools, Industry: n.Industry, ProvinceCode: n.ProvinceCode}
}
