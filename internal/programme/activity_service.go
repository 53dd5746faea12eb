package programme

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// Limits of a proposal.
const (
	MaxActivityTitle = 300
	MaxSummary       = 8000
	MaxActivityKPIs  = 10
	MaxReviewers     = 5
	MaxComment       = 4000
	MaxSigner        = 120
	MaxActivityNo    = 60
	activityPageMax  = 100
)

var (
	errActNotFound = fault.New(fault.NotFound, "Không tìm thấy nhiệm vụ.", "Activity not found.")
	errActStale    = fault.New(fault.Conflict, "Hồ sơ vừa được người khác sửa. Vui lòng tải lại trang để xem bản mới nhất rồi sửa lại.",
		"Someone else has just changed this proposal. Please reload the page to see the latest version, then make your change again.")
)

func actForbidden(vi, en string) error { return fault.New(fault.Forbidden, vi, en) }

func actSignedIn(ctx context.Context) (*auth.Actor, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	return a, nil
}

// actOfficerSees reports whether actor sees a as an officer: the ministry
// every activity, a province's officers those of the province or of its
// calls.
func actOfficerSees(actor *auth.Actor, a *Activity) bool {
	if auth.Allowed(actor, auth.ActProgrammeManage, auth.Scope{}) {
		return true
	}
	p := actor.ProvinceCode
	return actor.Role == auth.RoleProvince && p != "" && auth.Allowed(actor, auth.ActProgrammeView, auth.Scope{ProvinceCode: p}) &&
		(a.ProvinceCode == p || a.CallProvince == p)
}

// actAccess is what an actor is to an activity.
type actAccess struct {
	officer  bool
	decider  bool
	proposer bool
	verifier bool
	review   *Review // the actor's own review, if assigned
}

func (x actAccess) sees() bool { return x.officer || x.proposer || x.verifier || x.review != nil }

// actAccessTo works out what actor is to a, given its reviews.
func (s *Service) actAccessTo(ctx context.Context, actor *auth.Actor, a *Activity, reviews []*Review) (actAccess, error) {
	var l ExpertLinks
	if actor.Role == auth.RoleExpert && a.OrganisationID != 0 {
		var err error
		if l, err = s.store.FindExpertLinks(ctx, actor.UserID); err != nil {
			return actAccess{}, err
		}
	}
	return actAccessWith(actor, a, reviews, l), nil
}

// actAccessWith is actAccessTo with the expert's directory links at hand
// (zero for other roles).
func actAccessWith(actor *auth.Actor, a *Activity, reviews []*Review, l ExpertLinks) actAccess {
	x := actAccess{officer: actOfficerSees(actor, a), decider: decides(actor, a)}
	switch actor.Role {
	case auth.RoleEnterprise:
		x.proposer = a.EnterpriseID != 0 && a.OrganisationID == 0 &&
			auth.Allowed(actor, auth.ActProposalSubmit, auth.Scope{EnterpriseID: a.EnterpriseID})
	case auth.RoleExpert:
		x.proposer = a.OrganisationID != 0 && l.OrganisationID == a.OrganisationID
	}
	if auth.Can(actor, auth.ActActivityReview) {
		x.verifier = a.VerifierID != 0 && a.VerifierID == actor.UserID
		for _, r := range reviews {
			if r.ReviewerID == actor.UserID {
				x.review = r
			}
		}
	}
	return x
}

// actScoreFor is the review score x may see of a: officers always, the
// proposer once the decision is made, a reviewer once their own review is
// submitted (they then see every review anyway); nil for everyone else.
// A single reviewer's submission makes the mean that reviewer's total, so
// a reviewer who has not submitted would otherwise read another's score.
func actScoreFor(x actAccess, a *Activity) *float64 {
	switch {
	case x.officer:
	case x.proposer && a.DecidedAt != nil:
	case x.review != nil && x.review.Status == ReviewSubmitted:
	default:
		return nil
	}
	return a.ReviewScore
}

// actRedact is a as x may see it: a copy without the review score when x
// may not see it (see actScoreFor). Every activity the service hands out
// goes through it.
func actRedact(x actAccess, a *Activity) *Activity {
	if a == nil || a.ReviewScore == nil || actScoreFor(x, a) != nil {
		return a
	}
	cp := *a
	cp.ReviewScore = nil
	return &cp
}

// actRedactList redacts the list's activities for actor: the expert's links
// read once, the reviews read only for the activities that have a score.
func (s *Service) actRedactList(ctx context.Context, actor *auth.Actor, list []*Activity) error {
	var l ExpertLinks
	if actor.Role == auth.RoleExpert {
		var err error
		if l, err = s.store.FindExpertLinks(ctx, actor.UserID); err != nil {
			return err
		}
	}
	for i, a := range list {
		if a.ReviewScore == nil {
			continue
		}
		var rs []*Review
		if !actOfficerSees(actor, a) && auth.Can(actor, auth.ActActivityReview) {
			var err error
			if rs, err = s.store.FindReviews(ctx, a.ID); err != nil {
				return err
			}
		}
		list[i] = actRedact(actAccessWith(actor, a, rs, l), a)
	}
	return nil
}

// loadActivity reads an activity and what actor is to it; NotFound when the actor
// may not see it.
func (s *Service) loadActivity(ctx context.Context, st Store, id ActivityID) (*auth.Actor, *Activity, []*Review, actAccess, error) {
	actor, err := actSignedIn(ctx)
	if err != nil {
		return nil, nil, nil, actAccess{}, err
	}
	a, err := st.FindActivityByID(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, nil, nil, actAccess{}, errActNotFound
	}
	if err != nil {
		return nil, nil, nil, actAccess{}, err
	}
	rs, err := st.FindReviews(ctx, id)
	if err != nil {
		return nil, nil, nil, actAccess{}, err
	}
	x, err := s.actAccessTo(ctx, actor, a, rs)
	if err != nil {
		return nil, nil, nil, actAccess{}, err
	}
	if !x.sees() {
		return nil, nil, nil, actAccess{}, errActNotFound
	}
	return actor, a, rs, x, nil
}

