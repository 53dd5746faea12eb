package training

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// Limits of the inputs.
const (
	MaxTitle          = 300
	MaxText           = 4000
	MaxModules        = 40
	MaxModuleHours    = 200
	MaxValidityMonths = 120
	MaxCapacity       = 500
	MaxName           = 120
	MaxReason         = 1000
)

var errCourseNotFound = fault.New(fault.NotFound, "Không tìm thấy khóa học.", "Course not found.")

func courseDenied() error {
	return fault.New(fault.Forbidden, "Khóa học của Bộ do cán bộ Bộ quản lý; khóa học của tỉnh do cán bộ tỉnh đó quản lý.",
		"The ministry's courses are run by ministry officers; a province's courses by that province's officers.")
}

// CourseInput is a course as an officer enters it.
type CourseInput struct {
	ToolCode         string     `json:"tool" doc:"Mã công cụ trong danh mục, ví dụ kaizen (catalogue tool code)"`
	Level            Level      `json:"level" minimum:"1" maximum:"3" doc:"1 cơ bản, 2 thực hành, 3 chuyên gia"`
	Title            string     `json:"title"`
	Summary          string     `json:"summary" required:"false"`
	Modules          []Module   `json:"modules" doc:"Chương trình: học phần và số giờ (curriculum: modules and hours)"`
	Assessment       AssessKind `json:"assessment" enum:"exam,practical"`
	PassMark         int        `json:"pass_mark" required:"false" doc:"Điểm đạt trên thang 100, cho bài kiểm tra viết"`
	MinAttendancePct int        `json:"min_attendance_pct" doc:"Tỷ lệ giờ học tối thiểu (%), ví dụ 80"`
	ValidityMonths   int        `json:"validity_months" required:"false" doc:"Hiệu lực chứng chỉ (tháng); 0 = không thời hạn"`
	ProvinceCode     string     `json:"province_code" required:"false" doc:"Rỗng = khóa học của Bộ (empty = the ministry's)"`
	Archived         bool       `json:"archived" required:"false" doc:"Ngừng mở lớp mới (no new sessions)"`
}

// Check validates a course; known reports whether a tool code is in the
// catalogue and province whether a province code is known.
func (in *CourseInput) Check(known func(string) bool, province func(string) bool) error {
	raw := fault.Fields{}
	checkTexts(raw, "tool", in.ToolCode, "title", in.Title, "summary", in.Summary, "province_code", in.ProvinceCode)
	for i, m := range in.Modules {
		checkTexts(raw, fmt.Sprintf("modules.%d", i), m.Title)
	}
	if _, ok := raw["tool"]; ok {
		in.ToolCode = ""
	}
	if _, ok := raw["province_code"]; ok {
		in.ProvinceCode = ""
	}
	in.ToolCode = strings.TrimSpace(in.ToolCode)
	in.Title, in.Summary, in.ProvinceCode = vn.NFC(in.Title), vn.NFC(in.Summary), strings.TrimSpace(in.ProvinceCode)
	bad := fault.Fields{}
	if in.ToolCode == "" || !known(in.ToolCode) {
		bad.Add("tool", "Vui lòng chọn công cụ cải tiến trong danh mục.", "Please choose an improvement tool of the catalogue.")
	}
	if !in.Level.Valid() {
		bad.Add("level", "Vui lòng chọn cấp độ 1, 2 hoặc 3.", "Please choose level 1, 2 or 3.")
	}
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		bad.Add("title", "Vui lòng nhập tên khóa học.", "Please enter the course's title.")
	case n > MaxTitle:
		bad.Add("title", fmt.Sprintf("Tên tối đa %d ký tự.", MaxTitle), fmt.Sprintf("At most %d characters.", MaxTitle))
	}
	if utf8.RuneCountInString(in.Summary) > MaxText {
		bad.Add("summary", fmt.Sprintf("Tối đa %d ký tự.", MaxText), fmt.Sprintf("At most %d characters.", MaxText))
	}
	var mods []Module
	for i, m := range in.Modules {
		m.Title = vn.NFC(m.Title)
		if m.Title == "" && m.Hours == 0 {
			continue
		}
		field := fmt.Sprintf("modules.%d", i)
		switch {
		case m.Title == "":
			bad.Add(field, "Vui lòng nhập tên học phần.", "Please enter the module's title.")
		case utf8.RuneCountInString(m.Title) > MaxTitle:
			bad.Add(field, fmt.Sprintf("Tên học phần tối đa %d ký tự.", MaxTitle), fmt.Sprintf("A module's title is at most %d characters.", MaxTitle))
		case m.Hours < 1 || m.Hours > MaxModuleHours:
			bad.Add(field, fmt.Sprintf("Số giờ của học phần từ 1 đến %d.", MaxModuleHours), fmt.Sprintf("A module has 1 to %d hours.", MaxModuleHours))
		}
		mods = append(mods, m)
	}
	switch {
	case len(mods) == 0:
		bad.Add("modules", "Vui lòng nhập ít nhất một học phần với số giờ.", "Please enter at least one module with its hours.")
	case len(mods) > MaxModules:
		bad.Add("modules", fmt.Sprintf("Tối đa %d học phần.", MaxModules), fmt.Sprintf("At most %d modules.", MaxModules))
	}
	in.Modules = mods
	switch in.Assessment {
	case AssessExam:
		if in.PassMark < 1 || in.PassMark > 100 {
			bad.Add("pass_mark", "Điểm đạt của bài kiểm tra từ 1 đến 100.", "The exam's pass mark is from 1 to 100.")
		}
	case AssessPractical:
		in.PassMark = 0
	default:
		bad.Add("assessment", "Vui lòng chọn hình thức đánh giá: kiểm tra viết hoặc thực hành.", "Please choose the assessment: a written exam or a practical one.")
	}
	if in.MinAttendancePct < 1 || in.MinAttendancePct > 100 {
		bad.Add("min_attendance_pct", "Tỷ lệ chuyên cần tối thiểu từ 1 đến 100%.", "The minimum attendance is from 1 to 100%.")
	}
	if in.ValidityMonths < 0 || in.ValidityMonths > MaxValidityMonths {
		bad.Add("validity_months", fmt.Sprintf("Hiệu lực từ 0 (không thời hạn) đến %d tháng.", MaxValidityMonths),
			fmt.Sprintf("The validity is 0 (no expiry) to %d months.", MaxValidityMonths))
	}
	if in.ProvinceCode != "" && !province(in.ProvinceCode) {
		bad.Add("province_code", "Tỉnh/thành không có trong danh mục.", "Not a known province.")
	}
	for k, m := range raw {
		bad[k] = m
	}
	return bad.Err()
}

