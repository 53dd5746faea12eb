package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// The results page of an assessment (the "overview" tab): its facts and
// what the actor may do with it, completion, the score per section and in
// total (points for a scheme with MaxPoints), the level, a radar of the
// sections, the items with their answers and notes, the enterprise's
// earlier assessments on the same scheme compared by section, and self
// against independent side by side.

// asmSectionRow is a section's result.
type asmSectionRow struct {
	Key       string
	Name      string
	Items     int
	Answered  int
	NA        int
	Pct       string
	Points    string
	MaxPoints string
	Scored    bool
}

// asmItemRow is an item with its answer.
type asmItemRow struct {
	Key      string
	Text     string
	Answered bool
	NA       bool
	Value    string // "3 — Tốt"
	Note     string
}

// asmSectionItems is a section's items, for the answers' list.
type asmSectionItems struct {
	Key   string
	Name  string
	Items []asmItemRow
}

// asmCompareRow is a section across assessments: one cell per column.
type asmCompareRow struct {
	Name  string
	Cells []string
	Diff  string // self vs independent: independent − self
	Sign  string // "up", "down" or ""
}

type asmShowPage struct {
	Layout
	Tabs        []assessmentTab
	ID          assessment.AssessmentID
	Version     int
	Enterprise  string
	TaxCode     string
	Province    string
	Scheme      string
	SchemeCode  string
	SchemeNo    int
	SchemeHref  string
	Mode        string
	ModeCode    string
	Status      string
	StatusCode  string
	Badge       string
	Site        string
	Assessor    string
	BasedOn     string // link to the self-assessment it is based on
	Created     time.Time
	Started     *time.Time
	Submitted   *time.Time
	Note        string
	Cancel      string
	Decision    string
	Perms       assessment.Perms
	AuditHref   string
	Answered    int
	Items       int
	Completion  int // percent
	Complete    bool
	HasResult   bool
	Total       string
	Points      string
	MaxPoints   string
	Level       string
	Provisional bool // open: the score so far
	Sections    []asmSectionRow
	Answers     []asmSectionItems
	ChartJSON   string
	HistoryHead []string
	History     []asmCompareRow
	CounterHead []string
	Counter     []asmCompareRow
	RequestHref string // the enterprise asks for an independent one on this self-assessment
	// RecogniseHref is the recognition form, for an officer who may
	// recognise the assessment now.
	RecogniseHref string
	// CertHref and CertNumber are the certificate issued on the
	// assessment, once recognised (for those who may see it).
	CertHref   string
	CertNumber string
	// NotRecognised is the reason given when it was not recognised;
	// RecognitionNote the note of a recognition.
	NotRecognised   string
	RecognitionNote string
	Lapsed          string // why the assigned assessor may no longer go on
}

// asmValueLabel writes an answer: "N/A", or the value and its label.
func asmValueLabel(lang string, sc assessment.Scale, a assessment.Answer) string {
	if a.NA {
		return text("asm.na").In(lang)
	}
	s := strconv.Itoa(a.Value)
	for _, l := range sc.Labels {
		if l.Value == a.Value {
			return s + " — " + l.Label.In(lang)
		}
	}
	return s + "/" + strconv.Itoa(sc.Max)
}

