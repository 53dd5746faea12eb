package registry

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
