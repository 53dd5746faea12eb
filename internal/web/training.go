package web

import (
	"net/http"
	"strconv"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/training"
	"nscl/internal/vn"
)

// The pages of training (courses, sessions, enrolment, attendance, exams,
// credentials), the assessors' accreditations and an enterprise's
// certified practitioners. The catalogue and the sessions are public;
// the services decide everything else, the pages only hide what the actor
// cannot do.

// registerTraining registers the pages of this area.
func (h *Handler) registerTraining(mux Router) {
	h.handle(mux, "GET /training", h.handleTrainingHome)
	h.handle(mux, "GET /training/sessions", h.handleTrainingSessions)
	h.handle(mux, "GET /training/courses/new", h.handleCourseNew)
	h.handle(mux, "POST /training/courses", h.handleCourseCreate)
	h.handle(mux, "GET /training/courses/{id}", h.handleCourseShow)
	h.handle(mux, "GET /training/courses/{id}/edit", h.handleCourseEdit)
	h.handle(mux, "POST /training/courses/{id}", h.handleCourseUpdate)
	h.handle(mux, "GET /training/sessions/new", h.handleSessionNew)
	h.handle(mux, "POST /training/sessions", h.handleSessionCreate)
	h.handle(mux, "GET /training/sessions/{id}", h.handleSessionShow)
	h.handle(mux, "GET /training/sessions/{id}/edit", h.handleSessionEdit)
	h.handle(mux, "POST /training/sessions/{id}", h.handleSessionUpdate)
	h.handle(mux, "POST /training/sessions/{id}/open", h.handleSessionOpen)
	h.handle(mux, "POST /training/sessions/{id}/start", h.handleSessionStart)
	h.handle(mux, "POST /training/sessions/{id}/cancel", h.handleSessionCancel)
	h.handle(mux, "POST /training/sessions/{id}/complete", h.handleSessionComplete)
	h.handle(mux, "POST /training/sessions/{id}/enrol", h.handleSessionEnrol)
	h.handle(mux, "POST /training/sessions/{id}/results", h.handleSessionResults)
	h.handle(mux, "POST /training/enrolments/{id}/cancel", h.handleEnrolmentCancel)

	h.handle(mux, "GET /credentials", h.handleCredentials)
	h.handle(mux, "GET /credentials/{id}", h.handleCredentialShow)
	h.handle(mux, "GET /credentials/{id}/pdf", h.handleCredentialPDF)
	h.handle(mux, "POST /credentials/{id}/revoke", h.handleCredentialRevoke)
	h.handle(mux, "GET /practitioners", h.handlePractitioners)
	h.handle(mux, "GET /practitioners.xlsx", h.handlePractitionersXLSX)

	if h.assess != nil {
		h.handle(mux, "GET /accreditations", h.handleAccreditations)
		h.handle(mux, "GET /accreditations/new", h.handleAccreditationNew)
		h.handle(mux, "POST /accreditations", h.handleAccreditationCreate)
		h.handle(mux, "GET /accreditations/{id}", h.handleAccreditationShow)
		h.handle(mux, "POST /accreditations/{id}/renew", h.handleAccreditationRenew)
		h.handle(mux, "POST /accreditations/{id}/suspend", h.handleAccreditationSuspend)
		h.handle(mux, "POST /accreditations/{id}/reinstate", h.handleAccreditationReinstate)
		h.handle(mux, "POST /accreditations/{id}/withdraw", h.handleAccreditationWithdraw)
	}
}

// trainingPages lists this area's page templates with a zero model each.
func trainingPages() map[string]page {
	return map[string]page{
		"training_home":         &trainingHomePage{},
		"training_sessions":     &trainingSessionsPage{},
		"training_course":       &trainingCoursePage{},
		"training_course_form":  &trainingCourseFormPage{},
		"training_session":      &trainingSessionPage{},
		"training_session_form": &trainingSessionFormPage{},
		"training_credentials":  &trainingCredentialsPage{},
		"training_credential":   &trainingCredentialPage{},
		"practitioners":         &practitionersPage{},
		"accreditations":        &accreditationsPage{},
		"accreditation":         &accreditationPage{},
		"accreditation_form":    &accreditationFormPage{},
	}
}

