package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math/rand/v2"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/fault"
	"nscl/internal/photo"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// findingSample is a finding of the demo with its corrective action.
type findingSample struct {
	desc, action, owner string
}

// findingSamples are findings as 5S and improvement audits write them.
var findingSamples = []findingSample{
	{"Dụng cụ cầm tay để lẫn trên bàn thao tác, không có vị trí cố định.", "Làm bảng treo dụng cụ có vẽ bóng, dán nhãn từng vị trí.", "Nguyễn Văn Hùng — tổ trưởng tổ lắp ráp"},
	{"Lối đi bị lấn chiếm bởi pallet bán thành phẩm.", "Kẻ vạch sơn vàng lối đi, quy định khu vực để pallet chờ.", "Trần Thị Thu — quản đốc xưởng"},
	{"Còn nhiều vật tư hỏng, không dùng đến ở góc kho.", "Dán thẻ đỏ, lập biên bản thanh lý vật tư hỏng trong tháng.", "Lê Minh Tuấn — thủ kho"},
	{"Lịch vệ sinh máy có nhưng không được ghi chép hằng ngày.", "Treo phiếu kiểm tra vệ sinh tại máy, tổ trưởng ký cuối ca.", "Phạm Quốc Bảo — tổ trưởng ca 2"},
	{"Bình chữa cháy bị che khuất bởi thùng hàng.", "Dọn thông khu vực, kẻ ô cấm để hàng trước bình chữa cháy.", "Đỗ Văn Nam — cán bộ an toàn"},
	{"Nhãn vị trí khuôn mẫu bị mờ, khó đọc.", "In lại nhãn bằng vật liệu chịu dầu, cập nhật sơ đồ khuôn.", "Vũ Thị Lan — kỹ thuật viên khuôn"},
	{"Rò rỉ dầu thủy lực tại máy ép số 3, chưa có khay hứng.", "Thay phớt, lắp khay hứng dầu, đưa vào kế hoạch bảo dưỡng định kỳ.", "Hoàng Văn Sơn — tổ bảo trì"},
	{"Người lao động chưa nắm quy định 5S của khu vực.", "Đào tạo lại 5S cho ca sản xuất, kiểm tra nhanh sau đào tạo.", "Ngô Thị Hà — phòng nhân sự"},
	{"Hồ sơ kiểm tra chất lượng đầu vào chưa sắp xếp theo ngày.", "Dùng bìa hồ sơ theo tháng, có mục lục và nơi lưu cố định.", "Bùi Thanh Tâm — phòng QC"},
	{"Chưa có bảng theo dõi chỉ số 5S tại khu vực.", "Lắp bảng 5S, cập nhật điểm đánh giá nội bộ hằng tuần.", "Đặng Quốc Việt — điều phối 5S"},
}

// findingNotes are what the enterprise reports done and the verifiers
// write.
var findingNotes = []string{"Đã hoàn thành, có ảnh trước và sau cải tiến trong hồ sơ 5S.", "Đã thực hiện xong, biên bản nghiệm thu nội bộ ngày gần nhất.",
	"Đã khắc phục và đưa vào quy trình kiểm tra hằng tuần.", "Đã kiểm tra tại hiện trường: đạt yêu cầu.", "Đối chiếu ảnh và hồ sơ: đạt."}

// findingSeed makes the demo's findings and photos.
type findingSeed struct {
	a      *app
	st     assessment.Store
	rng    *rand.Rand
	now    time.Time
	actors map[string]*auth.Actor // by email
}

// svcAt is the assessment service with its clock at t (findings recorded
// in the past, due dates now passed).
func (g *findingSeed) svcAt(t time.Time) *assessment.Service {
	return assessment.NewService(assessment.Options{Store: g.st, Registry: g.a.registry, Geo: g.a.geo, Log: g.a.log,
		Clock: func() time.Time { return t }})
}

