package contest

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// Phases, the consensus round and the results of a contest.

// PhaseInput moves a contest to its next phase.
type PhaseInput struct {
	To      Status `json:"to" enum:"judging,consensus,decided" doc:"Giai đoạn tiếp theo (the next phase)"`
	Force   bool   `json:"force,omitempty" required:"false" doc:"Đóng vòng chấm dù còn phiếu chưa nộp (close scoring with sheets missing)"`
	Note    string `json:"note,omitempty" required:"false" maxLength:"2000" doc:"Ghi chú, bắt buộc khi buộc đóng (note, required when forcing)"`
	Version int    `json:"version" doc:"Phiên bản cuộc thi đã đọc (the contest's version read)"`
}

var nextPhase = map[Status]Status{StatusAnnounced: StatusJudging, StatusJudging: StatusConsensus, StatusConsensus: StatusDecided}

// ChangePhase moves a contest the actor organises to its next phase:
// announced → judging (entries close; only accepted entries are judged),
// judging → consensus (every assignment submitted, or forced with a note,
// which lists the missing sheets), consensus → decided (results computed
// and frozen, awards set, one honour per awarded entry).
func (s *Service) ChangePhase(ctx context.Context, id ContestID, in PhaseInput) error {
	in.Note = vn.NFC(in.Note)
	if !vn.IsText(in.Note) || len([]rune(in.Note)) > 2000 {
		return fault.New(fault.Invalid, "Ghi chú không hợp lệ (tối đa 2000 ký tự).", "The note is invalid (at most 2000 characters).").
			Field("note", "Ghi chú không hợp lệ (tối đa 2000 ký tự).", "The note is invalid (at most 2000 characters).")
	}
	err := s.store.Tx(ctx, func(tx Store) error {
		// Lock the contest first, in the phase it leaves: a score or a
		// consensus score being saved finishes before (and is counted),
		// or waits and is refused after.
		locked := false
		for from, to := range nextPhase {
			if to == in.To {
				var err error
				if locked, err = tx.LockContest(ctx, id, from); err != nil {
					return err
				}
			}
		}
		c, a, err := s.organised(ctx, tx, id)
		if err != nil {
			return err
		}
		if nextPhase[c.Status] != in.To || in.To == "" || !locked {
			return fault.New(fault.Conflict, fmt.Sprintf("Không chuyển được từ “%s” sang “%s”.", c.Status.Label().Vi, in.To.Label().Vi),
				fmt.Sprintf("The contest cannot move from “%s” to “%s”.", c.Status.Label().En, in.To.Label().En))
		}
		if in.Version != c.Version {
			return fault.New(fault.Conflict, "Cuộc thi vừa được người khác thay đổi; vui lòng tải lại trang.",
				"Someone else changed the contest meanwhile; please reload the page.")
		}
		p := &PhaseChange{ContestID: c.ID, From: c.Status, To: in.To, Note: in.Note, By: int64(a.UserID), At: s.now()}
		switch in.To {
		case StatusConsensus:
			as, err := tx.FindAssignments(ctx, AssignmentFilter{ContestID: c.ID})
			if err != nil {
				return err
			}
			if len(as) == 0 {
				return fault.New(fault.Conflict, "Chưa có phiếu chấm nào.", "No entry has been assigned to a judge yet.")
			}
			var missing []*Assignment
			for _, x := range as {
				if x.Status != AssignSubmitted {
					missing = append(missing, x)
				}
			}
			if len(missing) > 0 {
				list := missingList(missing)
				if !in.Force {
					return fault.New(fault.Conflict, fmt.Sprintf("Còn %d phiếu chấm chưa nộp: %s. Hãy chờ hoặc buộc đóng vòng chấm kèm ghi chú.", len(missing), list),
						fmt.Sprintf("%d score sheets are not submitted: %s. Wait, or force the close with a note.", len(missing), list))
				}
				if in.Note == "" {
					return fault.New(fault.Invalid, "Buộc đóng vòng chấm cần ghi chú lý do.", "Forcing the close needs a note.").
						Field("note", "Nêu lý do buộc đóng vòng chấm.", "Give the reason for forcing the close.")
				}
				p.Forced = true
				p.Note = in.Note + " — Phiếu chưa nộp (missing): " + list
			}
		case StatusDecided:
			if err := s.decide(ctx, tx, c); err != nil {
				return err
			}
		}
		if _, err := tx.SetContestStatus(ctx, c.ID, c.Version, in.To); err != nil {
			return err
		}
		if err := tx.AddPhase(ctx, p); err != nil {
			return err
		}
		return s.record(ctx, tx, "contest.phase", "contest", int64(c.ID), map[string]Status{"status": c.Status}, p)
	})
	if err == nil && in.To == StatusDecided {
		s.honoursChanged() // the public roll's caches
	}
	return err
}

// scored is what a ranking of a contest is computed from.
type scored struct {
	entries   []*Entry
	byID      map[EntryID]*Entry
	sheets    map[EntryID][]*Assignment // submitted sheets
	consensus map[EntryID]*Consensus
}

