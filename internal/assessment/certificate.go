package assessment

// This file is the area of recognition, certificates, verification, the
// public register, expiry and revocation: its store, its types and the
// checks of its inputs. The use cases are in certificate_service.go
// (recognition, lists, revocation), certificate_verify.go (the public
// verification and register), certificate_expiry.go (the scheduled expiry
// and reminders) and certificate_pdf.go (the certificate's PDF and QR).

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/seal"
	"nscl/internal/vn"
)

// CertificateStore is what this area keeps (sqldb/assessment_certificate.go).
type CertificateStore interface {
	// NextCertificateSeq returns the next sequence number of (prefix,
	// year), 1 for the first; the row is held until the transaction ends,
	// so concurrent recognitions never get the same number.
	NextCertificateSeq(ctx context.Context, prefix string, year int) (int, error)
	// CreateCertificate inserts c (ID, CreatedAt, Version 1 and Status
	// valid set) with its signer's title. A second certificate of the same
	// assessment or number is fault.Conflict.
	CreateCertificate(ctx context.Context, c *Certificate, signerTitle string) error
	// SetRecognition writes x's recognition (status, recognised_at/by,
	// decision number and date, note) if x.Version is still the stored one
	// (fault.Conflict otherwise); x.Version becomes the new one.
	SetRecognition(ctx context.Context, x *Assessment) error
	// FindCertificateDetail returns a certificate with what its PDF shows
	// besides the register's facts.
	FindCertificateDetail(ctx context.Context, id CertificateID) (*CertificateDetail, error)
	// FindCertificateOf returns the certificate issued on an assessment
	// (fault.NotFound when none).
	FindCertificateOf(ctx context.Context, id AssessmentID) (*Certificate, error)
	// FindCertificates returns the certificates matching f, newest issue
	// first, and how many match in all.
	FindCertificates(ctx context.Context, f CertificateFilter) ([]*Certificate, int, error)
	// RevokeCertificate writes c's revocation (status, revoked_at/by,
	// reason) if c.Version is still the stored one (fault.Conflict
	// otherwise); c.Version becomes the new one.
	RevokeCertificate(ctx context.Context, c *Certificate) error
	// FindAwaitingRecognition returns the submitted independent
	// assessments that reached a level, in provinces (nil: any), oldest
	// submission first, and how many there are in all.
	FindAwaitingRecognition(ctx context.Context, provinces []string, offset, limit int) ([]*Assessment, int, error)
	// ExpireCertificates marks as expired at most limit valid
	// certificates whose expiry day is before today (yyyy-mm-dd) and
	// returns those it changed, as they were: a certificate that another
	// run expired, or that was revoked, meanwhile is not returned.
	ExpireCertificates(ctx context.Context, today string, limit int) ([]*Certificate, error)
	// FindCertificatesToRemind returns at most limit valid certificates
	// expiring from today to by90 (yyyy-mm-dd) whose reminder is due: none
	// sent yet, or only the 90-day one and the expiry is by by30. Each
	// comes with the reminder (90 or 30) it is due and the reminder mark
	// it has (0 or 90).
	FindCertificatesToRemind(ctx context.Context, today, by30, by90 string, limit int) ([]Reminder, error)
	// ClaimCertificateReminder records that the reminder of days (90 or
	// 30) was sent if the certificate's reminder mark is still from (and
	// it is still valid), and reports whether it did: of concurrent runs,
	// only the one that claimed a reminder sends it.
	ClaimCertificateReminder(ctx context.Context, id CertificateID, from, days int) (bool, error)
	// FindCertificateToVerify is FindCertificateByNumber for the public
	// verification, with what its page shows and its code seals at least
	// (the signer, the issuing account, the reminders and the creation
	// may be left out): its hottest query, which the store may keep
	// prepared.
	FindCertificateToVerify(ctx context.Context, number string) (*Certificate, error)
	// FindMailboxes returns the active accounts of an enterprise.
	FindMailboxes(ctx context.Context, ent registry.EnterpriseID) ([]Mailbox, error)
}

// CertificateDetail is a certificate with what its PDF shows besides the
// register's facts.
type CertificateDetail struct {
	*Certificate
	SignerTitle  string     `json:"signer_title"`
	DecisionNo   string     `json:"decision_no"`   // the recognition decision (the assessment's)
	DecisionDate *time.Time `json:"decision_date"` // a calendar day
}