func (g *findingSeed) actor(ctx context.Context, email string) *auth.Actor {
	if a, ok := g.actors[email]; ok {
		return a
	}
	u, err := g.a.db.Auth().FindUserByEmail(ctx, email)
	if err != nil {
		g.actors[email] = nil
		return nil
	}
	g.actors[email] = u.Actor()
	return g.actors[email]
}

// seedFindings fills the demo's photo evidence and findings with
// corrective actions (after seedAssessments, whose assessments it reads):
// on the demo enterprise's assessments, findings in every status — open,
// reported done, closed, reopened, overdue — made through the service as
// the people would (the enterprise reports done, the assessor or the
// province's officer closes); photos drawn here on items of its
// self-assessment in progress and of its submitted assessments, and of the
// demo assessor's audit in progress; and a few findings on the submitted
// assessments of other enterprises, for the officers' lists (at most 60).
func (a *app) seedFindings(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	g := &findingSeed{a: a, st: a.db.Assessment(), rng: rand.New(rand.NewPCG(seed, 0xF1D1)), now: time.Now(), actors: map[string]*auth.Actor{}}
	owner := g.actor(ctx, demoEnterpriseEmail)
	if owner == nil || owner.EnterpriseID == 0 {
		return nil
	}
	own, _, err := g.st.FindAssessments(ctx, assessment.AssessmentFilter{EnterpriseID: registry.EnterpriseID(owner.EnterpriseID)})
	if err != nil {
		return fmt.Errorf("demo: findings: %w", err)
	}
	if len(own) == 0 {
		a.log.Warn("demo: the demo enterprise has no assessments: no demo findings")
		return nil
	}
	verifier := g.actor(ctx, "canbo.bo@nscl.demo")
	for _, email := range []string{"so.hanoi@nscl.demo", "so.hcm@nscl.demo"} {
		if o := g.actor(ctx, email); o != nil && o.ProvinceCode == own[0].ProvinceCode {
			verifier = o
		}
	}
	assessor := g.actor(ctx, asmAssessorEmail)
	// The newest of each kind of the demo enterprise's assessments.
	var inProgress, selfDone, indepDone *assessment.Assessment
	for _, x := range own {
		switch {
		case x.Mode == assessment.ModeSelf && x.Status == assessment.StatusInProgress && inProgress == nil:
			inProgress = x
		case x.Mode == assessment.ModeSelf && x.Status == assessment.StatusSubmitted && selfDone == nil:
			selfDone = x
		case x.Mode == assessment.ModeIndependent && x.SubmittedAt != nil && x.AssessorID != 0 && indepDone == nil:
			indepDone = x
		}
	}
	samples := g.rng.Perm(len(findingSamples))
	next := func() findingSample {
		s := findingSamples[samples[0]]
		samples = append(samples[1:], samples[0])
		return s
	}
	// A submitted self-assessment: findings the province's officer (or
	// the ministry's) recorded the day after, on reviewing it (the
	// enterprise records its own only until it submits), in every status.
	if x := selfDone; x != nil && verifier != nil {
		at := g.after(x)
		plan := []findingPlan{{due: 30, steps: "done close"}, {due: 45, steps: "done"}, {due: 20}, {due: 25, steps: "done reopen"},
			{due: 60 + int(g.now.Sub(at).Hours()/24)}}
		if err := g.findings(ctx, x, verifier, owner, verifier, at, plan, next); err != nil {
			return err
		}
	}
	// A submitted independent assessment: the assessor's findings.
	if x := indepDone; x != nil {
		if by := g.actor(ctx, g.email(ctx, x.AssessorID)); by != nil {
			at := g.after(x)
			plan := []findingPlan{{due: 15}, {due: 40, steps: "done"}, {due: 30, steps: "done close"}, {due: 90 + int(g.now.Sub(at).Hours()/24)}}
			if err := g.findings(ctx, x, by, owner, by, at, plan, next); err != nil {
				return err
			}
		}
	}
	// The self-assessment in progress: what the audit found so far.
	if x := inProgress; x != nil {
		at := g.now.Add(-2 * time.Hour)
		if x.StartedAt != nil && x.StartedAt.After(at) {
			at = *x.StartedAt
		}
		if err := g.findings(ctx, x, owner, owner, verifier, at, []findingPlan{{due: 21}, {due: 35}}, next); err != nil {
			return err
		}
	}

	// Photos: two items of the audit in progress, one of each submitted
	// assessment, one of the demo assessor's audit in progress.
	if x := inProgress; x != nil {
		if err := g.photos(ctx, x, owner, 2, 2); err != nil {
			return err
		}
	}
	for _, x := range []*assessment.Assessment{selfDone, indepDone} {
		if x == nil {
			continue
		}
		by := owner
		if x.Mode == assessment.ModeIndependent {
			by = g.actor(ctx, g.email(ctx, x.AssessorID))
		}
		if err := g.photos(ctx, x, by, 1, 1); err != nil {
			return err
		}
	}
	if assessor != nil {
		mine, _, err := g.st.FindAssessments(ctx, assessment.AssessmentFilter{AssessorID: assessor.UserID, Statuses: []assessment.Status{assessment.StatusInProgress}, Limit: 1})
		if err != nil {
			return fmt.Errorf("demo: findings: %w", err)
		}
		for _, x := range mine {
			if err := g.photos(ctx, x, assessor, 1, 1); err != nil {
				return err
			}
		}
	}
	return g.others(ctx, owner.EnterpriseID, next)
}

