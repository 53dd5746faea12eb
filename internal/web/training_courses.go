package web

import (
	"fmt"
	"net/http"
	"strconv"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/training"
)

// ---- the catalogue: /training ----

type trainingHomePage struct {
	Layout
	Tabs      []trainingTab
	Tools     []option
	Levels    []option
	Provinces []option
	Filtered  bool
	Sessions  []sessionRow
	More      bool // more upcoming sessions than shown
	MoreHref  string
	Courses   []courseRow
	CanManage bool
	// An assessor's own accreditations.
	Accreditations []accreditationRow
	IsAssessor     bool
	// An enterprise user's practitioners page.
	PractitionersHref string
}

const homeSessions = 30

func (h *Handler) handleTrainingHome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := auth.ActorFrom(ctx)
	lang := h.lang(r)
	qs := r.URL.Query()
	tool, level, prov := qs.Get("tool"), levelParam(qs.Get("level")), qs.Get("province")
	if _, ok := h.geo.Province(prov); !ok {
		prov = ""
	}
	p := &trainingHomePage{Tabs: h.trainingTabs(r, "/training"), Levels: levelOptions(lang, level), Provinces: h.provinceOptions(prov),
		Filtered: tool != "" || level != 0 || prov != "", CanManage: h.training.MayManage(ctx)}
	var err error
	if p.Tools, err = h.toolOptions(r, tool); err != nil {
		return err
	}
	sessions, total, err := h.training.Sessions(ctx, training.SessionQuery{Tool: tool, Level: level, Province: prov, Upcoming: true, PerPage: homeSessions})
	if err != nil {
		return err
	}
	for _, x := range sessions {
		p.Sessions = append(p.Sessions, h.sessionRow(lang, x))
	}
	p.More, p.MoreHref = total > len(sessions), xlsxHref("/training/sessions", qs)
	courses, err := h.training.Courses(ctx, training.CourseQuery{Tool: tool, Level: level})
	if err != nil {
		return err
	}
	for _, c := range courses {
		p.Courses = append(p.Courses, h.courseRow(lang, c))
	}
	if h.assess != nil && auth.Can(a, auth.ActAssessIndependent) {
		p.IsAssessor = true
		accs, _, err := h.assess.Accreditations(ctx, assessment.AccreditationQuery{UserID: a.UserID, PerPage: assessment.MaxAccreditationsPage})
		if err != nil {
			return err
		}
		now := h.training.Today()
		for _, x := range accs {
			p.Accreditations = append(p.Accreditations, accreditationRowOf(lang, x, now))
		}
	}
	if a != nil && a.Role == auth.RoleEnterprise && a.EnterpriseID != 0 {
		p.PractitionersHref = "/practitioners?enterprise=" + strconv.FormatInt(a.EnterpriseID, 10)
	}
	return h.render(w, r, http.StatusOK, "training_home", text("training.title"), p)
}

// ---- every session: /training/sessions ----

type trainingSessionsPage struct {
	Layout
	Tabs      []trainingTab
	Tools     []option
	Levels    []option
	Provinces []option
	Statuses  []option
	Filtered  bool
	Sessions  []sessionRow
	Pager     Pager
	CanManage bool
}

