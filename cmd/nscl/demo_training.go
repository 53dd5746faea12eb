package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/seal"
	"nscl/internal/training"
	"nscl/internal/vn"
)

// demoCourse is a course of the demo catalogue.
type demoCourse struct {
	tool       string
	level      training.Level
	title      string
	summary    string
	modules    []training.Module
	assess     training.AssessKind
	passMark   int
	validity   int
	province   string
	minAttend  int
	byProvince bool // held by provincial departments (sessions across provinces)
}

// demoCourses is the demo's catalogue: the programme's usual tools at
// their levels, with curricula of a realistic length.
var demoCourses = []demoCourse{
	{tool: "5s", level: 1, title: "5S cơ bản cho người lao động", summary: "Năm bước Sàng lọc, Sắp xếp, Sạch sẽ, Săn sóc, Sẵn sàng; vai trò của từng người trong duy trì 5S.",
		modules: []training.Module{mod("Khái niệm và lợi ích của 5S", 2), mod("Sàng lọc và sắp xếp nơi làm việc", 2), mod("Sạch sẽ, săn sóc, sẵn sàng", 2), mod("Thực hành tại xưởng và kiểm tra", 2)},
		assess:  training.AssessExam, passMark: 70, validity: 36, byProvince: true},
	{tool: "5s", level: 2, title: "Thực hành tốt 5S: triển khai và đánh giá nội bộ", summary: "Lập kế hoạch triển khai 5S, bảng kiểm đánh giá theo thang 0–4, duy trì bằng đánh giá chéo.",
		modules: []training.Module{mod("Lập kế hoạch và ban 5S", 4), mod("Tiêu chuẩn hóa và quản lý trực quan", 4), mod("Bảng kiểm và đánh giá nội bộ", 4), mod("Thực hành đánh giá tại doanh nghiệp", 4)},
		assess:  training.AssessPractical, validity: 36, byProvince: true},
	{tool: "kaizen", level: 1, title: "Kaizen – cải tiến liên tục", summary: "Tư duy Kaizen, vòng PDCA, đề xuất cải tiến và nhóm cải tiến.",
		modules: []training.Module{mod("Tư duy Kaizen và 7 loại lãng phí", 4), mod("Vòng PDCA và giải quyết vấn đề", 4), mod("Hệ thống đề xuất cải tiến", 4)},
		assess:  training.AssessExam, passMark: 70, validity: 36, byProvince: true},
	{tool: "kaizen", level: 2, title: "Dẫn dắt nhóm Kaizen tại xưởng", summary: "Tổ chức sự kiện Kaizen 3–5 ngày, đo trước – sau, chuẩn hóa kết quả.",
		modules: []training.Module{mod("Chọn đề tài và đo hiện trạng", 6), mod("Phân tích nguyên nhân gốc", 6), mod("Sự kiện Kaizen tại xưởng", 8), mod("Chuẩn hóa và báo cáo", 4)},
		assess:  training.AssessPractical, validity: 36},
	{tool: "lean", level: 2, title: "Sản xuất tinh gọn (Lean Manufacturing)", summary: "Dòng chảy, kéo, cân bằng chuyền, Kanban và đo hiệu quả.",
		modules: []training.Module{mod("Nguyên lý Lean và lãng phí", 8), mod("Dòng chảy một sản phẩm và cân bằng chuyền", 8), mod("Hệ thống kéo và Kanban", 8), mod("Đo lường và duy trì", 8)},
		assess:  training.AssessExam, passMark: 75, validity: 36},
	{tool: "vsm", level: 2, title: "Sơ đồ chuỗi giá trị (VSM)", summary: "Vẽ sơ đồ hiện trạng, tương lai và kế hoạch chuyển đổi.",
		modules: []training.Module{mod("Ký hiệu và thu thập dữ liệu", 4), mod("Sơ đồ hiện trạng", 6), mod("Sơ đồ tương lai và kế hoạch", 6)},
		assess:  training.AssessPractical, validity: 36},
	{tool: "tpm", level: 2, title: "Bảo trì năng suất toàn diện (TPM)", summary: "Tám trụ cột TPM, bảo trì tự quản, OEE và quản lý tổn thất thiết bị.",
		modules: []training.Module{mod("Tám trụ cột TPM", 6), mod("Bảo trì tự quản 7 bước", 6), mod("Hiệu suất thiết bị tổng thể (OEE)", 6), mod("Bảo trì kế hoạch", 6)},
		assess:  training.AssessExam, passMark: 70, validity: 36},
	{tool: "six_sigma", level: 2, title: "Six Sigma – Đai xanh (Green Belt)", summary: "Chu trình DMAIC, thống kê cơ bản, dự án cải tiến thực tế.",
		modules: []training.Module{mod("Xác định và đo lường", 10), mod("Phân tích thống kê", 10), mod("Cải tiến và kiểm soát", 10), mod("Dự án thực tế", 10)},
		assess:  training.AssessExam, passMark: 70, validity: 48},
	{tool: "six_sigma", level: 3, title: "Six Sigma – Đai đen (Black Belt)", summary: "Thiết kế thí nghiệm, hồi quy, dẫn dắt chương trình Six Sigma.",
		modules: []training.Module{mod("Thống kê nâng cao", 20), mod("Thiết kế thí nghiệm (DOE)", 20), mod("Quản lý dự án và huấn luyện", 20), mod("Dự án cấp công ty", 20)},
		assess:  training.AssessExam, passMark: 75, validity: 48},
	{tool: "spc", level: 2, title: "Kiểm soát quá trình bằng thống kê (SPC)", summary: "Biểu đồ kiểm soát X̄-R, I-MR, p, c; năng lực quá trình Cp, Cpk.",
		modules: []training.Module{mod("Biến động và biểu đồ kiểm soát", 8), mod("Biểu đồ cho dữ liệu đo và đếm", 8), mod("Năng lực quá trình", 8)},
		assess:  training.AssessExam, passMark: 70, validity: 36},
	{tool: "qc7", level: 1, title: "7 công cụ kiểm soát chất lượng", summary: "Phiếu kiểm tra, biểu đồ Pareto, nhân quả, phân tán, tần suất, kiểm soát, phân vùng.",
		modules: []training.Module{mod("Thu thập dữ liệu và phiếu kiểm tra", 4), mod("Pareto và biểu đồ nhân quả", 4), mod("Biểu đồ tần suất, phân tán, kiểm soát", 4), mod("Bài tập nhóm", 4)},
		assess:  training.AssessExam, passMark: 60, byProvince: true},
	{tool: "smed", level: 2, title: "Chuyển đổi nhanh (SMED)", summary: "Tách thao tác trong và ngoài, rút ngắn thời gian chuyển đổi khuôn, dây chuyền.",
		modules: []training.Module{mod("Phân tích thao tác chuyển đổi", 4), mod("Chuyển thao tác trong thành ngoài", 4), mod("Thực hành tại máy", 4)},
		assess:  training.AssessPractical, validity: 36},
	{tool: "5s", level: 1, title: "5S cho doanh nghiệp nhỏ và vừa Thủ đô", summary: "Khóa học của Sở Công Thương Hà Nội cho doanh nghiệp nhỏ và vừa trên địa bàn.",
		modules: []training.Module{mod("5S và lợi ích cho doanh nghiệp nhỏ", 3), mod("Thực hành tại doanh nghiệp mẫu", 5)},
		assess:  training.AssessExam, passMark: 65, validity: 24, province: "01"},
}

