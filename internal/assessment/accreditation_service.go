package assessment

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// AccreditationYears is the default length of an accreditation.
const AccreditationYears = 3

// ExpiringDays is how soon an expiry counts as "expiring soon".
const ExpiringDays = 90

// Limits of the accreditation inputs and lists.
const (
	// MaxAccreditationsPage is the longest page of accreditations.
	MaxAccreditationsPage = 200
	// MaxAssessorOptions is how many assessors the grant form offers.
	MaxAssessorOptions = 1000

	maxAccreditationNumber = 40
	maxAccreditationText   = 1000
)

var errAccreditationNotFound = fault.New(fault.NotFound, "Không tìm thấy quyết định công nhận đánh giá viên.", "Accreditation not found.")

func accreditationDenied() error {
	return fault.New(fault.Forbidden, "Chỉ cán bộ Bộ và quản trị viên được công nhận đánh giá viên.",
		"Only ministry officers and admins manage assessors' accreditations.")
}

// accreditationNumber is the pattern of a number typed by an officer.
var accreditationNumber = regexp.MustCompile(`^[\p{L}0-9][\p{L}0-9/._-]*$`)

// MayManageAccreditations reports whether the actor in ctx grants and
// changes accreditations (for the pages' buttons).
func (s *Service) MayManageAccreditations(ctx context.Context) bool {
	return auth.Can(auth.ActorFrom(ctx), auth.ActAccreditationManage)
}

// AccreditationQuery is what the list of accreditations is filtered by.
// Status is a stored status, or "expired" (active, past its expiry) or
// "expiring" (active, expiring within ExpiringDays).
type AccreditationQuery struct {
	SchemeID SchemeID
	Status   string
	UserID   auth.UserID
	Page     int // 1-based
	PerPage  int // MaxAccreditationsPage at most
}

// Accreditations returns the accreditations the actor sees: every one to
// those who manage them and to the officers who assign assessors, their
// own to an assessor; Forbidden to anyone else.
func (s *Service) Accreditations(ctx context.Context, q AccreditationQuery) ([]*Accreditation, int, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, 0, err
	}
	f := AccreditationFilter{SchemeID: q.SchemeID, UserID: q.UserID}
	switch {
	case auth.Can(a, auth.ActAccreditationManage), auth.Can(a, auth.ActAssessmentManage):
	case auth.Can(a, auth.ActAssessIndependent):
		f.UserID = a.UserID
	default:
		return nil, 0, fault.New(fault.Forbidden, "Danh sách đánh giá viên dành cho cán bộ quản lý và chính đánh giá viên.",
			"The accreditations are for the officers and the assessors themselves.")
	}
	today := day(s.now())
	switch q.Status {
	case string(AccreditationActive):
		f.Statuses, f.ExpiresFrom = []AccreditationStatus{AccreditationActive}, today
	case string(AccreditationSuspended), string(AccreditationWithdrawn):
		f.Statuses = []AccreditationStatus{AccreditationStatus(q.Status)}
	case string(AccreditationExpired):
		f.Statuses, f.ExpiresBefore = []AccreditationStatus{AccreditationActive}, today
	case "expiring":
		f.Statuses, f.ExpiresFrom, f.ExpiresBefore = []AccreditationStatus{AccreditationActive}, today, today.AddDate(0, 0, ExpiringDays+1)
	}
	if q.PerPage <= 0 {
		q.PerPage = 50
	}
	f.Limit = min(q.PerPage, MaxAccreditationsPage)
	if q.Page > 1 {
		f.Offset = (min(q.Page, 100000) - 1) * f.Limit
	}
	return s.store.FindAccreditations(ctx, f)
}

