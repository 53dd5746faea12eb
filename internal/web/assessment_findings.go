package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// The pages of photo evidence and findings (corrective actions tracked to
// closure): an assessment's findings tab (list, add, edit, done, close,
// reopen, and its photos), the list of findings across assessments
// (/findings, with its XLSX download), and the photo fragment of the audit
// form with the photos themselves (assessment_findings_photos.go).
// Authorization is the assessment service's; the pages only hide what the
// actor cannot do.

// registerFindings registers the pages of this area.
func (h *Handler) registerFindings(mux Router) {
	h.handle(mux, "GET /assessments/{id}/findings", h.handleFindingsTab)
	h.handle(mux, "POST /assessments/{id}/findings", h.handleFindingCreate)
	h.handle(mux, "POST /assessments/{id}/findings/{fid}", h.handleFindingUpdate)
	h.handle(mux, "POST /assessments/{id}/findings/{fid}/done", h.handleFindingDone)
	h.handle(mux, "POST /assessments/{id}/findings/{fid}/close", h.handleFindingClose)
	h.handle(mux, "POST /assessments/{id}/findings/{fid}/reopen", h.handleFindingReopen)
	h.handle(mux, "GET /findings", h.handleFindings)
	h.handle(mux, "GET /findings.xlsx", h.handleFindingsXLSX)
	h.handle(mux, "GET /assessments/{id}/items/{key}/photos", h.handlePhotoFragment)
	h.handle(mux, "POST /assessments/{id}/items/{key}/photos", h.handlePhotoUpload)
	h.handle(mux, "GET /assessments/{id}/photos/{pid}", h.handlePhotoFile)
	h.handle(mux, "GET /assessments/{id}/photos/{pid}/thumb", h.handlePhotoThumb)
	h.handle(mux, "POST /assessments/{id}/photos/{pid}/delete", h.handlePhotoDelete)
}

// findingPages lists this area's page templates with a zero model each.
func findingPages() map[string]page {
	return map[string]page{
		"finding_tab":  &findingTabPage{},
		"finding_list": &findingListPage{},
	}
}

func findingsHref(id assessment.AssessmentID) string {
	return "/assessments/" + strconv.FormatInt(int64(id), 10) + "/findings"
}

func findingHref(f *assessment.Finding) string {
	return findingsHref(f.AssessmentID) + "#finding-" + strconv.FormatInt(int64(f.ID), 10)
}

// findingBadge is the badge class of a finding's status.
func findingBadge(st assessment.FindingStatus) string {
	switch st {
	case assessment.FindingOpen:
		return "badge-warn"
	case assessment.FindingDone:
		return "badge-info"
	}
	return "badge-ok"
}

// findingItems names the items of a body by key ("s1.2 — Không có …").
func findingItems(b *assessment.Body, lang string) map[string]string {
	out := map[string]string{}
	if b == nil {
		return out
	}
	for _, s := range b.Sections {
		for _, it := range s.Items {
			out[it.Key] = it.Text.In(lang)
		}
	}
	return out
}

// findingCard is one finding on the tab, with its forms.
type findingCard struct {
	ID          assessment.FindingID
	Anchor      string
	Action      string // POST target of the edit form; + "/done" etc.
	Version     int
	Status      string
	StatusText  string
	Badge       string
	Overdue     bool
	ItemKey     string
	ItemText    string
	Description string
	Corrective  string
	Owner       string
	Due         string // dd/mm/yyyy
	CreatedBy   string
	CreatedAt   time.Time
	DoneNote    string
	DoneAt      *time.Time
	ClosureNote string
	ClosedAt    *time.Time
	Reopen      string
	ReopenedAt  *time.Time
	Perms       assessment.FindingPerms
	Form        formErrors
	Open        string // which form to show open after an error: "edit", "done", "close", "reopen"
	Note        string // the note as typed (after an error)
	Fields      findingFields
}

// findingFields is the model of the finding-fields partial.
type findingFields struct {
	Prefix string // of the fields' ids
	// Locked: the item and the description are the assessor's (or an
	// officer's) words, shown, not edited (the enterprise on an
	// independent assessment).
	Locked bool
	Items  []option
	In     assessment.FindingInput
	Errors map[string]string
}

// findingTabPage is an assessment's findings tab.
type findingTabPage struct {
	Layout
	ID          assessment.AssessmentID
	Href        string
	Enterprise  string
	Scheme      string
	Site        string
	Mode        string
	Status      string
	Tabs        []assessmentTab
	Findings    []findingCard
	Counts      findingCounts
	CanAdd      bool
	NewFields   findingFields
	Form        formErrors
	NewOpen     bool
	Photos      []photoGroup
	PhotoCount  int
	ListHref    string // /findings
	Today       string
	ListForRole string // the label of the /findings link
}