func (h *Handler) handleAssessmentShow(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	lang := h.lang(r)
	rep, err := h.assess.Report(ctx, assessment.AssessmentID(id))
	if err != nil {
		return err
	}
	x, body, res := rep.Assessment, &rep.Version.Body, rep.Result
	p := &asmShowPage{Tabs: h.withRecognitionTab(r, x, assessmentTabs(x, tabAssessment, lang), lang), ID: x.ID, Version: x.Version, Enterprise: x.EnterpriseName,
		TaxCode: x.TaxCode, Province: h.provinceName(x.ProvinceCode), Scheme: x.SchemeName.In(lang), SchemeCode: x.SchemeCode,
		SchemeNo: x.VersionNo, SchemeHref: "/schemes/" + strconv.FormatInt(int64(x.SchemeID), 10) + "/versions/" + strconv.FormatInt(int64(x.VersionID), 10),
		Mode:     x.Mode.Label().In(lang),
		ModeCode: string(x.Mode), Status: x.Status.Label().In(lang), StatusCode: string(x.Status), Badge: asmStatusBadge(x.Status),
		Site: x.Site, Assessor: x.AssessorName, Created: x.CreatedAt, Started: x.StartedAt, Submitted: x.SubmittedAt, Note: rep.Note,
		Cancel: x.CancelReason, Perms: rep.Perms, AuditHref: assessmentHref(x.ID) + "/audit", Answered: res.Answered, Items: res.Items,
		Complete: res.Complete, HasResult: x.HasResult(), Provisional: !x.HasResult()}
	if x.BasedOn != 0 {
		p.BasedOn = assessmentHref(x.BasedOn)
	}
	p.Lapsed = rep.Perms.Lapsed.In(lang)
	switch {
	case h.assess.MayRecognise(ctx, x):
		p.RecogniseHref = assessmentHref(x.ID) + tabRecognition
	case x.Status == assessment.StatusRecognised:
		p.RecognitionNote = x.RecognitionNote
		c, err := h.assess.AssessmentCertificate(ctx, x.ID)
		switch {
		case err == nil:
			p.CertHref, p.CertNumber = "/certificates/"+strconv.FormatInt(int64(c.ID), 10), c.Number
		case !fault.Is(err, fault.NotFound):
			return err
		}
	case x.Status == assessment.StatusNotRecognised:
		p.NotRecognised = x.RecognitionNote
	}
	if x.DecisionNo != "" {
		p.Decision = x.DecisionNo
		if x.DecisionDate != nil {
			p.Decision += " · " + vn.Date(*x.DecisionDate)
		}
	}
	if res.Items > 0 {
		p.Completion = res.Answered * 100 / res.Items
	}
	if p.HasResult {
		p.Total = asmPct(x.ScorePct)
		if body.MaxPoints > 0 {
			p.Points, p.MaxPoints = vn.Decimal(x.Points, 1), vn.Decimal(body.MaxPoints, 0)
		}
		if lv := body.Level(x.LevelCode); lv != nil {
			p.Level = lv.Name.In(lang)
		}
	} else if res.Answered > 0 {
		p.Total = asmPct(res.Pct)
		if body.MaxPoints > 0 {
			p.Points, p.MaxPoints = vn.Decimal(res.Points, 1), vn.Decimal(body.MaxPoints, 0)
		}
	}
	if p.HasResult && p.Level == "" {
		p.Level = text("asm.no_level").In(lang)
	}
	for _, sr := range res.Sections {
		row := asmSectionRow{Key: sr.Key, Name: sr.Name.In(lang), Items: sr.Items, Answered: sr.Answered, NA: sr.NA, Scored: sr.Scored}
		if sr.Scored {
			row.Pct = asmPct(sr.Pct)
		}
		if body.MaxPoints > 0 {
			row.Points, row.MaxPoints = vn.Decimal(sr.Points, 1), vn.Decimal(sr.MaxPoints, 0)
		}
		p.Sections = append(p.Sections, row)
	}
	for _, s := range body.Sections {
		g := asmSectionItems{Key: s.Key, Name: s.Name.In(lang)}
		for _, it := range s.Items {
			_, sc, _ := body.Item(it.Key)
			row := asmItemRow{Key: it.Key, Text: it.Text.In(lang)}
			if a, ok := rep.Answers[it.Key]; ok {
				row.Answered, row.NA, row.Value, row.Note = true, a.NA, asmValueLabel(lang, sc, a), a.Note
			}
			g.Items = append(g.Items, row)
		}
		p.Answers = append(p.Answers, g)
	}
	if x.Mode == assessment.ModeSelf && x.Status == assessment.StatusSubmitted && h.assessCanRequest(r) {
		p.RequestHref = "/assessments/request?based_on=" + strconv.FormatInt(int64(x.ID), 10)
	}
	h.asmCompare(p, lang, rep)
	if len(res.Sections) >= 3 && res.Answered > 0 {
		if err := h.asmRadar(p, lang, rep); err != nil {
			return err
		}
	}
	return h.render(w, r, http.StatusOK, "assessment_show", fault.Text{Vi: x.EnterpriseName + " · " + x.SchemeName.Vi,
		En: x.EnterpriseName + " · " + x.SchemeName.En}, p)
}

// assessCanRequest reports whether the actor represents an enterprise
// (and may ask for an independent assessment).
func (h *Handler) assessCanRequest(r *http.Request) bool {
	_, err := selfAssessor(r)
	return err == nil
}

// asmDate is the day an assessment was submitted (or created).
func asmDate(x *assessment.Assessment) string {
	if x.SubmittedAt != nil {
		return vn.Date(*x.SubmittedAt)
	}
	return vn.Date(x.CreatedAt)
}

