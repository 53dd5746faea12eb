package assessment

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// The findings' use cases: who adds, edits and moves a finding, and the
// lists (an assessment's findings; an enterprise's or an officer's across
// assessments).

// Limits of the findings' texts.
const (
	findingMaxText  = 2000
	findingMaxOwner = 200
)

var (
	errFindingNotFound = fault.New(fault.NotFound, "Không tìm thấy phát hiện.", "Finding not found.")
	errFindingConflict = fault.New(fault.Conflict,
		"Phát hiện vừa được người khác thay đổi. Vui lòng tải lại trang, xem thay đổi của họ rồi thực hiện lại.",
		"Someone else changed this finding meanwhile. Please reload the page, review their change and try again.")
	errFindingAddDenied = fault.New(fault.Forbidden,
		"Bên thực hiện đánh giá ghi phát hiện đến khi nộp kết quả (đánh giá viên độc lập: đến khi có quyết định công nhận); cán bộ quản lý phụ trách ghi bất cứ lúc nào, trừ khi cuộc đánh giá đã bị hủy.",
		"The party who answers the assessment records findings until it is submitted (an independent assessor: until recognition is decided); the officers in charge at any time, unless it was cancelled.")
	errFindingWordsDenied = fault.New(fault.Forbidden,
		"Nội dung phát hiện và mục liên quan do đánh giá viên (hoặc cán bộ quản lý) ghi nhận nên doanh nghiệp không sửa được; doanh nghiệp cập nhật hành động khắc phục, người chịu trách nhiệm và hạn khắc phục.",
		"What was found and its item are the assessor's (or the officer's) words, which the enterprise cannot change; the enterprise updates the corrective action, its owner and the due date.")
	errFindingEditDenied = fault.New(fault.Forbidden,
		"Chỉ doanh nghiệp, đánh giá viên được phân công và cán bộ quản lý phụ trách được sửa phát hiện chưa đóng.",
		"Only the enterprise, the assigned assessor and the officers in charge edit a finding that is not closed.")
	errFindingDoneDenied = fault.New(fault.Forbidden, "Chỉ doanh nghiệp báo cáo đã khắc phục.",
		"Only the enterprise reports the corrective action done.")
	errFindingVerifyDenied = fault.New(fault.Forbidden,
		"Việc khắc phục do đánh giá viên của cuộc đánh giá hoặc cán bộ quản lý phụ trách xác nhận (doanh nghiệp tự xác nhận với bản tự đánh giá của mình).",
		"The corrective action is verified by the assessment's assessor or an officer in charge (the enterprise verifies its own self-assessment's).")
)

// findingOfficer reports whether a is an officer in charge of x's
// enterprise (ActAssessmentManage in its scope).
func findingOfficer(a *auth.Actor, x *Assessment) bool {
	return auth.Allowed(a, auth.ActAssessmentManage, auth.Scope{ProvinceCode: x.ProvinceCode, EnterpriseID: int64(x.EnterpriseID)})
}

// findingOwn reports whether a represents x's enterprise.
func findingOwn(a *auth.Actor, x *Assessment) bool {
	return auth.Allowed(a, auth.ActSelfAssess, auth.Scope{EnterpriseID: int64(x.EnterpriseID)})
}

// findingAssessor reports whether a is the assessor assigned to x.
func findingAssessor(a *auth.Actor, x *Assessment) bool {
	return x.Mode == ModeIndependent && x.AssessorID != 0 && a.UserID == x.AssessorID &&
		auth.Allowed(a, auth.ActAssessIndependent, auth.Scope{OwnerID: x.AssessorID})
}

// mayAddFinding: the officers in charge at any time unless x was
// cancelled; the party who answers x until it is submitted (the
// enterprise, its self-assessment while in progress), the assigned
// assessor of an independent one once assigned and until recognition is
// decided.
func mayAddFinding(a *auth.Actor, x *Assessment) bool {
	switch {
	case x.Status == StatusCancelled:
		return false
	case findingOfficer(a, x):
		return true
	case !evidenceParty(a, x):
		return false
	case x.Mode == ModeIndependent:
		return x.Status == StatusAssigned || x.Status == StatusInProgress || x.Status == StatusSubmitted
	}
	return x.Status == StatusInProgress
}

