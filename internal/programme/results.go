package programme

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// ResultStore keeps the KPI catalogue and the replications of pilot models
// (sqldb/programme_results.go).
type ResultStore interface {
	// CreateKPI inserts a custom KPI; a code taken is fault.Conflict.
	CreateKPI(ctx context.Context, k *KPIDef) error
	// UpdateKPI writes the names and the hidden flag of a KPI.
	UpdateKPI(ctx context.Context, k *KPIDef) error
	// DeleteKPI removes a KPI no activity or replication uses.
	DeleteKPI(ctx context.Context, code string) error
	// KPIUses counts the activities and replications that use a KPI.
	KPIUses(ctx context.Context, code string) (int, error)

	// ListPilots returns the pilot models of f (supported ones: contract
	// signed or later) with their replication counts, newest first.
	ListPilots(ctx context.Context, f PilotFilter) ([]PilotSummary, int, error)

	// CreateReplication inserts r with its KPIs (ID, Version 1 set); a
	// second replication of the same pilot by the same enterprise is
	// fault.Conflict.
	CreateReplication(ctx context.Context, r *ReplicationRecord) error
	// UpdateReplication rewrites r's own fields and KPIs if its version is
	// still r.Version (then bumped), else fault.Conflict.
	UpdateReplication(ctx context.Context, r *ReplicationRecord) error
	// ConfirmReplication marks a reported replication confirmed if its
	// version is still version, else fault.Conflict.
	ConfirmReplication(ctx context.Context, id ReplicationID, version int, at time.Time) error
	// FindReplication returns a replication with its KPIs, the names of its
	// enterprise and pilot.
	FindReplication(ctx context.Context, id ReplicationID) (*ReplicationRecord, error)
	// ListReplications returns the replications of f, newest first, with
	// their KPIs.
	ListReplications(ctx context.Context, f ReplicationFilter) ([]ReplicationRecord, int, error)

	// FindSpread measures the spread of the pilot models, for one province or
	// (province "") the whole country.
	FindSpread(ctx context.Context, province string) (*SpreadFigures, error)
	// PilotNames returns the titles of the pilots ids and the current names
	// of their enterprises.
	PilotNames(ctx context.Context, ids []ActivityID) (map[ActivityID]PilotName, error)
}

// ReplicationRecord is a replication as the pages and the API show it:
// with its optimistic lock and the names of the pilot it applied.
type ReplicationRecord struct {
	Replication
	Version         int    `json:"version" doc:"Khóa lạc quan: gửi lại giá trị đã đọc (optimistic lock: send back the value read)"`
	PilotTitle      string `json:"pilot_title"`
	PilotEnterprise string `json:"pilot_enterprise"`
	PilotProvince   string `json:"pilot_province"`
}

// PilotFilter selects pilot models. Empty fields do not restrict.
type PilotFilter struct {
	Tool     string
	Industry string
	Province string
	ID       ActivityID // one pilot
	Offset   int
	Limit    int
}

// PilotSummary is a pilot model in the public list.
type PilotSummary struct {
	ID             ActivityID `json:"id"`
	Title          string     `json:"title"`
	Summary        string     `json:"summary"`
	EnterpriseID   int64      `json:"enterprise_id"`
	EnterpriseName string     `json:"enterprise_name"`
	ProvinceCode   string     `json:"province_code"`
	Industry       string     `json:"industry"`
	Tools          []string   `json:"tools"`
	Status         Status     `json:"status"`
	Year           int        `json:"year"`
	ContractDate   string     `json:"contract_date" doc:"yyyy-mm-dd"`
	CreatedAt      time.Time  `json:"created_at"`
	Replications   int        `json:"replications"`
}

// ReplicationFilter selects replications. Empty fields do not restrict.
type ReplicationFilter struct {
	EnterpriseID int64
	Province     string // the replicating firm's province
	PilotID      ActivityID
	Status       ReplicationStatus
	Offset       int
	Limit        int // 0: all
}

