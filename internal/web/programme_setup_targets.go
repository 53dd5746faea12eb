package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/vn"
)

// ---- targets ----

type setupTargetsPage struct {
	Layout
	Form      formErrors
	CanManage bool
	Groups    []targetGroup
	Metrics   []option
	YearOpts  []option
	Add       programme.TargetInput
	AddValue  string
	ErrorKey  string // the row whose form failed: "metric/year"
}

type targetGroup struct {
	Label string
	Kind  string
	Rows  []targetEdit
}

type targetEdit struct {
	Key       string // "metric/year"
	FormID    string
	Metric    string
	Year      int
	YearLabel string
	Value     string
	Note      string
	Version   int // the version read, sent back with the change
	Percent   bool
}

// inputNumber writes a target's value for its input: a decimal comma, as
// Vietnamese writes it (vn.ParseDecimal reads it back), no thousands
// separators.
func inputNumber(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}

// renderTargets shows the targets; failed is the target whose form was
// refused, shown again as typed (rawValue) next to its errors — unless
// stale: someone else changed it meanwhile, and the row shows their value
// and the new version, so that the officer sees what they would overwrite.
func (h *Handler) renderTargets(w http.ResponseWriter, r *http.Request, status int, failed *programme.TargetInput, rawValue string, stale bool, fe formErrors) error {
	a, err := officer(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	prog, err := h.programme.Programme(ctx)
	if err != nil {
		return err
	}
	ts, err := h.programme.Targets(ctx)
	if err != nil {
		return err
	}
	p := &setupTargetsPage{Form: fe, CanManage: auth.Can(a, auth.ActProgrammeManage)}
	failedKey := ""
	if failed != nil {
		failedKey = string(failed.Metric) + "/" + strconv.Itoa(failed.Year)
	}
	for _, m := range programme.Metrics {
		g := targetGroup{Label: m.Label().In(lang), Kind: text("setup.yearly").In(lang)}
		if m.Cumulative() {
			g.Kind = text("setup.cumulative").In(lang)
		}
		for _, t := range ts {
			if t.Metric != m {
				continue
			}
			key := string(m) + "/" + strconv.Itoa(t.Year)
			e := targetEdit{Key: key, FormID: "target-" + string(m) + "-" + strconv.Itoa(t.Year), Metric: string(m), Year: t.Year,
				YearLabel: strconv.Itoa(t.Year), Value: inputNumber(t.Value), Note: t.Note, Version: t.Version, Percent: m.Percent()}
			if t.Year == 0 {
				e.YearLabel = text("setup.whole_period").In(lang)
			}
			if key == failedKey && (failed.Version != 0 || stale) {
				p.ErrorKey = key
				if !stale {
					e.Value, e.Note = rawValue, failed.Note
				}
			}
			g.Rows = append(g.Rows, e)
		}
		p.Groups = append(p.Groups, g)
	}
	// A failed new target comes back to the add form.
	if failed != nil && p.ErrorKey == "" {
		p.Add, p.AddValue, p.ErrorKey = *failed, rawValue, "new"
	}
	for _, m := range programme.Metrics {
		p.Metrics = append(p.Metrics, option{Value: string(m), Label: m.Label().In(lang), Selected: m == p.Add.Metric})
	}
	p.YearOpts = append(p.YearOpts, option{Value: "0", Label: text("setup.whole_period").In(lang), Selected: p.Add.Year == 0})
	for y := prog.StartYear; y <= prog.EndYear; y++ {
		p.YearOpts = append(p.YearOpts, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: p.Add.Year == y})
	}
	return h.render(w, r, status, "programme_setup_targets", text("setup.targets_title"), p)
}

func (h *Handler) handleTargets(w http.ResponseWriter, r *http.Request) error {
	return h.renderTargets(w, r, http.StatusOK, nil, "", false, formErrors{})
}

// targetForm reads a target's form: the value as Vietnamese writes it
// (vn.ParseDecimal: a decimal comma, dots between thousands; no NaN, Inf,
// exponents or hex), the year, and the version read (none on the add form:
// a new target). The fields that did not parse are in the returned Fields.
func targetForm(r *http.Request) (programme.TargetInput, string, fault.Fields) {
	in := programme.TargetInput{Metric: programme.Metric(formValue(r, "metric")), Note: formValue(r, "note")}
	raw := formValue(r, "value")
	bad := fault.Fields{}
	var err error
	if in.Year, err = strconv.Atoi(formValue(r, "year")); err != nil {
		bad.Add("year", "Năm không hợp lệ.", "Not a valid year.")
	}
	if v := formValue(r, "version"); v != "" {
		if in.Version, err = strconv.Atoi(v); err != nil || in.Version < 0 {
			in.Version = 0
			bad.Add("value", "Biểu mẫu đã cũ: vui lòng tải lại trang.", "The form is out of date: please reload the page.")
		}
	}
	v, err := vn.ParseDecimal(raw)
	switch {
	case strings.TrimSpace(raw) == "":
		bad.Add("value", "Vui lòng nhập giá trị.", "Please enter the value.")
	case errors.Is(err, vn.ErrAmbiguous):
		bad.Add("value", "Dùng dấu phẩy cho phần thập phân, ví dụ 7,5.", "Use a comma for decimals, e.g. 7,5.")
	case err != nil:
		bad.Add("value", "Giá trị phải là một số, ví dụ 1200 hoặc 7,5.", "The value must be a number, e.g. 1200 or 7,5.")
	default:
		in.Value = v
	}
	return in, raw, bad
}

func (h *Handler) handleTargetSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := actor(r); err != nil {
		return err
	}
	in, raw, bad := targetForm(r)
	var err error
	if len(bad) > 0 {
		err = bad.Err()
	} else {
		_, err = h.programme.SaveTarget(r.Context(), in)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		// A stale change: the message goes next to the row's value, which
		// shows the other officer's.
		stale := fault.Is(err, fault.Conflict) && in.Version != 0
		fe := newFormErrors(h.lang(r), err, nil)
		if stale && fe.Errors["value"] == "" {
			fe.Errors["value"] = fault.MessageOf(err).In(h.lang(r))
		}
		return h.renderTargets(w, r, formStatus(err), &in, raw, stale, fe)
	}
	h.flash(r.Context(), "success", fmtText(text("setup.flash_target"), "{metric}", in.Metric.Label().Vi, "{metric_en}", in.Metric.Label().En))
	redirect(w, r, "/programme/targets")
	return nil
}
