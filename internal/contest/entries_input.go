package contest

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"nscl/internal/fault"
	"nscl/internal/vn"
)

// Limits of an entry's inputs.
const (
	MaxSummary       = 20000
	MaxAnswer        = 8000
	MaxKPIs          = 20
	MaxActivities    = 10
	MaxEntryFiles    = 8
	MaxEntryFileSize = 10 << 20
	MaxNote          = 2000
	MaxKPIUnit       = 20  // as the honour roll keeps them
	MaxKPIEvidence   = 300 // as the honour roll keeps them
)

// EntryInput is an entry as the enterprise enters it.
type EntryInput struct {
	CategoryID  CategoryID
	Title       string
	SummaryMD   string
	Form        map[string]string // criterion code → answer
	KPIs        []EntryKPI        // the entrant's own figures (verified ones come from ActivityIDs)
	ActivityIDs []int64
}

// InputOfEntry returns e as an input, to edit it: its own KPIs only (the
// verified ones are taken again from its activities).
func InputOfEntry(e *Entry) EntryInput {
	in := EntryInput{CategoryID: e.CategoryID, Title: e.Title, SummaryMD: e.SummaryMD, Form: map[string]string{},
		ActivityIDs: append([]int64(nil), e.ActivityIDs...)}
	for k, v := range e.Form {
		in.Form[k] = v
	}
	for _, k := range e.KPIs {
		if !k.Verified {
			in.KPIs = append(in.KPIs, k)
		}
	}
	return in
}

// check validates the input against contest c and normalises it.
func (in *EntryInput) check(c *Contest) error {
	bad := fault.Fields{}
	checkTexts(bad, "title", in.Title, "summary", in.SummaryMD)
	in.Title, in.SummaryMD = vn.NFC(in.Title), vn.NFC(in.SummaryMD)
	if _, ok := categoryOf(c, in.CategoryID); !ok {
		bad.Add("category", "Vui lòng chọn hạng mục của cuộc thi.", "Please choose a category of the contest.")
	}
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		bad.Add("title", "Vui lòng nhập tên bài dự thi (tên giải pháp hoặc doanh nghiệp).", "Please enter the entry's title (the solution's or the enterprise's name).")
	case n > MaxTitle:
		bad.Add("title", fmt.Sprintf("Tối đa %d ký tự.", MaxTitle), fmt.Sprintf("At most %d characters.", MaxTitle))
	}
	if utf8.RuneCountInString(in.SummaryMD) > MaxSummary {
		bad.Add("summary", fmt.Sprintf("Tối đa %d ký tự.", MaxSummary), fmt.Sprintf("At most %d characters.", MaxSummary))
	}
	form := map[string]string{}
	for _, cr := range c.Criteria {
		v := in.Form[cr.Code]
		field := "answer." + cr.Code
		if !vn.IsText(v) {
			bad.Add(field, badTextMessage.Vi, badTextMessage.En)
			continue
		}
		v = vn.NFC(v)
		if utf8.RuneCountInString(v) > MaxAnswer {
			bad.Add(field, fmt.Sprintf("Mỗi câu trả lời tối đa %d ký tự.", MaxAnswer), fmt.Sprintf("An answer is at most %d characters.", MaxAnswer))
		}
		if v != "" {
			form[cr.Code] = v
		}
	}
	in.Form = form
	var kpis []EntryKPI
	for i, k := range in.KPIs {
		field := fmt.Sprintf("kpis.%d", i)
		checkTexts(bad, field, k.Name+k.Unit+k.Evidence)
		k.Name, k.Unit, k.Evidence, k.Verified = vn.NFC(k.Name), vn.NFC(k.Unit), vn.NFC(k.Evidence), false
		if k.Name == "" && k.Unit == "" && k.Before == 0 && k.After == 0 && k.Evidence == "" {
			continue
		}
		switch {
		case k.Name == "" || utf8.RuneCountInString(k.Name) > 200:
			bad.Add(field, "Vui lòng nhập tên chỉ số (tối đa 200 ký tự).", "Please enter the KPI's name (at most 200 characters).")
		case k.Unit == "" || utf8.RuneCountInString(k.Unit) > MaxKPIUnit:
			bad.Add(field, fmt.Sprintf("Vui lòng nhập đơn vị của chỉ số (tối đa %d ký tự).", MaxKPIUnit),
				fmt.Sprintf("Please enter the KPI's unit (at most %d characters).", MaxKPIUnit))
		case math.IsNaN(k.Before) || math.IsInf(k.Before, 0) || math.IsNaN(k.After) || math.IsInf(k.After, 0) ||
			math.Abs(k.Before) > 1e15 || math.Abs(k.After) > 1e15:
			bad.Add(field, "Giá trị trước/sau không hợp lệ.", "The before/after values are not valid numbers.")
		case utf8.RuneCountInString(k.Evidence) > MaxKPIEvidence:
			bad.Add(field, fmt.Sprintf("Bằng chứng tối đa %d ký tự.", MaxKPIEvidence), fmt.Sprintf("The evidence is at most %d characters.", MaxKPIEvidence))
		}
		kpis = append(kpis, k)
	}
	if len(kpis) > MaxKPIs {
		bad.Add("kpis", fmt.Sprintf("Tối đa %d chỉ số.", MaxKPIs), fmt.Sprintf("At most %d KPIs.", MaxKPIs))
	}
	in.KPIs = kpis
	seen := map[int64]bool{}
	var acts []int64
	for _, id := range in.ActivityIDs {
		if id > 0 && !seen[id] {
			seen[id] = true
			acts = append(acts, id)
		}
	}
	if len(acts) > MaxActivities {
		bad.Add("activities", fmt.Sprintf("Tối đa %d nhiệm vụ.", MaxActivities), fmt.Sprintf("At most %d activities.", MaxActivities))
	}
	in.ActivityIDs = acts
	return bad.Err()
}

func categoryOf(c *Contest, id CategoryID) (*Category, bool) {
	for i := range c.Categories {
		if c.Categories[i].ID == id {
			return &c.Categories[i], true
		}
	}
	return nil, false
}

// Problem is one failed check of an entry: the field it concerns and why.
type Problem struct {
	Field   string     `json:"field"`
	Message fault.Text `json:"message"`
}

// problemsErr turns problems into one Invalid error listing them all.
func problemsErr(ps []Problem) error {
	if len(ps) == 0 {
		return nil
	}
	var vi, en []string
	for _, p := range ps {
		vi, en = append(vi, p.Message.Vi), append(en, p.Message.En)
	}
	e := fault.New(fault.Invalid, "Chưa nộp được bài dự thi: "+strings.Join(vi, " "), "The entry cannot be submitted: "+strings.Join(en, " "))
	for _, p := range ps {
		e = e.Field(p.Field, p.Message.Vi, p.Message.En)
	}
	return e
}