// Limits of the inputs.
const (
	MaxKPIName        = 200
	MaxRepDescription = 4000
	MaxRepKPIs        = 20
	MaxRepTools       = 20
)

var kpiCodeRe = regexp.MustCompile(`^[a-z][a-z0-9_]{2,39}$`)

var (
	errKPINotFound     = fault.New(fault.NotFound, "Không tìm thấy chỉ số KPI.", "KPI not found.")
	errRepNotFound     = fault.New(fault.NotFound, "Không tìm thấy bản ghi nhân rộng.", "Replication not found.")
	errPilotNotFound   = fault.New(fault.NotFound, "Không tìm thấy mô hình điểm.", "Pilot model not found.")
	errResultsNotFound = fault.New(fault.NotFound, "Không tìm thấy nhiệm vụ.", "Activity not found.")
)

func (s *Service) resAudit(ctx context.Context, tx Store, action, kind string, id any, before, after any) error {
	return tx.AddAudit(ctx, audit.New(ctx, s.now(), action, kind, fmt.Sprint(id), before, after))
}

// --- the KPI catalogue ---

// KPIs returns the catalogue (hidden ones too). It is public: proposers
// and replicating firms choose from it, and the public pilot pages name
// their KPIs.
func (s *Service) KPIs(ctx context.Context) ([]KPIDef, error) {
	return s.store.FindKPIs(ctx)
}

// KPIInput is a custom KPI to add, or the names to change.
type KPIInput struct {
	Code      string
	NameVi    string
	NameEn    string
	Unit      Unit
	Direction Direction
}

func resManage(ctx context.Context) error {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return errSignIn
	}
	if !auth.Can(a, auth.ActProgrammeManage) {
		return fault.New(fault.Forbidden, "Chỉ cán bộ Bộ được quản lý danh mục KPI.", "Only ministry officers manage the KPI catalogue.")
	}
	return nil
}

func checkKPINames(f fault.Fields, vi, en string) {
	if vi == "" {
		f.Add("name_vi", "Nhập tên tiếng Việt.", "Enter the Vietnamese name.")
	} else if utf8.RuneCountInString(vi) > MaxKPIName {
		f.Add("name_vi", fmt.Sprintf("Tên tối đa %d ký tự.", MaxKPIName), fmt.Sprintf("At most %d characters.", MaxKPIName))
	}
	if en == "" {
		f.Add("name_en", "Nhập tên tiếng Anh.", "Enter the English name.")
	} else if utf8.RuneCountInString(en) > MaxKPIName {
		f.Add("name_en", fmt.Sprintf("Tên tối đa %d ký tự.", MaxKPIName), fmt.Sprintf("At most %d characters.", MaxKPIName))
	}
}

// AddKPI adds a custom KPI to the catalogue.
func (s *Service) AddKPI(ctx context.Context, in KPIInput) (*KPIDef, error) {
	if err := resManage(ctx); err != nil {
		return nil, err
	}
	k := &KPIDef{Code: strings.TrimSpace(in.Code), Name: fault.Text{Vi: vn.NFC(in.NameVi), En: vn.NFC(in.NameEn)},
		Unit: in.Unit, Direction: in.Direction, CreatedAt: s.now()}
	f := fault.Fields{}
	if !kpiCodeRe.MatchString(k.Code) {
		f.Add("code", "Mã gồm 3–40 ký tự a–z, 0–9, dấu gạch dưới, bắt đầu bằng chữ cái (ví dụ scrap_rate).",
			"The code is 3–40 characters a–z, 0–9 or underscore, starting with a letter (e.g. scrap_rate).")
	}
	checkKPINames(f, k.Name.Vi, k.Name.En)
	if !k.Unit.Valid() {
		f.Add("unit", "Chọn đơn vị.", "Choose a unit.")
	}
	if k.Direction != Up && k.Direction != Down {
		f.Add("direction", "Chọn chiều cải thiện.", "Choose the direction of improvement.")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err := s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateKPI(ctx, k); err != nil {
			if fault.Is(err, fault.Conflict) {
				return fault.New(fault.Conflict, "Mã KPI này đã có trong danh mục.", "This KPI code is already in the catalogue.").
					Field("code", "Mã KPI này đã có trong danh mục.", "This KPI code is already in the catalogue.")
			}
			return err
		}
		return s.resAudit(ctx, tx, "programme.kpi.create", "kpi", k.Code, nil, k)
	})
	if err != nil {
		return nil, err
	}
	return k, nil
}

