package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/training"
	"nscl/internal/vn"
)

// ---- a session: description, enrolment, roster, results ----

// enrolRow is a participant in the roster.
type enrolRow struct {
	ID             training.EnrolmentID
	Name           string
	Email          string
	JobTitle       string
	Phone          string
	Enterprise     string
	Status         string
	StatusText     string
	Badge          string
	Hours          string
	Score          string
	Passed         string // "1", "0" or ""
	Note           string
	Version        int
	Attendance     string // "90%"
	Outcome        string
	CanCancel      bool
	CredentialHref string
	Errors         map[string]string // hours, score, note, row
}

type trainingSessionPage struct {
	Layout
	Tabs         []trainingTab
	Session      sessionRow
	CourseHref   string
	Assessment   string
	IsExam       bool
	PassMark     int
	MinAttend    int
	TrainerHref  string
	Note         string
	CancelReason string
	Version      int
	Unit         string
	// What the actor may do.
	IsOfficer   bool
	CanEdit     bool
	CanOpen     bool
	CanStart    bool
	CanCancel   bool
	CanComplete bool
	// Enrolment.
	EnrolMode    string // "staff", "self", "anyone" or ""
	EnrolForm    formErrors
	FullName     string
	Email        string
	JobTitle     string
	Phone        string
	EnterpriseID string
	Enterprise   string // the enterprise user's firm
	SelfEnrolled bool
	SignInHref   string
	// The roster the actor sees.
	Roster      []enrolRow
	RosterTitle string
	Editable    bool // results may be recorded now
	ResultsForm formErrors
	Passed      int
	NotPassed   int
}

// enrolValues is the enrolment form as typed.
type enrolValues struct {
	in  training.EnrolInput
	ent string
}

// resultValues are the results as typed, by enrolment.
type resultValues map[training.EnrolmentID]enrolRow

