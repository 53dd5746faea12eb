package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"nscl/internal/fault"
	"nscl/internal/library"
	"nscl/internal/vn"
)

// ---- the case form: /cases/new, /cases/{id}/edit ----

type caseKPIInput struct {
	Index                     int
	Name, Unit, Before, After string
	Lower                     bool
	Error                     string
}

type caseFormPage struct {
	Layout
	Tabs       []libTab
	New        bool
	Action     string
	Version    int
	In         library.CaseInput
	Enterprise string // the enterprise's name, on edit
	ActivityID string
	Tools      []option
	Industries []option
	Sizes      []option
	KPIs       []caseKPIInput
	Form       formErrors
	Back       string
}

const libCaseKPIRows = 6

// caseForm reads the posted case; bad holds the fields that do not parse.
func (h *Handler) caseForm(r *http.Request) (library.CaseInput, []caseKPIInput, fault.Fields) {
	bad := fault.Fields{}
	in := library.CaseInput{Title: formValue(r, "title"), Industry: formValue(r, "industry"), VSIC: formValue(r, "vsic"),
		SizeClass: formValue(r, "size_class"), Tools: r.PostForm["tools"], Summary: formValue(r, "summary"),
		ProblemMD: r.PostFormValue("problem_md"), SolutionMD: r.PostFormValue("solution_md"), LessonsMD: r.PostFormValue("lessons_md"),
		Contact: library.CaseContact{Name: formValue(r, "contact_name"), Role: formValue(r, "contact_role"), Phone: formValue(r, "contact_phone"),
			Email: formValue(r, "contact_email"), Consent: formValue(r, "contact_consent") == "1"}}
	if s := formValue(r, "enterprise_id"); s != "" {
		// A tax code (10 or 13 digits, maybe with a dash) or the registry's
		// number.
		if digits := strings.ReplaceAll(s, "-", ""); len(digits) >= 10 {
			if e, err := h.registry.FindEnterpriseByTaxCode(r.Context(), s); err == nil {
				in.EnterpriseID = int64(e.ID)
			} else {
				bad.Add("enterprise_id", "Không tìm thấy doanh nghiệp có mã số thuế này.", "No enterprise has this tax code.")
			}
		} else if n, err := strconv.ParseInt(s, 10, 64); err != nil || n <= 0 {
			bad.Add("enterprise_id", "Nhập mã số thuế hoặc số của doanh nghiệp trong sổ đăng ký.", "Enter the tax code or the enterprise's registry number.")
		} else {
			in.EnterpriseID = n
		}
	}
	if s := formValue(r, "activity_id"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			bad.Add("activity_id", "Mã mô hình điểm là một số.", "The pilot model's number is a number.")
		}
		in.ActivityID = n
	}
	names, units, befores, afters, dirs := r.PostForm["kpi_name"], r.PostForm["kpi_unit"], r.PostForm["kpi_before"], r.PostForm["kpi_after"], r.PostForm["kpi_dir"]
	at := func(s []string, i int) string {
		if i < len(s) {
			return strings.TrimSpace(s[i])
		}
		return ""
	}
	var rows []caseKPIInput
	for i := range min(len(names), 50) {
		row := caseKPIInput{Index: i + 1, Name: at(names, i), Unit: at(units, i), Before: at(befores, i), After: at(afters, i), Lower: at(dirs, i) == "down"}
		rows = append(rows, row)
		if row.Name == "" && row.Unit == "" && row.Before == "" && row.After == "" {
			continue
		}
		k := library.CaseKPIInput{Name: row.Name, Unit: row.Unit, LowerBetter: row.Lower}
		var e1, e2 error
		k.Before, e1 = parseLibNumber(row.Before)
		k.After, e2 = parseLibNumber(row.After)
		if e1 != nil || e2 != nil {
			bad.Add(fmt.Sprintf("kpis.%d", len(in.KPIs)), "Giá trị trước và sau là số, ví dụ 12,5.", "Before and after are numbers, e.g. 12.5.")
		}
		in.KPIs = append(in.KPIs, k)
	}
	return in, rows, bad
}