func mod(title string, hours int) training.Module { return training.Module{Title: title, Hours: hours} }

// demoVenues are the training venues of a few provinces.
var demoVenues = map[string][]string{
	"01": {"Viện Năng suất Việt Nam, số 8 Hoàng Quốc Việt, Cầu Giấy", "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội, 25 Hàng Bài"},
	"79": {"Trung tâm Năng suất và Chất lượng, 263 Điện Biên Phủ, Quận 3", "Khu chế xuất Tân Thuận, Quận 7"},
	"48": {"Trung tâm Khuyến công Đà Nẵng, 44 Lê Văn Hiến"},
	"31": {"Sở Công Thương Hải Phòng, 15 Trần Phú"},
	"24": {"KCN Yên Phong, Bắc Ninh"},
	"75": {"KCN Biên Hòa 2, Đồng Nai"},
	"92": {"Trung tâm Khuyến công Cần Thơ, 19 Hùng Vương"},
	"22": {"Hội trường Sở Công Thương Quảng Ninh, Hạ Long"},
	"38": {"Trung tâm Khuyến công Thanh Hóa"},
	"40": {"Trường Đại học Vinh, Nghệ An"},
}

var demoTrainers = []string{"ThS. Nguyễn Thị Minh Hòa", "TS. Trần Quang Vinh", "KS. Lê Hoàng Nam", "ThS. Phạm Đức Anh", "TS. Vũ Thị Thu Hương",
	"ThS. Đỗ Văn Khánh", "KS. Bùi Thị Lan Phương", "ThS. Hoàng Minh Tuấn"}

