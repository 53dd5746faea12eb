package programme

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// ReplicationInput is what an enterprise records when it applied a pilot
// model: the pilot, the node of the diffusion tree it learnt from (0: the
// pilot itself), when, which of the pilot's tools, and its own results.
type ReplicationInput struct {
	PilotID      ActivityID
	EnterpriseID int64 // 0: the actor's own; another is refused
	SourceID     ReplicationID
	AppliedOn    string // dd/mm/yyyy or yyyy-mm-dd
	Tools        []string
	Description  string
	KPIs         []ReplicationKPI
}

var toolCodeRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// resCanSeeRep reports whether a sees r: its enterprise, and officers of
// the replicating firm's province or of the pilot's.
func resCanSeeRep(a *auth.Actor, r *ReplicationRecord) bool {
	if a.IsAnonymous() {
		return false
	}
	if a.Role == auth.RoleEnterprise {
		return a.EnterpriseID != 0 && a.EnterpriseID == r.EnterpriseID
	}
	return mayAct(a, auth.ActProgrammeView, r.ProvinceCode) ||
		r.PilotProvince != "" && mayAct(a, auth.ActProgrammeView, r.PilotProvince)
}

// Replication returns a replication to those who may see it (404 for
// anyone else).
func (s *Service) Replication(ctx context.Context, id ReplicationID) (*ReplicationResult, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	r, err := s.store.FindReplication(ctx, id)
	if err != nil {
		if fault.Is(err, fault.NotFound) {
			return nil, errRepNotFound
		}
		return nil, err
	}
	if !resCanSeeRep(a, r) {
		return nil, errRepNotFound
	}
	defs, err := s.store.FindKPIs(ctx)
	if err != nil {
		return nil, err
	}
	rs := replicationResults([]ReplicationRecord{*r}, kpiMap(defs))
	return &rs[0], nil
}

// CanConfirm reports whether the actor may confirm r.
func (s *Service) CanConfirm(ctx context.Context, r *ReplicationRecord) bool {
	return r.Status == ReplicationReported && mayAct(auth.ActorFrom(ctx), auth.ActProgrammeRun, r.ProvinceCode)
}

// CanEditReplication reports whether the actor may edit r.
func (s *Service) CanEditReplication(ctx context.Context, r *ReplicationRecord) bool {
	a := auth.ActorFrom(ctx)
	return r.Status == ReplicationReported && a.EnterpriseID != 0 && a.EnterpriseID == r.EnterpriseID &&
		auth.Allowed(a, auth.ActReplicationRecord, auth.Scope{EnterpriseID: r.EnterpriseID})
}

