package contest

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

var errEntryNotFound = fault.New(fault.NotFound, "Không tìm thấy bài dự thi.", "Entry not found.")

func entryDenied() error {
	return fault.New(fault.Forbidden, "Bài dự thi chỉ doanh nghiệp dự thi và đơn vị tổ chức được xem.",
		"An entry is seen by its enterprise and the contest's organisers only.")
}

func staleEntry() error {
	return fault.New(fault.Conflict, "Bài dự thi vừa được người khác thay đổi; vui lòng tải lại trang.",
		"Someone else changed this entry meanwhile; please reload the page.")
}

// periodError refuses an entry written outside the contest's entry period
// (nil inside it).
func periodError(c *Contest, now time.Time) error {
	d := day(now)
	switch {
	case c.Status != StatusAnnounced && c.Status != StatusDraft:
		return fault.New(fault.Conflict, "Cuộc thi không còn nhận hồ sơ.", "The contest no longer takes entries.")
	case c.Status == StatusDraft:
		return errContestNotFound
	case d.Before(c.EntriesOpen):
		return fault.New(fault.Invalid, "Cuộc thi chưa mở nhận hồ sơ: nhận từ ngày "+vn.Date(c.EntriesOpen)+".",
			"The contest does not take entries yet: they open on "+vn.Date(c.EntriesOpen)+".")
	case d.After(c.EntriesClose):
		return fault.New(fault.Invalid, "Đã quá hạn nộp hồ sơ ("+vn.Date(c.EntriesClose)+"); cuộc thi không nhận thêm hoặc sửa bài dự thi.",
			"The entry deadline ("+vn.Date(c.EntriesClose)+") has passed; entries can no longer be made or changed.")
	}
	return nil
}

// entrant returns the enterprise user actor, or the refusal.
func entrant(ctx context.Context) (*auth.Actor, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if a.Role != auth.RoleEnterprise || a.EnterpriseID == 0 || !auth.Allowed(a, auth.ActContestEnter, auth.Scope{EnterpriseID: a.EnterpriseID}) {
		return nil, fault.New(fault.Forbidden, "Chỉ tài khoản doanh nghiệp được đăng ký dự thi.", "Only enterprise accounts may enter contests.")
	}
	return a, nil
}

// fillActivities copies the verified KPIs of the linked activities into
// the entry's KPIs (after the entrant's own); an activity that is not a
// completed one of the enterprise is refused.
func (s *Service) fillActivities(ctx context.Context, e *Entry, own []EntryKPI) error {
	e.KPIs = append([]EntryKPI(nil), own...)
	if len(e.ActivityIDs) == 0 {
		return nil
	}
	if s.activities == nil {
		return fault.New(fault.Invalid, "Chưa liên kết được nhiệm vụ của chương trình.", "Programme activities cannot be linked here.").
			Field("activities", "Chưa liên kết được nhiệm vụ.", "Activities cannot be linked.")
	}
	refs, err := s.activities.CompletedActivities(ctx, e.EnterpriseID)
	if err != nil {
		return err
	}
	for _, id := range e.ActivityIDs {
		i := slices.IndexFunc(refs, func(r ActivityRef) bool { return r.ID == id })
		if i < 0 {
			return fault.New(fault.Invalid, "Chỉ liên kết được nhiệm vụ đã hoàn thành của chính doanh nghiệp.",
				"Only the enterprise's own completed activities can be linked.").
				Field("activities", "Chỉ liên kết được nhiệm vụ đã hoàn thành của chính doanh nghiệp.", "Only the enterprise's own completed activities can be linked.")
		}
		for _, k := range refs[i].KPIs {
			k.Verified = true
			if k.Evidence == "" {
				k.Evidence = "Kết quả đã xác minh của nhiệm vụ " + refs[i].Code
			}
			e.KPIs = append(e.KPIs, k)
		}
	}
	return nil
}