func (h *Handler) handleTrainingSessions(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := h.lang(r)
	qs := r.URL.Query()
	q := training.SessionQuery{Tool: qs.Get("tool"), Level: levelParam(qs.Get("level")), Province: qs.Get("province"),
		Status: training.SessionStatus(qs.Get("status")), Page: pageParam(qs), PerPage: 50}
	if _, ok := h.geo.Province(q.Province); !ok {
		q.Province = ""
	}
	if !q.Status.Valid() {
		q.Status = ""
	}
	list, total, err := h.training.Sessions(ctx, q)
	if err != nil {
		return err
	}
	p := &trainingSessionsPage{Tabs: h.trainingTabs(r, "/training"), Levels: levelOptions(lang, q.Level), Provinces: h.provinceOptions(q.Province),
		Filtered: q.Tool != "" || q.Level != 0 || q.Province != "" || q.Status != "", Pager: newPager(r, q.Page, q.PerPage, total),
		CanManage: h.training.MayManage(ctx)}
	if p.Tools, err = h.toolOptions(r, q.Tool); err != nil {
		return err
	}
	for _, st := range training.SessionStatuses {
		p.Statuses = append(p.Statuses, option{Value: string(st), Label: st.Label().In(lang), Selected: st == q.Status})
	}
	for _, x := range list {
		p.Sessions = append(p.Sessions, h.sessionRow(lang, x))
	}
	return h.render(w, r, http.StatusOK, "training_sessions", text("training.sessions_title"), p)
}

// ---- a course ----

type trainingCoursePage struct {
	Layout
	Tabs       []trainingTab
	Course     courseRow
	Summary    string
	Modules    []courseModule
	PassMark   int
	IsExam     bool
	MinAttend  int
	Version    int
	Upcoming   []sessionRow
	Past       []sessionRow
	CanEdit    bool
	CanSession bool
}

func (h *Handler) handleCourseShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	c, err := h.training.Course(ctx, training.CourseID(id))
	if err != nil {
		return err
	}
	p := &trainingCoursePage{Tabs: h.trainingTabs(r, "/training"), Course: h.courseRow(lang, c), Summary: c.Summary,
		PassMark: c.PassMark, IsExam: c.Assessment == training.AssessExam, MinAttend: c.MinAttendancePct, Version: c.Version,
		CanEdit: h.training.MayRun(ctx, c.ProvinceCode), CanSession: h.training.MayManage(ctx) && !c.Archived}
	for i, m := range c.Modules {
		p.Modules = append(p.Modules, courseModule{No: i + 1, Title: m.Title, Hours: m.Hours})
	}
	sessions, _, err := h.training.Sessions(ctx, training.SessionQuery{CourseID: c.ID, PerPage: 200})
	if err != nil {
		return err
	}
	today := h.training.Today()
	for _, x := range sessions {
		row := h.sessionRow(lang, x)
		if !x.EndsOn.Before(today) && x.Status != training.SessionCancelled && x.Status != training.SessionCompleted {
			p.Upcoming = append([]sessionRow{row}, p.Upcoming...) // soonest first
		} else {
			p.Past = append(p.Past, row)
		}
	}
	return h.render(w, r, http.StatusOK, "training_course", fault.Text{Vi: c.Title, En: c.Title}, p)
}

// courseModule is a module of the curriculum, numbered.
type courseModule struct {
	No    int
	Title string
	Hours int
}

// ---- the course form ----

// courseFormRows is how many module rows the form offers beyond those
// entered.
const courseFormRows = 4

type moduleRow struct {
	Index int
	Title string
	Hours string
	Error string
}

type trainingCourseFormPage struct {
	Layout
	Tabs        []trainingTab
	Form        formErrors
	New         bool
	Action      string
	Cancel      string
	Version     int
	Tools       []option
	Levels      []option
	Title       string
	Summary     string
	Modules     []moduleRow
	Assessment  string
	PassMark    string
	MinAttend   string
	Validity    string
	UnitOpts    []option
	Unit        string
	Archived    bool
	TotalHours  int
	Assessments []option
}

// courseFormValues is the course form as typed.
type courseFormValues struct {
	in                            training.CourseInput
	passMark, minAttend, validity string
	modules                       []moduleRow
}