func courseHref(id training.CourseID) string {
	return "/training/courses/" + strconv.FormatInt(int64(id), 10)
}
func sessionHref(id training.SessionID) string {
	return "/training/sessions/" + strconv.FormatInt(int64(id), 10)
}
func credentialHref(id training.CredentialID) string {
	return "/credentials/" + strconv.FormatInt(int64(id), 10)
}
func accreditationHref(id assessment.AccreditationID) string {
	return "/accreditations/" + strconv.FormatInt(int64(id), 10)
}

// trainingTab is a tab of the training area.
type trainingTab struct {
	Href    string
	Label   string
	Current bool
}

// trainingTabs returns the tabs of the training area the actor reaches:
// the catalogue for everyone, the credentials for anyone signed in, the
// accreditations for those who manage or hold them, the practitioners of
// an enterprise user's firm.
func (h *Handler) trainingTabs(r *http.Request, current string) []trainingTab {
	a := auth.ActorFrom(r.Context())
	lang := h.lang(r)
	tabs := []trainingTab{{Href: "/training", Label: text("training.tab_catalogue").In(lang)}}
	if !a.IsAnonymous() {
		tabs = append(tabs, trainingTab{Href: "/credentials", Label: text("training.tab_credentials").In(lang)})
	}
	if h.assess != nil && (auth.Can(a, auth.ActAccreditationManage) || auth.Can(a, auth.ActAssessmentManage) || auth.Can(a, auth.ActAssessIndependent)) {
		tabs = append(tabs, trainingTab{Href: "/accreditations", Label: text("training.tab_accreditations").In(lang)})
	}
	if a != nil && a.Role == auth.RoleEnterprise && a.EnterpriseID != 0 {
		tabs = append(tabs, trainingTab{Href: "/practitioners?enterprise=" + strconv.FormatInt(a.EnterpriseID, 10),
			Label: text("training.tab_practitioners").In(lang)})
	}
	for i := range tabs {
		tabs[i].Current = tabs[i].Href == current || current == "/practitioners" && tabs[i].Label == text("training.tab_practitioners").In(lang)
	}
	return tabs
}

// toolOptions lists the catalogue's tools, selected marked.
func (h *Handler) toolOptions(r *http.Request, selected string) ([]option, error) {
	tools, err := h.training.Tools(r.Context())
	if err != nil {
		return nil, err
	}
	lang := h.lang(r)
	out := make([]option, 0, len(tools))
	for _, t := range tools {
		out = append(out, option{Value: t.Code, Label: t.Name.In(lang), Selected: t.Code == selected})
	}
	return out, nil
}

func levelOptions(lang string, selected training.Level) []option {
	out := make([]option, 0, len(training.Levels))
	for _, l := range training.Levels {
		out = append(out, option{Value: l.Code(), Label: l.Label().In(lang), Selected: l == selected})
	}
	return out
}

func levelParam(s string) training.Level {
	n, _ := strconv.Atoi(s)
	if l := training.Level(n); l.Valid() {
		return l
	}
	return 0
}

func sessionBadge(st training.SessionStatus) string {
	switch st {
	case training.SessionOpen:
		return "badge-ok"
	case training.SessionInProgress:
		return "badge-info"
	case training.SessionPlanned:
		return "badge-warn"
	case training.SessionCancelled:
		return "badge-danger"
	}
	return "badge-muted"
}

func credentialBadge(st training.CredentialStatus) string {
	switch st {
	case training.CredValid:
		return "badge-ok"
	case training.CredRevoked:
		return "badge-danger"
	}
	return "badge-muted"
}