func (h *Handler) sessionPage(r *http.Request, id training.SessionID, ev *enrolValues, efe formErrors, rv resultValues, rfe formErrors) (*trainingSessionPage, *training.Session, error) {
	ctx := r.Context()
	lang := h.lang(r)
	a := auth.ActorFrom(ctx)
	x, err := h.training.Session(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p := &trainingSessionPage{Tabs: h.trainingTabs(r, "/training"), Session: h.sessionRow(lang, x), CourseHref: courseHref(x.CourseID),
		Assessment: x.Assessment.Label().In(lang), IsExam: x.Assessment == training.AssessExam, PassMark: x.PassMark, MinAttend: x.MinAttendancePct,
		Note: x.Note, CancelReason: x.CancelReason, Version: x.Version, Unit: h.trainingUnit(lang, x.OwnerProvince),
		EnrolForm: efe, ResultsForm: rfe, SignInHref: "/login?next=" + sessionHref(x.ID)}
	if x.TrainerExpertID != 0 {
		p.TrainerHref = "/experts/" + strconv.FormatInt(x.TrainerExpertID, 10)
	}
	run := h.training.MayRunSession(ctx, x)
	oversee := h.training.MayOverseeSession(ctx, x)
	p.IsOfficer = oversee // the whole roster, read only unless run
	p.CanEdit = run && (x.Status == training.SessionPlanned || x.Status == training.SessionOpen)
	p.CanOpen = run && x.Status == training.SessionPlanned
	p.CanStart = run && (x.Status == training.SessionPlanned || x.Status == training.SessionOpen)
	p.CanCancel = run && x.Status != training.SessionCompleted && x.Status != training.SessionCancelled
	p.CanComplete = run && x.Status == training.SessionInProgress
	p.Editable = run && x.Status == training.SessionInProgress
	switch h.training.EnrolModeFor(ctx, x) {
	case training.EnrolStaff:
		p.EnrolMode = "staff"
		if e, err := h.registry.FindEnterpriseByID(ctx, registry.EnterpriseID(a.EnterpriseID)); err == nil {
			p.Enterprise = e.Name
		}
	case training.EnrolSelf:
		p.EnrolMode = "self"
	case training.EnrolAnyone:
		p.EnrolMode = "anyone"
	}
	if ev != nil {
		p.FullName, p.Email, p.JobTitle, p.Phone, p.EnterpriseID = ev.in.FullName, ev.in.Email, ev.in.JobTitle, ev.in.Phone, ev.ent
	}
	var roster []*training.Enrolment
	if a != nil && !a.IsAnonymous() {
		if roster, err = h.training.Roster(ctx, x.ID); err != nil {
			return nil, nil, err
		}
	}
	switch {
	case oversee:
		p.RosterTitle = text("training.roster").In(lang)
	case a != nil && a.Role == auth.RoleEnterprise:
		p.RosterTitle = text("training.roster_enterprise").In(lang)
	default:
		p.RosterTitle = text("training.roster_own").In(lang)
	}
	today := h.training.Today()
	for _, e := range roster {
		row := enrolRow{ID: e.ID, Name: e.FullName, Email: e.Email, JobTitle: e.JobTitle, Phone: e.Phone, Enterprise: e.EnterpriseName,
			Status: string(e.Status), StatusText: e.Status.Label().In(lang), Note: e.ResultNote, Version: e.Version}
		switch e.Status {
		case training.EnrolPassed:
			row.Badge = "badge-ok"
			p.Passed++
		case training.EnrolNotPassed:
			row.Badge = "badge-danger"
			p.NotPassed++
		case training.EnrolCancelled:
			row.Badge = "badge-muted"
		default:
			row.Badge = "badge-info"
		}
		if e.Status == training.EnrolCancelled && !oversee {
			continue
		}
		if a != nil && e.UserID == a.UserID && e.UserID != 0 && e.Status != training.EnrolCancelled {
			p.SelfEnrolled = true
		}
		if e.AttendedHours != nil {
			row.Hours = strconv.Itoa(*e.AttendedHours)
		}
		if e.Score != nil {
			row.Score = strconv.Itoa(*e.Score)
		}
		if e.Passed != nil {
			row.Passed = map[bool]string{true: "1", false: "0"}[*e.Passed]
		}
		o := training.OutcomeOf(x, e)
		if e.AttendedHours != nil {
			row.Attendance = strconv.Itoa(o.AttendancePct) + "%"
		}
		if o.Recorded && e.Status == training.EnrolEnrolled {
			if o.Eligible() {
				row.Outcome = text("training.outcome_pass").In(lang)
			} else if !o.Attended {
				row.Outcome = text("training.outcome_attendance").In(lang)
			} else {
				row.Outcome = text("training.outcome_fail").In(lang)
			}
		}
		if e.CredentialID != 0 {
			row.CredentialHref = credentialHref(e.CredentialID)
		}
		row.CanCancel = e.Status == training.EnrolEnrolled && x.Status != training.SessionCompleted && x.Status != training.SessionCancelled &&
			(run || today.Before(x.StartsOn))
		if typed, ok := rv[e.ID]; ok {
			row.Hours, row.Score, row.Passed, row.Note = typed.Hours, typed.Score, typed.Passed, typed.Note
		}
		key := fmt.Sprintf("results.%d", e.ID)
		row.Errors = map[string]string{}
		for k, msg := range rfe.Errors {
			switch {
			case k == key:
				row.Errors["row"] = msg
			case strings.HasPrefix(k, key+"."):
				row.Errors[strings.TrimPrefix(k, key+".")] = msg
			}
		}
		p.Roster = append(p.Roster, row)
	}
	return p, x, nil
}

func (h *Handler) renderSession(w http.ResponseWriter, r *http.Request, status int, p *trainingSessionPage, x *training.Session) error {
	return h.render(w, r, status, "training_session", fault.Text{Vi: x.CourseTitle, En: x.CourseTitle}, p)
}

func (h *Handler) handleSessionShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, x, err := h.sessionPage(r, training.SessionID(id), nil, formErrors{}, nil, formErrors{})
	if err != nil {
		return err
	}
	return h.renderSession(w, r, http.StatusOK, p, x)
}

