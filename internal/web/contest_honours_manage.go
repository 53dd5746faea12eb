package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/photo"
	"nscl/internal/vn"
)

// The honour roll's management: the ministry records national honours,
// edits any honour, hides it with a reason and sets its photo; the
// organiser of a provincial contest edits its honours' stories.

func (h *Handler) registerHonourManage(mux Router) {
	h.handle(mux, "GET /vinh-danh/manage", h.handleHonourManage)
	h.handle(mux, "GET /vinh-danh/manage/new", h.handleHonourNew)
	h.handle(mux, "POST /vinh-danh/manage", h.handleHonourCreate)
	h.handle(mux, "GET /vinh-danh/manage/{id}", h.handleHonourEdit)
	h.handle(mux, "POST /vinh-danh/manage/{id}", h.handleHonourUpdate)
	h.handle(mux, "POST /vinh-danh/manage/{id}/hide", h.handleHonourHide)
	h.handle(mux, "POST /vinh-danh/manage/{id}/photo", h.handleHonourPhotoSet)
}

// honourManagePage lists the honours the actor manages.
type honourManagePage struct {
	Layout
	Rows   []honourManageRow
	Years  []option
	Record bool // may record a national honour
}

type honourManageRow struct {
	Card     honourCard
	EditHref string
	Hidden   bool
	Reason   string
	Contest  string
	Public   bool
}

func (h *Handler) handleHonourManage(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	if year < 2000 || year > 2100 {
		year = 0
	}
	rs, err := h.contest.ManagedHonours(r.Context(), year)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	p := &honourManagePage{Record: h.contest.MayManageHonours(r.Context())}
	p.Years = append(p.Years, option{Value: "", Label: text("honour.all_years").In(lang), Selected: year == 0})
	for y := time.Now().In(vn.Zone).Year(); y >= 2021; y-- {
		p.Years = append(p.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == year})
	}
	now := time.Now()
	for _, x := range rs {
		p.Rows = append(p.Rows, honourManageRow{Card: h.honourCard(x, lang), EditHref: "/vinh-danh/manage/" + strconv.FormatInt(int64(x.ID), 10),
			Hidden: x.Hidden, Reason: x.HiddenReason, Contest: x.ContestTitle, Public: x.Public(now)})
	}
	return h.render(w, r, http.StatusOK, "honour_manage", text("honour.manage_title"), p)
}

// honourFormPage records or edits an honour.
type honourFormPage struct {
	Layout
	Form      formErrors
	New       bool
	Full      bool // the ministry: every field; an organiser: the story
	Action    string
	Cancel    string
	ID        int64
	Version   int
	TaxCode   string
	Year      string
	Kinds     []option
	Title     string
	Award     string
	Summary   string
	Story     string
	KPIs      []honourKPIRow
	H         *contest.HonourRecord
	Photo     string
	PhotoForm formErrors
	HideForm  formErrors
	ViewHref  string
}

type honourKPIRow struct {
	Index                     int
	Name, Unit, Before, After string
	Error                     string
}

// honourFormValues is the honour form as typed.
type honourFormValues struct {
	taxCode, year, kind string
	edit                contest.HonourEdit
	kpis                []honourKPIRow
}

func honourForm(r *http.Request) (honourFormValues, fault.Fields) {
	v := honourFormValues{taxCode: formValue(r, "tax_code"), year: formValue(r, "year"), kind: formValue(r, "kind"),
		edit: contest.HonourEdit{Title: formValue(r, "title"), Award: formValue(r, "award"), SummaryMD: r.PostFormValue("summary"),
			StoryMD: r.PostFormValue("story")}}
	bad := fault.Fields{}
	names, units, befores, afters := r.PostForm["kpi_name"], r.PostForm["kpi_unit"], r.PostForm["kpi_before"], r.PostForm["kpi_after"]
	at := func(xs []string, i int) string {
		if i < len(xs) {
			return xs[i]
		}
		return ""
	}
	for i := range names {
		row := honourKPIRow{Name: names[i], Unit: at(units, i), Before: at(befores, i), After: at(afters, i)}
		if row.Name == "" && row.Unit == "" && row.Before == "" && row.After == "" {
			continue
		}
		b, err1 := vn.ParseDecimal(row.Before)
		a, err2 := vn.ParseDecimal(row.After)
		if err1 != nil || err2 != nil {
			bad.Add(fmt.Sprintf("kpis.%d", len(v.kpis)), "Giá trị trước và sau là số, ví dụ 12,5.", "The before and after values are numbers, e.g. 12.5.")
		}
		v.kpis = append(v.kpis, row)
		v.edit.KPIs = append(v.edit.KPIs, contest.EntryKPI{Name: row.Name, Unit: row.Unit, Before: b, After: a})
	}
	return v, bad
}

