package programme

import (
	"strconv"
	"strings"

	"nscl/internal/fault"
	"nscl/internal/vn"
)

// Budget limits.
const (
	MaxBudgetLines = 50
	// MaxAmount is the largest amount of one line or total, in đồng (one
	// thousand billion): above it a figure is a typing error.
	MaxAmount int64 = 1_000_000_000_000_000
)

// CheckBudget checks an activity's budget: 1–50 lines, each with an item
// and non-negative amounts, and declared totals equal to the sums of the
// lines (a budget that does not add up is refused, saying by how much). It
// numbers the lines from 1 and adds messages to f ("budget", "budget.N.item",
// "state_budget", "counterpart").
func CheckBudget(lines []BudgetLine, state, counterpart int64, f fault.Fields) {
	if len(lines) == 0 {
		f.Add("budget", "Dự toán cần ít nhất một khoản chi.", "The budget needs at least one line.")
	}
	if len(lines) > MaxBudgetLines {
		f.Add("budget", "Dự toán tối đa 50 khoản chi.", "The budget has at most 50 lines.")
	}
	var sumS, sumC int64
	for i := range lines {
		l := &lines[i]
		l.Line = i + 1
		l.Item = strings.TrimSpace(vn.NFC(l.Item))
		n := strconv.Itoa(l.Line)
		if l.Item == "" {
			f.Add("budget."+n+".item", "Khoản chi "+n+": cần nội dung.", "Line "+n+": the item is required.")
		}
		if l.State < 0 || l.Counterpart < 0 || l.State > MaxAmount || l.Counterpart > MaxAmount {
			f.Add("budget."+n+".amount", "Khoản chi "+n+": số tiền phải từ 0 đến 1.000.000 tỷ đồng.",
				"Line "+n+": amounts must be between 0 and 10^15 VND.")
			continue
		}
		sumS += l.State
		sumC += l.Counterpart
	}
	if state < 0 || counterpart < 0 {
		f.Add("state_budget", "Tổng kinh phí không được âm.", "Totals may not be negative.")
		return
	}
	if state+counterpart <= 0 && len(lines) > 0 {
		f.Add("state_budget", "Tổng kinh phí phải lớn hơn 0.", "The total budget must be above zero.")
	}
	if sumS != state {
		f.Add("state_budget", "Tổng ngân sách nhà nước "+vn.Money(state)+" không khớp tổng các khoản chi "+vn.Money(sumS)+" (chênh "+vn.Money(abs(state-sumS))+").",
			"The state budget total "+strconv.FormatInt(state, 10)+" VND does not match the sum of the lines "+strconv.FormatInt(sumS, 10)+" VND.")
	}
	if sumC != counterpart {
		f.Add("counterpart", "Tổng vốn đối ứng "+vn.Money(counterpart)+" không khớp tổng các khoản chi "+vn.Money(sumC)+" (chênh "+vn.Money(abs(counterpart-sumC))+").",
			"The counterpart total "+strconv.FormatInt(counterpart, 10)+" VND does not match the sum of the lines "+strconv.FormatInt(sumC, 10)+" VND.")
	}
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