func (h *Handler) handleSessionEnrol(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	v := enrolValues{in: training.EnrolInput{FullName: formValue(r, "full_name"), Email: formValue(r, "email"), JobTitle: formValue(r, "job_title"),
		Phone: formValue(r, "phone")}, ent: formValue(r, "enterprise_id")}
	if v.ent != "" {
		n, err := strconv.ParseInt(v.ent, 10, 64)
		if err != nil || n <= 0 {
			fe := newFormErrors(h.lang(r), fault.New(fault.Invalid, "Mã doanh nghiệp không hợp lệ.", "Not a valid enterprise id.").
				Field("enterprise_id", "Mã doanh nghiệp là một số.", "An enterprise id is a number."), nil)
			p, x, err := h.sessionPage(r, training.SessionID(id), &v, fe, nil, formErrors{})
			if err != nil {
				return err
			}
			return h.renderSession(w, r, http.StatusUnprocessableEntity, p, x)
		}
		v.in.EnterpriseID = registry.EnterpriseID(n)
	}
	e, err := h.training.Enrol(r.Context(), training.SessionID(id), v.in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		p, x, perr := h.sessionPage(r, training.SessionID(id), &v, newFormErrors(h.lang(r), err, nil), nil, formErrors{})
		if perr != nil {
			return perr
		}
		return h.renderSession(w, r, formStatus(err), p, x)
	}
	h.flash(r.Context(), "success", fmtText(text("training.flash_enrolled"), "{name}", e.FullName))
	redirect(w, r, sessionHref(training.SessionID(id)))
	return nil
}

func (h *Handler) handleEnrolmentCancel(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	back, _ := strconv.ParseInt(formValue(r, "session"), 10, 64)
	e, err := h.training.CancelEnrolment(r.Context(), training.EnrolmentID(id), version)
	to := "/training"
	if back > 0 {
		to = sessionHref(training.SessionID(back))
	}
	if e != nil {
		to = sessionHref(e.SessionID)
	}
	return h.trainingFlashBack(w, r, to, err, text("training.flash_enrolment_cancelled"))
}

func (h *Handler) handleSessionResults(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	bad := fault.Fields{}
	typed := resultValues{}
	var items []training.ResultInput
	for _, s := range r.PostForm["ids"] {
		eid, err := strconv.ParseInt(s, 10, 64)
		if err != nil || eid <= 0 {
			continue
		}
		key := "results." + s
		row := enrolRow{Hours: formValue(r, "hours-"+s), Score: formValue(r, "score-"+s), Passed: formValue(r, "passed-"+s), Note: formValue(r, "note-"+s)}
		typed[training.EnrolmentID(eid)] = row
		it := training.ResultInput{EnrolmentID: training.EnrolmentID(eid), Note: row.Note}
		it.Version, _ = strconv.Atoi(formValue(r, "version-"+s))
		if row.Hours != "" {
			n, err := strconv.Atoi(row.Hours)
			if err != nil {
				bad.Add(key+".attended_hours", "Nhập số giờ bằng số nguyên.", "Enter the hours as a whole number.")
			}
			it.AttendedHours = &n
		}
		if row.Score != "" {
			n, err := strconv.Atoi(row.Score)
			if err != nil {
				bad.Add(key+".score", "Nhập điểm bằng số nguyên từ 0 đến 100.", "Enter the score as a whole number from 0 to 100.")
			}
			it.Score = &n
		}
		switch row.Passed {
		case "1", "0":
			b := row.Passed == "1"
			it.Passed = &b
		}
		items = append(items, it)
	}
	if len(bad) > 0 {
		err = bad.Err()
	} else {
		_, err = h.training.RecordResults(r.Context(), training.SessionID(id), items)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		p, x, perr := h.sessionPage(r, training.SessionID(id), nil, formErrors{}, typed, newFormErrors(h.lang(r), err, nil))
		if perr != nil {
			return perr
		}
		return h.renderSession(w, r, formStatus(err), p, x)
	}
	h.flash(r.Context(), "success", text("training.flash_results_saved"))
	redirect(w, r, sessionHref(training.SessionID(id))+"#roster")
	return nil
}

func (h *Handler) sessionMove(w http.ResponseWriter, r *http.Request, move func(id training.SessionID, version int) error, ok fault.Text) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	return h.trainingFlashBack(w, r, sessionHref(training.SessionID(id)), move(training.SessionID(id), version), ok)
}

func (h *Handler) handleSessionOpen(w http.ResponseWriter, r *http.Request) error {
	return h.sessionMove(w, r, func(id training.SessionID, v int) error {
		_, err := h.training.OpenSession(r.Context(), id, v)
		return err
	}, text("training.flash_opened"))
}