func (s *Service) loadScored(ctx context.Context, st Store, c *Contest) (*scored, error) {
	sc := &scored{byID: map[EntryID]*Entry{}, sheets: map[EntryID][]*Assignment{}, consensus: map[EntryID]*Consensus{}}
	var err error
	if sc.entries, err = st.FindEntries(ctx, EntryFilter{ContestID: c.ID, Statuses: []EntryStatus{EntryAccepted}}); err != nil {
		return nil, err
	}
	for _, e := range sc.entries {
		sc.byID[e.ID] = e
	}
	as, err := st.FindAssignments(ctx, AssignmentFilter{ContestID: c.ID})
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		if a.Status == AssignSubmitted {
			sc.sheets[a.EntryID] = append(sc.sheets[a.EntryID], a)
		}
	}
	cs, err := st.FindConsensus(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for _, x := range cs {
		sc.consensus[x.EntryID] = x
	}
	return sc, nil
}

// rank computes c's ranking from sc.
func (sc *scored) rank(c *Contest) *Ranking {
	in := make([]RankEntry, 0, len(sc.entries))
	for _, e := range sc.entries {
		re := RankEntry{ID: e.ID, CategoryID: e.CategoryID}
		if e.SubmittedAt != nil {
			re.SubmittedAt = *e.SubmittedAt
		}
		for _, a := range sc.sheets[e.ID] {
			scores := make([]float64, len(c.Criteria))
			for i, cr := range c.Criteria {
				scores[i] = a.Marks[cr.Code].Points
			}
			re.Sheets = append(re.Sheets, RankSheet{JudgeID: a.UserID, Scores: scores})
		}
		if x := sc.consensus[e.ID]; x != nil && len(x.Scores) > 0 {
			re.Consensus = make([]float64, len(c.Criteria))
			for i, cr := range c.Criteria {
				re.Consensus[i] = math.NaN()
				if v, ok := x.Scores[cr.Code]; ok {
					re.Consensus[i] = v
				}
			}
		}
		in = append(in, re)
	}
	return Rank(c.Criteria, c.Categories, in)
}

// decide freezes c's results and creates the honours of its awards.
func (s *Service) decide(ctx context.Context, tx Store, c *Contest) error {
	sc, err := s.loadScored(ctx, tx, c)
	if err != nil {
		return err
	}
	r := sc.rank(c)
	if err := tx.SaveResults(ctx, c.ID, r.Entries); err != nil {
		return err
	}
	cats := map[CategoryID]*Category{}
	for i := range c.Categories {
		cats[c.Categories[i].ID] = &c.Categories[i]
	}
	for _, x := range r.Entries {
		if x.AwardTier < 0 {
			continue
		}
		e := sc.byID[x.ID]
		award := x.Award
		if cat := cats[x.CategoryID]; cat != nil {
			award += " — " + cat.Name
		}
		slug, err := s.honourSlug(ctx, tx, c.Year, e.Title)
		if err != nil {
			return err
		}
		h := &Honour{Year: c.Year, Kind: c.EntryKind, EnterpriseID: e.EnterpriseID, Title: e.Title, Award: award, ContestID: c.ID,
			EntryID: e.ID, Rank: x.Rank, Score: math.Round(x.Final*100) / 100, SummaryMD: e.SummaryMD, KPIs: e.KPIs, Slug: slug,
			PublishedOn: c.PublishOn, CreatedAt: s.now()}
		if err := tx.CreateHonour(ctx, h); err != nil {
			return err
		}
	}
	return nil
}

// honourSlug returns a slug from title (Slug, honours.go) not yet taken
// in year.
func (s *Service) honourSlug(ctx context.Context, st Store, year int, title string) (string, error) {
	base := Slug(title)
	for n := 1; ; n++ {
		slug := base
		if n > 1 {
			slug = base + "-" + strconv.Itoa(n)
		}
		taken, err := st.HonourSlugTaken(ctx, year, slug)
		if err != nil || !taken {
			return slug, err
		}
	}
}

// ConsensusInput is the organiser's consensus scores of an entry:
// criteria left out keep the normalised mean.
type ConsensusInput struct {
	Scores  map[string]float64 `json:"scores" doc:"Điểm đồng thuận theo mã tiêu chí (by criterion code); bỏ trống để dùng điểm chuẩn hóa"`
	Note    string             `json:"note,omitempty" required:"false" maxLength:"2000" doc:"Ghi chú (note)"`
	Version int                `json:"version" doc:"Phiên bản đã đọc, 0 khi chưa có (the version read, 0 for none)"`
}

