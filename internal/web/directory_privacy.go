package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"nscl/internal/directory"
	"nscl/internal/fault"
)

// dirPrivacyPage is the expert's consents, public fields and data rights.
type dirPrivacyPage struct {
	Layout
	dirBase
	formErrors
	E           *directory.Expert
	Purposes    []dirCheck
	Fields      []dirCheck
	FormVersion string
	History     []dirEvent
	Requests    []dirRequestRow
	Pending     bool
}

type dirCheck struct {
	Value, Label string
	Checked      bool
}

type dirEvent struct {
	At          time.Time
	Purpose     string
	Given       bool
	FormVersion string
}

type dirRequestRow struct {
	*directory.PrivacyRequest
	Href    string
	Pending bool
}

func (h *Handler) dirPrivacyPage(r *http.Request) (*dirPrivacyPage, error) {
	e, err := h.directory.MyProfile(r.Context())
	if err != nil {
		return nil, err
	}
	lang := h.lang(r)
	p := &dirPrivacyPage{dirBase: dirBase{Tab: "experts"}, E: e, FormVersion: directory.ConsentFormVersion}
	for _, pu := range directory.Purposes {
		p.Purposes = append(p.Purposes, dirCheck{Value: string(pu), Label: pu.Label().In(lang), Checked: e.Has(pu)})
	}
	for _, f := range directory.PublicFields {
		p.Fields = append(p.Fields, dirCheck{Value: string(f), Label: f.Label().In(lang), Checked: e.IsPublic(f)})
	}
	evs, err := h.directory.ConsentHistory(r.Context(), e.ID)
	if err != nil {
		return nil, err
	}
	for i := len(evs) - 1; i >= 0; i-- {
		ev := evs[i]
		p.History = append(p.History, dirEvent{At: ev.At, Purpose: ev.Purpose.Label().In(lang), Given: ev.Given, FormVersion: ev.FormVersion})
	}
	rs, err := h.directory.MyRequests(r.Context())
	if err != nil {
		return nil, err
	}
	for _, rq := range rs {
		p.Requests = append(p.Requests, dirRequestRow{PrivacyRequest: rq, Pending: rq.Status == directory.RequestPending})
		p.Pending = p.Pending || rq.Status == directory.RequestPending
	}
	return p, nil
}

func (h *Handler) handleMyPrivacy(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	p, err := h.dirPrivacyPage(r)
	if fault.Is(err, fault.NotFound) {
		h.flash(r.Context(), "info", text("dir.profile_first"))
		redirect(w, r, "/experts/me")
		return nil
	}
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "directory_privacy", text("dir.privacy_title"), p)
}

// handleMyConsents records the consents: only the boxes ticked are given.
func (h *Handler) handleMyConsents(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	var ps []directory.Purpose
	for _, v := range r.PostForm["consent"] {
		ps = append(ps, directory.Purpose(v))
	}
	var fs []directory.PublicField
	for _, v := range r.PostForm["public"] {
		fs = append(fs, directory.PublicField(v))
	}
	if _, err := h.directory.SetConsents(r.Context(), ps, fs); err != nil {
		if !isFormError(err) {
			return err
		}
		p, perr := h.dirPrivacyPage(r)
		if perr != nil {
			return perr
		}
		p.formErrors = newFormErrors(h.lang(r), err, nil)
		return h.render(w, r, formStatus(err), "directory_privacy", text("dir.privacy_title"), p)
	}
	h.flash(r.Context(), "success", text("dir.flash_consents"))
	redirect(w, r, "/experts/me/privacy")
	return nil
}

// handleMyData downloads all the expert's data as JSON.
func (h *Handler) handleMyData(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	d, err := h.directory.ExportMyData(r.Context())
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return fault.Internalf("web: marshal data export: %w", err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="du-lieu-ca-nhan-`+strconv.FormatInt(int64(d.Profile.ID), 10)+`.json"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
	return nil
}

func (h *Handler) handleMyDeletion(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := h.directory.RequestDeletion(r.Context(), formValue(r, "note")); err != nil {
		if !isFormError(err) {
			return err
		}
		p, perr := h.dirPrivacyPage(r)
		if perr != nil {
			return perr
		}
		p.formErrors = newFormErrors(h.lang(r), err, nil)
		return h.render(w, r, formStatus(err), "directory_privacy", text("dir.privacy_title"), p)
	}
	h.flash(r.Context(), "success", text("dir.flash_deletion"))
	redirect(w, r, "/experts/me/privacy")
	return nil
}

// dirRequestsPage is the administrators' list of personal-data requests.
type dirRequestsPage struct {
	Layout
	dirBase
	Rows  []dirRequestRow
	Pager Pager
}

func (h *Handler) handlePrivacyList(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	page := pageParam(r.URL.Query())
	const size = 50
	rs, total, err := h.directory.PrivacyRequests(r.Context(), (page-1)*size, size)
	if err != nil {
		return err
	}
	p := &dirRequestsPage{Pager: newPager(r, page, size, total)}
	for _, rq := range rs {
		p.Rows = append(p.Rows, dirRequestRow{PrivacyRequest: rq, Href: dirExpertHref(rq.ExpertID), Pending: rq.Status == directory.RequestPending})
	}
	return h.render(w, r, http.StatusOK, "directory_requests", text("dir.requests_title"), p)
}

func (h *Handler) handlePrivacyCarryOut(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	if _, err := h.directory.CarryOut(r.Context(), id); err != nil {
		if !isFormError(err) {
			return err
		}
		h.flash(r.Context(), "error", fault.MessageOf(err))
	} else {
		h.flash(r.Context(), "success", text("dir.flash_anonymised"))
	}
	redirect(w, r, "/admin/privacy")
	return nil
}
