package programme

import (
	"context"
	"fmt"
	"slices"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
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

// PlanStatusLabel names a plan's status.
func PlanStatusLabel(st PlanStatus) fault.Text {
	if st == PlanApproved {
		return text("đã phê duyệt", "approved")
	}
	return text("bản nháp", "draft")
}
