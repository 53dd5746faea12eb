package training

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

var errEnrolmentNotFound = fault.New(fault.NotFound, "Không tìm thấy học viên.", "Enrolment not found.")

// EnrolInput is a participant as the one who enrols them enters them. An
// enterprise user enrols staff of their own enterprise (EnterpriseID is
// theirs, whatever is sent; another one is refused); an expert, assessor
// or judge enrols themself (the names come from their account); an
// officer enrols anyone, of any enterprise or none.
type EnrolInput struct {
	FullName     string                `json:"full_name" required:"false"`
	Email        string                `json:"email" required:"false"`
	JobTitle     string                `json:"job_title" required:"false"`
	Phone        string                `json:"phone" required:"false"`
	EnterpriseID registry.EnterpriseID `json:"enterprise_id" required:"false" doc:"Doanh nghiệp của học viên; người dùng doanh nghiệp chỉ ghi danh cho doanh nghiệp mình"`
}

// Check validates a participant: a name, an email, lengths.
func (in *EnrolInput) Check() error {
	raw := fault.Fields{}
	checkTexts(raw, "full_name", in.FullName, "email", in.Email, "job_title", in.JobTitle, "phone", in.Phone)
	in.FullName, in.JobTitle, in.Phone = vn.NFC(in.FullName), vn.NFC(in.JobTitle), strings.TrimSpace(in.Phone)
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	bad := fault.Fields{}
	switch n := utf8.RuneCountInString(in.FullName); {
	case n == 0:
		bad.Add("full_name", "Vui lòng nhập họ và tên học viên.", "Please enter the participant's full name.")
	case n > MaxName:
		bad.Add("full_name", fmt.Sprintf("Tối đa %d ký tự.", MaxName), fmt.Sprintf("At most %d characters.", MaxName))
	}
	if addr, err := mail.ParseAddress(in.Email); in.Email == "" || err != nil || addr.Address != in.Email || len(in.Email) > 254 {
		bad.Add("email", "Vui lòng nhập email hợp lệ của học viên, ví dụ ten@congty.vn.", "Please enter the participant's valid email, e.g. name@company.vn.")
	}
	if utf8.RuneCountInString(in.JobTitle) > MaxName {
		bad.Add("job_title", fmt.Sprintf("Tối đa %d ký tự.", MaxName), fmt.Sprintf("At most %d characters.", MaxName))
	}
	if len(in.Phone) > 20 || strings.Trim(in.Phone, "0123456789 +.()-") != "" {
		bad.Add("phone", "Số điện thoại chỉ gồm chữ số, dấu cách, + và -.", "A phone number has digits, spaces, + and - only.")
	}
	for k, m := range raw {
		bad[k] = m
	}
	return bad.Err()
}

// EnrolMode is how the actor may enrol in a session, for the pages.
type EnrolMode int

// The enrolment modes.
const (
	EnrolNone   EnrolMode = iota
	EnrolStaff            // an enterprise user: staff of their enterprise
	EnrolSelf             // an expert, assessor or judge: themself
	EnrolAnyone           // an officer who runs the session
)

// EnrolModeFor returns how the actor in ctx may enrol in x now (EnrolNone
// when the session does not take enrolments or the actor may not).
func (s *Service) EnrolModeFor(ctx context.Context, x *Session) EnrolMode {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() || x.Status != SessionOpen || s.Today().After(x.EndsOn) {
		return EnrolNone
	}
	switch {
	case mayRunSession(a, x):
		return EnrolAnyone
	case a.Role == auth.RoleEnterprise && auth.Can(a, auth.ActTrainingEnrol):
		return EnrolStaff
	case auth.Can(a, auth.ActTrainingEnrol):
		return EnrolSelf
	}
	return EnrolNone
}

func enrolDenied() error {
	return fault.New(fault.Forbidden, "Bạn không được ghi danh vào lớp này.", "You may not enrol in this session.")
}