func (h *Handler) handleSessionStart(w http.ResponseWriter, r *http.Request) error {
	return h.sessionMove(w, r, func(id training.SessionID, v int) error {
		_, err := h.training.StartSession(r.Context(), id, v)
		return err
	}, text("training.flash_started"))
}

func (h *Handler) handleSessionCancel(w http.ResponseWriter, r *http.Request) error {
	return h.sessionMove(w, r, func(id training.SessionID, v int) error {
		_, err := h.training.CancelSession(r.Context(), id, v, formValue(r, "reason"))
		return err
	}, text("training.flash_cancelled"))
}

func (h *Handler) handleSessionComplete(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	res, err := h.training.CompleteSession(r.Context(), training.SessionID(id), version)
	ok := fault.Text{}
	if err == nil {
		ok = fmtText(text("training.flash_completed"), "{n}", strconv.Itoa(len(res.Credentials)), "{m}", strconv.Itoa(len(res.NotPassed)))
	}
	return h.trainingFlashBack(w, r, sessionHref(training.SessionID(id)), err, ok)
}

// ---- the session form ----

type trainingSessionFormPage struct {
	Layout
	Tabs        []trainingTab
	Form        formErrors
	New         bool
	Action      string
	Cancel      string
	Version     int
	Courses     []option
	CourseTitle string
	StartsOn    string
	EndsOn      string
	Place       string
	Provinces   []option
	Province    string // a provincial officer's, fixed
	Trainer     string
	ExpertID    string
	Capacity    string
	Note        string
}

// sessionFormValues is the session form as typed.
type sessionFormValues struct {
	in                                     training.SessionInput
	starts, ends, expert, capacity, course string
}

func (h *Handler) sessionFormPage(r *http.Request, a *auth.Actor, v sessionFormValues, fe formErrors) (*trainingSessionFormPage, error) {
	lang := h.lang(r)
	p := &trainingSessionFormPage{Tabs: h.trainingTabs(r, "/training"), Form: fe, StartsOn: v.starts, EndsOn: v.ends, Place: v.in.Place,
		Trainer: v.in.TrainerName, ExpertID: v.expert, Capacity: v.capacity, Note: v.in.Note}
	if a.Role == auth.RoleProvince {
		p.Province = h.provinceName(a.ProvinceCode)
	} else {
		p.Provinces = h.provinceOptions(v.in.ProvinceCode)
	}
	courses, err := h.training.Courses(r.Context(), training.CourseQuery{})
	if err != nil {
		return nil, err
	}
	for _, c := range courses {
		p.Courses = append(p.Courses, option{Value: strconv.FormatInt(int64(c.ID), 10),
			Label: c.ToolName.In(lang) + " · " + c.Level.Label().In(lang) + " · " + c.Title, Selected: c.ID == v.in.CourseID})
	}
	return p, nil
}

// sessionForm reads the session form.
func sessionForm(r *http.Request) (sessionFormValues, fault.Fields) {
	v := sessionFormValues{starts: formValue(r, "starts_on"), ends: formValue(r, "ends_on"), expert: formValue(r, "trainer_expert_id"),
		capacity: formValue(r, "capacity"), course: formValue(r, "course_id")}
	cid, _ := strconv.ParseInt(v.course, 10, 64)
	v.in = training.SessionInput{CourseID: training.CourseID(cid), Place: formValue(r, "place"), ProvinceCode: formValue(r, "province_code"),
		TrainerName: formValue(r, "trainer_name"), Note: formValue(r, "note")}
	bad := fault.Fields{}
	var ok bool
	if v.in.StartsOn, ok = dayField(r, "starts_on"); !ok {
		bad.Add("starts_on", "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.", "Not a valid date; use dd/mm/yyyy.")
	}
	if v.in.EndsOn, ok = dayField(r, "ends_on"); !ok {
		bad.Add("ends_on", "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.", "Not a valid date; use dd/mm/yyyy.")
	}
	n, ok := wholeField(r, "trainer_expert_id")
	if !ok || n < 0 {
		bad.Add("trainer_expert_id", "Mã chuyên gia là một số.", "An expert id is a number.")
	}
	v.in.TrainerExpertID = int64(n)
	if v.in.Capacity, ok = wholeField(r, "capacity"); !ok {
		bad.Add("capacity", "Nhập sĩ số bằng số nguyên.", "Enter the capacity as a whole number.")
	}
	return v, bad
}

