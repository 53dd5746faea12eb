package programme

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// The execution use cases: contract, progress reports with evidence, the
// officer's decision on each, disbursements against accepted milestones,
// the final report, its verification and the closure. Who decides an
// activity is the officer of its call's scope (decides, core.go); the proposer and
// the assigned verifier act on their part; anyone else is told the
// activity does not exist.

var (
	errExecNotFound = fault.New(fault.NotFound, "Không tìm thấy nhiệm vụ.", "Activity not found.")
	errExecStale    = fault.New(fault.Conflict, "Nhiệm vụ vừa được người khác cập nhật. Vui lòng tải lại trang để xem thay đổi rồi thực hiện lại.",
		"Someone else has just updated this activity. Please reload the page to see the change, then try again.")
)

func execForbidden(vi, en string) error { return fault.New(fault.Forbidden, vi, en) }

// execRole works out how the actor stands to a; NotFound when not at all,
// or when the activity has not been approved (no execution yet).
func (s *Service) execRole(ctx context.Context, st Store, a *Activity) (*auth.Actor, ExecRole, error) {
	actor := auth.ActorFrom(ctx)
	if actor.IsAnonymous() {
		return nil, ExecRole{}, errSignIn
	}
	var r ExecRole
	r.Officer = decides(actor, a)
	if !r.Officer && a.ProvinceCode != "" && actor.Role != auth.RoleEnterprise {
		r.Viewer = auth.Allowed(actor, auth.ActProgrammeView, auth.Scope{ProvinceCode: a.ProvinceCode})
	}
	switch actor.Role {
	case auth.RoleEnterprise:
		r.Proposer = a.EnterpriseID != 0 && actor.EnterpriseID == a.EnterpriseID
	case auth.RoleExpert:
		if a.OrganisationID != 0 {
			p, err := st.FindPerson(ctx, actor.UserID)
			if err != nil && !fault.Is(err, fault.NotFound) {
				return nil, r, err
			}
			r.Proposer = err == nil && p.OrganisationID == a.OrganisationID
		}
	}
	r.Verifier = a.VerifierID != 0 && actor.UserID == a.VerifierID
	if !r.Officer && !r.Viewer && !r.Proposer && !r.Verifier || !a.Status.Committed() {
		return nil, r, errExecNotFound
	}
	return actor, r, nil
}

// loadExec reads activity id and the actor's role in it.
func (s *Service) loadExec(ctx context.Context, st Store, id ActivityID) (*Activity, *auth.Actor, ExecRole, error) {
	a, err := st.FindActivityByID(ctx, id)
	if err != nil {
		if fault.Is(err, fault.NotFound) {
			return nil, nil, ExecRole{}, errExecNotFound
		}
		return nil, nil, ExecRole{}, err
	}
	actor, r, err := s.execRole(ctx, st, a)
	if err != nil {
		return nil, nil, r, err
	}
	return a, actor, r, nil
}

// execCheckVersion refuses a write based on a stale read before any work.
func execCheckVersion(a *Activity, version int) error {
	if version != a.Version {
		return errExecStale
	}
	return nil
}

func (s *Service) execAudit(ctx context.Context, tx Store, now time.Time, action string, id ActivityID, before, after any) error {
	return tx.AddAudit(ctx, audit.New(ctx, now, action, "activity", fmt.Sprint(int64(id)), before, after))
}

// execMove makes the transition of a to to by party, with its event, from
// version: the caller has set the other columns on a.
func (s *Service) execMove(ctx context.Context, tx Store, actor *auth.Actor, a *Activity, to Status, by Party, version int, note string, now time.Time) error {
	from := a.Status
	if !CanMove(from, to, by) {
		return fault.New(fault.Conflict, "Không thể chuyển nhiệm vụ từ “"+from.Label().Vi+"” sang “"+to.Label().Vi+"”.",
			"The activity cannot move from “"+from.Label().En+"” to “"+to.Label().En+"”.")
	}
	a.Status = to
	if err := tx.UpdateExecution(ctx, a, version); err != nil {
		return err
	}
	return tx.AddExecutionEvent(ctx, &Event{ActivityID: a.ID, From: from, To: to, ActorID: actor.UserID, ActorEmail: actor.Email, Note: note, At: now})
}

