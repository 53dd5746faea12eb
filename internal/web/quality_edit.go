package web

import (
	"bytes"
	"context"
	"net/http"
	"strconv"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/pdfdoc"
	"nscl/internal/quality"
	"nscl/internal/registry"
)

// Editing processes and characteristics, taking them out of use, and the
// PDF report.

func processURL(id quality.ProcessID) string {
	return "/quality/processes/" + strconv.FormatInt(int64(id), 10)
}

// writableProcess returns a process the actor may change: NotFound when
// they may not read it, Forbidden when they only read it (shared).
func (h *Handler) writableProcess(ctx context.Context, id int64) (*quality.Process, error) {
	p, err := h.quality.FindProcessByID(ctx, quality.ProcessID(id))
	if err != nil {
		return nil, err
	}
	if !h.quality.CanWrite(ctx, p.EnterpriseID) {
		return nil, errQualityReadOnly()
	}
	return p, nil
}

func errQualityReadOnly() error {
	return fault.New(fault.Forbidden, "Bạn chỉ được xem, không được thay đổi dữ liệu chất lượng của doanh nghiệp này.",
		"You may read, not change, this enterprise's quality data.")
}

func (h *Handler) handleQualityProcessEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	p, err := h.writableProcess(r.Context(), id)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "quality_process_form", text("quality.process_edit"), &qualityProcessFormPage{Process: *p, Edit: true})
}

func (h *Handler) handleQualityProcessUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	u := quality.ProcessUpdate{Name: formValue(r, "name"), Line: formValue(r, "line"), Description: formValue(r, "description")}
	p, err := h.quality.UpdateProcess(r.Context(), quality.ProcessID(id), u)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		cur, ferr := h.quality.FindProcessByID(r.Context(), quality.ProcessID(id))
		if ferr != nil {
			return ferr
		}
		cur.Name, cur.Line, cur.Description = u.Name, u.Line, u.Description
		status, _ := statusOf(err)
		return h.render(w, r, status, "quality_process_form", text("quality.process_edit"),
			&qualityProcessFormPage{Process: *cur, Edit: true, formErrors: newFormErrors(h.lang(r), err, nil)})
	}
	h.flash(r.Context(), "success", text("quality.flash_process_updated"))
	redirect(w, r, processURL(p.ID))
	return nil
}

// activeValue reads the form's active flag ("1" or "0").
func activeValue(r *http.Request) (bool, error) {
	switch formValue(r, "active") {
	case "1":
		return true, nil
	case "0":
		return false, nil
	}
	msg := fault.Text{Vi: "Giá trị trạng thái không hợp lệ.", En: "Invalid state value."}
	return false, (&fault.Error{Kind: fault.Invalid, Message: msg}).Field("active", msg.Vi, msg.En)
}

func (h *Handler) handleQualityProcessActive(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	active, err := activeValue(r)
	if err != nil {
		return err
	}
	p, err := h.quality.SetProcessActive(r.Context(), quality.ProcessID(id), active)
	if err != nil {
		return err
	}
	msg := text("quality.flash_process_stopped")
	if active {
		msg = text("quality.flash_process_resumed")
	}
	h.flash(r.Context(), "success", msg)
	redirect(w, r, processURL(p.ID))
	return nil
}

// readCharForm reads the characteristic form.
func readCharForm(r *http.Request) charForm {
	return charForm{Name: formValue(r, "name"), Unit: formValue(r, "unit"), LSL: formValue(r, "lsl"), USL: formValue(r, "usl"),
		Target: formValue(r, "target"), SubgroupSize: formValue(r, "subgroup_size"), Chart: formValue(r, "chart"),
		Rules: formValue(r, "rules"), SamplingPlan: formValue(r, "sampling_plan")}
}

// settings converts the form, adding the numbers it cannot read to f.
func (form charForm) settings(f fault.Fields) quality.CharacteristicUpdate {
	u := quality.CharacteristicUpdate{Name: form.Name, Unit: form.Unit, Chart: form.Chart, Rules: form.Rules,
		SamplingPlan: form.SamplingPlan, LSL: optFloat(f, "lsl", form.LSL), USL: optFloat(f, "usl", form.USL),
		Target: optFloat(f, "target", form.Target)}
	n, err := strconv.Atoi(form.SubgroupSize)
	if err != nil {
		f.Add("subgroup_size", "Vui lòng nhập một số nguyên.", "Please enter a whole number.")
	}
	u.SubgroupSize = n
	return u
}

