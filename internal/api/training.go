package api

// The operations of courses, sessions, enrolment, credentials and accreditations.

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/assessment"
	"nscl/internal/registry"
	"nscl/internal/training"
)

// The training types are wrapped in the API's own names: huma names a
// schema after its Go type, and other packages have a Credential, an
// Enrolment, a Session.
type (
	trainingCourse    struct{ *training.Course }
	trainingSession   struct{ *training.Session }
	trainingEnrolment struct{ *training.Enrolment }
)

func courses(cs []*training.Course) []trainingCourse {
	out := make([]trainingCourse, len(cs))
	for i, c := range cs {
		out[i] = trainingCourse{c}
	}
	return out
}

func sessions(xs []*training.Session) []trainingSession {
	out := make([]trainingSession, len(xs))
	for i, x := range xs {
		out[i] = trainingSession{x}
	}
	return out
}

func enrolments(es []*training.Enrolment) []trainingEnrolment {
	out := make([]trainingEnrolment, len(es))
	for i, e := range es {
		out[i] = trainingEnrolment{e}
	}
	return out
}

func (a *API) credentials(cs []*training.Credential) []practitionerCredential {
	out := make([]practitionerCredential, len(cs))
	for i, c := range cs {
		out[i] = a.credential(c)
	}
	return out
}

func (a *API) credential(c *training.Credential) practitionerCredential {
	return practitionerCredential{Credential: c, StatusToday: c.StatusOn(a.training.Today()), VerifyURL: a.training.VerifyURL(c.Code)}
}

type trainingIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

type courseListInput struct {
	Tool     string `query:"tool" example:"kaizen" doc:"Mã công cụ (catalogue tool code)"`
	Level    int    `query:"level" minimum:"0" maximum:"3" doc:"1 cơ bản, 2 thực hành, 3 chuyên gia; 0 = mọi cấp"`
	Archived bool   `query:"archived" doc:"Kèm khóa học đã ngừng mở lớp (cán bộ) (include archived courses, officers)"`
}

type courseListOutput struct {
	Body struct {
		Items []trainingCourse `json:"items"`
	}
}

type courseOutput struct {
	Body trainingCourse
}

type courseCreateInput struct {
	Body training.CourseInput
}

type coursePutInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version" minimum:"1" doc:"Phiên bản đã đọc (optimistic lock)"`
		training.CourseInput
	}
}

type sessionListInput struct {
	Tool     string `query:"tool"`
	Level    int    `query:"level" minimum:"0" maximum:"3"`
	Province string `query:"province" example:"01"`
	Status   string `query:"status" enum:"planned,open,in_progress,completed,cancelled"`
	Course   int64  `query:"course" minimum:"0"`
	Upcoming bool   `query:"upcoming" doc:"Chỉ lớp chưa kết thúc và chưa hủy, gần nhất trước (upcoming only, soonest first)"`
	Page     int    `query:"page" minimum:"0" maximum:"100000"`
}

type sessionListOutput struct {
	Body struct {
		Items []trainingSession `json:"items"`
		Total int               `json:"total"`
	}
}

type sessionOutput struct {
	Body trainingSession
}

type sessionCreateInput struct {
	Body training.SessionInput
}

type sessionPutInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version" minimum:"1"`
		training.SessionInput
	}
}

type versionInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int `json:"version" minimum:"1" doc:"Phiên bản đã đọc (optimistic lock)"`
	}
}

type reasonInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int    `json:"version" minimum:"1"`
		Reason  string `json:"reason" doc:"Lý do (bắt buộc) (the reason, required)"`
	}
}

type completionOutput struct {
	Body struct {
		Session     trainingSession          `json:"session"`
		Credentials []practitionerCredential `json:"credentials"`
		NotPassed   []trainingEnrolment      `json:"not_passed"`
	}
}

type enrolmentListOutput struct {
	Body struct {
		Items []trainingEnrolment `json:"items"`
	}
}

type enrolInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body training.EnrolInput
}

type enrolmentOutput struct {
	Body trainingEnrolment
}

type resultsInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Items []training.ResultInput `json:"items" maxItems:"500"`
	}
}

