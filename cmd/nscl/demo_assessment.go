package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/directory"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// Demo emails of the assessments.
const (
	asmAssessorEmail   = "danhgiavien@nscl.demo"
	asmConflictedEmail = "danhgia0001@nscl.demo" // accredited on every scheme, a declared relation with the demo enterprise
	asmExpiredEmail    = "danhgia0002@nscl.demo" // accredited on every scheme until last month
)

// asmSites are the areas the demo assesses.
var asmSites = []string{"Xưởng dập và hàn", "Kho nguyên vật liệu", "Dây chuyền lắp ráp số 2", "Xưởng ép nhựa", "Toàn nhà máy",
	"Khu vực đóng gói", "Xưởng may số 1", "Phân xưởng cơ khí chính xác", "Văn phòng và kho thành phẩm", "Xưởng sơn tĩnh điện"}

// asmNotes are observations of the audits.
var asmNotes = []string{"Còn vật dụng không dùng đến ở góc xưởng.", "Nhãn vị trí dụng cụ bị mờ, cần dán lại.",
	"Lịch vệ sinh có nhưng chưa ghi chép đầy đủ.", "Người lao động nắm rõ quy định, trả lời tốt.", "Có ảnh trước và sau cải tiến.",
	"Lối đi bị lấn chiếm bởi pallet hàng.", "Bảng theo dõi 5S cập nhật hằng tuần.", ""}

// asmGen makes the demo's assessments.
type asmGen struct {
	rng   *rand.Rand
	st    assessment.Store
	now   time.Time
	users map[string]auth.UserID
	names map[auth.UserID]string
	// open holds the (enterprise, scheme) pairs with an open independent
	// assessment: one at a time (0028's unique index).
	open map[[2]int64]bool
}

// asmScheme is a shipped scheme with its published version.
type asmScheme struct {
	sc *assessment.Scheme
	v  *assessment.Version
}