// RecordConsensus records the consensus scores of an entry of a contest
// the actor organises, in the consensus round.
func (s *Service) RecordConsensus(ctx context.Context, entry EntryID, in ConsensusInput) error {
	return s.store.Tx(ctx, func(tx Store) error {
		e, err := s.findEntry(ctx, tx, entry)
		if err != nil {
			return err
		}
		// Lock the contest while in the consensus round: deciding waits
		// for this score, or this waits and is refused after.
		locked, err := tx.LockContest(ctx, e.ContestID, StatusConsensus)
		if err != nil {
			return err
		}
		c, a, err := s.organised(ctx, tx, e.ContestID)
		if err != nil {
			return err
		}
		if c.Status != StatusConsensus || !locked {
			return fault.New(fault.Conflict, "Cuộc thi không ở vòng đồng thuận.", "The contest is not in the consensus round.")
		}
		marks := map[string]Mark{}
		for k, v := range in.Scores {
			marks[k] = Mark{Points: v}
		}
		if _, err := checkMarks(c, marks, false); err != nil {
			return err
		}
		note := vn.NFC(in.Note)
		if !vn.IsText(note) || len([]rune(note)) > 2000 {
			return fault.New(fault.Invalid, "Ghi chú không hợp lệ (tối đa 2000 ký tự).", "The note is invalid (at most 2000 characters).").
				Field("note", "Ghi chú không hợp lệ.", "The note is invalid.")
		}
		x := &Consensus{ContestID: c.ID, EntryID: e.ID, Scores: in.Scores, Note: note, RecordedBy: int64(a.UserID), RecordedAt: s.now(),
			Version: in.Version}
		if err := tx.SaveConsensus(ctx, x); err != nil {
			if fault.Is(err, fault.Conflict) {
				return fault.New(fault.Conflict, "Điểm đồng thuận vừa được người khác thay đổi; vui lòng tải lại trang.",
					"Someone else changed the consensus meanwhile; please reload the page.")
			}
			return err
		}
		return s.record(ctx, tx, "contest.consensus", "contest_entry", int64(e.ID), nil, x)
	})
}

// ConsensusRow is one entry in the consensus round.
type ConsensusRow struct {
	Entry     *Entry // blind contests hide the entrant from judges
	Sheets    []*Assignment
	Min, Max  []float64 // per criterion across the sheets
	Mean      []float64
	Spread    float64 // max − min of the totals
	Result    *Ranked // the live result (normalised, final)
	Consensus *Consensus
}

// ConsensusView is the consensus round of a contest.
type ConsensusView struct {
	Contest  *Contest
	Rows     []ConsensusRow
	Editable bool // the organiser in the consensus round
}

// ConsensusRound returns the judges' scores side by side: to the
// organiser every entry (from the consensus round on, or while judging
// for a preview), to a judge only the entries they scored, and only from
// the consensus round on.
func (s *Service) ConsensusRound(ctx context.Context, id ContestID) (*ConsensusView, error) {
	a, err := judgingActor(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.findContest(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	org := MayOrganise(a, c)
	if !org && !auth.Can(a, auth.ActContestJudge) {
		return nil, errJudgingDenied
	}
	if c.Status != StatusConsensus && c.Status != StatusDecided && !(org && c.Status == StatusJudging) {
		return nil, fault.New(fault.Conflict, "Vòng đồng thuận chưa bắt đầu.", "The consensus round has not started.")
	}
	sc, err := s.loadScored(ctx, s.store, c)
	if err != nil {
		return nil, err
	}
	var mine map[EntryID]bool
	if !org {
		own, err := s.store.FindAssignments(ctx, AssignmentFilter{ContestID: c.ID, UserID: int64(a.UserID)})
		if err != nil {
			return nil, err
		}
		mine = map[EntryID]bool{}
		for _, x := range own {
			if x.Status == AssignSubmitted {
				mine[x.EntryID] = true
			}
		}
		if len(mine) == 0 {
			return nil, errNotAssigned
		}
	}
	r := sc.rank(c)
	res := map[EntryID]*Ranked{}
	for i := range r.Entries {
		res[r.Entries[i].ID] = &r.Entries[i]
	}
	v := &ConsensusView{Contest: c, Editable: org && c.Status == StatusConsensus}
	n := len(c.Criteria)
	for _, e := range sc.entries {
		if mine != nil && !mine[e.ID] {
			continue
		}
		row := ConsensusRow{Entry: e, Sheets: sc.sheets[e.ID], Result: res[e.ID], Consensus: sc.consensus[e.ID],
			Min: make([]float64, n), Max: make([]float64, n), Mean: make([]float64, n)}
		if c.Blind && !org {
			row.Entry = blindEntry(e)
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for k, sh := range row.Sheets {
			t := sh.Total()
			lo, hi = math.Min(lo, t), math.Max(hi, t)
			for i, cr := range c.Criteria {
				p := sh.Marks[cr.Code].Points
				if k == 0 || p < row.Min[i] {
					row.Min[i] = p
				}
				if k == 0 || p > row.Max[i] {
					row.Max[i] = p
				}
				row.Mean[i] += p / float64(len(row.Sheets))
			}
		}
		if len(row.Sheets) > 0 {
			row.Spread = hi - lo
		}
		v.Rows = append(v.Rows, row)
	}
	return v, nil
}