// TotalHours sums the modules' hours.
func TotalHours(ms []Module) int {
	n := 0
	for _, m := range ms {
		n += m.Hours
	}
	return n
}

// CourseQuery is what a visitor filters the catalogue by.
type CourseQuery struct {
	Tool            string
	Level           Level
	IncludeArchived bool // officers only
}

// Courses returns the course catalogue (public); archived courses only to
// officers who ask for them.
func (s *Service) Courses(ctx context.Context, q CourseQuery) ([]*Course, error) {
	if badText(q.Tool) {
		return nil, nil
	}
	f := CourseFilter{Tool: q.Tool, Level: q.Level, IncludeArchived: q.IncludeArchived && s.MayManage(ctx)}
	if !f.Level.Valid() {
		f.Level = 0
	}
	return s.store.FindCourses(ctx, f)
}

// Course returns a course (public: archived ones too, which credentials
// name).
func (s *Service) Course(ctx context.Context, id CourseID) (*Course, error) {
	c, err := s.store.FindCourse(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errCourseNotFound
	}
	return c, err
}

func (s *Service) toolCheck(ctx context.Context) func(string) bool {
	return func(code string) bool {
		_, err := s.store.FindTool(ctx, code)
		return err == nil
	}
}

// CreateCourse creates a course. A provincial officer's course is of their
// province. ActTrainingManage.
func (s *Service) CreateCourse(ctx context.Context, in CourseInput) (*Course, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActTrainingManage) {
		return nil, courseDenied()
	}
	if a.Role == auth.RoleProvince {
		in.ProvinceCode = a.ProvinceCode
	}
	if err := in.Check(s.toolCheck(ctx), s.knownProvince); err != nil {
		return nil, err
	}
	if !mayRun(a, in.ProvinceCode) {
		return nil, courseDenied()
	}
	now := s.now()
	c := &Course{ToolCode: in.ToolCode, Level: in.Level, Title: in.Title, Summary: in.Summary, Modules: in.Modules,
		TotalHours: TotalHours(in.Modules), Assessment: in.Assessment, PassMark: in.PassMark, MinAttendancePct: in.MinAttendancePct,
		ValidityMonths: in.ValidityMonths, ProvinceCode: in.ProvinceCode, Archived: in.Archived, CreatedBy: a.UserID,
		CreatedAt: now, UpdatedAt: now}
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateCourse(ctx, c); err != nil {
			return err
		}
		return s.record(ctx, tx, "training.course.create", "training_course", int64(c.ID), nil, c)
	})
	if err != nil {
		return nil, err
	}
	return s.Course(ctx, c.ID)
}

