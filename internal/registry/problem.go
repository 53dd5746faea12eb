package registry

import (
	"nscl/internal/fault"
)

// Code is a stable, machine-readable name of a registry rule an input
// breaks. Importers report it per row and cell; the API returns it next to
// the field message. Codes are never reused for another meaning: add a new
// one instead.
type Code = fault.Code

// The problem codes.
const (
	CodeTaxCodeChecksum    Code = "TAX_CODE_CHECKSUM"    // the check digit does not match
	CodeTaxCodeLength      Code = "TAX_CODE_LENGTH"      // not 10 digits or 10+3 digits
	CodeTaxCodeFormat      Code = "TAX_CODE_FORMAT"      // non-digits, sequence 0000000 or branch suffix 000
	CodeTaxCodeParent      Code = "TAX_CODE_PARENT"      // a branch whose parent is missing or differs
	CodeDuplicateTaxCode   Code = "DUPLICATE_TAX_CODE"   // the tax code is already in the registry
	CodeProvinceUnknown    Code = "PROVINCE_UNKNOWN"     // not one of the 34 units (or an old name of one)
	CodeEmployeesNegative  Code = "EMPLOYEES_NEGATIVE"   // employees < 0
	CodeRevenueNotANumber  Code = "REVENUE_NOT_A_NUMBER" // revenue is not a whole number of đồng ≥ 0
	CodeCapitalNotANumber  Code = "CAPITAL_NOT_A_NUMBER" // capital is not a whole number of đồng ≥ 0
	CodeAmountNegative     Code = "AMOUNT_NEGATIVE"      // another amount (value added, energy, exports) < 0
	CodeEmailInvalid       Code = "EMAIL_INVALID"
	CodeNameEmpty          Code = "NAME_EMPTY"
	CodeNameTooLong        Code = "NAME_TOO_LONG"
	CodeDateInvalid        Code = "DATE_INVALID" // unreadable, or in the future
	CodeVSICUnknown        Code = "VSIC_UNKNOWN" // not a division of the edition, or malformed
	CodeVSICEdition        Code = "VSIC_EDITION" // edition other than 2018 or 2025
	CodeOwnershipUnknown   Code = "OWNERSHIP_UNKNOWN"
	CodeStatusUnknown      Code = "STATUS_UNKNOWN"
	CodeYearInvalid        Code = "YEAR_INVALID" // a figures or activity year out of range
	CodeWebsiteInvalid     Code = "WEBSITE_INVALID"
	CodePhoneInvalid       Code = "PHONE_INVALID"
	CodeTextTooLong        Code = "TEXT_TOO_LONG"
	CodeShareInvalid       Code = "SHARE_INVALID"   // a counterpart share outside 0–100%
	CodeSettingInvalid     Code = "SETTING_INVALID" // a programme setting value that does not parse
	CodeTrackUnknown       Code = "TRACK_UNKNOWN"
	CodeClaimDuplicate     Code = "CLAIM_DUPLICATE" // the user already has a pending claim on the firm
	CodeReasonEmpty        Code = "REASON_EMPTY"    // a rejection needs a reason
	CodeActivityTitleEmpty Code = "ACTIVITY_TITLE_EMPTY"
	// Codes of imported rows.
	CodeProvinceOutOfScope  Code = "PROVINCE_OUT_OF_SCOPE"  // a provincial officer's row for another province
	CodeEmployeesNotANumber Code = "EMPLOYEES_NOT_A_NUMBER" // the employees cell is not a whole number
	CodeAmountNotANumber    Code = "AMOUNT_NOT_A_NUMBER"    // value added, energy use or exports is not a whole number
	CodeTaxCodeEmpty        Code = "TAX_CODE_EMPTY"         // the tax code cell is empty
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

// problemErr is the error of a single problem.
func problemErr(field string, code Code, vi, en string) error {
	var ps Problems
	ps.Add(field, code, vi, en)
	return ps.Err()
}