// parseLibNumber reads 12,5 or 12.5 (or 1.234,5).
func parseLibNumber(s string) (float64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if s == "" {
		return 0, nil
	}
	if strings.Contains(s, ",") {
		s = strings.ReplaceAll(s, ".", "")
		s = strings.ReplaceAll(s, ",", ".")
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f || f > 1e15 || f < -1e15 {
		return 0, errors.New("not a number")
	}
	return f, nil
}

func libKPIInputs(ks []library.CaseKPI) []caseKPIInput {
	var out []caseKPIInput
	for i, k := range ks {
		out = append(out, caseKPIInput{Index: i + 1, Name: k.Name, Unit: k.Unit, Before: vn.Decimal(k.Before, 2), After: vn.Decimal(k.After, 2), Lower: k.LowerBetter})
	}
	return out
}

func (h *Handler) renderCaseForm(w http.ResponseWriter, r *http.Request, status int, p *caseFormPage) error {
	lang := h.lang(r)
	p.Tabs = libTabs(lang, "/cases")
	var err error
	if p.Tools, _, err = h.libTools(r, p.In.Tools...); err != nil {
		return err
	}
	p.Industries, p.Sizes = libIndustryOptions(lang, p.In.Industry), libSizeOptions(lang, p.In.SizeClass)
	for len(p.KPIs) < libCaseKPIRows {
		p.KPIs = append(p.KPIs, caseKPIInput{})
	}
	for i := range p.KPIs {
		p.KPIs[i].Index = i + 1
	}
	// Field errors of CaseKPI n go to the n-th filled row.
	n := 0
	for i := range p.KPIs {
		k := &p.KPIs[i]
		if k.Name == "" && k.Unit == "" && k.Before == "" && k.After == "" {
			continue
		}
		k.Error = p.Form.Errors[fmt.Sprintf("kpis.%d", n)]
		n++
	}
	if p.In.ActivityID != 0 {
		p.ActivityID = strconv.FormatInt(p.In.ActivityID, 10)
	}
	title := text("lib.case_new")
	if !p.New {
		title = text("lib.case_edit")
	}
	return h.render(w, r, status, "case_form", title, p)
}

func (h *Handler) handleCaseNew(w http.ResponseWriter, r *http.Request) error {
	if err := libEditor(r); err != nil {
		return err
	}
	p := &caseFormPage{New: true, Action: "/cases", Back: "/cases"}
	if s := r.URL.Query().Get("enterprise"); s != "" {
		p.In.EnterpriseID, _ = strconv.ParseInt(s, 10, 64)
	}
	return h.renderCaseForm(w, r, http.StatusOK, p)
}

func (h *Handler) handleCaseCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if err := libEditor(r); err != nil {
		return err
	}
	in, rows, bad := h.caseForm(r)
	var c *library.Case
	var err error
	if len(bad) > 0 {
		err = h.libMergeErrors(r, in, bad)
	} else {
		c, err = h.library.CreateCase(r.Context(), in)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderCaseForm(w, r, formStatus(err), &caseFormPage{New: true, Action: "/cases", Back: "/cases", In: in, KPIs: rows,
			Form: newFormErrors(h.lang(r), err, nil)})
	}
	h.flash(r.Context(), "success", text("lib.flash_case_created"))
	redirect(w, r, fmt.Sprintf("/cases/%d", c.ID))
	return nil
}

func (h *Handler) caseEditPage(r *http.Request, id int64) (*caseFormPage, *library.Case, error) {
	if err := libEditor(r); err != nil {
		return nil, nil, err
	}
	v, err := h.library.Case(r.Context(), library.CaseID(id), h.lang(r))
	if err != nil {
		return nil, nil, err
	}
	if !v.CanEdit {
		return nil, nil, &fault.Error{Kind: fault.Forbidden, Message: text("lib.not_yours")}
	}
	c := v.Case
	href := fmt.Sprintf("/cases/%d", c.ID)
	p := &caseFormPage{Action: href, Back: href, Version: c.Version, Enterprise: c.EnterpriseName,
		In: library.CaseInput{Title: c.Title, EnterpriseID: c.EnterpriseID, ActivityID: c.ActivityID, Industry: string(c.Industry), VSIC: c.VSIC,
			SizeClass: string(c.SizeClass), Tools: c.Tools, Summary: c.Summary, ProblemMD: string(c.ProblemMD), SolutionMD: string(c.SolutionMD),
			LessonsMD: string(c.LessonsMD), Contact: c.Contact}, KPIs: libKPIInputs(c.KPIs)}
	return p, c, nil
}