// Accreditation returns an accreditation with its history, to those who
// see it (NotFound otherwise).
func (s *Service) Accreditation(ctx context.Context, id AccreditationID) (*Accreditation, []*AccreditationEvent, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	x, err := s.store.FindAccreditation(ctx, id)
	if fault.Is(err, fault.NotFound) || err == nil && !mayViewAccreditation(a, x) {
		return nil, nil, errAccreditationNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	evs, err := s.store.FindAccreditationEvents(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return x, evs, nil
}

func mayViewAccreditation(a *auth.Actor, x *Accreditation) bool {
	return auth.Can(a, auth.ActAccreditationManage) || auth.Can(a, auth.ActAssessmentManage) ||
		auth.Can(a, auth.ActAssessIndependent) && x.UserID == a.UserID
}

// Assessors returns the active accounts of role assessor, for the grant
// form (MaxAssessorOptions of them at most, by name). Those who manage
// accreditations only.
func (s *Service) Assessors(ctx context.Context) ([]Account, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActAccreditationManage) {
		return nil, accreditationDenied()
	}
	return s.store.FindAccounts(ctx, AccountFilter{Role: auth.RoleAssessor, Limit: MaxAssessorOptions})
}

// AccreditationInput is an accreditation as an officer grants it. Number
// empty: the platform numbers it (DGV-<scheme>-<year>-<nnnn>); ExpiresOn
// zero: AccreditationYears after GrantedOn; GrantedOn zero: today.
type AccreditationInput struct {
	UserID    auth.UserID `json:"user_id" minimum:"1" doc:"Tài khoản đánh giá viên (an account of role assessor)"`
	SchemeID  SchemeID    `json:"scheme_id" minimum:"1"`
	Number    string      `json:"number" required:"false" doc:"Số quyết định; rỗng = hệ thống đánh số"`
	GrantedOn time.Time   `json:"granted_on" required:"false" doc:"Ngày công nhận; mặc định hôm nay"`
	ExpiresOn time.Time   `json:"expires_on" required:"false" doc:"Ngày hết hạn; mặc định sau 3 năm"`
	Note      string      `json:"note" required:"false"`
}

func checkReason(reason string, required bool) (string, error) {
	if accreditationBadText(reason) {
		return "", accreditationTextError("reason")
	}
	reason = vn.NFC(reason)
	switch n := utf8.RuneCountInString(reason); {
	case n == 0 && required:
		return "", fault.New(fault.Invalid, "Vui lòng nêu lý do.", "Please give the reason.").Field("reason", "Vui lòng nêu lý do.", "Please give the reason.")
	case n > maxAccreditationText:
		return "", fault.New(fault.Invalid, "Lý do quá dài.", "The reason is too long.").
			Field("reason", fmt.Sprintf("Tối đa %d ký tự.", maxAccreditationText), fmt.Sprintf("At most %d characters.", maxAccreditationText))
	}
	return reason, nil
}

// schemeSeries is an accreditation number's series of a scheme and year.
func schemeSeries(code string, year int) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return fmt.Sprintf("DGV-%s-%d", b.String(), year)
}