var (
	demoFamily = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
	demoMiddle = []string{"Văn", "Thị", "Đức", "Minh", "Thị Thu", "Quang", "Thanh", "Hữu", "Ngọc", "Thị Mai", "Công", "Gia"}
	demoGiven  = []string{"An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khoa", "Lan", "Linh",
		"Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trung", "Tuấn", "Vân", "Yến"}
	demoJobs = []string{"Tổ trưởng sản xuất", "Kỹ sư cải tiến", "Trưởng ca", "Nhân viên QA", "Quản đốc phân xưởng", "Kỹ thuật viên bảo trì",
		"Nhân viên kế hoạch", "Trưởng phòng chất lượng", "Công nhân vận hành", "Phó giám đốc sản xuất"}
)

// trainingSeed is the state of the training demo.
type trainingSeed struct {
	a       *app
	rng     *rand.Rand
	sys     context.Context
	today   time.Time
	firms   map[string][]*registry.Enterprise // by province
	own     *registry.Enterprise
	ownUser context.Context // the demo enterprise's user, who enrols its staff
	used    map[string]bool // emails in use
	revoked bool
	signer  *seal.Signer
	// byProvince: the courses whose sessions provincial departments run
	// (they create them: the session is theirs); the ministry runs the
	// other courses' sessions, wherever they are held.
	byProvince map[training.CourseID]bool
	officers   map[string]context.Context // a province's officer, by province
}

// svcAt is the training service with its clock at t (the demo's past).
func (g *trainingSeed) svcAt(t time.Time) *training.Service {
	return training.NewService(training.Options{Store: g.a.db.Training(), Registry: g.a.registry, Signer: g.signer, Geo: g.a.geo,
		Log: g.a.log, BaseURL: g.a.cfg.BaseURL, Clock: func() time.Time { return t }})
}

func (g *trainingSeed) person() string {
	return demoFamily[g.rng.IntN(len(demoFamily))] + " " + demoMiddle[g.rng.IntN(len(demoMiddle))] + " " + demoGiven[g.rng.IntN(len(demoGiven))]
}

// participant makes a participant of firm e (nil: none).
func (g *trainingSeed) participant(e *registry.Enterprise) training.EnrolInput {
	for {
		name := g.person()
		domain := "gmail.com"
		if e != nil {
			domain = "dn" + strings.ReplaceAll(e.TaxCode, "-", "") + ".vn"
		}
		email := strings.ReplaceAll(vn.Fold(name), " ", ".") + fmt.Sprintf("%d@%s", g.rng.IntN(90)+10, domain)
		if g.used[email] {
			continue
		}
		g.used[email] = true
		in := training.EnrolInput{FullName: name, Email: email, JobTitle: demoJobs[g.rng.IntN(len(demoJobs))]}
		if g.rng.IntN(3) == 0 {
			in.Phone = fmt.Sprintf("09%08d", g.rng.IntN(100_000_000))
		}
		if e != nil {
			in.EnterpriseID = e.ID
		}
		return in
	}
}

