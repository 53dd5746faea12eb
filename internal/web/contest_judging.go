package web

import (
	"net/http"
	"strconv"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// The pages of judging (judges, assignment, conflicts of interest, blind
// and independent scoring, consensus, normalisation) and results
// (ranking, awards, publication, feedback reports). The service decides
// who may see and do what; the pages only hide what the actor cannot do.

// registerJudging registers the pages of this area.
func (h *Handler) registerJudging(mux Router) {
	h.handle(mux, "GET /judging", h.handleJudgingQueue)
	h.handle(mux, "GET /contests/{id}/judging", h.handleJudgingBoard)
	h.handle(mux, "POST /contests/{id}/judges", h.handleJudgeAdd)
	h.handle(mux, "POST /contests/{id}/judges/{user}/remove", h.handleJudgeRemove)
	h.handle(mux, "POST /contests/{id}/assign-auto", h.handleAutoAssign)
	h.handle(mux, "POST /contests/{id}/phase", h.handlePhase)
	h.handle(mux, "POST /contest-entries/{id}/assign", h.handleAssign)
	h.handle(mux, "POST /contest-entries/{id}/unassign", h.handleUnassign)
	h.handle(mux, "GET /contest-entries/{id}/score", h.handleScoreSheet)
	h.handle(mux, "POST /contest-entries/{id}/score", h.handleScore)
	h.handle(mux, "POST /contest-entries/{id}/conflict", h.handleDeclareConflict)
	h.handle(mux, "GET /contests/{id}/consensus", h.handleConsensus)
	h.handle(mux, "POST /contest-entries/{id}/consensus", h.handleRecordConsensus)
	h.handle(mux, "GET /contests/{id}/results", h.handleResults)
	h.handle(mux, "GET /contest-entries/{id}/feedback", h.handleFeedback)
	h.handle(mux, "GET /contest-entries/{id}/feedback.xlsx", h.handleFeedbackXLSX)
}

// judgingPages lists this area's page templates with a zero model each.
func judgingPages() map[string]page {
	return map[string]page{
		"judging_queue":     &judgingQueuePage{},
		"contest_judging":   &judgingBoardPage{},
		"entry_score":       &jdEntryScorePage{},
		"contest_consensus": &jdConsensusPage{},
		"contest_results":   &jdResultsPage{},
		"entry_feedback":    &jdFeedbackPage{},
	}
}

func jdContestHref(id contest.ContestID) string {
	return "/contests/" + strconv.FormatInt(int64(id), 10)
}
func jdEntryHref(id contest.EntryID) string {
	return "/contest-entries/" + strconv.FormatInt(int64(id), 10)
}

// jdPts formats points with one decimal.
func jdPts(f float64) string { return vn.Decimal(f, 1) }

// jdSigned formats a difference with its sign.
func jdSigned(f float64, decimals int) string {
	if f > 0 {
		return "+" + vn.Decimal(f, decimals)
	}
	return vn.Decimal(f, decimals)
}

// ---- the judge's queue ----

type jdQueueRow struct {
	Contest, Code, Title, Status, Href string
	Total                              string
}

type judgingQueuePage struct {
	Layout
	IsJudge   bool
	ToScore   []jdQueueRow
	Scored    []jdQueueRow
	Conflicts []*contest.Conflict
}

func (h *Handler) handleJudgingQueue(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	q, err := h.contest.JudgeQueue(r.Context())
	if err != nil {
		return err
	}
	lang := h.lang(r)
	p := &judgingQueuePage{IsJudge: auth.Can(a, auth.ActContestJudge), Conflicts: q.Conflicts}
	row := func(it contest.QueueItem) jdQueueRow {
		x := it.Assignment
		return jdQueueRow{Contest: it.Contest.Title, Code: x.EntryCode, Title: x.EntryTitle, Status: x.Status.Label().In(lang),
			Href: jdEntryHref(x.EntryID) + "/score", Total: jdPts(x.Total())}
	}
	for _, it := range q.ToScore {
		p.ToScore = append(p.ToScore, row(it))
	}
	for _, it := range q.Scored {
		p.Scored = append(p.Scored, row(it))
	}
	return h.render(w, r, http.StatusOK, "judging_queue", text("judging.queue_title"), p)
}

// ---- the organiser's board ----

type jdBoardJudge struct {
	*contest.Judge
	Province  string
	Load      int
	Scored    int
	RemoveURL string
}

type jdBoardSheet struct {
	UserID int64
	Name   string
	Status string
	Badge  string
	Total  string
	Open   bool // may be unassigned
}

type jdBoardEntry struct {
	ID        contest.EntryID
	Code      string
	Title     string
	Entrant   string
	Province  string
	Sheets    []jdBoardSheet
	Excluded  []string // "name: reason"
	Short     bool     // fewer judges than MinJudges
	AssignURL string
	Options   []option // judges who may be assigned
}

type judgingBoardPage struct {
	Layout
	Contest    contest.Contest
	Href       string
	Status     string
	Judges     []jdBoardJudge
	Candidates []option
	Provinces  []option
	Entries    []jdBoardEntry
	Missing    int
	Phases     []jdPhaseRow
	Next       string // the next status, "" for none
	NextLabel  string
	CanAssign  bool
	// The consensus round's page answers from the consensus phase on, the
	// results page from judging on: the board links them only then.
	ShowConsensus bool
	ShowResults   bool
	Form          formErrors
	Report        *contest.AutoReport
}

type jdPhaseRow struct {
	From, To, Note string
	Forced         bool
	At             string
}

func (h *Handler) judgingBoard(r *http.Request, id contest.ContestID, fe formErrors) (*judgingBoardPage, error) {
	b, err := h.contest.Board(r.Context(), id)
	if err != nil {
		return nil, err
	}
	lang := h.lang(r)
	c := b.Contest
	p := &judgingBoardPage{Contest: *c, Href: jdContestHref(c.ID), Status: c.Status.Label().In(lang), Missing: b.Missing, Form: fe,
		Provinces: h.provinceOptions(""), CanAssign: c.Status == contest.StatusAnnounced || c.Status == contest.StatusJudging}
	for _, j := range b.Judges {
		p.Judges = append(p.Judges, jdBoardJudge{Judge: j, Province: h.provinceName(j.OrgProvince), Load: b.Load[j.UserID], Scored: b.Scored[j.UserID],
			RemoveURL: p.Href + "/judges/" + strconv.FormatInt(j.UserID, 10) + "/remove"})
	}
	for _, u := range b.Candidates {
		p.Candidates = append(p.Candidates, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name + " — " + u.Email})
	}
	for _, e := range b.Entries {
		be := jdBoardEntry{ID: e.ID, Code: e.Code, Title: e.Title, Entrant: e.EnterpriseName, Province: h.provinceName(e.ProvinceCode),
			AssignURL: jdEntryHref(e.ID)}
		assigned := map[int64]bool{}
		for _, a := range b.Assignments[e.ID] {
			assigned[a.UserID] = true
			be.Sheets = append(be.Sheets, jdBoardSheet{UserID: a.UserID, Name: a.JudgeName, Status: a.Status.Label().In(lang),
				Badge: jdSheetBadge(a.Status), Total: jdPts(a.Total()), Open: p.CanAssign && a.Status != contest.AssignSubmitted})
		}
		be.Short = len(be.Sheets) < c.MinJudges
		for _, j := range b.Judges {
			if reason, bad := b.Conflicts[e.ID][j.UserID]; bad {
				be.Excluded = append(be.Excluded, j.Name+": "+reason.In(lang))
			} else if !assigned[j.UserID] {
				be.Options = append(be.Options, option{Value: strconv.FormatInt(j.UserID, 10), Label: j.Name})
			}
		}
		p.Entries = append(p.Entries, be)
	}
	for _, ph := range b.Phases {
		p.Phases = append(p.Phases, jdPhaseRow{From: ph.From.Label().In(lang), To: ph.To.Label().In(lang), Note: ph.Note, Forced: ph.Forced,
			At: vn.DateTime(ph.At)})
	}
	p.ShowConsensus = c.Status == contest.StatusConsensus || c.Status == contest.StatusDecided
	p.ShowResults = p.ShowConsensus || c.Status == contest.StatusJudging
	switch c.Status {
	case contest.StatusAnnounced:
		p.Next = string(contest.StatusJudging)
	case contest.StatusJudging:
		p.Next = string(contest.StatusConsensus)
	case contest.StatusConsensus:
		p.Next = string(contest.StatusDecided)
	}
	if p.Next != "" {
		p.NextLabel = contest.Status(p.Next).Label().In(lang)
	}
	return p, nil
}