// Enrol enrols a participant in an open session that has a seat left; the
// same email twice (not cancelled) is refused. See EnrolInput for who
// enrols whom.
func (s *Service) Enrol(ctx context.Context, id SessionID, in EnrolInput) (*Enrolment, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	x, err := s.Session(ctx, id)
	if err != nil {
		return nil, err
	}
	e := &Enrolment{SessionID: id, Status: EnrolEnrolled, EnrolledBy: a.UserID}
	switch {
	case mayRunSession(a, x):
	case a.Role == auth.RoleEnterprise && auth.Can(a, auth.ActTrainingEnrol):
		if in.EnterpriseID != 0 && int64(in.EnterpriseID) != a.EnterpriseID {
			return nil, fault.New(fault.Forbidden, "Bạn chỉ ghi danh được cho nhân sự của doanh nghiệp mình.",
				"You may enrol your own enterprise's staff only.").
				Field("enterprise_id", "Chỉ doanh nghiệp của bạn.", "Your own enterprise only.")
		}
		in.EnterpriseID = registry.EnterpriseID(a.EnterpriseID)
	case auth.Can(a, auth.ActTrainingEnrol):
		if in.EnterpriseID != 0 {
			return nil, fault.New(fault.Forbidden, "Bạn chỉ tự ghi danh cho chính mình.", "You may enrol yourself only.")
		}
		in.FullName, in.Email, e.UserID = a.Name, a.Email, a.UserID
		if in.FullName == "" {
			in.FullName = a.Email
		}
	default:
		return nil, enrolDenied()
	}
	if err := in.Check(); err != nil {
		return nil, err
	}
	if in.EnterpriseID != 0 {
		// The enterprise must exist (an officer may name any; the
		// enterprise user's own is theirs to see).
		if _, err := s.reg.FindEnterpriseByID(ctx, in.EnterpriseID); err != nil {
			if fault.Is(err, fault.NotFound) || fault.Is(err, fault.Forbidden) {
				return nil, fault.New(fault.Invalid, "Không tìm thấy doanh nghiệp.", "No such enterprise.").
					Field("enterprise_id", "Không tìm thấy doanh nghiệp này.", "No such enterprise.")
			}
			return nil, err
		}
	}
	e.FullName, e.Email, e.JobTitle, e.Phone, e.EnterpriseID = in.FullName, in.Email, in.JobTitle, in.Phone, in.EnterpriseID
	now := s.now()
	e.CreatedAt, e.UpdatedAt = now, now
	err = s.store.Tx(ctx, func(tx Store) error {
		x, err := tx.FindSession(ctx, id)
		if err != nil {
			return err
		}
		switch {
		case x.Status != SessionOpen:
			return fault.New(fault.Conflict, "Lớp không nhận ghi danh (trạng thái: "+x.Status.Label().Vi+").",
				"The session takes no enrolments (it is "+strings.ToLower(x.Status.Label().En)+").")
		case day(now).After(x.EndsOn):
			return fault.New(fault.Conflict, "Lớp đã kết thúc.", "The session is over.")
		}
		ok, err := tx.TakeSeat(ctx, id)
		if err != nil {
			return err
		}
		if !ok {
			// Full, or started or cancelled since it was read.
			if now, err := tx.FindSession(ctx, id); err == nil && now.Status != SessionOpen {
				return fault.New(fault.Conflict, "Lớp không nhận ghi danh (trạng thái: "+now.Status.Label().Vi+").",
					"The session takes no enrolments (it is "+strings.ToLower(now.Status.Label().En)+").")
			} else if err == nil {
				x = now
			}
			return fault.New(fault.Conflict, fmt.Sprintf("Lớp đã đủ %d học viên.", x.Capacity), fmt.Sprintf("The session is full (%d participants).", x.Capacity))
		}
		if err := tx.CreateEnrolment(ctx, e); err != nil {
			if fault.Is(err, fault.Conflict) {
				return s.duplicate(ctx, tx, a, x, e.Email)
			}
			return err
		}
		return s.record(ctx, tx, "training.enrolment.create", "training_enrolment", int64(e.ID), nil, e)
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindEnrolment(ctx, e.ID)
}

// duplicate is the answer to a second enrolment of email in session x:
// "already enrolled" to those who see the enrolment there is; to anyone
// else a conflict that says nothing of who is enrolled.
func (s *Service) duplicate(ctx context.Context, tx Store, a *auth.Actor, x *Session, email string) error {
	es, err := tx.FindEnrolments(ctx, EnrolmentFilter{SessionID: x.ID, Email: email,
		Statuses: []EnrolmentStatus{EnrolEnrolled, EnrolPassed, EnrolNotPassed}})
	if err != nil {
		return err
	}
	for _, e := range es {
		if mayViewEnrolment(a, x, e) {
			return fault.New(fault.Conflict, "Học viên với email "+email+" đã ghi danh vào lớp này.",
				"A participant with the email "+email+" is already enrolled in this session.").
				Field("email", "Email này đã ghi danh vào lớp.", "This email is already enrolled.")
		}
	}
	return fault.New(fault.Conflict, "Không ghi danh được học viên với email này vào lớp. Vui lòng kiểm tra lại email hoặc liên hệ đơn vị tổ chức lớp.",
		"This participant could not be enrolled in the session with this email. Please check the email or contact the organisers.").
		Field("email", "Không ghi danh được với email này; vui lòng liên hệ đơn vị tổ chức lớp.",
			"Cannot enrol with this email; please contact the organisers.")
}

// mayViewEnrolment reports whether a sees enrolment e of session x: the
// session's officers (those who run it or oversee it), the enrolment's
// enterprise users, the participant.
func mayViewEnrolment(a *auth.Actor, x *Session, e *Enrolment) bool {
	switch {
	case a.IsAnonymous():
		return false
	case mayOverseeSession(a, x):
		return true
	case a.Role == auth.RoleEnterprise:
		return e.EnterpriseID != 0 && int64(e.EnterpriseID) == a.EnterpriseID && auth.Can(a, auth.ActTrainingEnrol)
	}
	return e.UserID != 0 && e.UserID == a.UserID
}

// Roster returns the enrolments of a session the actor sees: every one
// to its officers, an enterprise's own to its users, one's own to a
// participant (empty for anyone else signed in).
func (s *Service) Roster(ctx context.Context, id SessionID) ([]*Enrolment, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	x, err := s.Session(ctx, id)
	if err != nil {
		return nil, err
	}
	f := EnrolmentFilter{SessionID: id}
	switch {
	case mayOverseeSession(a, x):
	case a.Role == auth.RoleEnterprise:
		if a.EnterpriseID == 0 {
			return nil, nil
		}
		f.EnterpriseID = registry.EnterpriseID(a.EnterpriseID)
	default:
		f.UserID = a.UserID
	}
	return s.store.FindEnrolments(ctx, f)
}

// CancelEnrolment cancels an enrolment: by the one who may see it before
// the session's first day; by the session's officers until it completes.
func (s *Service) CancelEnrolment(ctx context.Context, id EnrolmentID, version int) (*Enrolment, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out *Enrolment
	err = s.store.Tx(ctx, func(tx Store) error {
		e, err := tx.FindEnrolment(ctx, id)
		if fault.Is(err, fault.NotFound) {
			return errEnrolmentNotFound
		}
		if err != nil {
			return err
		}
		x, err := tx.FindSession(ctx, e.SessionID)
		if err != nil {
			return err
		}
		if !mayViewEnrolment(a, x, e) {
			return errEnrolmentNotFound
		}
		officer := mayRunSession(a, x)
		switch {
		case e.Version != version:
			return conflict("Đăng ký")
		case e.Status != EnrolEnrolled:
			return fault.New(fault.Conflict, "Đăng ký này đã hủy hoặc đã có kết quả.", "This enrolment is cancelled or has its result.")
		case x.Status == SessionCompleted || x.Status == SessionCancelled:
			return fault.New(fault.Conflict, "Lớp đã kết thúc hoặc bị hủy.", "The session is over or cancelled.")
		case !officer && !day(now).Before(x.StartsOn):
			return fault.New(fault.Conflict, "Chỉ hủy được đăng ký trước ngày khai giảng "+vn.Date(x.StartsOn)+"; sau đó hãy liên hệ đơn vị tổ chức.",
				"An enrolment can be cancelled before the first day ("+vn.Date(x.StartsOn)+") only; after it, contact the organisers.")
		}
		after := *e
		after.Status, after.UpdatedAt = EnrolCancelled, now
		if err := tx.UpdateEnrolment(ctx, &after); err != nil {
			return stale(err, "Đăng ký")
		}
		if err := tx.FreeSeat(ctx, x.ID); err != nil {
			return err
		}
		out = &after
		return s.record(ctx, tx, "training.enrolment.cancel", "training_enrolment", int64(e.ID), e, &after)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ResultInput is one participant's attendance and result. Score is for an
// exam (0–100), Passed for a practical assessment; nil leaves it not yet
// recorded.
type ResultInput struct {
	EnrolmentID   EnrolmentID `json:"enrolment_id" minimum:"1"`
	Version       int         `json:"version" minimum:"1" doc:"Phiên bản đã đọc (optimistic lock)"`
	AttendedHours *int        `json:"attended_hours,omitempty" required:"false" doc:"Số giờ đã tham dự"`
	Score         *int        `json:"score,omitempty" required:"false" doc:"Điểm bài kiểm tra viết, 0–100"`
	Passed        *bool       `json:"passed,omitempty" required:"false" doc:"Kết quả đánh giá thực hành"`
	Note          string      `json:"note" required:"false"`
}

// RecordResults records the attendance and results of participants of a
// session in progress, all or nothing: an hour count beyond the course's
// hours, a score outside 0–100, a stale version or a participant of
// another session changes nothing. The session's officers only.
func (s *Service) RecordResults(ctx context.Context, id SessionID, items []ResultInput) ([]*Enrolment, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	err = s.store.Tx(ctx, func(tx Store) error {
		x, err := tx.FindSession(ctx, id)
		if fault.Is(err, fault.NotFound) {
			return errSessionNotFound
		}
		if err != nil {
			return err
		}
		if !mayRunSession(a, x) {
			return sessionDenied()
		}
		if x.Status != SessionInProgress {
			return fault.New(fault.Conflict, "Chỉ ghi điểm danh và kết quả khi lớp đang học (trạng thái: "+x.Status.Label().Vi+").",
				"Attendance and results are recorded while the session is in progress (it is "+strings.ToLower(x.Status.Label().En)+").")
		}
		bad := fault.Fields{}
		type change struct{ before, after *Enrolment }
		var changes []change
		for _, it := range items {
			key := fmt.Sprintf("results.%d", it.EnrolmentID)
			e, err := tx.FindEnrolment(ctx, it.EnrolmentID)
			if fault.Is(err, fault.NotFound) || err == nil && e.SessionID != x.ID {
				bad.Add(key, "Học viên không thuộc lớp này.", "Not a participant of this session.")
				continue
			}
			if err != nil {
				return err
			}
			if e.Version != it.Version {
				return conflict("Kết quả của " + e.FullName)
			}
			if e.Status != EnrolEnrolled {
				bad.Add(key, e.FullName+": đăng ký đã hủy hoặc đã có kết quả.", e.FullName+": the enrolment is cancelled or has its result.")
				continue
			}
			if it.AttendedHours != nil && (*it.AttendedHours < 0 || *it.AttendedHours > x.TotalHours) {
				bad.Add(key+".attended_hours", fmt.Sprintf("Số giờ tham dự từ 0 đến %d.", x.TotalHours), fmt.Sprintf("Attended hours are 0 to %d.", x.TotalHours))
			}
			switch x.Assessment {
			case AssessExam:
				if it.Score != nil && (*it.Score < 0 || *it.Score > 100) {
					bad.Add(key+".score", "Điểm bài kiểm tra từ 0 đến 100.", "The exam score is 0 to 100.")
				}
				it.Passed = nil
			case AssessPractical:
				it.Score = nil
			}
			note := vn.NFC(it.Note)
			if utf8.RuneCountInString(note) > MaxReason {
				bad.Add(key+".note", fmt.Sprintf("Tối đa %d ký tự.", MaxReason), fmt.Sprintf("At most %d characters.", MaxReason))
			}
			if badText(it.Note) {
				bad.Add(key+".note", badTextMessage.Vi, badTextMessage.En)
			}
			after := *e
			after.AttendedHours, after.Score, after.Passed, after.ResultNote, after.UpdatedAt = it.AttendedHours, it.Score, it.Passed, note, now
			changes = append(changes, change{e, &after})
		}
		if err := bad.Err(); err != nil {
			return err
		}
		for _, c := range changes {
			if err := tx.UpdateEnrolment(ctx, c.after); err != nil {
				return stale(err, "Kết quả của "+c.before.FullName)
			}
			if err := s.record(ctx, tx, "training.enrolment.result", "training_enrolment", int64(c.before.ID), c.before, c.after); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindEnrolments(ctx, EnrolmentFilter{SessionID: id})
}

// Outcome is what completion decides for a participant.
type Outcome struct {
	AttendancePct int  // of the course's hours
	Attended      bool // at least the course's minimum
	Passed        bool // the exam's pass mark, or the practical assessment
	Recorded      bool // attendance and result are both recorded
}

// OutcomeOf returns e's outcome in session x.
func OutcomeOf(x *Session, e *Enrolment) Outcome {
	var o Outcome
	if e.AttendedHours != nil && x.TotalHours > 0 {
		o.AttendancePct = *e.AttendedHours * 100 / x.TotalHours
		o.Attended = *e.AttendedHours*100 >= x.MinAttendancePct*x.TotalHours
	}
	switch x.Assessment {
	case AssessExam:
		o.Passed = e.Score != nil && *e.Score >= x.PassMark
		o.Recorded = e.AttendedHours != nil && e.Score != nil
	case AssessPractical:
		o.Passed = e.Passed != nil && *e.Passed
		o.Recorded = e.AttendedHours != nil && e.Passed != nil
	}
	return o
}

// Eligible reports whether the outcome earns a credential.
func (o Outcome) Eligible() bool { return o.Attended && o.Passed }