func (h *Handler) courseFormPage(r *http.Request, a *auth.Actor, v courseFormValues, fe formErrors) (*trainingCourseFormPage, error) {
	lang := h.lang(r)
	p := &trainingCourseFormPage{Tabs: h.trainingTabs(r, "/training"), Form: fe, Levels: levelOptions(lang, v.in.Level), Title: v.in.Title,
		Summary: v.in.Summary, Assessment: string(v.in.Assessment), PassMark: v.passMark, MinAttend: v.minAttend, Validity: v.validity,
		Archived: v.in.Archived, TotalHours: training.TotalHours(v.in.Modules)}
	var err error
	if p.Tools, err = h.toolOptions(r, v.in.ToolCode); err != nil {
		return nil, err
	}
	for _, k := range []training.AssessKind{training.AssessExam, training.AssessPractical} {
		p.Assessments = append(p.Assessments, option{Value: string(k), Label: k.Label().In(lang), Selected: k == v.in.Assessment})
	}
	rows := v.modules
	for i := range rows {
		rows[i].Index = i
		rows[i].Error = fe.Errors[fmt.Sprintf("modules.%d", i)]
	}
	for len(rows) < len(v.modules)+courseFormRows || len(rows) < 6 {
		rows = append(rows, moduleRow{Index: len(rows)})
	}
	p.Modules = rows
	if a.Role == auth.RoleProvince {
		p.Unit = h.provinceName(a.ProvinceCode)
	} else {
		p.UnitOpts = append([]option{{Value: "", Label: text("training.unit_ministry").In(lang), Selected: v.in.ProvinceCode == ""}},
			h.provinceOptions(v.in.ProvinceCode)...)
	}
	return p, nil
}

// courseForm reads the course form.
func courseForm(r *http.Request) (courseFormValues, fault.Fields) {
	v := courseFormValues{passMark: formValue(r, "pass_mark"), minAttend: formValue(r, "min_attendance_pct"), validity: formValue(r, "validity_months")}
	lvl, _ := strconv.Atoi(formValue(r, "level"))
	v.in = training.CourseInput{ToolCode: formValue(r, "tool"), Level: training.Level(lvl), Title: formValue(r, "title"),
		Summary: formValue(r, "summary"), Assessment: training.AssessKind(formValue(r, "assessment")),
		ProvinceCode: formValue(r, "province_code"), Archived: formValue(r, "archived") == "1"}
	bad := fault.Fields{}
	titles, hours := r.PostForm["module_title"], r.PostForm["module_hours"]
	for i := range titles {
		row := moduleRow{Title: titles[i]}
		if i < len(hours) {
			row.Hours = hours[i]
		}
		n, ok := 0, true
		if row.Hours != "" {
			var err error
			n, err = strconv.Atoi(row.Hours)
			ok = err == nil
		}
		if !ok {
			bad.Add(fmt.Sprintf("modules.%d", i), "Số giờ là số nguyên, ví dụ 8.", "Hours are a whole number, e.g. 8.")
		}
		if row.Title == "" && row.Hours == "" {
			continue
		}
		v.modules = append(v.modules, row)
		v.in.Modules = append(v.in.Modules, training.Module{Title: row.Title, Hours: n})
	}
	var ok bool
	if v.in.PassMark, ok = wholeField(r, "pass_mark"); !ok {
		bad.Add("pass_mark", "Điểm đạt là số nguyên từ 1 đến 100.", "The pass mark is a whole number from 1 to 100.")
	}
	if v.in.MinAttendancePct, ok = wholeField(r, "min_attendance_pct"); !ok {
		bad.Add("min_attendance_pct", "Nhập số nguyên, ví dụ 80.", "Enter a whole number, e.g. 80.")
	}
	if v.in.ValidityMonths, ok = wholeField(r, "validity_months"); !ok {
		bad.Add("validity_months", "Nhập số tháng, ví dụ 36; 0 = không thời hạn.", "Enter a number of months, e.g. 36; 0 = no expiry.")
	}
	return v, bad
}