func (s *Service) findKPI(ctx context.Context, code string) (*KPIDef, error) {
	ks, err := s.store.FindKPIs(ctx)
	if err != nil {
		return nil, err
	}
	for i := range ks {
		if ks[i].Code == code {
			return &ks[i], nil
		}
	}
	return nil, errKPINotFound
}

// RenameKPI changes the names of a KPI (builtin ones too: wording may be
// improved; the code, unit and direction stay, as results depend on them).
func (s *Service) RenameKPI(ctx context.Context, code, nameVi, nameEn string) (*KPIDef, error) {
	if err := resManage(ctx); err != nil {
		return nil, err
	}
	f := fault.Fields{}
	nameVi, nameEn = vn.NFC(nameVi), vn.NFC(nameEn)
	checkKPINames(f, nameVi, nameEn)
	if err := f.Err(); err != nil {
		return nil, err
	}
	return s.changeKPI(ctx, code, "programme.kpi.rename", func(k *KPIDef) { k.Name = fault.Text{Vi: nameVi, En: nameEn} })
}

// HideKPI hides (or shows again) a KPI: hidden ones are not offered to new
// proposals and replications; results already recorded keep them.
func (s *Service) HideKPI(ctx context.Context, code string, hidden bool) (*KPIDef, error) {
	if err := resManage(ctx); err != nil {
		return nil, err
	}
	return s.changeKPI(ctx, code, "programme.kpi.hide", func(k *KPIDef) { k.Hidden = hidden })
}

func (s *Service) changeKPI(ctx context.Context, code, action string, change func(*KPIDef)) (*KPIDef, error) {
	var out *KPIDef
	err := s.store.Tx(ctx, func(tx Store) error {
		k, err := (&Service{store: tx}).findKPI(ctx, code)
		if err != nil {
			return err
		}
		before := *k
		change(k)
		if err := tx.UpdateKPI(ctx, k); err != nil {
			return err
		}
		out = k
		return s.resAudit(ctx, tx, action, "kpi", code, before, k)
	})
	return out, err
}

// DeleteKPI removes a custom KPI nobody uses; a builtin or used one can
// only be hidden.
func (s *Service) DeleteKPI(ctx context.Context, code string) error {
	if err := resManage(ctx); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx Store) error {
		k, err := (&Service{store: tx}).findKPI(ctx, code)
		if err != nil {
			return err
		}
		if k.Builtin {
			return fault.New(fault.Invalid, "KPI có sẵn của chương trình không thể xóa, chỉ có thể ẩn.",
				"A KPI shipped with the programme cannot be deleted, only hidden.")
		}
		n, err := tx.KPIUses(ctx, code)
		if err != nil {
			return err
		}
		if n > 0 {
			return fault.New(fault.Invalid, fmt.Sprintf("KPI đang được %d nhiệm vụ hoặc bản ghi nhân rộng sử dụng nên không thể xóa; hãy ẩn KPI.", n),
				fmt.Sprintf("%d activities or replications use this KPI, so it cannot be deleted; hide it instead.", n))
		}
		if err := tx.DeleteKPI(ctx, code); err != nil {
			return err
		}
		return s.resAudit(ctx, tx, "programme.kpi.delete", "kpi", code, k, nil)
	})
}

// --- improvement ---

