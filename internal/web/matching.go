package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/matching"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// The matching pages: the needs board (the landing of /needs: experts see
// anonymised needs, enterprises their own, officers those of their scope),
// publishing a need, one need with its interests or the expert's interest
// form, the ranking of experts and organisations for a need, and the
// engagements. Authorization and anonymisation are the matching service's;
// the pages only hide what the actor cannot do.

// registerMatching registers the matching pages.
func (h *Handler) registerMatching(mux Router) {
	h.handle(mux, "GET /needs", h.handleNeedBoard)
	h.handle(mux, "GET /needs/new", h.handleNeedNew)
	h.handle(mux, "POST /needs", h.handleNeedCreate)
	h.handle(mux, "GET /needs/{id}", h.handleNeedShow)
	h.handle(mux, "GET /needs/{id}/matches", h.handleNeedMatches)
	h.handle(mux, "POST /needs/{id}/interest", h.handleNeedInterest)
	h.handle(mux, "POST /needs/{id}/withdraw", h.handleNeedWithdraw)
	h.handle(mux, "POST /needs/interests/{id}/accept", h.handleInterestAccept)
	h.handle(mux, "POST /needs/interests/{id}/decline", h.handleInterestDecline)
	h.handle(mux, "GET /engagements", h.handleEngagementList)
	h.handle(mux, "POST /engagements/{id}/complete", h.handleEngagementComplete)
	h.handle(mux, "POST /engagements/{id}/rate", h.handleEngagementRate)
}

// matchingPages are the page models of the matching area.
func matchingPages() map[string]page {
	return map[string]page{
		"matching_board":       &matchingBoardPage{},
		"matching_form":        &matchingFormPage{},
		"matching_need":        &matchingNeedPage{},
		"matching_matches":     &matchingMatchesPage{},
		"matching_engagements": &matchingEngagementsPage{},
	}
}

// needCard is a need as the pages show it.
type needCard struct {
	ID          matching.NeedID
	Href        string
	Status      string
	StatusText  string
	Badge       string
	Industry    string
	Province    string
	Size        string
	Tools       []string
	Levels      []levelRow
	Description string
	PublishedAt time.Time
	Interests   int
	Enterprise  string // "" when the viewer may not know
	EntHref     string
	MyInterest  string // the expert's interest status, if any
}

type levelRow struct {
	Name  string
	Level int
}

// toolLabels maps tool codes to names in lang (the code when unnamed).
func (h *Handler) toolLabels(r *http.Request) map[catalog.ToolCode]string {
	lang := h.lang(r)
	out := map[catalog.ToolCode]string{}
	ts, err := h.matching.ToolNames(r.Context())
	if err != nil {
		return out
	}
	for _, t := range ts {
		if n := t.Name.In(lang); n != "" {
			out[t.Code] = n
		} else {
			out[t.Code] = toolFallbackName(t.Code)
		}
	}
	return out
}