// maxFindingsPerAssessment bounds an assessment's findings (and the list
// of them that its tab reads).
const maxFindingsPerAssessment = 500

// mayEditFinding: the enterprise (it keeps its corrective actions), the
// assigned assessor and the officers in charge.
func mayEditFinding(a *auth.Actor, x *Assessment) bool {
	return findingOwn(a, x) || findingAssessor(a, x) || findingOfficer(a, x)
}

// mayEditFindingWords: what was found (the description and the item) is
// the words of whoever found it: on an independent assessment the
// assessor's and the officers', never the enterprise's, which keeps its
// corrective action, its owner and due date; on a self-assessment every
// editor's.
func mayEditFindingWords(a *auth.Actor, x *Assessment) bool {
	if x.Mode == ModeIndependent {
		return findingAssessor(a, x) || findingOfficer(a, x)
	}
	return mayEditFinding(a, x)
}

// mayVerifyFinding: the assessment's assessor or an officer in charge; the
// enterprise for its own self-assessment.
func mayVerifyFinding(a *auth.Actor, x *Assessment) bool {
	return findingAssessor(a, x) || findingOfficer(a, x) || x.Mode == ModeSelf && findingOwn(a, x)
}

// FindingPerms is what the actor may do with one finding now, for the
// pages' buttons (the service checks again on each call).
type FindingPerms struct {
	Edit bool `json:"edit"`
	// EditWords: may change what was found (the item and the
	// description), not only the corrective action, owner and due date.
	EditWords bool `json:"edit_words"`
	Done      bool `json:"done"`
	Close     bool `json:"close"`
	Reopen    bool `json:"reopen"`
}

// FindingPermsFor returns what the actor in ctx may do with f of x.
func (s *Service) FindingPermsFor(ctx context.Context, x *Assessment, f *Finding) FindingPerms {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() || x.Status == StatusCancelled {
		return FindingPerms{}
	}
	verify := mayVerifyFinding(a, x)
	edit := f.Status != FindingClosed && mayEditFinding(a, x)
	return FindingPerms{
		Edit:      edit,
		EditWords: edit && mayEditFindingWords(a, x),
		Done:      f.Status == FindingOpen && findingOwn(a, x),
		Close:     f.Status == FindingDone && verify,
		Reopen:    f.Status != FindingOpen && verify,
	}
}

// FindingInput is a finding as written: the texts, the owner and the due
// date (dd/mm/yyyy, or yyyy-mm-dd).
type FindingInput struct {
	ItemKey          string `json:"item,omitempty" required:"false" maxLength:"40" doc:"Mã mục của bộ tiêu chí, để trống nếu phát hiện chung (item key; empty for the assessment as a whole)"`
	Description      string `json:"description" maxLength:"2000" doc:"Nội dung phát hiện, điểm không phù hợp (what was found)"`
	CorrectiveAction string `json:"corrective_action" required:"false" maxLength:"2000" doc:"Hành động khắc phục (the corrective action)"`
	OwnerName        string `json:"owner" required:"false" maxLength:"200" doc:"Người chịu trách nhiệm (who owns the action)"`
	DueDate          string `json:"due_date" required:"false" doc:"Hạn khắc phục dd/mm/yyyy hoặc yyyy-mm-dd (due date)"`
}