func at(d time.Time, hour int) time.Time { return d.Add(time.Duration(hour) * time.Hour) }

// seedTraining fills the demo's assessors' accreditations (the demo
// assessor on the three shipped schemes, the other demo assessors on
// some, one expired, one suspended, one renewed, one expiring soon), the
// course catalogue, about thirty sessions across provinces from 2022 to
// the coming months (completed ones with attendance, results and about
// 150 credentials, among them the demo enterprise's staff, one revoked
// and some expired; one in progress; open and planned ones; one
// cancelled), and enrolments of the demo expert, assessor and judge.
func (a *app) seedTraining(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	if a.training == nil {
		return nil
	}
	g := &trainingSeed{a: a, rng: rand.New(rand.NewPCG(seed, 0x7A1917)), sys: ctx, today: a.training.Today(),
		firms: map[string][]*registry.Enterprise{}, used: map[string]bool{}, byProvince: map[training.CourseID]bool{},
		officers: map[string]context.Context{}}
	var err error
	if g.signer, err = a.signer(); err != nil {
		return fmt.Errorf("demo: training: %w", err)
	}
	if err := a.seedAccreditations(ctx, g.today); err != nil {
		return fmt.Errorf("demo: accreditations: %w", err)
	}
	if own, err := a.db.Auth().FindUserByEmail(ctx, demoEnterpriseEmail); err == nil && own.EnterpriseID != 0 {
		if g.own, err = a.db.Registry().FindEnterpriseByID(ctx, registry.EnterpriseID(own.EnterpriseID)); err != nil {
			return fmt.Errorf("demo: training: %w", err)
		}
		g.ownUser = auth.WithActor(ctx, own.Actor())
	}
	provinces := []string{"01", "79", "48", "31", "24", "75", "92", "22", "38", "40"}
	for _, p := range provinces {
		es, _, err := a.db.Registry().FindEnterprises(ctx, registry.Filter{ProvinceCode: p, Sort: registry.SortEmployeesDesc, Limit: 8})
		if err != nil {
			return fmt.Errorf("demo: training: %w", err)
		}
		g.firms[p] = es
	}

	// The catalogue, created two years before the first session.
	start := time.Date(2022, 3, 1, 9, 0, 0, 0, vn.Zone)
	svc := g.svcAt(start)
	var courses []*training.Course
	for _, dc := range demoCourses {
		in := training.CourseInput{ToolCode: dc.tool, Level: dc.level, Title: dc.title, Summary: dc.summary, Modules: dc.modules,
			Assessment: dc.assess, PassMark: dc.passMark, MinAttendancePct: 80, ValidityMonths: dc.validity, ProvinceCode: dc.province}
		c, err := svc.CreateCourse(ctx, in)
		if err != nil {
			return fmt.Errorf("demo: course %s: %w", dc.title, err)
		}
		g.byProvince[c.ID] = dc.byProvince || dc.province != ""
		courses = append(courses, c)
	}

	// Completed sessions: dates in the past, about 15 participants each.
	type past struct {
		course   int
		prov     string
		start    time.Time
		days     int
		people   int
		withOwn  int
		selfMail string
	}
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, vn.Zone) }
	pasts := []past{
		{0, "01", d(2022, 10, 12), 1, 14, 0, ""}, // 5S basic, 36 months: expired by now
		{10, "79", d(2022, 11, 8), 2, 15, 0, ""}, // 7 QC tools: no expiry
		{2, "48", d(2023, 4, 18), 2, 14, 0, ""},
		{6, "79", d(2023, 9, 5), 3, 15, 0, ""},
		{0, "31", d(2024, 3, 20), 1, 15, 0, ""},
		{4, "01", d(2024, 6, 10), 4, 15, 2, ""},
		{9, "24", d(2024, 10, 14), 3, 14, 0, "chuyengia@nscl.demo"},
		{7, "79", d(2025, 3, 3), 5, 15, 0, ""},
		{1, "01", g.today.AddDate(0, -7, 0), 2, 15, 3, ""},
		{3, "75", g.today.AddDate(0, -5, 0), 3, 14, 0, "danhgiavien@nscl.demo"},
		{11, "92", g.today.AddDate(0, -3, -10), 2, 14, 0, "giamkhao@nscl.demo"},
		{12, "01", g.today.AddDate(0, -1, -5), 1, 15, 2, ""},
	}
	for i, p := range pasts {
		if err := g.pastSession(courses[p.course], p.prov, p.start, p.days, p.people, p.withOwn, p.selfMail, i); err != nil {
			return fmt.Errorf("demo: past session %d: %w", i, err)
		}
	}

	// Sessions to come: open for enrolment (a few enrolments each),
	// planned, one in progress in Hà Nội, one cancelled.
	type future struct {
		course   int
		prov     string
		in       int // days from today
		days     int
		capacity int
		status   training.SessionStatus
		enrolled int
	}
	futures := []future{
		{0, "01", 12, 1, 30, training.SessionOpen, 6},
		{2, "79", 20, 2, 35, training.SessionOpen, 9},
		{4, "48", 27, 4, 25, training.SessionOpen, 4},
		{6, "31", 34, 3, 30, training.SessionOpen, 2},
		{9, "01", 41, 3, 20, training.SessionOpen, 5},
		{10, "24", 16, 2, 40, training.SessionOpen, 12},
		{1, "79", 48, 2, 25, training.SessionOpen, 3},
		{7, "75", 55, 5, 24, training.SessionOpen, 0},
		{11, "92", 62, 2, 20, training.SessionOpen, 1},
		{12, "01", 25, 1, 30, training.SessionOpen, 4},
		{5, "22", 70, 2, 20, training.SessionPlanned, 0},
		{8, "79", 95, 10, 20, training.SessionPlanned, 0},
		{3, "38", 80, 3, 25, training.SessionPlanned, 0},
		{0, "40", 45, 1, 40, training.SessionOpen, 3},
		{2, "01", -1, 3, 20, training.SessionInProgress, 12},
		{4, "79", 30, 4, 25, training.SessionCancelled, 5},
		{10, "48", 58, 2, 30, training.SessionOpen, 0},
		{6, "01", 75, 3, 25, training.SessionPlanned, 0},
	}
	for i, f := range futures {
		if err := g.futureSession(courses[f.course], f.prov, g.today.AddDate(0, 0, f.in), f.days, f.capacity, f.status, f.enrolled, i); err != nil {
			return fmt.Errorf("demo: session %d: %w", i, err)
		}
	}
	return nil
}