// formNum shows an optional number in a form field, exactly.
func formNum(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// charEditPage loads the edit form of a characteristic the actor may
// change, filled from it (or from form when not nil).
func (h *Handler) charEditPage(ctx context.Context, id int64, form *charForm) (*qualityCharFormPage, error) {
	c, err := h.quality.FindCharacteristicByID(ctx, quality.CharacteristicID(id))
	if err != nil {
		return nil, err
	}
	if !h.quality.CanWrite(ctx, c.EnterpriseID) {
		return nil, errQualityReadOnly()
	}
	p := &qualityCharFormPage{Char: c, HasData: c.LastSeq > 0, ChartTypes: quality.ChartsFor(c), RuleSets: quality.RuleSets}
	if p.Process, err = h.quality.FindProcessByID(ctx, c.ProcessID); err != nil {
		return nil, err
	}
	if form != nil {
		p.Form = *form
	} else {
		p.Form = charForm{Name: c.Name, Unit: c.Unit, LSL: formNum(c.LSL), USL: formNum(c.USL), Target: formNum(c.Target),
			SubgroupSize: strconv.Itoa(c.SubgroupSize), Chart: c.Chart, Rules: c.Rules, SamplingPlan: c.SamplingPlan}
	}
	return p, nil
}

func (h *Handler) handleQualityCharEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	p, err := h.charEditPage(r.Context(), id, nil)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "quality_char_form", text("quality.char_edit"), p)
}

func (h *Handler) handleQualityCharUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	form := readCharForm(r)
	f := fault.Fields{}
	u := form.settings(f)
	err = f.Err()
	if err == nil {
		_, err = h.quality.UpdateCharacteristic(ctx, quality.CharacteristicID(id), u)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		p, perr := h.charEditPage(ctx, id, &form)
		if perr != nil {
			return perr
		}
		p.formErrors = newFormErrors(h.lang(r), err, nil)
		status, _ := statusOf(err)
		return h.render(w, r, status, "quality_char_form", text("quality.char_edit"), p)
	}
	h.flash(ctx, "success", text("quality.flash_char_updated"))
	redirect(w, r, charURL(id))
	return nil
}

func (h *Handler) handleQualityCharActive(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	active, err := activeValue(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if _, err := h.quality.SetCharacteristicActive(ctx, quality.CharacteristicID(id), active); err != nil {
		if !isFormError(err) {
			return err
		}
		// Resuming under a stopped process: say so on the edit page.
		p, perr := h.charEditPage(ctx, id, nil)
		if perr != nil {
			return perr
		}
		p.formErrors = newFormErrors(h.lang(r), err, nil)
		status, _ := statusOf(err)
		return h.render(w, r, status, "quality_char_form", text("quality.char_edit"), p)
	}
	msg := text("quality.flash_char_stopped")
	if active {
		msg = text("quality.flash_char_resumed")
	}
	h.flash(ctx, "success", msg)
	redirect(w, r, charURL(id))
	return nil
}

// qualityLetterhead returns an enterprise's name and the place name of its
// province, for the letterhead of its reports (empty when unknown).
func (h *Handler) qualityLetterhead(ctx context.Context, ent int64) (issuer, place string) {
	if h.registry == nil || ent == 0 {
		return "", ""
	}
	e, err := h.registry.FindEnterpriseByID(auth.SystemContext(ctx), registry.EnterpriseID(ent))
	if err != nil {
		return "", ""
	}
	if h.geo != nil {
		place = pdfdoc.PlaceName(h.geo.Name(e.ProvinceCode))
	}
	return e.Name, place
}

func (h *Handler) handleQualityReportPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	name, err := h.quality.ReportPDF(r.Context(), quality.CharacteristicID(id),
		quality.ReportOptions{Window: windowParam(r), Letterhead: h.qualityLetterhead}, &buf)
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	hd.Set("Content-Disposition", attachment(name))
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	hd.Set("Cache-Control", "private, no-store")
	_, _ = w.Write(buf.Bytes())
	return nil
}