// GrantAccreditation accredits an account of role assessor on a scheme.
// An assessor accredited on the scheme already is refused (renew or
// reinstate that accreditation), unless it is withdrawn or expired: then
// the same accreditation is granted again, with a new number and dates
// (GrantedOn, ExpiresOn), active; its history and the audit log keep the
// old ones. A number left empty is the next free one of the scheme's
// series of the year: numbers typed by officers are skipped.
// ActAccreditationManage.
func (s *Service) GrantAccreditation(ctx context.Context, in AccreditationInput) (*Accreditation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActAccreditationManage) {
		return nil, accreditationDenied()
	}
	today := day(s.now())
	rawBad := fault.Fields{}
	for field, text := range map[string]string{"number": in.Number, "note": in.Note} {
		if accreditationBadText(text) {
			rawBad.Add(field, accreditationTextMessage.Vi, accreditationTextMessage.En)
		}
	}
	in.Number, in.Note = strings.TrimSpace(vn.NFC(in.Number)), vn.NFC(in.Note)
	if in.GrantedOn.IsZero() {
		in.GrantedOn = today
	}
	in.GrantedOn = day(in.GrantedOn)
	if in.ExpiresOn.IsZero() {
		in.ExpiresOn = in.GrantedOn.AddDate(AccreditationYears, 0, -1)
	}
	in.ExpiresOn = day(in.ExpiresOn)
	bad := fault.Fields{}
	acct, err := s.store.FindAccount(ctx, in.UserID)
	switch {
	case fault.Is(err, fault.NotFound) || in.UserID == 0:
		bad.Add("user_id", "Vui lòng chọn tài khoản đánh giá viên.", "Please choose an assessor's account.")
	case err != nil:
		return nil, err
	case acct.Role != auth.RoleAssessor:
		bad.Add("user_id", "Tài khoản "+acct.Email+" không có vai trò đánh giá viên: chỉ công nhận được tài khoản đánh giá viên.",
			"The account "+acct.Email+" is not of role assessor: only assessors can be accredited.")
	case !acct.Active:
		bad.Add("user_id", "Tài khoản "+acct.Email+" đang bị khóa.", "The account "+acct.Email+" is disabled.")
	}
	sc, err := s.store.FindScheme(ctx, in.SchemeID)
	switch {
	case fault.Is(err, fault.NotFound) || in.SchemeID == 0:
		bad.Add("scheme_id", "Vui lòng chọn bộ tiêu chí.", "Please choose a scheme.")
	case err != nil:
		return nil, err
	case sc.Archived:
		bad.Add("scheme_id", "Bộ tiêu chí đã ngừng áp dụng.", "The scheme is archived.")
	}
	if in.Number != "" && (utf8.RuneCountInString(in.Number) > maxAccreditationNumber || !accreditationNumber.MatchString(in.Number)) {
		bad.Add("number", fmt.Sprintf("Số quyết định gồm chữ, số và / . _ -, tối đa %d ký tự.", maxAccreditationNumber),
			fmt.Sprintf("A number has letters, digits and / . _ -, at most %d characters.", maxAccreditationNumber))
	}
	switch {
	case in.GrantedOn.After(today):
		bad.Add("granted_on", "Ngày công nhận không được ở tương lai.", "The date granted may not be in the future.")
	case in.GrantedOn.Before(today.AddDate(-20, 0, 0)):
		bad.Add("granted_on", "Ngày công nhận không hợp lệ.", "Not a valid date granted.")
	}
	switch {
	case !in.ExpiresOn.After(in.GrantedOn):
		bad.Add("expires_on", "Ngày hết hạn phải sau ngày công nhận.", "The expiry must be after the date granted.")
	case in.ExpiresOn.After(in.GrantedOn.AddDate(10, 0, 0)):
		bad.Add("expires_on", "Thời hạn công nhận tối đa 10 năm.", "An accreditation lasts 10 years at most.")
	}
	if utf8.RuneCountInString(in.Note) > maxAccreditationText {
		bad.Add("note", fmt.Sprintf("Tối đa %d ký tự.", maxAccreditationText), fmt.Sprintf("At most %d characters.", maxAccreditationText))
	}
	for k, m := range rawBad {
		bad[k] = m
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	x := &Accreditation{UserID: in.UserID, UserName: acct.Name, SchemeID: sc.ID, SchemeCode: sc.Code, SchemeName: sc.Name,
		Number: in.Number, GrantedOn: in.GrantedOn, ExpiresOn: in.ExpiresOn, Status: AccreditationActive, Note: in.Note,
		CreatedAt: now, UpdatedAt: now}
	err = s.store.Tx(ctx, func(tx Store) error {
		old, err := tx.FindAccreditationFor(ctx, in.UserID, sc.ID)
		switch {
		case err == nil:
			if st := old.StandingOn(today); st != AccreditationWithdrawn && st != AccreditationExpired {
				return alreadyAccredited(old.Number)
			}
			return s.regrant(ctx, tx, a, old, x, in.Number != "")
		case !fault.Is(err, fault.NotFound):
			return err
		}
		for attempt := 0; ; attempt++ {
			if in.Number == "" {
				if x.Number, err = s.freeNumber(ctx, tx, sc.Code, in.GrantedOn.Year()); err != nil {
					return err
				}
			} else if used, err := tx.AccreditationNumberUsed(ctx, x.Number); err != nil {
				return err
			} else if used {
				return numberUsed(x.Number)
			}
			err := tx.CreateAccreditation(ctx, x, a.UserID)
			if err == nil {
				break
			}
			if !fault.Is(err, fault.Conflict) {
				return err
			}
			if _, dup := fault.FieldsOf(err)["user_id"]; dup {
				// Granted by someone else meanwhile.
				if got, ferr := tx.FindAccreditationFor(ctx, in.UserID, sc.ID); ferr == nil {
					return alreadyAccredited(got.Number)
				}
				return alreadyAccredited("")
			}
			if in.Number != "" || attempt >= 100 {
				return numberUsed(x.Number)
			}
			// The number was typed for another grant meanwhile: the next one.
		}
		exp := x.ExpiresOn
		if err := tx.AddAccreditationEvent(ctx, &AccreditationEvent{AccreditationID: x.ID, Action: "grant", ExpiresAfter: &exp,
			NumberAfter: x.Number, Reason: in.Note, ActorID: a.UserID, At: now}); err != nil {
			return err
		}
		return s.record(ctx, tx, "assessment.accreditation.grant", "assessor_accreditation", int64(x.ID), nil, x)
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindAccreditation(ctx, x.ID)
}

// regrant grants withdrawn or expired accreditation old again with x's
// number (the next free one unless typed), dates and note, in tx; x takes
// old's ID.
func (s *Service) regrant(ctx context.Context, tx Store, a *auth.Actor, old, x *Accreditation, typed bool) error {
	if typed {
		used, err := tx.AccreditationNumberUsed(ctx, x.Number)
		if err != nil {
			return err
		}
		if used {
			return numberUsed(x.Number)
		}
	} else {
		n, err := s.freeNumber(ctx, tx, x.SchemeCode, x.GrantedOn.Year())
		if err != nil {
			return err
		}
		x.Number = n
	}
	after := *old
	after.Number, after.GrantedOn, after.ExpiresOn, after.Status, after.Note, after.UpdatedAt =
		x.Number, x.GrantedOn, x.ExpiresOn, AccreditationActive, x.Note, x.UpdatedAt
	if err := tx.RegrantAccreditation(ctx, &after); err != nil {
		if fault.Is(err, fault.Conflict) {
			// Granted again (or changed) by someone else meanwhile.
			if got, ferr := tx.FindAccreditation(ctx, old.ID); ferr == nil && got.Status == AccreditationActive {
				return alreadyAccredited(got.Number)
			}
			return fault.New(fault.Conflict, "Quyết định công nhận vừa được người khác thay đổi. Vui lòng tải lại trang rồi thực hiện lại.",
				"Someone else changed this accreditation meanwhile. Please reload the page and try again.")
		}
		return err
	}
	x.ID = after.ID
	b, e := old.ExpiresOn, after.ExpiresOn
	if err := tx.AddAccreditationEvent(ctx, &AccreditationEvent{AccreditationID: old.ID, Action: "regrant", ExpiresBefore: &b, ExpiresAfter: &e,
		NumberBefore: old.Number, NumberAfter: after.Number, Reason: x.Note, ActorID: a.UserID, At: x.UpdatedAt}); err != nil {
		return err
	}
	return s.record(ctx, tx, "assessment.accreditation.regrant", "assessor_accreditation", int64(old.ID), old, &after)
}

// freeNumber returns the next number of the scheme's series of year that
// no accreditation has (an officer may have typed one of the series).
func (s *Service) freeNumber(ctx context.Context, tx Store, scheme string, year int) (string, error) {
	series := schemeSeries(scheme, year)
	for range 10000 {
		n, err := tx.NextAccreditationNumber(ctx, series)
		if err != nil {
			return "", err
		}
		number := fmt.Sprintf("%s-%04d", series, n)
		used, err := tx.AccreditationNumberUsed(ctx, number)
		if err != nil {
			return "", err
		}
		if !used {
			return number, nil
		}
	}
	return "", fault.Internalf("assessment: no free accreditation number in series %s", series)
}

// alreadyAccredited refuses a second accreditation of an assessor on a
// scheme (number: the one there is, when known).
func alreadyAccredited(number string) error {
	no, noEn := "", ""
	if number != "" {
		no, noEn = " (số "+number+")", " (no. "+number+")"
	}
	return fault.New(fault.Conflict, "Đánh giá viên đã được công nhận cho bộ tiêu chí này"+no+": hãy gia hạn hoặc khôi phục quyết định đó.",
		"The assessor is already accredited on this scheme"+noEn+": renew or reinstate that accreditation.").
		Field("user_id", "Đã có quyết định công nhận"+no+".", "Already accredited"+noEn+".")
}

// numberUsed refuses a decision number another accreditation has.
func numberUsed(number string) error {
	return fault.New(fault.Conflict, "Số quyết định "+number+" đã được dùng.", "The number "+number+" is already used.").
		Field("number", "Số này đã được dùng.", "This number is already used.")
}

// changeAccreditation applies change to accreditation id at version, with
// its history entry, for those who manage accreditations.
func (s *Service) changeAccreditation(ctx context.Context, id AccreditationID, version int, action, reason string,
	change func(x *Accreditation) error) (*Accreditation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActAccreditationManage) {
		return nil, accreditationDenied()
	}
	now := s.now()
	err = s.store.Tx(ctx, func(tx Store) error {
		x, err := tx.FindAccreditation(ctx, id)
		if fault.Is(err, fault.NotFound) {
			return errAccreditationNotFound
		}
		if err != nil {
			return err
		}
		if x.Version != version {
			return fault.New(fault.Conflict, "Quyết định công nhận vừa được người khác thay đổi. Vui lòng tải lại trang rồi thực hiện lại.",
				"Someone else changed this accreditation meanwhile. Please reload the page and try again.")
		}
		after := *x
		if err := change(&after); err != nil {
			return err
		}
		after.UpdatedAt = now
		if err := tx.UpdateAccreditation(ctx, &after); err != nil {
			if fault.Is(err, fault.Conflict) {
				return fault.New(fault.Conflict, "Quyết định công nhận vừa được người khác thay đổi. Vui lòng tải lại trang rồi thực hiện lại.",
					"Someone else changed this accreditation meanwhile. Please reload the page and try again.")
			}
			return err
		}
		ev := &AccreditationEvent{AccreditationID: x.ID, Action: action, Reason: reason, ActorID: a.UserID, At: now}
		if !after.ExpiresOn.Equal(x.ExpiresOn) {
			b, e := x.ExpiresOn, after.ExpiresOn
			ev.ExpiresBefore, ev.ExpiresAfter = &b, &e
		}
		if err := tx.AddAccreditationEvent(ctx, ev); err != nil {
			return err
		}
		return s.record(ctx, tx, "assessment.accreditation."+action, "assessor_accreditation", int64(x.ID), x, &after)
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindAccreditation(ctx, id)
}

// RenewAccreditation moves an accreditation's expiry later (a date after
// the current expiry; the history keeps the old one). A withdrawn
// accreditation is not renewed.
func (s *Service) RenewAccreditation(ctx context.Context, id AccreditationID, version int, expires time.Time, note string) (*Accreditation, error) {
	note, err := checkReason(note, false)
	if err != nil {
		return nil, err
	}
	return s.changeAccreditation(ctx, id, version, "renew", note, func(x *Accreditation) error {
		if x.Status == AccreditationWithdrawn {
			return fault.New(fault.Conflict, "Quyết định đã bị thu hồi nên không gia hạn được; hãy công nhận lại đánh giá viên (một quyết định mới).",
				"A withdrawn accreditation cannot be renewed: grant the assessor the scheme again (a new decision).")
		}
		if expires.IsZero() {
			return fault.New(fault.Invalid, "Vui lòng nhập ngày hết hạn mới.", "Please enter the new expiry.").
				Field("expires_on", "Vui lòng nhập ngày hết hạn mới (dd/mm/yyyy).", "Please enter the new expiry (dd/mm/yyyy).")
		}
		expires = day(expires)
		switch {
		case !expires.After(x.ExpiresOn):
			return fault.New(fault.Invalid, "Ngày hết hạn mới phải sau ngày hết hạn hiện tại.", "The new expiry must be after the current one.").
				Field("expires_on", "Ngày hết hạn mới phải sau "+vn.Date(x.ExpiresOn)+".", "The new expiry must be after "+vn.Date(x.ExpiresOn)+".")
		case expires.After(day(s.now()).AddDate(10, 0, 0)):
			return fault.New(fault.Invalid, "Gia hạn tối đa 10 năm kể từ hôm nay.", "A renewal reaches 10 years from today at most.").
				Field("expires_on", "Tối đa 10 năm kể từ hôm nay.", "10 years from today at most.")
		}
		x.ExpiresOn = expires
		return nil
	})
}

// SuspendAccreditation suspends an active accreditation, with a reason:
// the assessor is not assigned while suspended.
func (s *Service) SuspendAccreditation(ctx context.Context, id AccreditationID, version int, reason string) (*Accreditation, error) {
	reason, err := checkReason(reason, true)
	if err != nil {
		return nil, err
	}
	return s.changeAccreditation(ctx, id, version, "suspend", reason, func(x *Accreditation) error {
		if x.Status != AccreditationActive {
			return fault.New(fault.Conflict, "Chỉ tạm đình chỉ được quyết định đang hiệu lực.", "Only an active accreditation can be suspended.")
		}
		x.Status = AccreditationSuspended
		return nil
	})
}

// ReinstateAccreditation makes a suspended accreditation active again.
func (s *Service) ReinstateAccreditation(ctx context.Context, id AccreditationID, version int, reason string) (*Accreditation, error) {
	reason, err := checkReason(reason, false)
	if err != nil {
		return nil, err
	}
	return s.changeAccreditation(ctx, id, version, "reinstate", reason, func(x *Accreditation) error {
		if x.Status != AccreditationSuspended {
			return fault.New(fault.Conflict, "Chỉ khôi phục được quyết định đang tạm đình chỉ.", "Only a suspended accreditation can be reinstated.")
		}
		x.Status = AccreditationActive
		return nil
	})
}

// WithdrawAccreditation withdraws an accreditation for good, with a reason.
func (s *Service) WithdrawAccreditation(ctx context.Context, id AccreditationID, version int, reason string) (*Accreditation, error) {
	reason, err := checkReason(reason, true)
	if err != nil {
		return nil, err
	}
	return s.changeAccreditation(ctx, id, version, "withdraw", reason, func(x *Accreditation) error {
		if x.Status == AccreditationWithdrawn {
			return fault.New(fault.Conflict, "Quyết định đã bị thu hồi.", "The accreditation is already withdrawn.")
		}
		x.Status = AccreditationWithdrawn
		return nil
	})
}