// CertificateFilter selects certificates.
type CertificateFilter struct {
	Provinces    []string              // nil: any province; else only these
	EnterpriseID registry.EnterpriseID // 0: any
	Province     string                // "" any
	SchemeCode   string                // "" any
	// State narrows by standing on Today (yyyy-mm-dd): StateValid (valid
	// and not past expiry), StateExpiring (those expiring within 90 days),
	// StateExpired (marked, or past expiry), StateRevoked; "" any.
	State CertificateState
	Today string
	// Folded is a search, folded (vn.Fold): part of the enterprise's name,
	// its tax code or the certificate's number.
	Folded string
	Offset int
	Limit  int
}

// CertificateState is a filter on certificates' standing.
type CertificateState string

// The states of CertificateFilter.
const (
	StateValid    CertificateState = "valid"
	StateExpiring CertificateState = "expiring"
	StateExpired  CertificateState = "expired"
	StateRevoked  CertificateState = "revoked"
)

// Valid reports whether st is a known state (or "", any).
func (st CertificateState) Valid() bool {
	switch st {
	case "", StateValid, StateExpiring, StateExpired, StateRevoked:
		return true
	}
	return false
}

// Label names the state.
func (st CertificateState) Label() fault.Text {
	switch st {
	case StateValid:
		return fault.Text{Vi: "Còn hiệu lực", En: "Valid"}
	case StateExpiring:
		return fault.Text{Vi: "Sắp hết hạn (90 ngày)", En: "Expiring (90 days)"}
	case StateExpired:
		return fault.Text{Vi: "Hết hiệu lực", En: "Expired"}
	case StateRevoked:
		return fault.Text{Vi: "Đã thu hồi", En: "Revoked"}
	}
	return fault.Text{Vi: "Tất cả", En: "All"}
}

// CertificateStates lists the filter states in the order the pages offer.
var CertificateStates = []CertificateState{StateValid, StateExpiring, StateExpired, StateRevoked}

// Label names a certificate's status.
func (st CertificateStatus) Label() fault.Text {
	switch st {
	case CertValid:
		return fault.Text{Vi: "Còn hiệu lực", En: "Valid"}
	case CertExpired:
		return fault.Text{Vi: "Hết hiệu lực", En: "Expired"}
	case CertRevoked:
		return fault.Text{Vi: "Đã thu hồi", En: "Revoked"}
	}
	return fault.Text{Vi: string(st), En: string(st)}
}

// Reminder is a certificate whose expiry reminder is due, with the
// reminder (90 or 30 days before expiry).
type Reminder struct {
	Certificate *Certificate
	Days        int
	From        int // the reminder mark read (0: none sent yet, or 90)
}

// Mailbox is an account to notify.
type Mailbox struct {
	Email string
	Name  string
	Lang  string
}

// ExpiryReminders are the days before expiry at which the enterprise is
// reminded, once each.
var ExpiryReminders = [2]int{90, 30}

// Limits of the inputs.
const (
	MaxDecisionNo  = 60
	MaxSignerName  = 120
	MaxSignerTitle = 120
	// MaxSignerTitleLines and MaxSignerTitleLine bound the signer's
	// title's lines ("–" breaks them on the certificate) and each line's
	// characters, so that the certificate stays one page.
	MaxSignerTitleLines = 3
	MaxSignerTitleLine  = 40
	MaxRecognNote       = 2000
	MinReasonLength     = 10
	MaxReasonLength     = 2000
	// MaxNumberLen bounds a certificate or credential number typed on the
	// verification page.
	MaxNumberLen = 40
)

// RecognitionInput is an officer's recognition of an independent
// assessment.
type RecognitionInput struct {
	Version      int    `json:"version" minimum:"1" doc:"Phiên bản của cuộc đánh giá đã đọc (the assessment's version read: optimistic lock)"`
	DecisionNo   string `json:"decision_no" doc:"Số quyết định công nhận, ví dụ 123/QĐ-BCT (the decision's number)"`
	DecisionDate string `json:"decision_date" doc:"Ngày quyết định, dd/mm/yyyy hoặc yyyy-mm-dd, không ở tương lai (not in the future)"`
	SignerName   string `json:"signer_name" doc:"Họ tên người ký (the signer's name)"`
	SignerTitle  string `json:"signer_title" doc:"Chức vụ người ký, ví dụ KT. BỘ TRƯỞNG – THỨ TRƯỞNG (the signer's title)"`
	Note         string `json:"note" required:"false" doc:"Ghi chú (a note)"`
}

