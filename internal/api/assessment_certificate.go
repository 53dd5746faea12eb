package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"nscl/internal/assessment"
	"nscl/internal/audit"
	"nscl/internal/seal"
)

// The operations of recognition, certificates, verification and the register.

// certificateItem is a certificate with its verification code and link.
type certificateItem struct {
	*assessment.Certificate
	Code      string `json:"code" doc:"Mã xác thực có chữ ký (the signed verification code)"`
	VerifyURL string `json:"verify_url" doc:"Trang kiểm tra công khai (the public verification page; the QR code's content)"`
	StatusNow string `json:"status_today" enum:"valid,expired,revoked" doc:"Tình trạng hôm nay: giấy quá hạn là expired kể cả khi chưa được đánh dấu (the standing today)"`
}

func (a *API) certificateItem(c *assessment.Certificate) certificateItem {
	return certificateItem{Certificate: c, Code: c.Code, VerifyURL: a.assess.VerifyURL(c.Code), StatusNow: string(c.StatusOn(a.assess.Today()))}
}

type certificateListOutput struct {
	Body struct {
		Items    []certificateItem `json:"items"`
		Total    int               `json:"total"`
		Page     int               `json:"page"`
		PageSize int               `json:"page_size"`
	}
}

type certificateIDInput struct {
	ID int64 `path:"id" minimum:"1" doc:"Mã giấy chứng nhận (certificate id)"`
}

type certificateDetailOutput struct {
	Body struct {
		certificateItem
		SignerTitle  string `json:"signer_title"`
		DecisionNo   string `json:"decision_no"`
		DecisionDate string `json:"decision_date,omitempty" doc:"yyyy-mm-dd"`
	}
}

type certificateOutput struct {
	Body certificateItem
}

type certRecogniseInput struct {
	ID   int64 `path:"id" minimum:"1" doc:"Mã cuộc đánh giá (assessment id)"`
	Body assessment.RecognitionInput
}

type certReasonInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body assessment.ReasonInput
}

type certDecisionOutput struct {
	Body *assessment.Assessment
}

type certAwaitingInput struct {
	Page int `query:"page" minimum:"0" doc:"Trang, từ 1 (page, from 1)"`
}

type certAwaitingOutput struct {
	Body struct {
		Items    []*assessment.Assessment `json:"items"`
		Total    int                      `json:"total"`
		Page     int                      `json:"page"`
		PageSize int                      `json:"page_size"`
	}
}

// The verification's inputs have no length bounds in the schema: an
// over-long code or number gets the same 404 as any other that matches
// nothing, and counts against the client like them (a 422 would tell a
// guesser what is checked, and go uncounted).

type certVerifyCodeInput struct {
	Code string `path:"code" doc:"Mã xác thực trong mã QR, sau /verify/ (the code the QR carries after /verify/; at most 1.024 characters)"`
}

type certVerifyNumberInput struct {
	Number string `query:"number" doc:"Số giấy chứng nhận hoặc số chứng chỉ, ví dụ 5S-2026-000123 (a certificate or credential number, at most 40 characters)"`
}

type certVerifyOutput struct {
	Body *assessment.PublicDocument
}

type certRegisterOutput struct {
	Body struct {
		Items    []*assessment.PublicDocument `json:"items"`
		Total    int                          `json:"total"`
		Page     int                          `json:"page"`
		PageSize int                          `json:"page_size"`
	}
}

// certCredentialCheck adapts training's credential look-up for the
// verification (nil without the training service).
func (a *API) certCredentialCheck() assessment.CredentialCheck {
	if a.training == nil {
		return nil
	}
	return func(ctx context.Context, number string) (*assessment.PublicDocument, seal.Payload, error) {
		c, err := a.training.CredentialForVerify(ctx, number)
		if err != nil {
			return nil, seal.Payload{}, err
		}
		return &assessment.PublicDocument{Kind: seal.KindCredential, Number: c.Number, Holder: c.HolderName, Enterprise: c.Enterprise,
			Scheme: c.ToolName, SchemeCode: c.ToolCode, Level: c.LevelName, LevelCode: c.Level, Course: c.CourseName, IssuedOn: c.IssuedOn,
			ExpiresOn: c.ExpiresOn, Issuer: c.Issuer, Status: assessment.CertificateStatus(c.Status), RevokedAt: c.RevokedAt,
			RevokedReason: c.RevokedReason, Code: c.Code}, c.Sealed, nil
	}
}

func certPage(p int) int { return max(p, 1) }

