package programme

import (
	"context"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// CallQuery is what a visitor filters the calls by.
type CallQuery struct {
	Track    Track
	Type     ActivityType
	Province string
	Status   CallStatus
}

// Calls returns the calls a visitor sees: open and closed ones to
// everyone, drafts to the officers who run them; open first (nearest
// deadline first), then drafts, then closed.
func (s *Service) Calls(ctx context.Context, q CallQuery) ([]*Call, error) {
	a := auth.ActorFrom(ctx)
	f := CallFilter{Track: q.Track, Type: q.Type, Province: q.Province}
	f.DraftScope, f.AllDrafts = draftScope(a)
	switch q.Status {
	case CallOpen, CallClosed:
		f.Statuses = []CallStatus{q.Status}
	case CallDraft:
		if f.DraftScope == nil && !f.AllDrafts {
			return nil, nil
		}
		f.Statuses = []CallStatus{CallDraft}
	}
	return s.store.FindCalls(ctx, f)
}

// Call returns a call the actor may see: open and closed calls are
// public; a draft only to the officers who run it; NotFound otherwise.
func (s *Service) Call(ctx context.Context, id CallID) (*Call, error) {
	c, err := s.store.FindCallByID(ctx, id)
	if fault.Is(err, fault.NotFound) || err == nil && !maySeeCall(auth.ActorFrom(ctx), c) {
		return nil, errCallNotFound
	}
	return c, err
}

// OpenCalls returns the calls that accept proposals at now (open, opened,
// deadline not passed), nearest deadline first. Public.
func (s *Service) OpenCalls(ctx context.Context, now time.Time) ([]*Call, error) {
	cs, err := s.store.FindCalls(ctx, CallFilter{Statuses: []CallStatus{CallOpen}})
	if err != nil {
		return nil, err
	}
	out := cs[:0]
	for _, c := range cs {
		if c.AcceptsAt(now) {
			out = append(out, c)
		}
	}
	return out, nil
}

// settingsReader reads a registry setting in force on a date
// (*registry.Service does).
type settingsReader interface {
	SettingOn(ctx context.Context, key registry.SettingKey, on time.Time) (*registry.Setting, error)
}

// CallRules returns the eligibility rules of c's track in force on its
// opening date, with the setting they come from; nil for the capacity
// track, which has none. The rules of a published call are public, so they
// are read as the system for anonymous visitors too.
func (s *Service) CallRules(ctx context.Context, c *Call) (*registry.TrackRules, *registry.Setting, error) {
	tr, ok := c.Track.Eligibility()
	if !ok {
		return nil, nil, nil
	}
	key, _ := tr.SettingKey()
	sr, ok := s.reg.(settingsReader)
	if !ok {
		return nil, nil, nil
	}
	set, err := sr.SettingOn(auth.SystemContext(ctx), key, c.OpensAt)
	if err != nil {
		return nil, nil, err
	}
	rules, err := registry.ParseTrackRules(set.Value)
	if err != nil {
		return nil, nil, fault.Internalf("programme: setting %s (id %d) does not parse: %v", key, set.ID, err)
	}
	return &rules, set, nil
}

func callDenied() error {
	return fault.New(fault.Forbidden, "Đợt kêu gọi của Bộ do cán bộ Bộ quản lý; đợt của tỉnh do cán bộ tỉnh đó quản lý.",
		"The ministry's calls are run by ministry officers; a province's calls by that province's officers.")
}

func knownIndustry(c string) bool { return c != "" && registry.Industry(c).Valid() }

func (s *Service) knownProvince(c string) bool { _, ok := s.geo.Province(c); return ok }

// CreateCall creates a draft call. A provincial officer's call is of their
// province and open to it only.
func (s *Service) CreateCall(ctx context.Context, in CallInput) (*Call, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	if !auth.Can(a, auth.ActProgrammeRun) {
		return nil, callDenied()
	}
	if a.Role == auth.RoleProvince {
		in.ProvinceCode = a.ProvinceCode
	}
	if err := in.Check(knownIndustry, s.knownProvince); err != nil {
		return nil, err
	}
	if !mayRun(a, in.ProvinceCode) {
		return nil, callDenied()
	}
	now := s.now()
	c := &Call{ProgrammeID: TheProgramme, ProvinceCode: in.ProvinceCode, Code: in.Code, Title: in.Title, Description: in.Description,
		Track: in.Track, Types: in.Types, Industries: in.Industries, Provinces: in.Provinces, MaxStateBudget: in.MaxStateBudget,
		OpensAt: in.OpensAt, Deadline: in.Deadline, Status: CallDraft, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
	err := s.store.Tx(ctx, func(tx Store) error {
		if err := uniqueCode(ctx, tx, c.Code, 0); err != nil {
			return err
		}
		if err := tx.CreateCall(ctx, c); err != nil {
			return err
		}
		return s.setupAudit(ctx, tx, now, "programme.call.create", "programme_call", c.ID, nil, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func uniqueCode(ctx context.Context, tx Store, code string, self CallID) error {
	old, err := tx.FindCallByCode(ctx, code)
	switch {
	case err == nil && old.ID != self:
		return fault.New(fault.Invalid, "Mã đợt đã được dùng.", "This code is already used.").
			Field("code", "Mã "+code+" đã được dùng cho đợt “"+old.Title+"”.", "The code "+code+" is already used by “"+old.Title+"”.")
	case err != nil && !fault.Is(err, fault.NotFound):
		return err
	}
	return nil
}

// writableCall reads call id for a change by a: visible, runnable by a, at
// version.
func (s *Service) writableCall(ctx context.Context, tx Store, a *auth.Actor, id CallID, version int) (*Call, error) {
	c, err := tx.FindCallByID(ctx, id)
	if fault.Is(err, fault.NotFound) || err == nil && !maySeeCall(a, c) {
		return nil, errCallNotFound
	}
	if err != nil {
		return nil, err
	}
	if !mayRun(a, c.ProvinceCode) {
		return nil, callDenied()
	}
	if c.Version != version {
		return nil, errCallConflict
	}
	return c, nil
}

// UpdateCall changes a call. A draft changes freely (its unit stays); once
// open, only the description and a later deadline may change, so that
// proposals already made stay under the rules they were made under; a
// closed call does not change.
func (s *Service) UpdateCall(ctx context.Context, id CallID, version int, in CallInput) (*Call, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	var out *Call
	now := s.now()
	err := s.store.Tx(ctx, func(tx Store) error {
		c, err := s.writableCall(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		after := *c
		switch c.Status {
		case CallClosed:
			return fault.New(fault.Conflict, "Đợt đã đóng nên không sửa được nữa.", "The call is closed and can no longer be changed.")
		case CallOpen:
			if err := openCallChange(c, &in); err != nil {
				return err
			}
			after.Description, after.Deadline = in.Description, in.Deadline
		default:
			in.ProvinceCode = c.ProvinceCode
			if err := in.Check(knownIndustry, s.knownProvince); err != nil {
				return err
			}
			if err := uniqueCode(ctx, tx, in.Code, c.ID); err != nil {
				return err
			}
			after.Code, after.Title, after.Description, after.Track, after.Types = in.Code, in.Title, in.Description, in.Track, in.Types
			after.Industries, after.Provinces, after.MaxStateBudget = in.Industries, in.Provinces, in.MaxStateBudget
			after.OpensAt, after.Deadline = in.OpensAt, in.Deadline
		}
		after.UpdatedAt = now
		if err := tx.UpdateCall(ctx, &after); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errCallConflict
			}
			return err
		}
		out = &after
		return s.setupAudit(ctx, tx, now, "programme.call.update", "programme_call", c.ID, c, &after)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// openCallChange checks the change of an open call: the description, and
// the deadline extended (never brought forward).
func openCallChange(c *Call, in *CallInput) error {
	probe := CallInput{Code: c.Code, Title: c.Title, Description: in.Description, Track: c.Track, Types: c.Types,
		OpensAt: c.OpensAt, Deadline: in.Deadline}
	if err := probe.Check(func(string) bool { return true }, func(string) bool { return true }); err != nil {
		return err
	}
	in.Description = probe.Description
	if in.Deadline.Before(c.Deadline) {
		return fault.New(fault.Invalid, "Đợt đang mở chỉ được gia hạn.", "An open call's deadline may only be extended.").
			Field("deadline", "Đợt đang mở chỉ được gia hạn, không được rút ngắn hạn nộp.", "An open call's deadline may be extended, never brought forward.")
	}
	return nil
}

// OpenCall publishes a draft call; it takes proposals from its opening
// date. The deadline must still be ahead.
func (s *Service) OpenCall(ctx context.Context, id CallID, version int) (*Call, error) {
	return s.moveCall(ctx, id, version, CallDraft, CallOpen, "programme.call.open")
}

// CloseCall closes an open call: it takes no more proposals.
func (s *Service) CloseCall(ctx context.Context, id CallID, version int) (*Call, error) {
	return s.moveCall(ctx, id, version, CallOpen, CallClosed, "programme.call.close")
}

func (s *Service) moveCall(ctx context.Context, id CallID, version int, from, to CallStatus, action string) (*Call, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, errSignIn
	}
	var out *Call
	now := s.now()
	err := s.store.Tx(ctx, func(tx Store) error {
		c, err := s.writableCall(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		if c.Status != from {
			return fault.New(fault.Conflict, "Không thể chuyển đợt từ trạng thái "+CallStatusLabel(c.Status).Vi+" sang "+CallStatusLabel(to).Vi+".",
				"The call cannot move from "+CallStatusLabel(c.Status).En+" to "+CallStatusLabel(to).En+".")
		}
		if to == CallOpen && !c.Deadline.After(now) {
			return fault.New(fault.Invalid, "Hạn nộp đã qua; gia hạn trước khi mở đợt.", "The deadline has passed; move it before opening the call.").
				Field("deadline", "Hạn nộp đã qua.", "The deadline has passed.")
		}
		after := *c
		after.Status, after.UpdatedAt = to, now
		if err := tx.UpdateCall(ctx, &after); err != nil {
			if fault.Is(err, fault.Conflict) {
				return errCallConflict
			}
			return err
		}
		out = &after
		return s.setupAudit(ctx, tx, now, action, "programme_call", c.ID, c, &after)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CallStatusLabel names a call's status.
func CallStatusLabel(st CallStatus) fault.Text {
	switch st {
	case CallDraft:
		return text("bản nháp", "draft")
	case CallOpen:
		return text("đang mở", "open")
	case CallClosed:
		return text("đã đóng", "closed")
	}
	return text(string(st), string(st))
}

// CallNow is the service's clock, for the calls' countdowns and whether a
// call accepts proposals now (tests set the clock).
func (s *Service) CallNow() time.Time { return s.now() }