// CompletedActivities returns the actor's enterprise's completed programme
// activities, to link to an entry.
func (s *Service) CompletedActivities(ctx context.Context) ([]ActivityRef, error) {
	a, err := entrant(ctx)
	if err != nil || s.activities == nil {
		return nil, err
	}
	return s.activities.CompletedActivities(ctx, registry.EnterpriseID(a.EnterpriseID))
}

// CreateEntry starts the actor's enterprise's entry in a contest that
// takes entries today; it is numbered "<contest code>-<nnn>".
func (s *Service) CreateEntry(ctx context.Context, id ContestID, in EntryInput) (*Entry, error) {
	a, err := entrant(ctx)
	if err != nil {
		return nil, err
	}
	var out *Entry
	err = s.store.Tx(ctx, func(tx Store) error {
		c, err := tx.FindContest(ctx, id)
		if fault.Is(err, fault.NotFound) {
			return errContestNotFound
		}
		if err != nil {
			return err
		}
		now := s.now()
		if err := periodError(c, now); err != nil {
			return err
		}
		if err := in.check(c); err != nil {
			return err
		}
		e := &Entry{ContestID: id, CategoryID: in.CategoryID, EnterpriseID: registry.EnterpriseID(a.EnterpriseID), Title: in.Title,
			SummaryMD: in.SummaryMD, Form: in.Form, ActivityIDs: in.ActivityIDs, Status: EntryDraft, CreatedBy: int64(a.UserID),
			CreatedAt: now, UpdatedAt: now}
		if err := s.fillActivities(ctx, e, in.KPIs); err != nil {
			return err
		}
		n, err := tx.NextEntryNumber(ctx, id)
		if err != nil {
			return err
		}
		e.Code = EntryCode(c.Code, n)
		if err := tx.CreateEntry(ctx, e); err != nil {
			if fault.Is(err, fault.Conflict) {
				return fault.New(fault.Conflict, "Doanh nghiệp đã có bài dự thi trong hạng mục này.", "The enterprise has an entry in this category already.")
			}
			return err
		}
		out = e
		return s.record(ctx, tx, "contest.entry_create", "contest_entry", int64(e.ID), nil, e)
	})
	return out, err
}

// EntryCode is an entry's code: the contest's code and a 3-digit number.
func EntryCode(contestCode string, n int) string {
	return fmt.Sprintf("%s-%03d", contestCode, n)
}