// asmCompare fills the history table (sections × earlier assessments
// and this one, by section key across versions) and the self against
// independent table.
func (h *Handler) asmCompare(p *asmShowPage, lang string, rep *assessment.Report) {
	res := rep.Result
	cur := map[string]float64{}
	for _, sr := range res.Sections {
		if sr.Scored {
			cur[sr.Key] = sr.Pct
		}
	}
	cell := func(m map[string]float64, key string) string {
		if v, ok := m[key]; ok {
			return asmPct(v)
		}
		return "—"
	}
	if len(rep.History) > 0 {
		for _, past := range rep.History {
			p.HistoryHead = append(p.HistoryHead, asmDate(past.Assessment)+" · "+text("asm.version_short").In(lang)+strconv.Itoa(past.Assessment.VersionNo))
		}
		p.HistoryHead = append(p.HistoryHead, text("asm.this_one").In(lang))
		for _, sr := range res.Sections {
			row := asmCompareRow{Name: sr.Name.In(lang)}
			for _, past := range rep.History {
				row.Cells = append(row.Cells, cell(past.BySection, sr.Key))
			}
			row.Cells = append(row.Cells, cell(cur, sr.Key))
			p.History = append(p.History, row)
		}
		total := asmCompareRow{Name: text("asm.total").In(lang)}
		for _, past := range rep.History {
			total.Cells = append(total.Cells, asmPct(past.Assessment.ScorePct))
		}
		if p.Total != "" {
			total.Cells = append(total.Cells, p.Total)
		} else {
			total.Cells = append(total.Cells, "—")
		}
		p.History = append(p.History, total)
	}
	if cp := rep.Counterpart; cp != nil {
		self, ind := cp.BySection, cur
		selfTotal, indTotal := cp.Assessment.ScorePct, res.Pct
		selfX, indX := cp.Assessment, rep.Assessment
		if rep.Assessment.Mode == assessment.ModeSelf {
			self, ind, selfTotal, indTotal, selfX, indX = cur, cp.BySection, res.Pct, cp.Assessment.ScorePct, rep.Assessment, cp.Assessment
		}
		p.CounterHead = []string{text("asm.self_col").In(lang) + " · " + asmDate(selfX), text("asm.independent_col").In(lang) + " · " + asmDate(indX)}
		diff := func(row *asmCompareRow, a, b float64) {
			d := b - a
			row.Diff = vn.Decimal(d, 1)
			switch {
			case d > 0.05:
				row.Diff, row.Sign = "+"+row.Diff, "up"
			case d < -0.05:
				row.Sign = "down"
			}
		}
		for _, sr := range res.Sections {
			row := asmCompareRow{Name: sr.Name.In(lang), Cells: []string{cell(self, sr.Key), cell(ind, sr.Key)}}
			a, okA := self[sr.Key]
			b, okB := ind[sr.Key]
			if okA && okB {
				diff(&row, a, b)
			}
			p.Counter = append(p.Counter, row)
		}
		total := asmCompareRow{Name: text("asm.total").In(lang), Cells: []string{asmPct(selfTotal), asmPct(indTotal)}}
		diff(&total, selfTotal, indTotal)
		p.Counter = append(p.Counter, total)
	}
}

// asmRadar draws the sections' percentages (and the counterpart's, or
// the latest earlier assessment's) on a radar.
func (h *Handler) asmRadar(p *asmShowPage, lang string, rep *assessment.Report) error {
	var indicators, cur []any
	for _, sr := range rep.Result.Sections {
		indicators = append(indicators, map[string]any{"name": twoLines(sr.Name.In(lang)), "max": 100, "min": 0})
		cur = append(cur, vnRound(sr.Pct))
	}
	name := rep.Assessment.Mode.Label().In(lang)
	data := []any{map[string]any{"value": cur, "name": name, "areaStyle": map[string]any{"opacity": 0.25}}}
	legend := []any{name}
	other := rep.Counterpart
	if other == nil && len(rep.History) > 0 {
		other = &rep.History[len(rep.History)-1]
	}
	if other != nil {
		var vals []any
		for _, sr := range rep.Result.Sections {
			vals = append(vals, vnRound(other.BySection[sr.Key]))
		}
		oname := other.Assessment.Mode.Label().In(lang) + " " + asmDate(other.Assessment)
		data = append(data, map[string]any{"value": vals, "name": oname, "lineStyle": map[string]any{"type": "dashed"}})
		legend = append(legend, oname)
	}
	chart := map[string]any{
		"baseOption": map[string]any{
			"color":   []string{"#b3261e", "#12355b"},
			"tooltip": map[string]any{},
			"legend":  map[string]any{"data": legend, "bottom": 0},
			"radar": map[string]any{"indicator": indicators, "radius": "62%", "center": []string{"50%", "48%"}, "splitNumber": 4,
				"axisName": map[string]any{"fontSize": 12, "color": "#333", "lineHeight": 14}},
			"series": []any{map[string]any{"type": "radar", "data": data}},
		},
		"media": []any{map[string]any{"query": map[string]any{"maxWidth": 520},
			"option": map[string]any{"radar": map[string]any{"radius": "42%", "axisName": map[string]any{"fontSize": 10, "lineHeight": 12}}}}},
	}
	b, err := json.Marshal(chart)
	if err != nil {
		return fault.Internalf("assessment radar: %w", err)
	}
	p.ChartJSON, p.Charts = string(b), true
	return nil
}

// vnRound rounds a percentage to one decimal for a chart.
func vnRound(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }
