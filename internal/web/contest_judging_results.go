package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"nscl/internal/contest"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// The consensus round, the results and the feedback report.

// ---- consensus ----

type jdConsensusCell struct {
	Code   string
	Max    string
	Min    string
	Hi     string
	Mean   string
	Final  string
	Value  string // the recorded consensus, "" for none
	Judges []string
	Spread bool // the judges differ by more than a fifth of the criterion's points
}

type jdConsensusRow struct {
	ID         contest.EntryID
	Code       string
	Title      string
	Entrant    string
	Judges     []string
	Totals     []string
	Spread     string
	Raw        string
	Normalised string
	Final      string
	Cells      []jdConsensusCell
	Note       string
	Version    int
	Action     string
	Recorded   bool
}

type jdConsensusPage struct {
	Layout
	Contest  contest.Contest
	Href     string
	Status   string
	Criteria []contest.Criterion
	Rows     []jdConsensusRow
	Editable bool
	Form     formErrors
	FailedID contest.EntryID
}

func (h *Handler) renderConsensus(w http.ResponseWriter, r *http.Request, status int, id contest.ContestID, failed contest.EntryID, fe formErrors) error {
	v, err := h.contest.ConsensusRound(r.Context(), id)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	c := v.Contest
	p := &jdConsensusPage{Contest: *c, Href: jdContestHref(c.ID), Status: c.Status.Label().In(lang), Criteria: c.Criteria, Editable: v.Editable,
		Form: fe, FailedID: failed}
	for _, row := range v.Rows {
		cr := jdConsensusRow{ID: row.Entry.ID, Code: row.Entry.Code, Title: row.Entry.Title, Entrant: row.Entry.EnterpriseName,
			Spread: jdPts(row.Spread), Action: jdEntryHref(row.Entry.ID) + "/consensus"}
		for _, sh := range row.Sheets {
			cr.Judges = append(cr.Judges, sh.JudgeName)
			cr.Totals = append(cr.Totals, sh.JudgeName+": "+jdPts(sh.Total()))
		}
		if row.Result != nil && row.Result.Judges > 0 {
			cr.Raw, cr.Normalised, cr.Final = jdPts(row.Result.Raw), jdPts(row.Result.Normalised), jdPts(row.Result.Final)
		}
		if row.Consensus != nil {
			cr.Note, cr.Version, cr.Recorded = row.Consensus.Note, row.Consensus.Version, true
		}
		for i, k := range c.Criteria {
			cell := jdConsensusCell{Code: k.Code, Max: jdPts(k.MaxPoints), Min: jdPts(row.Min[i]), Hi: jdPts(row.Max[i]), Mean: jdPts(row.Mean[i]),
				Spread: row.Max[i]-row.Min[i] > k.MaxPoints/5}
			if row.Result != nil && i < len(row.Result.Criteria) {
				cell.Final = jdPts(row.Result.Criteria[i])
			}
			for _, sh := range row.Sheets {
				cell.Judges = append(cell.Judges, jdPts(sh.Marks[k.Code].Points))
			}
			if row.Consensus != nil {
				if x, ok := row.Consensus.Scores[k.Code]; ok {
					cell.Value = strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)
				}
			}
			cr.Cells = append(cr.Cells, cell)
		}
		p.Rows = append(p.Rows, cr)
	}
	return h.render(w, r, status, "contest_consensus", fault.Text{Vi: "Vòng đồng thuận — " + c.Title, En: "Consensus round — " + c.Title}, p)
}

func (h *Handler) handleConsensus(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.renderConsensus(w, r, http.StatusOK, contest.ContestID(id), 0, formErrors{})
}

func (h *Handler) handleRecordConsensus(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	cid, _ := strconv.ParseInt(formValue(r, "contest_id"), 10, 64)
	in := contest.ConsensusInput{Scores: map[string]float64{}, Note: r.PostFormValue("note")}
	in.Version, _ = strconv.Atoi(formValue(r, "version"))
	bad := fault.Fields{}
	for k, vs := range r.PostForm {
		if len(k) > 6 && k[:6] == "score_" && len(vs) > 0 && vs[0] != "" {
			f, err := vn.ParseDecimal(vs[0])
			if err != nil {
				bad.Add(k, "Điểm không phải là số.", "The score is not a number.")
				continue
			}
			in.Scores[k[6:]] = f
		}
	}
	err = bad.Err()
	if err == nil {
		err = h.contest.RecordConsensus(r.Context(), contest.EntryID(id), in)
	}
	if err != nil {
		if cid > 0 && isFormError(err) {
			return h.renderConsensus(w, r, formStatus(err), contest.ContestID(cid), contest.EntryID(id), newFormErrors(h.lang(r), err, nil))
		}
		return err
	}
	h.flash(r.Context(), "success", text("judging.flash_consensus"))
	redirect(w, r, jdContestHref(contest.ContestID(cid))+"/consensus")
	return nil
}

