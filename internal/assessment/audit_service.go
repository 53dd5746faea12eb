package assessment

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// mayAuditAnswer reports whether a gives the answers of x: the enterprise's
// users for a self-assessment, the assigned assessor for an independent
// one.
func mayAuditAnswer(a *auth.Actor, x *Assessment) bool {
	if x.Mode == ModeSelf {
		return auth.Allowed(a, auth.ActSelfAssess, auth.Scope{EnterpriseID: int64(x.EnterpriseID)})
	}
	return x.AssessorID != 0 && a.UserID == x.AssessorID && auth.Allowed(a, auth.ActAssessIndependent, auth.Scope{OwnerID: x.AssessorID})
}

// mayAuditManage reports whether a runs x as an officer (assign, cancel).
func mayAuditManage(a *auth.Actor, x *Assessment) bool {
	return auth.Allowed(a, auth.ActAssessmentManage, auth.Scope{ProvinceCode: x.ProvinceCode, EnterpriseID: int64(x.EnterpriseID)})
}

// mayAuditOwn reports whether a represents x's enterprise.
func mayAuditOwn(a *auth.Actor, x *Assessment) bool {
	return auth.Allowed(a, auth.ActSelfAssess, auth.Scope{EnterpriseID: int64(x.EnterpriseID)})
}

// Perms is what the actor may do with an assessment now, for the pages'
// buttons (the service checks again on each call).
type Perms struct {
	Answer  bool `json:"answer"`  // give answers (the audit form)
	Assign  bool `json:"assign"`  // assign an assessor
	Start   bool `json:"start"`   // start the audit (the assigned assessor)
	Submit  bool `json:"submit"`  // submit the answers
	Cancel  bool `json:"cancel"`  // cancel it
	History bool `json:"history"` // see the enterprise's earlier assessments
	// Lapsed says, to the assigned assessor whose accreditation no longer
	// allows assessing, why they may not go on (zero otherwise).
	Lapsed fault.Text `json:"lapsed,omitzero"`
}

// PermsFor returns what the actor in ctx may do with x.
func (s *Service) PermsFor(ctx context.Context, x *Assessment) Perms {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return Perms{}
	}
	p := Perms{History: auth.Allowed(a, auth.ActAssessmentView, auth.Scope{ProvinceCode: x.ProvinceCode, EnterpriseID: int64(x.EnterpriseID)})}
	answer := mayAuditAnswer(a, x)
	if answer {
		if p.Lapsed = s.auditLapse(ctx, s.store, a, x); p.Lapsed != (fault.Text{}) {
			answer = false
		}
	}
	p.Answer = answer && x.Status == StatusInProgress
	p.Submit = p.Answer
	p.Start = answer && x.Mode == ModeIndependent && x.Status == StatusAssigned
	p.Assign = mayAuditManage(a, x) && x.Mode == ModeIndependent && (x.Status == StatusRequested || x.Status == StatusAssigned)
	p.Cancel = mayAuditCancel(a, x)
	return p
}

// mayAuditCancel: the enterprise before the audit starts (its own
// self-assessment while in progress), an officer of its scope while open.
func mayAuditCancel(a *auth.Actor, x *Assessment) bool {
	if !x.Status.Open() {
		return false
	}
	if mayAuditManage(a, x) {
		return true
	}
	if !mayAuditOwn(a, x) {
		return false
	}
	return x.Mode == ModeSelf || x.Status == StatusRequested || x.Status == StatusAssigned
}

// auditLapse says, when a is the assessor assigned to x, why their
// accreditation on x's scheme no longer allows assessing today (zero when
// it does, when a is not x's assessor, or when it cannot be read: the
// service's checks read it again and fail then).
func (s *Service) auditLapse(ctx context.Context, st Store, a *auth.Actor, x *Assessment) fault.Text {
	r, _ := s.auditLapseErr(ctx, st, a, x)
	return r
}