// findingCounts sums the findings by status.
type findingCounts struct {
	Open, Done, Closed, Overdue, All int
}

// photoGroup is the photos of one item.
type photoGroup struct {
	Key    string
	Text   string
	Photos []photoThumb
}

// findingTabState is what a failed form carries back to the tab.
type findingTabState struct {
	fid    assessment.FindingID // 0: the new-finding form
	open   string
	in     assessment.FindingInput
	note   string
	errors formErrors
}

func (h *Handler) handleFindingsTab(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.renderFindingsTab(w, r, http.StatusOK, assessment.AssessmentID(id), nil)
}

func (h *Handler) renderFindingsTab(w http.ResponseWriter, r *http.Request, status int, id assessment.AssessmentID, st *findingTabState) error {
	ctx := r.Context()
	sh, err := h.assess.FindingSheet(ctx, id)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	x := sh.Assessment
	now := h.assess.FindingsToday()
	items := findingItems(sh.Body, lang)
	p := &findingTabPage{ID: x.ID, Href: assessmentHref(x.ID), Enterprise: x.EnterpriseName, Scheme: x.SchemeName.In(lang), Site: x.Site,
		Mode: x.Mode.Label().In(lang), Status: x.Status.Label().In(lang), Tabs: h.withRecognitionTab(r, x, assessmentTabs(x, tabFindings, lang), lang),
		CanAdd: sh.Perms.AddFinding, ListHref: "/findings", Today: vn.Date(now)}
	p.ListForRole = text("finding.list_link").In(lang)
	if a := auth.ActorFrom(ctx); a.Role == auth.RoleEnterprise {
		p.ListForRole = text("finding.list_link_own").In(lang)
	}
	itemOpts := func(sel string) []option {
		opts := []option{{Value: "", Label: text("finding.item_general").In(lang), Selected: sel == ""}}
		if sh.Body != nil {
			for _, s := range sh.Body.Sections {
				for _, it := range s.Items {
					opts = append(opts, option{Value: it.Key, Label: it.Key + " — " + findingCut(it.Text.In(lang), 80), Selected: it.Key == sel})
				}
			}
		}
		return opts
	}
	for _, f := range sh.Findings {
		c := findingCardOf(lang, f, items, now)
		c.Perms = h.assess.FindingPermsFor(ctx, x, f)
		in := assessment.FindingInput{ItemKey: f.ItemKey, Description: f.Description, CorrectiveAction: f.CorrectiveAction,
			OwnerName: f.OwnerName, DueDate: c.Due}
		if st != nil && st.fid == f.ID {
			c.Form, c.Open, c.Note = st.errors, st.open, st.note
			if st.open == "edit" {
				in = st.in
			}
		}
		c.Fields = findingFields{Prefix: c.Anchor, In: in, Errors: map[string]string{}, Locked: !c.Perms.EditWords}

		if c.Open == "edit" {
			c.Fields.Errors = c.Form.Errors
		}
		if c.Perms.Edit {
			c.Fields.Items = itemOpts(in.ItemKey)
		}
		p.Counts.add(f, now)
		p.Findings = append(p.Findings, c)
	}
	p.NewFields = findingFields{Prefix: "finding-new", Errors: map[string]string{}}
	if st != nil && st.fid == 0 {
		p.NewFields.In, p.NewFields.Errors, p.Form, p.NewOpen = st.in, st.errors.Errors, st.errors, true
	}
	if p.CanAdd {
		p.NewFields.Items = itemOpts(p.NewFields.In.ItemKey)
	}
	var g *photoGroup
	for _, ph := range sh.Photos {
		if g == nil || g.Key != ph.ItemKey {
			p.Photos = append(p.Photos, photoGroup{Key: ph.ItemKey, Text: items[ph.ItemKey]})
			g = &p.Photos[len(p.Photos)-1]
		}
		g.Photos = append(g.Photos, photoThumbOf(lang, ph, false))
		p.PhotoCount++
	}
	title := fault.Text{Vi: "Phát hiện và khắc phục · " + x.EnterpriseName, En: "Findings and actions · " + x.EnterpriseName}
	return h.render(w, r, status, "finding_tab", title, p)
}

func (c *findingCounts) add(f *assessment.Finding, now time.Time) {
	c.All++
	switch f.Status {
	case assessment.FindingOpen:
		c.Open++
	case assessment.FindingDone:
		c.Done++
	default:
		c.Closed++
	}
	if f.OverdueOn(now) {
		c.Overdue++
	}
}

