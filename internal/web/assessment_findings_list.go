package web

import (
	"net/http"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// The findings across assessments: an enterprise's open findings, an
// assessor's on the assessments assigned to them, the officers' of their
// scope, with filters (status, overdue, province) and the XLSX download
// of every row the filters match.

// findingRow is a finding in the list.
type findingRow struct {
	ID          assessment.FindingID
	Href        string // the finding on its assessment's tab
	Enterprise  string
	Province    string
	Scheme      string
	Mode        string
	ItemKey     string
	Description string
	Corrective  string
	Owner       string
	Due         string
	Overdue     bool
	Status      string
	StatusText  string
	Badge       string
}

// findingListPage is /findings.
type findingListPage struct {
	Layout
	Rows       []findingRow
	Pager      Pager
	Statuses   []option
	Provinces  []option // the ministry's filter; nil for others
	Province   string   // a provincial officer's province (fixed)
	Overdue    bool
	Filtered   bool
	XLSX       string
	Intro      string
	ShowFirm   bool // the enterprise column (not for the enterprise itself)
	Assessment string
}

const findingPageSize = 50

// findingQuery reads the filters of /findings (and of its download).
func (h *Handler) findingQuery(r *http.Request) assessment.FindingQuery {
	qs := r.URL.Query()
	q := assessment.FindingQuery{Status: qs.Get("status"), Overdue: qs.Get("overdue") == "1", Province: qs.Get("province")}
	if _, ok := assessment.FindingStatusFilter(q.Status); !ok {
		q.Status = ""
	}
	if _, ok := h.geo.Province(q.Province); !ok {
		q.Province = ""
	}
	return q
}

func (h *Handler) findingRowOf(lang string, f *assessment.Finding, now time.Time) findingRow {
	row := findingRow{ID: f.ID, Href: findingHref(f), Enterprise: f.EnterpriseName, Province: h.provinceName(f.ProvinceCode),
		Scheme: f.SchemeName.In(lang), Mode: f.Mode.Label().In(lang), ItemKey: f.ItemKey, Description: f.Description,
		Corrective: f.CorrectiveAction, Owner: f.OwnerName, Overdue: f.OverdueOn(now), Status: string(f.Status),
		StatusText: f.Status.Label().In(lang), Badge: findingBadge(f.Status)}
	if f.DueDate != nil {
		row.Due = vn.Date(*f.DueDate)
	}
	return row
}

func (h *Handler) handleFindings(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	q := h.findingQuery(r)
	page := pageParam(r.URL.Query())
	q.Offset, q.Limit = (page-1)*findingPageSize, findingPageSize
	fs, total, err := h.assess.Findings(ctx, q)
	if err != nil {
		return err
	}
	now := h.assess.FindingsToday()
	p := &findingListPage{Overdue: q.Overdue, Filtered: q.Status != "" || q.Overdue || q.Province != "",
		XLSX: xlsxHref("/findings.xlsx", r.URL.Query()), Pager: newPager(r, page, findingPageSize, total),
		ShowFirm: a.Role != auth.RoleEnterprise}
	switch {
	case a.Role == auth.RoleEnterprise:
		p.Intro = text("finding.list_intro_enterprise").In(lang)
	case a.Role == auth.RoleAssessor:
		p.Intro = text("finding.list_intro_assessor").In(lang)
	default:
		p.Intro = text("finding.list_intro_officer").In(lang)
	}
	for _, f := range fs {
		p.Rows = append(p.Rows, h.findingRowOf(lang, f, now))
	}
	for _, o := range []struct {
		v     string
		label fault.Text
	}{{"", text("finding.filter_active")}, {"open", assessment.FindingOpen.Label()}, {"done", assessment.FindingDone.Label()},
		{"closed", assessment.FindingClosed.Label()}, {"all", text("finding.filter_all")}} {
		p.Statuses = append(p.Statuses, option{Value: o.v, Label: o.label.In(lang), Selected: q.Status == o.v || q.Status == "active" && o.v == ""})
	}
	if auth.Can(a, auth.ActAssessmentManage) {
		if auth.Allowed(a, auth.ActAssessmentManage, auth.Scope{ProvinceCode: "\x00"}) {
			p.Provinces = h.provinceOptions(q.Province)
		} else {
			p.Province = h.provinceName(a.ProvinceCode)
		}
	}
	return h.render(w, r, http.StatusOK, "finding_list", text("finding.list_title"), p)
}

// handleFindingsXLSX downloads /findings under its filters: every row the
// list matches for this actor, in the list's order.
func (h *Handler) handleFindingsXLSX(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	q := h.findingQuery(r)
	q.Limit = 500
	now := h.assess.FindingsToday()
	t := &xlsxTable{Sheet: text("finding.list_title"), File: "phat-hien-khac-phuc", Cols: []xlsxCol{
		{Label: xt("Số", "No."), Kind: xInt, Width: 8}, {Label: text("finding.enterprise"), Width: 40}, {Label: text("finding.province"), Width: 18},
		{Label: text("finding.scheme"), Width: 28}, {Label: text("finding.mode"), Width: 18}, {Label: text("finding.item"), Width: 10},
		{Label: text("finding.description"), Width: 60}, {Label: text("finding.corrective"), Width: 60}, {Label: text("finding.owner"), Width: 24},
		{Label: text("finding.due"), Kind: xDate, Width: 14}, {Label: text("finding.status"), Width: 24}, {Label: text("finding.overdue"), Width: 10},
		{Label: xt("Đường dẫn", "Link"), Width: 30}}}
	for {
		fs, total, err := h.assess.Findings(ctx, q)
		if err != nil {
			return err
		}
		for _, f := range fs {
			var due any
			if f.DueDate != nil {
				due = *f.DueDate
			}
			overdue := ""
			if f.OverdueOn(now) {
				overdue = text("finding.yes").In(lang)
			}
			if !t.add(int64(f.ID), f.EnterpriseName, h.provinceName(f.ProvinceCode), f.SchemeName.In(lang), f.Mode.Label().In(lang), f.ItemKey,
				f.Description, f.CorrectiveAction, f.OwnerName, due, f.Status.Label().In(lang), overdue, findingHref(f)) {
				return h.writeXLSX(w, r, t)
			}
		}
		q.Offset += len(fs)
		if len(fs) == 0 || q.Offset >= total {
			break
		}
	}
	return h.writeXLSX(w, r, t)
}