func (s *Service) auditLapseErr(ctx context.Context, st Store, a *auth.Actor, x *Assessment) (fault.Text, error) {
	if x.Mode != ModeIndependent || x.AssessorID == 0 || a.UserID != x.AssessorID || st == nil {
		return fault.Text{}, nil
	}
	acc, err := st.FindAccreditationFor(ctx, x.AssessorID, x.SchemeID)
	switch {
	case fault.Is(err, fault.NotFound):
		acc = nil
	case err != nil:
		return fault.Text{}, err
	}
	why := auditIneligible(acc, s.now())
	if why == (fault.Text{}) {
		return why, nil
	}
	return fault.Text{
		Vi: "Bạn không thể tiếp tục cuộc đánh giá này: " + why.Vi + " Vui lòng liên hệ Bộ Công Thương (cơ quan công nhận đánh giá viên) để được hướng dẫn.",
		En: "You cannot go on with this assessment: " + why.En + " Please contact the Ministry of Industry and Trade (which accredits assessors) for guidance."}, nil
}

// auditCheckLapse refuses (fault.Forbidden) the assigned assessor of x
// whose accreditation no longer allows assessing: they start, answer,
// add evidence and submit only while it is in force.
func (s *Service) auditCheckLapse(ctx context.Context, st Store, a *auth.Actor, x *Assessment) error {
	why, err := s.auditLapseErr(ctx, st, a, x)
	if err != nil || why == (fault.Text{}) {
		return err
	}
	return fault.New(fault.Forbidden, why.Vi, why.En)
}

// auditVisible returns assessment id if the actor in ctx may see it
// (errAuditNotFound otherwise: an id of another enterprise reads as
// missing).
func (s *Service) auditVisible(ctx context.Context, st Store, id AssessmentID) (*auth.Actor, *Assessment, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	x, err := st.FindAssessment(ctx, id)
	if fault.Is(err, fault.NotFound) || err == nil && !mayView(a, x) {
		return nil, nil, errAuditNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	return a, x, nil
}

// Assessment returns an assessment the actor may see: its enterprise's
// users, the officers of its scope, the assessor assigned to it.
func (s *Service) Assessment(ctx context.Context, id AssessmentID) (*Assessment, error) {
	_, x, err := s.auditVisible(ctx, s.store, id)
	return x, err
}

// AssessmentQuery is what a list asks for; the service narrows it to the
// actor's scope.
type AssessmentQuery struct {
	Status   Status   `query:"status" enum:"requested,assigned,in_progress,submitted,recognised,not_recognised,cancelled" required:"false"`
	Mode     Mode     `query:"mode" enum:"self,independent" required:"false"`
	SchemeID SchemeID `query:"scheme" required:"false" doc:"Bộ tiêu chí (scheme id)"`
	Province string   `query:"province" required:"false" doc:"Tỉnh/thành (cán bộ Bộ)"`
	Query    string   `query:"q" required:"false" maxLength:"200" doc:"Tên doanh nghiệp hoặc mã số thuế, không cần dấu"`
	Offset   int      `query:"offset" minimum:"0" required:"false"`
	Limit    int      `query:"limit" minimum:"0" maximum:"200" required:"false" doc:"0: 50"`
}

// Assessments returns the assessments the actor sees, newest first, and
// the total: an enterprise's users their own, an assessor those assigned
// to them (open ones first), officers those of their scope.
func (s *Service) Assessments(ctx context.Context, q AssessmentQuery) ([]*Assessment, int, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, 0, err
	}
	bad := fault.Fields{}
	auditCheckText("q", q.Query, bad)
	auditCheckText("province", q.Province, bad)
	if err := bad.Err(); err != nil {
		return nil, 0, err
	}
	f := AssessmentFilter{Mode: q.Mode, SchemeID: q.SchemeID, Query: vn.Fold(q.Query), Offset: max(q.Offset, 0), Limit: q.Limit}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	if q.Status != "" {
		f.Statuses = []Status{q.Status}
	}
	switch {
	case auth.Can(a, auth.ActAssessmentView) && a.EnterpriseID != 0 && a.Role == auth.RoleEnterprise:
		f.EnterpriseID = registry.EnterpriseID(a.EnterpriseID)
	case auth.Can(a, auth.ActAssessmentView):
		// An officer whose reach is one province does not reach a
		// province of no one: the list is of their province.
		if !auth.Allowed(a, auth.ActAssessmentView, auth.Scope{ProvinceCode: "\x00"}) {
			f.Provinces = []string{a.ProvinceCode}
		}
		if q.Province != "" {
			if f.Provinces != nil && q.Province != a.ProvinceCode {
				return nil, 0, nil
			}
			f.Provinces = []string{q.Province}
		}
	case auth.Can(a, auth.ActAssessIndependent):
		f.AssessorID, f.ToDoFirst = a.UserID, true
	default:
		return nil, 0, fault.New(fault.Forbidden, "Trang này dành cho doanh nghiệp, đánh giá viên và cán bộ quản lý.",
			"This is for enterprises, assessors and officers.")
	}
	return s.store.FindAssessments(ctx, f)
}