// seedAssessments fills the demo's assessments (after seedTraining, which
// accredits the demo assessor; the accreditations this needs are ensured
// here through the assessment store, so that it does not depend on it):
// the demo enterprise's submitted 5S self-assessment of last year, its
// independent 5S assessment of last year, one self-assessment in progress
// this year and an independent 5S assessment assigned to the demo
// assessor; another enterprise's independent assessment in progress with
// the demo assessor; and across provinces about seventy more in every
// status, among them more than forty submitted independent assessments
// with a level reached (2022 to this month, on the three schemes, one in
// Hà Nội at least), which the certificates' demo recognises. An accredited
// assessor with a declared relation with the demo enterprise, and one
// whose accreditation expired, show the refusals of the assignment.
func (a *app) seedAssessments(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	st := a.db.Assessment()
	var schemes []asmScheme
	for _, code := range []string{"5s", "kaizen-lean-tpm", "gtclqg-1000"} {
		sc, err := st.FindSchemeByCode(ctx, code)
		if fault.Is(err, fault.NotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("demo: assessments: %w", err)
		}
		if sc.Published == 0 {
			continue
		}
		v, err := st.FindVersion(ctx, sc.Published)
		if err != nil {
			return fmt.Errorf("demo: assessments: %w", err)
		}
		schemes = append(schemes, asmScheme{sc, v})
	}
	if len(schemes) == 0 || schemes[0].sc.Code != "5s" {
		a.log.Warn("demo: no shipped 5S scheme: no demo assessments")
		return nil
	}
	now := time.Now()
	g := &asmGen{rng: rand.New(rand.NewPCG(seed, 0xA55E55)), st: st, now: now, users: map[string]auth.UserID{}, names: map[auth.UserID]string{},
		open: map[[2]int64]bool{}}
	for _, email := range []string{demoEnterpriseEmail, asmAssessorEmail, asmConflictedEmail, asmExpiredEmail,
		"danhgia0003@nscl.demo", "danhgia0004@nscl.demo", "danhgia0005@nscl.demo", "danhgia0006@nscl.demo"} {
		u, err := a.db.Auth().FindUserByEmail(ctx, email)
		if fault.Is(err, fault.NotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("demo: assessments: %w", err)
		}
		g.users[email], g.names[u.ID] = u.ID, u.Name
	}
	owner, ok := g.users[demoEnterpriseEmail]
	if !ok {
		return nil
	}
	ownerUser, err := a.db.Auth().FindUserByEmail(ctx, demoEnterpriseEmail)
	if err != nil {
		return err
	}
	own, err := a.db.Registry().FindEnterpriseByID(ctx, registry.EnterpriseID(ownerUser.EnterpriseID))
	if err != nil {
		return fmt.Errorf("demo: assessments: %w", err)
	}

	// The accreditations the demo needs.
	today := asmDay(now)
	bulkAssessors := []auth.UserID{}
	for _, email := range []string{"danhgia0003@nscl.demo", "danhgia0004@nscl.demo", "danhgia0005@nscl.demo", "danhgia0006@nscl.demo"} {
		if id, ok := g.users[email]; ok {
			bulkAssessors = append(bulkAssessors, id)
		}
	}
	accredit := func(user auth.UserID, sc *assessment.Scheme, granted, expires time.Time) error {
		acc := &assessment.Accreditation{UserID: user, SchemeID: sc.ID, Number: fmt.Sprintf("DGV-%s-D%05d", asmCodeTag(sc.Code), int64(user)),
			GrantedOn: granted, ExpiresOn: expires, Status: assessment.AccreditationActive, Note: "Dữ liệu mẫu"}
		if err := st.EnsureAssessorAccreditation(ctx, acc); err != nil {
			return fmt.Errorf("demo: accreditation: %w", err)
		}
		return nil
	}
	granted := time.Date(2021, 6, 1, 0, 0, 0, 0, vn.Zone)
	for _, s := range schemes {
		if id, ok := g.users[asmAssessorEmail]; ok {
			if err := accredit(id, s.sc, granted, today.AddDate(3, 0, 0)); err != nil {
				return err
			}
		}
		for _, id := range bulkAssessors {
			if err := accredit(id, s.sc, granted, today.AddDate(2, 0, 0)); err != nil {
				return err
			}
		}
	}
	five := schemes[0]
	if id, ok := g.users[asmConflictedEmail]; ok {
		for _, s := range schemes {
			if err := accredit(id, s.sc, granted, today.AddDate(2, 0, 0)); err != nil {
				return err
			}
		}
		if err := a.asmRelation(ctx, id, g.names[id], own, now); err != nil {
			return err
		}
	}
	if id, ok := g.users[asmExpiredEmail]; ok {
		for _, s := range schemes {
			if err := accredit(id, s.sc, granted.AddDate(-3, 0, 0), today.AddDate(0, -1, 0)); err != nil {
				return err
			}
		}
	}
	demoAssessor := g.users[asmAssessorEmail]
	if demoAssessor == 0 && len(bulkAssessors) > 0 {
		demoAssessor = bulkAssessors[0]
	}
	pickAssessor := func(i int) auth.UserID {
		if len(bulkAssessors) == 0 || i%5 == 0 {
			return demoAssessor
		}
		return bulkAssessors[i%len(bulkAssessors)]
	}

	// Enterprises across provinces, Hà Nội and Hồ Chí Minh City first.
	var firms []*registry.Enterprise
	seen := map[registry.EnterpriseID]bool{own.ID: true}
	for _, prov := range []string{"01", "79", "31", "48", "24", "92", "22", "75", "38", "04", "56", "66", "82", "96", "19", "40"} {
		es, _, err := a.db.Registry().FindEnterprises(ctx, registry.Filter{ProvinceCode: prov, Limit: 6})
		if err != nil {
			return fmt.Errorf("demo: assessments: %w", err)
		}
		for _, e := range es {
			if !seen[e.ID] {
				seen[e.ID] = true
				firms = append(firms, e)
			}
		}
	}
	if len(firms) < 10 {
		es, _, err := a.db.Registry().FindEnterprises(ctx, registry.Filter{Sort: registry.SortEmployeesDesc, Limit: 80})
		if err != nil {
			return err
		}
		for _, e := range es {
			if !seen[e.ID] {
				seen[e.ID] = true
				firms = append(firms, e)
			}
		}
	}
	if len(firms) == 0 {
		return nil
	}
	// Interleave the provinces, so that any run of firms spans several.
	byProv := map[string][]*registry.Enterprise{}
	var provs []string
	for _, e := range firms {
		if byProv[e.ProvinceCode] == nil {
			provs = append(provs, e.ProvinceCode)
		}
		byProv[e.ProvinceCode] = append(byProv[e.ProvinceCode], e)
	}
	firms = firms[:0]
	for round := 0; len(firms) < len(seen)-1; round++ {
		added := false
		for _, p := range provs {
			if round < len(byProv[p]) {
				firms = append(firms, byProv[p][round])
				added = true
			}
		}
		if !added {
			break
		}
	}

	return st.Tx(ctx, func(tx assessment.Store) error {
		g.st = tx
		year := now.In(vn.Zone).Year()
		lastYear := time.Date(year-1, 4, 14, 9, 0, 0, 0, vn.Zone)
		// The demo enterprise: last year's self-assessment and its
		// independent assessment, both submitted; this year's
		// self-assessment in progress; an independent 5S assessment
		// assigned to the demo assessor.
		self, err := g.make(own, five, assessment.ModeSelf, assessment.StatusSubmitted, owner, 0, 0, "Toàn nhà máy", lastYear, 0.7, "")
		if err != nil {
			return err
		}
		if _, err := g.make(own, five, assessment.ModeIndependent, assessment.StatusSubmitted, owner, demoAssessor, self.ID, "Toàn nhà máy",
			lastYear.AddDate(0, 1, 0), 0.78, "Đề nghị đánh giá để xét công nhận Thực hành tốt 5S."); err != nil {
			return err
		}
		thisYear := now.AddDate(0, 0, -12)
		if _, err := g.make(own, five, assessment.ModeSelf, assessment.StatusInProgress, owner, 0, 0, "Xưởng dập và hàn", thisYear, 0.8, ""); err != nil {
			return err
		}
		if _, err := g.make(own, five, assessment.ModeIndependent, assessment.StatusAssigned, owner, demoAssessor, 0, "Xưởng dập và hàn",
			now.AddDate(0, 0, -5), 0, "Xưởng đã hoàn thành cải tiến sau đợt tự đánh giá; sẵn sàng đón đoàn từ tuần sau."); err != nil {
			return err
		}
		// A request awaiting its assessor in Hà Nội and in Hồ Chí Minh City,
		// for the provincial officers.
		// (The province's last firm: the first has an audit in progress
		// below.)
		for _, prov := range []string{"01", "79"} {
			if es := byProv[prov]; len(es) > 0 {
				if _, err := g.make(es[len(es)-1], five, assessment.ModeIndependent, assessment.StatusRequested, 0, 0, 0, asmSites[4],
					now.AddDate(0, 0, -4), 0, "Doanh nghiệp đã hoàn thành tự đánh giá, đề nghị đánh giá độc lập để được công nhận."); err != nil {
					return err
				}
			}
		}
		// Across provinces.
		n := 0
		firm := func() *registry.Enterprise {
			e := firms[n%len(firms)]
			n++
			return e
		}
		// The next firm without an open independent assessment on s, for
		// an open independent one.
		freeFirm := func(mode assessment.Mode, status assessment.Status, s asmScheme) *registry.Enterprise {
			for range len(firms) {
				e := firm()
				if mode != assessment.ModeIndependent || !status.Open() || !g.open[[2]int64{int64(e.ID), int64(s.sc.ID)}] {
					return e
				}
			}
			return firm()
		}
		if _, err := g.make(freeFirm(assessment.ModeIndependent, assessment.StatusInProgress, five), five, assessment.ModeIndependent, assessment.StatusInProgress, 0, demoAssessor, 0, asmSites[1],
			now.AddDate(0, 0, -9), 0.75, "Đánh giá lần đầu."); err != nil {
			return err
		}
		// More than forty submitted independent assessments with a level,
		// from January 2022 to this month.
		const nRecognisable = 44
		from := time.Date(2022, 1, 10, 9, 0, 0, 0, vn.Zone)
		span := now.Sub(from)
		for i := range nRecognisable {
			s := schemes[i%len(schemes)]
			at := from.Add(time.Duration(float64(span) * float64(i) / float64(nRecognisable)))
			if at.After(now.Add(-48 * time.Hour)) {
				at = now.Add(-48 * time.Hour)
			}
			e := firm()
			target := 0.72 + 0.25*g.rng.Float64()
			if _, err := g.make(e, s, assessment.ModeIndependent, assessment.StatusSubmitted, 0, pickAssessor(i), 0,
				asmSites[g.rng.IntN(len(asmSites))], at.Add(-30*24*time.Hour), target, ""); err != nil {
				return err
			}
		}
		// The other statuses.
		type mk struct {
			mode   assessment.Mode
			status assessment.Status
			n      int
			target float64
		}
		for _, m := range []mk{
			{assessment.ModeSelf, assessment.StatusSubmitted, 10, 0.6},
			{assessment.ModeSelf, assessment.StatusInProgress, 5, 0.6},
			{assessment.ModeSelf, assessment.StatusCancelled, 2, 0},
			{assessment.ModeIndependent, assessment.StatusRequested, 5, 0},
			{assessment.ModeIndependent, assessment.StatusAssigned, 4, 0},
			{assessment.ModeIndependent, assessment.StatusInProgress, 3, 0.7},
			{assessment.ModeIndependent, assessment.StatusCancelled, 2, 0},
			{assessment.ModeIndependent, assessment.StatusSubmitted, 3, 0.45}, // below every level
		} {
			for i := range m.n {
				s := schemes[(i+int(m.status[0]))%len(schemes)]
				created := now.AddDate(0, -g.rng.IntN(30), -g.rng.IntN(28)-3)
				if m.status.Open() {
					created = now.AddDate(0, 0, -3-g.rng.IntN(40))
				}
				var as auth.UserID
				if m.mode == assessment.ModeIndependent && m.status != assessment.StatusRequested &&
					!(m.status == assessment.StatusCancelled && i == 0) {
					as = pickAssessor(i + 1)
				}
				note := ""
				if m.mode == assessment.ModeIndependent {
					note = "Doanh nghiệp đề nghị đánh giá để được công nhận."
				}
				target := m.target
				if target > 0 {
					target += 0.3 * g.rng.Float64()
				}
				if _, err := g.make(freeFirm(m.mode, m.status, s), s, m.mode, m.status, 0, as, 0, asmSites[g.rng.IntN(len(asmSites))], created, target, note); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// asmCodeTag is a scheme code's tag in accreditation numbers.
func asmCodeTag(code string) string {
	switch code {
	case "5s":
		return "5S"
	case "kaizen-lean-tpm":
		return "CT"
	case "gtclqg-1000":
		return "XS"
	}
	return "KH"
}

// asmDay is t's calendar day in Vietnam.
func asmDay(t time.Time) time.Time {
	t = t.In(vn.Zone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, vn.Zone)
}

// asmRelation gives an assessor account an expert profile (if it has
// none) with a declared relation with the enterprise: a conflict of
// interest that the assignment refuses.
func (a *app) asmRelation(ctx context.Context, user auth.UserID, name string, e *registry.Enterprise, now time.Time) error {
	ds := a.db.Directory()
	x, err := ds.FindExpertByUser(ctx, user)
	if fault.Is(err, fault.NotFound) {
		x = &directory.Expert{UserID: user, Kind: directory.KindExpert, Name: name, ProvinceCode: e.ProvinceCode, Languages: []string{"vi"},
			Capacity: 1, Status: directory.StatusActive, CreatedAt: now, UpdatedAt: now}
		x.Normalize()
		if err := ds.CreateExpert(ctx, x); err != nil {
			return fmt.Errorf("demo: the conflicted assessor's profile: %w", err)
		}
	} else if err != nil {
		return err
	}
	err = ds.AddRelation(ctx, &directory.Relation{ExpertID: x.ID, EnterpriseID: int64(e.ID), Kind: directory.RelationConsultant,
		Note: "Tư vấn triển khai 5S cho doanh nghiệp năm ngoái", DeclaredAt: now.AddDate(0, -8, 0)})
	if err != nil && !fault.Is(err, fault.Conflict) {
		return fmt.Errorf("demo: relation: %w", err)
	}
	return nil
}

// make stores one assessment of e on s created at created: answers on a
// share target of the scale for those in progress (about two thirds of
// the items) and submitted (every item, scored and frozen).
func (g *asmGen) make(e *registry.Enterprise, s asmScheme, mode assessment.Mode, status assessment.Status, by, assessor auth.UserID,
	basedOn assessment.AssessmentID, site string, created time.Time, target float64, note string) (*assessment.Assessment, error) {
	ctx := context.Background()
	x := &assessment.Assessment{EnterpriseID: e.ID, EnterpriseName: e.Name, ProvinceCode: e.ProvinceCode, SchemeID: s.sc.ID,
		VersionID: s.v.ID, VersionNo: s.v.No, Mode: mode, Status: status, Site: site, AssessorID: assessor, BasedOn: basedOn, CreatedBy: by,
		CreatedAt: created.UTC(), UpdatedAt: created.UTC()}
	if status == assessment.StatusRequested {
		x.AssessorID = 0
	}
	started := created.Add(time.Duration(2+g.rng.IntN(20)) * 24 * time.Hour)
	if mode == assessment.ModeSelf {
		started = created
	}
	if started.After(g.now) {
		started = g.now.Add(-time.Hour)
	}
	answer := status == assessment.StatusInProgress || status == assessment.StatusSubmitted
	if answer || status == assessment.StatusCancelled && mode == assessment.ModeSelf {
		t := started.UTC()
		x.StartedAt = &t
	}
	if status == assessment.StatusCancelled {
		x.CancelReason = "Doanh nghiệp tạm dừng sản xuất để di dời nhà xưởng."
	}
	if err := g.st.CreateAssessment(ctx, x, note); err != nil {
		return nil, fmt.Errorf("demo: assessment: %w", err)
	}
	if mode == assessment.ModeIndependent && status.Open() {
		g.open[[2]int64{int64(e.ID), int64(s.sc.ID)}] = true
	}
	if !answer {
		return x, nil
	}
	answers := map[string]assessment.Answer{}
	at := started.Add(2 * time.Hour)
	body := &s.v.Body
	keys := 0
	for _, sec := range body.Sections {
		// Each section a little above or below the target, so that the
		// radar has a shape.
		bias := (g.rng.Float64() - 0.5) * 0.3
		for _, it := range sec.Items {
			keys++
			if status == assessment.StatusInProgress && g.rng.IntN(3) == 0 {
				continue
			}
			_, sc, _ := body.Item(it.Key)
			ans := assessment.Answer{ItemKey: it.Key, AnsweredBy: x.AssessorID, AnsweredAt: at.UTC()}
			if mode == assessment.ModeSelf {
				ans.AnsweredBy = x.CreatedBy
			}
			if it.AllowNA && g.rng.IntN(10) == 0 {
				ans.NA = true
			} else {
				f := min(max(target+bias+(g.rng.Float64()-0.5)*0.35, 0), 1)
				ans.Value = sc.Min + int(math.Round(f*float64(sc.Max-sc.Min)))
				if g.rng.IntN(4) == 0 {
					ans.Note = asmNotes[g.rng.IntN(len(asmNotes))]
				}
			}
			at = at.Add(time.Duration(1+g.rng.IntN(6)) * time.Minute)
			answers[it.Key] = ans
			if _, err := g.st.UpsertAnswer(ctx, x.ID, ans); err != nil {
				return nil, fmt.Errorf("demo: answer: %w", err)
			}
		}
	}
	if status != assessment.StatusSubmitted {
		return x, nil
	}
	r := assessment.Score(body, answers)
	sub := at.Add(10 * time.Minute).UTC()
	if sub.After(g.now) {
		sub = g.now.Add(-time.Minute).UTC()
	}
	x.SubmittedAt, x.ScorePct, x.Points, x.UpdatedAt = &sub, r.Pct, r.Points, sub
	if r.Level != nil {
		x.LevelCode = r.Level.Code
	}
	if err := g.st.UpdateAssessment(ctx, x); err != nil {
		return nil, fmt.Errorf("demo: submit: %w", err)
	}
	return x, nil
}