func (h *Handler) handleCaseEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	p, _, err := h.caseEditPage(r, id)
	if err != nil {
		return err
	}
	return h.renderCaseForm(w, r, http.StatusOK, p)
}

func (h *Handler) handleCaseUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	in, rows, bad := h.caseForm(r)
	version := libVersion(r)
	if len(bad) > 0 {
		err = h.libMergeErrors(r, in, bad)
	} else {
		_, err = h.library.UpdateCase(r.Context(), library.CaseID(id), version, in)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		p, _, perr := h.caseEditPage(r, id)
		if perr != nil {
			return perr
		}
		p.In, p.KPIs, p.Form = in, rows, newFormErrors(h.lang(r), err, nil)
		return h.renderCaseForm(w, r, formStatus(err), p)
	}
	h.flash(r.Context(), "success", text("lib.flash_saved"))
	redirect(w, r, fmt.Sprintf("/cases/%d", id))
	return nil
}

// ---- photos ----

func (h *Handler) handleCasePhotoAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	if err := libEditor(r); err != nil {
		return err
	}
	fail := func(status int, err error) error {
		return h.renderCaseShow(w, r, status, newFormErrors(h.lang(r), err, nil))
	}
	r.Body = http.MaxBytesReader(w, r.Body, library.MaxPhotoBytes+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		return fail(http.StatusUnprocessableEntity, libFieldErr("photo", text("lib.choose_photo")))
	}
	var caption string
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return fail(http.StatusUnprocessableEntity, libFieldErr("photo", text("lib.choose_photo")))
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return fail(http.StatusRequestEntityTooLarge, libFieldErr("photo", text("lib.photo_too_large")))
			}
			return fail(http.StatusUnprocessableEntity, libFieldErr("photo", text("lib.choose_photo")))
		}
		switch {
		case part.FormName() == "caption":
			b, _ := io.ReadAll(io.LimitReader(part, 2000))
			caption = string(b)
		case part.FormName() == "photo" && part.FileName() != "":
			_, err := h.library.AddPhoto(r.Context(), library.CaseID(id), caption, part, 0)
			if err != nil {
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					return fail(http.StatusRequestEntityTooLarge, libFieldErr("photo", text("lib.photo_too_large")))
				}
				if !isFormError(err) {
					return err
				}
				return fail(formStatus(err), err)
			}
			h.flash(r.Context(), "success", text("lib.flash_photo_added"))
			redirect(w, r, fmt.Sprintf("/cases/%d#photos", id))
			return nil
		}
	}
}

func libFieldErr(field string, t fault.Text) error {
	bad := fault.Fields{}
	bad.Add(field, t.Vi, t.En)
	return bad.Err()
}

func (h *Handler) casePhoto(thumb bool) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		pid, err := pathID(r, "pid")
		if err != nil {
			return err
		}
		b, err := h.library.PhotoBytes(r.Context(), library.CaseID(id), library.PhotoID(pid), thumb)
		if err != nil {
			return err
		}
		hd := w.Header()
		hd.Set("Content-Type", "image/jpeg")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Cache-Control", "private, max-age=3600")
		hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		hd.Set("Content-Length", strconv.Itoa(len(b)))
		_, err = w.Write(b)
		return err
	}
}

func (h *Handler) handleCasePhotoDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	pid, err := pathID(r, "pid")
	if err != nil {
		return err
	}
	if err := h.library.RemovePhoto(r.Context(), library.CaseID(id), library.PhotoID(pid)); err != nil {
		return err
	}
	h.flash(r.Context(), "success", text("lib.flash_photo_removed"))
	redirect(w, r, fmt.Sprintf("/cases/%d#photos", id))
	return nil
}

// libMergeErrors is the form's refusal when some fields did not parse: the
// service's checks of the others, and the parse errors over them.
func (h *Handler) libMergeErrors(r *http.Request, in library.CaseInput, bad fault.Fields) error {
	all := fault.Fields{}
	for k, v := range fault.FieldsOf(h.library.CheckCase(r.Context(), in)) {
		all[k] = v
	}
	if _, ok := bad["enterprise_id"]; ok {
		delete(all, "enterprise_id")
	}
	for k, v := range bad {
		all[k] = v
	}
	return all.Err()
}