// auditCheckSite validates the site assessed.
func auditCheckSite(site string, bad fault.Fields) string {
	if !auditCheckText("site", site, bad) {
		return ""
	}
	site = vn.NFC(site)
	switch {
	case site == "":
		bad.Add("site", "Nhập khu vực, xưởng hoặc dây chuyền được đánh giá.", "Enter the site, workshop or line assessed.")
	case utf8.RuneCountInString(site) > auditMaxSite:
		bad.Add("site", fmt.Sprintf("Tối đa %d ký tự.", auditMaxSite), fmt.Sprintf("At most %d characters.", auditMaxSite))
	}
	return site
}

// auditPublished returns the scheme and its published version for a new
// assessment, or a field error.
func (s *Service) auditPublished(ctx context.Context, id SchemeID, bad fault.Fields) (*Scheme, *Version, error) {
	if id == 0 {
		bad.Add("scheme_id", "Chọn bộ tiêu chí.", "Choose a scheme.")
		return nil, nil, nil
	}
	sc, v, err := s.PublishedVersion(ctx, id)
	if fault.Is(err, fault.NotFound) {
		bad.Add("scheme_id", "Bộ tiêu chí không tồn tại hoặc chưa được ban hành.", "The scheme does not exist or is not published.")
		return nil, nil, nil
	}
	return sc, v, err
}

// auditEnterprise returns the actor's enterprise, for a new assessment.
func (s *Service) auditEnterprise(ctx context.Context, a *auth.Actor) (*registry.Enterprise, error) {
	if s.reg == nil {
		return nil, fault.Internalf("assessment: no registry")
	}
	return s.reg.FindEnterpriseByID(ctx, registry.EnterpriseID(a.EnterpriseID))
}

var errAuditSelfOnly = fault.New(fault.Forbidden, "Chỉ người đại diện doanh nghiệp được tự đánh giá và đề nghị đánh giá độc lập.",
	"Only an enterprise's representatives run its self-assessments and ask for independent ones.")