// findingPlan is one finding to make: its due date in days after it is
// recorded, and the moves it goes through ("done close", …).
type findingPlan struct {
	due   int
	steps string
}

// after is the moment findings of x are recorded: the day after it was
// submitted (or now, for one not submitted).
func (g *findingSeed) after(x *assessment.Assessment) time.Time {
	if x.SubmittedAt != nil {
		return x.SubmittedAt.Add(26 * time.Hour)
	}
	return g.now
}

func (g *findingSeed) email(ctx context.Context, id auth.UserID) string {
	u, err := g.a.db.Auth().FindUserByID(ctx, id)
	if err != nil {
		return ""
	}
	return u.Email
}

// findings records plan's findings of x by recorder at at, the enterprise
// (owner) reporting done and verifier closing or reopening, each step a
// few days after the one before.
func (g *findingSeed) findings(ctx context.Context, x *assessment.Assessment, recorder, owner, verifier *auth.Actor, at time.Time,
	plan []findingPlan, next func() findingSample) error {
	v, err := g.st.FindVersion(ctx, x.VersionID)
	if err != nil {
		return fmt.Errorf("demo: findings: %w", err)
	}
	var keys []string
	for _, s := range v.Body.Sections {
		for _, it := range s.Items {
			keys = append(keys, it.Key)
		}
	}
	for i, p := range plan {
		s := next()
		in := assessment.FindingInput{Description: s.desc, CorrectiveAction: s.action, OwnerName: s.owner,
			DueDate: vn.Date(at.AddDate(0, 0, p.due))}
		if len(keys) > 0 && i%3 != 2 {
			in.ItemKey = keys[(i*5+g.rng.IntN(3))%len(keys)]
		}
		f, err := g.svcAt(at).CreateFinding(auth.WithActor(ctx, recorder), x.ID, in)
		if err != nil {
			return fmt.Errorf("demo: finding of assessment %d: %w", x.ID, err)
		}
		t := at
		for _, step := range splitSteps(p.steps) {
			t = t.Add(time.Duration(3+g.rng.IntN(6)) * 24 * time.Hour)
			if t.After(g.now) {
				t = g.now.Add(-time.Minute)
			}
			by, note := verifier, ""
			switch step {
			case assessment.MoveDone:
				by, note = owner, findingNotes[g.rng.IntN(2)+0]
			case assessment.MoveClose:
				note = findingNotes[3+g.rng.IntN(2)]
			case assessment.MoveReopen:
				note = "Kiểm tra lại chưa đạt: nhãn vị trí đã bong ở hai khu vực, cần làm lại bằng vật liệu bền hơn."
			}
			if by == nil {
				break
			}
			if f, err = g.svcAt(t).MoveFinding(auth.WithActor(ctx, by), f.ID, f.Version, step, note); err != nil {
				return fmt.Errorf("demo: finding %d %s: %w", f.ID, step, err)
			}
		}
	}
	return nil
}