// check validates the input on day now and returns the decision's day.
func (in *RecognitionInput) check(now time.Time) (time.Time, error) {
	bad := fault.Fields{}
	// What is not text (invalid UTF-8, control characters; a line break
	// only in the note) is refused before anything else.
	for _, f := range []struct {
		name      string
		v         string
		multiline bool
	}{{"decision_no", in.DecisionNo, false}, {"decision_date", in.DecisionDate, false}, {"signer_name", in.SignerName, false},
		{"signer_title", in.SignerTitle, false}, {"note", in.Note, true}} {
		if vi, en := textProblem(f.v, f.multiline); vi != "" {
			bad.Add(f.name, vi, en)
		}
	}
	if err := bad.Err(); err != nil {
		return time.Time{}, err
	}
	in.DecisionNo, in.SignerName, in.SignerTitle, in.Note = vn.NFC(strings.TrimSpace(in.DecisionNo)), vn.NFC(strings.TrimSpace(in.SignerName)),
		vn.NFC(strings.TrimSpace(in.SignerTitle)), vn.NFC(in.Note)
	switch n := utf8.RuneCountInString(in.DecisionNo); {
	case n == 0:
		bad.Add("decision_no", "Vui lòng nhập số quyết định công nhận.", "Please enter the recognition decision's number.")
	case n > MaxDecisionNo:
		bad.Add("decision_no", fmt.Sprintf("Tối đa %d ký tự.", MaxDecisionNo), fmt.Sprintf("At most %d characters.", MaxDecisionNo))
	}
	var date time.Time
	d, err := vn.ParseDate(in.DecisionDate)
	switch {
	case strings.TrimSpace(in.DecisionDate) == "":
		bad.Add("decision_date", "Vui lòng nhập ngày quyết định (dd/mm/yyyy).", "Please enter the decision's date (dd/mm/yyyy).")
	case err != nil:
		bad.Add("decision_date", "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.", "Not a valid date; use dd/mm/yyyy.")
	case d.After(day(now)):
		bad.Add("decision_date", "Ngày quyết định không được ở tương lai.", "The decision's date may not be in the future.")
	case d.Year() < 2000:
		bad.Add("decision_date", "Ngày quyết định quá xa trong quá khứ.", "The decision's date is too far in the past.")
	default:
		date = d
	}
	switch n := utf8.RuneCountInString(in.SignerName); {
	case n == 0:
		bad.Add("signer_name", "Vui lòng nhập họ tên người ký.", "Please enter the signer's name.")
	case n > MaxSignerName:
		bad.Add("signer_name", fmt.Sprintf("Tối đa %d ký tự.", MaxSignerName), fmt.Sprintf("At most %d characters.", MaxSignerName))
	}
	lines := SignerTitleLines(in.SignerTitle)
	longest := 0
	for _, l := range lines {
		longest = max(longest, utf8.RuneCountInString(l))
	}
	switch n := utf8.RuneCountInString(in.SignerTitle); {
	case n == 0:
		bad.Add("signer_title", "Vui lòng nhập chức vụ người ký.", "Please enter the signer's title.")
	case n > MaxSignerTitle:
		bad.Add("signer_title", fmt.Sprintf("Tối đa %d ký tự.", MaxSignerTitle), fmt.Sprintf("At most %d characters.", MaxSignerTitle))
	case len(lines) > MaxSignerTitleLines:
		bad.Add("signer_title", fmt.Sprintf("Tối đa %d dòng (dấu “–” xuống dòng).", MaxSignerTitleLines),
			fmt.Sprintf("At most %d lines (“–” breaks the line).", MaxSignerTitleLines))
	case longest > MaxSignerTitleLine:
		bad.Add("signer_title", fmt.Sprintf("Mỗi dòng tối đa %d ký tự (dấu “–” xuống dòng).", MaxSignerTitleLine),
			fmt.Sprintf("At most %d characters a line (“–” breaks the line).", MaxSignerTitleLine))
	}
	if utf8.RuneCountInString(in.Note) > MaxRecognNote {
		bad.Add("note", fmt.Sprintf("Tối đa %d ký tự.", MaxRecognNote), fmt.Sprintf("At most %d characters.", MaxRecognNote))
	}
	return date, bad.Err()
}