func jdSheetBadge(s contest.AssignmentStatus) string {
	switch s {
	case contest.AssignSubmitted:
		return "badge-ok"
	case contest.AssignDraft:
		return "badge-info"
	}
	return "badge-warn"
}

func (h *Handler) renderBoard(w http.ResponseWriter, r *http.Request, status int, id contest.ContestID, fe formErrors, rep *contest.AutoReport) error {
	p, err := h.judgingBoard(r, id, fe)
	if err != nil {
		return err
	}
	p.Report = rep
	return h.render(w, r, status, "contest_judging", fault.Text{Vi: "Chấm thi — " + p.Contest.Title, En: "Judging — " + p.Contest.Title}, p)
}

func (h *Handler) handleJudgingBoard(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.renderBoard(w, r, http.StatusOK, contest.ContestID(id), formErrors{}, nil)
}

// boardFailed shows the board again with a form error, or returns err.
func (h *Handler) boardFailed(w http.ResponseWriter, r *http.Request, id contest.ContestID, err error) error {
	if !isFormError(err) {
		return err
	}
	return h.renderBoard(w, r, formStatus(err), id, newFormErrors(h.lang(r), err, nil), nil)
}

func (h *Handler) handleJudgeAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	user, _ := strconv.ParseInt(formValue(r, "user_id"), 10, 64)
	expert, _ := strconv.ParseInt(formValue(r, "expert_id"), 10, 64)
	in := contest.JudgeInput{UserID: user, Organisation: formValue(r, "organisation"), OrgProvince: formValue(r, "org_province"),
		ProvincialOrg: formValue(r, "provincial_org") == "1", ExpertID: expert}
	if _, err := h.contest.AddJudge(r.Context(), contest.ContestID(id), in); err != nil {
		return h.boardFailed(w, r, contest.ContestID(id), err)
	}
	h.flash(r.Context(), "success", text("judging.flash_judge_added"))
	redirect(w, r, jdContestHref(contest.ContestID(id))+"/judging")
	return nil
}