func splitSteps(s string) []assessment.FindingMove {
	var out []assessment.FindingMove
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if i > start {
				out = append(out, assessment.FindingMove(s[start:i]))
			}
			start = i + 1
		}
	}
	return out
}

// photos adds n photos to each of the first items items of x's scheme
// version, by who (the party who answers x), drawn here: through the
// service while x is open; for one submitted since, as they were taken
// during its audit (the service takes photos only while it is open).
func (g *findingSeed) photos(ctx context.Context, x *assessment.Assessment, who *auth.Actor, items, n int) error {
	if who == nil {
		return nil
	}
	v, err := g.st.FindVersion(ctx, x.VersionID)
	if err != nil {
		return fmt.Errorf("demo: photos: %w", err)
	}
	done := 0
	for _, s := range v.Body.Sections {
		if done >= items || len(s.Items) == 0 {
			break
		}
		key := s.Items[0].Key
		for k := range n {
			b, err := demoPhoto(g.rng, 1280, 960, k)
			if err != nil {
				return err
			}
			if !x.Status.Open() {
				if err := g.pastPhoto(ctx, x, who, key, b); err != nil {
					return err
				}
				continue
			}
			if _, err := g.a.assessment.AddPhoto(auth.WithActor(ctx, who), x.ID, key, bytes.NewReader(b), int64(len(b))); err != nil {
				if fault.Is(err, fault.Forbidden) {
					return nil // an assessment the demo left to someone else
				}
				return fmt.Errorf("demo: photo of assessment %d: %w", x.ID, err)
			}
		}
		done++
	}
	return nil
}

// pastPhoto stores photo b of item key of x as taken by who during its
// audit, an hour before it was submitted.
func (g *findingSeed) pastPhoto(ctx context.Context, x *assessment.Assessment, who *auth.Actor, key string, b []byte) error {
	ph, err := photo.ProcessBytes(b, photo.Options{MaxBytes: assessment.MaxPhotoBytes})
	if err != nil {
		return fmt.Errorf("demo: photo: %w", err)
	}
	at := g.now
	if x.SubmittedAt != nil {
		at = x.SubmittedAt.Add(-time.Hour)
	}
	p := &assessment.Photo{AssessmentID: x.ID, ItemKey: key, ContentType: ph.ContentType, Width: ph.Width, Height: ph.Height,
		SHA256: ph.SHA256, UploadedBy: who.UserID, UploadedAt: at}
	if err := g.st.CreatePhoto(ctx, p, ph.Content, ph.Thumb); err != nil {
		return fmt.Errorf("demo: photo of assessment %d: %w", x.ID, err)
	}
	return nil
}

// others adds findings to up to 20 submitted assessments of other
// enterprises, two of Hà Nội and two of Hồ Chí Minh City among them (by
// the ministry's officer; open, many overdue), for the officers' lists.
func (g *findingSeed) others(ctx context.Context, own int64, next func() findingSample) error {
	ministry := g.actor(ctx, "canbo.bo@nscl.demo")
	if ministry == nil {
		return nil
	}
	// The newest submitted ones, those of Hà Nội and Hồ Chí Minh City (the
	// demo's provincial officers) first.
	done := []assessment.Status{assessment.StatusSubmitted, assessment.StatusRecognised}
	var xs []*assessment.Assessment
	seen := map[assessment.AssessmentID]bool{}
	for _, provs := range [][]string{{"01"}, {"79"}, nil} {
		page, _, err := g.st.FindAssessments(ctx, assessment.AssessmentFilter{Statuses: done, Provinces: provs, Limit: 40})
		if err != nil {
			return fmt.Errorf("demo: findings: %w", err)
		}
		for i, x := range page {
			if !seen[x.ID] && (provs == nil || i < 2) {
				seen[x.ID] = true
				xs = append(xs, x)
			}
		}
	}
	made, n := 0, 0
	for _, x := range xs {
		if int64(x.EnterpriseID) == own || n >= 20 || made >= 60 {
			continue
		}
		n++
		at := g.after(x)
		if at.After(g.now) {
			at = g.now
		}
		plan := []findingPlan{{due: 14 + g.rng.IntN(30)}}
		if g.rng.IntN(2) == 0 {
			plan = append(plan, findingPlan{due: 60 + int(g.now.Sub(at).Hours()/24)})
		}
		// The enterprise of x reports done when the demo has a user of it.
		if err := g.findings(ctx, x, ministry, nil, ministry, at, plan, next); err != nil {
			return err
		}
		made += len(plan)
	}
	return nil
}

