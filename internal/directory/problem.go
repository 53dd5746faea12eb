package directory

import (
	"errors"
	"strconv"

	"nscl/internal/fault"
)

// Code is a stable, machine-readable name of a directory rule an input
// breaks; importers report it per row and the API next to the message.
type Code = fault.Code

// The problem codes.
const (
	CodeNameEmpty           Code = "NAME_EMPTY"
	CodeTooLong             Code = "TEXT_TOO_LONG"
	CodeKindUnknown         Code = "KIND_UNKNOWN"
	CodeEmailInvalid        Code = "EMAIL_INVALID"
	CodeIDNumberInvalid     Code = "ID_NUMBER_INVALID" // not 12 digits
	CodeProvinceUnknown     Code = "PROVINCE_UNKNOWN"
	CodeSectorUnknown       Code = "SECTOR_UNKNOWN"
	CodeToolUnknown         Code = "TOOL_UNKNOWN"
	CodeLevelInvalid        Code = "LEVEL_INVALID"
	CodeLanguageInvalid     Code = "LANGUAGE_INVALID"
	CodeCapacityInvalid     Code = "CAPACITY_INVALID"
	CodeCredentialTitle     Code = "CREDENTIAL_TITLE_EMPTY"
	CodeDateInvalid         Code = "DATE_INVALID"
	CodeExpiryBeforeIssue   Code = "EXPIRY_BEFORE_ISSUE"
	CodeDuplicateEmail      Code = "DUPLICATE_EMAIL"
	CodeDuplicateIDNumber   Code = "DUPLICATE_ID_NUMBER"
	CodeOrgKindUnknown      Code = "ORGANISATION_KIND_UNKNOWN"
	CodeTaxCodeInvalid      Code = "TAX_CODE_INVALID"
	CodeVILASInvalid        Code = "VILAS_INVALID"
	CodeVILASMissing        Code = "VILAS_MISSING"
	CodeValidityOrder       Code = "VALIDITY_ORDER" // ISO/IEC 17025 "to" not after "from"
	CodeWebsiteInvalid      Code = "WEBSITE_INVALID"
	CodeOrganisationUnknown Code = "ORGANISATION_UNKNOWN"
)

// Problem, Problems and ProblemError are the platform's (internal/fault);
// the aliases keep this package's call sites as they are.
type (
	Problem      = fault.Problem
	Problems     = fault.Problems
	ProblemError = fault.ProblemError
)

// ProblemsOf returns the problems carried by err, or nil.
func ProblemsOf(err error) Problems { return fault.ProblemsOf(err) }

// DuplicateError is the cause of a Conflict when an expert with the same
// email or ID number exists: it points to that record.
type DuplicateError struct {
	Field    string // "email" or "id_number"
	Existing ExpertID
}

func (e *DuplicateError) Error() string {
	return "directory: duplicate " + e.Field + " of expert " + strconv.FormatInt(int64(e.Existing), 10)
}

// DuplicateOf returns the duplicate carried by err, or nil.
func DuplicateOf(err error) *DuplicateError {
	var d *DuplicateError
	if errors.As(err, &d) {
		return d
	}
	return nil
}

// ExpertURL is the page of an expert.
func ExpertURL(id ExpertID) string { return "/experts/" + strconv.FormatInt(int64(id), 10) }

// OrganisationURL is the page of an organisation.
func OrganisationURL(id OrganisationID) string {
	return "/organisations/" + strconv.FormatInt(int64(id), 10)
}

func duplicate(field string, code Code, existing ExpertID) error {
	link := ExpertURL(existing)
	var vi, en string
	if field == "email" {
		vi, en = "Đã có chuyên gia với email này: "+link, "An expert with this email already exists: "+link
	} else {
		vi, en = "Đã có chuyên gia với số CCCD này: "+link, "An expert with this ID number already exists: "+link
	}
	var ps Problems
	ps.Add(field, code, vi, en)
	return &fault.Error{Kind: fault.Conflict, Message: fault.Text{Vi: vi, En: en},
		Fields: map[string]fault.Text{field: {Vi: vi, En: en}},
		Err:    &dupProblems{DuplicateError: DuplicateError{Field: field, Existing: existing}, ps: ps}}
}

// ownDuplicate is the Conflict of self-service (an expert saving their own
// profile) with an email or ID number another expert has: it names neither
// the other expert nor their page, so that the form cannot turn an email or
// a CCCD number into a name.
func ownDuplicate(field string, code Code) error {
	vi := "Email / số định danh này đã được đăng ký; vui lòng liên hệ văn phòng danh bạ."
	en := "This email / ID number is already registered; please contact the directory office."
	var ps Problems
	ps.Add(field, code, vi, en)
	return &fault.Error{Kind: fault.Conflict, Message: fault.Text{Vi: vi, En: en},
		Fields: map[string]fault.Text{field: {Vi: vi, En: en}}, Err: &ProblemError{Problems: ps}}
}

// dupProblems is a DuplicateError that also carries its problem code.
type dupProblems struct {
	DuplicateError
	ps Problems
}

func (d *dupProblems) Unwrap() []error {
	return []error{&d.DuplicateError, &ProblemError{Problems: d.ps}}
}