// StartSelf starts a self-assessment of the actor's enterprise on the
// published version of a scheme (kept whatever is published later), in
// progress at once. ActSelfAssess.
func (s *Service) StartSelf(ctx context.Context, in StartInput) (*Assessment, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActSelfAssess) || a.EnterpriseID == 0 {
		return nil, errAuditSelfOnly
	}
	bad := fault.Fields{}
	site := auditCheckSite(in.Site, bad)
	sc, v, err := s.auditPublished(ctx, in.SchemeID, bad)
	if err != nil {
		return nil, err
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	e, err := s.auditEnterprise(ctx, a)
	if err != nil {
		return nil, err
	}
	now := s.now()
	x := &Assessment{EnterpriseID: e.ID, EnterpriseName: e.Name, TaxCode: e.TaxCode, ProvinceCode: e.ProvinceCode, SchemeID: sc.ID,
		VersionID: v.ID, VersionNo: v.No, SchemeCode: sc.Code, SchemeName: sc.Name, Mode: ModeSelf, Status: StatusInProgress, Site: site,
		StartedAt: &now, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateAssessment(ctx, x, ""); err != nil {
			return err
		}
		return s.record(ctx, tx, "assessment.self.start", "assessment", int64(x.ID), nil, x)
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// RequestIndependent asks for an independent assessment of the actor's
// enterprise on a scheme's published version, optionally based on one of
// its submitted self-assessments of that scheme. One open independent
// assessment per scheme at a time. ActSelfAssess.
func (s *Service) RequestIndependent(ctx context.Context, in RequestInput) (*Assessment, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActSelfAssess) || a.EnterpriseID == 0 {
		return nil, errAuditSelfOnly
	}
	bad := fault.Fields{}
	site := auditCheckSite(in.Site, bad)
	note := vn.NFC(in.Note)
	if auditCheckText("note", in.Note, bad) && utf8.RuneCountInString(note) > auditMaxNote {
		bad.Add("note", fmt.Sprintf("Tối đa %d ký tự.", auditMaxNote), fmt.Sprintf("At most %d characters.", auditMaxNote))
	}
	sc, v, err := s.auditPublished(ctx, in.SchemeID, bad)
	if err != nil {
		return nil, err
	}
	if in.BasedOn != 0 && sc != nil {
		b, err := s.store.FindAssessment(ctx, in.BasedOn)
		switch {
		case fault.Is(err, fault.NotFound) || err == nil && (int64(b.EnterpriseID) != a.EnterpriseID || b.Mode != ModeSelf):
			bad.Add("based_on", "Không tìm thấy bản tự đánh giá này của doanh nghiệp.", "No such self-assessment of the enterprise.")
		case err != nil:
			return nil, err
		case b.SchemeID != sc.ID || b.Status != StatusSubmitted:
			bad.Add("based_on", "Chọn một bản tự đánh giá đã hoàn thành theo cùng bộ tiêu chí.", "Choose a submitted self-assessment on the same scheme.")
		}
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	e, err := s.auditEnterprise(ctx, a)
	if err != nil {
		return nil, err
	}
	now := s.now()
	x := &Assessment{EnterpriseID: e.ID, EnterpriseName: e.Name, TaxCode: e.TaxCode, ProvinceCode: e.ProvinceCode, SchemeID: sc.ID,
		VersionID: v.ID, VersionNo: v.No, SchemeCode: sc.Code, SchemeName: sc.Name, Mode: ModeIndependent, Status: StatusRequested,
		Site: site, BasedOn: in.BasedOn, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
	err = s.store.Tx(ctx, func(tx Store) error {
		open, n, err := tx.FindAssessments(ctx, AssessmentFilter{EnterpriseID: e.ID, SchemeID: sc.ID, Mode: ModeIndependent,
			Statuses: []Status{StatusRequested, StatusAssigned, StatusInProgress}, Limit: 1})
		if err != nil {
			return err
		}
		if n > 0 {
			return fault.New(fault.Conflict, fmt.Sprintf("Doanh nghiệp đã có đề nghị đánh giá độc lập số %d theo bộ tiêu chí này đang thực hiện.", open[0].ID),
				fmt.Sprintf("The enterprise already has independent assessment no. %d open on this scheme.", open[0].ID))
		}
		if err := tx.CreateAssessment(ctx, x, note); err != nil {
			// Two requests at once: the database keeps one open
			// independent assessment per enterprise and scheme.
			if fault.Is(err, fault.Conflict) {
				return errAuditOpenTwice
			}
			return err
		}
		return s.record(ctx, tx, "assessment.independent.request", "assessment", int64(x.ID), nil, map[string]any{"assessment": x, "note": note})
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

var errAuditOpenTwice = fault.New(fault.Conflict,
	"Doanh nghiệp đã có một đề nghị đánh giá độc lập theo bộ tiêu chí này đang thực hiện (vừa được gửi). Vui lòng tải lại danh sách đánh giá.",
	"The enterprise already has an independent assessment open on this scheme (just sent). Please reload the list of assessments.")

// auditIneligible says why an accreditation does not allow assessing on
// day now ("" when it does).
func auditIneligible(acc *Accreditation, now time.Time) fault.Text {
	switch {
	case acc == nil:
		return fault.Text{Vi: "Chưa được công nhận đánh giá viên cho bộ tiêu chí này.", En: "Not accredited for this scheme."}
	case acc.Status == AccreditationSuspended:
		return fault.Text{Vi: "Chứng nhận đánh giá viên đang bị đình chỉ.", En: "The accreditation is suspended."}
	case acc.Status == AccreditationWithdrawn:
		return fault.Text{Vi: "Chứng nhận đánh giá viên đã bị thu hồi.", En: "The accreditation was withdrawn."}
	case acc.Status != AccreditationActive:
		return fault.Text{Vi: "Chứng nhận đánh giá viên không còn hiệu lực.", En: "The accreditation is not in force."}
	case now.Before(acc.GrantedOn):
		return fault.Text{Vi: "Chứng nhận đánh giá viên có hiệu lực từ " + vn.Date(acc.GrantedOn) + ".", En: "The accreditation takes effect on " + vn.Date(acc.GrantedOn) + "."}
	case !acc.ActiveOn(now):
		return fault.Text{Vi: "Chứng nhận đánh giá viên đã hết hạn ngày " + vn.Date(acc.ExpiresOn) + ".", En: "The accreditation expired on " + vn.Date(acc.ExpiresOn) + "."}
	}
	return fault.Text{}
}

// auditTieReason says why ties are a conflict of interest.
func auditTieReason(ties []Tie) fault.Text {
	for _, t := range ties {
		if t.Kind == "relation" {
			return fault.Text{Vi: "Xung đột lợi ích: có quan hệ đã khai báo với doanh nghiệp.", En: "Conflict of interest: a declared relation with the enterprise."}
		}
	}
	return fault.Text{Vi: fmt.Sprintf("Xung đột lợi ích: là chuyên gia tư vấn của doanh nghiệp trong %d năm gần đây.", ConflictWindow),
		En: fmt.Sprintf("Conflict of interest: the enterprise's consultant in the last %d years.", ConflictWindow)}
}

// auditJudge fills c's eligibility for x on day now.
func (s *Service) auditJudge(ctx context.Context, st Store, c *Candidate, x *Assessment, now time.Time) error {
	ties, err := st.FindConsultingTies(ctx, c.UserID, int64(x.EnterpriseID), now.AddDate(-ConflictWindow, 0, 0))
	if err != nil {
		return err
	}
	c.Ties = ties
	c.Reason = auditIneligible(c.Accreditation, now)
	if c.Reason == (fault.Text{}) && len(ties) > 0 {
		c.Reason = auditTieReason(ties)
	}
	c.Eligible = c.Reason == (fault.Text{})
	return nil
}

// Candidates returns the assessors accredited on x's scheme, each with
// its conflict of interest and whether it may be assigned (the eligible
// first). ActAssessmentManage in x's scope, while x awaits its assessor.
func (s *Service) Candidates(ctx context.Context, id AssessmentID) ([]Candidate, error) {
	a, x, err := s.auditVisible(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	if !mayAuditManage(a, x) {
		return nil, errAuditAssignDenied
	}
	if x.Mode != ModeIndependent {
		return nil, fault.New(fault.Conflict, "Tự đánh giá không có đánh giá viên.", "A self-assessment has no assessor.")
	}
	cs, err := s.store.FindAuditCandidates(ctx, x.SchemeID, day(s.now()), auditMaxCandidates)
	if err != nil {
		return nil, err
	}
	now := s.now()
	for i := range cs {
		if err := s.auditJudge(ctx, s.store, &cs[i], x, now); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(cs, func(p, q Candidate) int {
		if p.Eligible != q.Eligible {
			if p.Eligible {
				return -1
			}
			return 1
		}
		return 0
	})
	return cs, nil
}

var errAuditAssignDenied = fault.New(fault.Forbidden, "Chỉ cán bộ quản lý của địa phương hoặc của Bộ được phân công đánh giá viên.",
	"Only the officers of the enterprise's province or of the ministry assign assessors.")

// auditLoad reads x for a change and checks the version the client read.
func (s *Service) auditLoad(ctx context.Context, tx Store, id AssessmentID, version int) (*auth.Actor, *Assessment, error) {
	a, x, err := s.auditVisible(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	if version != x.Version {
		return nil, nil, errAuditConflict
	}
	return a, x, nil
}

// Assign assigns an assessor to an independent assessment that awaits one
// (or changes the assessor before the audit starts): an enabled assessor
// account with an accreditation for the scheme in force today and no
// conflict of interest with the enterprise (not its consultant within
// ConflictWindow years, no declared relation). The assessor is told by
// mail. ActAssessmentManage in the enterprise's scope.
func (s *Service) Assign(ctx context.Context, id AssessmentID, version int, assessor auth.UserID) (*Assessment, error) {
	var out *Assessment
	var who *AuditUser
	err := s.store.Tx(ctx, func(tx Store) error {
		a, x, err := s.auditLoad(ctx, tx, id, version)
		if err != nil {
			return err
		}
		if !mayAuditManage(a, x) {
			return errAuditAssignDenied
		}
		if x.Mode != ModeIndependent || (x.Status != StatusRequested && x.Status != StatusAssigned) {
			return fault.New(fault.Conflict, "Chỉ phân công đánh giá viên cho đề nghị đánh giá độc lập chưa bắt đầu.",
				"Assessors are assigned to independent assessments that have not started.")
		}
		if assessor == 0 {
			return fault.New(fault.Invalid, "Chọn đánh giá viên.", "Choose an assessor.").Field("assessor_id", "Chọn đánh giá viên.", "Choose an assessor.")
		}
		u, err := tx.FindAuditUser(ctx, assessor)
		if err != nil && !fault.Is(err, fault.NotFound) {
			return err
		}
		if u == nil || u.Role != auth.RoleAssessor || u.Disabled {
			return fault.New(fault.Invalid, "Tài khoản này không phải đánh giá viên đang hoạt động.", "This account is not an active assessor.").
				Field("assessor_id", "Tài khoản này không phải đánh giá viên đang hoạt động.", "This account is not an active assessor.")
		}
		c := Candidate{UserID: u.ID, Name: u.Name, Email: u.Email}
		acc, err := tx.FindAccreditationFor(ctx, u.ID, x.SchemeID)
		switch {
		case err == nil:
			c.Accreditation = acc
		case !fault.Is(err, fault.NotFound):
			return err
		}
		now := s.now()
		if err := s.auditJudge(ctx, tx, &c, x, now); err != nil {
			return err
		}
		if !c.Eligible {
			return fault.New(fault.Invalid, "Không thể phân công "+u.Name+": "+c.Reason.Vi, "Cannot assign "+u.Name+": "+c.Reason.En).
				Field("assessor_id", c.Reason.Vi, c.Reason.En)
		}
		before := *x
		x.Status, x.AssessorID, x.AssessorName, x.UpdatedAt = StatusAssigned, u.ID, u.Name, now
		if err := tx.UpdateAssessment(ctx, x); err != nil {
			return auditConflict(err)
		}
		out, who = x, u
		return s.record(ctx, tx, "assessment.assign", "assessment", int64(x.ID), &before, map[string]any{"assessment": x, "accreditation": acc.Number})
	})
	if err != nil {
		return nil, err
	}
	s.auditNotify(ctx, []AuditUser{*who}, out,
		fault.Text{Vi: "Phân công đánh giá độc lập", En: "Independent assessment assigned"},
		fault.Text{Vi: fmt.Sprintf("Bạn được phân công đánh giá độc lập %s theo bộ tiêu chí \"%s\" (khu vực: %s).", out.EnterpriseName, out.SchemeName.Vi, out.Site),
			En: fmt.Sprintf("You are assigned the independent assessment of %s on \"%s\" (site: %s).", out.EnterpriseName, out.SchemeName.En, out.Site)})
	return out, nil
}

// auditConflict turns a stale-version Conflict of the store into this
// area's message.
func auditConflict(err error) error {
	if fault.Is(err, fault.Conflict) {
		return errAuditConflict
	}
	return err
}

// StartAudit starts an assigned independent assessment: the assessor
// begins answering. Only the assigned assessor.
func (s *Service) StartAudit(ctx context.Context, id AssessmentID, version int) (*Assessment, error) {
	var out *Assessment
	err := s.store.Tx(ctx, func(tx Store) error {
		a, x, err := s.auditLoad(ctx, tx, id, version)
		if err != nil {
			return err
		}
		if x.Mode != ModeIndependent || !mayAuditAnswer(a, x) {
			if mayAuditAnswer(a, x) || mayAuditOwn(a, x) || mayAuditManage(a, x) {
				return fault.New(fault.Forbidden, "Chỉ đánh giá viên được phân công bắt đầu cuộc đánh giá.", "Only the assigned assessor starts the audit.")
			}
			return errAuditNotFound
		}
		if x.Status != StatusAssigned {
			return fault.New(fault.Conflict, "Cuộc đánh giá đã bắt đầu hoặc đã kết thúc.", "The audit has already started or ended.")
		}
		if err := s.auditCheckLapse(ctx, tx, a, x); err != nil {
			return err
		}
		before := *x
		now := s.now()
		x.Status, x.StartedAt, x.UpdatedAt = StatusInProgress, &now, now
		if err := tx.UpdateAssessment(ctx, x); err != nil {
			return auditConflict(err)
		}
		out = x
		return s.record(ctx, tx, "assessment.start", "assessment", int64(x.ID), &before, x)
	})
	return out, err
}

// Cancel cancels an open assessment with a reason: the enterprise before
// the audit starts (or its own self-assessment), an officer of its scope
// at any time before submission.
func (s *Service) Cancel(ctx context.Context, id AssessmentID, version int, reason string) (*Assessment, error) {
	raw := reason
	reason = vn.NFC(reason)
	var out *Assessment
	err := s.store.Tx(ctx, func(tx Store) error {
		a, x, err := s.auditLoad(ctx, tx, id, version)
		if err != nil {
			return err
		}
		if !x.Status.Open() {
			return fault.New(fault.Conflict, "Cuộc đánh giá đã kết thúc, không hủy được.", "The assessment has ended and cannot be cancelled.")
		}
		if !mayAuditCancel(a, x) {
			return fault.New(fault.Forbidden, "Doanh nghiệp chỉ hủy được đề nghị chưa bắt đầu đánh giá; sau đó liên hệ cơ quan quản lý.",
				"The enterprise cancels a request only before the audit starts; after that, ask the officers.")
		}
		switch {
		case !auditTextOK(raw):
			return fault.New(fault.Invalid, auditBadText.Vi, auditBadText.En).Field("reason", auditBadText.Vi, auditBadText.En)
		case reason == "":
			return fault.New(fault.Invalid, "Nhập lý do hủy.", "Enter the reason for cancelling.").Field("reason", "Nhập lý do hủy.", "Enter the reason for cancelling.")
		case utf8.RuneCountInString(reason) > auditMaxReason:
			return fault.New(fault.Invalid, "Lý do quá dài.", "The reason is too long.").
				Field("reason", fmt.Sprintf("Tối đa %d ký tự.", auditMaxReason), fmt.Sprintf("At most %d characters.", auditMaxReason))
		}
		before := *x
		x.Status, x.CancelReason, x.UpdatedAt = StatusCancelled, reason, s.now()
		if err := tx.UpdateAssessment(ctx, x); err != nil {
			return auditConflict(err)
		}
		out = x
		return s.record(ctx, tx, "assessment.cancel", "assessment", int64(x.ID), &before, x)
	})
	return out, err
}

// auditNotify mails users about x, in each one's language, with a link; a
// failure is logged, never the caller's (the change is done).
func (s *Service) auditNotify(ctx context.Context, users []AuditUser, x *Assessment, subject, body fault.Text) {
	if s.mailer == nil {
		return
	}
	link := s.baseURL + "/assessments/" + strconv.FormatInt(int64(x.ID), 10)
	for _, u := range users {
		if u.Email == "" || u.Disabled {
			continue
		}
		lang := u.Lang
		if err := s.mailer.SendMail(ctx, u.Email, "[NSCL] "+subject.In(lang), body.In(lang)+"\n\n"+link+"\n"); err != nil {
			s.log.Warn("assessment: notice not sent", "assessment", int64(x.ID), "err", err)
		}
	}
}
