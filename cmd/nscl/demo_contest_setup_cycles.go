package main

import (
	"time"

	"nscl/internal/contest"
	"nscl/internal/registry"
)

const demoRules2025 = `# Thể lệ Giải thưởng Giải pháp Năng suất 2025

Giải thưởng ghi nhận các **giải pháp cải tiến năng suất, chất lượng** đã áp dụng thành công tại doanh nghiệp,
trong khuôn khổ Chương trình quốc gia hỗ trợ doanh nghiệp nâng cao năng suất và chất lượng giai đoạn 2021–2030.

## Đối tượng
- Doanh nghiệp sản xuất, kinh doanh hợp pháp tại Việt Nam;
- Giải pháp đã áp dụng ít nhất 6 tháng, có số liệu trước và sau.

## Hồ sơ
1. Bản thuyết minh theo từng tiêu chí chấm;
2. Số liệu chỉ số trước/sau kèm bằng chứng;
3. Ảnh hoặc tài liệu minh họa (PDF, JPG, PNG, XLSX, DOCX).

## Chấm điểm
Mỗi hồ sơ được ít nhất 3 giám khảo chấm độc lập, sau đó họp đồng thuận. Khi bằng điểm, xét lần lượt tiêu chí *Hiệu quả*,
*Khả năng nhân rộng*, *Tính mới*.`

const demoRules2026 = `# Thể lệ xét Giải thưởng Chất lượng Quốc gia 2026

Xét theo **khung 1000 điểm** gồm 7 tiêu chí (Điều 27 Nghị định 132/2008/NĐ-CP).

## Điều kiện
- Doanh nghiệp hoạt động liên tục tối thiểu **36 tháng** trước thời điểm đăng ký;
- Có hệ thống quản lý chất lượng được duy trì.

## Mức giải
- **Giải Vàng**: từ 800 điểm, xuất sắc nhất trong hạng mục;
- **Giải thưởng Chất lượng Quốc gia**: từ 600 điểm.`

const demoRulesHN = `# Thể lệ Cuộc thi Sáng kiến năng suất Thủ đô

Sở Công Thương Hà Nội tổ chức cho các doanh nghiệp **trên địa bàn Hà Nội**. Mỗi doanh nghiệp gửi tối đa một giải pháp,
kèm số liệu trước/sau và tài liệu minh họa. Hồ sơ nộp trực tuyến trên hệ thống trước hạn.`

