package directory

import (
	"errors"
	"strconv"

	"nscl/internal/fault"
)

// Code is a stable, machine-readable name of a directory rule an input
// breaks; importers report it per row and the API next to the message.
type Code string

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

// Problem is one broken rule.
type Problem struct {
	Field   string     `json:"field"`
	Code    Code       `json:"code"`
	Message fault.Text `json:"message"`
}

// Problems collects the problems of one input.
type Problems []Problem

// Add records a problem.
func (ps *Problems) Add(field string, code Code, vi, en string) {
	*ps = append(*ps, Problem{Field: field, Code: code, Message: fault.Text{Vi: vi, En: en}})
}

// Err returns nil without problems, else a fault.Invalid error with the
// first message per field, whose cause carries the problems.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	e := &fault.Error{Kind: fault.Invalid, Message: fault.Text{
		Vi: "Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.",
		En: "Some fields are not valid; please check the marked fields.",
	}, Fields: map[string]fault.Text{}, Err: &ProblemError{Problems: ps}}
	for _, p := range ps {
		if _, ok := e.Fields[p.Field]; !ok {
			e.Fields[p.Field] = p.Message
		}
	}
	return e
}

// ProblemError carries the problems of an Invalid error.
type ProblemError struct{ Problems Problems }

func (e *ProblemError) Error() string {
	s := "directory:"
	for _, p := range e.Problems {
		s += " " + p.Field + "=" + string(p.Code)
	}
	return s
}

// ProblemsOf returns the problems carried by err, or nil.
func ProblemsOf(err error) Problems {
	var pe *ProblemError
	if errors.As(err, &pe) {
		return pe.Problems
	}
	return nil
}

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

// dupProblems is a DuplicateError that also carries its problem code.
type dupProblems struct {
	DuplicateError
	ps Problems
}

func (d *dupProblems) Unwrap() []error {
	return []error{&d.DuplicateError, &ProblemError{Problems: d.ps}}
}