func sessionValues(x *training.Session) sessionFormValues {
	v := sessionFormValues{in: training.SessionInput{CourseID: x.CourseID, StartsOn: x.StartsOn, EndsOn: x.EndsOn, Place: x.Place,
		ProvinceCode: x.ProvinceCode, TrainerName: x.TrainerName, TrainerExpertID: x.TrainerExpertID, Capacity: x.Capacity, Note: x.Note},
		starts: vn.Date(x.StartsOn), ends: vn.Date(x.EndsOn), capacity: strconv.Itoa(x.Capacity)}
	if x.TrainerExpertID != 0 {
		v.expert = strconv.FormatInt(x.TrainerExpertID, 10)
	}
	return v
}

func (h *Handler) renderSessionNew(w http.ResponseWriter, r *http.Request, status int, v sessionFormValues, fe formErrors) error {
	a, err := trainingManager(r)
	if err != nil {
		return err
	}
	p, err := h.sessionFormPage(r, a, v, fe)
	if err != nil {
		return err
	}
	p.New, p.Action, p.Cancel = true, "/training/sessions", "/training"
	if v.in.CourseID != 0 {
		p.Cancel = courseHref(v.in.CourseID)
	}
	return h.render(w, r, status, "training_session_form", text("training.session_new"), p)
}

func (h *Handler) handleSessionNew(w http.ResponseWriter, r *http.Request) error {
	a, err := trainingManager(r)
	if err != nil {
		return err
	}
	cid, _ := strconv.ParseInt(r.URL.Query().Get("course"), 10, 64)
	today := h.training.Today()
	v := sessionFormValues{in: training.SessionInput{CourseID: training.CourseID(cid)}, starts: vn.Date(today.AddDate(0, 0, 14)),
		ends: vn.Date(today.AddDate(0, 0, 16)), capacity: "30"}
	if a.Role == auth.RoleProvince {
		v.in.ProvinceCode = a.ProvinceCode
	}
	return h.renderSessionNew(w, r, http.StatusOK, v, formErrors{})
}

func (h *Handler) handleSessionCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := trainingManager(r); err != nil {
		return err
	}
	v, bad := sessionForm(r)
	var err error
	var x *training.Session
	if len(bad) > 0 {
		err = bad.Err()
	} else {
		x, err = h.training.CreateSession(r.Context(), v.in)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderSessionNew(w, r, formStatus(err), v, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("training.flash_session_created"))
	redirect(w, r, sessionHref(x.ID))
	return nil
}

func (h *Handler) renderSessionEdit(w http.ResponseWriter, r *http.Request, status int, id training.SessionID, v *sessionFormValues, fe formErrors) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	x, err := h.training.Session(r.Context(), id)
	if err != nil {
		return err
	}
	if !h.training.MayRunSession(r.Context(), x) || x.Status != training.SessionPlanned && x.Status != training.SessionOpen {
		return &fault.Error{Kind: fault.Forbidden, Message: text("training.session_not_editable")}
	}
	vals := sessionValues(x)
	if v != nil {
		vals = *v
	}
	p, err := h.sessionFormPage(r, a, vals, fe)
	if err != nil {
		return err
	}
	p.Version, p.Action, p.Cancel, p.Courses, p.CourseTitle = x.Version, sessionHref(x.ID), sessionHref(x.ID), nil, x.CourseTitle
	return h.render(w, r, status, "training_session_form", fault.Text{Vi: "Sửa lớp " + x.CourseTitle, En: "Edit session " + x.CourseTitle}, p)
}

func (h *Handler) handleSessionEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.renderSessionEdit(w, r, http.StatusOK, training.SessionID(id), nil, formErrors{})
}

func (h *Handler) handleSessionUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	v, bad := sessionForm(r)
	version, _ := strconv.Atoi(formValue(r, "version"))
	if len(bad) > 0 {
		err = bad.Err()
	} else {
		_, err = h.training.UpdateSession(r.Context(), training.SessionID(id), version, v.in)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderSessionEdit(w, r, formStatus(err), training.SessionID(id), &v, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("training.flash_session_saved"))
	redirect(w, r, sessionHref(training.SessionID(id)))
	return nil
}