// KPIOutcome is one KPI of an activity with its improvement.
type KPIOutcome struct {
	ActivityKPI
	Def         KPIDef   `json:"def"`
	Improvement *float64 `json:"improvement,omitempty" doc:"%, dương là tốt hơn; trống khi chưa có số thực tế hoặc số liệu nền bằng 0"`
	Reached     bool     `json:"reached" doc:"Đạt mục tiêu (target reached)"`
	Verified    bool     `json:"verified"`
}

// kpiResult computes the improvement of k (nil without an actual value or
// with a zero baseline) and whether its target is reached.
func kpiResult(d KPIDef, k ActivityKPI) KPIOutcome {
	r := KPIOutcome{ActivityKPI: k, Def: d, Verified: k.VerifiedAt != nil}
	if k.Actual == nil {
		return r
	}
	if p, ok := Improvement(d.Direction, k.Baseline, *k.Actual); ok {
		r.Improvement = &p
	}
	if d.Direction == Down {
		r.Reached = *k.Actual <= k.Target
	} else {
		r.Reached = *k.Actual >= k.Target
	}
	return r
}

// RepKPIResult is one KPI of a replication with its improvement.
type RepKPIResult struct {
	ReplicationKPI
	Def         KPIDef   `json:"def"`
	Improvement *float64 `json:"improvement,omitempty"`
}

// Quantile is the p-quantile (0 ≤ p ≤ 1) of sorted by linear interpolation
// between closest ranks (the method of spreadsheets' PERCENTILE.INC); NaN
// for an empty slice.
func Quantile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	h := float64(len(sorted)-1) * p
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	// Weighted sum rather than a + w(b−a): b−a overflows for huge values of
	// opposite signs.
	w := h - float64(lo)
	return sorted[lo]*(1-w) + sorted[lo+1]*w
}

