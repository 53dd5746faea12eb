package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/programme"
	"nscl/internal/vn"
)

// The execution tab of an activity (/activities/{id}/execution): the
// contract and its milestones, progress reports with evidence, the
// officer's decisions, disbursements, the final report, its verification
// and the closure. One page with a form per step; the programme service
// decides who may do what, the page only hides what the actor cannot do.

// registerExecution registers the pages of this programme area.
func (h *Handler) registerExecution(mux Router) {
	h.handle(mux, "GET /activities/{id}/execution", h.handleExecution)
	h.handle(mux, "GET /activities/{id}/evidence/{fid}", h.handleExecEvidence)
	h.handle(mux, "POST /activities/{id}/contract", h.handleExecContract)
	h.handle(mux, "POST /activities/{id}/milestones/{mid}/report", h.handleExecMilestoneReport)
	h.handle(mux, "POST /activities/{id}/milestones/{mid}/decide", h.handleExecMilestoneDecide)
	h.handle(mux, "POST /activities/{id}/disbursements", h.handleExecDisburse)
	h.handle(mux, "POST /activities/{id}/final", h.handleExecFinal)
	h.handle(mux, "POST /activities/{id}/final/return", h.handleExecFinalReturn)
	h.handle(mux, "POST /activities/{id}/verifier", h.handleExecVerifier)
	h.handle(mux, "POST /activities/{id}/verify", h.handleExecVerify)
	h.handle(mux, "POST /activities/{id}/close", h.handleExecClose)
}

// executionPages are the page models of this programme area.
func executionPages() map[string]page {
	return map[string]page{"programme_execution_show": &executionPage{}}
}

// execContractRows is how many milestone rows the contract form offers
// (programme.MaxMilestones); blank rows are ignored.
const execContractRows = programme.MaxMilestones

type execContractRow struct {
	N                  int
	Title, Due, Amount string
	ErrTitle, ErrDue   string
	ErrAmount          string
}

type execEvidenceLink struct {
	Name string
	Href string
	Size string
}

type execMilestoneRow struct {
	ID           programme.MilestoneID
	Seq          int
	Title        string
	Due          string
	Overdue      bool
	Amount       int64
	Disbursed    int64
	Status       string
	StatusText   string
	Badge        string
	Progress     int
	Report       string
	ReportedAt   *time.Time
	DecisionNote string
	Files        []execEvidenceLink
	CanReport    bool
	CanDecide    bool
	Payable      bool
}

type execDisbursementRow struct {
	Milestone int
	Amount    int64
	PaidOn    string
	Reference string
}

type execKPIRow struct {
	Code       string
	Name       string
	Unit       string
	Baseline   string
	Target     string
	Actual     string
	ActualRaw  string
	Verified   bool
	Note       string
	Improve    string
	ErrActual  string
	ErrNote    string
	FieldValue string
	NoteValue  string
}

type execEventRow struct {
	At   time.Time
	Text string
	By   string
	Note string
}

// executionPage is the execution tab of an activity.
type executionPage struct {
	Layout
	Tabs     []activityTab
	A        *programme.Activity
	Base     string
	Status   string
	Version  int
	Remain   int64
	Contract string // dd/mm/yyyy

	Role         programme.ExecRole
	CanContract  bool
	CanDisburse  bool
	CanFinal     bool
	CanAssign    bool
	CanVerify    bool
	CanClose     bool
	CanReturn    bool
	FinalSummary string
	Verifier     string

	Milestones    []execMilestoneRow
	Disbursements []execDisbursementRow
	KPIs          []execKPIRow
	Events        []execEventRow
	Payable       []option
	Candidates    []option

	// The form that failed, its errors and what was typed.
	Failed string // contract, report-N, decide-N, disburse, final, verifier, verify, close, return
	Form   formErrors
	Rows   []execContractRow
	Values url.Values
}

// Err returns the error of field in the failed form f.
func (p *executionPage) Err(form, field string) string {
	if p.Failed != form {
		return ""
	}
	return p.Form.Errors[field]
}

// Message returns the failed form's general message when form failed.
func (p *executionPage) Message(form string) string {
	if p.Failed != form {
		return ""
	}
	return p.Form.Message
}

// Value returns what was typed in field of the failed form f.
func (p *executionPage) Value(form, field string) string {
	if p.Failed != form {
		return ""
	}
	return p.Values.Get(field)
}