// toolFallbackName is a readable name of a code when the catalogue gives
// none ("six_sigma" → "Six Sigma", "5s" → "5S").
func toolFallbackName(c catalog.ToolCode) string {
	words := strings.Split(string(c), "_")
	for i, w := range words {
		if len(w) <= 4 {
			words[i] = strings.ToUpper(w)
		} else {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

func toolName(names map[catalog.ToolCode]string, c catalog.ToolCode) string {
	if n, ok := names[c]; ok {
		return n
	}
	return toolFallbackName(c)
}

func needStatusText(s matching.NeedStatus) (fault.Text, string) {
	switch s {
	case matching.NeedFilled:
		return text("match.status_filled"), "badge-success"
	case matching.NeedWithdrawn:
		return text("match.status_withdrawn"), "badge-muted"
	}
	return text("match.status_open"), "badge-info"
}

func interestStatusText(s matching.InterestStatus) fault.Text {
	switch s {
	case matching.InterestAccepted:
		return text("match.interest_accepted")
	case matching.InterestFilled:
		return text("match.interest_filled")
	case matching.InterestDeclined:
		return text("match.interest_declined")
	case matching.InterestWithdrawn:
		return text("match.interest_withdrawn")
	}
	return text("match.interest_pending")
}

func (h *Handler) provinceName(code string) string {
	if p, ok := h.geo.Province(code); ok {
		return p.Short
	}
	return code
}

func needHref(id matching.NeedID) string { return "/needs/" + strconv.FormatInt(int64(id), 10) }

// card converts a need for the pages.
func (h *Handler) card(r *http.Request, names map[catalog.ToolCode]string, n *matching.Need) needCard {
	lang := h.lang(r)
	st, badge := needStatusText(n.Status)
	c := needCard{ID: n.ID, Href: needHref(n.ID), Status: string(n.Status), StatusText: st.In(lang), Badge: badge,
		Industry: registry.Industry(n.Industry).Label().In(lang), Province: h.provinceName(n.ProvinceCode),
		Size: registry.SizeClass(n.SizeClass).Label().In(lang), Description: n.Description, PublishedAt: n.PublishedAt,
		Interests: n.Interests, Enterprise: n.EnterpriseName}
	if n.Industry == "" {
		c.Industry = text("match.industry_other").In(lang)
	}
	if n.EnterpriseName != "" && n.EnterpriseID != 0 {
		c.EntHref = entURL(registry.EnterpriseID(n.EnterpriseID))
	}
	for _, t := range n.Tools {
		c.Tools = append(c.Tools, toolName(names, t))
	}
	for _, l := range n.Levels {
		c.Levels = append(c.Levels, levelRow{Name: l.Name.In(lang), Level: l.Level})
	}
	if n.MyInterest != nil {
		c.MyInterest = interestStatusText(n.MyInterest.Status).In(lang)
	}
	return c
}

// matchingBoardPage is the landing of /needs.
type matchingBoardPage struct {
	Layout
	Mode       string // board, own, scope
	Needs      []needCard
	All        bool
	ToggleHref string
	ExpertName string
	Pager      Pager
	// The officers' filters.
	Provinces []option
	Statuses  []option
}

const boardPageSize = 20

func (h *Handler) handleNeedBoard(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	q := r.URL.Query()
	page := pageParam(q)
	all := q.Get("all") == "1"
	status := matching.NeedStatus(q.Get("status"))
	switch status {
	case matching.NeedOpen, matching.NeedFilled, matching.NeedWithdrawn:
	default:
		status = ""
	}
	b, err := h.matching.FindNeeds(r.Context(), matching.BoardFilter{All: all, ProvinceCode: q.Get("province"), Status: status,
		Offset: (page - 1) * boardPageSize, Limit: boardPageSize})
	if err != nil {
		return err
	}
	names := h.toolLabels(r)
	lang := h.lang(r)
	p := &matchingBoardPage{Mode: b.Mode, All: b.All, Pager: newPager(r, page, boardPageSize, b.Total)}
	if b.Mode != "board" {
		for _, st := range []matching.NeedStatus{matching.NeedOpen, matching.NeedFilled, matching.NeedWithdrawn} {
			t, _ := needStatusText(st)
			p.Statuses = append(p.Statuses, option{Value: string(st), Label: t.In(lang), Selected: st == status})
		}
	}
	if a := auth.ActorFrom(r.Context()); b.Mode == "scope" && auth.Allowed(a, auth.ActMatchingView, auth.Scope{ProvinceCode: "*"}) {
		p.Provinces = h.provinceOptions(q.Get("province"))
	}
	if b.Expert != nil {
		p.ExpertName = b.Expert.Name
	}
	p.ToggleHref = "/needs?all=1"
	if all {
		p.ToggleHref = "/needs"
	}
	for _, n := range b.Needs {
		p.Needs = append(p.Needs, h.card(r, names, n))
	}
	return h.render(w, r, http.StatusOK, "matching_board", text("match.board_title"), p)
}

// matchingFormPage publishes a need.
type matchingFormPage struct {
	Layout
	Form        formErrors
	Enterprise  string
	Industry    string
	Province    string
	Size        string
	Levels      []levelRow
	Diagnosed   bool
	Slots       []toolSlot
	Description string
	Reasons     []string
}

// Priority labels the n-th tool select.
func (p *matchingFormPage) Priority(n int) string {
	return fmtText(text("match.priority"), "{n}", strconv.Itoa(n)).In(p.Lang)
}

// toolSlot is one priority select of the form.
type toolSlot struct {
	N       int
	Options []option
}

// maxSlots is the number of tool selects on the form.
const maxSlots = 6

func (h *Handler) renderNeedForm(w http.ResponseWriter, r *http.Request, status int, chosen []catalog.ToolCode, desc string, fe formErrors) error {
	d, err := h.matching.NewDraft(r.Context())
	if err != nil {
		return err
	}
	lang := h.lang(r)
	names := h.toolLabels(r)
	ts, err := h.matching.ToolNames(r.Context())
	if err != nil {
		return err
	}
	p := &matchingFormPage{Form: fe, Enterprise: d.EnterpriseName, Industry: registry.Industry(d.Industry).Label().In(lang),
		Province: h.provinceName(d.ProvinceCode), Size: registry.SizeClass(d.SizeClass).Label().In(lang),
		Diagnosed: d.DiagnosisID != 0, Description: desc}
	if d.Industry == "" {
		p.Industry = text("match.industry_other").In(lang)
	}
	for _, l := range d.Levels {
		p.Levels = append(p.Levels, levelRow{Name: l.Name.In(lang), Level: l.Level})
	}
	if chosen == nil {
		chosen = d.Tools
		for _, t := range d.Tools {
			if reason := d.Reasons[t].In(lang); reason != "" {
				p.Reasons = append(p.Reasons, toolName(names, t)+": "+reason)
			}
		}
	}
	for i := range maxSlots {
		s := toolSlot{N: i + 1}
		var sel catalog.ToolCode
		if i < len(chosen) {
			sel = chosen[i]
		}
		for _, t := range ts {
			s.Options = append(s.Options, option{Value: string(t.Code), Label: toolName(names, t.Code), Selected: t.Code == sel})
		}
		p.Slots = append(p.Slots, s)
	}
	return h.render(w, r, status, "matching_form", text("match.form_title"), p)
}

func (h *Handler) handleNeedNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	return h.renderNeedForm(w, r, http.StatusOK, nil, "", formErrors{})
}

func (h *Handler) handleNeedCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := actor(r); err != nil {
		return err
	}
	var tools []catalog.ToolCode
	for _, v := range r.PostForm["tool"] {
		if v = strings.TrimSpace(v); v != "" {
			tools = append(tools, catalog.ToolCode(v))
		}
	}
	desc := formValue(r, "description")
	n, err := h.matching.PublishNeed(r.Context(), matching.NeedInput{Tools: tools, Description: desc})
	if err != nil {
		if !isFormError(err) {
			return err
		}
		if tools == nil {
			tools = []catalog.ToolCode{}
		}
		return h.renderNeedForm(w, r, formStatus(err), tools, desc, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("match.flash_published"))
	redirect(w, r, needHref(n.ID))
	return nil
}

// matchingNeedPage is one need.
type matchingNeedPage struct {
	Layout
	Form        formErrors
	Need        needCard
	Owner       bool
	Officer     bool
	Expert      bool
	Identified  bool
	CanInterest bool
	CanWithdraw bool
	Message     string
	Interests   []interestRow
	Engagement  *engagementRow
}

type interestRow struct {
	ID         matching.InterestID
	ExpertName string
	ExpertHref string
	Message    string
	Status     string
	StatusText string
	CreatedAt  time.Time
	Fit        string
	Parts      []partRow
	Pending    bool
	Conflict   bool
}

type partRow struct {
	Label  string
	Points string
	Max    string
}

func partsRows(lang string, p matching.Parts) []partRow {
	f := func(v float64) string { return vn.Decimal(v, 1) }
	return []partRow{
		{text("match.part_tools").In(lang), f(p.Tools), f(matching.WeightTools)},
		{text("match.part_sector").In(lang), f(p.Sector), f(matching.WeightSector)},
		{text("match.part_province").In(lang), f(p.Province), f(matching.WeightProvince)},
		{text("match.part_capacity").In(lang), f(p.Capacity), f(matching.WeightCapacity)},
		{text("match.part_rating").In(lang), f(p.Rating), f(matching.WeightRating)},
		{text("match.part_experience").In(lang), f(p.Experience), f(matching.WeightExperience)},
	}
}

func expertHref(id matching.ExpertID) string { return "/experts/" + strconv.FormatInt(int64(id), 10) }

// bestHref links an organisation's best member, "" when the ranking does
// not name one.
func bestHref(id matching.ExpertID) string {
	if id == 0 {
		return ""
	}
	return expertHref(id)
}

func (h *Handler) renderNeed(w http.ResponseWriter, r *http.Request, status int, id matching.NeedID, msg string, fe formErrors) error {
	v, err := h.matching.FindNeed(r.Context(), id)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	p := &matchingNeedPage{Form: fe, Need: h.card(r, h.toolLabels(r), v.Need), Owner: v.Owner, Officer: v.Officer, Expert: v.Expert,
		Identified: v.Identified, Message: msg}
	p.CanInterest = v.Expert && v.Need.MyInterest == nil && v.Need.Status == matching.NeedOpen
	p.CanWithdraw = v.Owner && v.Need.Status == matching.NeedOpen
	for _, i := range v.Interests {
		row := interestRow{ID: i.ID, ExpertName: i.ExpertName, ExpertHref: expertHref(i.ExpertID), Message: i.Message, Status: string(i.Status),
			StatusText: interestStatusText(i.Status).In(lang), CreatedAt: i.CreatedAt,
			Pending: i.Status == matching.InterestPending && v.Owner && v.Need.Status == matching.NeedOpen}
		if i.Fit != nil {
			row.Fit, row.Parts, row.Conflict = vn.Decimal(i.Fit.Total, 1), partsRows(lang, i.Fit.Parts), i.Fit.Conflict
		}
		p.Interests = append(p.Interests, row)
	}
	if v.Engagement != nil {
		e := h.engagementRow(r, v.Engagement, v.Owner)
		p.Engagement = &e
	}
	title := fmtText(text("match.need_title"), "{n}", strconv.FormatInt(int64(id), 10))
	return h.render(w, r, status, "matching_need", title, p)
}

func (h *Handler) handleNeedShow(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.renderNeed(w, r, http.StatusOK, matching.NeedID(id), "", formErrors{})
}

func (h *Handler) handleNeedInterest(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	msg := formValue(r, "message")
	if _, err := h.matching.ExpressInterest(r.Context(), matching.NeedID(id), msg); err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderNeed(w, r, formStatus(err), matching.NeedID(id), msg, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("match.flash_interest"))
	redirect(w, r, needHref(matching.NeedID(id)))
	return nil
}

func (h *Handler) handleNeedWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	if _, err := h.matching.WithdrawNeed(r.Context(), matching.NeedID(id)); err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderNeed(w, r, formStatus(err), matching.NeedID(id), "", newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("match.flash_withdrawn"))
	redirect(w, r, needHref(matching.NeedID(id)))
	return nil
}

func (h *Handler) handleInterestAccept(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	g, err := h.matching.AcceptInterest(r.Context(), matching.InterestID(id))
	if err != nil {
		return err
	}
	h.flash(r.Context(), "success", fmtText(text("match.flash_accepted"), "{name}", g.ExpertName))
	redirect(w, r, needHref(g.NeedID))
	return nil
}

func (h *Handler) handleInterestDecline(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	i, err := h.matching.DeclineInterest(r.Context(), matching.InterestID(id))
	if err != nil {
		return err
	}
	h.flash(r.Context(), "success", fmtText(text("match.flash_declined"), "{name}", i.ExpertName))
	redirect(w, r, needHref(i.NeedID))
	return nil
}

// matchingMatchesPage is the ranking of a need.
type matchingMatchesPage struct {
	Layout
	Need       needCard
	Experts    []matchRow
	Orgs       []orgRow
	Candidates int
	Conflicted int
	Full       int
	Weights    []partRow
}

type matchRow struct {
	Rank         int
	Name         string
	Href         string
	Title        string
	Province     string
	Organisation string
	Total        string
	Parts        []partRow
	Levels       []string
	Free         int
	Completed    int
	Rating       string
}

type orgRow struct {
	Rank     int
	Name     string
	Kind     string
	Province string
	Best     string
	BestName string
	BestHref string
	Members  int
}

func (h *Handler) handleNeedMatches(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	v, err := h.matching.FindNeed(r.Context(), matching.NeedID(id))
	if err != nil {
		return err
	}
	m, err := h.matching.RankNeed(r.Context(), matching.NeedID(id), matching.RankLimit)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	names := h.toolLabels(r)
	p := &matchingMatchesPage{Need: h.card(r, names, v.Need), Candidates: m.Candidates, Conflicted: m.Conflicted, Full: m.Full,
		Weights: partsRows(lang, matching.Parts{Tools: matching.WeightTools, Sector: matching.WeightSector, Province: matching.WeightProvince,
			Capacity: matching.WeightCapacity, Rating: matching.WeightRating, Experience: matching.WeightExperience})}
	for i, e := range m.Experts {
		row := matchRow{Rank: i + 1, Name: e.Name, Href: expertHref(e.ExpertID), Title: e.Title, Province: h.provinceName(e.ProvinceCode),
			Organisation: e.OrganisationName, Total: vn.Decimal(e.Total, 1), Parts: partsRows(lang, e.Parts), Free: e.Free, Completed: e.Completed}
		if e.RatingCount > 0 {
			row.Rating = vn.Decimal(e.RatingAverage, 1) + " (" + strconv.Itoa(e.RatingCount) + ")"
		}
		for _, t := range v.Need.Tools {
			if l := e.Levels[t]; l > 0 {
				row.Levels = append(row.Levels, toolName(names, t)+" "+levelName(lang, l))
			}
		}
		p.Experts = append(p.Experts, row)
	}
	for i, o := range m.Organisations {
		p.Orgs = append(p.Orgs, orgRow{Rank: i + 1, Name: o.Name, Kind: o.Kind, Province: h.provinceName(o.ProvinceCode),
			Best: vn.Decimal(o.Best, 1), BestName: o.BestExpert, BestHref: bestHref(o.BestExpertID), Members: o.Members})
	}
	title := fmtText(text("match.matches_title"), "{n}", strconv.FormatInt(id, 10))
	return h.render(w, r, http.StatusOK, "matching_matches", title, p)
}

func levelName(lang string, l int) string {
	switch l {
	case 3:
		return text("match.level3").In(lang)
	case 2:
		return text("match.level2").In(lang)
	}
	return text("match.level1").In(lang)
}

// engagementRow is an engagement as the pages show it.
type engagementRow struct {
	ID          matching.EngagementID
	NeedHref    string
	NeedID      matching.NeedID
	Enterprise  string
	ExpertName  string
	ExpertHref  string
	Province    string
	Tools       []string
	Status      string
	StatusText  string
	AcceptedAt  time.Time
	CompletedAt *time.Time
	Rating      int
	Stars       string
	Comment     string
	CanComplete bool
	CanRate     bool
}

func (h *Handler) engagementRow(r *http.Request, g *matching.Engagement, owner bool) engagementRow {
	lang := h.lang(r)
	names := h.toolLabels(r)
	e := engagementRow{ID: g.ID, NeedHref: needHref(g.NeedID), NeedID: g.NeedID, Enterprise: g.EnterpriseName, ExpertName: g.ExpertName,
		ExpertHref: expertHref(g.ExpertID), Province: h.provinceName(g.ProvinceCode), Status: string(g.Status),
		AcceptedAt: g.AcceptedAt, CompletedAt: g.CompletedAt, Rating: g.Rating, Comment: g.RatingComment,
		CanComplete: owner && g.Status == matching.EngagementActive,
		CanRate:     owner && g.Status == matching.EngagementCompleted && g.Rating == 0}
	e.StatusText = text("match.eng_active").In(lang)
	if g.Status == matching.EngagementCompleted {
		e.StatusText = text("match.eng_completed").In(lang)
	}
	if g.Rating > 0 {
		e.Stars = strings.Repeat("★", g.Rating) + strings.Repeat("☆", 5-g.Rating)
	}
	for _, t := range g.Tools {
		e.Tools = append(e.Tools, toolName(names, t))
	}
	return e
}

// matchingEngagementsPage lists engagements.
type matchingEngagementsPage struct {
	Layout
	Rows  []engagementRow
	Pager Pager
}

func (h *Handler) handleEngagementList(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	page := pageParam(r.URL.Query())
	gs, total, err := h.matching.FindEngagements(r.Context(), matching.EngagementFilter{Offset: (page - 1) * boardPageSize, Limit: boardPageSize})
	if err != nil {
		return err
	}
	p := &matchingEngagementsPage{Pager: newPager(r, page, boardPageSize, total)}
	owner := a.Role == auth.RoleEnterprise
	for _, g := range gs {
		p.Rows = append(p.Rows, h.engagementRow(r, g, owner))
	}
	return h.render(w, r, http.StatusOK, "matching_engagements", text("match.eng_title"), p)
}

func (h *Handler) handleEngagementComplete(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	g, err := h.matching.CompleteEngagement(r.Context(), matching.EngagementID(id))
	if err != nil {
		return err
	}
	h.flash(r.Context(), "success", text("match.flash_completed"))
	redirect(w, r, needHref(g.NeedID))
	return nil
}

func (h *Handler) handleEngagementRate(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	rating, _ := strconv.Atoi(formValue(r, "rating"))
	g, err := h.matching.RateEngagement(r.Context(), matching.EngagementID(id), rating, formValue(r, "comment"))
	if err != nil {
		if !isFormError(err) {
			return err
		}
		e, ferr := h.matching.FindEngagement(r.Context(), matching.EngagementID(id))
		if ferr != nil {
			return ferr
		}
		return h.renderNeed(w, r, formStatus(err), e.NeedID, "", newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("match.flash_rated"))
	redirect(w, r, needHref(g.NeedID))
	return nil
}