// Median is the median of xs (not necessarily sorted); false when empty.
func Median(xs []float64) (float64, bool) {
	if len(xs) == 0 {
		return 0, false
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return Quantile(s, 0.5), true
}

// Overall is the median of the improvements given (nil and non-finite
// ones skipped: JSON cannot carry them); nil when none has one.
func Overall(imps []*float64) *float64 {
	var xs []float64
	for _, p := range imps {
		if p != nil && !math.IsNaN(*p) && !math.IsInf(*p, 0) {
			xs = append(xs, *p)
		}
	}
	m, ok := Median(xs)
	if !ok {
		return nil
	}
	return &m
}

// --- results of an activity ---

// ActivityResults is the results tab of an activity.
type ActivityResults struct {
	Activity     *Activity           `json:"activity"`
	KPIs         []KPIOutcome        `json:"kpis"`
	Overall      *float64            `json:"overall,omitempty" doc:"Trung vị cải thiện các KPI, % (median improvement)"`
	Replications []ReplicationResult `json:"replications,omitempty" doc:"Mô hình điểm: các doanh nghiệp đã áp dụng mà người xem được biết (pilot model: the replications the viewer may know)"`
	Others       int                 `json:"others,omitempty" doc:"Số bản ghi chưa xác nhận của doanh nghiệp khác, không nêu chi tiết (unconfirmed replications of other firms, counted only)"`
	Tree         *TreeNode           `json:"tree,omitempty" doc:"Cây lan tỏa; các nút không được nêu tên được gộp (the diffusion tree; unnamed nodes folded)"`
	CanReplicate bool                `json:"can_replicate"`
}

// ReplicationResult is a replication with its KPI improvements.
type ReplicationResult struct {
	ReplicationRecord
	Results []RepKPIResult `json:"results"`
	Overall *float64       `json:"overall,omitempty"`
}

// resCanSeeActivity reports whether a sees the results of act: officers of
// its scope (the province that decides it, or its own province), its
// proposer and its assigned verifier.
func resCanSeeActivity(a *auth.Actor, act *Activity) bool {
	if a.IsAnonymous() {
		return false
	}
	if mayAct(a, auth.ActProgrammeView, act.CallProvince) ||
		act.ProvinceCode != "" && mayAct(a, auth.ActProgrammeView, act.ProvinceCode) {
		return true
	}
	if act.EnterpriseID != 0 && auth.Allowed(a, auth.ActProposalSubmit, auth.Scope{EnterpriseID: act.EnterpriseID}) && a.EnterpriseID == act.EnterpriseID {
		return true
	}
	if act.CreatedBy != 0 && act.CreatedBy == a.UserID {
		return true
	}
	return act.VerifierID != 0 && act.VerifierID == a.UserID
}

func kpiMap(ks []KPIDef) map[string]KPIDef {
	m := make(map[string]KPIDef, len(ks))
	for _, k := range ks {
		m[k.Code] = k
	}
	return m
}

// Results returns the results of an activity to those who may see it (404
// for anyone else): its KPIs with improvements and, for a pilot model, its
// replications. A viewer who may not see a replication (the pilot's own
// enterprise, its verifier) learns of an unconfirmed one no more than the
// public does: it is only counted, and folded in the tree.
func (s *Service) Results(ctx context.Context, id ActivityID, lang string) (*ActivityResults, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	act, err := s.store.FindActivityByID(ctx, id)
	if err != nil {
		if fault.Is(err, fault.NotFound) {
			return nil, errResultsNotFound
		}
		return nil, err
	}
	if !resCanSeeActivity(a, act) || !(act.Status.Supported() || act.Type == TypePilotModel && act.Status.Committed()) {
		return nil, errResultsNotFound
	}
	defs, err := s.store.FindKPIs(ctx)
	if err != nil {
		return nil, err
	}
	dm := kpiMap(defs)
	out := &ActivityResults{Activity: act}
	var imps []*float64
	for _, k := range act.KPIs {
		r := kpiResult(dm[k.Code], k)
		out.KPIs = append(out.KPIs, r)
		imps = append(imps, r.Improvement)
	}
	out.Overall = Overall(imps)
	if act.Type == TypePilotModel {
		reps, _, err := s.store.ListReplications(ctx, ReplicationFilter{PilotID: act.ID})
		if err != nil {
			return nil, err
		}
		var shown []ReplicationRecord
		for i := range reps {
			if repNamed(a, &reps[i]) {
				shown = append(shown, reps[i])
			} else {
				out.Others++
			}
		}
		out.Replications = replicationResults(shown, dm)
		out.Tree = BuildTree(&TreeNode{Name: act.ProposerName, Province: act.ProvinceCode}, reps, func(r *ReplicationRecord) (string, bool) {
			return r.EnterpriseName, repNamed(a, r)
		}, lang)
		out.CanReplicate = act.Status.Supported() && auth.Can(a, auth.ActReplicationRecord) && a.EnterpriseID != act.EnterpriseID
	}
	return out, nil
}

// repNamed reports whether a may know who made r: anyone once an officer
// confirmed it, before that only those who may open the record.
func repNamed(a *auth.Actor, r *ReplicationRecord) bool {
	return r.Status == ReplicationConfirmed || resCanSeeRep(a, r)
}

func replicationResults(reps []ReplicationRecord, dm map[string]KPIDef) []ReplicationResult {
	out := make([]ReplicationResult, 0, len(reps))
	for _, r := range reps {
		rr := ReplicationResult{ReplicationRecord: r}
		var imps []*float64
		for _, k := range r.KPIs {
			x := RepKPIResult{ReplicationKPI: k, Def: dm[k.Code]}
			if p, ok := Improvement(x.Def.Direction, k.Baseline, k.Actual); ok {
				x.Improvement = &p
			}
			rr.Results = append(rr.Results, x)
			imps = append(imps, x.Improvement)
		}
		rr.Overall = Overall(imps)
		out = append(out, rr)
	}
	return out
}
