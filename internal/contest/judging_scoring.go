package contest

import (
	"context"
	"fmt"
	"math"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// Independent scoring: an assigned judge scores each criterion, saves a
// draft, then submits (locked). Blind contests hide the entrant; before
// the consensus round a judge sees only their own scores.

// ScoreSheet is what a judge sees to score an entry.
type ScoreSheet struct {
	Contest    *Contest
	Entry      *Entry // blind: without the entrant's identity
	Blind      bool
	Assignment *Assignment
	// Others are the other judges' sheets of the entry, only from the
	// consensus round on (nil before).
	Others   []*Assignment
	Editable bool // the judge may still save or submit
}

// blindEntry returns e without the entrant's identity: no enterprise,
// tax code or province; the title becomes the entry's code when it names
// the entrant (an enterprise entry is titled with its name), and the
// name and tax code are masked in the texts.
// blindTitle is e's title as a judge of a blind contest sees it: the
// entry's code when the title names the entrant (its name or tax code).
func blindTitle(e *Entry) string {
	if e.EnterpriseName != "" && strings.Contains(e.Title, e.EnterpriseName) || e.TaxCode != "" && strings.Contains(e.Title, e.TaxCode) {
		return e.Code
	}
	return e.Title
}

func blindEntry(e *Entry) *Entry {
	b := *e
	mask := func(s string) string {
		if e.EnterpriseName != "" {
			s = strings.ReplaceAll(s, e.EnterpriseName, blindMask)
		}
		if e.TaxCode != "" {
			s = strings.ReplaceAll(s, e.TaxCode, blindMask)
		}
		return s
	}
	b.Title = blindTitle(e)
	b.SummaryMD = mask(e.SummaryMD)
	b.Form = make(map[string]string, len(e.Form))
	for k, v := range e.Form {
		b.Form[k] = mask(v)
	}
	b.KPIs = append([]EntryKPI(nil), e.KPIs...)
	for i := range b.KPIs {
		b.KPIs[i].Evidence = mask(b.KPIs[i].Evidence)
	}
	b.EnterpriseID, b.EnterpriseName, b.TaxCode, b.ProvinceCode = 0, "", "", ""
	return &b
}

// blindMask replaces the entrant's name in a blind entry's texts.
const blindMask = "[ẩn danh / hidden]"

// judgeOf reads the acting judge's assignment on entry, refusing a
// conflict of interest.
func (s *Service) judgeOf(ctx context.Context, st Store, entry EntryID) (*auth.Actor, *Contest, *Entry, *Assignment, error) {
	a, err := judgingActor(ctx)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if !auth.Can(a, auth.ActContestJudge) {
		return nil, nil, nil, nil, errNotAssigned
	}
	e, err := s.findEntry(ctx, st, entry)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	c, err := s.findContest(ctx, st, e.ContestID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if t, bad, err := s.conflictOf(ctx, st, c, e, int64(a.UserID)); err != nil {
		return nil, nil, nil, nil, err
	} else if bad {
		return nil, nil, nil, nil, conflictRefusal(t)
	}
	as, err := st.FindAssignment(ctx, e.ID, int64(a.UserID))
	if fault.Is(err, fault.NotFound) {
		return nil, nil, nil, nil, errNotAssigned
	}
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return a, c, e, as, nil
}

// Sheet returns the acting judge's score sheet of an entry they are
// assigned to.
func (s *Service) Sheet(ctx context.Context, entry EntryID) (*ScoreSheet, error) {
	_, c, e, as, err := s.judgeOf(ctx, s.store, entry)
	if err != nil {
		return nil, err
	}
	sh := &ScoreSheet{Contest: c, Entry: e, Blind: c.Blind, Assignment: as,
		Editable: c.Status == StatusJudging && as.Status != AssignSubmitted}
	if c.Blind {
		sh.Entry = blindEntry(e)
	}
	if c.Status == StatusConsensus || c.Status == StatusDecided {
		all, err := s.store.FindAssignments(ctx, AssignmentFilter{EntryID: e.ID})
		if err != nil {
			return nil, err
		}
		for _, o := range all {
			if o.UserID != as.UserID && o.Status == AssignSubmitted {
				sh.Others = append(sh.Others, o)
			}
		}
	}
	return sh, nil
}

// ScoreInput is a judge's scores of an entry.
type ScoreInput struct {
	// Marks by criterion code; a draft may leave some out, a submission
	// needs them all.
	Marks   map[string]Mark `json:"marks" doc:"Điểm và nhận xét theo mã tiêu chí (points and comment by criterion code)"`
	Comment string          `json:"comment,omitempty" required:"false" maxLength:"4000" doc:"Nhận xét chung (overall comment)"`
	Submit  bool            `json:"submit,omitempty" required:"false" doc:"Nộp và khóa phiếu chấm (submit and lock)"`
	Version int             `json:"version" doc:"Phiên bản phiếu chấm đã đọc (the sheet's version read)"`
}

// checkMarks validates marks against the rubric: each in [0, MaxPoints],
// every criterion when complete; fields are "score_<code>" and
// "comment_<code>".
func checkMarks(c *Contest, marks map[string]Mark, complete bool) (map[string]Mark, error) {
	bad := fault.Fields{}
	known := map[string]bool{}
	out := map[string]Mark{}
	for _, cr := range c.Criteria {
		known[cr.Code] = true
		m, ok := marks[cr.Code]
		if !ok {
			if complete {
				bad.Add("score_"+cr.Code, "Chấm điểm tiêu chí này trước khi nộp.", "Score this criterion before submitting.")
			}
			continue
		}
		if math.IsNaN(m.Points) || math.IsInf(m.Points, 0) || m.Points < 0 || m.Points > cr.MaxPoints {
			bad.Add("score_"+cr.Code, fmt.Sprintf("Điểm phải từ 0 đến %s.", vn.Decimal(cr.MaxPoints, 1)),
				fmt.Sprintf("The score must be between 0 and %g.", cr.MaxPoints))
		}
		m.Comment = vn.NFC(m.Comment)
		if !vn.IsText(m.Comment) {
			bad.Add("comment_"+cr.Code, badJudgingText.Vi, badJudgingText.En)
		} else if len([]rune(m.Comment)) > 2000 {
			bad.Add("comment_"+cr.Code, "Nhận xét tối đa 2000 ký tự.", "At most 2000 characters.")
		}
		out[cr.Code] = m
	}
	for code := range marks {
		if !known[code] {
			bad.Add("score_"+code, "Không có tiêu chí này trong thang điểm.", "No such criterion in the rubric.")
		}
	}
	return out, bad.Err()
}

// Score saves the acting judge's scores of an entry (a draft), or
// submits them (locked). Refused: a judge not assigned or with a conflict
// of interest, a score outside the criterion's range, outside the
// independent scoring phase, a submitted or stale sheet.
func (s *Service) Score(ctx context.Context, entry EntryID, in ScoreInput) (*Assignment, error) {
	var out *Assignment
	err := s.store.Tx(ctx, func(tx Store) error {
		// Lock the contest first, while it is judging: a phase change
		// (a forced close of independent scoring) waits for this sheet,
		// or this sheet waits for it and is then refused.
		locked := false
		if a, err := judgingActor(ctx); err == nil && auth.Can(a, auth.ActContestJudge) {
			if e, err := s.findEntry(ctx, tx, entry); err == nil {
				if locked, err = tx.LockContest(ctx, e.ContestID, StatusJudging); err != nil {
					return err
				}
			}
		}
		_, c, e, as, err := s.judgeOf(ctx, tx, entry)
		if err != nil {
			return err
		}
		if c.Status != StatusJudging || !locked {
			return fault.New(fault.Conflict, "Cuộc thi không ở vòng chấm độc lập.", "The contest is not in independent scoring.")
		}
		if as.Status == AssignSubmitted {
			return fault.New(fault.Conflict, "Phiếu chấm đã nộp và bị khóa.", "The score sheet is submitted and locked.")
		}
		marks, err := checkMarks(c, in.Marks, in.Submit)
		comment := vn.NFC(in.Comment)
		if !vn.IsText(comment) || len([]rune(comment)) > 4000 {
			f := fault.Fields{}
			f.Add("comment", "Nhận xét chung không hợp lệ (tối đa 4000 ký tự).", "The overall comment is invalid (at most 4000 characters).")
			if err != nil {
				for k, v := range fault.FieldsOf(err) {
					f.Add(k, v.Vi, v.En)
				}
			}
			err = f.Err()
		}
		if err != nil {
			return err
		}
		if in.Version != as.Version {
			return fault.New(fault.Conflict, "Phiếu chấm vừa được lưu ở nơi khác; vui lòng tải lại trang.",
				"The score sheet was saved elsewhere meanwhile; please reload the page.")
		}
		before := *as
		as.Marks, as.Comment, as.Status = marks, comment, AssignDraft
		if in.Submit {
			now := s.now()
			as.Status, as.SubmittedAt = AssignSubmitted, &now
		}
		if err := tx.UpdateAssignment(ctx, as); err != nil {
			return err
		}
		out = as
		action := "contest.score.save"
		if in.Submit {
			action = "contest.score.submit"
		}
		return s.record(ctx, tx, action, "contest_entry", int64(e.ID), &before, as)
	})
	return out, err
}

// QueueItem is one line of a judge's queue.
type QueueItem struct {
	Assignment *Assignment
	Contest    *Contest
}

// Queue is a judge's work across contests.
type Queue struct {
	ToScore   []QueueItem
	Scored    []QueueItem
	Conflicts []*Conflict
}

// JudgeQueue returns the acting judge's assignments across contests (to
// score, scored) and their declared conflicts. Anyone else gets an empty
// queue.
func (s *Service) JudgeQueue(ctx context.Context) (*Queue, error) {
	a, err := judgingActor(ctx)
	if err != nil {
		return nil, err
	}
	q := &Queue{}
	if !auth.Can(a, auth.ActContestJudge) || a.UserID == 0 {
		return q, nil
	}
	as, err := s.store.FindAssignments(ctx, AssignmentFilter{UserID: int64(a.UserID)})
	if err != nil {
		return nil, err
	}
	contests := map[ContestID]*Contest{}
	blind := map[ContestID]map[EntryID]*Entry{} // a blind contest's entries, to mask their titles
	for _, x := range as {
		c := contests[x.ContestID]
		if c == nil {
			if c, err = s.store.FindContest(ctx, x.ContestID); err != nil {
				return nil, err
			}
			contests[x.ContestID] = c
			if c.Blind {
				es, err := s.store.FindEntries(ctx, EntryFilter{ContestID: c.ID})
				if err != nil {
					return nil, err
				}
				m := make(map[EntryID]*Entry, len(es))
				for _, e := range es {
					m[e.ID] = e
				}
				blind[c.ID] = m
			}
		}
		if c.Blind {
			// Masked exactly as on the score sheet; an enterprise entry is
			// titled with the entrant's name, so always its code.
			if e := blind[c.ID][x.EntryID]; e != nil && c.EntryKind != EntryEnterprise {
				x.EntryTitle = blindTitle(e)
			} else {
				x.EntryTitle = x.EntryCode
			}
		}
		it := QueueItem{Assignment: x, Contest: c}
		if x.Status == AssignSubmitted {
			q.Scored = append(q.Scored, it)
		} else {
			q.ToScore = append(q.ToScore, it)
		}
	}
	if q.Conflicts, err = s.store.FindConflicts(ctx, AssignmentFilter{UserID: int64(a.UserID)}); err != nil {
		return nil, err
	}
	return q, nil
}

// missingList names the assignments not submitted, for a forced close.
func missingList(as []*Assignment) string {
	var b strings.Builder
	for i, a := range as {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (%s)", a.EntryCode, a.JudgeName)
	}
	return b.String()
}
