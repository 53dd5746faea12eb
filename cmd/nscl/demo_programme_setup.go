package main

import (
	"context"
	"fmt"
	"time"

	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/programme"
	"nscl/internal/vn"
)

// tỷ is a billion đồng, the unit budgets are planned in.
const tỷ = 1_000_000_000

// demoPlanBase is the ministry's plan of 2021 by track and type: planned
// activities, state budget and counterpart (đồng). Later years grow by
// about 10% a year, as the programme's targets do.
var demoPlanBase = []programme.PlanLine{
	{Track: programme.TrackBreadth, Type: programme.TypePilotModel, PlannedCount: 24, StateBudget: 14_400_000_000, Counterpart: 9_600_000_000},
	{Track: programme.TrackBreadth, Type: programme.TypeTraining, PlannedCount: 40, StateBudget: 6 * tỷ, Counterpart: 1_200_000_000},
	{Track: programme.TrackDepth, Type: programme.TypeDepthProject, PlannedCount: 8, StateBudget: 24 * tỷ, Counterpart: 36 * tỷ},
	{Track: programme.TrackDepth, Type: programme.TypePilotModel, PlannedCount: 6, StateBudget: 9 * tỷ, Counterpart: 9 * tỷ},
	{Track: programme.TrackCapacity, Type: programme.TypeTraining, PlannedCount: 12, StateBudget: 4_800_000_000},
	{Track: programme.TrackCapacity, Type: programme.TypeCommunication, PlannedCount: 4, StateBudget: 3_200_000_000},
	{Track: programme.TrackCapacity, Type: programme.TypeContest, PlannedCount: 1, StateBudget: 1_500_000_000},
	{Track: programme.TrackCapacity, Type: programme.TypeResearch, PlannedCount: 6, StateBudget: 5_400_000_000},
	{Track: programme.TrackCapacity, Type: programme.TypeStandard, PlannedCount: 10, StateBudget: 4 * tỷ},
	{Track: programme.TrackCapacity, Type: programme.TypeLabUpgrade, PlannedCount: 3, StateBudget: 9 * tỷ},
}

// demoProvincePlan is a province's yearly plan: a few pilot models and
// training courses of the breadth track.
var demoProvincePlan = []programme.PlanLine{
	{Track: programme.TrackBreadth, Type: programme.TypePilotModel, PlannedCount: 5, StateBudget: 2_500_000_000, Counterpart: 1_700_000_000},
	{Track: programme.TrackBreadth, Type: programme.TypeTraining, PlannedCount: 8, StateBudget: 960_000_000, Counterpart: 240_000_000},
	{Track: programme.TrackCapacity, Type: programme.TypeCommunication, PlannedCount: 1, StateBudget: 300_000_000},
}

// grow scales a plan by 10% a year from 2021, rounding money to millions.
func grow(base []programme.PlanLine, years int) []programme.PlanLine {
	f := 1.0
	for range years {
		f *= 1.1
	}
	out := make([]programme.PlanLine, len(base))
	for i, l := range base {
		l.PlannedCount = int(float64(l.PlannedCount)*f + 0.5)
		l.StateBudget = int64(float64(l.StateBudget)*f/1e6+0.5) * 1e6
		l.Counterpart = int64(float64(l.Counterpart)*f/1e6+0.5) * 1e6
		out[i] = l
	}
	return out
}

// demoProvinceAbbr are the call-code prefixes of a few provinces; others
// use "T" and the province code.
var demoProvinceAbbr = map[string]string{"01": "HN", "79": "HCM", "48": "DN", "31": "HP", "92": "CT", "22": "QN", "24": "BN", "75": "DNA"}

func provinceAbbr(code string) string {
	if a, ok := demoProvinceAbbr[code]; ok {
		return a
	}
	return "T" + code
}

const (
	demoRulesBreadth = "Đối tượng: doanh nghiệp nhỏ và vừa ngành công nghiệp, ưu tiên các ngành công nghiệp ưu tiên.\n" +
		"Nội dung hỗ trợ: tư vấn áp dụng 5S, Kaizen, Lean, hệ thống quản lý ISO; đào tạo tại chỗ; xây dựng mô hình điểm để nhân rộng.\n" +
		"Hồ sơ: thuyết minh nhiệm vụ theo mẫu, dự toán kinh phí tách ngân sách nhà nước và vốn đối ứng, KPI với số liệu nền và mục tiêu.\n" +
		"Tiêu chí xét chọn: sự phù hợp, tính khả thi, hiệu quả dự kiến, khả năng nhân rộng, dự toán hợp lý."
	demoRulesDepth = "Đối tượng: doanh nghiệp đã áp dụng công cụ cải tiến ít nhất 3 năm, dự án đặc thù ngành có khả năng nhân rộng.\n" +
		"Nội dung hỗ trợ: đầu tư chiều sâu (tự động hóa, số hóa sản xuất, tiết kiệm năng lượng), mô hình điểm cấp ngành.\n" +
		"Hồ sơ: thuyết minh dự án, báo cáo tài chính 2 năm gần nhất, dự toán chi tiết, cam kết vốn đối ứng.\n" +
		"Hội đồng tư vấn đánh giá theo thang điểm 100; ưu tiên dự án có KPI năng suất lao động và cường độ năng lượng."
	demoRulesCapacity = "Đối tượng: viện, trường, trung tâm kỹ thuật, tổ chức đánh giá sự phù hợp trong danh bạ của chương trình.\n" +
		"Nội dung: đào tạo chuyên gia năng suất, xây dựng tiêu chuẩn quốc gia (TCVN), nâng cao năng lực phòng thử nghiệm, đề tài nghiên cứu.\n" +
		"Hồ sơ: thuyết minh theo mẫu của loại nhiệm vụ, năng lực của tổ chức chủ trì, dự toán theo định mức hiện hành."
)