// ---- results ----

type jdResultRow struct {
	Category   string
	Rank       int
	RawRank    int
	Change     string
	ChangeDir  string // "up", "down", ""
	Code       string
	Title      string
	Entrant    string
	Raw        string
	Normalised string
	Final      string
	Award      string
	Consensus  bool
	Judges     int
	Feedback   string
}

type jdLeniencyRow struct {
	Name                         string
	Entries                      int
	Mean, SD                     string
	Points, SDUnits              string
	ConsensusPoints, ConsensusSD string
}

type jdResultsPage struct {
	Layout
	Contest   contest.Contest
	Href      string
	Status    string
	Full      bool
	Published bool
	Frozen    bool
	PublishOn string
	Rows      []jdResultRow
	Mean, SD  string
	Leniency  []jdLeniencyRow
	Chart     string // ECharts option JSON
	Phases    []jdPhaseRow
}

func (h *Handler) handleResults(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := h.contest.Results(r.Context(), contest.ContestID(id))
	if err != nil {
		return err
	}
	lang := h.lang(r)
	c := v.Contest
	p := &jdResultsPage{Contest: *c, Href: jdContestHref(c.ID), Status: c.Status.Label().In(lang), Full: v.Full, Published: v.Published,
		Frozen: v.Frozen, PublishOn: vn.Date(c.PublishOn), Mean: jdPts(v.Mean), SD: jdPts(v.SD)}
	for _, x := range v.Rows {
		row := jdResultRow{Category: x.Category, Rank: x.Rank, RawRank: x.RawRank, Code: x.Code, Title: x.Title, Entrant: x.EnterpriseName,
			Final: jdPts(x.Final), Award: x.Award, Consensus: x.Consensus, Judges: x.Judges}
		if v.Full {
			row.Raw, row.Normalised = jdPts(x.Raw), jdPts(x.Normalised)
			if ch := x.RankChange(); ch != 0 {
				row.Change = jdSigned(float64(ch), 0)
				row.ChangeDir = map[bool]string{true: "up", false: "down"}[ch > 0]
			}
			if v.Frozen {
				row.Feedback = jdEntryHref(x.ID) + "/feedback"
			}
		}
		p.Rows = append(p.Rows, row)
	}
	if v.Full {
		names := []string{}
		ind, cons := []float64{}, []float64{}
		for _, l := range v.Judges {
			name := v.Names[l.JudgeID]
			p.Leniency = append(p.Leniency, jdLeniencyRow{Name: name, Entries: l.Entries, Mean: jdPts(l.Mean), SD: jdPts(l.SD), Points: jdSigned(l.Points, 1),
				SDUnits: jdSigned(l.SDUnits, 2), ConsensusPoints: jdSigned(l.ConsensusPoints, 1), ConsensusSD: jdSigned(l.ConsensusSDUnits, 2)})
			names = append(names, name)
			ind = append(ind, jdRound2(l.SDUnits))
			cons = append(cons, jdRound2(l.ConsensusSDUnits))
		}
		if len(names) > 0 {
			opt := map[string]any{
				"tooltip": map[string]any{"trigger": "axis"},
				"legend":  map[string]any{"data": []string{text("judging.round_independent").In(lang), text("judging.round_consensus").In(lang)}},
				"grid":    map[string]any{"left": 140, "right": 20, "top": 30, "bottom": 30},
				"xAxis":   map[string]any{"type": "value", "name": "SD"},
				"yAxis":   map[string]any{"type": "category", "data": names},
				"series": []map[string]any{
					{"name": text("judging.round_independent").In(lang), "type": "bar", "data": ind},
					{"name": text("judging.round_consensus").In(lang), "type": "bar", "data": cons},
				},
			}
			b, _ := json.Marshal(opt)
			p.Chart = string(b)
			p.Layout.Charts = true
		}
		for _, ph := range v.Phases {
			p.Phases = append(p.Phases, jdPhaseRow{From: ph.From.Label().In(lang), To: ph.To.Label().In(lang), Note: ph.Note, Forced: ph.Forced,
				At: vn.DateTime(ph.At)})
		}
	}
	return h.render(w, r, http.StatusOK, "contest_results", fault.Text{Vi: "Kết quả — " + c.Title, En: "Results — " + c.Title}, p)
}

