package training

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

var errSessionNotFound = fault.New(fault.NotFound, "Không tìm thấy lớp học.", "Session not found.")

func sessionDenied() error {
	return fault.New(fault.Forbidden, "Lớp học do đơn vị mở lớp quản lý: lớp của Bộ do cán bộ Bộ, lớp của Sở Công Thương một tỉnh do cán bộ tỉnh đó (kể cả khi lớp của Bộ tổ chức tại tỉnh).",
		"A session is run by the unit that created it: the ministry's by ministry officers, a province's by that province's officers (even when the ministry's is held in the province).")
}

// SessionInput is a session as an officer enters it.
type SessionInput struct {
	CourseID        CourseID  `json:"course_id" minimum:"1"`
	StartsOn        time.Time `json:"starts_on" doc:"Ngày khai giảng (the first day)"`
	EndsOn          time.Time `json:"ends_on" doc:"Ngày kết thúc (the last day)"`
	Place           string    `json:"place" doc:"Địa điểm (venue and address)"`
	ProvinceCode    string    `json:"province_code" doc:"Tỉnh/thành nơi tổ chức"`
	TrainerName     string    `json:"trainer_name" required:"false" doc:"Giảng viên; có thể để trống khi chọn chuyên gia trong danh bạ"`
	TrainerExpertID int64     `json:"trainer_expert_id" required:"false" doc:"Mã chuyên gia trong danh bạ (a directory expert), 0 = không"`
	Capacity        int       `json:"capacity" minimum:"1" maximum:"500"`
	Note            string    `json:"note" required:"false"`
}

// Check validates a session: dates in order, a place, a known province,
// a trainer (a name or a directory expert) and a capacity of 1 to
// MaxCapacity.
func (in *SessionInput) Check(province func(string) bool) error {
	raw := fault.Fields{}
	checkTexts(raw, "place", in.Place, "trainer_name", in.TrainerName, "note", in.Note, "province_code", in.ProvinceCode)
	if _, ok := raw["province_code"]; ok {
		in.ProvinceCode = ""
	}
	in.Place, in.TrainerName, in.Note = vn.NFC(in.Place), vn.NFC(in.TrainerName), vn.NFC(in.Note)
	in.ProvinceCode = strings.TrimSpace(in.ProvinceCode)
	bad := fault.Fields{}
	switch {
	case in.StartsOn.IsZero():
		bad.Add("starts_on", "Vui lòng nhập ngày khai giảng (dd/mm/yyyy).", "Please enter the first day (dd/mm/yyyy).")
	case in.EndsOn.IsZero():
		bad.Add("ends_on", "Vui lòng nhập ngày kết thúc (dd/mm/yyyy).", "Please enter the last day (dd/mm/yyyy).")
	case day(in.EndsOn).Before(day(in.StartsOn)):
		bad.Add("ends_on", "Ngày kết thúc không được trước ngày khai giảng.", "The last day may not be before the first.")
	case day(in.EndsOn).Sub(day(in.StartsOn)) > 366*24*time.Hour:
		bad.Add("ends_on", "Một lớp học kéo dài tối đa một năm.", "A session lasts a year at most.")
	}
	switch n := utf8.RuneCountInString(in.Place); {
	case n == 0:
		bad.Add("place", "Vui lòng nhập địa điểm tổ chức.", "Please enter the venue.")
	case n > MaxTitle:
		bad.Add("place", fmt.Sprintf("Tối đa %d ký tự.", MaxTitle), fmt.Sprintf("At most %d characters.", MaxTitle))
	}
	if !province(in.ProvinceCode) {
		bad.Add("province_code", "Vui lòng chọn tỉnh/thành nơi tổ chức.", "Please choose the province it is held in.")
	}
	switch n := utf8.RuneCountInString(in.TrainerName); {
	case n == 0 && in.TrainerExpertID == 0:
		bad.Add("trainer_name", "Vui lòng nhập tên giảng viên hoặc chọn chuyên gia trong danh bạ.", "Please enter the trainer's name or choose a directory expert.")
	case n > MaxName:
		bad.Add("trainer_name", fmt.Sprintf("Tối đa %d ký tự.", MaxName), fmt.Sprintf("At most %d characters.", MaxName))
	}
	if in.TrainerExpertID < 0 {
		bad.Add("trainer_expert_id", "Mã chuyên gia không hợp lệ.", "Not a valid expert id.")
	}
	if in.Capacity < 1 || in.Capacity > MaxCapacity {
		bad.Add("capacity", fmt.Sprintf("Sĩ số từ 1 đến %d học viên.", MaxCapacity), fmt.Sprintf("The capacity is 1 to %d participants.", MaxCapacity))
	}
	if utf8.RuneCountInString(in.Note) > MaxText {
		bad.Add("note", fmt.Sprintf("Tối đa %d ký tự.", MaxText), fmt.Sprintf("At most %d characters.", MaxText))
	}
	in.StartsOn, in.EndsOn = day(in.StartsOn), day(in.EndsOn)
	for k, m := range raw {
		bad[k] = m
	}
	return bad.Err()
}

