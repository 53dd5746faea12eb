package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// registryClaimsPage lists the claims officers decide.
type registryClaimsPage struct {
	Layout
	Claims   []claimRow
	Pager    Pager
	Statuses []option
	Status   string
}

func claimStatusText(s registry.ClaimStatus) fault.Text {
	switch s {
	case registry.ClaimApproved:
		return text("reg.claim_approved")
	case registry.ClaimRejected:
		return text("reg.claim_rejected")
	}
	return text("reg.claim_pending")
}

const claimPageSize = 50

func (h *Handler) handleClaimList(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	if !auth.Can(a, auth.ActClaimDecide) {
		// Claimants see their own claims and the form.
		return h.renderClaimPage(w, r, http.StatusOK, claimForm{}, formErrors{})
	}
	return h.renderClaims(w, r, http.StatusOK, 0, formErrors{}, "")
}

// renderClaims renders the officers' list; failed (with fe and the typed
// reason) is the claim whose decide form failed.
func (h *Handler) renderClaims(w http.ResponseWriter, r *http.Request, status int, failed registry.ClaimID, fe formErrors, reason string) error {
	q := r.URL.Query()
	st := registry.ClaimStatus(q.Get("status"))
	switch st {
	case registry.ClaimApproved, registry.ClaimRejected:
	case "all":
		st = ""
	default:
		st = registry.ClaimPending
	}
	page := pageParam(q)
	cs, total, err := h.registry.FindClaims(r.Context(), registry.ClaimFilter{Status: st, Offset: (page - 1) * claimPageSize, Limit: claimPageSize})
	if err != nil {
		return err
	}
	lang := h.lang(r)
	p := &registryClaimsPage{Claims: h.claimRows(r, cs, true), Pager: newPager(r, page, claimPageSize, total), Status: string(st)}
	if st == "" {
		p.Status = "all"
	}
	for i := range p.Claims {
		if p.Claims[i].ID == failed {
			p.Claims[i].Errors, p.Claims[i].Typed = fe, reason
		}
	}
	for _, s := range []registry.ClaimStatus{registry.ClaimPending, registry.ClaimApproved, registry.ClaimRejected} {
		p.Statuses = append(p.Statuses, option{Value: string(s), Label: claimStatusText(s).In(lang), Selected: p.Status == string(s)})
	}
	p.Statuses = append(p.Statuses, option{Value: "all", Label: text("filter.all").In(lang), Selected: p.Status == "all"})
	return h.render(w, r, status, "registry_claims", text("reg.claims_title"), p)
}

func (h *Handler) handleClaimCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := actor(r); err != nil {
		return err
	}
	f := claimForm{TaxCode: formValue(r, "tax_code"), Note: formValue(r, "note")}
	if _, err := h.registry.ClaimEnterprise(r.Context(), f.TaxCode, f.Note); err != nil {
		switch {
		case isFormError(err):
		case fault.Is(err, fault.NotFound):
			// An unknown tax code is the user's to fix: say so by the field.
			msg := fault.MessageOf(err)
			err = (&fault.Error{Kind: fault.NotFound, Message: msg, Err: err}).Field("tax_code", msg.Vi, msg.En)
		default:
			return err
		}
		return h.renderClaimPage(w, r, formStatus(err), f, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("reg.flash_claimed"))
	redirect(w, r, "/enterprises/claims")
	return nil
}

func (h *Handler) handleClaimDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	approve := formValue(r, "decision") == "approve"
	reason := formValue(r, "reason")
	c, err := h.registry.DecideClaim(r.Context(), registry.ClaimID(id), approve, reason)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderClaims(w, r, formStatus(err), registry.ClaimID(id), newFormErrors(h.lang(r), err, nil), reason)
	}
	msg := text("reg.flash_rejected")
	if c.Status == registry.ClaimApproved {
		msg = fmtText(text("reg.flash_approved"), "{email}", c.UserEmail)
	}
	h.flash(r.Context(), "success", msg)
	redirect(w, r, "/enterprises/claims")
	return nil
}

// registrySettingsPage lists the programme settings and adds values.
type registrySettingsPage struct {
	Layout
	Settings []settingBlock
}

// settingBlock is one setting: its values and the form for a new one.
type settingBlock struct {
	Key    string
	Title  string
	Intro  string
	Values []settingRow
	Form   settingForm
	formErrors
}

type settingRow struct {
	From    string
	Rules   []string
	Note    string
	SetAt   time.Time
	InForce bool
	Future  bool
}

type settingForm struct {
	EffectiveFrom, MinPct, MaxPct, MinYears, Note          string
	RequireSME, RequirePriority, RequireSector, RequireRep bool
}

// rulesText explains a TrackRules value in lang, one rule a line.
func rulesText(lang string, rs registry.TrackRules) []string {
	pct := func(f float64) string { return vn.Decimal(f, 0) }
	if f := rs.MinCounterpartPct; f != float64(int64(f)) {
		pct = func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	}
	out := []string{fmtText(text("reg.rule_share"), "{min}", pct(rs.MinCounterpartPct), "{max}", pct(rs.MaxCounterpartPct)).In(lang)}
	if rs.RequireSME {
		out = append(out, text("reg.rule_sme").In(lang))
	}
	if rs.RequirePriorityIndustry {
		out = append(out, text("reg.rule_priority").In(lang))
	}
	if rs.MinImprovementYears > 0 {
		out = append(out, fmtText(text("reg.rule_years"), "{n}", strconv.Itoa(rs.MinImprovementYears)).In(lang))
	}
	if rs.RequireSectorSpecific {
		out = append(out, text("reg.rule_sector").In(lang))
	}
	if rs.RequireReplicable {
		out = append(out, text("reg.rule_replicable").In(lang))
	}
	return out
}