type credentialListInput struct {
	Tool   string `query:"tool"`
	Level  int    `query:"level" minimum:"0" maximum:"3"`
	Status string `query:"status" enum:"valid,expired,revoked"`
	Q      string `query:"q" maxLength:"100" doc:"Tên người được cấp hoặc số chứng chỉ (holder's name or number)"`
	Page   int    `query:"page" minimum:"0" maximum:"100000"`
}

type credentialListOutput struct {
	Body struct {
		Items []practitionerCredential `json:"items"`
		Total int                      `json:"total"`
	}
}

// practitionerCredential is a credential with its status today and its
// public verification link.
type practitionerCredential struct {
	*training.Credential
	StatusToday training.CredentialStatus `json:"status_today" doc:"valid, expired hoặc revoked hôm nay"`
	VerifyURL   string                    `json:"verify_url"`
}

type credentialOutput struct {
	Body practitionerCredential
}

type practitionersInput struct {
	Enterprise int64 `query:"enterprise" minimum:"1" required:"true" doc:"Mã doanh nghiệp (enterprise id)"`
	Page       int   `query:"page" minimum:"0" maximum:"100000"`
	PerPage    int   `query:"per_page" minimum:"0" maximum:"500" doc:"Số dòng mỗi trang, mặc định 100 (rows per page, 100 by default)"`
}

type practitionersOutput struct {
	Body struct {
		Enterprise *registry.Enterprise     `json:"enterprise"`
		Items      []practitionerCredential `json:"items"`
		Total      int                      `json:"total"`
		ByTool     []training.ToolCount     `json:"by_tool" doc:"Số người thực hành theo công cụ, mọi trang (per tool, all pages)"`
	}
}

type accreditationListInput struct {
	Scheme  int64  `query:"scheme" minimum:"0"`
	Status  string `query:"status" enum:"active,expiring,expired,suspended,withdrawn"`
	Page    int    `query:"page" minimum:"0" maximum:"100000"`
	PerPage int    `query:"per_page" minimum:"0" maximum:"200" doc:"Số dòng mỗi trang, mặc định 50 (rows per page, 50 by default)"`
}

type accreditationListOutput struct {
	Body struct {
		Items []*assessment.Accreditation `json:"items"`
		Total int                         `json:"total"`
	}
}

type accreditationCreateInput struct {
	Body assessment.AccreditationInput
}

type accreditationOutput struct {
	Body *assessment.Accreditation
}

type accreditationShowOutput struct {
	Body struct {
		*assessment.Accreditation
		History []*assessment.AccreditationEvent `json:"history"`
	}
}

type accreditationRenewInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version   int       `json:"version" minimum:"1"`
		ExpiresOn time.Time `json:"expires_on" doc:"Ngày hết hạn mới, sau ngày hết hạn hiện tại (the new expiry, after the current one)"`
		Note      string    `json:"note" required:"false"`
	}
}

type accreditationReasonInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int    `json:"version" minimum:"1"`
		Reason  string `json:"reason" required:"false" doc:"Lý do (bắt buộc khi tạm đình chỉ, thu hồi) (required to suspend or withdraw)"`
	}
}