// SessionQuery is what a visitor filters the sessions by.
type SessionQuery struct {
	CourseID CourseID
	Tool     string
	Level    Level
	Province string
	Status   SessionStatus
	Upcoming bool // not ended yet, not cancelled: soonest first
	Page     int  // 1-based
	PerPage  int
}

// Sessions returns the sessions matching q (public) and their total:
// upcoming ones soonest first, else the latest first.
func (s *Service) Sessions(ctx context.Context, q SessionQuery) ([]*Session, int, error) {
	if badText(q.Tool) || badText(q.Province) {
		return nil, 0, nil
	}
	f := SessionFilter{CourseID: q.CourseID, Tool: q.Tool, Level: q.Level, Province: q.Province, Latest: !q.Upcoming}
	if !f.Level.Valid() {
		f.Level = 0
	}
	if q.Status.Valid() {
		f.Statuses = []SessionStatus{q.Status}
	}
	if q.Upcoming {
		f.EndsFrom = s.Today()
		if f.Statuses == nil {
			f.Statuses = []SessionStatus{SessionPlanned, SessionOpen, SessionInProgress}
		}
	}
	if q.PerPage <= 0 || q.PerPage > 200 {
		q.PerPage = 50
	}
	f.Limit = q.PerPage
	if q.Page > 1 {
		f.Offset = (q.Page - 1) * q.PerPage
	}
	return s.store.FindSessions(ctx, f)
}

// Session returns a session (public).
func (s *Service) Session(ctx context.Context, id SessionID) (*Session, error) {
	x, err := s.store.FindSession(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errSessionNotFound
	}
	return x, err
}

// trainer fills the trainer's name from the directory when an expert is
// chosen.
func (s *Service) trainer(ctx context.Context, tx Store, in *SessionInput) error {
	if in.TrainerExpertID == 0 {
		return nil
	}
	name, err := tx.FindExpertName(ctx, in.TrainerExpertID)
	if fault.Is(err, fault.NotFound) {
		return fault.New(fault.Invalid, "Không tìm thấy chuyên gia trong danh bạ.", "No such expert in the directory.").
			Field("trainer_expert_id", "Không có chuyên gia mang mã này trong danh bạ.", "No expert of the directory has this id.")
	}
	if err != nil {
		return err
	}
	if in.TrainerName == "" {
		in.TrainerName = name
	}
	return nil
}