func (h *Handler) handleJudgeRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	user, err := pathID(r, "user")
	if err != nil {
		return err
	}
	if err := h.contest.RemoveJudge(r.Context(), contest.ContestID(id), user); err != nil {
		return h.boardFailed(w, r, contest.ContestID(id), err)
	}
	h.flash(r.Context(), "success", text("judging.flash_judge_removed"))
	redirect(w, r, jdContestHref(contest.ContestID(id))+"/judging")
	return nil
}

func (h *Handler) handleAutoAssign(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	rep, err := h.contest.AutoAssign(r.Context(), contest.ContestID(id))
	if err != nil {
		return h.boardFailed(w, r, contest.ContestID(id), err)
	}
	return h.renderBoard(w, r, http.StatusOK, contest.ContestID(id), formErrors{}, rep)
}

func (h *Handler) handlePhase(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(formValue(r, "version"))
	in := contest.PhaseInput{To: contest.Status(formValue(r, "to")), Force: formValue(r, "force") == "1", Note: formValue(r, "note"),
		Version: version}
	if err := h.contest.ChangePhase(r.Context(), contest.ContestID(id), in); err != nil {
		return h.boardFailed(w, r, contest.ContestID(id), err)
	}
	h.flash(r.Context(), "success", text("judging.flash_phase"))
	redirect(w, r, jdContestHref(contest.ContestID(id))+"/judging")
	return nil
}

// entryContest returns the contest of an entry for the redirects of the
// assignment forms (the service checks the rights).
func (h *Handler) entryBoardAction(w http.ResponseWriter, r *http.Request, do func(contest.EntryID, int64) error) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	cid, _ := strconv.ParseInt(formValue(r, "contest_id"), 10, 64)
	user, _ := strconv.ParseInt(formValue(r, "user_id"), 10, 64)
	if err := do(contest.EntryID(id), user); err != nil {
		if cid > 0 && isFormError(err) {
			return h.boardFailed(w, r, contest.ContestID(cid), err)
		}
		return err
	}
	h.flash(r.Context(), "success", text("judging.flash_assigned"))
	redirect(w, r, jdContestHref(contest.ContestID(cid))+"/judging")
	return nil
}

func (h *Handler) handleAssign(w http.ResponseWriter, r *http.Request) error {
	return h.entryBoardAction(w, r, func(e contest.EntryID, u int64) error { return h.contest.Assign(r.Context(), e, u) })
}

func (h *Handler) handleUnassign(w http.ResponseWriter, r *http.Request) error {
	return h.entryBoardAction(w, r, func(e contest.EntryID, u int64) error { return h.contest.Unassign(r.Context(), e, u) })
}