// settingBlocks loads every setting; failed is the key whose form failed.
func (h *Handler) settingBlocks(r *http.Request, failed registry.SettingKey, form settingForm, fe formErrors) ([]settingBlock, error) {
	lang := h.lang(r)
	today := time.Now().In(vn.Zone).Format("2006-01-02")
	var out []settingBlock
	for _, key := range registry.SettingKeys {
		vals, err := h.registry.FindSettings(r.Context(), key)
		if err != nil {
			return nil, err
		}
		title, intro := settingTexts(key)
		b := settingBlock{Key: string(key), Title: title.In(lang), Intro: intro.In(lang)}
		cur, _ := registry.SettingInForce(vals, today)
		for i := len(vals) - 1; i >= 0; i-- {
			s := vals[i]
			row := settingRow{From: isoToVN(s.EffectiveFrom), Note: s.Note, SetAt: s.SetAt, InForce: s == cur, Future: s.EffectiveFrom > today}
			if rs, err := registry.ParseTrackRules(s.Value); err == nil {
				row.Rules = rulesText(lang, rs)
			} else {
				row.Rules = []string{string(s.Value)}
			}
			b.Values = append(b.Values, row)
		}
		if key == failed {
			b.Form, b.formErrors = form, fe
		} else {
			b.Form = settingForm{EffectiveFrom: time.Now().In(vn.Zone).AddDate(0, 0, 1).Format("02/01/2006")}
			if cur != nil {
				if rs, err := registry.ParseTrackRules(cur.Value); err == nil {
					b.Form.MinPct, b.Form.MaxPct = strconv.FormatFloat(rs.MinCounterpartPct, 'f', -1, 64), strconv.FormatFloat(rs.MaxCounterpartPct, 'f', -1, 64)
					b.Form.MinYears = strconv.Itoa(rs.MinImprovementYears)
					b.Form.RequireSME, b.Form.RequirePriority = rs.RequireSME, rs.RequirePriorityIndustry
					b.Form.RequireSector, b.Form.RequireRep = rs.RequireSectorSpecific, rs.RequireReplicable
				}
			}
		}
		out = append(out, b)
	}
	return out, nil
}

func (h *Handler) handleSettings(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	if err := requireSettingsManage(a); err != nil {
		return err
	}
	bs, err := h.settingBlocks(r, "", settingForm{}, formErrors{})
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "registry_settings", text("reg.settings_title"), &registrySettingsPage{Settings: bs})
}

func (h *Handler) handleSettingCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	a, err := actor(r)
	if err != nil {
		return err
	}
	if err := requireSettingsManage(a); err != nil {
		return err
	}
	key := registry.SettingKey(formValue(r, "key"))
	form := settingForm{EffectiveFrom: formValue(r, "effective_from"), MinPct: formValue(r, "min_counterpart_pct"),
		MaxPct: formValue(r, "max_counterpart_pct"), MinYears: formValue(r, "min_improvement_years"), Note: formValue(r, "note"),
		RequireSME: formValue(r, "require_sme") == "1", RequirePriority: formValue(r, "require_priority_industry") == "1",
		RequireSector: formValue(r, "require_sector_specific") == "1", RequireRep: formValue(r, "require_replicable") == "1"}
	bad := fault.Fields{}
	rules := registry.TrackRules{RequireSME: form.RequireSME, RequirePriorityIndustry: form.RequirePriority,
		RequireSectorSpecific: form.RequireSector, RequireReplicable: form.RequireRep}
	if v, ok := parseShare(form.MinPct); ok {
		rules.MinCounterpartPct = v
	} else {
		bad.Add("min_counterpart_pct", "Vui lòng nhập tỷ lệ phần trăm, ví dụ 30.", "Please enter a percentage, e.g. 30.")
	}
	if v, ok := parseShare(form.MaxPct); ok {
		rules.MaxCounterpartPct = v
	} else {
		bad.Add("max_counterpart_pct", "Vui lòng nhập tỷ lệ phần trăm, ví dụ 50.", "Please enter a percentage, e.g. 50.")
	}
	if form.MinYears == "" {
		form.MinYears = "0"
	}
	if n, err := strconv.Atoi(form.MinYears); err == nil {
		rules.MinImprovementYears = n
	} else {
		bad.Add("min_improvement_years", "Vui lòng nhập số năm (số nguyên).", "Please enter a number of years (a whole number).")
	}
	err = bad.Err()
	if err == nil {
		var value []byte
		if value, err = json.Marshal(rules); err != nil {
			return fault.Internalf("web: setting value: %w", err)
		}
		_, err = h.registry.SetSetting(r.Context(), key, value, form.EffectiveFrom, form.Note)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		bs, berr := h.settingBlocks(r, key, form, newFormErrors(h.lang(r), err, nil))
		if berr != nil {
			return berr
		}
		return h.render(w, r, formStatus(err), "registry_settings", text("reg.settings_title"), &registrySettingsPage{Settings: bs})
	}
	h.flash(r.Context(), "success", fmtText(text("reg.flash_setting"), "{date}", isoToVN(form.EffectiveFrom)))
	redirect(w, r, "/admin/settings#"+string(key))
	return nil
}
