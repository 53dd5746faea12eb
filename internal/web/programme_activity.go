package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"nscl/internal/auth"
	"nscl/internal/programme"
	"nscl/internal/vn"
)

// The pages of an activity from proposal to decision: the list, the
// proposal form (new and edit), the activity's page (proposal, screening,
// reviews, decision, history, and the actions the actor may take), the
// reviewer's page (declaration, rubric), attachments. The service
// authorizes; the pages only hide what the actor cannot do.

// registerActivities registers the pages of this programme area.
func (h *Handler) registerActivities(mux Router) {
	h.handle(mux, "GET /activities", h.handlePropList)
	h.handle(mux, "GET /activities.xlsx", h.handleActivitiesXLSX)
	h.handle(mux, "GET /activities/new", h.handlePropNew)
	h.handle(mux, "POST /activities", h.handlePropCreate)
	h.handle(mux, "GET /activities/{id}", h.handlePropShow)
	h.handle(mux, "GET /activities/{id}/edit", h.handlePropEdit)
	h.handle(mux, "POST /activities/{id}/edit", h.handlePropUpdate)
	h.handle(mux, "POST /activities/{id}/submit", h.handlePropSubmit)
	h.handle(mux, "POST /activities/{id}/revise", h.handlePropRevise)
	h.handle(mux, "POST /activities/{id}/withdraw", h.handlePropWithdraw)
	h.handle(mux, "POST /activities/{id}/reviewers", h.handlePropReviewers)
	h.handle(mux, "GET /activities/{id}/review", h.handlePropReview)
	h.handle(mux, "POST /activities/{id}/review/declare", h.handlePropDeclare)
	h.handle(mux, "POST /activities/{id}/review", h.handlePropScore)
	h.handle(mux, "POST /activities/{id}/decide", h.handlePropDecide)
	h.handle(mux, "POST /activities/{id}/files", h.handlePropUpload)
	h.handle(mux, "GET /activities/{id}/files/{fid}", h.handlePropFile)
	h.handle(mux, "POST /activities/{id}/files/{fid}/delete", h.handlePropFileDelete)
}

// activityPages are the page models of this programme area.
func activityPages() map[string]page {
	return map[string]page{
		"programme_activity_list":   &actListPage{},
		"programme_activity_form":   &actFormPage{},
		"programme_activity_show":   &actShowPage{},
		"programme_activity_review": &actReviewPage{},
	}
}

func actPageHref(id programme.ActivityID) string {
	return "/activities/" + strconv.FormatInt(int64(id), 10)
}

// actBadge is the badge class of a status.
func actBadge(s programme.Status) string {
	switch s {
	case programme.StatusApproved, programme.StatusInProgress, programme.StatusClosed:
		return "badge-ok"
	case programme.StatusIneligible, programme.StatusRejected:
		return "badge-danger"
	case programme.StatusSubmitted, programme.StatusInReview:
		return "badge-info"
	case programme.StatusEvaluating:
		return "badge-warn"
	}
	return "badge-muted"
}

// actRow is an activity in the list.
type actRow struct {
	Href        string
	Title       string
	Proposer    string
	Type        string
	Track       string
	Year        int
	Province    string
	Call        string
	Status      string
	StatusText  string
	Badge       string
	StateBudget int64
	CreatedAt   time.Time
}

// actCallRow is an open call the actor may propose in.
type actCallRow struct {
	Code     string
	Title    string
	Deadline string
	NewHref  string
}

// actListPage is /activities.
type actListPage struct {
	Layout
	Rows      []actRow
	Pager     Pager
	Query     string
	Officer   bool
	Statuses  []option
	Types     []option
	Tracks    []option
	Years     []option
	Provinces []option
	Calls     []actCallRow
	XLSX      string // the download of the list under its filters
	// Replications: the actor sees the replications of pilot models
	// (officers, enterprise users): a link to /replications.
	Replications bool
}

const actPageSize = 20

// actQuery reads the filters of /activities (and of its XLSX download).
func actQuery(q url.Values) programme.ActivityQuery {
	year, _ := strconv.Atoi(q.Get("year"))
	call, _ := strconv.ParseInt(q.Get("call"), 10, 64)
	in := programme.ActivityQuery{Status: programme.Status(q.Get("status")), Type: programme.ActivityType(q.Get("type")),
		Track: programme.Track(q.Get("track")), Year: year, Province: q.Get("province"), CallID: programme.CallID(call),
		Text: q.Get("q")}
	if !in.Status.Valid() {
		in.Status = ""
	}
	if !in.Type.Valid() {
		in.Type = ""
	}
	if !in.Track.Valid() {
		in.Track = ""
	}
	return in
}

func (h *Handler) handlePropList(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page := pageParam(q)
	in := actQuery(q)
	year := in.Year
	in.Offset, in.Limit = (page-1)*actPageSize, actPageSize
	list, total, err := h.programme.Activities(r.Context(), in)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	p := &actListPage{Pager: newPager(r, page, actPageSize, total), Query: in.Text, XLSX: xlsxHref("/activities.xlsx", q),
		Officer:      auth.Can(a, auth.ActProgrammeView),
		Replications: auth.Can(a, auth.ActProgrammeView) || auth.Can(a, auth.ActReplicationRecord)}
	for _, x := range list {
		p.Rows = append(p.Rows, actRow{Href: actPageHref(x.ID), Title: x.Title, Proposer: x.ProposerName, Type: x.Type.Label().In(lang),
			Track: x.Track.Label().In(lang), Year: x.Year, Province: h.provinceName(x.ProvinceCode), Call: x.CallCode,
			Status: string(x.Status), StatusText: x.Status.Label().In(lang), Badge: actBadge(x.Status), StateBudget: x.StateBudget,
			CreatedAt: x.CreatedAt})
	}
	for _, s := range programme.Statuses {
		p.Statuses = append(p.Statuses, option{Value: string(s), Label: s.Label().In(lang), Selected: s == in.Status})
	}
	for _, t := range programme.ActivityTypes {
		p.Types = append(p.Types, option{Value: string(t), Label: t.Label().In(lang), Selected: t == in.Type})
	}
	for _, t := range programme.Tracks {
		p.Tracks = append(p.Tracks, option{Value: string(t), Label: t.Label().In(lang), Selected: t == in.Track})
	}
	for y := time.Now().In(vn.Zone).Year(); y >= 2021; y-- {
		p.Years = append(p.Years, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == year})
	}
	if auth.Can(a, auth.ActProgrammeManage) {
		p.Provinces = h.provinceOptions(in.Province)
	}
	calls, err := h.programme.ProposalCalls(r.Context())
	if err != nil {
		return err
	}
	for _, c := range calls {
		p.Calls = append(p.Calls, actCallRow{Code: c.Code, Title: c.Title, Deadline: programme.DeadlineText(c.Deadline).In(lang),
			NewHref: "/activities/new?call=" + strconv.FormatInt(int64(c.ID), 10)})
	}
	return h.render(w, r, http.StatusOK, "programme_activity_list", text("act.list_title"), p)
}
