package contest

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// Limits of the setup's inputs.
const (
	MaxTitle      = 300
	MaxRules      = 20000
	MaxCategories = 20
	MaxCriteria   = 40
	MaxAwardTiers = 6
	MaxJudges     = 15
	MaxPointsAll  = 1000
	MaxReason     = 1000
)

var codePattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9.\-]{0,29}$`)

var badTextMessage = fault.Text{
	Vi: "Văn bản có ký tự điều khiển hoặc ký tự không hợp lệ (không phải UTF-8); vui lòng nhập lại.",
	En: "The text has a control character or an invalid (non UTF-8) character; please type it again.",
}

// checkTexts adds the refusal of every field whose text is bad; fields is
// field, text, field, text, ….
func checkTexts(bad fault.Fields, fields ...string) {
	for i := 0; i+1 < len(fields); i += 2 {
		if !vn.IsText(fields[i+1]) {
			bad.Add(fields[i], badTextMessage.Vi, badTextMessage.En)
		}
	}
}

// ContestInput is a contest as an organiser enters it. Days are dd/mm/yyyy
// (or yyyy-mm-dd).
type ContestInput struct {
	Code         string
	Title        string
	Year         int
	Kind         Kind
	ProvinceCode string // "" the ministry; a provincial officer's is theirs
	EntryKind    EntryKind
	RulesMD      string
	EntriesOpen  string
	EntriesClose string
	JudgingEnd   string
	PublishOn    string
	MinJudges    int
	Blind        bool
	Eligibility  Eligibility
	Categories   []Category
	Criteria     []Criterion
}

// InputOf returns c as an input, to edit it.
func InputOf(c *Contest) ContestInput {
	return ContestInput{Code: c.Code, Title: c.Title, Year: c.Year, Kind: c.Kind, ProvinceCode: c.ProvinceCode, EntryKind: c.EntryKind,
		RulesMD: c.RulesMD, EntriesOpen: vn.Date(c.EntriesOpen), EntriesClose: vn.Date(c.EntriesClose), JudgingEnd: vn.Date(c.JudgingEnd),
		PublishOn: vn.Date(c.PublishOn), MinJudges: c.MinJudges, Blind: c.Blind, Eligibility: c.Eligibility,
		Categories: append([]Category(nil), c.Categories...), Criteria: append([]Criterion(nil), c.Criteria...)}
}

// timeline holds the parsed days of an input.
type timeline struct{ open, close, judging, publish time.Time }

// check validates the input, normalises it and returns its days; province
// reports whether a province code is known.
func (in *ContestInput) check(province func(string) bool) (timeline, error) {
	bad := fault.Fields{}
	checkTexts(bad, "code", in.Code, "title", in.Title, "rules", in.RulesMD, "province_code", in.ProvinceCode)
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	in.Title, in.RulesMD, in.ProvinceCode = vn.NFC(in.Title), vn.NFC(in.RulesMD), strings.TrimSpace(in.ProvinceCode)
	if !codePattern.MatchString(in.Code) {
		bad.Add("code", "Mã cuộc thi gồm 1–30 chữ in hoa, chữ số, dấu chấm hoặc gạch nối, ví dụ NSCL-2026.",
			"The contest's code is 1–30 capital letters, digits, dots or hyphens, e.g. NSCL-2026.")
	}
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		bad.Add("title", "Vui lòng nhập tên cuộc thi.", "Please enter the contest's title.")
	case n > MaxTitle:
		bad.Add("title", fmt.Sprintf("Tối đa %d ký tự.", MaxTitle), fmt.Sprintf("At most %d characters.", MaxTitle))
	}
	if in.Year < 2021 || in.Year > 2035 {
		bad.Add("year", "Năm của cuộc thi từ 2021 đến 2035 (giai đoạn chương trình).", "The contest's year is 2021 to 2035 (the programme's period).")
	}
	if !in.Kind.Valid() {
		bad.Add("kind", "Vui lòng chọn: hằng năm hoặc theo đợt.", "Please choose yearly or ad hoc.")
	}
	if !in.EntryKind.Valid() {
		bad.Add("entry_kind", "Vui lòng chọn đối tượng dự thi: doanh nghiệp hoặc giải pháp.", "Please choose what is entered: an enterprise or a solution.")
	}
	if utf8.RuneCountInString(in.RulesMD) > MaxRules {
		bad.Add("rules", fmt.Sprintf("Thể lệ tối đa %d ký tự.", MaxRules), fmt.Sprintf("The rules are at most %d characters.", MaxRules))
	}
	if in.ProvinceCode != "" && !province(in.ProvinceCode) {
		bad.Add("province_code", "Tỉnh/thành không có trong danh mục.", "Not a known province.")
	}
	var tl timeline
	days := []struct {
		field, s string
		to       *time.Time
		vi, en   string
	}{
		{"entries_open", in.EntriesOpen, &tl.open, "ngày mở nhận hồ sơ", "the day entries open"},
		{"entries_close", in.EntriesClose, &tl.close, "hạn nộp hồ sơ", "the entry deadline"},
		{"judging_end", in.JudgingEnd, &tl.judging, "ngày kết thúc chấm", "the day judging ends"},
		{"publish_on", in.PublishOn, &tl.publish, "ngày công bố kết quả", "the day results are published"},
	}
	ok := true
	for _, d := range days {
		t, err := vn.ParseDate(d.s)
		if err != nil {
			ok = false
			bad.Add(d.field, "Vui lòng nhập "+d.vi+" dạng dd/mm/yyyy.", "Please enter "+d.en+" as dd/mm/yyyy.")
			continue
		}
		*d.to = t
	}
	if ok {
		switch {
		case tl.close.Before(tl.open):
			bad.Add("entries_close", "Hạn nộp hồ sơ không được trước ngày mở nhận.", "The entry deadline cannot be before entries open.")
		case tl.judging.Before(tl.close):
			bad.Add("judging_end", "Ngày kết thúc chấm không được trước hạn nộp hồ sơ.", "Judging cannot end before the entry deadline.")
		case tl.publish.Before(tl.judging):
			bad.Add("publish_on", "Ngày công bố không được trước ngày kết thúc chấm.", "Results cannot be published before judging ends.")
		}
	}
	if in.MinJudges < 1 || in.MinJudges > MaxJudges {
		bad.Add("min_judges", fmt.Sprintf("Số giám khảo tối thiểu mỗi bài từ 1 đến %d.", MaxJudges), fmt.Sprintf("1 to %d judges per entry.", MaxJudges))
	}
	in.checkEligibility(bad, province)
	in.checkCriteria(bad)
	in.checkCategories(bad)
	return tl, bad.Err()
}

func (in *ContestInput) checkEligibility(bad fault.Fields, province func(string) bool) {
	e := &in.Eligibility
	if e.MinOperatingMonths < 0 || e.MinOperatingMonths > 600 {
		bad.Add("min_operating_months", "Thời gian hoạt động tối thiểu từ 0 đến 600 tháng.", "The minimum operating time is 0 to 600 months.")
	}
	for _, s := range e.SizeClasses {
		if !registry.SizeClass(s).IsSME() && registry.SizeClass(s) != registry.SizeLarge {
			bad.Add("size_classes", "Quy mô không hợp lệ.", "Not a size class.")
		}
	}
	for _, s := range e.PriorityIndustries {
		if registry.Industry(s) == "" || !registry.Industry(s).Valid() {
			bad.Add("priority_industries", "Ngành ưu tiên không hợp lệ.", "Not a priority industry.")
		}
	}
	for _, p := range e.Provinces {
		if !province(p) {
			bad.Add("provinces", "Tỉnh/thành không có trong danh mục.", "Not a known province.")
		}
	}
	if in.ProvinceCode != "" {
		// A provincial contest is for its own province's enterprises.
		e.Provinces = []string{in.ProvinceCode}
	}
}

func (in *ContestInput) checkCriteria(bad fault.Fields) {
	var out []Criterion
	codes, ties := map[string]bool{}, map[int]bool{}
	total := 0.0
	for i, c := range in.Criteria {
		field := fmt.Sprintf("criteria.%d", i)
		checkTexts(bad, field, c.Code+c.Name+c.Guidance)
		c.Code, c.Name, c.Guidance = strings.TrimSpace(c.Code), vn.NFC(c.Name), vn.NFC(c.Guidance)
		if c.Code == "" && c.Name == "" && c.MaxPoints == 0 {
			continue
		}
		switch {
		case c.Code == "" || utf8.RuneCountInString(c.Code) > 10:
			bad.Add(field, "Mã tiêu chí 1–10 ký tự.", "A criterion's code is 1–10 characters.")
		case codes[c.Code]:
			bad.Add(field, "Mã tiêu chí bị trùng.", "The criterion's code is repeated.")
		case c.Name == "" || utf8.RuneCountInString(c.Name) > MaxTitle:
			bad.Add(field, "Vui lòng nhập tên tiêu chí (tối đa 300 ký tự).", "Please enter the criterion's name (at most 300 characters).")
		case utf8.RuneCountInString(c.Guidance) > 4000:
			bad.Add(field, "Hướng dẫn tối đa 4000 ký tự.", "The guidance is at most 4000 characters.")
		case !(c.MaxPoints > 0) || c.MaxPoints > MaxPointsAll:
			bad.Add(field, "Điểm tối đa của tiêu chí lớn hơn 0 và không quá 1000.", "A criterion's points are above 0 and at most 1000.")
		case c.TieBreak < 0 || c.TieBreak > MaxCriteria:
			bad.Add(field, "Thứ tự xét hòa điểm từ 0 (không xét) đến 40.", "The tie-break order is 0 (none) to 40.")
		case c.TieBreak > 0 && ties[c.TieBreak]:
			bad.Add(field, "Hai tiêu chí không được cùng thứ tự xét hòa điểm.", "Two criteria cannot share a tie-break order.")
		}
		codes[c.Code], ties[c.TieBreak] = true, c.TieBreak > 0 || ties[c.TieBreak]
		total += c.MaxPoints
		c.Position = len(out) + 1
		out = append(out, c)
	}
	if len(out) > MaxCriteria {
		bad.Add("criteria", fmt.Sprintf("Tối đa %d tiêu chí.", MaxCriteria), fmt.Sprintf("At most %d criteria.", MaxCriteria))
	}
	if total > MaxPointsAll {
		bad.Add("criteria", "Tổng điểm của thang chấm không quá 1000.", "The rubric's points add up to at most 1000.")
	}
	in.Criteria = out
}

func (in *ContestInput) checkCategories(bad fault.Fields) {
	var out []Category
	codes := map[string]bool{}
	for i, c := range in.Categories {
		field := fmt.Sprintf("categories.%d", i)
		checkTexts(bad, field, c.Code+c.Name+c.Value)
		c.Code, c.Name, c.Value = strings.ToUpper(strings.TrimSpace(c.Code)), vn.NFC(c.Name), strings.TrimSpace(c.Value)
		if c.Code == "" && c.Name == "" {
			continue
		}
		var awards []AwardTier
		for _, a := range c.Awards {
			a.Name = vn.NFC(a.Name)
			if a.Name == "" && a.Count == 0 {
				continue
			}
			if a.Name == "" || !vn.IsText(a.Name) || a.Count < 1 || a.Count > 100 || a.MinScore < 0 || a.MinScore > MaxPointsAll {
				bad.Add(field, "Mỗi giải cần tên, số lượng 1–100 và điểm tối thiểu 0–1000.", "Each award needs a name, a count of 1–100 and a minimum score of 0–1000.")
				break
			}
			awards = append(awards, a)
		}
		c.Awards = awards
		switch {
		case !codePattern.MatchString(c.Code) || len(c.Code) > 20:
			bad.Add(field, "Mã hạng mục 1–20 chữ in hoa, chữ số hoặc gạch nối.", "A category's code is 1–20 capital letters, digits or hyphens.")
		case codes[c.Code]:
			bad.Add(field, "Mã hạng mục bị trùng.", "The category's code is repeated.")
		case c.Name == "" || utf8.RuneCountInString(c.Name) > MaxTitle:
			bad.Add(field, "Vui lòng nhập tên hạng mục (tối đa 300 ký tự).", "Please enter the category's name (at most 300 characters).")
		case !c.Basis.Valid():
			bad.Add(field, "Vui lòng chọn cách phân hạng mục.", "Please choose the category's basis.")
		case c.Basis == BasisSector && !registry.Industry(c.Value).Valid():
			bad.Add(field, "Vui lòng chọn ngành ưu tiên của hạng mục.", "Please choose the category's priority industry.")
		case c.Basis == BasisSize && !ValidSizeCategory(c.Value):
			bad.Add(field, "Vui lòng chọn quy mô của hạng mục.", "Please choose the category's size class.")
		case c.Basis == BasisTool && (c.Value == "" || len(c.Value) > 40):
			bad.Add(field, "Vui lòng nhập mã công cụ của hạng mục.", "Please enter the category's tool code.")
		case len(awards) > MaxAwardTiers:
			bad.Add(field, fmt.Sprintf("Tối đa %d bậc giải.", MaxAwardTiers), fmt.Sprintf("At most %d award tiers.", MaxAwardTiers))
		}
		if c.Basis == BasisOpen {
			c.Value = ""
		}
		codes[c.Code] = true
		c.Position = len(out) + 1
		out = append(out, c)
	}
	if len(out) > MaxCategories {
		bad.Add("categories", fmt.Sprintf("Tối đa %d hạng mục.", MaxCategories), fmt.Sprintf("At most %d categories.", MaxCategories))
	}
	in.Categories = out
}

// announceProblems lists what a contest lacks to be announced.
func announceProblems(c *Contest) fault.Fields {
	bad := fault.Fields{}
	if strings.TrimSpace(c.RulesMD) == "" {
		bad.Add("rules", "Cần có thể lệ trước khi công bố.", "The rules are needed before announcing.")
	}
	if len(c.Categories) == 0 {
		bad.Add("categories", "Cần ít nhất một hạng mục.", "At least one category is needed.")
	}
	for i, cat := range c.Categories {
		if len(cat.Awards) == 0 {
			bad.Add(fmt.Sprintf("categories.%d", i), "Hạng mục "+cat.Code+" chưa có giải.", "Category "+cat.Code+" has no awards.")
		}
	}
	if len(c.Criteria) == 0 {
		bad.Add("criteria", "Cần thang chấm với ít nhất một tiêu chí.", "A rubric of at least one criterion is needed.")
	} else {
		tie := false
		for _, cr := range c.Criteria {
			tie = tie || cr.TieBreak > 0
		}
		if !tie {
			bad.Add("criteria", "Cần ít nhất một tiêu chí xét khi hòa điểm.", "At least one criterion must break ties.")
		}
	}
	return bad
}