// registerCertificates registers this area's operations.
func (a *API) registerCertificates() {
	tags := []string{tagAssessment}
	register(a, huma.Operation{OperationID: "list-certificates", Method: http.MethodGet, Path: Prefix + "/certificates", Tags: tags,
		Summary: "Giấy chứng nhận (certificates)",
		Description: "Cán bộ: giấy chứng nhận trong phạm vi (cán bộ Bộ: mọi giấy); doanh nghiệp: giấy của mình. Mới cấp trước, 20 giấy một trang. " +
			"(Officers: those of their scope; an enterprise: its own. Newest first, 20 a page.)"},
		func(ctx context.Context, in *assessment.CertificateQuery) (*certificateListOutput, error) {
			cs, total, err := a.assess.Certificates(ctx, *in)
			if err != nil {
				return nil, err
			}
			out := &certificateListOutput{}
			out.Body.Items, out.Body.Total, out.Body.Page, out.Body.PageSize = []certificateItem{}, total, certPage(in.Page), assessment.PageSize
			for _, c := range cs {
				out.Body.Items = append(out.Body.Items, a.certificateItem(c))
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "get-certificate", Method: http.MethodGet, Path: Prefix + "/certificates/{id}", Tags: tags,
		Summary: "Một giấy chứng nhận (one certificate)", Errors: []int{http.StatusNotFound}},
		func(ctx context.Context, in *certificateIDInput) (*certificateDetailOutput, error) {
			d, err := a.assess.Certificate(ctx, assessment.CertificateID(in.ID))
			if err != nil {
				return nil, err
			}
			out := &certificateDetailOutput{}
			out.Body.certificateItem, out.Body.SignerTitle, out.Body.DecisionNo = a.certificateItem(d.Certificate), d.SignerTitle, d.DecisionNo
			if d.DecisionDate != nil {
				out.Body.DecisionDate = d.DecisionDate.Format("2006-01-02")
			}
			return out, nil
		})
	register(a, huma.Operation{OperationID: "revoke-certificate", Method: http.MethodPost, Path: Prefix + "/certificates/{id}/revoke", Tags: tags,
		Summary: "Thu hồi giấy chứng nhận (revoke a certificate)",
		Description: "Cán bộ Bộ, cán bộ Sở của tỉnh doanh nghiệp. Lý do bắt buộc, được công bố cùng ngày thu hồi. Phiên bản cũ → 409. " +
			"(Ministry officers and the province's officers; a reason is required and shown publicly with the date; a stale version is 409.)",
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *certReasonInput) (*certificateOutput, error) {
			c, err := a.assess.Revoke(ctx, assessment.CertificateID(in.ID), in.Body)
			if err != nil {
				return nil, err
			}
			return &certificateOutput{Body: a.certificateItem(c)}, nil
		})
	register(a, huma.Operation{OperationID: "list-pending-recognitions", Method: http.MethodGet, Path: Prefix + "/recognitions/pending", Tags: tags,
		Summary: "Đánh giá độc lập chờ công nhận (independent assessments awaiting recognition)",
		Description: "Đã nộp kết quả, đạt một mức, trong phạm vi của cán bộ; nộp sớm trước. " +
			"(Submitted with a level, in the officer's scope; earliest first.)"},
		func(ctx context.Context, in *certAwaitingInput) (*certAwaitingOutput, error) {
			page := certPage(in.Page)
			xs, total, err := a.assess.AwaitingRecognition(ctx, (page-1)*assessment.PageSize, assessment.PageSize)
			if err != nil {
				return nil, err
			}
			out := &certAwaitingOutput{}
			out.Body.Items, out.Body.Total, out.Body.Page, out.Body.PageSize = append([]*assessment.Assessment{}, xs...), total, page, assessment.PageSize
			return out, nil
		})
	register(a, huma.Operation{OperationID: "recognise-assessment", Method: http.MethodPost, Path: Prefix + "/assessments/{id}/recognition", Tags: tags,
		Summary: "Công nhận và cấp giấy chứng nhận (recognise and issue the certificate)",
		Description: "Chỉ đánh giá độc lập đã nộp và đạt một mức. Cán bộ Bộ (cấp nhân danh Bộ Công Thương) hoặc cán bộ Sở của tỉnh doanh nghiệp " +
			"(cấp nhân danh Sở Công Thương). Ngày quyết định không ở tương lai. Chưa cấu hình khóa ký → 503. " +
			"(Only a submitted independent assessment with a level; the decision's date not in the future; without the signing key, 503.)",
		DefaultStatus: http.StatusCreated,
		Errors:        []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity, http.StatusServiceUnavailable}},
		func(ctx context.Context, in *certRecogniseInput) (*certificateOutput, error) {
			c, err := a.assess.Recognise(ctx, assessment.AssessmentID(in.ID), in.Body)
			if err != nil {
				return nil, err
			}
			return &certificateOutput{Body: a.certificateItem(c)}, nil
		})
	register(a, huma.Operation{OperationID: "decline-recognition", Method: http.MethodPost, Path: Prefix + "/assessments/{id}/recognition/decline", Tags: tags,
		Summary:     "Không công nhận (decline recognition)",
		Description: "Lý do bắt buộc, gửi cho doanh nghiệp. (A reason is required; the enterprise is told.)",
		Errors:      []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}},
		func(ctx context.Context, in *certReasonInput) (*certDecisionOutput, error) {
			x, err := a.assess.Decline(ctx, assessment.AssessmentID(in.ID), in.Body)
			if err != nil {
				return nil, err
			}
			return &certDecisionOutput{Body: x}, nil
		})
	register(a, huma.Operation{OperationID: "verify-code", Method: http.MethodGet, Path: Prefix + "/verify/{code}", Tags: tags, Security: public,
		Summary: "Kiểm tra mã xác thực (verify a code)",
		Description: "Công khai. Chữ ký được kiểm tra trước; mã giả, bị sửa, bị cắt hoặc không khớp với sổ đều nhận cùng một câu trả lời 404. " +
			"Sau 20 lần tra cứu không thành công trong 10 phút, địa chỉ đó (IPv6: cả khối /64) nhận 429, trừ mã có chữ ký hợp lệ. " +
			"(Public. The signature is checked first; a forged, altered, truncated or over-long code, or one whose register row differs, gets the same 404. " +
			"After 20 failed look-ups in 10 minutes an address — an IPv6 /64 — gets 429, except for a code whose signature is good.)",
		Errors: []int{http.StatusNotFound, http.StatusTooManyRequests}},
		func(ctx context.Context, in *certVerifyCodeInput) (*certVerifyOutput, error) {
			d, err := a.assess.VerifyCode(ctx, in.Code, audit.MetaFrom(ctx).IP, a.certCredentialCheck())
			if err != nil {
				return nil, err
			}
			return &certVerifyOutput{Body: d}, nil
		})
	register(a, huma.Operation{OperationID: "verify-number", Method: http.MethodGet, Path: Prefix + "/verify", Tags: tags, Security: public,
		Summary: "Tra cứu theo số (look up a number)",
		Description: "Công khai. Mỗi địa chỉ tra cứu tối đa 60 số trong 10 phút (tìm thấy hay không), và bị chặn như verify-code sau 20 lần không thành công. " +
			"Câu trả lời không kèm mã xác thực. " +
			"(Public. An address may look up 60 numbers in 10 minutes, found or not, and is blocked like verify-code after 20 failures. " +
			"The answer carries no verification code.)",
		Errors: []int{http.StatusNotFound, http.StatusTooManyRequests}},
		func(ctx context.Context, in *certVerifyNumberInput) (*certVerifyOutput, error) {
			d, err := a.assess.VerifyNumber(ctx, in.Number, audit.MetaFrom(ctx).IP, a.certCredentialCheck())
			if err != nil {
				return nil, err
			}
			return &certVerifyOutput{Body: d}, nil
		})
	register(a, huma.Operation{OperationID: "list-certified", Method: http.MethodGet, Path: Prefix + "/certified", Tags: tags, Security: public,
		Summary: "Danh sách công khai giấy chứng nhận còn hiệu lực (the public register)",
		Description: "Công khai. Tìm theo tên doanh nghiệp (không dấu cũng được), mã số thuế, số giấy; lọc theo bộ tiêu chí và tỉnh. " +
			"(Public. Search by name — diacritics optional —, tax code or number; filter by scheme and province.)"},
		func(ctx context.Context, in *assessment.RegisterQuery) (*certRegisterOutput, error) {
			docs, total, err := a.assess.Register(ctx, *in)
			if err != nil {
				return nil, err
			}
			out := &certRegisterOutput{}
			out.Body.Items, out.Body.Total, out.Body.Page, out.Body.PageSize = append([]*assessment.PublicDocument{}, docs...), total, certPage(in.Page), assessment.PageSize
			return out, nil
		})
}