// check validates in against x's scheme body at today; keep is the due
// date stored already (a date in the past is refused only when it
// changes). It returns the cleaned texts and the due date.
func (in *FindingInput) check(body *Body, today time.Time, keep *time.Time) (*time.Time, error) {
	bad := fault.Fields{}
	okDesc := auditCheckText("description", in.Description, bad)
	okAction := auditCheckText("corrective_action", in.CorrectiveAction, bad)
	okOwner := auditCheckText("owner", in.OwnerName, bad)
	in.ItemKey = strings.TrimSpace(in.ItemKey)
	in.Description, in.CorrectiveAction, in.OwnerName = vn.NFC(in.Description), vn.NFC(in.CorrectiveAction), vn.NFC(in.OwnerName)
	if in.ItemKey != "" {
		if _, _, ok := body.Item(in.ItemKey); !ok {
			bad.Add("item", "Bộ tiêu chí của cuộc đánh giá không có mục này.", "The assessment's scheme has no such item.")
		}
	}
	switch n := utf8.RuneCountInString(in.Description); {
	case !okDesc:
	case n == 0:
		bad.Add("description", "Nhập nội dung phát hiện.", "Enter what was found.")
	case n > findingMaxText:
		bad.Add("description", fmt.Sprintf("Tối đa %s ký tự.", vn.Int(findingMaxText)), fmt.Sprintf("At most %d characters.", findingMaxText))
	}
	if okAction && utf8.RuneCountInString(in.CorrectiveAction) > findingMaxText {
		bad.Add("corrective_action", fmt.Sprintf("Tối đa %s ký tự.", vn.Int(findingMaxText)), fmt.Sprintf("At most %d characters.", findingMaxText))
	}
	if okOwner && utf8.RuneCountInString(in.OwnerName) > findingMaxOwner {
		bad.Add("owner", fmt.Sprintf("Tối đa %d ký tự.", findingMaxOwner), fmt.Sprintf("At most %d characters.", findingMaxOwner))
	}
	var due *time.Time
	if d := strings.TrimSpace(in.DueDate); d != "" {
		t, err := vn.ParseDate(d)
		switch {
		case err != nil:
			bad.Add("due_date", "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 30/06/2026.", "Not a valid date: use dd/mm/yyyy, e.g. 30/06/2026.")
		case t.Year() > day(today).Year()+10:
			bad.Add("due_date", "Hạn khắc phục quá xa (hơn 10 năm).", "The due date is too far ahead (over 10 years).")
		case t.Before(day(today)) && (keep == nil || !day(*keep).Equal(day(t))):
			bad.Add("due_date", "Hạn khắc phục không được trước hôm nay ("+vn.Date(today)+").", "The due date may not be before today ("+vn.Date(today)+").")
		default:
			due = &t
		}
	}
	return due, bad.Err()
}

// findingOf reads finding id and its assessment for the actor: NotFound
// unless the actor may see the assessment.
func (s *Service) findingOf(ctx context.Context, st Store, id FindingID) (*auth.Actor, *Assessment, *Finding, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	f, err := st.FindFinding(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, nil, nil, errFindingNotFound
	}
	if err != nil {
		return nil, nil, nil, err
	}
	x, err := st.FindAssessment(ctx, f.AssessmentID)
	if fault.Is(err, fault.NotFound) || err == nil && !mayView(a, x) {
		return nil, nil, nil, errFindingNotFound
	}
	if err != nil {
		return nil, nil, nil, err
	}
	return a, x, f, nil
}

// Finding returns a finding with its assessment, for anyone who may see
// the assessment (NotFound otherwise).
func (s *Service) Finding(ctx context.Context, id FindingID) (*Assessment, *Finding, error) {
	_, x, f, err := s.findingOf(ctx, s.store, id)
	return x, f, err
}

// AssessmentFindings returns the assessment and its findings (overdue
// first, then by due date), for anyone who may see it.
func (s *Service) AssessmentFindings(ctx context.Context, id AssessmentID) (*Assessment, []*Finding, error) {
	_, x, err := s.evidenceAssessment(ctx, s.store, id)
	if err != nil {
		return nil, nil, err
	}
	fs, _, err := s.store.FindFindings(ctx, FindingFilter{AssessmentID: id, Limit: maxFindingsPerAssessment})
	if err != nil {
		return nil, nil, err
	}
	return x, fs, nil
}

// FindingSheet is what the findings tab of an assessment shows: the
// assessment, its scheme version's body (the items findings and photos are
// about), its findings, its photos and what the actor may do.
type FindingSheet struct {
	Assessment *Assessment
	Body       *Body
	Findings   []*Finding
	Photos     []*Photo
	Perms      EvidencePerms
}

// FindingSheet returns the findings tab of assessment id, for anyone who
// may see it.
func (s *Service) FindingSheet(ctx context.Context, id AssessmentID) (*FindingSheet, error) {
	x, fs, err := s.AssessmentFindings(ctx, id)
	if err != nil {
		return nil, err
	}
	v, err := s.store.FindVersion(ctx, x.VersionID)
	if err != nil {
		return nil, err
	}
	ps, err := s.store.FindPhotos(ctx, id, "")
	if err != nil {
		return nil, err
	}
	return &FindingSheet{Assessment: x, Body: &v.Body, Findings: fs, Photos: ps, Perms: s.EvidencePermsFor(ctx, x)}, nil
}