func courseValues(c *training.Course) courseFormValues {
	v := courseFormValues{in: training.CourseInput{ToolCode: c.ToolCode, Level: c.Level, Title: c.Title, Summary: c.Summary, Modules: c.Modules,
		Assessment: c.Assessment, PassMark: c.PassMark, MinAttendancePct: c.MinAttendancePct, ValidityMonths: c.ValidityMonths,
		ProvinceCode: c.ProvinceCode, Archived: c.Archived},
		minAttend: strconv.Itoa(c.MinAttendancePct), validity: strconv.Itoa(c.ValidityMonths)}
	if c.PassMark > 0 {
		v.passMark = strconv.Itoa(c.PassMark)
	}
	for _, m := range c.Modules {
		v.modules = append(v.modules, moduleRow{Title: m.Title, Hours: strconv.Itoa(m.Hours)})
	}
	return v
}

// trainingManager requires an actor who runs training (else sign in, or
// 403 with the reason).
func trainingManager(r *http.Request) (*auth.Actor, error) {
	a, err := actor(r)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActTrainingManage) {
		return nil, &fault.Error{Kind: fault.Forbidden, Message: text("training.officers_only")}
	}
	return a, nil
}

func (h *Handler) renderCourseNew(w http.ResponseWriter, r *http.Request, status int, v courseFormValues, fe formErrors) error {
	a, err := trainingManager(r)
	if err != nil {
		return err
	}
	p, err := h.courseFormPage(r, a, v, fe)
	if err != nil {
		return err
	}
	p.New, p.Action, p.Cancel = true, "/training/courses", "/training"
	return h.render(w, r, status, "training_course_form", text("training.course_new"), p)
}

func (h *Handler) handleCourseNew(w http.ResponseWriter, r *http.Request) error {
	return h.renderCourseNew(w, r, http.StatusOK, courseFormValues{in: training.CourseInput{Level: training.LevelBasic, Assessment: training.AssessExam},
		passMark: "70", minAttend: "80", validity: "36"}, formErrors{})
}

func (h *Handler) handleCourseCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := trainingManager(r); err != nil {
		return err
	}
	v, bad := courseForm(r)
	var err error
	var c *training.Course
	if len(bad) > 0 {
		err = bad.Err()
	} else {
		c, err = h.training.CreateCourse(r.Context(), v.in)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderCourseNew(w, r, formStatus(err), v, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("training.flash_course_created"))
	redirect(w, r, courseHref(c.ID))
	return nil
}

func (h *Handler) renderCourseEdit(w http.ResponseWriter, r *http.Request, status int, id training.CourseID, v *courseFormValues, fe formErrors) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	c, err := h.training.Course(r.Context(), id)
	if err != nil {
		return err
	}
	if !h.training.MayRun(r.Context(), c.ProvinceCode) {
		return &fault.Error{Kind: fault.Forbidden, Message: text("training.course_not_yours")}
	}
	vals := courseValues(c)
	if v != nil {
		vals = *v
	}
	p, err := h.courseFormPage(r, a, vals, fe)
	if err != nil {
		return err
	}
	p.Version, p.Action, p.Cancel = c.Version, courseHref(c.ID), courseHref(c.ID)
	p.UnitOpts, p.Unit = nil, h.trainingUnit(h.lang(r), c.ProvinceCode)
	return h.render(w, r, status, "training_course_form", fault.Text{Vi: "Sửa khóa học " + c.Title, En: "Edit course " + c.Title}, p)
}

func (h *Handler) handleCourseEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.renderCourseEdit(w, r, http.StatusOK, training.CourseID(id), nil, formErrors{})
}

func (h *Handler) handleCourseUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	v, bad := courseForm(r)
	version, _ := strconv.Atoi(formValue(r, "version"))
	if len(bad) > 0 {
		err = bad.Err()
	} else {
		_, err = h.training.UpdateCourse(r.Context(), training.CourseID(id), version, v.in)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderCourseEdit(w, r, formStatus(err), training.CourseID(id), &v, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("training.flash_course_saved"))
	redirect(w, r, courseHref(training.CourseID(id)))
	return nil
}