func honourValues(x *contest.HonourRecord) honourFormValues {
	v := honourFormValues{year: strconv.Itoa(x.Year), kind: string(x.Kind),
		edit: contest.HonourEdit{Title: x.Title, Award: x.Award, SummaryMD: x.SummaryMD, StoryMD: x.StoryMD, KPIs: x.KPIs}}
	for _, k := range x.KPIs {
		v.kpis = append(v.kpis, honourKPIRow{Name: k.Name, Unit: k.Unit, Before: honourNum(k.Before), After: honourNum(k.After)})
	}
	return v
}

func (h *Handler) honourFormPage(r *http.Request, v honourFormValues, fe formErrors) *honourFormPage {
	lang := h.lang(r)
	p := &honourFormPage{Form: fe, TaxCode: v.taxCode, Year: v.year, Title: v.edit.Title, Award: v.edit.Award,
		Summary: v.edit.SummaryMD, Story: v.edit.StoryMD}
	for _, k := range []contest.EntryKind{contest.EntryEnterprise, contest.EntrySolution} {
		p.Kinds = append(p.Kinds, option{Value: string(k), Label: k.Label().In(lang), Selected: string(k) == v.kind})
	}
	rows := append([]honourKPIRow(nil), v.kpis...)
	for len(rows) < len(v.kpis)+2 || len(rows) < 4 {
		rows = append(rows, honourKPIRow{})
	}
	for i := range rows {
		rows[i].Index = i
		rows[i].Error = fe.Errors[fmt.Sprintf("kpis.%d", i)]
	}
	p.KPIs = rows
	return p
}

func (h *Handler) renderHonourNew(w http.ResponseWriter, r *http.Request, status int, v honourFormValues, fe formErrors) error {
	if _, err := actor(r); err != nil {
		return err
	}
	if !h.contest.MayManageHonours(r.Context()) {
		return &fault.Error{Kind: fault.Forbidden, Message: text("honour.ministry_only")}
	}
	p := h.honourFormPage(r, v, fe)
	p.New, p.Full, p.Action, p.Cancel = true, true, "/vinh-danh/manage", "/vinh-danh/manage"
	return h.render(w, r, status, "honour_form", text("honour.new"), p)
}

func (h *Handler) handleHonourNew(w http.ResponseWriter, r *http.Request) error {
	return h.renderHonourNew(w, r, http.StatusOK, honourFormValues{year: strconv.Itoa(time.Now().In(vn.Zone).Year()),
		kind: string(contest.EntryEnterprise)}, formErrors{})
}

func (h *Handler) handleHonourCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := actor(r); err != nil {
		return err
	}
	if !h.contest.MayManageHonours(r.Context()) {
		return &fault.Error{Kind: fault.Forbidden, Message: text("honour.ministry_only")}
	}
	v, bad := honourForm(r)
	in := contest.HonourInput{Kind: contest.EntryKind(v.kind), Title: v.edit.Title, Award: v.edit.Award, SummaryMD: v.edit.SummaryMD,
		StoryMD: v.edit.StoryMD, KPIs: v.edit.KPIs}
	in.Year, _ = strconv.Atoi(v.year)
	if v.taxCode == "" {
		bad.Add("tax_code", "Nhập mã số thuế của doanh nghiệp được vinh danh.", "Enter the honoured enterprise's tax code.")
	} else if e, err := h.registry.FindEnterpriseByTaxCode(r.Context(), v.taxCode); err != nil {
		if k := fault.KindOf(err); k != fault.NotFound && k != fault.Invalid {
			return err
		}
		bad.Add("tax_code", "Không tìm thấy doanh nghiệp có mã số thuế này.", "No enterprise has this tax code.")
	} else {
		in.EnterpriseID = e.ID
	}
	var err error
	var x *contest.HonourRecord
	if len(bad) > 0 {
		err = bad.Err()
	} else {
		x, err = h.contest.RecordHonour(r.Context(), in)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderHonourNew(w, r, formStatus(err), v, newFormErrors(h.lang(r), err, map[string]string{"enterprise": "tax_code"}))
	}
	h.flash(r.Context(), "success", text("honour.flash_recorded"))
	redirect(w, r, "/vinh-danh/manage/"+strconv.FormatInt(int64(x.ID), 10))
	return nil
}

