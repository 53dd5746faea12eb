package programme

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

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
