package contest

import "nscl/internal/fault"

// Preset is a ready rubric an organiser starts a contest from: its
// criteria, and the categories and eligibility that usually go with it.
type Preset struct {
	Code        string
	Name        fault.Text
	EntryKind   EntryKind
	Criteria    []Criterion
	Categories  []Category
	Eligibility Eligibility
}

// Presets are the rubrics offered when a contest is created: the
// 1000-point excellence framework of the National Quality Award (facts.md
// §6: 7 criteria, results first in the tie-break, then leadership) and a
// 100-point rubric for one improvement solution.
var Presets = []Preset{
	{Code: "gtclqg", Name: fault.Text{Vi: "Khung 1000 điểm Giải thưởng Chất lượng Quốc gia", En: "The National Quality Award's 1000-point framework"},
		EntryKind: EntryEnterprise,
		Criteria: []Criterion{
			{Code: "1", Name: "Vai trò của lãnh đạo", Guidance: "Lãnh đạo cấp cao định hướng, truyền đạt giá trị, quản trị và trách nhiệm xã hội.", MaxPoints: 120, TieBreak: 2, Position: 1},
			{Code: "2", Name: "Hoạch định chiến lược", Guidance: "Xây dựng và triển khai mục tiêu chiến lược, kế hoạch hành động, chỉ số theo dõi.", MaxPoints: 85, Position: 2},
			{Code: "3", Name: "Định hướng vào khách hàng", Guidance: "Lắng nghe khách hàng, đo sự hài lòng, xây dựng quan hệ.", MaxPoints: 85, Position: 3},
			{Code: "4", Name: "Đo lường, phân tích và quản lý tri thức", Guidance: "Hệ thống đo lường, phân tích dữ liệu, quản lý thông tin và tri thức.", MaxPoints: 90, Position: 4},
			{Code: "5", Name: "Định hướng vào nguồn nhân lực", Guidance: "Môi trường làm việc, gắn kết, đào tạo và phát triển người lao động.", MaxPoints: 85, Position: 5},
			{Code: "6", Name: "Quản lý quá trình hoạt động", Guidance: "Thiết kế, quản lý và cải tiến các quá trình chính; hiệu quả vận hành.", MaxPoints: 85, Position: 6},
			{Code: "7", Name: "Kết quả hoạt động", Guidance: "Kết quả sản phẩm, khách hàng, tài chính, nhân lực, quá trình, lãnh đạo — có số liệu xu hướng và so sánh.", MaxPoints: 450, TieBreak: 1, Position: 7},
		},
		Categories: []Category{
			{Code: "SX-LON", Name: "Sản xuất — doanh nghiệp lớn", Basis: BasisSize, Value: "large", Position: 1,
				Awards: []AwardTier{{Name: "Giải Vàng", Count: 3, MinScore: 800}, {Name: "Giải thưởng Chất lượng Quốc gia", Count: 20, MinScore: 600}}},
			{Code: "SX-SME", Name: "Sản xuất — doanh nghiệp nhỏ và vừa", Basis: BasisSize, Value: SizeSME, Position: 2,
				Awards: []AwardTier{{Name: "Giải Vàng", Count: 3, MinScore: 800}, {Name: "Giải thưởng Chất lượng Quốc gia", Count: 20, MinScore: 600}}},
		},
		Eligibility: Eligibility{MinOperatingMonths: 36},
	},
	{Code: "solution", Name: fault.Text{Vi: "Thang 100 điểm cho giải pháp cải tiến", En: "A 100-point rubric for an improvement solution"},
		EntryKind: EntrySolution,
		Criteria: []Criterion{
			{Code: "1", Name: "Tính mới và sáng tạo", Guidance: "Giải pháp mới với doanh nghiệp và ngành; cách tiếp cận sáng tạo.", MaxPoints: 20, TieBreak: 3, Position: 1},
			{Code: "2", Name: "Hiệu quả có số đo", Guidance: "Kết quả trước/sau có số liệu (năng suất, phế phẩm, thời gian, năng lượng), có bằng chứng.", MaxPoints: 35, TieBreak: 1, Position: 2},
			{Code: "3", Name: "Khả năng nhân rộng", Guidance: "Doanh nghiệp khác áp dụng được; tài liệu hóa, đã chia sẻ.", MaxPoints: 20, TieBreak: 2, Position: 3},
			{Code: "4", Name: "Chi phí hợp lý", Guidance: "Chi phí đầu tư so với lợi ích; thời gian hoàn vốn.", MaxPoints: 10, Position: 4},
			{Code: "5", Name: "Tính bền vững", Guidance: "Duy trì kết quả, chuẩn hóa, sự tham gia của người lao động.", MaxPoints: 15, Position: 5},
		},
		Categories: []Category{
			{Code: "CHUNG", Name: "Giải pháp cải tiến", Basis: BasisOpen, Position: 1,
				Awards: []AwardTier{{Name: "Giải Nhất", Count: 1, MinScore: 80}, {Name: "Giải Nhì", Count: 2, MinScore: 70}, {Name: "Giải Ba", Count: 3, MinScore: 60}}},
		},
		Eligibility: Eligibility{RequireCompletedActivity: false},
	},
}

// PresetByCode returns a preset with fresh copies of its parts.
func PresetByCode(code string) (Preset, bool) {
	for _, p := range Presets {
		if p.Code == code {
			p.Criteria = append([]Criterion(nil), p.Criteria...)
			p.Categories = append([]Category(nil), p.Categories...)
			for i := range p.Categories {
				p.Categories[i].Awards = append([]AwardTier(nil), p.Categories[i].Awards...)
			}
			return p, true
		}
	}
	return Preset{}, false
}
