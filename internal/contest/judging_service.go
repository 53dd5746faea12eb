package contest

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// The judges' pool, conflicts of interest and assignments of a contest.

var (
	errJudgingSignIn  = fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	errJudgingDenied  = fault.New(fault.Forbidden, "Bạn không có quyền tổ chức chấm cuộc thi này.", "You may not run the judging of this contest.")
	errContestMissing = fault.New(fault.NotFound, "Không tìm thấy cuộc thi.", "Contest not found.")
	errEntryMissing   = fault.New(fault.NotFound, "Không tìm thấy bài dự thi.", "Entry not found.")
	errNotAssigned    = fault.New(fault.Forbidden, "Bạn không được phân công chấm bài dự thi này.", "You are not assigned to score this entry.")
)

// badJudgingText is the refusal of a text with control characters.
var badJudgingText = fault.Text{Vi: "Văn bản có ký tự điều khiển hoặc không hợp lệ; vui lòng nhập lại.",
	En: "The text has a control character or an invalid character; please type it again."}

func judgingActor(ctx context.Context) (*auth.Actor, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errJudgingSignIn
	}
	return a, nil
}

// MayOrganise reports whether a runs c: the ministry's contests for the
// ministry and the admin, a province's for its officers too.
func MayOrganise(a *auth.Actor, c *Contest) bool {
	return c != nil && !a.IsAnonymous() && mayOrganise(a, c.ProvinceCode)
}

// findContest reads a contest, NotFound as the area's message.
func (s *Service) findContest(ctx context.Context, st Store, id ContestID) (*Contest, error) {
	c, err := st.FindContest(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errContestMissing
	}
	return c, err
}

func (s *Service) findEntry(ctx context.Context, st Store, id EntryID) (*Entry, error) {
	e, err := st.FindEntry(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errEntryMissing
	}
	return e, err
}

// organised reads a contest the actor organises.
func (s *Service) organised(ctx context.Context, st Store, id ContestID) (*Contest, *auth.Actor, error) {
	a, err := judgingActor(ctx)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.findContest(ctx, st, id)
	if err != nil {
		return nil, nil, err
	}
	if !MayOrganise(a, c) {
		return nil, nil, errJudgingDenied
	}
	return c, a, nil
}

// JudgeInput adds a judge to a contest's pool.
type JudgeInput struct {
	UserID        int64  `json:"user_id" doc:"Người dùng vai trò giám khảo (a user of role judge)"`
	Organisation  string `json:"organisation" maxLength:"200" doc:"Đơn vị công tác (organisation)"`
	OrgProvince   string `json:"org_province,omitempty" required:"false" doc:"Tỉnh/thành của đơn vị (its province code)"`
	ProvincialOrg bool   `json:"provincial_org,omitempty" required:"false" doc:"Đơn vị là cơ quan cấp tỉnh (a provincial body)"`
	ExpertID      int64  `json:"expert_id,omitempty" required:"false" doc:"Hồ sơ chuyên gia trong danh bạ, nếu có (directory expert)"`
}