// sessionRow is a session in a list.
type sessionRow struct {
	ID         training.SessionID
	Href       string
	Course     string
	CourseHref string
	Tool       string
	Level      string
	Dates      string
	Place      string
	Province   string
	Trainer    string
	Seats      int
	Capacity   int
	Enrolled   int
	Status     string
	StatusText string
	Badge      string
	Hours      int
}

func (h *Handler) sessionRow(lang string, x *training.Session) sessionRow {
	return sessionRow{ID: x.ID, Href: sessionHref(x.ID), Course: x.CourseTitle, CourseHref: courseHref(x.CourseID), Tool: x.ToolName.In(lang),
		Level: x.Level.Label().In(lang), Dates: dateRange(x.StartsOn, x.EndsOn), Place: x.Place, Province: h.provinceName(x.ProvinceCode),
		Trainer: x.TrainerName, Seats: x.Seats(), Capacity: x.Capacity, Enrolled: x.Enrolled, Status: string(x.Status),
		StatusText: x.Status.Label().In(lang), Badge: sessionBadge(x.Status), Hours: x.TotalHours}
}

// dateRange writes "11/05/2026 – 13/05/2026", or one day.
func dateRange(from, to time.Time) string {
	if from.Equal(to) {
		return vn.Date(from)
	}
	return vn.Date(from) + " – " + vn.Date(to)
}

// courseRow is a course in a list.
type courseRow struct {
	ID         training.CourseID
	Href       string
	Title      string
	Tool       string
	Level      string
	Hours      int
	Assessment string
	Validity   string
	Unit       string
	Archived   bool
	Sessions   int
}

func (h *Handler) courseRow(lang string, c *training.Course) courseRow {
	return courseRow{ID: c.ID, Href: courseHref(c.ID), Title: c.Title, Tool: c.ToolName.In(lang), Level: c.Level.Label().In(lang),
		Hours: c.TotalHours, Assessment: c.Assessment.Label().In(lang), Validity: validityText(lang, c.ValidityMonths),
		Unit: h.trainingUnit(lang, c.ProvinceCode), Archived: c.Archived, Sessions: c.Sessions}
}

// trainingUnit names a course's owner: the ministry or a province.
func (h *Handler) trainingUnit(lang, prov string) string {
	if prov == "" {
		return text("training.unit_ministry").In(lang)
	}
	return h.provinceName(prov)
}

func validityText(lang string, months int) string {
	if months == 0 {
		return text("training.no_expiry").In(lang)
	}
	return fmtText(text("training.months"), "{n}", strconv.Itoa(months)).In(lang)
}

// trainingFlashBack shows err as a flash on page to (when the user can
// act on it) or returns it.
func (h *Handler) trainingFlashBack(w http.ResponseWriter, r *http.Request, to string, err error, ok fault.Text) error {
	if err != nil {
		if !isFormError(err) && !fault.Is(err, fault.Unavailable) {
			return err
		}
		h.flash(r.Context(), "error", fault.MessageOf(err))
		redirect(w, r, to)
		return nil
	}
	h.flash(r.Context(), "success", ok)
	redirect(w, r, to)
	return nil
}

// dayField reads a dd/mm/yyyy form field: the zero time when empty, false
// when it does not parse.
func dayField(r *http.Request, name string) (time.Time, bool) {
	v := formValue(r, name)
	if v == "" {
		return time.Time{}, true
	}
	d, err := vn.ParseDate(v)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, vn.Zone), true
}

// wholeField reads a whole number form field (empty: 0, true).
func wholeField(r *http.Request, name string) (int, bool) {
	v := formValue(r, name)
	if v == "" {
		return 0, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < -1_000_000 || n > 1_000_000 {
		return 0, false
	}
	return n, true
}

// dayValue writes a day for a form field ("" for the zero time).
func dayValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return vn.Date(t)
}