// execFileSize writes a file's size for people: 512 B, 34 KB, 2,5 MB.
func execFileSize(n int64) string {
	switch {
	case n < 1024:
		return vn.Int(n) + " B"
	case n < 1<<20:
		return vn.Int((n+512)/1024) + " KB"
	}
	return vn.Decimal(float64(n)/(1<<20), 1) + " MB"
}

func execMilestoneStatusText(s programme.MilestoneStatus) (fault.Text, string) {
	switch s {
	case programme.MilestoneReported:
		return text("exec.ms_reported"), "badge-info"
	case programme.MilestoneAccepted:
		return text("exec.ms_accepted"), "badge-success"
	case programme.MilestoneRejected:
		return text("exec.ms_rejected"), "badge-danger"
	}
	return text("exec.ms_planned"), "badge-muted"
}

func execNumber(v float64) string {
	return strings.TrimRight(strings.TrimRight(vn.Decimal(v, 2), "0"), ",")
}

// buildExecution makes the page of x for the request.
func (h *Handler) buildExecution(r *http.Request, x *programme.Execution) *executionPage {
	lang := h.lang(r)
	a := x.Activity
	base := "/activities/" + strconv.FormatInt(int64(a.ID), 10)
	today := time.Now().In(vn.Zone).Format(time.DateOnly)
	p := &executionPage{Tabs: activityTabs(a, tabExecution, lang), A: a, Base: base, Status: a.Status.Label().In(lang),
		Version: a.Version, Remain: a.ApprovedBudget - a.Disbursed, Contract: isoToVN(a.ContractDate), Role: x.Role,
		FinalSummary: x.FinalSummary}
	off := x.Role.Officer
	p.CanContract = off && a.Status == programme.StatusApproved
	p.CanDisburse = off && (a.Status == programme.StatusInProgress || a.Status == programme.StatusEvaluating)
	p.CanFinal = x.Role.Proposer && a.Status == programme.StatusInProgress && x.AllAccepted()
	p.CanAssign = off && (a.Status == programme.StatusInProgress || a.Status == programme.StatusEvaluating)
	p.CanVerify = x.Role.Verifier && a.Status == programme.StatusEvaluating
	p.CanClose = off && a.Status == programme.StatusEvaluating && x.AllVerified()
	p.CanReturn = off && a.Status == programme.StatusEvaluating
	if x.Verifier != nil {
		p.Verifier = x.Verifier.Name + " (" + x.Verifier.Email + ")"
	}
	files := map[programme.MilestoneID][]execEvidenceLink{}
	for _, f := range x.Evidence {
		files[f.MilestoneID] = append(files[f.MilestoneID], execEvidenceLink{Name: f.Name,
			Href: base + "/evidence/" + strconv.FormatInt(int64(f.ID), 10), Size: execFileSize(f.Size)})
	}
	seq := map[programme.MilestoneID]int{}
	for _, m := range x.Milestones {
		st, badge := execMilestoneStatusText(m.Status)
		row := execMilestoneRow{ID: m.ID, Seq: m.Seq, Title: m.Title, Due: isoToVN(m.DueDate), Overdue: m.Overdue(today), Amount: m.StateAmount,
			Disbursed: x.DisbursedFor(m.ID), Status: string(m.Status), StatusText: st.In(lang), Badge: badge, Progress: m.ProgressPct,
			Report: m.Report, ReportedAt: m.ReportedAt, DecisionNote: m.DecisionNote, Files: files[m.ID],
			CanReport: x.Role.Proposer && a.Status == programme.StatusInProgress &&
				(m.Status == programme.MilestonePlanned || m.Status == programme.MilestoneRejected),
			CanDecide: off && a.Status == programme.StatusInProgress && m.Status == programme.MilestoneReported}
		row.Payable = m.Status == programme.MilestoneAccepted && row.Disbursed < m.StateAmount
		seq[m.ID] = m.Seq
		if row.Payable {
			p.Payable = append(p.Payable, option{Value: strconv.FormatInt(int64(m.ID), 10),
				Label: fmt.Sprintf("%d. %s (%s %s)", m.Seq, m.Title, text("exec.remaining").In(lang), vn.Money(m.StateAmount-row.Disbursed))})
		}
		p.Milestones = append(p.Milestones, row)
	}
	for _, d := range x.Disbursements {
		p.Disbursements = append(p.Disbursements, execDisbursementRow{Milestone: seq[d.MilestoneID], Amount: d.Amount, PaidOn: isoToVN(d.PaidOn), Reference: d.Reference})
	}
	for _, k := range a.KPIs {
		def, ok := x.KPIDef(k.Code)
		row := execKPIRow{Code: k.Code, Name: k.Code, Baseline: execNumber(k.Baseline), Target: execNumber(k.Target), Verified: k.VerifiedAt != nil,
			Note: x.KPINotes[k.Code]}
		if ok {
			row.Name, row.Unit = def.Name.In(lang), def.Unit.Label().In(lang)
		}
		if k.Actual != nil {
			row.Actual = execNumber(*k.Actual)
			row.FieldValue = row.Actual
			if ok {
				if imp, ok := programme.Improvement(def.Direction, k.Baseline, *k.Actual); ok {
					row.Improve = vn.Decimal(imp, 1) + "%"
				}
			}
		}
		p.KPIs = append(p.KPIs, row)
	}
	for _, e := range x.Events {
		p.Events = append(p.Events, execEventRow{At: e.At, Text: e.From.Label().In(lang) + " → " + e.To.Label().In(lang), By: e.ActorEmail, Note: e.Note})
	}
	p.Rows = make([]execContractRow, execContractRows)
	for i := range p.Rows {
		p.Rows[i].N = i + 1
	}
	return p
}