// AddJudge adds a user of role judge to the pool of a contest the actor
// organises.
func (s *Service) AddJudge(ctx context.Context, id ContestID, in JudgeInput) (*Judge, error) {
	in.Organisation, in.OrgProvince = vn.NFC(in.Organisation), strings.TrimSpace(in.OrgProvince)
	bad := fault.Fields{}
	if !vn.IsText(in.Organisation) {
		bad.Add("organisation", badJudgingText.Vi, badJudgingText.En)
	} else if in.Organisation == "" || len([]rune(in.Organisation)) > 200 {
		bad.Add("organisation", "Nhập đơn vị công tác (tối đa 200 ký tự).", "Enter the organisation (at most 200 characters).")
	}
	if _, ok := s.geo.Province(in.OrgProvince); in.OrgProvince != "" && !ok {
		bad.Add("org_province", "Tỉnh/thành không hợp lệ.", "Unknown province.")
	}
	if in.ProvincialOrg && in.OrgProvince == "" {
		bad.Add("org_province", "Cơ quan cấp tỉnh cần có tỉnh/thành.", "A provincial body needs its province.")
	}
	var j *Judge
	err := s.store.Tx(ctx, func(tx Store) error {
		c, _, err := s.organised(ctx, tx, id)
		if err != nil {
			return err
		}
		users, err := tx.FindJudgeUsers(ctx)
		if err != nil {
			return err
		}
		found := false
		for _, u := range users {
			found = found || u.ID == in.UserID
		}
		if !found {
			bad.Add("user_id", "Chọn một người dùng có vai trò giám khảo.", "Choose a user of role judge.")
		}
		if err := bad.Err(); err != nil {
			return err
		}
		j = &Judge{ContestID: c.ID, UserID: in.UserID, Organisation: in.Organisation, OrgProvince: in.OrgProvince,
			ProvincialOrg: in.ProvincialOrg, ExpertID: in.ExpertID, AddedAt: s.now()}
		if err := tx.AddJudge(ctx, j); err != nil {
			if fault.Is(err, fault.Conflict) {
				return fault.New(fault.Conflict, "Giám khảo đã có trong danh sách.", "The judge is already in the pool.")
			}
			if fault.Is(err, fault.Invalid) || fault.Is(err, fault.NotFound) {
				return fault.New(fault.Invalid, "Hồ sơ chuyên gia không tồn tại.", "Unknown directory expert.").
					Field("expert_id", "Hồ sơ chuyên gia không tồn tại.", "Unknown directory expert.")
			}
			return err
		}
		return s.record(ctx, tx, "contest.judge.add", "contest", int64(c.ID), nil, j)
	})
	return j, err
}