// ownEntry loads the actor's enterprise's entry and its contest, at
// version (0: any).
func (s *Service) ownEntry(ctx context.Context, tx Store, a *auth.Actor, id EntryID, version int) (*Entry, *Contest, error) {
	e, err := tx.FindEntry(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, nil, errEntryNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	if int64(e.EnterpriseID) != a.EnterpriseID {
		return nil, nil, entryDenied()
	}
	if version != 0 && version != e.Version {
		return nil, nil, staleEntry()
	}
	c, err := tx.FindContest(ctx, e.ContestID)
	return e, c, err
}

// UpdateEntry changes a draft entry, or one sent back as incomplete,
// within the entry period.
func (s *Service) UpdateEntry(ctx context.Context, id EntryID, version int, in EntryInput) (*Entry, error) {
	a, err := entrant(ctx)
	if err != nil {
		return nil, err
	}
	if err := needVersion(version); err != nil {
		return nil, err
	}
	var out *Entry
	err = s.store.Tx(ctx, func(tx Store) error {
		e, c, err := s.ownEntry(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		if e.Status != EntryDraft && e.Status != EntryIncomplete {
			return fault.New(fault.Conflict, "Bài dự thi đã nộp, không sửa được.", "The entry was submitted; it cannot be changed.")
		}
		if err := periodError(c, s.now()); err != nil {
			return err
		}
		if err := in.check(c); err != nil {
			return err
		}
		before := *e
		e.CategoryID, e.Title, e.SummaryMD, e.Form, e.ActivityIDs = in.CategoryID, in.Title, in.SummaryMD, in.Form, in.ActivityIDs
		if err := s.fillActivities(ctx, e, in.KPIs); err != nil {
			return err
		}
		e.UpdatedAt = s.now()
		if err := tx.UpdateEntry(ctx, e); err != nil {
			return err
		}
		out = e
		return s.record(ctx, tx, "contest.entry_update", "contest_entry", int64(id), &before, e)
	})
	return out, err
}

// Problems lists every eligibility and completeness failure of an entry.
func (s *Service) problems(ctx context.Context, c *Contest, e *Entry) ([]Problem, error) {
	// The caller may see the entry (its enterprise or an organiser of the
	// contest, whatever the enterprise's province): the registry is read
	// on the platform's behalf.
	ent, err := s.reg.FindEnterpriseByID(auth.SystemContext(ctx), e.EnterpriseID)
	if err != nil {
		return nil, err
	}
	cat, _ := categoryOf(c, e.CategoryID)
	ps := Complete(c, e)
	return append(ps, Eligible(c, cat, ent, e, s.now())...), nil
}

// SubmitEntry sends an entry to the organiser within the entry period,
// after the eligibility and completeness checks: every failure is listed.
func (s *Service) SubmitEntry(ctx context.Context, id EntryID, version int) (*Entry, error) {
	a, err := entrant(ctx)
	if err != nil {
		return nil, err
	}
	if err := needVersion(version); err != nil {
		return nil, err
	}
	var out *Entry
	err = s.store.Tx(ctx, func(tx Store) error {
		e, c, err := s.ownEntry(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		if e.Status != EntryDraft && e.Status != EntryIncomplete {
			return fault.New(fault.Conflict, "Bài dự thi đã được nộp.", "The entry was submitted already.")
		}
		now := s.now()
		if err := periodError(c, now); err != nil {
			return err
		}
		ps, err := s.problems(ctx, c, e)
		if err != nil {
			return err
		}
		if err := problemsErr(ps); err != nil {
			return err
		}
		before := *e
		e.Status, e.StatusNote, e.SubmittedAt, e.UpdatedAt = EntrySubmitted, "", &now, now
		if err := tx.UpdateEntry(ctx, e); err != nil {
			return err
		}
		out = e
		return s.record(ctx, tx, "contest.entry_submit", "contest_entry", int64(id), &before, e)
	})
	return out, err
}

// WithdrawEntry withdraws an entry before judging starts.
func (s *Service) WithdrawEntry(ctx context.Context, id EntryID, version int) (*Entry, error) {
	a, err := entrant(ctx)
	if err != nil {
		return nil, err
	}
	if err := needVersion(version); err != nil {
		return nil, err
	}
	var out *Entry
	err = s.store.Tx(ctx, func(tx Store) error {
		e, c, err := s.ownEntry(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		if c.Status != StatusAnnounced || e.Status == EntryWithdrawn || e.Status == EntryRejected {
			return fault.New(fault.Conflict, "Chỉ rút được bài dự thi trước khi bắt đầu chấm.", "An entry can only be withdrawn before judging starts.")
		}
		before := *e
		e.Status, e.UpdatedAt = EntryWithdrawn, s.now()
		if err := tx.UpdateEntry(ctx, e); err != nil {
			return err
		}
		out = e
		return s.record(ctx, tx, "contest.entry_withdraw", "contest_entry", int64(id), &before, e)
	})
	return out, err
}

// CheckDecision is the organiser's completeness check of a submitted
// entry: accepted, incomplete (sent back with what is missing) or
// rejected (not eligible, with the reason).
type CheckDecision struct {
	Status EntryStatus
	Note   string
}

// CheckEntry records the organiser's decision on a submitted entry and
// mails the enterprise.
func (s *Service) CheckEntry(ctx context.Context, id EntryID, version int, d CheckDecision) (*Entry, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if err := needVersion(version); err != nil {
		return nil, err
	}
	d.Note = vn.NFC(d.Note)
	bad := fault.Fields{}
	checkTexts(bad, "note", d.Note)
	switch {
	case d.Status != EntryAccepted && d.Status != EntryIncomplete && d.Status != EntryRejected:
		bad.Add("status", "Vui lòng chọn: hợp lệ, cần bổ sung hoặc không hợp lệ.", "Please choose: accepted, incomplete or rejected.")
	case d.Status != EntryAccepted && d.Note == "":
		bad.Add("note", "Vui lòng ghi rõ nội dung cần bổ sung hoặc lý do không hợp lệ.", "Please say what is missing or why the entry is not eligible.")
	case utf8.RuneCountInString(d.Note) > MaxNote:
		bad.Add("note", "Tối đa 2000 ký tự.", "At most 2000 characters.")
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	var out *Entry
	err = s.store.Tx(ctx, func(tx Store) error {
		e, err := tx.FindEntry(ctx, id)
		if fault.Is(err, fault.NotFound) {
			return errEntryNotFound
		}
		if err != nil {
			return err
		}
		if _, err := s.managed(ctx, tx, a, e.ContestID, 0); err != nil {
			if fault.Is(err, fault.NotFound) {
				return errEntryNotFound
			}
			return err
		}
		if version != 0 && version != e.Version {
			return staleEntry()
		}
		if e.Status != EntrySubmitted && !(e.Status == EntryAccepted && d.Status == EntryRejected) {
			return fault.New(fault.Conflict, "Chỉ kiểm tra được bài dự thi đã nộp.", "Only a submitted entry can be checked.")
		}
		before := *e
		e.Status, e.StatusNote, e.UpdatedAt = d.Status, d.Note, s.now()
		if err := tx.UpdateEntry(ctx, e); err != nil {
			return err
		}
		out = e
		return s.record(ctx, tx, "contest.entry_check", "contest_entry", int64(id), &before, e)
	})
	if err != nil {
		return nil, err
	}
	s.noticeCheck(ctx, out)
	return out, nil
}

// noticeCheck mails the enterprise the organiser's decision (best effort:
// the decision stands when the mail fails).
func (s *Service) noticeCheck(ctx context.Context, e *Entry) {
	if s.mailer == nil {
		return
	}
	ent, err := s.reg.FindEnterpriseByID(auth.SystemContext(ctx), e.EnterpriseID)
	if err != nil || ent.Contact.Email == "" {
		return
	}
	var subject, body string
	link := s.baseURL + "/contest-entries/" + strconv.FormatInt(int64(e.ID), 10)
	switch e.Status {
	case EntryAccepted:
		subject = "Bài dự thi " + e.Code + " hợp lệ / Entry accepted"
		body = "Bài dự thi \"" + e.Title + "\" (" + e.Code + ") đã được tiếp nhận và sẽ được chấm.\n\nThe entry has been accepted and will be judged.\n\n" + link
	case EntryIncomplete:
		subject = "Bài dự thi " + e.Code + " cần bổ sung / Entry incomplete"
		body = "Bài dự thi \"" + e.Title + "\" (" + e.Code + ") cần bổ sung:\n" + e.StatusNote + "\n\nVui lòng sửa và nộp lại trước hạn. Please complete it and submit it again before the deadline.\n\n" + link
	case EntryRejected:
		subject = "Bài dự thi " + e.Code + " không hợp lệ / Entry rejected"
		body = "Bài dự thi \"" + e.Title + "\" (" + e.Code + ") không đủ điều kiện:\n" + e.StatusNote + "\n\nThe entry is not eligible.\n\n" + link
	default:
		return
	}
	if err := s.mailer.SendMail(ctx, ent.Contact.Email, subject, body); err != nil {
		s.log.Warn("contest: entry notice", "entry", e.ID, "err", err)
	}
}