// UpdateCourse changes a course (its owner stays) if version is still
// its version. Credentials already issued keep what they were issued
// for.
func (s *Service) UpdateCourse(ctx context.Context, id CourseID, version int, in CourseInput) (*Course, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	err = s.store.Tx(ctx, func(tx Store) error {
		c, err := tx.FindCourse(ctx, id)
		if fault.Is(err, fault.NotFound) {
			return errCourseNotFound
		}
		if err != nil {
			return err
		}
		if !mayRun(a, c.ProvinceCode) {
			return courseDenied()
		}
		if c.Version != version {
			return conflict("Khóa học")
		}
		in.ProvinceCode = c.ProvinceCode
		if err := in.Check(s.toolCheck(ctx), s.knownProvince); err != nil {
			return err
		}
		if judged := judgedBy(c, &in); len(judged) > 0 {
			// A session not over reads these from the course: changing
			// them would change how its participants are judged.
			_, running, err := tx.FindSessions(ctx, SessionFilter{CourseID: c.ID,
				Statuses: []SessionStatus{SessionPlanned, SessionOpen, SessionInProgress}, Limit: 1})
			if err != nil {
				return err
			}
			if running > 0 {
				vi, en := make([]string, len(judged)), make([]string, len(judged))
				for i, t := range judged {
					vi[i], en[i] = t.Vi, t.En
				}
				return fault.New(fault.Conflict,
					fmt.Sprintf("Khóa học có %d lớp chưa kết thúc: không đổi được %s khi lớp đang diễn ra (các lớp đánh giá học viên theo đó). Tên, mô tả và tên học phần vẫn sửa được; hãy đổi sau khi các lớp kết thúc hoặc bị hủy, hoặc tạo khóa học mới.",
						running, strings.Join(vi, ", ")),
					fmt.Sprintf("The course has %d session(s) not over: its %s cannot change while they run (their participants are judged by it). The title, summary and module titles may change; change the rest once the sessions are completed or cancelled, or create a new course.",
						running, strings.Join(en, ", ")))
			}
		}
		after := *c
		after.ToolCode, after.Level, after.Title, after.Summary, after.Modules = in.ToolCode, in.Level, in.Title, in.Summary, in.Modules
		after.TotalHours, after.Assessment, after.PassMark, after.MinAttendancePct = TotalHours(in.Modules), in.Assessment, in.PassMark, in.MinAttendancePct
		after.ValidityMonths, after.Archived, after.UpdatedAt = in.ValidityMonths, in.Archived, now
		if err := tx.UpdateCourse(ctx, &after); err != nil {
			return stale(err, "Khóa học")
		}
		return s.record(ctx, tx, "training.course.update", "training_course", int64(c.ID), c, &after)
	})
	if err != nil {
		return nil, err
	}
	return s.Course(ctx, id)
}

// judgedBy lists what in changes of c that a session reads to judge its
// participants or to issue their credentials: the tool, level,
// assessment, pass mark, minimum attendance, total hours and validity.
func judgedBy(c *Course, in *CourseInput) []fault.Text {
	var out []fault.Text
	add := func(changed bool, vi, en string) {
		if changed {
			out = append(out, fault.Text{Vi: vi, En: en})
		}
	}
	add(in.ToolCode != c.ToolCode, "công cụ", "tool")
	add(in.Level != c.Level, "cấp độ", "level")
	add(in.Assessment != c.Assessment, "hình thức đánh giá", "assessment")
	add(in.PassMark != c.PassMark, "điểm đạt", "pass mark")
	add(in.MinAttendancePct != c.MinAttendancePct, "tỷ lệ chuyên cần tối thiểu", "minimum attendance")
	add(TotalHours(in.Modules) != c.TotalHours, "tổng số giờ", "total hours")
	add(in.ValidityMonths != c.ValidityMonths, "hiệu lực chứng chỉ", "credential validity")
	return out
}

// Issuer names the body that issues a course's credentials: the ministry,
// or the province's department of industry and trade.
func (s *Service) Issuer(prov string) string {
	if prov == "" {
		return "Bộ Công Thương"
	}
	if p, ok := s.geo.Province(prov); ok {
		return "Sở Công Thương " + p.Name
	}
	return "Sở Công Thương"
}