// execRender shows the page, with the failed form's errors if any.
func (h *Handler) execRender(w http.ResponseWriter, r *http.Request, id int64, failed string, ferr error, fill func(p *executionPage)) error {
	x, err := h.programme.FindExecution(r.Context(), programme.ActivityID(id))
	if err != nil {
		return err
	}
	p := h.buildExecution(r, x)
	status := http.StatusOK
	if ferr != nil {
		p.Failed, p.Form, p.Values, status = failed, newFormErrors(h.lang(r), ferr, nil), r.PostForm, formStatus(ferr)
		if fault.Is(ferr, fault.Conflict) || fault.Is(ferr, fault.Forbidden) {
			p.Form.Message = fault.MessageOf(ferr).In(h.lang(r))
		}
		if p.Values == nil {
			p.Values = url.Values{}
		}
		for i := range p.KPIs {
			k := &p.KPIs[i]
			k.ErrActual, k.ErrNote = p.Form.Errors["kpi."+k.Code], p.Form.Errors["note."+k.Code]
			if v, ok := p.Values["kpi."+k.Code]; ok {
				k.FieldValue = v[0]
			}
			k.NoteValue = p.Values.Get("note." + k.Code)
		}
	}
	if fill != nil {
		fill(p)
	}
	title := fmtText(text("exec.title"), "{title}", x.Activity.Title)
	return h.render(w, r, status, "programme_execution_show", title, p)
}

func (h *Handler) handleExecution(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	x, err := h.programme.FindExecution(r.Context(), programme.ActivityID(id))
	if err != nil {
		return err
	}
	p := h.buildExecution(r, x)
	if p.CanAssign {
		ps, err := h.programme.VerifierCandidates(r.Context(), x.Activity.ID)
		if err != nil {
			return err
		}
		p.Candidates = execPersonOptions(ps, x.Activity.VerifierID)
	}
	return h.render(w, r, http.StatusOK, "programme_execution_show", fmtText(text("exec.title"), "{title}", x.Activity.Title), p)
}

func execPersonOptions(ps []programme.Person, selected auth.UserID) []option {
	out := make([]option, 0, len(ps))
	for _, p := range ps {
		out = append(out, option{Value: strconv.FormatInt(int64(p.UserID), 10), Label: p.Name + " — " + p.Email + " (" + string(p.Role) + ")",
			Selected: p.UserID == selected})
	}
	return out
}

// execDone flashes and goes back to the execution tab.
func (h *Handler) execDone(w http.ResponseWriter, r *http.Request, id int64, msg fault.Text) error {
	h.flash(r.Context(), "success", msg)
	redirect(w, r, fmt.Sprintf("/activities/%d/execution", id))
	return nil
}

// execFail shows the form again for a form error, else returns err.
func (h *Handler) execFail(w http.ResponseWriter, r *http.Request, id int64, form string, err error, fill func(p *executionPage)) error {
	if !isFormError(err) {
		return err
	}
	return h.execRender(w, r, id, form, err, func(p *executionPage) {
		if p.CanAssign && p.Candidates == nil {
			if ps, cerr := h.programme.VerifierCandidates(r.Context(), p.A.ID); cerr == nil {
				p.Candidates = execPersonOptions(ps, p.A.VerifierID)
			}
		}
		if fill != nil {
			fill(p)
		}
	})
}

