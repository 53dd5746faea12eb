package contest

import (
	"context"
	"math"

	"nscl/internal/auth"
	"nscl/internal/fault"
)

// ResultRow is one entry of a results page.
type ResultRow struct {
	Ranked
	Code, Title    string
	EnterpriseName string
	Category       string
}

// ResultsView is a contest's results: to the public once published, the
// awarded entries only (rank, award, final score); to its organisers from
// the start of judging, every entry with the raw and the normalised
// ranking and the judges' leniency.
type ResultsView struct {
	Contest   *Contest
	Full      bool // the organiser's view
	Published bool
	Frozen    bool // decided: the stored results (else computed live)
	Rows      []ResultRow
	Mean, SD  float64
	Judges    []Leniency
	Names     map[int64]string // judges' names
	Phases    []*PhaseChange
}

var errResultsHidden = fault.New(fault.NotFound, "Kết quả cuộc thi chưa được công bố.", "The contest's results are not published yet.")

// Results returns a contest's results as the actor may see them.
func (s *Service) Results(ctx context.Context, id ContestID) (*ResultsView, error) {
	a := auth.ActorFrom(ctx)
	c, err := s.findContest(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	v := &ResultsView{Contest: c, Published: c.Published(s.now()), Frozen: c.Status == StatusDecided,
		Full: MayOrganise(a, c) && (c.Status == StatusJudging || c.Status == StatusConsensus || c.Status == StatusDecided)}
	if !v.Full && !v.Published {
		return nil, errResultsHidden
	}
	sc, err := s.loadScored(ctx, s.store, c)
	if err != nil {
		return nil, err
	}
	live := sc.rank(c)
	rows := live.Entries
	if v.Frozen {
		if rows, err = s.store.FindResults(ctx, c.ID); err != nil {
			return nil, err
		}
	}
	if v.Full {
		v.Mean, v.SD, v.Judges = live.Mean, live.SD, live.Judges
		js, err := s.store.FindJudges(ctx, c.ID, 0)
		if err != nil {
			return nil, err
		}
		v.Names = map[int64]string{}
		for _, j := range js {
			v.Names[j.UserID] = j.Name
		}
		for _, as := range sc.sheets {
			for _, x := range as {
				if v.Names[x.UserID] == "" {
					v.Names[x.UserID] = x.JudgeName
				}
			}
		}
		if v.Phases, err = s.store.FindPhases(ctx, c.ID); err != nil {
			return nil, err
		}
	}
	cats := map[CategoryID]string{}
	for _, k := range c.Categories {
		cats[k.ID] = k.Name
	}
	for _, r := range rows {
		if !v.Full && r.AwardTier < 0 {
			continue
		}
		e := sc.byID[r.ID]
		if e == nil {
			if e, err = s.store.FindEntry(ctx, r.ID); err != nil {
				return nil, err
			}
		}
		row := ResultRow{Ranked: r, Code: e.Code, Title: e.Title, EnterpriseName: e.EnterpriseName, Category: cats[r.CategoryID]}
		if !v.Full {
			row.Raw, row.Normalised, row.RawRank, row.Criteria = 0, 0, 0, nil
		}
		v.Rows = append(v.Rows, row)
	}
	return v, nil
}

// FeedbackLine is one criterion of a feedback report.
type FeedbackLine struct {
	Criterion Criterion
	Mean      float64 // mean of the judges' raw scores
	Min, Max  float64
	Final     float64 // after normalisation and consensus
	Comments  []string
}

// Feedback is an entrant's feedback report.
type Feedback struct {
	Contest  *Contest
	Entry    *Entry
	Category string
	Lines    []FeedbackLine
	Comments []string // overall comments, anonymous
	Judges   int
	Result   *Ranked
	Ranked   int // entries ranked in the category
	// Distribution counts the category's final scores in tenths of the
	// contest's maximum (0–10 %, …, 90–100 %).
	Distribution [10]int
}

// Feedback returns the feedback report of an entry: to the entrant's
// users once the results are published, to the organisers once decided.
// The judges stay anonymous.
func (s *Service) Feedback(ctx context.Context, entry EntryID) (*Feedback, error) {
	a, err := judgingActor(ctx)
	if err != nil {
		return nil, err
	}
	e, err := s.findEntry(ctx, s.store, entry)
	if err != nil {
		return nil, err
	}
	c, err := s.findContest(ctx, s.store, e.ContestID)
	if err != nil {
		return nil, err
	}
	org := MayOrganise(a, c)
	own := auth.Allowed(a, auth.ActContestEnter, auth.Scope{EnterpriseID: int64(e.EnterpriseID)}) && a.EnterpriseID == int64(e.EnterpriseID)
	switch {
	case !org && !own:
		return nil, fault.New(fault.Forbidden, "Chỉ doanh nghiệp dự thi và ban tổ chức xem báo cáo phản hồi.",
			"Only the entrant and the organisers see the feedback report.")
	case c.Status != StatusDecided || (!org && !c.Published(s.now())):
		return nil, fault.New(fault.NotFound, "Báo cáo phản hồi có từ ngày công bố kết quả.", "The feedback report is available from the results' publication.")
	}
	res, err := s.store.FindResults(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	f := &Feedback{Contest: c, Entry: e}
	for _, k := range c.Categories {
		if k.ID == e.CategoryID {
			f.Category = k.Name
		}
	}
	for i := range res {
		r := &res[i]
		if r.CategoryID != e.CategoryID || r.Rank == 0 {
			if r.ID == e.ID {
				f.Result = r
			}
			continue
		}
		f.Ranked++
		if c.MaxPoints > 0 {
			b := int(math.Floor(r.Final / c.MaxPoints * 10))
			f.Distribution[min(max(b, 0), 9)]++
		}
		if r.ID == e.ID {
			f.Result = r
		}
	}
	as, err := s.store.FindAssignments(ctx, AssignmentFilter{EntryID: e.ID})
	if err != nil {
		return nil, err
	}
	var sheets []*Assignment
	for _, x := range as {
		if x.Status == AssignSubmitted {
			sheets = append(sheets, x)
			if x.Comment != "" {
				f.Comments = append(f.Comments, x.Comment)
			}
		}
	}
	f.Judges = len(sheets)
	for i, cr := range c.Criteria {
		l := FeedbackLine{Criterion: cr}
		for k, x := range sheets {
			m := x.Marks[cr.Code]
			if k == 0 || m.Points < l.Min {
				l.Min = m.Points
			}
			if k == 0 || m.Points > l.Max {
				l.Max = m.Points
			}
			l.Mean += m.Points / float64(len(sheets))
			if m.Comment != "" {
				l.Comments = append(l.Comments, m.Comment)
			}
		}
		if f.Result != nil && i < len(f.Result.Criteria) {
			l.Final = f.Result.Criteria[i]
		}
		f.Lines = append(f.Lines, l)
	}
	return f, nil
}