// FindExecution returns the execution of activity id to its deciding
// officers, officers of its province, its proposer and its verifier.
func (s *Service) FindExecution(ctx context.Context, id ActivityID) (*Execution, error) {
	a, _, r, err := s.loadExec(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	x := &Execution{Activity: a, Role: r}
	if x.Milestones, err = s.store.FindMilestones(ctx, id); err != nil {
		return nil, err
	}
	if x.Disbursements, err = s.store.FindDisbursements(ctx, id); err != nil {
		return nil, err
	}
	if x.Evidence, err = s.store.FindEvidence(ctx, id); err != nil {
		return nil, err
	}
	if x.KPIDefs, err = s.store.FindKPIs(ctx); err != nil {
		return nil, err
	}
	if x.KPINotes, err = s.store.FindKPINotes(ctx, id); err != nil {
		return nil, err
	}
	if x.Events, err = s.store.FindExecutionEvents(ctx, id); err != nil {
		return nil, err
	}
	for _, e := range x.Events {
		if e.To == StatusEvaluating {
			x.FinalSummary = e.Note
		}
	}
	if a.VerifierID != 0 {
		if x.Verifier, err = s.store.FindPerson(ctx, a.VerifierID); err != nil && !fault.Is(err, fault.NotFound) {
			return nil, err
		}
	}
	return x, nil
}

// EvidenceFile returns an evidence file to whoever sees the execution.
func (s *Service) EvidenceFile(ctx context.Context, id ActivityID, file FileID) (*File, error) {
	if _, _, _, err := s.loadExec(ctx, s.store, id); err != nil {
		return nil, err
	}
	f, err := s.store.FindEvidenceFile(ctx, id, file)
	if fault.Is(err, fault.NotFound) {
		return nil, fault.New(fault.NotFound, "Không tìm thấy tệp.", "File not found.")
	}
	return f, err
}

// VerifierCandidates lists the assessor and expert users an officer may
// pick from (the conflicts are checked when one is assigned).
func (s *Service) VerifierCandidates(ctx context.Context, id ActivityID) ([]Person, error) {
	_, _, r, err := s.loadExec(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	if !r.Officer {
		return nil, nil
	}
	return s.store.FindVerifierCandidates(ctx)
}

// SignContract records the contract of an approved activity and its
// milestones (CheckContract) and starts it: approved → in_progress.
func (s *Service) SignContract(ctx context.Context, id ActivityID, version int, in ContractInput) (*Activity, error) {
	var out *Activity
	err := s.store.Tx(ctx, func(tx Store) error {
		a, actor, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Officer {
			return execForbidden("Chỉ cán bộ quản lý đợt kêu gọi được ký hợp đồng.", "Only an officer of the call may sign the contract.")
		}
		date, ms, err := CheckContract(in, a.ApprovedBudget, a.DecisionDate, s.now().In(vn.Zone).Format(time.DateOnly))
		if err != nil {
			return err
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		before := *a
		a.ContractNo, a.ContractDate = vn.NFC(in.No), date
		if err := s.execMove(ctx, tx, actor, a, StatusInProgress, PartyOfficer, version, "", now); err != nil {
			return err
		}
		for i := range ms {
			ms[i].ActivityID = a.ID
		}
		if err := tx.CreateMilestones(ctx, ms); err != nil {
			return err
		}
		out = a
		return s.execAudit(ctx, tx, now, "activity.contract", a.ID, &before, struct {
			*Activity
			Milestones []Milestone `json:"milestones"`
		}{a, ms})
	})
	if err != nil {
		return nil, err
	}
	s.execNotifyProposer(ctx, out, "Hợp đồng đã được ký / The contract is signed",
		"Hợp đồng số "+out.ContractNo+" của nhiệm vụ “"+out.Title+"” đã được ký; nhiệm vụ bắt đầu thực hiện theo các mốc.\n"+
			"Contract no. "+out.ContractNo+" of the activity “"+out.Title+"” is signed; the activity runs by its milestones.")
	return out, nil
}

// EvidenceUpload is a file as received.
type EvidenceUpload struct {
	Name string
	Data []byte
}

// execEvidenceTypes are the content types evidence may have, by what
// http.DetectContentType finds: XLSX and DOCX are ZIP files, told apart
// by their extension.
var execEvidenceTypes = map[string]string{
	".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

// execSniff returns the content type of an evidence file, or false
// when it is not a PDF, JPG, PNG, XLSX or DOCX (by content, not by name).
func execSniff(u EvidenceUpload) (string, bool) {
	ext := strings.ToLower(filepath.Ext(u.Name))
	want, ok := execEvidenceTypes[ext]
	if !ok {
		return "", false
	}
	got := http.DetectContentType(u.Data)
	switch ext {
	case ".xlsx", ".docx":
		return want, got == "application/zip"
	}
	return want, got == want
}

// ReportInput is a progress report as typed.
type ReportInput struct {
	Progress int              `json:"progress_pct"`
	Report   string           `json:"report"`
	Files    []EvidenceUpload `json:"-"`
}

// ReportMilestone records the proposer's progress report on a milestone
// not yet reported (or sent back), with its evidence.
func (s *Service) ReportMilestone(ctx context.Context, id ActivityID, mid MilestoneID, version int, in ReportInput) (*Milestone, error) {
	f := fault.Fields{}
	report := vn.NFC(in.Report)
	if in.Progress < 0 || in.Progress > 100 {
		f.Add("progress", "Tiến độ từ 0 đến 100%.", "The progress is 0 to 100%.")
	}
	if report == "" {
		f.Add("report", "Vui lòng nhập nội dung báo cáo.", "Please write the report.")
	} else if utf8.RuneCountInString(report) > MaxReportLen {
		f.Add("report", "Báo cáo tối đa 5000 ký tự.", "The report has at most 5000 characters.")
	}
	if len(in.Files) == 0 {
		// The issue asks for progress reports and evidence: a report
		// without any proof cannot be checked by the officer.
		f.Add("files", "Vui lòng đính kèm ít nhất một tệp minh chứng.", "Please attach at least one evidence file.")
	}
	if len(in.Files) > MaxEvidenceFiles {
		f.Add("files", "Tối đa 5 tệp minh chứng mỗi lần.", "At most 5 evidence files at a time.")
	}
	var files []File
	for _, u := range in.Files {
		name := vn.NFC(filepath.Base(u.Name))
		switch ct, ok := execSniff(u); {
		case len(u.Data) == 0:
			f.Add("files", "Tệp “"+name+"” rỗng.", "The file “"+name+"” is empty.")
		case len(u.Data) > MaxEvidenceBytes:
			f.Add("files", "Tệp “"+name+"” vượt quá 10 MB.", "The file “"+name+"” is over 10 MB.")
		case !ok:
			f.Add("files", "Tệp “"+name+"” không phải PDF, JPG, PNG, XLSX hay DOCX.", "The file “"+name+"” is not a PDF, JPG, PNG, XLSX or DOCX.")
		default:
			files = append(files, File{Name: name, ContentType: ct, Size: int64(len(u.Data)), Data: u.Data})
		}
	}
	var out *Milestone
	var act *Activity
	err := s.store.Tx(ctx, func(tx Store) error {
		a, actor, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Proposer {
			return execForbidden("Chỉ đơn vị thực hiện được báo cáo tiến độ.", "Only the proposer may report progress.")
		}
		if err := f.Err(); err != nil {
			return err
		}
		if a.Status != StatusInProgress {
			return fault.New(fault.Conflict, "Chỉ báo cáo tiến độ khi nhiệm vụ đang thực hiện.", "Progress is reported while the activity is in progress.")
		}
		m, err := execMilestone(ctx, tx, id, mid)
		if err != nil {
			return err
		}
		if m.Status != MilestonePlanned && m.Status != MilestoneRejected {
			return fault.New(fault.Conflict, "Mốc này đã được báo cáo.", "This milestone is already reported.")
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		if _, err := tx.TouchActivity(ctx, a.ID, version, now); err != nil {
			return err
		}
		before := *m
		from := m.Status
		m.Status, m.ProgressPct, m.Report, m.ReportedBy, m.ReportedAt = MilestoneReported, in.Progress, report, actor.UserID, &now
		m.DecidedBy, m.DecidedAt = 0, nil
		if err := tx.UpdateMilestone(ctx, m, from); err != nil {
			return err
		}
		for i := range files {
			files[i].ActivityID, files[i].MilestoneID, files[i].UploadedBy, files[i].UploadedAt = a.ID, m.ID, actor.UserID, now
			if err := tx.AddEvidence(ctx, &files[i]); err != nil {
				return err
			}
		}
		out, act = m, a
		return s.execAudit(ctx, tx, now, "activity.milestone.report", a.ID, &before, struct {
			*Milestone
			Files []File `json:"files"`
		}{m, files})
	})
	if err != nil {
		return nil, err
	}
	s.execNotifyCallOwner(ctx, act, "Báo cáo tiến độ mới / New progress report",
		fmt.Sprintf("Nhiệm vụ “%s” đã báo cáo mốc %d (%d%%).\nThe activity “%s” reported milestone %d (%d%%).", act.Title, out.Seq, out.ProgressPct, act.Title, out.Seq, out.ProgressPct))
	return out, nil
}

func execMilestone(ctx context.Context, st Store, id ActivityID, mid MilestoneID) (*Milestone, error) {
	ms, err := st.FindMilestones(ctx, id)
	if err != nil {
		return nil, err
	}
	for i := range ms {
		if ms[i].ID == mid {
			return &ms[i], nil
		}
	}
	return nil, fault.New(fault.NotFound, "Không tìm thấy mốc.", "Milestone not found.")
}

// DecideMilestone accepts a reported milestone or sends it back with a
// note (the officer who decides the activity).
func (s *Service) DecideMilestone(ctx context.Context, id ActivityID, mid MilestoneID, version int, accept bool, note string) (*Milestone, error) {
	note = vn.NFC(note)
	var out *Milestone
	var act *Activity
	err := s.store.Tx(ctx, func(tx Store) error {
		a, actor, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Officer {
			return execForbidden("Chỉ cán bộ quản lý nhiệm vụ được nghiệm thu mốc.", "Only the activity's officer may decide on a milestone.")
		}
		if !accept && note == "" {
			return fault.Fields{"note": text("Vui lòng ghi lý do trả lại.", "Please give the reason for sending it back.")}.Err()
		}
		if utf8.RuneCountInString(note) > MaxNoteLen {
			return fault.Fields{"note": text("Ghi chú tối đa 2000 ký tự.", "The note has at most 2000 characters.")}.Err()
		}
		m, err := execMilestone(ctx, tx, id, mid)
		if err != nil {
			return err
		}
		if m.Status != MilestoneReported {
			return fault.New(fault.Conflict, "Mốc này chưa được báo cáo hoặc đã được xử lý.", "This milestone is not reported or already decided.")
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		if _, err := tx.TouchActivity(ctx, a.ID, version, now); err != nil {
			return err
		}
		before := *m
		m.Status = MilestoneAccepted
		if !accept {
			m.Status = MilestoneRejected
		}
		m.DecidedBy, m.DecidedAt, m.DecisionNote = actor.UserID, &now, note
		if err := tx.UpdateMilestone(ctx, m, MilestoneReported); err != nil {
			return err
		}
		out, act = m, a
		return s.execAudit(ctx, tx, now, "activity.milestone.decide", a.ID, &before, m)
	})
	if err != nil {
		return nil, err
	}
	verdict := "được chấp nhận / was accepted"
	if out.Status == MilestoneRejected {
		verdict = "bị trả lại / was sent back: " + out.DecisionNote
	}
	s.execNotifyProposer(ctx, act, "Kết quả nghiệm thu mốc / Milestone decision",
		fmt.Sprintf("Báo cáo mốc %d của nhiệm vụ “%s” (milestone %d) %s", out.Seq, act.Title, out.Seq, verdict))
	return out, nil
}

// DisbursementInput is a disbursement as typed.
type DisbursementInput struct {
	MilestoneID MilestoneID `json:"milestone_id"`
	Amount      int64       `json:"amount" doc:"đồng"`
	PaidOn      string      `json:"paid_on" doc:"dd/mm/yyyy hoặc yyyy-mm-dd"`
	Reference   string      `json:"reference" doc:"Số ủy nhiệm chi (payment order no.)"`
}

// Disburse records a payment of state budget against an accepted
// milestone: the milestone's disbursements stay within its planned
// amount and the activity's within its approved budget (refused with the
// amount remaining). The store's conditional update keeps two concurrent
// payments from passing the budget.
func (s *Service) Disburse(ctx context.Context, id ActivityID, version int, in DisbursementInput) (*Disbursement, error) {
	f := fault.Fields{}
	ref := vn.NFC(in.Reference)
	if in.MilestoneID <= 0 {
		f.Add("milestone", "Vui lòng chọn mốc.", "Please choose the milestone.")
	}
	if in.Amount <= 0 || in.Amount > MaxAmount {
		f.Add("amount", "Số tiền phải lớn hơn 0.", "The amount must be more than 0.")
	}
	paid, err := vn.ParseDate(in.PaidOn)
	if err != nil {
		f.Add("paid_on", "Ngày chi không hợp lệ (dd/mm/yyyy).", "The payment date is not valid (dd/mm/yyyy).")
	} else if paid.Format(time.DateOnly) > s.now().In(vn.Zone).Format(time.DateOnly) {
		// A payment is recorded once made: a future date is a typing error.
		f.Add("paid_on", "Ngày chi không được sau hôm nay.", "The payment date cannot be in the future.")
	}
	if ref == "" {
		f.Add("reference", "Vui lòng nhập số chứng từ (ủy nhiệm chi).", "Please enter the payment reference.")
	} else if utf8.RuneCountInString(ref) > MaxRefLen {
		f.Add("reference", "Số chứng từ quá dài.", "The reference is too long.")
	}
	var out *Disbursement
	err = s.store.Tx(ctx, func(tx Store) error {
		a, actor, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Officer {
			return execForbidden("Chỉ cán bộ quản lý nhiệm vụ được giải ngân.", "Only the activity's officer may disburse.")
		}
		if err := f.Err(); err != nil {
			return err
		}
		if a.Status != StatusInProgress && a.Status != StatusEvaluating {
			return fault.New(fault.Conflict, "Chỉ giải ngân khi nhiệm vụ đang thực hiện hoặc nghiệm thu.", "Disbursements are made while the activity runs or is evaluated.")
		}
		m, err := execMilestone(ctx, tx, id, in.MilestoneID)
		if err != nil {
			return fault.Fields{"milestone": text("Không tìm thấy mốc.", "Milestone not found.")}.Err()
		}
		if m.Status != MilestoneAccepted {
			return fault.Fields{"milestone": text("Chỉ giải ngân cho mốc đã được nghiệm thu.", "Only an accepted milestone can be paid.")}.Err()
		}
		if paid.Format(time.DateOnly) < a.ContractDate {
			return fault.Fields{"paid_on": text("Ngày chi phải từ ngày ký hợp đồng.", "The payment date cannot be before the contract.")}.Err()
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		d := &Disbursement{ActivityID: a.ID, MilestoneID: m.ID, Amount: in.Amount, PaidOn: paid.Format(time.DateOnly), Reference: ref,
			CreatedBy: actor.UserID, CreatedAt: now}
		if _, err := tx.AddDisbursement(ctx, d, version); err != nil {
			return s.explainOver(ctx, tx, err, a, m)
		}
		out = d
		return s.execAudit(ctx, tx, now, "activity.disburse", a.ID, nil, d)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// explainOver turns the store's refusal into a message with the amount
// still available.
func (s *Service) explainOver(ctx context.Context, tx Store, err error, a *Activity, m *Milestone) error {
	switch err {
	case ErrOverBudget:
		fresh, ferr := tx.FindActivityByID(ctx, a.ID)
		if ferr != nil {
			return ferr
		}
		left := max(fresh.ApprovedBudget-fresh.Disbursed, 0)
		return fault.Fields{"amount": text("Vượt ngân sách được duyệt; còn lại có thể giải ngân: "+vn.Money(left)+".",
			"Beyond the approved budget; still available: "+vn.Money(left)+".")}.Err()
	case ErrOverMilestone:
		ds, ferr := tx.FindDisbursements(ctx, a.ID)
		if ferr != nil {
			return ferr
		}
		var paid int64
		for _, d := range ds {
			if d.MilestoneID == m.ID {
				paid += d.Amount
			}
		}
		left := max(m.StateAmount-paid, 0)
		return fault.Fields{"amount": text(fmt.Sprintf("Vượt mức giải ngân của mốc %d; còn lại: %s.", m.Seq, vn.Money(left)),
			fmt.Sprintf("Beyond milestone %d's planned amount; still available: %s.", m.Seq, vn.Money(left)))}.Err()
	}
	return err
}

// FinalInput is the final report as typed: the actual value of each KPI
// (by code, as typed) and a summary.
type FinalInput struct {
	Actuals map[string]string `json:"actuals" doc:"Giá trị thực tế theo mã KPI (actual value by KPI code), e.g. {\"oee\":\"72,5\"}"`
	Summary string            `json:"summary"`
}

// execActuals checks the typed values of a's KPIs against their units;
// field names kpi.CODE.
func execActuals(a *Activity, defs []KPIDef, typed map[string]string, f fault.Fields) map[string]float64 {
	out := map[string]float64{}
	for _, k := range a.KPIs {
		field := "kpi." + k.Code
		def := KPIDef{Code: k.Code, Name: text(k.Code, k.Code), Unit: UnitCount}
		if i := slices.IndexFunc(defs, func(d KPIDef) bool { return d.Code == k.Code }); i >= 0 {
			def = defs[i]
		}
		raw := strings.TrimSpace(typed[k.Code])
		if raw == "" {
			f.Add(field, def.Name.Vi+": vui lòng nhập giá trị thực tế.", def.Name.En+": please enter the actual value.")
			continue
		}
		v, err := vn.ParseDecimal(raw)
		if errors.Is(err, vn.ErrAmbiguous) {
			f.Add(field, def.Name.Vi+": “"+raw+"” không rõ. Dùng dấu phẩy cho phần thập phân hoặc viết số không có dấu chấm, ví dụ 1500 hoặc 12,5.",
				def.Name.En+": “"+raw+"” is ambiguous. Use a comma for decimals or write the number without dots, e.g. 1500 or 12,5.")
			continue
		}
		if err != nil {
			f.Add(field, def.Name.Vi+": “"+raw+"” không phải là số.", def.Name.En+": “"+raw+"” is not a number.")
			continue
		}
		if def.CheckValue(f, field, v) {
			out[k.Code] = v
		}
	}
	return out
}

// FinalReport records the proposer's final report (the KPIs' actual values
// and a summary) once every milestone is accepted: in_progress →
// evaluating.
func (s *Service) FinalReport(ctx context.Context, id ActivityID, version int, in FinalInput) (*Activity, error) {
	summary := vn.NFC(in.Summary)
	defs, err := s.store.FindKPIs(ctx)
	if err != nil {
		return nil, err
	}
	var out *Activity
	err = s.store.Tx(ctx, func(tx Store) error {
		a, actor, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Proposer {
			return execForbidden("Chỉ đơn vị thực hiện được gửi báo cáo tổng kết.", "Only the proposer may send the final report.")
		}
		f := fault.Fields{}
		if summary == "" {
			f.Add("summary", "Vui lòng nhập tóm tắt kết quả.", "Please write the summary of the results.")
		} else if utf8.RuneCountInString(summary) > MaxReportLen {
			f.Add("summary", "Tóm tắt tối đa 5000 ký tự.", "The summary has at most 5000 characters.")
		}
		vals := execActuals(a, defs, in.Actuals, f)
		if err := f.Err(); err != nil {
			return err
		}
		if a.Status != StatusInProgress {
			return fault.New(fault.Conflict, "Chỉ gửi báo cáo tổng kết khi nhiệm vụ đang thực hiện.", "The final report is sent while the activity is in progress.")
		}
		ms, err := tx.FindMilestones(ctx, id)
		if err != nil {
			return err
		}
		if !(&Execution{Milestones: ms}).AllAccepted() {
			return fault.New(fault.Conflict, "Mọi mốc phải được nghiệm thu trước khi gửi báo cáo tổng kết.", "Every milestone must be accepted before the final report.")
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		before := *a
		var rs []KPIResult
		for i := range a.KPIs {
			v := vals[a.KPIs[i].Code]
			a.KPIs[i].Actual, a.KPIs[i].VerifiedBy, a.KPIs[i].VerifiedAt = &v, 0, nil
			rs = append(rs, KPIResult{Code: a.KPIs[i].Code, Actual: &v})
		}
		if err := tx.SetKPIResults(ctx, a.ID, rs); err != nil {
			return err
		}
		if err := s.execMove(ctx, tx, actor, a, StatusEvaluating, PartyProposer, version, summary, now); err != nil {
			return err
		}
		out = a
		return s.execAudit(ctx, tx, now, "activity.final", a.ID, &before, a)
	})
	if err != nil {
		return nil, err
	}
	s.execNotifyCallOwner(ctx, out, "Báo cáo tổng kết mới / New final report",
		"Nhiệm vụ “"+out.Title+"” đã gửi báo cáo tổng kết.\nThe activity “"+out.Title+"” sent its final report.")
	return out, nil
}

// AssignVerifier makes user the verifier of the final KPIs: an assessor
// or an expert, not of the proposer (its enterprise or organisation) and
// without a declared relation with the enterprise.
func (s *Service) AssignVerifier(ctx context.Context, id ActivityID, version int, user auth.UserID) (*Activity, error) {
	var out *Activity
	var who *Person
	err := s.store.Tx(ctx, func(tx Store) error {
		a, _, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Officer {
			return execForbidden("Chỉ cán bộ quản lý nhiệm vụ được phân công người xác nhận.", "Only the activity's officer may assign the verifier.")
		}
		bad := func(vi, en string) error { return fault.Fields{"verifier": text(vi, en)}.Err() }
		if user <= 0 {
			return bad("Vui lòng chọn người xác nhận.", "Please choose the verifier.")
		}
		p, err := tx.FindPerson(ctx, user)
		if fault.Is(err, fault.NotFound) {
			return bad("Không tìm thấy người dùng.", "User not found.")
		}
		if err != nil {
			return err
		}
		if p.Role != auth.RoleAssessor && p.Role != auth.RoleExpert {
			return bad("Người xác nhận phải là chuyên gia đánh giá hoặc chuyên gia.", "The verifier must be an assessor or an expert.")
		}
		if user == a.CreatedBy || a.EnterpriseID != 0 && (p.EnterpriseID == a.EnterpriseID || p.OrgEnterpriseID == a.EnterpriseID) ||
			a.OrganisationID != 0 && p.OrganisationID == a.OrganisationID {
			return bad("Người này thuộc đơn vị đề xuất nhiệm vụ, không thể xác nhận kết quả.", "This person belongs to the proposer and cannot verify its results.")
		}
		if a.EnterpriseID != 0 && p.ExpertID != 0 {
			rel, err := tx.ExpertRelated(ctx, p.ExpertID, a.EnterpriseID)
			if err != nil {
				return err
			}
			if rel {
				return bad("Chuyên gia đã khai báo có quan hệ với doanh nghiệp (xung đột lợi ích).", "The expert declared a relation with the enterprise (conflict of interest).")
			}
		}
		if a.Status != StatusInProgress && a.Status != StatusEvaluating {
			return fault.New(fault.Conflict, "Chỉ phân công người xác nhận khi nhiệm vụ đang thực hiện hoặc nghiệm thu.", "A verifier is assigned while the activity runs or is evaluated.")
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		before := *a
		before.KPIs = slices.Clone(a.KPIs)
		if a.VerifierID != user {
			// The confirmations were the previous verifier's: the new one
			// must verify again before the activity can close.
			var rs []KPIResult
			cleared := false
			for i := range a.KPIs {
				cleared = cleared || a.KPIs[i].VerifiedAt != nil
				a.KPIs[i].VerifiedBy, a.KPIs[i].VerifiedAt = 0, nil
				rs = append(rs, KPIResult{Code: a.KPIs[i].Code, Actual: a.KPIs[i].Actual})
			}
			if cleared {
				if err := tx.SetKPIResults(ctx, a.ID, rs); err != nil {
					return err
				}
			}
		}
		a.VerifierID = user
		if err := tx.UpdateExecution(ctx, a, version); err != nil {
			return err
		}
		out, who = a, p
		return s.execAudit(ctx, tx, now, "activity.verifier", a.ID, &before, a)
	})
	if err != nil {
		return nil, err
	}
	s.execSend(ctx, who.Email, "Phân công xác nhận kết quả / You are to verify results",
		"Bạn được phân công xác nhận kết quả KPI của nhiệm vụ “"+out.Title+"”.\nYou are assigned to verify the KPI results of the activity “"+out.Title+"”.", out.ID)
	return out, nil
}

// VerifyInput is the verifier's confirmation: the value of each KPI
// (the reported one, or a correction with a note).
type VerifyInput struct {
	Values map[string]string `json:"values" doc:"Giá trị xác nhận theo mã KPI (confirmed value by KPI code)"`
	Notes  map[string]string `json:"notes" doc:"Ghi chú khi sửa giá trị (a note for each corrected value)"`
}

// VerifyKPIs records the assigned verifier's confirmation of every KPI's
// actual value; a corrected value needs a note.
func (s *Service) VerifyKPIs(ctx context.Context, id ActivityID, version int, in VerifyInput) (*Activity, error) {
	defs, err := s.store.FindKPIs(ctx)
	if err != nil {
		return nil, err
	}
	var out *Activity
	err = s.store.Tx(ctx, func(tx Store) error {
		a, actor, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Verifier {
			return execForbidden("Chỉ người được phân công xác nhận mới xác nhận được kết quả.", "Only the assigned verifier may verify the results.")
		}
		if a.Status != StatusEvaluating {
			return fault.New(fault.Conflict, "Chỉ xác nhận khi nhiệm vụ đang nghiệm thu.", "Results are verified during the final evaluation.")
		}
		f := fault.Fields{}
		vals := execActuals(a, defs, in.Values, f)
		notes := map[string]string{}
		for _, k := range a.KPIs {
			v, ok := vals[k.Code]
			n := vn.NFC(in.Notes[k.Code])
			if utf8.RuneCountInString(n) > MaxNoteLen {
				f.Add("note."+k.Code, "Ghi chú tối đa 2000 ký tự.", "The note has at most 2000 characters.")
			}
			if ok && k.Actual != nil && v != *k.Actual && n == "" {
				f.Add("note."+k.Code, "Giá trị đã sửa cần ghi chú lý do.", "A corrected value needs a note.")
			}
			notes[k.Code] = n
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		v, err := tx.TouchActivity(ctx, a.ID, version, now)
		if err != nil {
			return err
		}
		before := *a
		before.KPIs = slices.Clone(a.KPIs)
		a.Version = v
		var rs []KPIResult
		for i := range a.KPIs {
			v := vals[a.KPIs[i].Code]
			a.KPIs[i].Actual, a.KPIs[i].VerifiedBy, a.KPIs[i].VerifiedAt = &v, actor.UserID, &now
			rs = append(rs, KPIResult{Code: a.KPIs[i].Code, Actual: &v, VerifiedBy: actor.UserID, VerifiedAt: &now, Note: notes[a.KPIs[i].Code]})
		}
		if err := tx.SetKPIResults(ctx, a.ID, rs); err != nil {
			return err
		}
		out = a
		return s.execAudit(ctx, tx, now, "activity.verify", a.ID, &before, struct {
			*Activity
			Notes map[string]string `json:"notes"`
		}{a, notes})
	})
	return out, err
}

// execImprovementRecorder records an improvement activity in an enterprise's
// history (*registry.Service does).
type execImprovementRecorder interface {
	AddActivity(ctx context.Context, id registry.EnterpriseID, in registry.Activity) (*registry.Activity, error)
}

// CloseActivity accepts the final evaluation and closes the activity, once every
// KPI is verified: evaluating → closed. An enterprise's activity is
// recorded in the registry's improvement history.
func (s *Service) CloseActivity(ctx context.Context, id ActivityID, version int, note string) (*Activity, error) {
	note = vn.NFC(note)
	var out *Activity
	err := s.store.Tx(ctx, func(tx Store) error {
		a, actor, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Officer {
			return execForbidden("Chỉ cán bộ quản lý nhiệm vụ được kết thúc nhiệm vụ.", "Only the activity's officer may close it.")
		}
		if utf8.RuneCountInString(note) > MaxNoteLen {
			return fault.Fields{"note": text("Ghi chú tối đa 2000 ký tự.", "The note has at most 2000 characters.")}.Err()
		}
		if a.Status == StatusEvaluating && !(&Execution{Activity: a}).AllVerified() {
			return fault.New(fault.Conflict, "Mọi KPI phải được xác nhận trước khi kết thúc.", "Every KPI must be verified before closing.")
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		before := *a
		a.ClosedAt = &now
		if err := s.execMove(ctx, tx, actor, a, StatusClosed, PartyOfficer, version, note, now); err != nil {
			return err
		}
		out = a
		return s.execAudit(ctx, tx, now, "activity.close", a.ID, &before, a)
	})
	if err != nil {
		return nil, err
	}
	if rec, ok := s.reg.(execImprovementRecorder); ok && out.EnterpriseID != 0 {
		tool := strings.Join(out.Tools, ", ")
		if utf8.RuneCountInString(tool) > 200 {
			tool = string([]rune(tool)[:200])
		}
		if _, err := rec.AddActivity(ctx, registry.EnterpriseID(out.EnterpriseID), registry.Activity{
			Year: s.now().In(vn.Zone).Year(), Title: out.Title, Tool: tool}); err != nil {
			s.log.Warn("programme: improvement not recorded in the registry", "activity", out.ID, "err", err)
		}
	}
	s.execNotifyProposer(ctx, out, "Nhiệm vụ đã kết thúc / The activity is closed",
		"Nhiệm vụ “"+out.Title+"” đã được nghiệm thu và kết thúc.\nThe activity “"+out.Title+"” was accepted and closed.")
	return out, nil
}

// ReturnFinal sends the final report back (evaluating → in_progress)
// with the officer's note; the verification is cleared.
func (s *Service) ReturnFinal(ctx context.Context, id ActivityID, version int, note string) (*Activity, error) {
	note = vn.NFC(note)
	var out *Activity
	err := s.store.Tx(ctx, func(tx Store) error {
		a, actor, r, err := s.loadExec(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.Officer {
			return execForbidden("Chỉ cán bộ quản lý nhiệm vụ được trả lại báo cáo.", "Only the activity's officer may return the report.")
		}
		if note == "" || utf8.RuneCountInString(note) > MaxNoteLen {
			return fault.Fields{"note": text("Vui lòng ghi lý do trả lại (tối đa 2000 ký tự).", "Please give the reason (at most 2000 characters).")}.Err()
		}
		if err := execCheckVersion(a, version); err != nil {
			return err
		}
		now := s.now().UTC()
		before := *a
		if err := s.execMove(ctx, tx, actor, a, StatusInProgress, PartyOfficer, version, note, now); err != nil {
			return err
		}
		var rs []KPIResult
		for i := range a.KPIs {
			a.KPIs[i].VerifiedBy, a.KPIs[i].VerifiedAt = 0, nil
			rs = append(rs, KPIResult{Code: a.KPIs[i].Code, Actual: a.KPIs[i].Actual})
		}
		if err := tx.SetKPIResults(ctx, a.ID, rs); err != nil {
			return err
		}
		out = a
		return s.execAudit(ctx, tx, now, "activity.final.return", a.ID, &before, a)
	})
	if err != nil {
		return nil, err
	}
	s.execNotifyProposer(ctx, out, "Báo cáo tổng kết bị trả lại / Final report returned",
		"Báo cáo tổng kết của nhiệm vụ “"+out.Title+"” bị trả lại: "+note+"\nThe final report of “"+out.Title+"” was returned: "+note)
	return out, nil
}

// execNotifyProposer emails the activity's creator (the proposer's contact).
func (s *Service) execNotifyProposer(ctx context.Context, a *Activity, subject, body string) {
	if s.mailer == nil || a.CreatedBy == 0 {
		return
	}
	p, err := s.store.FindPerson(ctx, a.CreatedBy)
	if err != nil {
		s.log.Warn("programme: proposer not found for a notice", "activity", a.ID, "err", err)
		return
	}
	s.execSend(ctx, p.Email, subject, body, a.ID)
}

// execNotifyCallOwner emails the officer who created the activity's call: the
// platform keeps no list of the officers who run a call, and the one who
// opened it is the one to tell. Activities without a call get no notice.
func (s *Service) execNotifyCallOwner(ctx context.Context, a *Activity, subject, body string) {
	if s.mailer == nil || a.CallID == 0 {
		return
	}
	c, err := s.store.FindCallByID(ctx, a.CallID)
	if err != nil || c.CreatedBy == 0 {
		return
	}
	p, err := s.store.FindPerson(ctx, c.CreatedBy)
	if err != nil {
		return
	}
	s.execSend(ctx, p.Email, subject, body, a.ID)
}

// execSend emails one notice with the link to the execution page; a failure
// is logged, never returned (the write it follows is done).
func (s *Service) execSend(ctx context.Context, to, subject, body string, id ActivityID) {
	if s.mailer == nil || to == "" {
		return
	}
	link := fmt.Sprintf("%s/activities/%d/execution", s.baseURL, id)
	if err := s.mailer.SendMail(ctx, to, "[NSCL] "+subject, body+"\n\n"+link+"\n"); err != nil {
		s.log.Warn("programme: notice not sent", "to", to, "activity", id, "err", err)
	}
}