func findingCardOf(lang string, f *assessment.Finding, items map[string]string, now time.Time) findingCard {
	c := findingCard{ID: f.ID, Anchor: "finding-" + strconv.FormatInt(int64(f.ID), 10), Version: f.Version, Status: string(f.Status),
		StatusText: f.Status.Label().In(lang), Badge: findingBadge(f.Status), Overdue: f.OverdueOn(now), ItemKey: f.ItemKey,
		ItemText: items[f.ItemKey], Description: f.Description, Corrective: f.CorrectiveAction, Owner: f.OwnerName,
		CreatedBy: f.CreatedByName, CreatedAt: f.CreatedAt, DoneNote: f.DoneNote, DoneAt: f.DoneAt, ClosureNote: f.ClosureNote,
		ClosedAt: f.ClosedAt, Reopen: f.ReopenReason, ReopenedAt: f.ReopenedAt}
	c.Action = findingsHref(f.AssessmentID) + "/" + strconv.FormatInt(int64(f.ID), 10)
	if f.DueDate != nil {
		c.Due = vn.Date(*f.DueDate)
	}
	return c
}

// findingCut shortens s to n characters with an ellipsis.
func findingCut(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return strings.TrimSpace(string(rs[:n-1])) + "…"
}

// findingForm reads the finding form.
func findingForm(r *http.Request) assessment.FindingInput {
	return assessment.FindingInput{ItemKey: formValue(r, "item"), Description: r.PostFormValue("description"),
		CorrectiveAction: r.PostFormValue("corrective_action"), OwnerName: formValue(r, "owner"), DueDate: formValue(r, "due_date")}
}

// findingIDs reads the assessment's and the finding's ids of the path.
func findingIDs(r *http.Request) (assessment.AssessmentID, assessment.FindingID, error) {
	id, err := postedID(r)
	if err != nil {
		return 0, 0, err
	}
	fid, err := pathID(r, "fid")
	if err != nil {
		return 0, 0, err
	}
	return assessment.AssessmentID(id), assessment.FindingID(fid), nil
}

// findingOfAssessment refuses a finding id that is not of the assessment
// of the path (NotFound, as for a finding that does not exist).
func (h *Handler) findingOfAssessment(r *http.Request, id assessment.AssessmentID, fid assessment.FindingID) error {
	_, f, err := h.assess.Finding(r.Context(), fid)
	if err != nil {
		return err
	}
	if f.AssessmentID != id {
		return &fault.Error{Kind: fault.NotFound, Message: text("finding.not_found")}
	}
	return nil
}

func (h *Handler) handleFindingCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	in := findingForm(r)
	f, err := h.assess.CreateFinding(r.Context(), assessment.AssessmentID(id), in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderFindingsTab(w, r, formStatus(err), assessment.AssessmentID(id),
			&findingTabState{in: in, errors: newFormErrors(h.lang(r), err, nil)})
	}
	h.flash(r.Context(), "success", text("finding.flash_created"))
	redirect(w, r, findingHref(f))
	return nil
}

func (h *Handler) handleFindingUpdate(w http.ResponseWriter, r *http.Request) error {
	id, fid, err := findingIDs(r)
	if err != nil {
		return err
	}
	if err := h.findingOfAssessment(r, id, fid); err != nil {
		return err
	}
	in := findingForm(r)
	version, _ := strconv.Atoi(formValue(r, "version"))
	f, err := h.assess.UpdateFinding(r.Context(), fid, version, in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderFindingsTab(w, r, formStatus(err), id,
			&findingTabState{fid: fid, open: "edit", in: in, errors: newFormErrors(h.lang(r), err, nil)})
	}
	h.flash(r.Context(), "success", text("finding.flash_saved"))
	redirect(w, r, findingHref(f))
	return nil
}

func (h *Handler) findingMove(w http.ResponseWriter, r *http.Request, move assessment.FindingMove, flash fault.Text) error {
	id, fid, err := findingIDs(r)
	if err != nil {
		return err
	}
	if err := h.findingOfAssessment(r, id, fid); err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	note := r.PostFormValue("note")
	f, err := h.assess.MoveFinding(r.Context(), fid, version, move, note)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderFindingsTab(w, r, formStatus(err), id,
			&findingTabState{fid: fid, open: string(move), note: note, errors: newFormErrors(h.lang(r), err, nil)})
	}
	h.flash(r.Context(), "success", flash)
	redirect(w, r, findingHref(f))
	return nil
}

func (h *Handler) handleFindingDone(w http.ResponseWriter, r *http.Request) error {
	return h.findingMove(w, r, assessment.MoveDone, text("finding.flash_done"))
}

func (h *Handler) handleFindingClose(w http.ResponseWriter, r *http.Request) error {
	return h.findingMove(w, r, assessment.MoveClose, text("finding.flash_closed"))
}

func (h *Handler) handleFindingReopen(w http.ResponseWriter, r *http.Request) error {
	return h.findingMove(w, r, assessment.MoveReopen, text("finding.flash_reopened"))
}