// SignerTitleLines splits a signer's title into the lines the certificate
// prints: "–" (an en dash, or a hyphen between spaces) breaks the line.
func SignerTitleLines(title string) []string {
	var out []string
	for _, part := range strings.Split(strings.ReplaceAll(title, " - ", "–"), "–") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// textProblem says what makes s not acceptable typed text (empty texts
// when it is): bytes that are not UTF-8, or control characters — a line
// break or a tab too unless multiline.
func textProblem(s string, multiline bool) (vi, en string) {
	if !utf8.ValidString(s) {
		return "Văn bản chứa ký tự không hợp lệ (không phải UTF-8). Vui lòng gõ lại.", "The text holds invalid characters (not UTF-8). Please type it again."
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			if multiline {
				return "Văn bản chứa ký tự điều khiển không được phép. Vui lòng gõ lại.", "The text holds control characters that are not allowed. Please type it again."
			}
			return "Chỉ nhập trên một dòng, không có ký tự điều khiển (xuống dòng, tab…).", "One line only, without control characters (line breaks, tabs…)."
		}
	}
	return "", ""
}

// ReasonInput is a decision with a required reason: a declined
// recognition, a revocation.
type ReasonInput struct {
	Version int    `json:"version" minimum:"1" doc:"Phiên bản đã đọc (the version read: optimistic lock)"`
	Reason  string `json:"reason" doc:"Lý do, bắt buộc (the reason, required)"`
}

// check validates the reason.
func (in *ReasonInput) check() error {
	if vi, en := textProblem(in.Reason, true); vi != "" {
		return fault.New(fault.Invalid, vi, en).Field("reason", vi, en)
	}
	in.Reason = vn.NFC(strings.TrimSpace(in.Reason))
	switch n := utf8.RuneCountInString(in.Reason); {
	case n == 0:
		return fault.New(fault.Invalid, "Vui lòng nêu lý do.", "Please give the reason.").
			Field("reason", "Vui lòng nêu lý do.", "Please give the reason.")
	case n < MinReasonLength:
		return fault.New(fault.Invalid, "Lý do quá ngắn.", "The reason is too short.").
			Field("reason", fmt.Sprintf("Nêu lý do rõ ràng, ít nhất %d ký tự.", MinReasonLength), fmt.Sprintf("Give a clear reason, at least %d characters.", MinReasonLength))
	case n > MaxReasonLength:
		return fault.New(fault.Invalid, "Lý do quá dài.", "The reason is too long.").
			Field("reason", fmt.Sprintf("Tối đa %d ký tự.", MaxReasonLength), fmt.Sprintf("At most %d characters.", MaxReasonLength))
	}
	return nil
}

// CertificateQuery is what a list of certificates asks for (the service
// adds the actor's scope).
type CertificateQuery struct {
	Search     string           `query:"q" doc:"Tên doanh nghiệp (không dấu cũng được), mã số thuế hoặc số giấy chứng nhận (name, tax code or number)"`
	SchemeCode string           `query:"scheme" doc:"Mã bộ tiêu chí, ví dụ 5s (scheme code)"`
	Province   string           `query:"province" doc:"Mã tỉnh (province code)"`
	State      CertificateState `query:"state" enum:"valid,expiring,expired,revoked" doc:"Tình trạng (standing)"`
	Page       int              `query:"page" minimum:"0" doc:"Trang, từ 1 (page, from 1)"`
}

// PageSize is how many certificates a page lists.
const PageSize = 20

// filter turns q into a filter for today's page.
func (q CertificateQuery) filter(today string) CertificateFilter {
	f := CertificateFilter{SchemeCode: strings.TrimSpace(q.SchemeCode), Province: strings.TrimSpace(q.Province), State: q.State,
		Today: today, Folded: strings.TrimSpace(vn.Fold(q.Search)), Limit: PageSize}
	if !f.State.Valid() {
		f.State = ""
	}
	if utf8.RuneCountInString(f.Folded) > 100 {
		f.Folded = string([]rune(f.Folded)[:100])
	}
	if q.Page > 1 {
		f.Offset = min(q.Page-1, 100_000) * PageSize
	}
	return f
}

// certificatePrefix is the prefix of a scheme's certificate numbers: 5S
// for 5S good practice, CT for the improvement tools, XS for the
// excellence framework (its sequence is per prefix and year).
func certificatePrefix(k Kind) string {
	switch k {
	case Kind5S:
		return "5S"
	case KindExcellence:
		return "XS"
	}
	return "CT"
}

// sealedOf is the payload a certificate's facts seal.
func sealedOf(c *Certificate) seal.Payload {
	p := seal.Payload{Kind: seal.KindCertificate, Number: c.Number, Holder: c.TaxCode, Scheme: c.SchemeCode, Level: c.LevelCode,
		Issued: c.IssuedOn}
	if c.ExpiresOn != nil {
		p.Expires = *c.ExpiresOn
	}
	return p
}

// dayText is a calendar day as yyyy-mm-dd.
func dayText(t time.Time) string { return day(t).Format(time.DateOnly) }