// national2025 is the national solutions contest of 2025: about 40
// accepted entries over four categories, and a few others; in judging.
func (g *contestSeed) national2025() error {
	c := contestOf("solution", "NSCL-2025", "Giải thưởng Giải pháp Năng suất và Chất lượng 2025", 2025, "", contest.StatusJudging,
		vnDay(2025, 3, 1), vnDay(2025, 6, 30), vnDay(2025, 9, 30), vnDay(2025, 11, 20))
	c.RulesMD = demoRules2025
	tiers := []contest.AwardTier{{Name: "Giải Nhất", Count: 1, MinScore: 80}, {Name: "Giải Nhì", Count: 2, MinScore: 70}, {Name: "Giải Ba", Count: 3, MinScore: 60}}
	c.Categories = []contest.Category{
		{Code: "DM", Name: "Dệt may – da giày", Basis: contest.BasisSector, Value: string(registry.IndustryTextiles), Awards: tiers, Position: 1},
		{Code: "NH", Name: "Nhựa – hóa chất", Basis: contest.BasisSector, Value: string(registry.IndustryPlastics), Awards: tiers, Position: 2},
		{Code: "CK", Name: "Cơ khí – điện tử", Basis: contest.BasisSector, Value: string(registry.IndustryMechanical), Awards: tiers, Position: 3},
		{Code: "NL", Name: "Tiết kiệm năng lượng", Basis: contest.BasisTool, Value: "energy_audit", Awards: tiers, Position: 4},
	}
	c.CreatedAt, c.UpdatedAt = vnDay(2025, 2, 10), vnDay(2025, 7, 1)
	if err := g.st.CreateContest(g.ctx, c); err != nil {
		return err
	}
	inds := map[string]*registry.Industry{"DM": ptr(registry.IndustryTextiles), "NH": ptr(registry.IndustryPlastics), "CK": ptr(registry.IndustryMechanical)}
	// The demo enterprise's entry first, in the energy category (open to all).
	if g.own != 0 {
		s := demoSolutions["NL"][0]
		if err := g.enter(c, c.Categories[3], g.own, s.title, s.summary, g.kpiOf(s), contest.EntryAccepted, "", vnDay(2025, 6, 12).Add(9*time.Hour)); err != nil {
			return err
		}
	}
	for i, cat := range c.Categories {
		firms, err := g.firms(c, inds[cat.Code], "", 12)
		if err != nil {
			return err
		}
		sols := demoSolutions[cat.Code]
		for j, f := range firms {
			s := sols[j%len(sols)]
			st, note := contest.EntryAccepted, ""
			switch j {
			case 10:
				st, note = contest.EntryRejected, "Giải pháp mới áp dụng 3 tháng, chưa đủ 6 tháng theo thể lệ."
			case 11:
				st, note = []contest.EntryStatus{contest.EntryIncomplete, contest.EntryWithdrawn, contest.EntryIncomplete, contest.EntryRejected}[i],
					"Thiếu số liệu sau cải tiến có xác nhận."
				if st == contest.EntryWithdrawn {
					note = ""
				}
			}
			sub := vnDay(2025, 5, 2+j*2+i).Add(time.Duration(8+j%8) * time.Hour)
			if err := g.enter(c, cat, f.ID, s.title, s.summary, g.kpiOf(s), st, note, sub); err != nil {
				return err
			}
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// national2026 is the national excellence contest of 2026 on the
// 1000-point framework: about 30 accepted entries; in judging.
func (g *contestSeed) national2026() error {
	c := contestOf("gtclqg", "NSCL-2026", "Giải thưởng Chất lượng Quốc gia 2026", 2026, "", contest.StatusJudging,
		vnDay(2026, 3, 1), vnDay(2026, 7, 31), vnDay(2026, 12, 15), vnDay(2027, 1, 20))
	c.EntryKind, c.RulesMD = contest.EntryEnterprise, demoRules2026
	c.CreatedAt, c.UpdatedAt = vnDay(2026, 2, 5), vnDay(2026, 8, 1)
	if err := g.st.CreateContest(g.ctx, c); err != nil {
		return err
	}
	firms, err := g.firms(c, nil, "", 34)
	if err != nil {
		return err
	}
	kpis := [][]contest.EntryKPI{
		{{Name: "Doanh thu", Unit: "tỷ đồng", Before: 820, After: 1015}, {Name: "Tỷ lệ khách hàng hài lòng", Unit: "%", Before: 84, After: 92}},
		{{Name: "Năng suất lao động", Unit: "triệu đồng/người/năm", Before: 410, After: 486}, {Name: "Tỷ lệ sản phẩm lỗi", Unit: "ppm", Before: 2400, After: 900}},
		{{Name: "Tỷ lệ giao hàng đúng hạn", Unit: "%", Before: 88, After: 97}, {Name: "Tiêu thụ năng lượng", Unit: "kWh/sản phẩm", Before: 3.4, After: 2.9}},
	}
	for j, f := range firms {
		cat := c.Categories[1]
		if j < 10 {
			cat = c.Categories[0]
		}
		st, note := contest.EntryAccepted, ""
		switch j {
		case 30:
			st, note = contest.EntryRejected, "Doanh nghiệp hoạt động chưa đủ 36 tháng liên tục."
		case 31:
			st, note = contest.EntryIncomplete, "Thiếu báo cáo tài chính 3 năm gần nhất."
		case 32:
			st = contest.EntryWithdrawn
		case 33:
			st = contest.EntrySubmitted
		}
		ks := append([]contest.EntryKPI(nil), kpis[j%3]...)
		for k := range ks {
			ks[k].Evidence = "Báo cáo thường niên 2023–2025"
		}
		title := f.Name
		sub := vnDay(2026, 6, 1+j%28).Add(time.Duration(8+j%9) * time.Hour)
		if err := g.enter(c, cat, f.ID, title, "Hồ sơ tự đánh giá theo khung 1000 điểm, kèm báo cáo kết quả hoạt động 3 năm.", ks, st, note, sub); err != nil {
			return err
		}
	}
	return nil
}

// hanoi is the Hà Nội department's solutions contest, open for entries
// today; the demo enterprise has a draft entry in it.
func (g *contestSeed) hanoi() error {
	open, closeDay := g.today.AddDate(0, 0, -20), g.today.AddDate(0, 0, 45)
	c := contestOf("solution", "HN-SK-"+g.today.Format("2006"), "Cuộc thi Sáng kiến năng suất Thủ đô "+g.today.Format("2006"), g.today.Year(), "01",
		contest.StatusAnnounced, open, closeDay, closeDay.AddDate(0, 0, 40), closeDay.AddDate(0, 0, 60))
	c.RulesMD = demoRulesHN
	c.CreatedAt, c.UpdatedAt = open.AddDate(0, 0, -10), open
	if err := g.st.CreateContest(g.ctx, c); err != nil {
		return err
	}
	firms, err := g.firms(c, nil, "01", 6)
	if err != nil {
		return err
	}
	sols := append(demoSolutions["DM"][:2:2], demoSolutions["CK"][:2]...)
	for j, f := range firms {
		s := sols[j%len(sols)]
		st := contest.EntrySubmitted
		if j >= 4 {
			st = contest.EntryDraft
		}
		if err := g.enter(c, c.Categories[0], f.ID, s.title, s.summary, g.kpiOf(s), st, "", open.AddDate(0, 0, 3+j)); err != nil {
			return err
		}
	}
	if g.own != 0 {
		s := demoSolutions["NH"][0]
		return g.enter(c, c.Categories[0], g.own, s.title, s.summary, g.kpiOf(s), contest.EntryDraft, "", g.today.AddDate(0, 0, -2))
	}
	return nil
}

// draft is a contest the ministry prepares for next year.
func (g *contestSeed) draft() error {
	y := g.today.Year() + 1
	c := contestOf("solution", "NSCL-GP-"+time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006"), "Giải thưởng Giải pháp Năng suất "+time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006")+" (dự thảo)", y, "",
		contest.StatusDraft, vnDay(y, 3, 1), vnDay(y, 6, 30), vnDay(y, 9, 30), vnDay(y, 11, 20))
	c.RulesMD = "# Dự thảo thể lệ\n\nĐang lấy ý kiến các Sở Công Thương."
	return g.st.CreateContest(g.ctx, c)
}