// venue picks a venue of prov.
func (g *trainingSeed) venue(prov string, i int) string {
	vs := demoVenues[prov]
	if len(vs) == 0 {
		return "Hội trường Sở Công Thương"
	}
	return vs[i%len(vs)]
}

// firmOf picks a firm of prov (or any province when it has none).
func (g *trainingSeed) firmOf(prov string) *registry.Enterprise {
	es := g.firms[prov]
	if len(es) == 0 {
		es = g.firms["01"]
	}
	if len(es) == 0 {
		return nil
	}
	return es[g.rng.IntN(len(es))]
}

// runner is who runs the sessions of c held in prov: the province's
// officer (a demo account when there is one) for a course of the
// provincial departments, else the ministry (the system).
func (g *trainingSeed) runner(c *training.Course, prov string) context.Context {
	if !g.byProvince[c.ID] {
		return g.sys
	}
	if ctx, ok := g.officers[prov]; ok {
		return ctx
	}
	a := &auth.Actor{Role: auth.RoleProvince, ProvinceCode: prov, Email: "system"}
	for _, email := range []string{map[string]string{"01": "so.hanoi@nscl.demo", "79": "so.hcm@nscl.demo"}[prov], "so" + prov + ".01@nscl.demo"} {
		if email == "" {
			continue
		}
		if u, err := g.a.db.Auth().FindUserByEmail(g.sys, email); err == nil && u.Role == auth.RoleProvince && u.ProvinceCode == prov {
			a = u.Actor()
			break
		}
	}
	ctx := auth.WithActor(g.sys, a)
	g.officers[prov] = ctx
	return ctx
}

