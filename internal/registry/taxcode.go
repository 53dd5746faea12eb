package registry

import "strings"

// taxWeights are the weights of digits 1–9 of a tax code (MST) in its check
// digit (facts.md item 2, as in python-stdnum's stdnum/vn/mst.py).
var taxWeights = [9]int{31, 29, 23, 19, 17, 13, 7, 5, 3}

// TaxCheckDigit returns the check digit (the 10th digit) for the first nine
// digits of a tax code, and false when no valid check digit exists (the
// weighted sum is a multiple of 11) or the input is not nine digits.
func TaxCheckDigit(first9 string) (byte, bool) {
	if len(first9) != 9 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		c := first9[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		sum += taxWeights[i] * int(c-'0')
	}
	check := 10 - sum%11
	if check == 10 {
		return 0, false
	}
	return byte('0' + check), true
}

// ParseTaxCode reads a tax code as people write it ("0314409058",
// "03 1440 9058", "01.00.112.437", "0312 68 78 78 - 001") and returns it in
// the registry's form: 10 digits, or 10 digits, a dash and the 3-digit branch
// suffix. The problem (field "tax_code") says what is wrong:
// TAX_CODE_LENGTH, TAX_CODE_FORMAT (other characters, sequence 0000000,
// suffix 000) or TAX_CODE_CHECKSUM.
func ParseTaxCode(s string) (string, *Problem) {
	var digits []byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == ' ' || c == '.' || c == '-' || c == '\t':
		default:
			return "", &Problem{Field: "tax_code", Code: CodeTaxCodeFormat, Message: msgTaxFormat}
		}
	}
	if len(digits) != 10 && len(digits) != 13 {
		return "", &Problem{Field: "tax_code", Code: CodeTaxCodeLength, Message: msgTaxLength}
	}
	if string(digits[2:9]) == "0000000" {
		return "", &Problem{Field: "tax_code", Code: CodeTaxCodeFormat, Message: msgTaxFormat}
	}
	if len(digits) == 13 && string(digits[10:]) == "000" {
		return "", &Problem{Field: "tax_code", Code: CodeTaxCodeFormat, Message: msgTaxBranch}
	}
	if d, ok := TaxCheckDigit(string(digits[:9])); !ok || d != digits[9] {
		return "", &Problem{Field: "tax_code", Code: CodeTaxCodeChecksum, Message: msgTaxChecksum}
	}
	if len(digits) == 13 {
		return string(digits[:10]) + "-" + string(digits[10:]), nil
	}
	return string(digits), nil
}

// ParentTaxCode returns the head office's code of a branch code ("" for a
// head office). code must be in the form ParseTaxCode returns.
func ParentTaxCode(code string) string {
	if p, _, ok := strings.Cut(code, "-"); ok {
		return p
	}
	return ""
}

// IsBranchCode reports whether code (as ParseTaxCode returns) is a branch's.
func IsBranchCode(code string) bool { return strings.Contains(code, "-") }

var (
	msgTaxLength = text("Mã số thuế phải có 10 chữ số, hoặc 13 chữ số đối với đơn vị phụ thuộc (ví dụ 0314409058-002).",
		"A tax code has 10 digits, or 13 for a branch (e.g. 0314409058-002).")
	msgTaxFormat = text("Mã số thuế chỉ gồm chữ số (có thể có dấu cách, dấu chấm, gạch ngang) và các chữ số 3–9 không thể đều bằng 0.",
		"A tax code is made of digits (spaces, dots and dashes allowed) and digits 3–9 cannot all be zero.")
	msgTaxBranch   = text("Ba số cuối của mã đơn vị phụ thuộc phải từ 001 đến 999.", "The branch suffix must be 001 to 999.")
	msgTaxChecksum = text("Mã số thuế sai chữ số kiểm tra, vui lòng kiểm tra lại.", "The tax code's check digit is wrong; please check it.")
)
