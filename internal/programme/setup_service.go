package programme

import (
	"context"
	"fmt"
	"slices"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

var (
	errPlanNotFound  = fault.New(fault.NotFound, "Không tìm thấy kế hoạch.", "Plan not found.")
	errCallNotFound  = fault.New(fault.NotFound, "Không tìm thấy đợt kêu gọi đề xuất.", "Call for proposals not found.")
	errPlanConflict  = fault.New(fault.Conflict, "Kế hoạch vừa được người khác thay đổi. Vui lòng tải lại trang, xem thay đổi của họ rồi sửa lại.", "Someone else changed this plan meanwhile. Please reload the page, review their change and edit again.")
	errCallConflict  = fault.New(fault.Conflict, "Đợt kêu gọi vừa được người khác thay đổi. Vui lòng tải lại trang, xem thay đổi của họ rồi sửa lại.", "Someone else changed this call meanwhile. Please reload the page, review their change and edit again.")
	errTargetsDenied = fault.New(fault.Forbidden, "Chỉ cán bộ Bộ và quản trị viên được đặt chỉ tiêu chương trình.", "Only ministry officers and admins may set the programme's targets.")
)

// maySeePlan reports whether a may read a plan of prov: officers see the
// ministry's plans and those of their scope.
func maySeePlan(a *auth.Actor, prov string) bool {
	if !auth.Can(a, auth.ActProgrammeView) {
		return false
	}
	return prov == "" || auth.Allowed(a, auth.ActProgrammeView, auth.Scope{ProvinceCode: prov})
}

// maySeeCall reports whether a may read c: open and closed calls are
// public, drafts are for the officers who run them.
func maySeeCall(a *auth.Actor, c *Call) bool {
	return c.Status != CallDraft || mayRun(a, c.ProvinceCode)
}

// draftScope returns the provinces whose draft calls a sees (nil: none)
// and whether a sees every draft.
func draftScope(a *auth.Actor) ([]string, bool) {
	switch {
	case auth.Can(a, auth.ActProgrammeManage):
		return nil, true
	case auth.Can(a, auth.ActProgrammeRun) && a.ProvinceCode != "":
		return []string{a.ProvinceCode}, false
	}
	return nil, false
}

func (s *Service) setupAudit(ctx context.Context, tx Store, now time.Time, action, kind string, id any, before, after any) error {
	return tx.AddAudit(ctx, audit.New(ctx, now, action, kind, fmt.Sprint(id), before, after))
}

// Programme returns the programme 2021–2030 (public: its name, basis and
// period are published).
func (s *Service) Programme(ctx context.Context) (*Programme, error) {
	return s.store.FindProgramme(ctx, TheProgramme)
}

// Targets returns the programme's targets, in Metrics order then by year
// (0, the whole period, first). Officers only.
func (s *Service) Targets(ctx context.Context) ([]Target, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	if !auth.Can(a, auth.ActProgrammeView) {
		return nil, fault.New(fault.Forbidden, "Chỉ cán bộ quản lý chương trình được xem chỉ tiêu.", "Only the programme's officers may see its targets.")
	}
	ts, err := s.store.FindTargets(ctx, TheProgramme)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(ts, func(x, y Target) int {
		if d := slices.Index(Metrics, x.Metric) - slices.Index(Metrics, y.Metric); d != 0 {
			return d
		}
		return x.Year - y.Year
	})
	return ts, nil
}

// errTargetConflict is a target changed (or created) by someone else since
// the officer read it.
var errTargetConflict = fault.New(fault.Conflict,
	"Chỉ tiêu vừa được người khác thay đổi. Vui lòng tải lại trang, xem giá trị mới rồi sửa lại.",
	"Someone else changed this target meanwhile. Please reload the page, review their value and edit again.")

// targetExists is the error of a new target for a (metric, year) that has
// one: it is changed on its own row, at the version read there.
func targetExists(t *Target) error {
	return fault.New(fault.Conflict, "Đã có chỉ tiêu này cho năm đã chọn.", "There is already this target for the chosen year.").
		Field("year", "Đã có chỉ tiêu cho năm này (giá trị "+vn.Decimal(t.Value, -1)+"); hãy sửa ở dòng của nó trong bảng.",
			"There is already a target for this year (value "+vn.Decimal(t.Value, -1)+"); change it on its row in the table.")
}

// SaveTarget sets the target of a metric for a year (0 = the whole
// period), audited with before and after. A new target has in.Version 0;
// a change of an existing one carries the version read, and is refused
// (fault.Conflict) if someone else changed the target since — as is a
// "new" target for a (metric, year) that has one. ActProgrammeManage.
func (s *Service) SaveTarget(ctx context.Context, in TargetInput) (*Target, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	if !auth.Can(a, auth.ActProgrammeManage) {
		return nil, errTargetsDenied
	}
	p, err := s.store.FindProgramme(ctx, TheProgramme)
	if err != nil {
		return nil, err
	}
	if err := in.Check(p); err != nil {
		return nil, err
	}
	now := s.now()
	var out *Target
	err = s.store.Tx(ctx, func(tx Store) error {
		ts, err := tx.FindTargets(ctx, p.ID)
		if err != nil {
			return err
		}
		var before *Target
		for i := range ts {
			if ts[i].Metric == in.Metric && ts[i].Year == in.Year {
				before = &ts[i]
			}
		}
		t := &Target{ProgrammeID: p.ID, Metric: in.Metric, Year: in.Year, Value: in.Value, Note: in.Note, UpdatedBy: a.UserID, UpdatedAt: now}
		switch {
		case before == nil && in.Version != 0:
			// The version of a target that is not there: not one the
			// officer read.
			return errTargetConflict
		case before == nil:
			if err := tx.CreateTarget(ctx, t); err != nil {
				if fault.Is(err, fault.Conflict) {
					return errTargetConflict
				}
				return err
			}
		case in.Version == 0:
			return targetExists(before)
		case in.Version != before.Version:
			return errTargetConflict
		default:
			t.ID, t.Version = before.ID, in.Version
			if err := tx.UpdateTarget(ctx, t); err != nil {
				if fault.Is(err, fault.Conflict) {
					return errTargetConflict
				}
				return err
			}
		}
		out = t
		return s.setupAudit(ctx, tx, now, "programme.target.save", "programme_target", t.ID, before, t)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Plans returns the plans an officer sees: the ministry's and those of
// their scope (every one for the ministry), of a year (0 = all).
func (s *Service) Plans(ctx context.Context, year int) ([]*Plan, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	if !auth.Can(a, auth.ActProgrammeView) {
		return nil, fault.New(fault.Forbidden, "Chỉ cán bộ quản lý chương trình được xem kế hoạch.", "Only the programme's officers may see the plans.")
	}
	f := PlanFilter{ProgrammeID: TheProgramme, Year: year}
	if !auth.Can(a, auth.ActProgrammeManage) {
		f.Provinces = []string{"", a.ProvinceCode}
	}
	return s.store.FindPlans(ctx, f)
}

// Plan returns a plan the actor may see (NotFound otherwise).
func (s *Service) Plan(ctx context.Context, id PlanID) (*Plan, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	p, err := s.store.FindPlanByID(ctx, id)
	if fault.Is(err, fault.NotFound) || err == nil && !maySeePlan(a, p.ProvinceCode) {
		return nil, errPlanNotFound
	}
	return p, err
}

// MayRun reports whether the actor in ctx may create or change a plan or
// call of province prov ("" = the ministry's), for the pages' buttons.
func (s *Service) MayRun(ctx context.Context, prov string) bool {
	return mayRun(auth.ActorFrom(ctx), prov)
}

func planDenied() error {
	return fault.New(fault.Forbidden, "Kế hoạch của Bộ do cán bộ Bộ lập; kế hoạch của tỉnh do cán bộ tỉnh đó lập.",
		"The ministry's plans are for ministry officers; a province's plan for that province's officers.")
}

// duplicatePlan is the field error of a second plan for a (year, unit):
// it names the existing plan, which the pages link.
func duplicatePlan(p *Plan) error {
	return fault.New(fault.Invalid, "Đã có kế hoạch cho năm và đơn vị này.", "There is already a plan for this year and unit.").
		Field("year", fmt.Sprintf("Đã có kế hoạch năm %d cho đơn vị này (kế hoạch số %d).", p.Year, p.ID),
			fmt.Sprintf("There is already a %d plan for this unit (plan no. %d).", p.Year, p.ID))
}

// CreatePlan creates a draft plan. A provincial officer's plan is of their
// province.
func (s *Service) CreatePlan(ctx context.Context, in PlanInput) (*Plan, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	if !auth.Can(a, auth.ActProgrammeRun) {
		return nil, planDenied()
	}
	if a.Role == auth.RoleProvince {
		in.ProvinceCode = a.ProvinceCode
	}
	prog, err := s.store.FindProgramme(ctx, TheProgramme)
	if err != nil {
		return nil, err
	}
	if err := in.Check(prog); err != nil {
		return nil, err
	}
	if in.ProvinceCode != "" {
		if _, ok := s.geo.Province(in.ProvinceCode); !ok {
			return nil, fault.New(fault.Invalid, "Tỉnh/thành không hợp lệ.", "Not a valid province.").Field("province_code", "Tỉnh/thành không hợp lệ.", "Not a valid province.")
		}
	}
	if !mayRun(a, in.ProvinceCode) {
		return nil, planDenied()
	}
	now := s.now()
	p := &Plan{ProgrammeID: prog.ID, Year: in.Year, ProvinceCode: in.ProvinceCode, Title: in.Title, Notes: in.Notes,
		Lines: in.Lines, Status: PlanDraft, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
	err = s.store.Tx(ctx, func(tx Store) error {
		old, err := tx.FindPlanFor(ctx, prog.ID, in.Year, in.ProvinceCode)
		switch {
		case err == nil:
			return duplicatePlan(old)
		case !fault.Is(err, fault.NotFound):
			return err
		}
		if err := tx.CreatePlan(ctx, p); err != nil {
			return err
		}
		return s.setupAudit(ctx, tx, now, "programme.plan.create", "programme_plan", p.ID, nil, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// writablePlan reads plan id for a change by a: visible, runnable by a,
// still a draft, at version.
func (s *Service) writablePlan(ctx context.Context, tx Store, a *auth.Actor, id PlanID, version int) (*Plan, error) {
	p, err := tx.FindPlanByID(ctx, id)
	if fault.Is(err, fault.NotFound) || err == nil && !maySeePlan(a, p.ProvinceCode) {
		return nil, errPlanNotFound
	}
	if err != nil {
		return nil, err
	}
	if !mayRun(a, p.ProvinceCode) {
		return nil, planDenied()
	}
	if p.Version != version {
		return nil, errPlanConflict
	}
	if p.Status != PlanDraft {
		return nil, fault.New(fault.Conflict, "Kế hoạch đã được phê duyệt nên không sửa được nữa.", "The plan is approved and can no longer be changed.")
	}
	return p, nil
}

// UpdatePlan changes a draft plan's title, notes and lines (year and unit
// stay), if version is still the plan's.
func (s *Service) UpdatePlan(ctx context.Context, id PlanID, version int, in PlanInput) (*Plan, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	prog, err := s.store.FindProgramme(ctx, TheProgramme)
	if err != nil {
		return nil, err
	}
	var out *Plan
	now := s.now()
	err = s.store.Tx(ctx, func(tx Store) error {
		p, err := s.writablePlan(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		in.Year, in.ProvinceCode = p.Year, p.ProvinceCode
		if err := in.Check(prog); err != nil {
			return err
		}
		after := *p
		after.Title, after.Notes, after.Lines, after.UpdatedAt = in.Title, in.Notes, in.Lines, now
		if err := tx.UpdatePlan(ctx, &after); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errPlanConflict
			}
			return err
		}
		out = &after
		return s.setupAudit(ctx, tx, now, "programme.plan.update", "programme_plan", p.ID, p, &after)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ApprovePlan records the plan's approval decision; its lines are frozen
// from then on.
func (s *Service) ApprovePlan(ctx context.Context, id PlanID, version int, in ApproveInput) (*Plan, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	now := s.now()
	var out *Plan
	err := s.store.Tx(ctx, func(tx Store) error {
		p, err := s.writablePlan(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		date, err := in.Check(now)
		if err != nil {
			return err
		}
		after := *p
		after.Status, after.DecisionNo, after.DecisionDate, after.UpdatedAt = PlanApproved, in.DecisionNo, date, now
		if err := tx.UpdatePlan(ctx, &after); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errPlanConflict
			}
			return err
		}
		out = &after
		return s.setupAudit(ctx, tx, now, "programme.plan.approve", "programme_plan", p.ID, p, &after)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CallQuery is what a visitor filters the calls by.
type CallQuery struct {
	Track    Track
	Type     ActivityType
	Province string
	Status   CallStatus
}

// Calls returns the calls a visitor sees: open and closed ones to
// everyone, drafts to the officers who run them; open first (nearest
// deadline first), then drafts, then closed.
func (s *Service) Calls(ctx context.Context, q CallQuery) ([]*Call, error) {
	a := auth.ActorFrom(ctx)
	f := CallFilter{Track: q.Track, Type: q.Type, Province: q.Province}
	f.DraftScope, f.AllDrafts = draftScope(a)
	switch q.Status {
	case CallOpen, CallClosed:
		f.Statuses = []CallStatus{q.Status}
	case CallDraft:
		if f.DraftScope == nil && !f.AllDrafts {
			return nil, nil
		}
		f.Statuses = []CallStatus{CallDraft}
	}
	return s.store.FindCalls(ctx, f)
}

// Call returns a call the actor may see: open and closed calls are
// public; a draft only to the officers who run it; NotFound otherwise.
func (s *Service) Call(ctx context.Context, id CallID) (*Call, error) {
	c, err := s.store.FindCallByID(ctx, id)
	if fault.Is(err, fault.NotFound) || err == nil && !maySeeCall(auth.ActorFrom(ctx), c) {
		return nil, errCallNotFound
	}
	return c, err
}

// OpenCalls returns the calls that accept proposals at now (open, opened,
// deadline not passed), nearest deadline first. Public.
func (s *Service) OpenCalls(ctx context.Context, now time.Time) ([]*Call, error) {
	cs, err := s.store.FindCalls(ctx, CallFilter{Statuses: []CallStatus{CallOpen}})
	if err != nil {
		return nil, err
	}
	out := cs[:0]
	for _, c := range cs {
		if c.AcceptsAt(now) {
			out = append(out, c)
		}
	}
	return out, nil
}

// settingsReader reads a registry setting in force on a date
// (*registry.Service does).
type settingsReader interface {
	SettingOn(ctx context.Context, key registry.SettingKey, on time.Time) (*registry.Setting, error)
}

// CallRules returns the eligibility rules of c's track in force on its
// opening date, with the setting they come from; nil for the capacity
// track, which has none. The rules of a published call are public, so they
// are read as the system for anonymous visitors too.
func (s *Service) CallRules(ctx context.Context, c *Call) (*registry.TrackRules, *registry.Setting, error) {
	tr, ok := c.Track.Eligibility()
	if !ok {
		return nil, nil, nil
	}
	key, _ := tr.SettingKey()
	sr, ok := s.reg.(settingsReader)
	if !ok {
		return nil, nil, nil
	}
	set, err := sr.SettingOn(auth.SystemContext(ctx), key, c.OpensAt)
	if err != nil {
		return nil, nil, err
	}
	rules, err := registry.ParseTrackRules(set.Value)
	if err != nil {
		return nil, nil, fault.Internalf("programme: setting %s (id %d) does not parse: %v", key, set.ID, err)
	}
	return &rules, set, nil
}

func callDenied() error {
	return fault.New(fault.Forbidden, "Đợt kêu gọi của Bộ do cán bộ Bộ quản lý; đợt của tỉnh do cán bộ tỉnh đó quản lý.",
		"The ministry's calls are run by ministry officers; a province's calls by that province's officers.")
}

func knownIndustry(c string) bool { return c != "" && registry.Industry(c).Valid() }

func (s *Service) knownProvince(c string) bool { _, ok := s.geo.Province(c); return ok }

// CreateCall creates a draft call. A provincial officer's call is of their
// province and open to it only.
func (s *Service) CreateCall(ctx context.Context, in CallInput) (*Call, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	if !auth.Can(a, auth.ActProgrammeRun) {
		return nil, callDenied()
	}
	if a.Role == auth.RoleProvince {
		in.ProvinceCode = a.ProvinceCode
	}
	if err := in.Check(knownIndustry, s.knownProvince); err != nil {
		return nil, err
	}
	if !mayRun(a, in.ProvinceCode) {
		return nil, callDenied()
	}
	now := s.now()
	c := &Call{ProgrammeID: TheProgramme, ProvinceCode: in.ProvinceCode, Code: in.Code, Title: in.Title, Description: in.Description,
		Track: in.Track, Types: in.Types, Industries: in.Industries, Provinces: in.Provinces, MaxStateBudget: in.MaxStateBudget,
		OpensAt: in.OpensAt, Deadline: in.Deadline, Status: CallDraft, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
	err := s.store.Tx(ctx, func(tx Store) error {
		if err := uniqueCode(ctx, tx, c.Code, 0); err != nil {
			return err
		}
		if err := tx.CreateCall(ctx, c); err != nil {
			return err
		}
		return s.setupAudit(ctx, tx, now, "programme.call.create", "programme_call", c.ID, nil, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func uniqueCode(ctx context.Context, tx Store, code string, self CallID) error {
	old, err := tx.FindCallByCode(ctx, code)
	switch {
	case err == nil && old.ID != self:
		return fault.New(fault.Invalid, "Mã đợt đã được dùng.", "This code is already used.").
			Field("code", "Mã "+code+" đã được dùng cho đợt “"+old.Title+"”.", "The code "+code+" is already used by “"+old.Title+"”.")
	case err != nil && !fault.Is(err, fault.NotFound):
		return err
	}
	return nil
}

// writableCall reads call id for a change by a: visible, runnable by a, at
// version.
func (s *Service) writableCall(ctx context.Context, tx Store, a *auth.Actor, id CallID, version int) (*Call, error) {
	c, err := tx.FindCallByID(ctx, id)
	if fault.Is(err, fault.NotFound) || err == nil && !maySeeCall(a, c) {
		return nil, errCallNotFound
	}
	if err != nil {
		return nil, err
	}
	if !mayRun(a, c.ProvinceCode) {
		return nil, callDenied()
	}
	if c.Version != version {
		return nil, errCallConflict
	}
	return c, nil
}

// UpdateCall changes a call. A draft changes freely (its unit stays); once
// open, only the description and a later deadline may change, so that
// proposals already made stay under the rules they were made under; a
// closed call does not change.
func (s *Service) UpdateCall(ctx context.Context, id CallID, version int, in CallInput) (*Call, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	var out *Call
	now := s.now()
	err := s.store.Tx(ctx, func(tx Store) error {
		c, err := s.writableCall(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		after := *c
		switch c.Status {
		case CallClosed:
			return fault.New(fault.Conflict, "Đợt đã đóng nên không sửa được nữa.", "The call is closed and can no longer be changed.")
		case CallOpen:
			if err := openCallChange(c, &in); err != nil {
				return err
			}
			after.Description, after.Deadline = in.Description, in.Deadline
		default:
			in.ProvinceCode = c.ProvinceCode
			if err := in.Check(knownIndustry, s.knownProvince); err != nil {
				return err
			}
			if err := uniqueCode(ctx, tx, in.Code, c.ID); err != nil {
				return err
			}
			after.Code, after.Title, after.Description, after.Track, after.Types = in.Code, in.Title, in.Description, in.Track, in.Types
			after.Industries, after.Provinces, after.MaxStateBudget = in.Industries, in.Provinces, in.MaxStateBudget
			after.OpensAt, after.Deadline = in.OpensAt, in.Deadline
		}
		after.UpdatedAt = now
		if err := tx.UpdateCall(ctx, &after); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errCallConflict
			}
			return err
		}
		out = &after
		return s.setupAudit(ctx, tx, now, "programme.call.update", "programme_call", c.ID, c, &after)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// openCallChange checks the change of an open call: the description, and
// the deadline extended (never brought forward).
func openCallChange(c *Call, in *CallInput) error {
	probe := CallInput{Code: c.Code, Title: c.Title, Description: in.Description, Track: c.Track, Types: c.Types,
		OpensAt: c.OpensAt, Deadline: in.Deadline}
	if err := probe.Check(func(string) bool { return true }, func(string) bool { return true }); err != nil {
		return err
	}
	in.Description = probe.Description
	if in.Deadline.Before(c.Deadline) {
		return fault.New(fault.Invalid, "Đợt đang mở chỉ được gia hạn.", "An open call's deadline may only be extended.").
			Field("deadline", "Đợt đang mở chỉ được gia hạn, không được rút ngắn hạn nộp.", "An open call's deadline may be extended, never brought forward.")
	}
	return nil
}

// OpenCall publishes a draft call; it takes proposals from its opening
// date. The deadline must still be ahead.
func (s *Service) OpenCall(ctx context.Context, id CallID, version int) (*Call, error) {
	return s.moveCall(ctx, id, version, CallDraft, CallOpen, "programme.call.open")
}

// CloseCall closes an open call: it takes no more proposals.
func (s *Service) CloseCall(ctx context.Context, id CallID, version int) (*Call, error) {
	return s.moveCall(ctx, id, version, CallOpen, CallClosed, "programme.call.close")
}

func (s *Service) moveCall(ctx context.Context, id CallID, version int, from, to CallStatus, action string) (*Call, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	var out *Call
	now := s.now()
	err := s.store.Tx(ctx, func(tx Store) error {
		c, err := s.writableCall(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		if c.Status != from {
			return fault.New(fault.Conflict, "Không thể chuyển đợt từ trạng thái "+CallStatusLabel(c.Status).Vi+" sang "+CallStatusLabel(to).Vi+".",
				"The call cannot move from "+CallStatusLabel(c.Status).En+" to "+CallStatusLabel(to).En+".")
		}
		if to == CallOpen && !c.Deadline.After(now) {
			return fault.New(fault.Invalid, "Hạn nộp đã qua; gia hạn trước khi mở đợt.", "The deadline has passed; move it before opening the call.").
				Field("deadline", "Hạn nộp đã qua.", "The deadline has passed.")
		}
		after := *c
		after.Status, after.UpdatedAt = to, now
		if err := tx.UpdateCall(ctx, &after); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errCallConflict
			}
			return err
		}
		out = &after
		return s.setupAudit(ctx, tx, now, action, "programme_call", c.ID, c, &after)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CallStatusLabel names a call's status.
func CallStatusLabel(st CallStatus) fault.Text {
	switch st {
	case CallDraft:
		return text("bản nháp", "draft")
	case CallOpen:
		return text("đang mở", "open")
	case CallClosed:
		return text("đã đóng", "closed")
	}
	return text(string(st), string(st))
}

// PlanStatusLabel names a plan's status.
func PlanStatusLabel(st PlanStatus) fault.Text {
	if st == PlanApproved {
		return text("đã phê duyệt", "approved")
	}
	return text("bản nháp", "draft")
}

// CallNow is the service's clock, for the calls' countdowns and whether a
// call accepts proposals now (tests set the clock).
func (s *Service) CallNow() time.Time { return s.now() }