// CreateSession plans a session of a course (not archived), held in a
// province: ministry officers anywhere, a provincial officer in their
// province. The creator's unit owns the session (OwnerProvince): the
// ministry's, or the provincial officer's province.
func (s *Service) CreateSession(ctx context.Context, in SessionInput) (*Session, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if !auth.Can(a, auth.ActTrainingManage) {
		return nil, sessionDenied()
	}
	if a.Role == auth.RoleProvince {
		in.ProvinceCode = a.ProvinceCode
	}
	if err := in.Check(s.knownProvince); err != nil {
		return nil, err
	}
	if !mayRun(a, in.ProvinceCode) {
		return nil, sessionDenied()
	}
	now := s.now()
	x := &Session{CourseID: in.CourseID, StartsOn: in.StartsOn, EndsOn: in.EndsOn, Place: in.Place, ProvinceCode: in.ProvinceCode,
		OwnerProvince: unitOf(a), TrainerExpertID: in.TrainerExpertID, Capacity: in.Capacity, Status: SessionPlanned, Note: in.Note, CreatedBy: a.UserID,
		CreatedAt: now, UpdatedAt: now}
	err = s.store.Tx(ctx, func(tx Store) error {
		c, err := tx.FindCourse(ctx, in.CourseID)
		if fault.Is(err, fault.NotFound) {
			return fault.New(fault.Invalid, "Không tìm thấy khóa học.", "No such course.").Field("course_id", "Vui lòng chọn khóa học.", "Please choose a course.")
		}
		if err != nil {
			return err
		}
		if c.Archived {
			return fault.New(fault.Invalid, "Khóa học đã ngừng mở lớp.", "The course takes no new sessions.").
				Field("course_id", "Khóa học này đã ngừng mở lớp mới.", "This course takes no new sessions.")
		}
		if err := s.trainer(ctx, tx, &in); err != nil {
			return err
		}
		x.TrainerName = in.TrainerName
		if err := tx.CreateSession(ctx, x); err != nil {
			return err
		}
		return s.record(ctx, tx, "training.session.create", "training_session", int64(x.ID), nil, x)
	})
	if err != nil {
		return nil, err
	}
	return s.Session(ctx, x.ID)
}

// writableSession reads session id for a change by a: run by a (its
// owner unit's officer), at version.
func writableSession(ctx context.Context, tx Store, a *auth.Actor, id SessionID, version int) (*Session, error) {
	x, err := tx.FindSession(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errSessionNotFound
	}
	if err != nil {
		return nil, err
	}
	if !mayRunSession(a, x) {
		return nil, sessionDenied()
	}
	if x.Version != version {
		return nil, conflict("Lớp học")
	}
	return x, nil
}

