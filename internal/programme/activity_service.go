package programme

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
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

func (s *Service) actAudit(ctx context.Context, tx Store, now time.Time, action string, id ActivityID, before, after any) error {
	return tx.AddAudit(ctx, audit.New(ctx, now, action, "activity", fmt.Sprint(int64(id)), before, after))
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