// newSession creates a session of c in prov as run and opens it.
func (g *trainingSeed) newSession(run context.Context, c *training.Course, prov string, start time.Time, days, capacity, i int, open bool) (*training.Session, error) {
	svc := g.svcAt(at(start.AddDate(0, 0, -40), 10))
	x, err := svc.CreateSession(run, training.SessionInput{CourseID: c.ID, StartsOn: start, EndsOn: start.AddDate(0, 0, days-1),
		Place: g.venue(prov, i), ProvinceCode: prov, TrainerName: demoTrainers[i%len(demoTrainers)], Capacity: capacity,
		Note: "Học viên mang theo máy tính cá nhân; tài liệu do Ban tổ chức cung cấp."})
	if err != nil || !open {
		return x, err
	}
	return svc.OpenSession(run, x.ID, x.Version)
}

// enrol enrols n participants in x, at the clock of svc: the first own of
// them staff of the demo enterprise, enrolled by its user; the others by
// run (the session's officer), of firms the officer sees (a provincial
// department: of its province).
func (g *trainingSeed) enrol(run context.Context, svc *training.Service, x *training.Session, prov string, n, own int) error {
	for k := 0; k < n; k++ {
		by, firm := run, g.firmOf(prov)
		if x.OwnerProvince != "" && firm != nil && firm.ProvinceCode != x.OwnerProvince {
			firm = nil
		}
		if k < own && g.own != nil && g.ownUser != nil {
			by, firm = g.ownUser, g.own
		} else if g.rng.IntN(8) == 0 {
			firm = nil // a participant of no enterprise (an independent consultant)
		}
		if _, err := svc.Enrol(by, x.ID, g.participant(firm)); err != nil && !fault.Is(err, fault.Conflict) {
			return err
		}
	}
	return nil
}