// UpdateSession changes a planned or open session (its course stays): the
// capacity may not fall below the enrolments.
func (s *Service) UpdateSession(ctx context.Context, id SessionID, version int, in SessionInput) (*Session, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	err = s.store.Tx(ctx, func(tx Store) error {
		x, err := writableSession(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		if x.Status != SessionPlanned && x.Status != SessionOpen {
			return fault.New(fault.Conflict, "Lớp đã bắt đầu, kết thúc hoặc bị hủy nên không sửa được nữa.",
				"The session has started, ended or been cancelled and can no longer be changed.")
		}
		in.CourseID = x.CourseID
		if a.Role == auth.RoleProvince {
			in.ProvinceCode = x.ProvinceCode
		}
		if err := in.Check(s.knownProvince); err != nil {
			return err
		}
		if !mayRun(a, in.ProvinceCode) {
			return sessionDenied()
		}
		if in.Capacity < x.Enrolled {
			return fault.New(fault.Invalid, "Sĩ số nhỏ hơn số học viên đã ghi danh.", "The capacity is below the enrolments.").
				Field("capacity", fmt.Sprintf("Đã có %d học viên ghi danh: sĩ số không được nhỏ hơn.", x.Enrolled),
					fmt.Sprintf("%d participants are enrolled: the capacity may not be lower.", x.Enrolled))
		}
		if err := s.trainer(ctx, tx, &in); err != nil {
			return err
		}
		after := *x
		after.StartsOn, after.EndsOn, after.Place, after.ProvinceCode = in.StartsOn, in.EndsOn, in.Place, in.ProvinceCode
		after.TrainerName, after.TrainerExpertID, after.Capacity, after.Note, after.UpdatedAt = in.TrainerName, in.TrainerExpertID, in.Capacity, in.Note, now
		if err := tx.UpdateSession(ctx, &after); err != nil {
			return stale(err, "Lớp học")
		}
		return s.record(ctx, tx, "training.session.update", "training_session", int64(x.ID), x, &after)
	})
	if err != nil {
		return nil, err
	}
	return s.Session(ctx, id)
}

// moveSession changes a session's status from one of from to to.
func (s *Service) moveSession(ctx context.Context, id SessionID, version int, to SessionStatus, reason string, from ...SessionStatus) (*Session, error) {
	a, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	err = s.store.Tx(ctx, func(tx Store) error {
		x, err := writableSession(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		ok := false
		for _, f := range from {
			ok = ok || x.Status == f
		}
		if !ok {
			return fault.New(fault.Conflict, "Lớp đang ở trạng thái “"+x.Status.Label().Vi+"” nên không chuyển sang “"+to.Label().Vi+"” được.",
				"The session is "+strings.ToLower(x.Status.Label().En)+" and cannot become "+strings.ToLower(to.Label().En)+".")
		}
		after := *x
		after.Status, after.UpdatedAt = to, now
		if to == SessionCancelled {
			after.CancelReason = reason
		}
		if err := tx.UpdateSession(ctx, &after); err != nil {
			return stale(err, "Lớp học")
		}
		if err := s.record(ctx, tx, "training.session."+string(to), "training_session", int64(x.ID), x, &after); err != nil {
			return err
		}
		if to == SessionCancelled {
			// After the session's row is written: an enrolment that took
			// its seat before is read here; one after finds it cancelled.
			return s.cancelEnrolments(ctx, tx, x, reason)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Session(ctx, id)
}

// cancelEnrolments cancels the enrolments of cancelled session x and
// frees their seats, each with its audit entry.
func (s *Service) cancelEnrolments(ctx context.Context, tx Store, x *Session, reason string) error {
	es, err := tx.FindEnrolments(ctx, EnrolmentFilter{SessionID: x.ID, Statuses: []EnrolmentStatus{EnrolEnrolled}})
	if err != nil {
		return err
	}
	now := s.now()
	for _, e := range es {
		after := *e
		after.Status, after.UpdatedAt = EnrolCancelled, now
		if err := tx.UpdateEnrolment(ctx, &after); err != nil {
			return stale(err, "Đăng ký của "+e.FullName)
		}
		if err := tx.FreeSeat(ctx, x.ID); err != nil {
			return err
		}
		if err := s.record(ctx, tx, "training.enrolment.cancel", "training_enrolment", int64(e.ID), e,
			map[string]any{"enrolment": &after, "reason": "session cancelled: " + reason}); err != nil {
			return err
		}
	}
	return nil
}

// OpenSession opens a planned session for enrolment.
func (s *Service) OpenSession(ctx context.Context, id SessionID, version int) (*Session, error) {
	return s.moveSession(ctx, id, version, SessionOpen, "", SessionPlanned)
}

// StartSession marks a planned or open session as in progress: enrolment
// closes, attendance and results may be recorded.
func (s *Service) StartSession(ctx context.Context, id SessionID, version int) (*Session, error) {
	return s.moveSession(ctx, id, version, SessionInProgress, "", SessionPlanned, SessionOpen)
}

// CancelSession cancels a session that is not completed, with a reason:
// its enrolments are cancelled with it (their seats freed).
func (s *Service) CancelSession(ctx context.Context, id SessionID, version int, reason string) (*Session, error) {
	if badText(reason) {
		return nil, textError("reason")
	}
	reason = vn.NFC(reason)
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		return nil, fault.New(fault.Invalid, "Vui lòng nêu lý do hủy lớp.", "Please give the reason for cancelling.").
			Field("reason", "Vui lòng nêu lý do hủy lớp.", "Please give the reason for cancelling.")
	case n > MaxReason:
		return nil, fault.New(fault.Invalid, "Lý do quá dài.", "The reason is too long.").
			Field("reason", fmt.Sprintf("Tối đa %d ký tự.", MaxReason), fmt.Sprintf("At most %d characters.", MaxReason))
	}
	return s.moveSession(ctx, id, version, SessionCancelled, reason, SessionPlanned, SessionOpen, SessionInProgress)
}