func execVersion(r *http.Request) int {
	v, _ := strconv.Atoi(formValue(r, "version"))
	return v
}

func (h *Handler) handleExecEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	fid, err := pathID(r, "fid")
	if err != nil {
		return err
	}
	f, err := h.programme.EvidenceFile(r.Context(), programme.ActivityID(id), programme.FileID(fid))
	if err != nil {
		return err
	}
	return sendActivityFile(w, f)
}

func (h *Handler) handleExecContract(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	titles, dues, amounts := r.PostForm["ms_title"], r.PostForm["ms_due"], r.PostForm["ms_amount"]
	at := func(xs []string, i int) string {
		if i < len(xs) {
			return strings.TrimSpace(xs[i])
		}
		return ""
	}
	in := programme.ContractInput{No: formValue(r, "contract_no"), Date: formValue(r, "contract_date")}
	var rows []execContractRow
	badAmount := map[int]bool{}
	for i := range min(max(len(titles), len(dues), len(amounts)), execContractRows) {
		row := execContractRow{Title: at(titles, i), Due: at(dues, i), Amount: at(amounts, i)}
		if row.Title == "" && row.Due == "" && row.Amount == "" {
			continue
		}
		row.N = len(rows) + 1
		n, ok := execParseAmount(row.Amount)
		if !ok && row.Amount != "" {
			badAmount[row.N] = true
		}
		in.Milestones = append(in.Milestones, programme.MilestoneInput{Title: row.Title, Due: row.Due, Amount: n})
		rows = append(rows, row)
	}
	_, err = h.programme.SignContract(r.Context(), programme.ActivityID(id), execVersion(r), in)
	if err == nil {
		return h.execDone(w, r, id, text("exec.flash_contract"))
	}
	return h.execFail(w, r, id, "contract", err, func(p *executionPage) {
		for i := range rows {
			n := strconv.Itoa(rows[i].N)
			rows[i].ErrTitle, rows[i].ErrDue, rows[i].ErrAmount = p.Form.Errors["ms."+n+".title"], p.Form.Errors["ms."+n+".due"], p.Form.Errors["ms."+n+".amount"]
			if badAmount[rows[i].N] {
				rows[i].ErrAmount = fmtText(text("exec.amount_bad"), "{n}", n).In(h.lang(r))
			}
		}
		for len(rows) < execContractRows {
			rows = append(rows, execContractRow{N: len(rows) + 1})
		}
		p.Rows = rows
	})
}

// execMaxReportBody caps a progress report: five files of 10 MB and the text.
const execMaxReportBody = programme.MaxEvidenceFiles*programme.MaxEvidenceBytes + 1<<20

func (h *Handler) handleExecMilestoneReport(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	mid, err := pathID(r, "mid")
	if err != nil {
		return err
	}
	if r.ContentLength > execMaxReportBody {
		return &statusError{status: http.StatusRequestEntityTooLarge, msg: text("error.too_large")}
	}
	r.Body = http.MaxBytesReader(w, r.Body, execMaxReportBody)
	var files []programme.EvidenceUpload
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return &statusError{status: http.StatusRequestEntityTooLarge, msg: text("error.too_large"), err: err}
			}
			return badRequest(err)
		}
		for _, fh := range r.MultipartForm.File["files"] {
			if fh.Size == 0 && fh.Filename == "" {
				continue
			}
			f, err := fh.Open()
			if err != nil {
				return badRequest(err)
			}
			data, err := io.ReadAll(io.LimitReader(f, programme.MaxEvidenceBytes+1))
			f.Close()
			if err != nil {
				return badRequest(err)
			}
			files = append(files, programme.EvidenceUpload{Name: fh.Filename, Data: data})
		}
	} else if err := parseForm(r); err != nil {
		return err
	}
	pct, perr := strconv.Atoi(formValue(r, "progress"))
	if perr != nil {
		pct = -1
	}
	_, err = h.programme.ReportMilestone(r.Context(), programme.ActivityID(id), programme.MilestoneID(mid), execVersion(r),
		programme.ReportInput{Progress: pct, Report: formValue(r, "report"), Files: files})
	if err == nil {
		return h.execDone(w, r, id, text("exec.flash_report"))
	}
	return h.execFail(w, r, id, "report-"+strconv.FormatInt(mid, 10), err, nil)
}