func jdRound2(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 2, 64), 64)
	return v
}

// ---- feedback ----

type jdFeedbackLine struct {
	Code, Name, Max, Mean, Min, Hi, Final string
	Comments                              []string
}

type jdFeedbackBar struct {
	Label string
	Count int
	Width int // tenths of the largest bar (0–10), for the CSS class
	Mine  bool
}

type jdFeedbackPage struct {
	Layout
	Contest  string
	Href     string
	Code     string
	Title    string
	Entrant  string
	Category string
	Judges   int
	Rank     int
	Ranked   int
	Award    string
	Final    string
	MaxTotal string
	Lines    []jdFeedbackLine
	Comments []string
	Bars     []jdFeedbackBar
	XLSX     string
}

func (h *Handler) handleFeedback(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	f, err := h.contest.Feedback(r.Context(), contest.EntryID(id))
	if err != nil {
		return err
	}
	p := &jdFeedbackPage{Contest: f.Contest.Title, Href: jdContestHref(f.Contest.ID), Code: f.Entry.Code, Title: f.Entry.Title,
		Entrant: f.Entry.EnterpriseName, Category: f.Category, Judges: f.Judges, Ranked: f.Ranked, Comments: f.Comments,
		MaxTotal: jdPts(f.Contest.MaxPoints), XLSX: jdEntryHref(f.Entry.ID) + "/feedback.xlsx"}
	mine := -1
	if f.Result != nil {
		p.Rank, p.Award, p.Final = f.Result.Rank, f.Result.Award, jdPts(f.Result.Final)
		if f.Contest.MaxPoints > 0 {
			mine = min(max(int(f.Result.Final/f.Contest.MaxPoints*10), 0), 9)
		}
	}
	for _, l := range f.Lines {
		p.Lines = append(p.Lines, jdFeedbackLine{Code: l.Criterion.Code, Name: l.Criterion.Name, Max: jdPts(l.Criterion.MaxPoints), Mean: jdPts(l.Mean),
			Min: jdPts(l.Min), Hi: jdPts(l.Max), Final: jdPts(l.Final), Comments: l.Comments})
	}
	top := 1
	for _, n := range f.Distribution {
		top = max(top, n)
	}
	for i, n := range f.Distribution {
		p.Bars = append(p.Bars, jdFeedbackBar{Label: strconv.Itoa(i*10) + "–" + strconv.Itoa(i*10+10) + " %", Count: n,
			Width: n * 10 / top, Mine: i == mine})
	}
	return h.render(w, r, http.StatusOK, "entry_feedback", fault.Text{Vi: "Báo cáo phản hồi " + f.Entry.Code, En: "Feedback report " + f.Entry.Code}, p)
}

// handleFeedbackXLSX downloads the feedback report: one row per
// criterion (the judges anonymous), the overall comments after.
func (h *Handler) handleFeedbackXLSX(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	f, err := h.contest.Feedback(r.Context(), contest.EntryID(id))
	if err != nil {
		return err
	}
	t := &xlsxTable{Sheet: text("judging.feedback"), File: "phan-hoi-" + strings.ToLower(f.Entry.Code), Cols: []xlsxCol{
		{Label: text("judging.criterion"), Width: 40}, {Label: text("judging.max"), Kind: xDec, Width: 10},
		{Label: text("judging.mean"), Kind: xDec, Width: 12}, {Label: fault.Text{Vi: "Thấp nhất", En: "Min"}, Kind: xDec, Width: 11},
		{Label: fault.Text{Vi: "Cao nhất", En: "Max"}, Kind: xDec, Width: 11}, {Label: text("judging.final"), Kind: xDec, Width: 14},
		{Label: text("judging.comment"), Width: 80}}}
	for _, l := range f.Lines {
		t.add(l.Criterion.Code+" "+l.Criterion.Name, l.Criterion.MaxPoints, l.Mean, l.Min, l.Max, l.Final, strings.Join(l.Comments, " | "))
	}
	for _, c := range f.Comments {
		t.add(text("judging.overall_comment").In(h.lang(r)), nil, nil, nil, nil, nil, c)
	}
	return h.writeXLSX(w, r, t)
}