// seedProgrammeSetup fills the programme's plans and calls: the ministry's
// plans 2021 to next year (approved up to this year, next year's a
// draft), a plan of the demo provincial officer's province (every
// province's at the national scale), the ministry's closed calls of past
// years by track, this year's open calls (breadth pilot models, depth
// projects, a capacity call for training, standards and labs), an open
// call of the demo province and one draft. The activities generator
// (demo_programme.go) proposes under these calls afterwards.
func (a *app) seedProgrammeSetup(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	st := a.db.Programme()
	now := time.Now().In(vn.Zone)
	year := now.Year()
	var ministry, province *auth.User
	for _, l := range sum.Logins {
		u, err := a.db.Auth().FindUserByEmail(ctx, l.Email)
		if err != nil {
			return fmt.Errorf("demo: programme setup: %w", err)
		}
		switch {
		case l.Role == auth.RoleMinistry && ministry == nil:
			ministry = u
		case l.Role == auth.RoleProvince && province == nil:
			province = u
		}
	}
	if ministry == nil || province == nil || province.ProvinceCode == "" {
		return fmt.Errorf("demo: programme setup: no ministry or provincial demo login")
	}
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, vn.Zone) }

	// The ministry's plans.
	plans := map[int]programme.PlanID{}
	for y := 2021; y <= year+1; y++ {
		approved := at(y-1, time.December, 20+(y%7), 9)
		p := &programme.Plan{Year: y, Title: fmt.Sprintf("Kế hoạch thực hiện Chương trình năng suất, chất lượng ngành Công Thương năm %d", y),
			Notes: "Dự toán theo hướng hỗ trợ và loại nhiệm vụ; kinh phí sự nghiệp khoa học và công nghệ của Bộ Công Thương.",
			Lines: grow(demoPlanBase, y-2021), Status: programme.PlanDraft, CreatedBy: ministry.ID, CreatedAt: approved.AddDate(0, -1, 0)}
		if y <= year {
			p.Status, p.DecisionNo, p.DecisionDate = programme.PlanApproved, fmt.Sprintf("%d/QĐ-BCT", 3100+y%100*37), approved.Format("2006-01-02")
			p.UpdatedAt = approved
		} else {
			p.Notes = "Dự thảo trình Lãnh đạo Bộ; đang lấy ý kiến các đơn vị."
		}
		if err := st.CreatePlan(ctx, p); err != nil {
			return fmt.Errorf("demo: plan %d: %w", y, err)
		}
		plans[y] = p.ID
	}
	// The provinces' plans of this year (and last year's of the demo
	// province).
	provs := []string{province.ProvinceCode}
	if scale == demo.National {
		for _, p := range a.geo.Provinces {
			if p.Code != province.ProvinceCode {
				provs = append(provs, p.Code)
			}
		}
	}
	for i, code := range provs {
		name := a.geo.Name(code)
		years := []int{year}
		if i == 0 {
			years = []int{year - 1, year}
		}
		for _, y := range years {
			approved := at(y, time.January, 10+i%15, 9)
			p := &programme.Plan{Year: y, ProvinceCode: code, Title: fmt.Sprintf("Kế hoạch nâng cao năng suất, chất lượng năm %d – %s", y, name),
				Notes: "Do Sở Công Thương chủ trì; hỗ trợ doanh nghiệp nhỏ và vừa trên địa bàn.", Lines: grow(demoProvincePlan, y-2021+i%3),
				Status: programme.PlanApproved, DecisionNo: fmt.Sprintf("%d/QĐ-UBND", 120+i*7+y%10), DecisionDate: approved.Format("2006-01-02"),
				CreatedBy: province.ID, CreatedAt: approved.AddDate(0, 0, -20), UpdatedAt: approved}
			if i > 0 {
				p.CreatedBy = ministry.ID
			}
			if err := st.CreatePlan(ctx, p); err != nil {
				return fmt.Errorf("demo: plan %d/%s: %w", y, code, err)
			}
		}
	}

	// The ministry's calls: one per track each year, closed before this
	// year; this year's are open.
	type callDef struct {
		n        int
		track    programme.Track
		types    []programme.ActivityType
		inds     []string
		title    string
		rules    string
		maxState int64
	}
	defs := []callDef{
		{1, programme.TrackBreadth, []programme.ActivityType{programme.TypePilotModel, programme.TypeTraining}, nil,
			"Hỗ trợ doanh nghiệp nhỏ và vừa xây dựng mô hình điểm áp dụng công cụ cải tiến năng suất", demoRulesBreadth, 600_000_000},
		{2, programme.TrackDepth, []programme.ActivityType{programme.TypeDepthProject, programme.TypePilotModel},
			[]string{"textiles", "leather", "plastics", "mechanical", "electronics"},
			"Dự án đầu tư chiều sâu nâng cao năng suất trong các ngành công nghiệp ưu tiên", demoRulesDepth, 3 * tỷ},
		{3, programme.TrackCapacity, []programme.ActivityType{programme.TypeTraining, programme.TypeStandard, programme.TypeLabUpgrade, programme.TypeResearch},
			nil, "Nâng cao năng lực quản lý nhà nước: đào tạo chuyên gia, xây dựng tiêu chuẩn, phòng thử nghiệm", demoRulesCapacity, 4 * tỷ},
	}
	mk := func(c *programme.Call) error {
		if err := st.CreateCall(ctx, c); err != nil {
			return fmt.Errorf("demo: call %s: %w", c.Code, err)
		}
		return nil
	}
	for y := 2021; y < year; y++ {
		for _, d := range defs {
			opens := at(y, time.March, 1+d.n*3, 8)
			c := &programme.Call{PlanID: plans[y], Code: fmt.Sprintf("BCT-%d-%02d", y, d.n), Title: fmt.Sprintf("%s năm %d", d.title, y),
				Description: d.rules, Track: d.track, Types: d.types, Industries: d.inds, MaxStateBudget: d.maxState,
				OpensAt: opens, Deadline: at(y, time.May, 15+d.n, 17), Status: programme.CallClosed, CreatedBy: ministry.ID,
				CreatedAt: opens.AddDate(0, 0, -14), UpdatedAt: at(y, time.May, 16+d.n, 9)}
			if err := mk(c); err != nil {
				return err
			}
		}
	}
	for i, d := range defs {
		opens := at(year, now.Month(), now.Day(), 8).AddDate(0, 0, -30+i*5)
		c := &programme.Call{PlanID: plans[year], Code: fmt.Sprintf("BCT-%d-%02d", year, d.n), Title: fmt.Sprintf("%s năm %d", d.title, year),
			Description: d.rules, Track: d.track, Types: d.types, Industries: d.inds, MaxStateBudget: d.maxState,
			OpensAt: opens, Deadline: time.Date(now.Year(), now.Month(), now.Day(), 17, 0, 0, 0, vn.Zone).AddDate(0, 0, 20+i*15),
			Status: programme.CallOpen, CreatedBy: ministry.ID, CreatedAt: opens.AddDate(0, 0, -10), UpdatedAt: opens}
		if err := mk(c); err != nil {
			return err
		}
	}
	// The demo province's open call (and, at the national scale, one of
	// every eighth province).
	for i, code := range provs {
		if i > 0 && i%8 != 0 {
			continue
		}
		opens := at(year, now.Month(), now.Day(), 8).AddDate(0, 0, -10-i%5)
		c := &programme.Call{ProvinceCode: code, Provinces: []string{code}, Code: fmt.Sprintf("%s-%d-01", provinceAbbr(code), year),
			Title:       fmt.Sprintf("Hỗ trợ doanh nghiệp %s áp dụng 5S, Kaizen năm %d", a.geo.Name(code), year),
			Description: "Đối tượng: doanh nghiệp nhỏ và vừa có trụ sở trên địa bàn tỉnh.\n" + demoRulesBreadth,
			Track:       programme.TrackBreadth, Types: []programme.ActivityType{programme.TypePilotModel, programme.TypeTraining},
			MaxStateBudget: 400_000_000, OpensAt: opens,
			Deadline: time.Date(now.Year(), now.Month(), now.Day(), 17, 0, 0, 0, vn.Zone).AddDate(0, 0, 12+i%10),
			Status:   programme.CallOpen, CreatedBy: province.ID, CreatedAt: opens.AddDate(0, 0, -7), UpdatedAt: opens}
		if i > 0 {
			c.CreatedBy = ministry.ID
		}
		if err := mk(c); err != nil {
			return err
		}
	}
	// A draft the ministry prepares: next round of communication and the
	// productivity contest.
	opens := at(year, now.Month(), now.Day(), 8).AddDate(0, 1, 0)
	return mk(&programme.Call{PlanID: plans[year+1], Code: fmt.Sprintf("BCT-%d-04", year), Title: "Truyền thông và Giải thưởng năng suất, chất lượng ngành Công Thương",
		Description: "Dự thảo: chiến dịch truyền thông về năng suất trên báo chí, mạng xã hội; cuộc thi doanh nghiệp cải tiến tiêu biểu.",
		Track:       programme.TrackCapacity, Types: []programme.ActivityType{programme.TypeCommunication, programme.TypeContest},
		MaxStateBudget: 1_500_000_000, OpensAt: opens, Deadline: opens.AddDate(0, 2, 0).Add(9 * time.Hour),
		Status: programme.CallDraft, CreatedBy: ministry.ID})
}