func (h *Handler) handleExecMilestoneDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	mid, err := pathID(r, "mid")
	if err != nil {
		return err
	}
	accept := formValue(r, "decision") == "accept"
	_, err = h.programme.DecideMilestone(r.Context(), programme.ActivityID(id), programme.MilestoneID(mid), execVersion(r), accept, formValue(r, "note"))
	if err == nil {
		return h.execDone(w, r, id, text("exec.flash_decided"))
	}
	return h.execFail(w, r, id, "decide-"+strconv.FormatInt(mid, 10), err, nil)
}

func (h *Handler) handleExecDisburse(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	mid, _ := strconv.ParseInt(formValue(r, "milestone"), 10, 64)
	amount, ok := execParseAmount(formValue(r, "amount"))
	_, err = h.programme.Disburse(r.Context(), programme.ActivityID(id), execVersion(r), programme.DisbursementInput{
		MilestoneID: programme.MilestoneID(mid), Amount: amount, PaidOn: formValue(r, "paid_on"), Reference: formValue(r, "reference")})
	if err == nil {
		return h.execDone(w, r, id, text("exec.flash_disbursed"))
	}
	if fs := fault.FieldsOf(err); !ok && formValue(r, "amount") != "" && fs != nil {
		// The service saw 0 for an amount it could not read: say why.
		f := fault.Fields(fs)
		f["amount"] = text("exec.amount_nan")
		err = f.Err()
	}
	return h.execFail(w, r, id, "disburse", err, nil)
}

// execParseAmount reads an amount in đồng the Vietnamese way (vn.ParseAmount:
// "1.500.000", "1500000", "1 500 000 ₫"); false for anything else, such
// as "1,5" or "1.500,5".
func execParseAmount(s string) (int64, bool) {
	n, err := vn.ParseAmount(s)
	return n, err == nil
}

// execKPIValues reads the fields named prefix+CODE of the form.
func execKPIValues(r *http.Request, prefix string) map[string]string {
	out := map[string]string{}
	for k, v := range r.PostForm {
		if code, ok := strings.CutPrefix(k, prefix); ok && len(v) > 0 {
			out[code] = v[0]
		}
	}
	return out
}

func (h *Handler) handleExecFinal(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	_, err = h.programme.FinalReport(r.Context(), programme.ActivityID(id), execVersion(r),
		programme.FinalInput{Actuals: execKPIValues(r, "kpi."), Summary: formValue(r, "summary")})
	if err == nil {
		return h.execDone(w, r, id, text("exec.flash_final"))
	}
	return h.execFail(w, r, id, "final", err, nil)
}

func (h *Handler) handleExecFinalReturn(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	_, err = h.programme.ReturnFinal(r.Context(), programme.ActivityID(id), execVersion(r), formValue(r, "note"))
	if err == nil {
		return h.execDone(w, r, id, text("exec.flash_returned"))
	}
	return h.execFail(w, r, id, "return", err, nil)
}

func (h *Handler) handleExecVerifier(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	uid, _ := strconv.ParseInt(formValue(r, "verifier"), 10, 64)
	_, err = h.programme.AssignVerifier(r.Context(), programme.ActivityID(id), execVersion(r), auth.UserID(uid))
	if err == nil {
		return h.execDone(w, r, id, text("exec.flash_verifier"))
	}
	return h.execFail(w, r, id, "verifier", err, nil)
}

func (h *Handler) handleExecVerify(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	_, err = h.programme.VerifyKPIs(r.Context(), programme.ActivityID(id), execVersion(r),
		programme.VerifyInput{Values: execKPIValues(r, "kpi."), Notes: execKPIValues(r, "note.")})
	if err == nil {
		return h.execDone(w, r, id, text("exec.flash_verified"))
	}
	return h.execFail(w, r, id, "verify", err, nil)
}

func (h *Handler) handleExecClose(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	_, err = h.programme.CloseActivity(r.Context(), programme.ActivityID(id), execVersion(r), formValue(r, "note"))
	if err == nil {
		return h.execDone(w, r, id, text("exec.flash_closed"))
	}
	return h.execFail(w, r, id, "close", err, nil)
}
