package contest

import (
	"context"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

var (
	errContestNotFound = fault.New(fault.NotFound, "Không tìm thấy cuộc thi.", "Contest not found.")
	errSignIn          = fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
)

func contestDenied() error {
	return fault.New(fault.Forbidden, "Cuộc thi của Bộ do cán bộ Bộ tổ chức; cuộc thi của tỉnh do cán bộ Sở Công Thương tỉnh đó tổ chức.",
		"The ministry's contests are organised by ministry officers; a province's contests by that province's officers.")
}

func signedIn(ctx context.Context) (*auth.Actor, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	return a, nil
}

// mayOrganise reports whether a organises the contests of prov ("" the
// ministry's): admins and ministry officers all, a provincial officer
// their own province's only.
func mayOrganise(a *auth.Actor, prov string) bool {
	if a != nil && a.System {
		return true
	}
	if !auth.Allowed(a, auth.ActContestManage, auth.Scope{ProvinceCode: prov}) {
		return false
	}
	return a.Role != auth.RoleProvince || prov != "" && prov == a.ProvinceCode
}

// MayOrganise reports whether the actor organises contests at all.
func (s *Service) MayOrganise(ctx context.Context) bool {
	a := auth.ActorFrom(ctx)
	return a != nil && a.System || auth.Can(a, auth.ActContestManage)
}

// MayManage reports whether the actor organises c.
func (s *Service) MayManage(ctx context.Context, c *Contest) bool {
	return mayOrganise(auth.ActorFrom(ctx), c.ProvinceCode)
}

func (s *Service) knownProvince(code string) bool { _, ok := s.geo.Province(code); return ok }

// ProvinceName returns a province's name ("" when unknown or "").
func (s *Service) ProvinceName(code string) string {
	if p, ok := s.geo.Province(code); ok {
		return p.Name
	}
	return ""
}

// Today is the current calendar day in Vietnam's zone.
func (s *Service) Today() time.Time { return day(s.now()) }

// AcceptsEntries reports whether c takes entries on now's day: announced,
// between EntriesOpen and EntriesClose inclusive.
func (c *Contest) AcceptsEntries(now time.Time) bool {
	d := day(now)
	return c.Status == StatusAnnounced && !d.Before(c.EntriesOpen) && !d.After(c.EntriesClose)
}

// ContestQuery is what a visitor filters the contests by.
type ContestQuery struct {
	Year   int
	Status Status
}

// Contests lists the contests the actor may see: announced and later ones
// for everyone, drafts to their organisers.
func (s *Service) Contests(ctx context.Context, q ContestQuery) ([]*Contest, error) {
	a := auth.ActorFrom(ctx)
	f := ContestFilter{Year: q.Year}
	if q.Status.Valid() {
		f.Status = q.Status
	}
	switch {
	case a != nil && a.System || auth.Allowed(a, auth.ActContestManage, auth.Scope{}) && a.Role != auth.RoleProvince:
		f.DraftsAll = true
	case a != nil && a.Role == auth.RoleProvince && auth.Can(a, auth.ActContestManage) && a.ProvinceCode != "":
		p := a.ProvinceCode
		f.DraftsOf = &p
	}
	return s.store.FindContests(ctx, f)
}

// ContestView is a contest with what the actor may do with it.
type ContestView struct {
	Contest      *Contest
	Cancellation *Cancellation
	Counts       map[EntryStatus]int // organisers only
	MyEntries    []*Entry            // an enterprise user's own entries
	Open         bool                // entries are accepted today
	CanManage    bool
	CanEdit      bool
	CanAnnounce  bool
	CanCancel    bool
	CanEnter     bool
	Published    bool
}

// Contest returns a contest: announced and later ones to everyone, a draft
// only to its organisers (NotFound for others).
func (s *Service) Contest(ctx context.Context, id ContestID) (*ContestView, error) {
	c, err := s.store.FindContest(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errContestNotFound
	}
	if err != nil {
		return nil, err
	}
	a := auth.ActorFrom(ctx)
	v := &ContestView{Contest: c, CanManage: mayOrganise(a, c.ProvinceCode), Open: c.AcceptsEntries(s.now()), Published: c.Published(s.now())}
	if c.Status == StatusDraft && !v.CanManage {
		return nil, errContestNotFound
	}
	v.CanEdit = v.CanManage && (c.Status == StatusDraft || c.Status == StatusAnnounced)
	v.CanAnnounce = v.CanManage && c.Status == StatusDraft
	v.CanCancel = v.CanManage && c.Status != StatusDecided && c.Status != StatusCancelled
	if c.Status == StatusCancelled {
		if v.Cancellation, err = s.store.FindCancellation(ctx, id); err != nil && !fault.Is(err, fault.NotFound) {
			return nil, err
		}
	}
	if v.CanManage {
		if v.Counts, err = s.store.CountEntriesByStatus(ctx, id); err != nil {
			return nil, err
		}
	}
	if a != nil && a.Role == auth.RoleEnterprise && a.EnterpriseID != 0 {
		v.CanEnter = v.Open && auth.Allowed(a, auth.ActContestEnter, auth.Scope{EnterpriseID: a.EnterpriseID})
		if v.MyEntries, err = s.store.FindEntries(ctx, EntryFilter{ContestID: id, EnterpriseID: registry.EnterpriseID(a.EnterpriseID)}); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// CreateContest creates a draft contest. A provincial officer's contest is
// of their province. ActContestManage.
func (s *Service) CreateContest(ctx context.Context, in ContestInput) (*Contest, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if !s.MayOrganise(ctx) {
		return nil, contestDenied()
	}
	if a.Role == auth.RoleProvince {
		in.ProvinceCode = a.ProvinceCode
	}
	tl, err := in.check(s.knownProvince)
	if err != nil {
		return nil, err
	}
	if !mayOrganise(a, in.ProvinceCode) {
		return nil, contestDenied()
	}
	now := s.now()
	c := &Contest{Status: StatusDraft, CreatedBy: int64(a.UserID), CreatedAt: now, UpdatedAt: now}
	apply(c, &in, tl)
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateContest(ctx, c); err != nil {
			if fault.Is(err, fault.Conflict) {
				return fault.New(fault.Invalid, "Mã cuộc thi đã được dùng.", "The contest's code is taken.").
					Field("code", "Mã cuộc thi đã được dùng.", "The contest's code is taken.")
			}
			return err
		}
		return s.record(ctx, tx, "contest.create", "contest", int64(c.ID), nil, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func apply(c *Contest, in *ContestInput, tl timeline) {
	c.Code, c.Title, c.Year, c.Kind, c.ProvinceCode, c.EntryKind, c.RulesMD = in.Code, in.Title, in.Year, in.Kind, in.ProvinceCode, in.EntryKind, in.RulesMD
	c.EntriesOpen, c.EntriesClose, c.JudgingEnd, c.PublishOn = tl.open, tl.close, tl.judging, tl.publish
	c.MinJudges, c.Blind, c.Eligibility, c.Categories, c.Criteria = in.MinJudges, in.Blind, in.Eligibility, in.Categories, in.Criteria
}

// UpdateContest edits a contest of the actor's scope. A draft changes
// whole; once announced, its code, categories, rubric and eligibility
// stay (entries rely on them) and only its title, rules and timeline
// change.
func (s *Service) UpdateContest(ctx context.Context, id ContestID, version int, in ContestInput) (*Contest, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if err := needVersion(version); err != nil {
		return nil, err
	}
	var out *Contest
	err = s.store.Tx(ctx, func(tx Store) error {
		c, err := s.managed(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		if c.Status != StatusDraft && c.Status != StatusAnnounced {
			return fault.New(fault.Conflict, "Cuộc thi đã qua giai đoạn nhận hồ sơ, không sửa được.", "The contest is past its entries; it cannot be edited.")
		}
		parts := c.Status == StatusDraft
		in.ProvinceCode = c.ProvinceCode
		if !parts {
			in.Code, in.Kind, in.EntryKind, in.MinJudges, in.Blind = c.Code, c.Kind, c.EntryKind, c.MinJudges, c.Blind
			in.Eligibility, in.Categories, in.Criteria = c.Eligibility, c.Categories, c.Criteria
		}
		tl, err := in.check(s.knownProvince)
		if err != nil {
			return err
		}
		before := *c
		apply(c, &in, tl)
		c.UpdatedAt = s.now()
		if err := tx.UpdateContest(ctx, c, parts); err != nil {
			if fault.Is(err, fault.Conflict) && c.Code != before.Code {
				return fault.New(fault.Invalid, "Mã cuộc thi đã được dùng.", "The contest's code is taken.").
					Field("code", "Mã cuộc thi đã được dùng.", "The contest's code is taken.")
			}
			return err
		}
		out = c
		return s.record(ctx, tx, "contest.update", "contest", int64(id), &before, c)
	})
	return out, err
}

// needVersion refuses a change that does not say which version it read:
// the optimistic lock needs it (a form or an API call without it would
// overwrite another's change).
func needVersion(version int) error {
	if version < 1 {
		return fault.New(fault.Invalid, "Thiếu phiên bản đã đọc (version); vui lòng tải lại trang.",
			"The version read is missing; please reload the page.").
			Field("version", "Thiếu phiên bản đã đọc.", "The version read is missing.")
	}
	return nil
}

// managed loads a contest the actor organises at version (0: any, for
// reads and for changes that carry no version of the contest).
func (s *Service) managed(ctx context.Context, tx Store, a *auth.Actor, id ContestID, version int) (*Contest, error) {
	c, err := tx.FindContest(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errContestNotFound
	}
	if err != nil {
		return nil, err
	}
	if !mayOrganise(a, c.ProvinceCode) {
		if c.Status == StatusDraft {
			return nil, errContestNotFound
		}
		return nil, contestDenied()
	}
	if version != 0 && version != c.Version {
		return nil, fault.New(fault.Conflict, "Cuộc thi vừa được người khác thay đổi; vui lòng tải lại trang.",
			"Someone else changed this contest meanwhile; please reload the page.")
	}
	return c, nil
}

// Announce publishes a complete draft: its page becomes public and entries
// are accepted from EntriesOpen. Every missing part is listed.
func (s *Service) Announce(ctx context.Context, id ContestID, version int) (*Contest, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if err := needVersion(version); err != nil {
		return nil, err
	}
	var out *Contest
	err = s.store.Tx(ctx, func(tx Store) error {
		c, err := s.managed(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		if c.Status != StatusDraft {
			return fault.New(fault.Conflict, "Chỉ công bố được cuộc thi đang là bản nháp.", "Only a draft contest can be announced.")
		}
		if bad := announceProblems(c); len(bad) > 0 {
			e := fault.New(fault.Invalid, "Cuộc thi chưa đủ thông tin để công bố.", "The contest is not complete enough to be announced.")
			for k, m := range bad {
				e = e.Field(k, m.Vi, m.En)
			}
			return e
		}
		if day(s.now()).After(c.EntriesClose) {
			return fault.New(fault.Invalid, "Hạn nộp hồ sơ đã qua; vui lòng sửa lịch trước khi công bố.",
				"The entry deadline has passed; please change the timeline before announcing.").
				Field("entries_close", "Hạn nộp hồ sơ đã qua.", "The entry deadline has passed.")
		}
		before := *c
		c.Status, c.UpdatedAt = StatusAnnounced, s.now()
		if err := tx.UpdateContest(ctx, c, false); err != nil {
			return err
		}
		out = c
		return s.record(ctx, tx, "contest.announce", "contest", int64(id), &before, c)
	})
	return out, err
}

// Cancel cancels a contest not yet decided, with the reason.
func (s *Service) Cancel(ctx context.Context, id ContestID, version int, reason string) (*Contest, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if err := needVersion(version); err != nil {
		return nil, err
	}
	reason = vn.NFC(reason)
	switch {
	case !vn.IsText(reason):
		return nil, fault.New(fault.Invalid, badTextMessage.Vi, badTextMessage.En).Field("reason", badTextMessage.Vi, badTextMessage.En)
	case reason == "" || utf8.RuneCountInString(reason) > MaxReason:
		return nil, fault.New(fault.Invalid, "Vui lòng nêu lý do hủy (tối đa 1000 ký tự).", "Please give the reason (at most 1000 characters).").
			Field("reason", "Vui lòng nêu lý do hủy (tối đa 1000 ký tự).", "Please give the reason (at most 1000 characters).")
	}
	var out *Contest
	err = s.store.Tx(ctx, func(tx Store) error {
		c, err := s.managed(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		if slices.Contains([]Status{StatusDecided, StatusCancelled}, c.Status) {
			return fault.New(fault.Conflict, "Cuộc thi đã có kết quả hoặc đã hủy.", "The contest is decided or cancelled already.")
		}
		before := *c
		now := s.now()
		c.Status, c.UpdatedAt = StatusCancelled, now
		if err := tx.UpdateContest(ctx, c, false); err != nil {
			return err
		}
		if err := tx.CreateCancellation(ctx, &Cancellation{ContestID: id, Reason: reason, CancelledBy: int64(a.UserID), CancelledAt: now}); err != nil {
			return err
		}
		out = c
		return s.record(ctx, tx, "contest.cancel", "contest", int64(id), &before, map[string]any{"status": c.Status, "reason": reason})
	})
	return out, err
}

// String is the contest's code and title, for logs.
func (c *Contest) String() string { return fmt.Sprintf("%s %s", c.Code, c.Title) }