// selfEnrol enrols the demo account of email itself.
func (g *trainingSeed) selfEnrol(svc *training.Service, x *training.Session, email string) error {
	if email == "" {
		return nil
	}
	u, err := g.a.db.Auth().FindUserByEmail(g.sys, email)
	if fault.Is(err, fault.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = svc.Enrol(auth.WithActor(g.sys, u.Actor()), x.ID, training.EnrolInput{})
	return err
}

// pastSession runs a session of the past from planning to completion.
func (g *trainingSeed) pastSession(c *training.Course, prov string, start time.Time, days, people, own int, selfMail string, i int) error {
	officer := g.runner(c, prov)
	x, err := g.newSession(officer, c, prov, start, days, max(people+5, 20), i, true)
	if err != nil {
		return err
	}
	enrolSvc := g.svcAt(at(start.AddDate(0, 0, -12), 14))
	if err := g.enrol(officer, enrolSvc, x, prov, people, own); err != nil {
		return err
	}
	if err := g.selfEnrol(enrolSvc, x, selfMail); err != nil {
		return err
	}
	end := x.EndsOn
	run := g.svcAt(at(start, 8))
	if x, err = run.StartSession(officer, x.ID, x.Version); err != nil {
		return err
	}
	roster, err := run.Roster(officer, x.ID)
	if err != nil {
		return err
	}
	var items []training.ResultInput
	for k, e := range roster {
		hours := x.TotalHours
		if g.rng.IntN(12) == 0 {
			hours = x.TotalHours / 2 // missed half the course
		}
		it := training.ResultInput{EnrolmentID: e.ID, Version: e.Version, AttendedHours: &hours}
		good := k < own || e.UserID != 0 || g.rng.IntN(10) != 0
		switch x.Assessment {
		case training.AssessExam:
			score := x.PassMark + g.rng.IntN(100-x.PassMark+1)
			if !good {
				score = max(x.PassMark-5-g.rng.IntN(20), 0)
				it.Note = "Cần ôn lại phần lý thuyết."
			}
			it.Score = &score
		case training.AssessPractical:
			passed := good
			it.Passed = &passed
			if passed {
				it.Note = "Hoàn thành bài thực hành tại xưởng."
			} else {
				it.Note = "Bài thực hành chưa đạt yêu cầu."
			}
		}
		if k < own || e.UserID != 0 {
			full := x.TotalHours
			it.AttendedHours = &full
		}
		items = append(items, it)
	}
	rec := g.svcAt(at(end, 15))
	if _, err := rec.RecordResults(officer, x.ID, items); err != nil {
		return err
	}
	res, err := rec.CompleteSession(officer, x.ID, x.Version)
	if fault.Is(err, fault.Unavailable) {
		// No signing key (PostgreSQL without NSCL_SIGNING_KEY): the session
		// stays in progress, its results recorded.
		g.a.log.Warn("demo: training: no signing key, credentials not issued")
		return nil
	}
	if err != nil {
		return err
	}
	// One credential revoked, for the register's revoked state.
	if !g.revoked && len(res.Credentials) > 3 && c.Assessment == training.AssessExam {
		cr := res.Credentials[len(res.Credentials)-1]
		if _, err := g.svcAt(at(end.AddDate(0, 1, 0), 10)).RevokeCredential(officer, cr.ID, cr.Version,
			"Phát hiện bài kiểm tra sao chép của học viên khác; thu hồi theo biên bản của Hội đồng ngày "+vn.Date(end.AddDate(0, 0, 25))+"."); err != nil {
			return err
		}
		g.revoked = true
	}
	return nil
}

// futureSession makes a session to come (or in progress) with enrolments.
func (g *trainingSeed) futureSession(c *training.Course, prov string, start time.Time, days, capacity int, status training.SessionStatus, enrolled, i int) error {
	officer := g.runner(c, prov)
	x, err := g.newSession(officer, c, prov, start, days, capacity, i+100, status != training.SessionPlanned)
	if err != nil {
		return err
	}
	if status == training.SessionPlanned {
		return nil
	}
	svc := g.svcAt(at(g.today.AddDate(0, 0, -3), 10))
	if status == training.SessionInProgress {
		svc = g.svcAt(at(start.AddDate(0, 0, -5), 10))
	}
	own := 0
	if i == 0 || status == training.SessionInProgress {
		own = 2
	}
	if err := g.enrol(officer, svc, x, prov, enrolled, own); err != nil {
		return err
	}
	if i == 1 {
		if err := g.selfEnrol(svc, x, "giamkhao@nscl.demo"); err != nil {
			return err
		}
	}
	x, err = svc.Session(g.sys, x.ID)
	if err != nil {
		return err
	}
	switch status {
	case training.SessionInProgress:
		run := g.svcAt(at(start, 8))
		if x, err = run.StartSession(officer, x.ID, x.Version); err != nil {
			return err
		}
		// The first day's attendance is recorded; the rest is to do.
		roster, err := run.Roster(officer, x.ID)
		if err != nil {
			return err
		}
		var items []training.ResultInput
		for _, e := range roster {
			h := x.TotalHours / days
			items = append(items, training.ResultInput{EnrolmentID: e.ID, Version: e.Version, AttendedHours: &h})
		}
		_, err = g.svcAt(at(start, 17)).RecordResults(officer, x.ID, items)
		return err
	case training.SessionCancelled:
		_, err = g.svcAt(at(g.today.AddDate(0, 0, -1), 9)).CancelSession(officer, x.ID, x.Version,
			"Giảng viên bận đột xuất; lớp sẽ được tổ chức lại, học viên đã đăng ký được ưu tiên.")
		return err
	}
	return nil
}

// seedAccreditations accredits the demo assessors through the service
// (each grant, renewal and suspension in the history and the audit log):
// the demo assessor and danhgia0001, 0003–0006 on every shipped scheme,
// danhgia0002 until last month (expired), danhgia0007 suspended on 5S,
// danhgia0008 renewed on Kaizen–Lean–TPM and expiring soon on 5S. A
// shipped scheme not there yet is skipped.
func (a *app) seedAccreditations(ctx context.Context, today time.Time) error {
	if a.assessment == nil {
		return nil
	}
	st := a.db.Assessment()
	var schemes []*assessment.Scheme
	for _, code := range []string{"5s", "kaizen-lean-tpm", "gtclqg-1000"} {
		sc, err := st.FindSchemeByCode(ctx, code)
		if fault.Is(err, fault.NotFound) {
			continue
		}
		if err != nil {
			return err
		}
		schemes = append(schemes, sc)
	}
	if len(schemes) == 0 {
		a.log.Warn("demo: no shipped scheme yet: no accreditations")
		return nil
	}
	users := map[string]auth.UserID{}
	for _, email := range []string{"danhgiavien@nscl.demo", "danhgia0001@nscl.demo", "danhgia0002@nscl.demo", "danhgia0003@nscl.demo",
		"danhgia0004@nscl.demo", "danhgia0005@nscl.demo", "danhgia0006@nscl.demo", "danhgia0007@nscl.demo", "danhgia0008@nscl.demo"} {
		if u, err := a.db.Auth().FindUserByEmail(ctx, email); err == nil {
			users[email] = u.ID
		} else if !fault.Is(err, fault.NotFound) {
			return err
		}
	}
	grant := func(email string, sc *assessment.Scheme, granted, expires time.Time, note string) (*assessment.Accreditation, error) {
		id, ok := users[email]
		if !ok {
			return nil, nil
		}
		if old, err := st.FindAccreditationFor(ctx, id, sc.ID); err == nil {
			return old, nil
		}
		return a.assessment.GrantAccreditation(ctx, assessment.AccreditationInput{UserID: id, SchemeID: sc.ID, GrantedOn: granted, ExpiresOn: expires, Note: note})
	}
	granted := time.Date(2021, 6, 1, 0, 0, 0, 0, vn.Zone)
	for _, sc := range schemes {
		if _, err := grant("danhgiavien@nscl.demo", sc, granted, today.AddDate(3, 0, 0), "Hoàn thành khóa chuyên gia đánh giá, thực hành 5 cuộc đánh giá có giám sát."); err != nil {
			return err
		}
		for _, email := range []string{"danhgia0001@nscl.demo", "danhgia0003@nscl.demo", "danhgia0004@nscl.demo", "danhgia0005@nscl.demo", "danhgia0006@nscl.demo"} {
			if _, err := grant(email, sc, granted, today.AddDate(2, 0, 0), "Đánh giá viên của tổ chức chứng nhận."); err != nil {
				return err
			}
		}
		if _, err := grant("danhgia0002@nscl.demo", sc, granted.AddDate(-3, 0, 0), today.AddDate(0, -1, 0), "Chưa đăng ký tái đánh giá năng lực."); err != nil {
			return err
		}
	}
	five := schemes[0]
	if x, err := grant("danhgia0007@nscl.demo", five, time.Date(2024, 2, 1, 0, 0, 0, 0, vn.Zone), time.Time{}, ""); err != nil {
		return err
	} else if x != nil && x.Status == assessment.AccreditationActive {
		if _, err := a.assessment.SuspendAccreditation(ctx, x.ID, x.Version,
			"Tạm đình chỉ trong thời gian xác minh phản ánh về xung đột lợi ích tại một cuộc đánh giá."); err != nil {
			return err
		}
	}
	// Granted three years ago less 45 days: it expires in 45 days.
	if _, err := grant("danhgia0008@nscl.demo", five, today.AddDate(-3, 0, 45), time.Time{}, ""); err != nil {
		return err
	}
	if len(schemes) > 1 {
		if x, err := grant("danhgia0008@nscl.demo", schemes[1], time.Date(2020, 9, 15, 0, 0, 0, 0, vn.Zone), time.Date(2023, 9, 14, 0, 0, 0, 0, vn.Zone), ""); err != nil {
			return err
		} else if x != nil && x.ExpiresOn.Before(today) {
			if _, err := a.assessment.RenewAccreditation(ctx, x.ID, x.Version, today.AddDate(2, 6, 0), "Tái đánh giá năng lực đạt yêu cầu."); err != nil {
				return err
			}
		}
	}
	return nil
}