// registerTraining registers this area's operations.
func (a *API) registerTraining() {
	tags := []string{tagTraining}
	register(a, huma.Operation{OperationID: "list-training-courses", Method: http.MethodGet, Path: Prefix + "/training/courses", Tags: tags,
		Security: public, Summary: "Danh mục khóa học (the course catalogue)", Description: "Công khai. (Public.)"},
		func(ctx context.Context, in *courseListInput) (*courseListOutput, error) {
			cs, err := a.training.Courses(ctx, training.CourseQuery{Tool: in.Tool, Level: training.Level(in.Level), IncludeArchived: in.Archived})
			if err != nil {
				return nil, err
			}
			out := &courseListOutput{}
			out.Body.Items = courses(cs)
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-training-course", Method: http.MethodGet, Path: Prefix + "/training/courses/{id}", Tags: tags,
		Security: public, Summary: "Một khóa học với chương trình (one course with its curriculum)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *trainingIDInput) (*courseOutput, error) {
			c, err := a.training.Course(ctx, training.CourseID(in.ID))
			if err != nil {
				return nil, err
			}
			return &courseOutput{Body: trainingCourse{c}}, nil
		})
	register(a, huma.Operation{OperationID: "create-training-course", Method: http.MethodPost, Path: Prefix + "/training/courses", Tags: tags,
		Summary:       "Tạo khóa học (create a course)",
		Description:   "Cán bộ Bộ; cán bộ tỉnh tạo khóa học của tỉnh mình. (Ministry officers; a provincial officer a course of their province.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *courseCreateInput) (*courseOutput, error) {
			c, err := a.training.CreateCourse(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return &courseOutput{Body: trainingCourse{c}}, nil
		})
	register(a, huma.Operation{OperationID: "put-training-course", Method: http.MethodPut, Path: Prefix + "/training/courses/{id}", Tags: tags,
		Summary: "Sửa khóa học (edit a course)", Description: "Phiên bản cũ → 409. (A stale version is 409.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *coursePutInput) (*courseOutput, error) {
			c, err := a.training.UpdateCourse(ctx, training.CourseID(in.ID), in.Body.Version, in.Body.CourseInput)
			if err != nil {
				return nil, err
			}
			return &courseOutput{Body: trainingCourse{c}}, nil
		})

	register(a, huma.Operation{OperationID: "list-training-sessions", Method: http.MethodGet, Path: Prefix + "/training/sessions", Tags: tags,
		Security: public, Summary: "Các lớp đào tạo (training sessions)", Description: "Công khai, 50 lớp mỗi trang. (Public, 50 a page.)"},
		func(ctx context.Context, in *sessionListInput) (*sessionListOutput, error) {
			xs, total, err := a.training.Sessions(ctx, training.SessionQuery{CourseID: training.CourseID(in.Course), Tool: in.Tool,
				Level: training.Level(in.Level), Province: in.Province, Status: training.SessionStatus(in.Status), Upcoming: in.Upcoming,
				Page: in.Page, PerPage: 50})
			if err != nil {
				return nil, err
			}
			out := &sessionListOutput{}
			out.Body.Items, out.Body.Total = sessions(xs), total
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-training-session", Method: http.MethodGet, Path: Prefix + "/training/sessions/{id}", Tags: tags,
		Security: public, Summary: "Một lớp (one session)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *trainingIDInput) (*sessionOutput, error) {
			x, err := a.training.Session(ctx, training.SessionID(in.ID))
			if err != nil {
				return nil, err
			}
			return &sessionOutput{Body: trainingSession{x}}, nil
		})
	register(a, huma.Operation{OperationID: "create-training-session", Method: http.MethodPost, Path: Prefix + "/training/sessions", Tags: tags,
		Summary: "Mở lớp (plan a session)",
		Description: "Cán bộ Bộ ở mọi tỉnh; cán bộ tỉnh ở tỉnh mình. Ngày khai giảng ≤ ngày kết thúc. Đơn vị của người mở lớp quản lý lớp (owner_province): " +
			"chỉ cán bộ đơn vị đó sửa, mở, bắt đầu, ghi kết quả, kết thúc, hủy lớp và cấp chứng chỉ mang tên đơn vị đó. " +
			"(Ministry officers anywhere; a provincial officer in their province. The creator's unit owns the session (owner_province): only its officers run it, " +
			"and its credentials are issued in that unit's name.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *sessionCreateInput) (*sessionOutput, error) {
			x, err := a.training.CreateSession(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return &sessionOutput{Body: trainingSession{x}}, nil
		})
	register(a, huma.Operation{OperationID: "put-training-session", Method: http.MethodPut, Path: Prefix + "/training/sessions/{id}", Tags: tags,
		Summary: "Sửa lớp chưa bắt đầu (edit a planned or open session)", Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *sessionPutInput) (*sessionOutput, error) {
			x, err := a.training.UpdateSession(ctx, training.SessionID(in.ID), in.Body.Version, in.Body.SessionInput)
			if err != nil {
				return nil, err
			}
			return &sessionOutput{Body: trainingSession{x}}, nil
		})
	move := func(id, path, summary string, fn func(ctx context.Context, id training.SessionID, version int) (*training.Session, error)) {
		register(a, huma.Operation{OperationID: id, Method: http.MethodPost, Path: Prefix + "/training/sessions/{id}/" + path, Tags: tags,
			Summary: summary, Errors: []int{http.StatusNotFound, http.StatusConflict}},
			func(ctx context.Context, in *versionInput) (*sessionOutput, error) {
				x, err := fn(ctx, training.SessionID(in.ID), in.Body.Version)
				if err != nil {
					return nil, err
				}
				return &sessionOutput{Body: trainingSession{x}}, nil
			})
	}
	move("open-training-session", "open", "Mở nhận đăng ký (open for enrolment)", a.training.OpenSession)
	move("start-training-session", "start", "Bắt đầu lớp (start the session)", a.training.StartSession)
	register(a, huma.Operation{OperationID: "cancel-training-session", Method: http.MethodPost, Path: Prefix + "/training/sessions/{id}/cancel", Tags: tags,
		Summary: "Hủy lớp (cancel a session, with a reason)", Description: "Các đăng ký của lớp được hủy theo, trả lại chỗ. (Its enrolments are cancelled with it.)", Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *reasonInput) (*sessionOutput, error) {
			x, err := a.training.CancelSession(ctx, training.SessionID(in.ID), in.Body.Version, in.Body.Reason)
			if err != nil {
				return nil, err
			}
			return &sessionOutput{Body: trainingSession{x}}, nil
		})
	register(a, huma.Operation{OperationID: "complete-training-session", Method: http.MethodPost, Path: Prefix + "/training/sessions/{id}/complete", Tags: tags,
		Summary: "Kết thúc lớp và cấp chứng chỉ (complete a session, issuing credentials)",
		Description: "Học viên đủ chuyên cần và đạt đánh giá được cấp chứng chỉ (số, mã niêm phong); người khác không đạt. Cần ghi đủ điểm danh và kết quả; " +
			"không có khóa ký → 503. (Participants who met attendance and passed get a sealed credential; the others do not. Without the signing key: 503.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity, http.StatusServiceUnavailable}},
		func(ctx context.Context, in *versionInput) (*completionOutput, error) {
			res, err := a.training.CompleteSession(ctx, training.SessionID(in.ID), in.Body.Version)
			if err != nil {
				return nil, err
			}
			out := &completionOutput{}
			out.Body.Session = trainingSession{res.Session}
			out.Body.Credentials = a.credentials(res.Credentials)
			out.Body.NotPassed = enrolments(res.NotPassed)
			return out, nil
		})
	register(a, huma.Operation{OperationID: "list-training-enrolments", Method: http.MethodGet, Path: Prefix + "/training/sessions/{id}/enrolments", Tags: tags,
		Summary:     "Học viên của lớp (a session's enrolments)",
		Description: "Cán bộ quản lý lớp: tất cả; doanh nghiệp: nhân sự của mình; cá nhân: đăng ký của mình. (Officers all; an enterprise its own; a person their own.)",
		Errors:      []int{http.StatusNotFound}},
		func(ctx context.Context, in *trainingIDInput) (*enrolmentListOutput, error) {
			es, err := a.training.Roster(ctx, training.SessionID(in.ID))
			if err != nil {
				return nil, err
			}
			out := &enrolmentListOutput{}
			out.Body.Items = enrolments(es)
			return out, nil
		})
	register(a, huma.Operation{OperationID: "enrol-training-session", Method: http.MethodPost, Path: Prefix + "/training/sessions/{id}/enrolments", Tags: tags,
		Summary: "Ghi danh (enrol)",
		Description: "Doanh nghiệp ghi danh nhân sự của mình; chuyên gia, đánh giá viên, giám khảo tự ghi danh; lớp phải đang nhận đăng ký và còn chỗ; " +
			"một email một lần. (An enterprise enrols its staff; experts, assessors and judges themselves; the session must be open with a place left; one email once.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *enrolInput) (*enrolmentOutput, error) {
			e, err := a.training.Enrol(ctx, training.SessionID(in.ID), in.Body)
			if err != nil {
				return nil, err
			}
			return &enrolmentOutput{Body: trainingEnrolment{e}}, nil
		})
	register(a, huma.Operation{OperationID: "cancel-training-enrolment", Method: http.MethodPost, Path: Prefix + "/training/enrolments/{id}/cancel", Tags: tags,
		Summary: "Hủy đăng ký trước ngày khai giảng (cancel an enrolment before the first day)", Errors: []int{http.StatusNotFound, http.StatusConflict}},
		func(ctx context.Context, in *versionInput) (*enrolmentOutput, error) {
			e, err := a.training.CancelEnrolment(ctx, training.EnrolmentID(in.ID), in.Body.Version)
			if err != nil {
				return nil, err
			}
			return &enrolmentOutput{Body: trainingEnrolment{e}}, nil
		})
	register(a, huma.Operation{OperationID: "put-training-results", Method: http.MethodPut, Path: Prefix + "/training/sessions/{id}/results", Tags: tags,
		Summary:     "Ghi điểm danh và kết quả (record attendance and results)",
		Description: "Lớp đang học; giờ tham dự 0 đến tổng số giờ, điểm 0–100; tất cả hoặc không gì. (A session in progress; hours 0 to the total, scores 0–100; all or nothing.)",
		Errors:      []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *resultsInput) (*enrolmentListOutput, error) {
			es, err := a.training.RecordResults(ctx, training.SessionID(in.ID), in.Body.Items)
			if err != nil {
				return nil, err
			}
			out := &enrolmentListOutput{}
			out.Body.Items = enrolments(es)
			return out, nil
		})

	register(a, huma.Operation{OperationID: "list-credentials", Method: http.MethodGet, Path: Prefix + "/credentials", Tags: tags,
		Summary:     "Chứng chỉ người thực hành (practitioner credentials)",
		Description: "Cán bộ: trong phạm vi; doanh nghiệp: của nhân sự mình; cá nhân: của mình. (Officers their scope; an enterprise its staff's; a person their own.)"},
		func(ctx context.Context, in *credentialListInput) (*credentialListOutput, error) {
			cs, total, err := a.training.Credentials(ctx, training.CredentialQuery{Tool: in.Tool, Level: training.Level(in.Level),
				Status: training.CredentialStatus(in.Status), Query: in.Q, Page: in.Page, PerPage: 50})
			if err != nil {
				return nil, err
			}
			out := &credentialListOutput{}
			out.Body.Items, out.Body.Total = a.credentials(cs), total
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-credential", Method: http.MethodGet, Path: Prefix + "/credentials/{id}", Tags: tags,
		Summary: "Một chứng chỉ (one credential)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *trainingIDInput) (*credentialOutput, error) {
			c, err := a.training.Credential(ctx, training.CredentialID(in.ID))
			if err != nil {
				return nil, err
			}
			return &credentialOutput{Body: a.credential(c)}, nil
		})
	register(a, huma.Operation{OperationID: "revoke-credential", Method: http.MethodPost, Path: Prefix + "/credentials/{id}/revoke", Tags: tags,
		Summary:     "Thu hồi chứng chỉ (revoke a credential, with a reason)",
		Description: "Cán bộ đơn vị cấp chứng chỉ (issuer_province) và cán bộ Bộ. (The issuing unit's officers and the ministry's.)", Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *reasonInput) (*credentialOutput, error) {
			c, err := a.training.RevokeCredential(ctx, training.CredentialID(in.ID), in.Body.Version, in.Body.Reason)
			if err != nil {
				return nil, err
			}
			return &credentialOutput{Body: a.credential(c)}, nil
		})
	register(a, huma.Operation{OperationID: "list-practitioners", Method: http.MethodGet, Path: Prefix + "/practitioners", Tags: tags,
		Summary:     "Người thực hành của một doanh nghiệp (an enterprise's certified practitioners)",
		Description: "Chứng chỉ còn hiệu lực hôm nay. Cán bộ trong phạm vi và người dùng của doanh nghiệp. (Credentials valid today; officers in scope and the enterprise's users.)",
		Errors:      []int{http.StatusNotFound}},
		func(ctx context.Context, in *practitionersInput) (*practitionersOutput, error) {
			l, err := a.training.Practitioners(ctx, registry.EnterpriseID(in.Enterprise), training.PractitionerQuery{Page: in.Page, PerPage: in.PerPage})
			if err != nil {
				return nil, err
			}
			out := &practitionersOutput{}
			out.Body.Enterprise, out.Body.Items, out.Body.Total = l.Enterprise, a.credentials(l.Credentials), l.Total
			out.Body.ByTool = append([]training.ToolCount{}, l.ByTool...)
			return out, nil
		})

	if a.assess == nil {
		return
	}
	register(a, huma.Operation{OperationID: "list-accreditations", Method: http.MethodGet, Path: Prefix + "/accreditations", Tags: tags,
		Summary:     "Đánh giá viên được công nhận (assessors' accreditations)",
		Description: "Cán bộ quản lý: tất cả; đánh giá viên: của mình. expiring = còn hiệu lực, hết hạn trong 90 ngày. (Officers all; an assessor their own.)"},
		func(ctx context.Context, in *accreditationListInput) (*accreditationListOutput, error) {
			xs, total, err := a.assess.Accreditations(ctx, assessment.AccreditationQuery{SchemeID: assessment.SchemeID(in.Scheme), Status: in.Status,
				Page: in.Page, PerPage: in.PerPage})
			if err != nil {
				return nil, err
			}
			out := &accreditationListOutput{}
			out.Body.Items, out.Body.Total = append([]*assessment.Accreditation{}, xs...), total
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-accreditation", Method: http.MethodGet, Path: Prefix + "/accreditations/{id}", Tags: tags,
		Summary: "Một quyết định công nhận với lịch sử (one accreditation with its history)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *trainingIDInput) (*accreditationShowOutput, error) {
			x, evs, err := a.assess.Accreditation(ctx, assessment.AccreditationID(in.ID))
			if err != nil {
				return nil, err
			}
			out := &accreditationShowOutput{}
			out.Body.Accreditation, out.Body.History = x, append([]*assessment.AccreditationEvent{}, evs...)
			return out, nil
		})
	register(a, huma.Operation{OperationID: "grant-accreditation", Method: http.MethodPost, Path: Prefix + "/accreditations", Tags: tags,
		Summary: "Công nhận đánh giá viên theo bộ tiêu chí (accredit an assessor on a scheme)",
		Description: "Cán bộ Bộ, quản trị viên. Chỉ tài khoản vai trò đánh giá viên; mặc định 3 năm; mỗi bộ tiêu chí một quyết định. " +
			"(Ministry officers and admins; assessor accounts only; 3 years by default; one per scheme.)",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *accreditationCreateInput) (*accreditationOutput, error) {
			x, err := a.assess.GrantAccreditation(ctx, in.Body)
			if err != nil {
				return nil, err
			}
			return &accreditationOutput{Body: x}, nil
		})
	register(a, huma.Operation{OperationID: "renew-accreditation", Method: http.MethodPost, Path: Prefix + "/accreditations/{id}/renew", Tags: tags,
		Summary: "Gia hạn (renew: a new expiry after the current one)", Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *accreditationRenewInput) (*accreditationOutput, error) {
			x, err := a.assess.RenewAccreditation(ctx, assessment.AccreditationID(in.ID), in.Body.Version, in.Body.ExpiresOn, in.Body.Note)
			if err != nil {
				return nil, err
			}
			return &accreditationOutput{Body: x}, nil
		})
	change := func(id, path, summary string, fn func(ctx context.Context, id assessment.AccreditationID, version int, reason string) (*assessment.Accreditation, error)) {
		register(a, huma.Operation{OperationID: id, Method: http.MethodPost, Path: Prefix + "/accreditations/{id}/" + path, Tags: tags,
			Summary: summary, Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
			func(ctx context.Context, in *accreditationReasonInput) (*accreditationOutput, error) {
				x, err := fn(ctx, assessment.AccreditationID(in.ID), in.Body.Version, in.Body.Reason)
				if err != nil {
					return nil, err
				}
				return &accreditationOutput{Body: x}, nil
			})
	}
	change("suspend-accreditation", "suspend", "Tạm đình chỉ (suspend, with a reason)", a.assess.SuspendAccreditation)
	change("reinstate-accreditation", "reinstate", "Khôi phục (reinstate a suspended accreditation)", a.assess.ReinstateAccreditation)
	change("withdraw-accreditation", "withdraw", "Thu hồi (withdraw, with a reason)", a.assess.WithdrawAccreditation)
}