// RemoveJudge takes a judge out of the pool (with their assignments not
// yet scored).
func (s *Service) RemoveJudge(ctx context.Context, id ContestID, user int64) error {
	return s.store.Tx(ctx, func(tx Store) error {
		c, _, err := s.organised(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := assignable(c); err != nil {
			return err
		}
		if err := tx.RemoveJudge(ctx, c.ID, user); err != nil {
			return err
		}
		return s.record(ctx, tx, "contest.judge.remove", "contest", int64(c.ID), map[string]int64{"user_id": user}, nil)
	})
}

// exclusions are why judges may not judge entries: entry → user → reason.
type exclusions map[EntryID]map[int64]fault.Text

func (x exclusions) reason(e EntryID, user int64) (fault.Text, bool) {
	t, ok := x[e][user]
	return t, ok
}

func (x exclusions) add(e EntryID, user int64, t fault.Text) {
	if x[e] == nil {
		x[e] = map[int64]fault.Text{}
	}
	if _, ok := x[e][user]; !ok {
		x[e][user] = t
	}
}

// exclusions computes the conflicts of interest of judges on entries:
// declared ones, a provincial body's judge on its province's entrants,
// and a judge whose directory profile consulted the entrant.
func (s *Service) exclusions(ctx context.Context, st Store, c *Contest, judges []*Judge, entries []*Entry) (exclusions, error) {
	out := exclusions{}
	declared, err := st.FindConflicts(ctx, AssignmentFilter{ContestID: c.ID})
	if err != nil {
		return nil, err
	}
	for _, d := range declared {
		out.add(d.EntryID, d.UserID, fault.Text{Vi: "Tự khai xung đột lợi ích: " + d.Reason, En: "Declared conflict of interest: " + d.Reason})
	}
	for _, j := range judges {
		var consulted map[registry.EnterpriseID]bool
		if j.ExpertID != 0 {
			ids, err := st.ConsultedEnterprises(ctx, j.ExpertID)
			if err != nil {
				return nil, err
			}
			consulted = map[registry.EnterpriseID]bool{}
			for _, id := range ids {
				consulted[id] = true
			}
		}
		for _, e := range entries {
			if j.ProvincialOrg && j.OrgProvince != "" && j.OrgProvince == e.ProvinceCode {
				out.add(e.ID, j.UserID, fault.Text{Vi: "Đơn vị của giám khảo là cơ quan cấp tỉnh cùng tỉnh với doanh nghiệp dự thi",
					En: "The judge's organisation is a provincial body of the entrant's province"})
			}
			if consulted[e.EnterpriseID] {
				out.add(e.ID, j.UserID, fault.Text{Vi: "Giám khảo từng tư vấn cho doanh nghiệp dự thi",
					En: "The judge consulted for the entrant"})
			}
		}
	}
	return out, nil
}

// conflictOf returns the reason the user may not judge e, if any.
func (s *Service) conflictOf(ctx context.Context, st Store, c *Contest, e *Entry, user int64) (fault.Text, bool, error) {
	js, err := st.FindJudges(ctx, c.ID, user)
	if err != nil {
		return fault.Text{}, false, err
	}
	x, err := s.exclusions(ctx, st, c, js, []*Entry{e})
	if err != nil {
		return fault.Text{}, false, err
	}
	// Declared conflicts of judges no longer in the pool count too.
	t, ok := x.reason(e.ID, user)
	return t, ok, nil
}

func conflictRefusal(t fault.Text) error {
	return fault.New(fault.Forbidden, "Bạn có xung đột lợi ích với bài dự thi này nên không được chấm: "+t.Vi+".",
		"You have a conflict of interest with this entry and may not score it: "+t.En+".")
}

// DeclareConflict records the acting judge's conflict of interest with an
// entry of a contest whose pool they are in; their assignment on it, if
// not submitted, is removed.
func (s *Service) DeclareConflict(ctx context.Context, entry EntryID, reason string) error {
	a, err := judgingActor(ctx)
	if err != nil {
		return err
	}
	if !auth.Can(a, auth.ActContestJudge) {
		return fault.New(fault.Forbidden, "Chỉ giám khảo khai báo xung đột lợi ích.", "Only judges declare conflicts of interest.")
	}
	reason = vn.NFC(reason)
	if !vn.IsText(reason) {
		return fault.New(fault.Invalid, badJudgingText.Vi, badJudgingText.En).Field("reason", badJudgingText.Vi, badJudgingText.En)
	}
	if reason == "" || len([]rune(reason)) > 1000 {
		return fault.New(fault.Invalid, "Nêu lý do xung đột lợi ích (tối đa 1000 ký tự).", "Give the reason of the conflict (at most 1000 characters).").
			Field("reason", "Nêu lý do (tối đa 1000 ký tự).", "Give the reason (at most 1000 characters).")
	}
	return s.store.Tx(ctx, func(tx Store) error {
		e, err := s.findEntry(ctx, tx, entry)
		if err != nil {
			return err
		}
		js, err := tx.FindJudges(ctx, e.ContestID, int64(a.UserID))
		if err != nil {
			return err
		}
		if len(js) == 0 {
			return fault.New(fault.Forbidden, "Bạn không ở trong hội đồng giám khảo của cuộc thi này.", "You are not a judge of this contest.")
		}
		c, err := s.findContest(ctx, tx, e.ContestID)
		if err != nil {
			return err
		}
		if err := assignable(c); err != nil {
			return err
		}
		if as, err := tx.FindAssignment(ctx, e.ID, int64(a.UserID)); err == nil {
			if as.Status == AssignSubmitted {
				return fault.New(fault.Conflict, "Bạn đã nộp điểm bài này; hãy báo ban tổ chức để xử lý xung đột lợi ích.",
					"You already submitted scores for this entry; tell the organisers about the conflict.")
			}
			if err := tx.DeleteAssignment(ctx, as.ID); err != nil {
				return err
			}
		} else if !fault.Is(err, fault.NotFound) {
			return err
		}
		x := &Conflict{ContestID: e.ContestID, EntryID: e.ID, UserID: int64(a.UserID), Reason: reason, DeclaredAt: s.now()}
		if err := tx.DeclareConflict(ctx, x); err != nil {
			if fault.Is(err, fault.Conflict) {
				return fault.New(fault.Conflict, "Bạn đã khai báo xung đột lợi ích với bài này.", "You already declared a conflict with this entry.")
			}
			return err
		}
		return s.record(ctx, tx, "contest.conflict.declare", "contest_entry", int64(e.ID), nil, x)
	})
}

// assignable reports why c's assignments may not change now.
func assignable(c *Contest) error {
	if c.Status != StatusAnnounced && c.Status != StatusJudging {
		return fault.New(fault.Conflict, "Chỉ phân công giám khảo trước và trong vòng chấm độc lập.",
			"Judges are assigned only before and during independent scoring.")
	}
	return nil
}

// Assign assigns a judge of the pool to an accepted entry (manual
// assignment); a judge with a conflict of interest is refused.
func (s *Service) Assign(ctx context.Context, entry EntryID, user int64) error {
	return s.store.Tx(ctx, func(tx Store) error {
		e, err := s.findEntry(ctx, tx, entry)
		if err != nil {
			return err
		}
		c, _, err := s.organised(ctx, tx, e.ContestID)
		if err != nil {
			return err
		}
		if err := assignable(c); err != nil {
			return err
		}
		if e.Status != EntryAccepted {
			return fault.New(fault.Conflict, "Chỉ phân công chấm bài dự thi hợp lệ.", "Only accepted entries are judged.")
		}
		js, err := tx.FindJudges(ctx, c.ID, user)
		if err != nil {
			return err
		}
		if len(js) == 0 {
			return fault.New(fault.Invalid, "Người này không ở trong hội đồng giám khảo.", "This user is not in the contest's pool.").
				Field("user_id", "Chọn giám khảo trong hội đồng.", "Choose a judge of the pool.")
		}
		if t, bad, err := s.conflictOf(ctx, tx, c, e, user); err != nil {
			return err
		} else if bad {
			return fault.New(fault.Conflict, "Giám khảo có xung đột lợi ích: "+t.Vi+".", "The judge has a conflict of interest: "+t.En+".")
		}
		as := &Assignment{ContestID: c.ID, EntryID: e.ID, UserID: user, Status: AssignPending, CreatedAt: s.now()}
		if err := tx.CreateAssignment(ctx, as); err != nil {
			if fault.Is(err, fault.Conflict) {
				return fault.New(fault.Conflict, "Giám khảo đã được phân công bài này.", "The judge is already assigned to this entry.")
			}
			return err
		}
		return s.record(ctx, tx, "contest.assign", "contest_entry", int64(e.ID), nil, as)
	})
}

// Unassign removes a judge's assignment not yet submitted.
func (s *Service) Unassign(ctx context.Context, entry EntryID, user int64) error {
	return s.store.Tx(ctx, func(tx Store) error {
		e, err := s.findEntry(ctx, tx, entry)
		if err != nil {
			return err
		}
		c, _, err := s.organised(ctx, tx, e.ContestID)
		if err != nil {
			return err
		}
		if err := assignable(c); err != nil {
			return err
		}
		as, err := tx.FindAssignment(ctx, e.ID, user)
		if err != nil {
			return err
		}
		if err := tx.DeleteAssignment(ctx, as.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, "contest.unassign", "contest_entry", int64(e.ID), as, nil)
	})
}

// Coverage is an entry that automatic assignment could not give enough
// judges.
type Coverage struct {
	EntryID EntryID `json:"entry_id"`
	Code    string  `json:"code"`
	Judges  int     `json:"judges"`
	Needed  int     `json:"needed"`
}

// AutoReport is the outcome of automatic assignment.
type AutoReport struct {
	Added     int        `json:"added"`
	Uncovered []Coverage `json:"uncovered"`
}

// AutoAssign gives every accepted entry at least MinJudges judges of the
// pool without conflicts, keeping every existing assignment, the judges'
// loads as even as possible: the entries with the fewest possible judges
// first, each taking the least loaded judges (ties by user id).
// Deterministic; entries that cannot be covered are reported.
func (s *Service) AutoAssign(ctx context.Context, id ContestID) (*AutoReport, error) {
	rep := &AutoReport{}
	err := s.store.Tx(ctx, func(tx Store) error {
		c, _, err := s.organised(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := assignable(c); err != nil {
			return err
		}
		entries, err := tx.FindEntries(ctx, EntryFilter{ContestID: c.ID, Statuses: []EntryStatus{EntryAccepted}})
		if err != nil {
			return err
		}
		judges, err := tx.FindJudges(ctx, c.ID, 0)
		if err != nil {
			return err
		}
		x, err := s.exclusions(ctx, tx, c, judges, entries)
		if err != nil {
			return err
		}
		existing, err := tx.FindAssignments(ctx, AssignmentFilter{ContestID: c.ID})
		if err != nil {
			return err
		}
		load := map[int64]int{}
		has := map[EntryID]map[int64]bool{}
		for _, as := range existing {
			load[as.UserID]++
			if has[as.EntryID] == nil {
				has[as.EntryID] = map[int64]bool{}
			}
			has[as.EntryID][as.UserID] = true
		}
		type cand struct {
			e    *Entry
			pool []int64
		}
		var todo []cand
		for _, e := range entries {
			var pool []int64
			for _, j := range judges {
				if _, bad := x.reason(e.ID, j.UserID); !bad && !has[e.ID][j.UserID] {
					pool = append(pool, j.UserID)
				}
			}
			todo = append(todo, cand{e, pool})
		}
		sort.SliceStable(todo, func(i, j int) bool { return len(todo[i].pool) < len(todo[j].pool) })
		need := max(c.MinJudges, 1)
		now := s.now()
		for _, t := range todo {
			n := len(has[t.e.ID])
			sort.SliceStable(t.pool, func(i, j int) bool {
				if load[t.pool[i]] != load[t.pool[j]] {
					return load[t.pool[i]] < load[t.pool[j]]
				}
				return t.pool[i] < t.pool[j]
			})
			for _, u := range t.pool {
				if n >= need {
					break
				}
				as := &Assignment{ContestID: c.ID, EntryID: t.e.ID, UserID: u, Status: AssignPending, CreatedAt: now}
				if err := tx.CreateAssignment(ctx, as); err != nil {
					return err
				}
				load[u]++
				n++
				rep.Added++
			}
			if n < need {
				rep.Uncovered = append(rep.Uncovered, Coverage{EntryID: t.e.ID, Code: t.e.Code, Judges: n, Needed: need})
			}
		}
		sort.Slice(rep.Uncovered, func(i, j int) bool { return rep.Uncovered[i].Code < rep.Uncovered[j].Code })
		return s.record(ctx, tx, "contest.assign.auto", "contest", int64(c.ID), nil, rep)
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// JudgingBoard is an organiser's view of a contest's judging.
type JudgingBoard struct {
	Contest     *Contest
	Judges      []*Judge
	Candidates  []JudgeUser // judges not in the pool
	Entries     []*Entry    // accepted entries
	Assignments map[EntryID][]*Assignment
	Conflicts   map[EntryID]map[int64]fault.Text // every exclusion, with its reason
	Load        map[int64]int
	Scored      map[int64]int // submitted sheets per judge
	Missing     int           // assignments not submitted
	Phases      []*PhaseChange
}

// Board returns the judging board of a contest the actor organises.
func (s *Service) Board(ctx context.Context, id ContestID) (*JudgingBoard, error) {
	c, _, err := s.organised(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	b := &JudgingBoard{Contest: c, Assignments: map[EntryID][]*Assignment{}, Load: map[int64]int{}, Scored: map[int64]int{}}
	if b.Judges, err = s.store.FindJudges(ctx, c.ID, 0); err != nil {
		return nil, err
	}
	users, err := s.store.FindJudgeUsers(ctx)
	if err != nil {
		return nil, err
	}
	in := map[int64]bool{}
	for _, j := range b.Judges {
		in[j.UserID] = true
	}
	for _, u := range users {
		if !in[u.ID] {
			b.Candidates = append(b.Candidates, u)
		}
	}
	if b.Entries, err = s.store.FindEntries(ctx, EntryFilter{ContestID: c.ID, Statuses: []EntryStatus{EntryAccepted}}); err != nil {
		return nil, err
	}
	x, err := s.exclusions(ctx, s.store, c, b.Judges, b.Entries)
	if err != nil {
		return nil, err
	}
	b.Conflicts = x
	as, err := s.store.FindAssignments(ctx, AssignmentFilter{ContestID: c.ID})
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		b.Assignments[a.EntryID] = append(b.Assignments[a.EntryID], a)
		b.Load[a.UserID]++
		if a.Status == AssignSubmitted {
			b.Scored[a.UserID]++
		} else {
			b.Missing++
		}
	}
	if b.Phases, err = s.store.FindPhases(ctx, c.ID); err != nil {
		return nil, err
	}
	return b, nil
}

// JudgeName returns the name of a judge of the board.
func (b *JudgingBoard) JudgeName(user int64) string {
	for _, j := range b.Judges {
		if j.UserID == user {
			return j.Name
		}
	}
	return fmt.Sprintf("#%d", user)
}