// CreateFinding records a finding of assessment id: the officers in
// charge at any time unless it was cancelled, the party who answers it
// until it is submitted (the independent assessor, whose accreditation
// must be in force, until recognition is decided); at most
// maxFindingsPerAssessment. The due date may not be before today. The
// assessment is read again in the transaction, its row held: a
// cancellation that lands meanwhile wins.
func (s *Service) CreateFinding(ctx context.Context, id AssessmentID, in FindingInput) (*Finding, error) {
	a, x, err := s.evidenceAssessment(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	if !mayAddFinding(a, x) {
		return nil, errFindingAddDenied
	}
	v, err := s.store.FindVersion(ctx, x.VersionID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	due, err := in.check(&v.Body, now, nil)
	if err != nil {
		return nil, err
	}
	f := &Finding{AssessmentID: x.ID, EnterpriseID: x.EnterpriseID, EnterpriseName: x.EnterpriseName, ProvinceCode: x.ProvinceCode,
		SchemeCode: x.SchemeCode, SchemeName: x.SchemeName, Mode: x.Mode, AssessorID: x.AssessorID,
		ItemKey: in.ItemKey, Description: in.Description, CorrectiveAction: in.CorrectiveAction, OwnerName: in.OwnerName, DueDate: due,
		Status: FindingOpen, CreatedBy: a.UserID, CreatedByName: a.Name, CreatedAt: now, UpdatedAt: now}
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.HoldEvidence(ctx, id); err != nil {
			return err
		}
		_, cur, err := s.evidenceAssessment(ctx, tx, id)
		if err != nil {
			return err
		}
		if !mayAddFinding(a, cur) {
			return errFindingAddDenied
		}
		if err := s.auditCheckLapse(ctx, tx, a, cur); err != nil {
			return err
		}
		if _, n, err := tx.FindFindings(ctx, FindingFilter{AssessmentID: id, Limit: 1}); err != nil {
			return err
		} else if n >= maxFindingsPerAssessment {
			return fault.New(fault.Invalid, fmt.Sprintf("Cuộc đánh giá đã có %d phát hiện, là số tối đa.", n),
				fmt.Sprintf("The assessment already has %d findings, the most it may have.", n))
		}
		if err := tx.CreateFinding(ctx, f); err != nil {
			return err
		}
		return s.record(ctx, tx, "assessment.finding.create", "assessment_finding", int64(f.ID), nil, f)
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// UpdateFinding changes a finding's item, texts, owner and due date, at
// the version read: the enterprise, the assigned assessor and the
// officers in charge, while it is not closed. On an independent
// assessment the enterprise changes only the corrective action, owner and
// due date: an item or description left empty stays as it is, one that
// differs is refused (fault.Forbidden).
func (s *Service) UpdateFinding(ctx context.Context, id FindingID, version int, in FindingInput) (*Finding, error) {
	var out *Finding
	now := s.now()
	err := s.store.Tx(ctx, func(tx Store) error {
		a, x, f, err := s.findingOf(ctx, tx, id)
		if err != nil {
			return err
		}
		if x.Status == StatusCancelled || !mayEditFinding(a, x) {
			return errFindingEditDenied
		}
		if f.Version != version {
			return errFindingConflict
		}
		if f.Status == FindingClosed {
			return fault.New(fault.Conflict, "Phát hiện đã đóng nên không sửa được; hãy mở lại nếu cần.",
				"The finding is closed and can no longer be changed; reopen it if needed.")
		}
		if !mayEditFindingWords(a, x) {
			item, desc := strings.TrimSpace(in.ItemKey), vn.NFC(in.Description)
			if desc != "" && desc != f.Description || item != "" && item != f.ItemKey {
				return errFindingWordsDenied
			}
			in.ItemKey, in.Description = f.ItemKey, f.Description
		}
		v, err := tx.FindVersion(ctx, x.VersionID)
		if err != nil {
			return err
		}
		due, err := in.check(&v.Body, now, f.DueDate)
		if err != nil {
			return err
		}
		after := *f
		after.ItemKey, after.Description, after.CorrectiveAction, after.OwnerName, after.DueDate =
			in.ItemKey, in.Description, in.CorrectiveAction, in.OwnerName, due
		after.UpdatedAt = now
		if err := tx.UpdateFinding(ctx, &after); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errFindingConflict
			}
			return err
		}
		out = &after
		return s.record(ctx, tx, "assessment.finding.update", "assessment_finding", int64(f.ID), f, &after)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindingMove is a step of a finding towards closure.
type FindingMove string

// The moves of a finding.
const (
	MoveDone   FindingMove = "done"   // open → done, by the enterprise, with a note
	MoveClose  FindingMove = "close"  // done → closed, by the verifier
	MoveReopen FindingMove = "reopen" // done or closed → open, by the verifier, with a reason
)

// Valid reports whether m is a known move.
func (m FindingMove) Valid() bool { return m == MoveDone || m == MoveClose || m == MoveReopen }

// MoveFinding moves a finding at the version read: done (the enterprise,
// from open, with a note of what was done), close (the verifier, from
// done, with an optional note), reopen (the verifier, from done or closed,
// with the reason).
func (s *Service) MoveFinding(ctx context.Context, id FindingID, version int, move FindingMove, note string) (*Finding, error) {
	if !auditTextOK(note) {
		return nil, fault.New(fault.Invalid, auditBadText.Vi, auditBadText.En).Field("note", auditBadText.Vi, auditBadText.En)
	}
	note = vn.NFC(note)
	if !move.Valid() {
		return nil, fault.New(fault.Invalid, "Thao tác không hợp lệ.", "Unknown action.").
			Field("action", "Chọn done, close hoặc reopen.", "Choose done, close or reopen.")
	}
	if utf8.RuneCountInString(note) > findingMaxText {
		return nil, fault.New(fault.Invalid, "Ghi chú quá dài.", "The note is too long.").
			Field("note", fmt.Sprintf("Tối đa %s ký tự.", vn.Int(findingMaxText)), fmt.Sprintf("At most %d characters.", findingMaxText))
	}
	var out *Finding
	now := s.now()
	err := s.store.Tx(ctx, func(tx Store) error {
		a, x, f, err := s.findingOf(ctx, tx, id)
		if err != nil {
			return err
		}
		if x.Status == StatusCancelled {
			return fault.New(fault.Conflict, "Cuộc đánh giá đã bị hủy.", "The assessment was cancelled.")
		}
		var from []FindingStatus
		after := *f
		after.UpdatedAt = now
		switch move {
		case MoveDone:
			if !findingOwn(a, x) {
				return errFindingDoneDenied
			}
			from = []FindingStatus{FindingOpen}
			if note == "" {
				return fault.New(fault.Invalid, "Cho biết đã khắc phục thế nào.", "Say how the action was taken.").
					Field("note", "Nhập kết quả khắc phục (đã làm gì, bằng chứng ở đâu).", "Enter what was done and where the evidence is.")
			}
			after.Status, after.DoneNote, after.DoneAt, after.DoneBy = FindingDone, note, &now, a.UserID
		case MoveClose:
			if !mayVerifyFinding(a, x) {
				return errFindingVerifyDenied
			}
			from = []FindingStatus{FindingDone}
			after.Status, after.ClosureNote, after.ClosedAt, after.ClosedBy = FindingClosed, note, &now, a.UserID
		case MoveReopen:
			if !mayVerifyFinding(a, x) {
				return errFindingVerifyDenied
			}
			from = []FindingStatus{FindingDone, FindingClosed}
			if note == "" {
				return fault.New(fault.Invalid, "Cho biết lý do mở lại.", "Give the reason for reopening.").
					Field("note", "Nhập lý do mở lại (điều gì chưa đạt).", "Enter why it is reopened (what is not yet right).")
			}
			after.Status, after.ReopenReason, after.ReopenedAt, after.ReopenedBy = FindingOpen, note, &now, a.UserID
			after.ClosureNote, after.ClosedAt, after.ClosedBy = "", nil, 0
		}
		if f.Version != version {
			return errFindingConflict
		}
		if !containsStatus(from, f.Status) {
			return fault.New(fault.Conflict, "Phát hiện đang ở trạng thái “"+f.Status.Label().Vi+"”: không thể thực hiện thao tác này.",
				"The finding is “"+f.Status.Label().En+"”: this action does not apply.")
		}
		if err := tx.UpdateFinding(ctx, &after); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errFindingConflict
			}
			return err
		}
		out = &after
		return s.record(ctx, tx, "assessment.finding."+string(move), "assessment_finding", int64(f.ID), f, &after)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func containsStatus(sts []FindingStatus, st FindingStatus) bool {
	for _, s := range sts {
		if s == st {
			return true
		}
	}
	return false
}

// FindingQuery is what the list of findings asks for; the service narrows
// it to the actor's scope.
type FindingQuery struct {
	// Status: "" or "active" (open and done: not closed), "open", "done",
	// "closed", "all".
	Status   string `query:"status" enum:"active,open,done,closed,all" required:"false" doc:"Mặc định active: chưa đóng (default: not closed)"`
	Overdue  bool   `query:"overdue" required:"false" doc:"Chỉ phát hiện quá hạn: đã qua hạn khắc phục mà chưa đóng (overdue only)"`
	Province string `query:"province" required:"false" doc:"Tỉnh/thành (cán bộ Bộ)"`
	Offset   int    `query:"offset" minimum:"0" required:"false"`
	Limit    int    `query:"limit" minimum:"0" maximum:"500" required:"false" doc:"0: 50"`
}

// FindingStatusFilter names the statuses a query's Status keeps (nil:
// every status); false when the value is not known.
func FindingStatusFilter(status string) ([]FindingStatus, bool) {
	switch status {
	case "", "active":
		return []FindingStatus{FindingOpen, FindingDone}, true
	case "all":
		return nil, true
	}
	if st := FindingStatus(status); st.Valid() {
		return []FindingStatus{st}, true
	}
	return nil, false
}

// Findings returns the findings the actor follows across assessments and
// the total: an enterprise's users their own, an assessor those of the
// assessments assigned to them, officers those of their scope (a
// provincial officer: the province). Overdue ones first.
func (s *Service) Findings(ctx context.Context, q FindingQuery) ([]*Finding, int, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, 0, err
	}
	now := s.now()
	f := FindingFilter{Offset: max(q.Offset, 0), Limit: q.Limit}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	sts, ok := FindingStatusFilter(q.Status)
	if !ok {
		return nil, 0, fault.New(fault.Invalid, "Trạng thái không hợp lệ.", "Unknown status.").
			Field("status", "Chọn active, open, done, closed hoặc all.", "Choose active, open, done, closed or all.")
	}
	f.Statuses = sts
	if q.Overdue {
		f.DueBefore = day(now)
		if f.Statuses == nil {
			f.Statuses = []FindingStatus{FindingOpen, FindingDone}
		}
		var keep []FindingStatus
		for _, st := range f.Statuses {
			if st != FindingClosed {
				keep = append(keep, st)
			}
		}
		if len(keep) == 0 {
			return nil, 0, nil
		}
		f.Statuses = keep
	}
	if err := s.findingScope(a, q.Province, &f); err != nil {
		return nil, 0, err
	}
	if f.Provinces != nil && len(f.Provinces) == 0 {
		return nil, 0, nil
	}
	return s.store.FindFindings(ctx, f)
}

// findingScope narrows f to what a follows.
func (s *Service) findingScope(a *auth.Actor, province string, f *FindingFilter) error {
	switch {
	case a.Role == auth.RoleEnterprise && auth.Can(a, auth.ActAssessmentView):
		f.EnterpriseID = registry.EnterpriseID(a.EnterpriseID)
	case auth.Can(a, auth.ActAssessmentManage):
		// An officer whose reach is one province does not reach a
		// province of no one: the list is of their province.
		if !auth.Allowed(a, auth.ActAssessmentManage, auth.Scope{ProvinceCode: "\x00"}) {
			f.Provinces = []string{a.ProvinceCode}
		}
		if province != "" {
			if f.Provinces != nil && province != a.ProvinceCode {
				f.Provinces = []string{}
				return nil
			}
			f.Provinces = []string{province}
		}
	case auth.Can(a, auth.ActAssessIndependent):
		f.AssessorID = a.UserID
	default:
		return fault.New(fault.Forbidden, "Danh sách phát hiện dành cho doanh nghiệp, đánh giá viên và cán bộ quản lý.",
			"The findings are for enterprises, assessors and officers.")
	}
	return nil
}

// FindingsToday is the service's day in Vietnam, for the pages' overdue
// flags (tests set the clock).
func (s *Service) FindingsToday() time.Time { return day(s.now()) }