// demoPhoto draws a w×h JPEG of a workshop floor (grey floor, yellow lane
// markings, pallets, a shelf, a red extinguisher), variant k.
func demoPhoto(rng *rand.Rand, w, h, k int) ([]byte, error) {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	fill := func(r image.Rectangle, c color.RGBA) { draw.Draw(m, r, &image.Uniform{c}, image.Point{}, draw.Src) }
	fill(m.Rect, color.RGBA{196, 199, 192, 255})                                // the wall
	fill(image.Rect(0, h*2/5, w, h), color.RGBA{150, 158, 150, 255})            // the floor
	fill(image.Rect(0, h*2/5, w, h*2/5+8), color.RGBA{90, 96, 92, 255})         // the skirting
	fill(image.Rect(w/6, h*2/5, w/6+18, h), color.RGBA{240, 196, 0, 255})       // lane markings
	fill(image.Rect(w*5/6-18, h*2/5, w*5/6, h), color.RGBA{240, 196, 0, 255})   //
	fill(image.Rect(w/6, h*3/4, w*5/6, h*3/4+18), color.RGBA{240, 196, 0, 255}) //
	// A shelf with bins on the wall.
	sx := w/20 + k*w/30
	fill(image.Rect(sx, h/10, sx+w/3, h*2/5), color.RGBA{40, 70, 120, 255})
	for row := range 3 {
		for col := range 4 {
			c := []color.RGBA{{30, 110, 200, 255}, {220, 60, 40, 255}, {40, 160, 80, 255}, {250, 250, 250, 255}}[(row+col+k)%4]
			x0, y0 := sx+10+col*(w/3-20)/4, h/10+10+row*(h*3/10-20)/3
			fill(image.Rect(x0, y0, x0+(w/3-20)/4-8, y0+(h*3/10-20)/3-10), c)
		}
	}
	// Pallets with cartons.
	for i := range 2 + rng.IntN(3) {
		x0 := w/4 + i*w/7 + rng.IntN(w/20)
		y0 := h/2 + rng.IntN(h/6)
		fill(image.Rect(x0, y0+h/8, x0+w/9, y0+h/8+14), color.RGBA{150, 110, 60, 255})
		fill(image.Rect(x0+6, y0, x0+w/9-6, y0+h/8), color.RGBA{196, 160, 110, 255})
		fill(image.Rect(x0+6, y0+h/16-2, x0+w/9-6, y0+h/16+2), color.RGBA{160, 120, 80, 255})
	}
	// The extinguisher and its sign.
	ex := w*7/8 + k*6
	fill(image.Rect(ex, h/2-40, ex+34, h/2+70), color.RGBA{200, 20, 20, 255})
	fill(image.Rect(ex+8, h/2-56, ex+26, h/2-40), color.RGBA{30, 30, 30, 255})
	fill(image.Rect(ex-6, h/4, ex+40, h/4+40), color.RGBA{200, 20, 20, 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 88}); err != nil {
		return nil, fmt.Errorf("demo: photo: %w", err)
	}
	return buf.Bytes(), nil
}