func (h *Handler) renderHonourEdit(w http.ResponseWriter, r *http.Request, status int, id contest.HonourID, v *honourFormValues, fe, photoFE, hideFE formErrors) error {
	x, err := h.contest.HonourForEdit(r.Context(), id)
	if err != nil {
		return err
	}
	vals := honourValues(x)
	if v != nil {
		vals = *v
	}
	p := h.honourFormPage(r, vals, fe)
	_, p.Full = h.contest.MayEditHonour(r.Context(), x)
	p.H, p.ID, p.Version, p.PhotoForm, p.HideForm = x, int64(x.ID), x.Version, photoFE, hideFE
	p.Action = "/vinh-danh/manage/" + strconv.FormatInt(int64(x.ID), 10)
	p.Cancel, p.ViewHref = "/vinh-danh/manage", honourHref(x)
	if x.Photo != nil {
		p.Photo = honourPhotoHref(x, true)
	}
	return h.render(w, r, status, "honour_form", fault.Text{Vi: "Sửa vinh danh: " + x.Title, En: "Edit honour: " + x.Title}, p)
}

func (h *Handler) handleHonourEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.renderHonourEdit(w, r, http.StatusOK, contest.HonourID(id), nil, formErrors{}, formErrors{}, formErrors{})
}

func (h *Handler) handleHonourUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	v, bad := honourForm(r)
	version, _ := strconv.Atoi(formValue(r, "version"))
	if len(bad) > 0 {
		err = bad.Err()
	} else {
		_, err = h.contest.EditHonour(r.Context(), contest.HonourID(id), version, v.edit)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderHonourEdit(w, r, formStatus(err), contest.HonourID(id), &v, newFormErrors(h.lang(r), err, nil), formErrors{}, formErrors{})
	}
	h.flash(r.Context(), "success", text("honour.flash_saved"))
	redirect(w, r, "/vinh-danh/manage/"+strconv.FormatInt(id, 10))
	return nil
}

func (h *Handler) handleHonourHide(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	hidden := formValue(r, "hidden") == "1"
	if _, err = h.contest.HideHonour(r.Context(), contest.HonourID(id), version, hidden, formValue(r, "reason")); err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderHonourEdit(w, r, formStatus(err), contest.HonourID(id), nil, formErrors{}, formErrors{}, newFormErrors(h.lang(r), err, nil))
	}
	msg := text("honour.flash_hidden")
	if !hidden {
		msg = text("honour.flash_shown")
	}
	h.flash(r.Context(), "success", msg)
	redirect(w, r, "/vinh-danh/manage/"+strconv.FormatInt(id, 10))
	return nil
}

// honourPhotoMax caps an honour photo upload's body (the photo and the
// form's other fields).
const honourPhotoMax = contest.MaxHonourPhotoBytes + 64<<10

func (h *Handler) handleHonourPhotoSet(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	if !h.contest.MayManageHonours(r.Context()) {
		return &fault.Error{Kind: fault.Forbidden, Message: text("honour.ministry_only")}
	}
	lang := h.lang(r)
	fail := func(status int, err error) error {
		return h.renderHonourEdit(w, r, status, contest.HonourID(id), nil, formErrors{}, newFormErrors(lang, err, nil), formErrors{})
	}
	tooLarge := fault.New(fault.Invalid, text("honour.photo_too_large").Vi, text("honour.photo_too_large").En).
		Field("photo", text("honour.photo_too_large").Vi, text("honour.photo_too_large").En)
	choose := fault.New(fault.Invalid, text("honour.photo_choose").Vi, text("honour.photo_choose").En).
		Field("photo", text("honour.photo_choose").Vi, text("honour.photo_choose").En)
	if r.ContentLength > honourPhotoMax {
		return fail(http.StatusRequestEntityTooLarge, tooLarge)
	}
	r.Body = http.MaxBytesReader(w, r.Body, honourPhotoMax)
	mr, err := r.MultipartReader()
	if err != nil {
		return fail(http.StatusUnprocessableEntity, choose)
	}
	version := 0
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return fail(http.StatusUnprocessableEntity, choose)
		}
		if err != nil {
			return fail(uploadStatus(err), choose)
		}
		switch part.FormName() {
		case "version":
			b, _ := io.ReadAll(io.LimitReader(part, 20))
			version, _ = strconv.Atoi(string(b))
			part.Close()
			continue
		case "photo":
		default:
			part.Close()
			continue
		}
		if part.FileName() == "" {
			return fail(http.StatusUnprocessableEntity, choose)
		}
		_, err = h.contest.SetHonourPhoto(r.Context(), contest.HonourID(id), version, part, 0)
		part.Close()
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe) || photo.CodeOf(err) == photo.CodeTooLarge:
			return fail(http.StatusRequestEntityTooLarge, tooLarge)
		case isFormError(err):
			return fail(formStatus(err), err)
		case err != nil:
			return err
		}
		h.flash(r.Context(), "success", text("honour.flash_photo"))
		redirect(w, r, "/vinh-danh/manage/"+strconv.FormatInt(id, 10))
		return nil
	}
}