// Replications lists replications: an enterprise user its own, a
// provincial officer those of firms of the province, the ministry any (f
// narrows). Others may not.
func (s *Service) Replications(ctx context.Context, f ReplicationFilter) ([]ReplicationResult, int, error) {
	a := auth.ActorFrom(ctx)
	switch {
	case a.IsAnonymous():
		return nil, 0, errSignIn
	case auth.Can(a, auth.ActReplicationRecord):
		f.EnterpriseID = a.EnterpriseID
	case auth.Can(a, auth.ActProgrammeManage):
	case auth.Can(a, auth.ActProgrammeView):
		f.Province = a.ProvinceCode
	default:
		return nil, 0, fault.New(fault.Forbidden, "Bạn không xem được các bản ghi nhân rộng.", "You may not see replications.")
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	f.Offset = max(f.Offset, 0)
	reps, total, err := s.store.ListReplications(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	defs, err := s.store.FindKPIs(ctx)
	if err != nil {
		return nil, 0, err
	}
	return replicationResults(reps, kpiMap(defs)), total, nil
}

// ReplicablePilot returns a pilot model the actor's enterprise may record
// a replication of, with the nodes it may have learnt from.
func (s *Service) ReplicablePilot(ctx context.Context, id ActivityID, lang string) (*PilotSummary, []*TreeNode, error) {
	a := auth.ActorFrom(ctx)
	if err := resRecorder(a); err != nil {
		return nil, nil, err
	}
	ps, _, err := s.store.ListPilots(ctx, PilotFilter{ID: id, Limit: 1})
	if err != nil {
		return nil, nil, err
	}
	if len(ps) == 0 {
		return nil, nil, errPilotNotFound
	}
	reps, _, err := s.store.ListReplications(ctx, ReplicationFilter{PilotID: id})
	if err != nil {
		return nil, nil, err
	}
	sources := []*TreeNode{{Name: ps[0].EnterpriseName}}
	for _, r := range reps {
		// An unconfirmed firm is not named, nor placed (province, date): the
		// id alone lets the form name it as a source.
		if r.Status == ReplicationConfirmed || r.EnterpriseID == a.EnterpriseID {
			sources = append(sources, &TreeNode{ID: r.ID, Name: r.EnterpriseName, Province: r.ProvinceCode, AppliedOn: r.AppliedOn})
		} else {
			sources = append(sources, &TreeNode{ID: r.ID, Name: OtherFirm.In(lang)})
		}
	}
	return &ps[0], sources, nil
}

func resRecorder(a *auth.Actor) error {
	if a.IsAnonymous() {
		return errSignIn
	}
	if !auth.Can(a, auth.ActReplicationRecord) || a.EnterpriseID == 0 {
		return fault.New(fault.Forbidden, "Chỉ tài khoản doanh nghiệp được ghi nhận áp dụng mô hình điểm.",
			"Only enterprise accounts record that they applied a pilot model.")
	}
	return nil
}

// checkReplication validates in against the pilot and the catalogue and
// fills r; pilot is the supported pilot model, reps its replications.
func (s *Service) checkReplication(ctx context.Context, in ReplicationInput, pilot *Activity, r *ReplicationRecord) error {
	f := fault.Fields{}
	// The tree's parent: the pilot itself or one of its replications, never
	// the record itself (no cycle: a node only hangs under an older one).
	if in.SourceID != 0 {
		src, err := s.store.FindReplication(ctx, in.SourceID)
		// One message whether the record does not exist or belongs to
		// another pilot: the answer must not tell which ids exist.
		switch {
		case err != nil && !fault.Is(err, fault.NotFound):
			return err
		case err != nil || src.PilotID != pilot.ID:
			f.Add("source", "Chọn doanh nghiệp đã học theo trong danh sách của mô hình điểm này.",
				"Choose the enterprise you learnt from in this pilot model's list.")
		case r.ID != 0 && src.ID >= r.ID:
			f.Add("source", "Chỉ chọn được doanh nghiệp đã ghi nhận trước bạn.", "Choose an enterprise that recorded before you.")
		}
	}
	r.SourceID = in.SourceID
	day, err := vn.ParseDate(in.AppliedOn)
	if strings.TrimSpace(in.AppliedOn) == "" {
		f.Add("applied_on", "Nhập ngày áp dụng (dd/mm/yyyy).", "Enter the date applied (dd/mm/yyyy).")
	} else if err != nil {
		f.Add("applied_on", "Ngày áp dụng không hợp lệ, nhập theo dạng dd/mm/yyyy.", "The date is not valid; use dd/mm/yyyy.")
	} else {
		today := s.now().In(vn.Zone).Format("2006-01-02")
		d := day.Format("2006-01-02")
		start := pilot.ContractDate
		if start == "" {
			start = pilot.CreatedAt.In(vn.Zone).Format("2006-01-02")
		}
		switch {
		case d > today:
			f.Add("applied_on", "Ngày áp dụng không được sau hôm nay.", "The date applied cannot be in the future.")
		case d < start:
			f.Add("applied_on", "Ngày áp dụng không được trước ngày bắt đầu mô hình điểm ("+resDay(start)+").",
				"The date applied cannot be before the pilot model started ("+resDay(start)+").")
		}
		r.AppliedOn = d
	}
	r.Tools = nil
	seen := map[string]bool{}
	for _, t := range in.Tools {
		t = strings.TrimSpace(t)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		if !toolCodeRe.MatchString(t) || len(pilot.Tools) > 0 && !slices.Contains(pilot.Tools, t) {
			f.Add("tools", "Chỉ chọn công cụ của mô hình điểm.", "Choose among the pilot model's tools.")
			break
		}
		r.Tools = append(r.Tools, t)
	}
	if len(r.Tools) == 0 && f["tools"].Vi == "" {
		f.Add("tools", "Chọn ít nhất một công cụ đã áp dụng.", "Choose at least one tool you applied.")
	} else if len(r.Tools) > MaxRepTools {
		f.Add("tools", fmt.Sprintf("Tối đa %d công cụ.", MaxRepTools), fmt.Sprintf("At most %d tools.", MaxRepTools))
	}
	r.Description = vn.NFC(in.Description)
	if utf8.RuneCountInString(r.Description) > MaxRepDescription {
		f.Add("description", fmt.Sprintf("Mô tả tối đa %d ký tự.", MaxRepDescription), fmt.Sprintf("At most %d characters.", MaxRepDescription))
	}
	defs, err := s.store.FindKPIs(ctx)
	if err != nil {
		return err
	}
	dm := kpiMap(defs)
	r.KPIs = nil
	used := map[string]bool{}
	for i, k := range in.KPIs {
		field := fmt.Sprintf("kpi.%d", i)
		d, ok := dm[k.Code]
		switch {
		case !ok:
			f.Add(field+".code", "Chọn KPI trong danh mục.", "Choose a KPI of the catalogue.")
			continue
		case d.Hidden:
			f.Add(field+".code", d.Name.Vi+" đã bị ẩn khỏi danh mục.", d.Name.En+" is hidden from the catalogue.")
			continue
		case used[k.Code]:
			f.Add(field+".code", d.Name.Vi+" đã được nhập ở trên.", d.Name.En+" is already entered above.")
			continue
		}
		used[k.Code] = true
		// A worse actual than baseline is a result, not an error; only
		// values the unit cannot take are refused.
		okB := d.CheckValue(f, field+".baseline", k.Baseline)
		okA := d.CheckValue(f, field+".actual", k.Actual)
		if okB && okA {
			r.KPIs = append(r.KPIs, k)
		}
	}
	if len(in.KPIs) == 0 {
		f.Add("kpis", "Nhập ít nhất một KPI với số liệu nền và kết quả.", "Enter at least one KPI with its baseline and result.")
	} else if len(in.KPIs) > MaxRepKPIs {
		f.Add("kpis", fmt.Sprintf("Tối đa %d KPI.", MaxRepKPIs), fmt.Sprintf("At most %d KPIs.", MaxRepKPIs))
	}
	return f.Err()
}

func resDay(d string) string {
	t, err := vn.ParseDate(d)
	if err != nil {
		return d
	}
	return vn.Date(t)
}

// supportedPilot returns the pilot model id if it is one that may be
// replicated (contract signed or later), else a field error.
func (s *Service) supportedPilot(ctx context.Context, id ActivityID) (*Activity, error) {
	bad := fault.New(fault.Invalid, "Chọn một mô hình điểm đang thực hiện hoặc đã kết thúc.",
		"Choose a pilot model that is running or finished.").
		Field("pilot", "Chọn một mô hình điểm đang thực hiện hoặc đã kết thúc.", "Choose a pilot model that is running or finished.")
	if id <= 0 {
		return nil, bad
	}
	p, err := s.store.FindActivityByID(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, bad
	}
	if err != nil {
		return nil, err
	}
	if p.Type != TypePilotModel || !p.Status.Supported() {
		return nil, bad
	}
	return p, nil
}

// RecordReplication records that the actor's enterprise applied a pilot
// model. Province, industry and size class are the enterprise's at
// recording (its latest figures), for the spread.
func (s *Service) RecordReplication(ctx context.Context, in ReplicationInput) (*ReplicationRecord, error) {
	a := auth.ActorFrom(ctx)
	if err := resRecorder(a); err != nil {
		return nil, err
	}
	if in.EnterpriseID != 0 && in.EnterpriseID != a.EnterpriseID {
		return nil, fault.New(fault.Forbidden, "Bạn chỉ ghi nhận được cho doanh nghiệp của mình.", "You may record only for your own enterprise.")
	}
	pilot, err := s.supportedPilot(ctx, in.PilotID)
	if err != nil {
		return nil, err
	}
	if pilot.EnterpriseID == a.EnterpriseID {
		return nil, fault.New(fault.Invalid, "Doanh nghiệp không thể ghi nhận nhân rộng mô hình điểm của chính mình.",
			"An enterprise cannot record a replication of its own pilot model.").
			Field("pilot", "Đây là mô hình điểm của doanh nghiệp bạn.", "This is your own enterprise's pilot model.")
	}
	e, err := s.reg.FindEnterpriseByID(ctx, registry.EnterpriseID(a.EnterpriseID))
	if err != nil {
		return nil, err
	}
	now := s.now()
	r := &ReplicationRecord{Replication: Replication{PilotID: pilot.ID, EnterpriseID: a.EnterpriseID,
		ProvinceCode: e.ProvinceCode, Industry: string(e.Industry), SizeClass: string(e.SizeClass),
		Status: ReplicationReported, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now, EnterpriseName: e.Name},
		PilotTitle: pilot.Title, PilotEnterprise: pilot.ProposerName, PilotProvince: pilot.ProvinceCode}
	if err := s.checkReplication(ctx, in, pilot, r); err != nil {
		return nil, err
	}
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateReplication(ctx, r); err != nil {
			if fault.Is(err, fault.Conflict) {
				msg := fault.Text{Vi: "Doanh nghiệp của bạn đã ghi nhận áp dụng mô hình điểm này; hãy sửa bản ghi đã có.",
					En: "Your enterprise already recorded applying this pilot model; edit the existing record."}
				return fault.New(fault.Conflict, msg.Vi, msg.En).Field("pilot", msg.Vi, msg.En)
			}
			return err
		}
		return s.resAudit(ctx, tx, "programme.replication.create", "replication", r.ID, nil, r)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// UpdateReplication rewrites the actor's own replication while it is not
// yet confirmed; version is the one read (a stale one is refused).
func (s *Service) UpdateReplication(ctx context.Context, id ReplicationID, version int, in ReplicationInput) (*ReplicationRecord, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	var out *ReplicationRecord
	err := s.store.Tx(ctx, func(tx Store) error {
		r, err := tx.FindReplication(ctx, id)
		if err != nil {
			if fault.Is(err, fault.NotFound) {
				return errRepNotFound
			}
			return err
		}
		if !resCanSeeRep(a, r) {
			return errRepNotFound
		}
		if !s.CanEditReplication(ctx, r) {
			if r.Status != ReplicationReported {
				return fault.New(fault.Invalid, "Bản ghi đã được xác nhận, không sửa được nữa.", "The record is confirmed and can no longer be edited.")
			}
			return fault.New(fault.Forbidden, "Chỉ doanh nghiệp đã ghi nhận được sửa bản ghi này.", "Only the enterprise that recorded it may edit it.")
		}
		pilot, err := tx.FindActivityByID(ctx, r.PilotID)
		if err != nil {
			return err
		}
		before := *r
		r.Version = version
		r.UpdatedAt = s.now()
		ts := &Service{store: tx, now: s.now}
		if err := ts.checkReplication(ctx, in, pilot, r); err != nil {
			return err
		}
		if err := tx.UpdateReplication(ctx, r); err != nil {
			return err
		}
		out = r
		return s.resAudit(ctx, tx, "programme.replication.update", "replication", r.ID, before, r)
	})
	return out, err
}

// ConfirmReplication is an officer of the replicating firm's province (the
// ministry: any) confirming a reported replication; version is the one
// read.
func (s *Service) ConfirmReplication(ctx context.Context, id ReplicationID, version int) (*ReplicationRecord, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	var out *ReplicationRecord
	err := s.store.Tx(ctx, func(tx Store) error {
		r, err := tx.FindReplication(ctx, id)
		if err != nil {
			if fault.Is(err, fault.NotFound) {
				return errRepNotFound
			}
			return err
		}
		if !resCanSeeRep(a, r) {
			return errRepNotFound
		}
		if !mayAct(a, auth.ActProgrammeRun, r.ProvinceCode) {
			return fault.New(fault.Forbidden, "Chỉ cán bộ của tỉnh nơi doanh nghiệp hoạt động (hoặc của Bộ) được xác nhận.",
				"Only officers of the enterprise's province (or the ministry) may confirm.")
		}
		if r.Status != ReplicationReported {
			return fault.New(fault.Invalid, "Bản ghi đã được xác nhận.", "The record is already confirmed.")
		}
		before := *r
		now := s.now()
		if err := tx.ConfirmReplication(ctx, id, version, now); err != nil {
			return err
		}
		r.Status, r.Version, r.UpdatedAt = ReplicationConfirmed, version+1, now
		out = r
		return s.resAudit(ctx, tx, "programme.replication.confirm", "replication", r.ID, before, r)
	})
	return out, err
}