// loadLocked is loadActivity inside a write's transaction, after taking
// the activity's row lock: the status, reviews and files it reads cannot
// change until the transaction ends, so the checks made on them hold for
// the write (two officers assigning at once, an assignment racing the
// decision, an upload racing the submission).
func (s *Service) loadLocked(ctx context.Context, tx Store, id ActivityID) (*auth.Actor, *Activity, []*Review, actAccess, error) {
	if _, err := actSignedIn(ctx); err != nil {
		return nil, nil, nil, actAccess{}, err
	}
	if err := tx.LockActivity(ctx, id); err != nil {
		if fault.Is(err, fault.NotFound) {
			return nil, nil, nil, actAccess{}, errActNotFound
		}
		return nil, nil, nil, actAccess{}, err
	}
	return s.loadActivity(ctx, tx, id)
}

// ActivityQuery is what the list asks for.
type ActivityQuery struct {
	Status   Status       `query:"status"`
	Type     ActivityType `query:"type"`
	Track    Track        `query:"track"`
	Year     int          `query:"year"`
	Province string       `query:"province"`
	CallID   CallID       `query:"call"`
	Text     string       `query:"q"`
	Offset   int          `query:"offset"`
	Limit    int          `query:"limit"`
}

// Activities lists what the actor may see, newest first: officers their
// scope, enterprise users their enterprise's proposals, experts their
// organisation's and those they review or verify, assessors those they
// are assigned.
func (s *Service) Activities(ctx context.Context, q ActivityQuery) ([]*Activity, int, error) {
	actor, err := actSignedIn(ctx)
	if err != nil {
		return nil, 0, err
	}
	f := ActivityFilter{Status: q.Status, Type: q.Type, Track: q.Track, Year: q.Year, CallID: q.CallID,
		Query: vn.Fold(q.Text), Offset: max(q.Offset, 0), Limit: q.Limit}
	if f.Limit <= 0 || f.Limit > activityPageMax {
		f.Limit = 20
	}
	switch {
	case auth.Allowed(actor, auth.ActProgrammeManage, auth.Scope{}):
		f.All, f.InProvince = true, q.Province
	case actor.Role == auth.RoleProvince && auth.Can(actor, auth.ActProgrammeView):
		f.Province = actor.ProvinceCode
	case actor.Role == auth.RoleEnterprise && auth.Can(actor, auth.ActProposalSubmit):
		f.EnterpriseID = actor.EnterpriseID
	case actor.Role == auth.RoleExpert:
		l, err := s.store.FindExpertLinks(ctx, actor.UserID)
		if err != nil {
			return nil, 0, err
		}
		f.OrganisationID, f.UserID = l.OrganisationID, actor.UserID
	case actor.Role == auth.RoleAssessor:
		f.UserID = actor.UserID
	default:
		return nil, 0, actForbidden("Bạn không có quyền xem danh sách nhiệm vụ.", "You may not see the activities.")
	}
	list, n, err := s.store.FindActivities(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	if err := s.actRedactList(ctx, actor, list); err != nil {
		return nil, 0, err
	}
	return list, n, nil
}

// ActivityView is an activity with what the actor may see of it and do.
type ActivityView struct {
	Activity *Activity `json:"activity"`
	Call     *Call     `json:"call,omitempty"`
	// Reviews are those the actor may see: officers all, a reviewer their
	// own (and the others' once theirs is submitted), the proposer none.
	Reviews []*Review `json:"reviews"`
	// MyReview is the actor's own review, if assigned.
	MyReview *Review `json:"my_review,omitempty"`
	// Score is the mean review score where the actor may see it (see
	// actScoreFor): officers always, the proposer after the decision, a
	// reviewer once their own review is submitted.
	Score  *float64 `json:"score,omitempty"`
	Events []Event  `json:"events"`
	Files  []*File  `json:"files"`

	Officer     bool `json:"officer"`
	Decider     bool `json:"decider"`
	Proposer    bool `json:"proposer"`
	CanEdit     bool `json:"can_edit"`
	CanSubmit   bool `json:"can_submit"`
	CanRevise   bool `json:"can_revise"`
	CanWithdraw bool `json:"can_withdraw"`
	CanAssign   bool `json:"can_assign"`
	CanDecide   bool `json:"can_decide"`
	CanDeclare  bool `json:"can_declare"`
	CanReview   bool `json:"can_review"`
}

// Activity returns an activity as the actor may see it (NotFound when not).
func (s *Service) Activity(ctx context.Context, id ActivityID) (*ActivityView, error) {
	_, a, rs, x, err := s.loadActivity(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	v := &ActivityView{Activity: a, Officer: x.officer, Decider: x.decider, Proposer: x.proposer, MyReview: x.review}
	if a.CallID != 0 {
		if v.Call, err = s.store.FindCallByID(ctx, a.CallID); err != nil {
			return nil, err
		}
	}
	if v.Events, err = s.store.FindActivityEvents(ctx, id); err != nil {
		return nil, err
	}
	if v.Files, err = s.store.FindActivityFiles(ctx, id); err != nil {
		return nil, err
	}
	switch {
	case x.officer:
		v.Reviews = rs
	case x.review != nil && x.review.Status == ReviewSubmitted:
		v.Reviews = rs
	case x.review != nil:
		v.Reviews = []*Review{x.review}
	}
	v.Score = actScoreFor(x, a)
	v.Activity = actRedact(x, a)
	now := s.now()
	open := v.Call == nil || v.Call.AcceptsAt(now)
	v.CanEdit = x.proposer && a.Status.Editable()
	v.CanSubmit = v.CanEdit && open
	v.CanRevise = x.proposer && a.Status == StatusIneligible && open
	v.CanWithdraw = x.proposer && CanMove(a.Status, StatusWithdrawn, PartyProposer)
	v.CanAssign = x.decider && (a.Status == StatusSubmitted || a.Status == StatusInReview)
	v.CanDecide = x.decider && (a.Status == StatusSubmitted || a.Status == StatusInReview)
	if r := x.review; r != nil && a.Status == StatusInReview && r.Status == ReviewAssigned {
		v.CanDeclare = r.NoConflictAt == nil
		v.CanReview = r.NoConflictAt != nil
	}
	return v, nil
}

// ProposalInput is a proposal as its author writes it. Version is the
// one read (updates only).
type ProposalInput struct {
	CallID      CallID            `json:"call_id,omitempty"`
	Type        ActivityType      `json:"type,omitempty"`
	Title       string            `json:"title,omitempty"`
	Summary     string            `json:"summary,omitempty"`
	Details     map[string]string `json:"details,omitempty"`
	Tools       []string          `json:"tools,omitempty"`
	StateBudget int64             `json:"state_budget,omitempty" doc:"đồng"`
	Counterpart int64             `json:"counterpart,omitempty" doc:"đồng"`
	Budget      []BudgetLine      `json:"budget,omitempty"`
	KPIs        []ActivityKPI     `json:"kpis,omitempty"`
	Version     int               `json:"version,omitempty"`
}

// ProposalDraft is what a new proposal's form starts from.
type ProposalDraft struct {
	Call     *Call          `json:"call"`
	Types    []ActivityType `json:"types"`
	Proposer string         `json:"proposer"`
}

// actCallTypes are the types a call takes that the actor may propose.
func actCallTypes(actor *auth.Actor, c *Call) []ActivityType {
	types := c.Types
	if len(types) == 0 {
		types = TrackTypes(c.Track)
	}
	var out []ActivityType
	for _, t := range types {
		if t.EnterpriseLed() == (actor.Role == auth.RoleEnterprise) {
			out = append(out, t)
		}
	}
	return out
}

// actProposer is who proposes for the actor: its enterprise or organisation.
type actProposer struct {
	enterpriseID, organisationID int64
	name, province, industry     string
	size                         string
}

// actProposerOf resolves the actor's proposing body for type t (a zero t:
// whichever the actor has).
func (s *Service) actProposerOf(ctx context.Context, actor *auth.Actor, t ActivityType) (*actProposer, error) {
	if !auth.Can(actor, auth.ActProposalSubmit) {
		return nil, actForbidden("Chỉ doanh nghiệp và chuyên gia của tổ chức trong danh bạ được đề xuất nhiệm vụ.",
			"Only enterprises and experts of an organisation of the directory may propose activities.")
	}
	if actor.Role == auth.RoleEnterprise {
		if t != "" && !t.EnterpriseLed() {
			return nil, actForbidden("Loại nhiệm vụ này do tổ chức (viện, trường, trung tâm) đề xuất, không phải doanh nghiệp.",
				"This type of activity is proposed by an organisation (institute, school, centre), not an enterprise.")
		}
		e, err := s.reg.FindEnterpriseByID(ctx, registry.EnterpriseID(actor.EnterpriseID))
		if err != nil {
			return nil, err
		}
		return &actProposer{enterpriseID: int64(e.ID), name: e.Name, province: e.ProvinceCode, industry: string(e.Industry),
			size: string(e.SizeClass)}, nil
	}
	if t != "" && t.EnterpriseLed() {
		return nil, actForbidden("Mô hình điểm và dự án đầu tư chiều sâu do doanh nghiệp đề xuất.",
			"Pilot models and depth projects are proposed by the enterprise itself.")
	}
	l, err := s.store.FindExpertLinks(ctx, actor.UserID)
	if err != nil {
		return nil, err
	}
	if l.OrganisationID == 0 {
		return nil, actForbidden("Hồ sơ chuyên gia của bạn chưa gắn với tổ chức nào trong danh bạ, nên chưa thể đề xuất nhiệm vụ.",
			"Your expert profile is not linked to an organisation of the directory, so you cannot propose an activity.")
	}
	name, prov, err := s.store.FindOrganisationBrief(ctx, l.OrganisationID)
	if err != nil {
		return nil, err
	}
	return &actProposer{organisationID: l.OrganisationID, name: name, province: prov}, nil
}

// actOpenCall reads a call that takes proposals now.
func (s *Service) actOpenCall(ctx context.Context, id CallID, now time.Time) (*Call, error) {
	c, err := s.store.FindCallByID(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, fault.New(fault.NotFound, "Không tìm thấy đợt kêu gọi đề xuất.", "Call not found.")
	}
	if err != nil {
		return nil, err
	}
	if err := actCallRefuses(c, now); err != nil {
		return nil, err
	}
	return c, nil
}

// actCallRefuses says why c takes no proposal at now, nil when it does.
func actCallRefuses(c *Call, now time.Time) error {
	dl := DeadlineText(c.Deadline)
	switch {
	case c.Status == CallClosed:
		return fault.New(fault.Conflict, "Đợt "+c.Code+" đã đóng, không nhận hồ sơ.", "Call "+c.Code+" is closed and takes no proposals.")
	case now.After(c.Deadline):
		return fault.New(fault.Conflict, "Đã quá hạn nộp hồ sơ của đợt "+c.Code+" ("+dl.Vi+").",
			"The deadline of call "+c.Code+" ("+dl.En+") has passed.")
	case !c.AcceptsAt(now):
		return fault.New(fault.Conflict, "Đợt "+c.Code+" chưa mở nhận hồ sơ.", "Call "+c.Code+" is not open for proposals yet.")
	}
	return nil
}

// NewProposal returns what a new proposal in call id starts from.
func (s *Service) NewProposal(ctx context.Context, id CallID) (*ProposalDraft, error) {
	actor, err := actSignedIn(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.actProposerOf(ctx, actor, "")
	if err != nil {
		return nil, err
	}
	c, err := s.actOpenCall(ctx, id, s.now())
	if err != nil {
		return nil, err
	}
	d := &ProposalDraft{Call: c, Types: actCallTypes(actor, c), Proposer: p.name}
	if len(d.Types) == 0 {
		return nil, actForbidden("Đợt này không có loại nhiệm vụ bạn được đề xuất.", "This call has no activity type you may propose.")
	}
	return d, nil
}

// check validates in for call c and proposer's type list and returns the
// cleaned KPIs, tools and budget on in.
func (s *Service) actCheckProposal(ctx context.Context, actor *auth.Actor, c *Call, in *ProposalInput) error {
	in.Title, in.Summary = strings.TrimSpace(vn.NFC(in.Title)), strings.TrimSpace(vn.NFC(in.Summary))
	bad := fault.Fields{}
	if !slices.Contains(actCallTypes(actor, c), in.Type) {
		bad.Add("type", "Vui lòng chọn một loại nhiệm vụ của đợt.", "Please choose one of the call's activity types.")
	}
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		bad.Add("title", "Vui lòng nhập tên nhiệm vụ.", "Please enter the activity's title.")
	case n > MaxActivityTitle:
		bad.Add("title", fmt.Sprintf("Tên tối đa %d ký tự.", MaxActivityTitle), fmt.Sprintf("At most %d characters.", MaxActivityTitle))
	}
	switch n := utf8.RuneCountInString(in.Summary); {
	case n == 0:
		bad.Add("summary", "Vui lòng tóm tắt mục tiêu, nội dung và kết quả dự kiến.", "Please summarise the goals, work and expected results.")
	case n > MaxSummary:
		bad.Add("summary", fmt.Sprintf("Tối đa %d ký tự.", MaxSummary), fmt.Sprintf("At most %d characters.", MaxSummary))
	}
	if in.Details == nil {
		in.Details = map[string]string{}
	}
	if in.Type.Valid() {
		CheckDetails(in.Type, in.Details, bad)
	}
	tools, err := s.store.FindToolCodes(ctx)
	if err != nil {
		return err
	}
	var clean []string
	for _, t := range in.Tools {
		t = strings.TrimSpace(t)
		switch {
		case t == "" || slices.Contains(clean, t):
		case !slices.Contains(tools, t):
			bad.Add("tools", "Công cụ không có trong danh mục: "+t+".", "Not a tool of the catalogue: "+t+".")
		default:
			clean = append(clean, t)
		}
	}
	in.Tools = clean
	CheckBudget(in.Budget, in.StateBudget, in.Counterpart, bad)
	defs, err := s.store.FindKPIs(ctx)
	if err != nil {
		return err
	}
	in.KPIs = CheckKPIs(defs, in.KPIs, bad)
	return bad.Err()
}

// CheckKPIs checks a proposal's KPIs against the catalogue: 1–10, each a
// visible KPI once, baseline and target values of its unit, the target an
// improvement in its direction. Fields are "kpis" and "kpis.N.code",
// "kpis.N.baseline", "kpis.N.target" (N from 1).
func CheckKPIs(defs []KPIDef, in []ActivityKPI, bad fault.Fields) []ActivityKPI {
	byCode := map[string]*KPIDef{}
	for i := range defs {
		if !defs[i].Hidden {
			byCode[defs[i].Code] = &defs[i]
		}
	}
	var out []ActivityKPI
	seen := map[string]bool{}
	for i, k := range in {
		n := "kpis." + strconv.Itoa(i+1)
		d, ok := byCode[k.Code]
		switch {
		case !ok:
			bad.Add(n+".code", "KPI không có trong danh mục: "+k.Code+".", "Not a KPI of the catalogue: "+k.Code+".")
			continue
		case seen[k.Code]:
			bad.Add(n+".code", d.Name.Vi+": đã chọn ở dòng khác.", d.Name.En+": already chosen on another line.")
			continue
		}
		seen[k.Code] = true
		okB := d.CheckValue(bad, n+".baseline", k.Baseline)
		okT := d.CheckValue(bad, n+".target", k.Target)
		if okB && okT {
			d.CheckTarget(bad, n+".target", k.Baseline, k.Target)
		}
		out = append(out, ActivityKPI{Code: k.Code, Baseline: k.Baseline, Target: k.Target})
	}
	switch {
	case len(in) == 0:
		bad.Add("kpis", "Vui lòng chọn ít nhất một KPI với số liệu nền và mục tiêu.", "Please choose at least one KPI with its baseline and target.")
	case len(in) > MaxActivityKPIs:
		bad.Add("kpis", fmt.Sprintf("Tối đa %d KPI.", MaxActivityKPIs), fmt.Sprintf("At most %d KPIs.", MaxActivityKPIs))
	}
	return out
}

func (s *Service) actAudit(ctx context.Context, tx Store, now time.Time, action string, id ActivityID, before, after any) error {
	return tx.AddAudit(ctx, audit.New(ctx, now, action, "activity", fmt.Sprint(int64(id)), before, after))
}

// CreateProposal creates a draft proposal in a call that takes proposals,
// for the actor's enterprise (enterprise-led types) or organisation.
func (s *Service) CreateProposal(ctx context.Context, in ProposalInput) (*Activity, error) {
	actor, err := actSignedIn(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.actProposerOf(ctx, actor, in.Type)
	if err != nil {
		return nil, err
	}
	now := s.now()
	c, err := s.actOpenCall(ctx, in.CallID, now)
	if err != nil {
		return nil, err
	}
	if err := s.actCheckProposal(ctx, actor, c, &in); err != nil {
		return nil, err
	}
	a := &Activity{CallID: c.ID, Type: in.Type, Track: c.Track, Year: now.In(vn.Zone).Year(), Title: in.Title, Summary: in.Summary,
		EnterpriseID: p.enterpriseID, OrganisationID: p.organisationID, ProvinceCode: p.province, Industry: p.industry,
		SizeClass: p.size, Details: in.Details, Tools: in.Tools, Status: StatusDraft, StateBudget: in.StateBudget,
		Counterpart: in.Counterpart, Budget: in.Budget, KPIs: in.KPIs, CreatedBy: actor.UserID, CreatedAt: now, UpdatedAt: now}
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateActivity(ctx, a); err != nil {
			return err
		}
		if err := tx.SetTitleFolded(ctx, a.ID, vn.Fold(a.Title)); err != nil {
			return err
		}
		return s.actAudit(ctx, tx, now, "activity.create", a.ID, nil, a)
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindActivityByID(ctx, a.ID)
}

// UpdateProposal rewrites a draft; in.Version must be the one read (a
// stale one is fault.Conflict: someone else changed it).
func (s *Service) UpdateProposal(ctx context.Context, id ActivityID, in ProposalInput) (*Activity, error) {
	now := s.now()
	var out *Activity
	err := s.store.Tx(ctx, func(tx Store) error {
		actor, a, _, x, err := s.loadLocked(ctx, tx, id)
		if err != nil {
			return err
		}
		if !x.proposer {
			return actForbidden("Chỉ đơn vị đề xuất được sửa hồ sơ.", "Only the proposer may edit the proposal.")
		}
		if !a.Status.Editable() {
			return fault.New(fault.Conflict, "Hồ sơ đã nộp, không sửa được nữa.", "The proposal was submitted and can no longer be edited.")
		}
		if in.Version != a.Version {
			return errActStale
		}
		c, err := s.actOpenCall(ctx, a.CallID, now)
		if err != nil {
			return err
		}
		p, err := s.actProposerOf(ctx, actor, in.Type)
		if err != nil {
			return err
		}
		if err := s.actCheckProposal(ctx, actor, c, &in); err != nil {
			return err
		}
		before := *a
		a.Type, a.Title, a.Summary, a.Details, a.Tools = in.Type, in.Title, in.Summary, in.Details, in.Tools
		a.StateBudget, a.Counterpart, a.Budget, a.KPIs = in.StateBudget, in.Counterpart, in.Budget, in.KPIs
		a.ProvinceCode, a.Industry, a.SizeClass = p.province, p.industry, p.size
		a.UpdatedAt = now
		if err := tx.UpdateProposal(ctx, a); err != nil {
			return err
		}
		if err := tx.SetTitleFolded(ctx, a.ID, vn.Fold(a.Title)); err != nil {
			return err
		}
		out = actRedact(x, a)
		return s.actAudit(ctx, tx, now, "activity.update", a.ID, &before, a)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// actMove makes a transition of a's life cycle by party by, in tx: the state
// written with the version check, the event and the audit entry.
func (s *Service) actMove(ctx context.Context, tx Store, a *Activity, to Status, by Party, note string, now time.Time) error {
	from := a.Status
	if !CanMove(from, to, by) {
		fl, tl := from.Label(), to.Label()
		return fault.New(fault.Conflict, "Không thể chuyển nhiệm vụ từ “"+fl.Vi+"” sang “"+tl.Vi+"”.",
			"The activity cannot move from “"+fl.En+"” to “"+tl.En+"”.")
	}
	before := struct {
		Status  Status `json:"status"`
		Version int    `json:"version"`
	}{from, a.Version}
	a.Status, a.UpdatedAt = to, now
	if err := tx.UpdateActivityState(ctx, a); err != nil {
		return err
	}
	m := audit.MetaFrom(ctx)
	ev := &Event{ActivityID: a.ID, From: from, To: to, ActorID: auth.UserID(m.ActorID), ActorEmail: m.ActorEmail, Note: note, At: now}
	if err := tx.AddActivityEvent(ctx, ev); err != nil {
		return err
	}
	return s.actAudit(ctx, tx, now, "activity."+string(to), a.ID, before, a)
}

// SubmitProposal submits a draft: refused after the call's deadline or
// when it is closed; otherwise screened, and submitted when every rule
// passes, ineligible (with the reasons) when not.
func (s *Service) SubmitProposal(ctx context.Context, id ActivityID, version int) (*Activity, error) {
	now := s.now()
	var out *Activity
	err := s.store.Tx(ctx, func(tx Store) error {
		actor, a, _, x, err := s.loadLocked(ctx, tx, id)
		if err != nil {
			return err
		}
		if !x.proposer {
			return actForbidden("Chỉ đơn vị đề xuất được nộp hồ sơ.", "Only the proposer may submit the proposal.")
		}
		if a.Status != StatusDraft {
			return fault.New(fault.Conflict, "Hồ sơ không ở trạng thái bản nháp.", "The proposal is not a draft.")
		}
		if err := actNeedVersion(version); err != nil {
			return err
		}
		if version != a.Version {
			return errActStale
		}
		var c *Call
		if a.CallID != 0 {
			if c, err = tx.FindCallByID(ctx, a.CallID); err != nil {
				return err
			}
			if err := actCallRefuses(c, now); err != nil {
				return err
			}
		}
		p, err := s.actProposerOf(ctx, actor, a.Type)
		if err != nil {
			return err
		}
		a.ProvinceCode, a.Industry, a.SizeClass = p.province, p.industry, p.size
		var elig *registry.Eligibility
		// Only an enterprise's proposal is held to the track's rules (see
		// Screen); the share is computed so that the bounds are exact.
		if rt, ok := a.Track.Eligibility(); ok && a.EnterpriseID != 0 && a.OrganisationID == 0 {
			pct := CounterpartShare(a.StateBudget, a.Counterpart)
			elig, err = s.reg.Eligibility(ctx, registry.EnterpriseID(a.EnterpriseID), rt, pct, now)
			if err == nil {
				ShareReasons(elig, pct)
			}
			if fault.Is(err, fault.NotFound) || fault.Is(err, fault.Invalid) {
				msg := fault.MessageOf(err)
				elig, err = &registry.Eligibility{Reasons: []fault.Text{msg}}, nil
			}
			if err != nil {
				return err
			}
		}
		sc := Screen(a, c, elig, now)
		a.Screening, a.SubmittedAt = &sc, &now
		to := StatusSubmitted
		if !sc.Passed {
			to = StatusIneligible
		}
		if err := s.actMove(ctx, tx, a, to, PartySystem, "", now); err != nil {
			return err
		}
		out = actRedact(x, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out.Status == StatusSubmitted {
		s.actNotify(ctx, out.CreatedBy, "Hồ sơ "+out.Title+" đã nộp và đạt sàng lọc",
			"Hồ sơ đề xuất “"+out.Title+"” đã được nộp và đạt sàng lọc tự động; hồ sơ đang chờ phân công thẩm định.", out.ID)
	} else {
		s.actNotify(ctx, out.CreatedBy, "Hồ sơ "+out.Title+" chưa đạt sàng lọc",
			"Hồ sơ đề xuất “"+out.Title+"” chưa đạt sàng lọc tự động. Xem lý do và sửa lại trước hạn nộp.", out.ID)
	}
	return out, nil
}

// ReviseProposal takes an ineligible proposal back to draft, before the
// call's deadline.
func (s *Service) ReviseProposal(ctx context.Context, id ActivityID) (*Activity, error) {
	return s.actProposerMove(ctx, id, StatusDraft, func(a *Activity, c *Call, now time.Time) error {
		if a.Status != StatusIneligible {
			return fault.New(fault.Conflict, "Chỉ hồ sơ chưa đạt sàng lọc mới được sửa lại.", "Only a proposal that failed screening may be revised.")
		}
		if c != nil {
			return actCallRefuses(c, now)
		}
		return nil
	})
}

// WithdrawProposal withdraws a proposal before its decision.
func (s *Service) WithdrawProposal(ctx context.Context, id ActivityID) (*Activity, error) {
	return s.actProposerMove(ctx, id, StatusWithdrawn, func(a *Activity, _ *Call, _ time.Time) error { return nil })
}

func (s *Service) actProposerMove(ctx context.Context, id ActivityID, to Status, check func(a *Activity, c *Call, now time.Time) error) (*Activity, error) {
	now := s.now()
	var out *Activity
	err := s.store.Tx(ctx, func(tx Store) error {
		_, a, _, x, err := s.loadLocked(ctx, tx, id)
		if err != nil {
			return err
		}
		if !x.proposer {
			return actForbidden("Chỉ đơn vị đề xuất được làm việc này.", "Only the proposer may do this.")
		}
		var c *Call
		if a.CallID != 0 {
			if c, err = tx.FindCallByID(ctx, a.CallID); err != nil {
				return err
			}
		}
		if err := check(a, c, now); err != nil {
			return err
		}
		if err := s.actMove(ctx, tx, a, to, PartyProposer, "", now); err != nil {
			return err
		}
		out = actRedact(x, a)
		return nil
	})
	return out, err
}

// reviewConflict says why a candidate may not review a ("" when none): the
// proposer's own account, a member of the proposing organisation, or an
// expert who declared a relation with the proposing enterprise.
func reviewConflict(c ReviewerCandidate, a *Activity) fault.Text {
	switch {
	case c.UserID == a.CreatedBy:
		return text("là người lập hồ sơ", "is the proposal's author")
	case a.OrganisationID != 0 && c.OrganisationID == a.OrganisationID:
		return text("thuộc tổ chức đề xuất", "belongs to the proposing organisation")
	case a.EnterpriseID != 0 && slices.Contains(c.Related, a.EnterpriseID):
		return text("đã khai có quan hệ với doanh nghiệp đề xuất", "declared a relation with the proposing enterprise")
	}
	return fault.Text{}
}

// ReviewerCandidates returns the accounts the deciding officer may assign,
// each with the conflict that excludes it, if any.
func (s *Service) ReviewerCandidates(ctx context.Context, id ActivityID) ([]ReviewerCandidate, error) {
	_, a, _, x, err := s.loadActivity(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	if !x.decider {
		return nil, actForbidden("Chỉ cán bộ quản lý đợt được phân công thẩm định.", "Only the call's officers may assign reviewers.")
	}
	cs, err := s.store.FindReviewerCandidates(ctx)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		cs[i].Conflict = reviewConflict(cs[i], a).Vi
	}
	return cs, nil
}

// AssignReviewers assigns 1–5 expert or assessor accounts to review a
// submitted proposal (at most 5 in all), refusing any with a conflict of
// interest; the first assignment moves it to review.
func (s *Service) AssignReviewers(ctx context.Context, id ActivityID, users []auth.UserID) (*Activity, error) {
	now := s.now()
	var out *Activity
	var added []auth.UserID
	err := s.store.Tx(ctx, func(tx Store) error {
		actor, a, rs, x, err := s.loadLocked(ctx, tx, id)
		if err != nil {
			return err
		}
		if !x.decider {
			return actForbidden("Chỉ cán bộ quản lý đợt được phân công thẩm định.", "Only the call's officers may assign reviewers.")
		}
		if a.Status != StatusSubmitted && a.Status != StatusInReview {
			return fault.New(fault.Conflict, "Chỉ phân công thẩm định hồ sơ đã nộp, chưa quyết định.", "Reviewers are assigned to submitted proposals not yet decided.")
		}
		cs, err := tx.FindReviewerCandidates(ctx)
		if err != nil {
			return err
		}
		byID := map[auth.UserID]ReviewerCandidate{}
		for _, c := range cs {
			byID[c.UserID] = c
		}
		bad := fault.Fields{}
		var ids []auth.UserID
		for _, u := range users {
			if u != 0 && !slices.Contains(ids, u) {
				ids = append(ids, u)
			}
		}
		switch {
		case len(ids) == 0:
			bad.Add("reviewers", "Vui lòng chọn ít nhất một người thẩm định.", "Please choose at least one reviewer.")
		case len(ids)+actActiveReviews(rs) > MaxReviewers:
			bad.Add("reviewers", fmt.Sprintf("Mỗi hồ sơ tối đa %d người thẩm định.", MaxReviewers), fmt.Sprintf("At most %d reviewers per proposal.", MaxReviewers))
		}
		for _, u := range ids {
			c, ok := byID[u]
			if !ok {
				bad.Add("reviewers", "Người thẩm định phải là chuyên gia hoặc chuyên viên đánh giá đang hoạt động.", "A reviewer must be an active expert or assessor account.")
				break
			}
			if slices.ContainsFunc(rs, func(r *Review) bool { return r.ReviewerID == u }) {
				bad.Add("reviewers", c.Name+" đã được phân công.", c.Name+" is already assigned.")
				break
			}
			if why := reviewConflict(c, a); why.Vi != "" {
				bad.Add("reviewers", "Không phân công được "+c.Name+" vì xung đột lợi ích: "+why.Vi+".",
					c.Name+" cannot be assigned because of a conflict of interest: "+why.En+".")
				break
			}
		}
		if err := bad.Err(); err != nil {
			return err
		}
		for _, u := range ids {
			r := &Review{ActivityID: a.ID, ReviewerID: u, Status: ReviewAssigned, Scores: map[string]int{}, AssignedBy: actor.UserID, AssignedAt: now}
			if err := tx.CreateReview(ctx, r); err != nil {
				return err
			}
			if err := s.actAudit(ctx, tx, now, "activity.review_assign", a.ID, nil, r); err != nil {
				return err
			}
		}
		added = ids
		if a.Status == StatusSubmitted {
			if err := s.actMove(ctx, tx, a, StatusInReview, PartyOfficer, "", now); err != nil {
				return err
			}
		}
		out = actRedact(x, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, u := range added {
		s.actNotify(ctx, u, "Phân công thẩm định: "+out.Title,
			"Bạn được phân công thẩm định hồ sơ “"+out.Title+"”. Trước khi chấm điểm, vui lòng cam kết không có xung đột lợi ích.", out.ID)
	}
	return out, nil
}

// actActiveReviews counts the reviews that take one of the MaxReviewers
// places: a reviewer who declared a conflict never scores, so their place
// goes to someone else.
func actActiveReviews(rs []*Review) int {
	n := 0
	for _, r := range rs {
		if r.Status != ReviewConflict {
			n++
		}
	}
	return n
}

// actNeedVersion refuses a write without the version read: the API's
// callers must send it, so that nothing is decided or submitted on a
// version the caller never saw.
func actNeedVersion(v int) error {
	if v <= 0 {
		return fault.Fields{"version": text("Thiếu phiên bản hồ sơ đã đọc (version). Vui lòng tải lại hồ sơ và gửi kèm phiên bản của nó.",
			"The version read is missing. Please reload the proposal and send its version.")}.Err()
	}
	return nil
}

// actMyReview loads the actor's review of a proposal in review.
func (s *Service) actMyReview(ctx context.Context, tx Store, id ActivityID) (*Activity, *Review, error) {
	_, a, _, x, err := s.loadLocked(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	if x.review == nil {
		return nil, nil, errActNotFound
	}
	if a.Status != StatusInReview {
		return nil, nil, fault.New(fault.Conflict, "Hồ sơ không còn trong giai đoạn thẩm định.", "The proposal is no longer in review.")
	}
	if x.review.Status != ReviewAssigned {
		return nil, nil, fault.New(fault.Conflict, "Phiếu thẩm định của bạn đã hoàn tất.", "Your review is already final.")
	}
	return a, x.review, nil
}

// DeclareConflict records the reviewer's declaration: no conflict of
// interest (the rubric opens) or a conflict, with a note (the reviewer may
// not score).
func (s *Service) DeclareConflict(ctx context.Context, id ActivityID, conflict bool, note string) (*Review, error) {
	note = vn.NFC(note)
	now := s.now()
	var out *Review
	err := s.store.Tx(ctx, func(tx Store) error {
		a, r, err := s.actMyReview(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.NoConflictAt != nil {
			return fault.New(fault.Conflict, "Bạn đã cam kết không có xung đột lợi ích.", "You have already declared no conflict of interest.")
		}
		if utf8.RuneCountInString(note) > MaxComment {
			return fault.Fields{"note": text("Tối đa 4.000 ký tự.", "At most 4,000 characters.")}.Err()
		}
		before := *r
		if conflict {
			if note == "" {
				return fault.Fields{"note": text("Vui lòng nêu xung đột lợi ích.", "Please describe the conflict of interest.")}.Err()
			}
			r.Status, r.ConflictNote = ReviewConflict, note
		} else {
			r.NoConflictAt = &now
		}
		if err := tx.UpdateReview(ctx, r, ReviewAssigned); err != nil {
			return err
		}
		out = r
		return s.actAudit(ctx, tx, now, "activity.review_declare", a.ID, &before, r)
	})
	return out, err
}

// SubmitReview records the reviewer's scores (whole points 0..max of each
// criterion of the Rubric) and comment; the review is then final and the
// activity's score the mean of the submitted reviews.
func (s *Service) SubmitReview(ctx context.Context, id ActivityID, scores map[string]int, comment string) (*Review, error) {
	comment = vn.NFC(comment)
	now := s.now()
	var out *Review
	err := s.store.Tx(ctx, func(tx Store) error {
		a, r, err := s.actMyReview(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.NoConflictAt == nil {
			return fault.New(fault.Conflict, "Vui lòng cam kết không có xung đột lợi ích trước khi chấm điểm.",
				"Please declare that you have no conflict of interest before scoring.")
		}
		bad := fault.Fields{}
		total := 0
		clean := map[string]int{}
		for _, c := range Rubric {
			v, ok := scores[c.Code]
			switch {
			case !ok:
				bad.Add("score."+c.Code, c.Name.Vi+": vui lòng cho điểm.", c.Name.En+": please score.")
			case v < 0 || v > c.Max:
				bad.Add("score."+c.Code, fmt.Sprintf("%s: điểm từ 0 đến %d.", c.Name.Vi, c.Max), fmt.Sprintf("%s: from 0 to %d points.", c.Name.En, c.Max))
			default:
				clean[c.Code] = v
				total += v
			}
		}
		if utf8.RuneCountInString(comment) > MaxComment {
			bad.Add("comment", "Tối đa 4.000 ký tự.", "At most 4,000 characters.")
		}
		if err := bad.Err(); err != nil {
			return err
		}
		before := *r
		t := float64(total)
		r.Scores, r.Total, r.Comment, r.Status, r.SubmittedAt = clean, &t, comment, ReviewSubmitted, &now
		if err := tx.UpdateReview(ctx, r, ReviewAssigned); err != nil {
			return err
		}
		rs, err := tx.FindReviews(ctx, a.ID)
		if err != nil {
			return err
		}
		if err := tx.SetReviewScore(ctx, a.ID, actMeanScore(rs)); err != nil {
			return err
		}
		out = r
		return s.actAudit(ctx, tx, now, "activity.review_submit", a.ID, &before, r)
	})
	return out, err
}

// actMeanScore is the mean total of the submitted reviews, nil when none.
func actMeanScore(rs []*Review) *float64 {
	var sum float64
	n := 0
	for _, r := range rs {
		if r.Status == ReviewSubmitted && r.Total != nil {
			sum += *r.Total
			n++
		}
	}
	if n == 0 {
		return nil
	}
	m := sum / float64(n)
	return &m
}

// DecisionInput is the officer's decision on a proposal.
type DecisionInput struct {
	Approve        bool   `json:"approve,omitempty"`
	DecisionNo     string `json:"decision_no,omitempty" doc:"Số quyết định, ví dụ 125/QĐ-BCT"`
	DecisionDate   string `json:"decision_date,omitempty" doc:"dd/mm/yyyy hoặc yyyy-mm-dd"`
	Signer         string `json:"signer,omitempty" doc:"Người ký"`
	ApprovedBudget int64  `json:"approved_budget,omitempty" doc:"Ngân sách nhà nước được duyệt, đồng"`
	Note           string `json:"note,omitempty" doc:"Lý do (bắt buộc khi không phê duyệt)"`
	Version        int    `json:"version,omitempty"`
}

// Decide approves (after at least one submitted review and none still
// pending; with the decision's number, date, signer and the state budget
// approved, within the request and the call's cap) or rejects (with a
// reason) a proposal.
func (s *Service) Decide(ctx context.Context, id ActivityID, in DecisionInput) (*Activity, error) {
	in.DecisionNo, in.Signer, in.Note = vn.NFC(in.DecisionNo), vn.NFC(in.Signer), vn.NFC(in.Note)
	now := s.now()
	var out *Activity
	err := s.store.Tx(ctx, func(tx Store) error {
		_, a, rs, x, err := s.loadLocked(ctx, tx, id)
		if err != nil {
			return err
		}
		if !x.decider {
			return actForbidden("Chỉ cán bộ quản lý đợt được quyết định hồ sơ.", "Only the call's officers may decide on the proposal.")
		}
		if err := actNeedVersion(in.Version); err != nil {
			return err
		}
		if in.Version != a.Version {
			return errActStale
		}
		bad := fault.Fields{}
		var date string
		if in.Approve || in.DecisionNo != "" || in.DecisionDate != "" {
			date = actCheckDecision(in.DecisionNo, in.DecisionDate, now, bad)
		}
		if utf8.RuneCountInString(in.Note) > MaxComment {
			bad.Add("note", "Tối đa 4.000 ký tự.", "At most 4,000 characters.")
		}
		to := StatusRejected
		if in.Approve {
			to = StatusApproved
			if a.Status != StatusInReview {
				return fault.New(fault.Conflict, "Chỉ phê duyệt hồ sơ đã được thẩm định.", "Only a reviewed proposal may be approved.")
			}
			submitted, pending := 0, 0
			for _, r := range rs {
				switch r.Status {
				case ReviewSubmitted:
					submitted++
				case ReviewAssigned:
					pending++
				}
			}
			if submitted == 0 || pending > 0 {
				return fault.New(fault.Conflict, "Cần ít nhất một phiếu thẩm định đã nộp và không còn phiếu đang chờ trước khi phê duyệt.",
					"Approval needs at least one submitted review and no review still pending.")
			}
			switch n := utf8.RuneCountInString(in.Signer); {
			case n == 0:
				bad.Add("signer", "Vui lòng nhập người ký quyết định.", "Please enter who signed the decision.")
			case n > MaxSigner:
				bad.Add("signer", fmt.Sprintf("Tối đa %d ký tự.", MaxSigner), fmt.Sprintf("At most %d characters.", MaxSigner))
			}
			var cap int64
			if a.CallID != 0 {
				c, err := tx.FindCallByID(ctx, a.CallID)
				if err != nil {
					return err
				}
				cap = c.MaxStateBudget
			}
			switch {
			case in.ApprovedBudget <= 0:
				bad.Add("approved_budget", "Ngân sách được duyệt phải lớn hơn 0.", "The approved budget must be above zero.")
			case in.ApprovedBudget > a.StateBudget:
				bad.Add("approved_budget", "Ngân sách được duyệt không vượt ngân sách đề nghị "+vn.Money(a.StateBudget)+".",
					"The approved budget may not exceed the requested "+vn.Money(a.StateBudget)+".")
			case cap > 0 && in.ApprovedBudget > cap:
				bad.Add("approved_budget", "Ngân sách được duyệt không vượt mức tối đa của đợt "+vn.Money(cap)+".",
					"The approved budget may not exceed the call's cap of "+vn.Money(cap)+".")
			}
		} else if in.Note == "" {
			bad.Add("note", "Vui lòng nêu lý do không phê duyệt.", "Please give the reason for rejecting.")
		}
		if err := bad.Err(); err != nil {
			return err
		}
		a.DecisionNo, a.DecisionDate, a.DecisionSigner, a.DecisionNote, a.DecidedAt = in.DecisionNo, date, in.Signer, in.Note, &now
		if in.Approve {
			a.ApprovedBudget = in.ApprovedBudget
		}
		if err := s.actMove(ctx, tx, a, to, PartyOfficer, in.Note, now); err != nil {
			return err
		}
		out = actRedact(x, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out.Status == StatusApproved {
		s.actNotify(ctx, out.CreatedBy, "Hồ sơ "+out.Title+" được phê duyệt",
			"Hồ sơ “"+out.Title+"” được phê duyệt theo quyết định số "+out.DecisionNo+", ngân sách nhà nước "+vn.Money(out.ApprovedBudget)+".", out.ID)
	} else {
		s.actNotify(ctx, out.CreatedBy, "Hồ sơ "+out.Title+" không được phê duyệt",
			"Hồ sơ “"+out.Title+"” không được phê duyệt. Lý do: "+out.DecisionNote, out.ID)
	}
	return out, nil
}

// actNotify mails an account about an activity, with a link; a failure is
// logged, never the caller's (the transition is done).
func (s *Service) actNotify(ctx context.Context, to auth.UserID, subject, body string, id ActivityID) {
	if s.mailer == nil || to == 0 {
		return
	}
	email, _, err := s.store.FindUserContact(ctx, to)
	if err == nil && email != "" {
		link := s.baseURL + "/activities/" + strconv.FormatInt(int64(id), 10)
		err = s.mailer.SendMail(ctx, email, "[NSCL] "+subject, body+"\n\n"+link+"\n")
	}
	if err != nil {
		s.log.Warn("programme: activity notice not sent", "activity", int64(id), "err", err)
	}
}

// actCheckDecision checks a decision's number and date (dd/mm/yyyy, not in the
// future) and returns the date as yyyy-mm-dd.
func actCheckDecision(no, date string, now time.Time, bad fault.Fields) string {
	switch n := utf8.RuneCountInString(no); {
	case n == 0:
		bad.Add("decision_no", "Vui lòng nhập số quyết định, ví dụ 125/QĐ-BCT.", "Please enter the decision's number, e.g. 125/QĐ-BCT.")
	case n > MaxActivityNo:
		bad.Add("decision_no", fmt.Sprintf("Tối đa %d ký tự.", MaxActivityNo), fmt.Sprintf("At most %d characters.", MaxActivityNo))
	}
	d, err := vn.ParseDate(date)
	switch {
	case strings.TrimSpace(date) == "":
		bad.Add("decision_date", "Vui lòng nhập ngày quyết định (dd/mm/yyyy).", "Please enter the decision's date (dd/mm/yyyy).")
	case err != nil:
		bad.Add("decision_date", "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.", "Not a valid date; use dd/mm/yyyy.")
	case d.After(now):
		bad.Add("decision_date", "Ngày quyết định không được ở tương lai.", "The decision's date may not be in the future.")
	default:
		return d.Format("2006-01-02")
	}
	return ""
}

// ProposalCalls returns the open calls the actor may propose in now
// (none for an actor who does not propose).
func (s *Service) ProposalCalls(ctx context.Context) ([]*Call, error) {
	actor, err := actSignedIn(ctx)
	if err != nil || !auth.Can(actor, auth.ActProposalSubmit) {
		return nil, err
	}
	cs, err := s.store.FindCalls(ctx, CallFilter{Statuses: []CallStatus{CallOpen}})
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []*Call
	for _, c := range cs {
		if c.AcceptsAt(now) && len(actCallTypes(actor, c)) > 0 {
			out = append(out, c)
		}
	}
	return out, nil
}

// ProposalKPIs returns the KPIs a proposal may choose (the catalogue's
// visible ones).
func (s *Service) ProposalKPIs(ctx context.Context) ([]KPIDef, error) {
	ks, err := s.store.FindKPIs(ctx)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(ks, func(k KPIDef) bool { return k.Hidden }), nil
}
