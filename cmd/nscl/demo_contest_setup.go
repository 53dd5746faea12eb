package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/demo"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// demoSolution is a solution entry of the demo: its title, story and the
// KPI it moved (before, after, a little noise added per entry).
type demoSolution struct {
	title, summary, kpi, unit string
	before, after             float64
}

// demoSolutions are the usual improvement solutions per category of the
// national solutions contest.
var demoSolutions = map[string][]demoSolution{
	"DM": {
		{"Lean trên chuyền may áo sơ mi", "Cân bằng chuyền, bố trí lại theo dòng chảy một sản phẩm, giảm tồn bán thành phẩm giữa các công đoạn.", "Năng suất lao động", "sản phẩm/người/ngày", 18, 23.5},
		{"Kanban điện tử cho kho phụ liệu may", "Thẻ Kanban và bảng điện tử kéo phụ liệu theo nhu cầu chuyền, bỏ cấp phát theo ca.", "Tồn kho phụ liệu", "ngày", 21, 9},
		{"Chuẩn hóa thao tác cắt vải bằng sơ đồ giác mẫu", "Giác mẫu trên phần mềm và chuẩn hóa thao tác trải vải, giảm vải đầu tấm.", "Tỷ lệ hao hụt vải", "%", 6.8, 3.9},
		{"Poka-yoke kiểm tra đường may cổ áo", "Đồ gá định vị và đèn báo lỗi ngay tại máy may cổ, không chờ khâu kiểm cuối chuyền.", "Tỷ lệ lỗi tái chế", "%", 4.2, 1.6},
		{"SMED chuyển đổi mã hàng trên chuyền giày", "Tách thao tác chuẩn bị khuôn đế ra ngoài thời gian dừng chuyền.", "Thời gian chuyển đổi mã hàng", "phút", 95, 38},
		{"5S và quản lý trực quan xưởng da", "5S toàn xưởng, bảng theo dõi sản lượng theo giờ, khu vực hàng lỗi tách riêng.", "Thời gian tìm dụng cụ", "phút/ca", 42, 11},
	},
	"NH": {
		{"5S trong xưởng ép nhựa", "Sàng lọc khuôn không dùng, giá khuôn theo mã, vạch sơn lối đi và khu vực nguyên liệu.", "Thời gian tìm khuôn", "phút/lần", 25, 6},
		{"TPM cho máy ép phun", "Bảo trì tự quản 3 bước đầu, thẻ bất thường, lịch bôi trơn; theo dõi OEE hằng ngày.", "Hiệu suất thiết bị tổng thể (OEE)", "%", 61, 78},
		{"SMED thay khuôn máy ép nhựa", "Kẹp khuôn nhanh, xe đẩy khuôn gia nhiệt trước, danh mục kiểm tra chuẩn bị.", "Thời gian thay khuôn", "phút", 72, 24},
		{"SPC kiểm soát trọng lượng chai PET", "Biểu đồ X̄-R tại máy thổi, phản ứng theo quy tắc Western Electric.", "Chỉ số năng lực quá trình Cpk", "chỉ số", 0.82, 1.41},
		{"Thu hồi nhiệt máy nén khí xưởng hóa chất", "Tận dụng nhiệt thải máy nén khí để gia nhiệt nước cấp nồi hơi.", "Tiêu thụ điện năng", "kWh/tấn sản phẩm", 185, 151},
		{"Kaizen giảm phế phẩm màng bao bì", "Nhóm Kaizen phân tích Pareto lỗi, điều chỉnh nhiệt độ trục cán và tốc độ kéo.", "Tỷ lệ phế phẩm", "%", 5.4, 2.1},
	},
	"CK": {
		{"SMED trên máy dập", "Chuẩn hóa chiều cao khuôn, chốt định vị nhanh, chuẩn bị khuôn trên bàn xoay.", "Thời gian chuyển đổi khuôn dập", "phút", 48, 14},
		{"Six Sigma giảm sai kích thước chi tiết tiện", "Dự án DMAIC: phân tích hệ thống đo, bù mòn dao tự động trên máy CNC.", "Tỷ lệ chi tiết sai kích thước", "ppm", 5200, 850},
		{"Sơ đồ chuỗi giá trị dây chuyền lắp ráp quạt", "VSM hiện trạng và tương lai, bỏ hai công đoạn chờ, cân bằng chuyền lắp.", "Thời gian sản xuất (lead time)", "ngày", 12, 5},
		{"Poka-yoke lắp bo mạch điện tử", "Đồ gá chống lắp ngược, máy quét mã vạch kiểm tra đúng linh kiện trước khi hàn.", "Tỷ lệ lỗi lắp ráp", "ppm", 3100, 420},
		{"TPM cho máy cắt laser", "Bảo trì phòng ngừa theo giờ chạy, vệ sinh đầu cắt theo chuẩn; theo dõi dừng máy.", "Thời gian dừng máy đột xuất", "giờ/tháng", 36, 9},
		{"Kaizen bố trí mặt bằng xưởng hàn", "Bố trí hình chữ U, giảm quãng đường vận chuyển chi tiết giữa các trạm hàn.", "Quãng đường vận chuyển", "m/sản phẩm", 140, 55},
	},
	"NL": {
		{"Tiết kiệm năng lượng cho lò hơi đốt than", "Kiểm toán năng lượng, điều chỉnh tỷ lệ gió – than, bảo ôn đường ống hơi, thu hồi nước ngưng.", "Suất tiêu hao than", "kg/tấn hơi", 168, 139},
		{"Biến tần cho hệ thống bơm và quạt", "Lắp biến tần điều khiển theo áp suất thay van tiết lưu.", "Điện năng bơm, quạt", "kWh/tháng", 42000, 29500},
		{"Hệ thống quản lý năng lượng theo ISO 50001", "Đường cơ sở năng lượng, chỉ số hiệu quả năng lượng theo từng xưởng, xem xét hằng tháng.", "Cường độ năng lượng", "kWh/triệu đồng DT", 95, 78},
		{"Điện mặt trời mái nhà xưởng kết hợp tối ưu phụ tải", "Dịch chuyển phụ tải sang giờ có nắng, giảm mua điện giờ cao điểm.", "Chi phí điện", "triệu đồng/tháng", 610, 455},
		{"Thu hồi nhiệt khí thải lò sấy", "Bộ trao đổi nhiệt tận dụng khí thải để sấy sơ bộ nguyên liệu.", "Tiêu thụ khí gas", "m³/tấn sản phẩm", 48, 37},
	},
}

// seedContests fills the demo's contests: the national solutions contest
// of 2025 and the national excellence contest of 2026 (both in judging,
// with accepted entries and a few rejected, incomplete or withdrawn
// ones), a Hà Nội contest open for entries now and a draft.
func (a *app) seedContests(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	if a.contest == nil {
		return nil
	}
	st := a.db.Contest()
	ctx = auth.SystemContext(ctx)
	if got, err := st.FindContests(ctx, contest.ContestFilter{Year: 2025, DraftsAll: true}); err != nil {
		return fmt.Errorf("demo: contests: %w", err)
	} else if len(got) > 0 {
		return nil // seeded already
	}
	g := &contestSeed{a: a, st: st, ctx: ctx, rng: rand.New(rand.NewPCG(seed, 0xC0DE57)), today: a.contest.Today()}
	if own, err := a.db.Auth().FindUserByEmail(ctx, demoEnterpriseEmail); err == nil && own.EnterpriseID != 0 {
		g.own, g.ownUser = registry.EnterpriseID(own.EnterpriseID), int64(own.ID)
	}
	steps := []func() error{g.national2025, g.national2026, g.hanoi, g.draft}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("demo: contests: %w", err)
		}
	}
	return nil
}

type contestSeed struct {
	a       *app
	st      contest.Store
	ctx     context.Context
	rng     *rand.Rand
	today   time.Time
	own     registry.EnterpriseID
	ownUser int64
	used    map[contest.ContestID]map[registry.EnterpriseID]bool
}

func vnDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, vn.Zone) }

// contestOf builds a contest from a preset.
func contestOf(preset, code, title string, year int, prov string, status contest.Status, open, closeDay, judging, publish time.Time) *contest.Contest {
	p, _ := contest.PresetByCode(preset)
	c := &contest.Contest{Code: code, Title: title, Year: year, Kind: contest.KindYearly, ProvinceCode: prov, EntryKind: p.EntryKind,
		Status: status, EntriesOpen: open, EntriesClose: closeDay, JudgingEnd: judging, PublishOn: publish, MinJudges: 3, Blind: true,
		Eligibility: p.Eligibility, Categories: p.Categories, Criteria: p.Criteria}
	if prov != "" {
		c.Eligibility.Provinces = []string{prov}
	}
	return c
}

// firms returns up to n enterprises of an industry (nil: any), the
// largest first, skipping those already in the contest.
func (g *contestSeed) firms(c *contest.Contest, ind *registry.Industry, prov string, n int) ([]*registry.Enterprise, error) {
	es, _, err := g.a.db.Registry().FindEnterprises(g.ctx, registry.Filter{Industry: ind, ProvinceCode: prov, Sort: registry.SortEmployeesDesc, Limit: n * 3})
	if err != nil {
		return nil, err
	}
	var out []*registry.Enterprise
	for _, e := range es {
		if len(out) < n && !g.used[c.ID][e.ID] {
			out = append(out, e)
		}
	}
	return out, nil
}

// enter stores an entry of ent in category cat with status st.
func (g *contestSeed) enter(c *contest.Contest, cat contest.Category, ent registry.EnterpriseID, title, summary string,
	kpis []contest.EntryKPI, st contest.EntryStatus, note string, submitted time.Time) error {
	if g.used == nil {
		g.used = map[contest.ContestID]map[registry.EnterpriseID]bool{}
	}
	if g.used[c.ID] == nil {
		g.used[c.ID] = map[registry.EnterpriseID]bool{}
	}
	if g.used[c.ID][ent] {
		return nil
	}
	g.used[c.ID][ent] = true
	e := &contest.Entry{ContestID: c.ID, CategoryID: cat.ID, EnterpriseID: ent, Title: title, SummaryMD: summary, Form: map[string]string{},
		KPIs: kpis, Status: st, StatusNote: note, CreatedAt: submitted.Add(-72 * time.Hour), UpdatedAt: submitted}
	if ent == g.own && g.ownUser != 0 {
		e.CreatedBy = g.ownUser
	}
	if st != contest.EntryDraft {
		at := submitted
		e.SubmittedAt = &at
	}
	for _, cr := range c.Criteria {
		if st == contest.EntryIncomplete && cr.Position == len(c.Criteria) {
			continue
		}
		e.Form[cr.Code] = demoAnswer(cr, title)
	}
	return g.st.Tx(g.ctx, func(tx contest.Store) error {
		n, err := tx.NextEntryNumber(g.ctx, c.ID)
		if err != nil {
			return err
		}
		e.Code = contest.EntryCode(c.Code, n)
		return tx.CreateEntry(g.ctx, e)
	})
}

func demoAnswer(cr contest.Criterion, title string) string {
	switch cr.Code {
	case "1":
		return "**" + title + "** được triển khai lần đầu tại doanh nghiệp, do nhóm cải tiến gồm quản đốc, tổ trưởng và công nhân vận hành thực hiện."
	case "2":
		return "Kết quả đo trước và sau trong 6 tháng, có biên bản nghiệm thu nội bộ và số liệu từ hệ thống quản lý sản xuất.\n\n- Số liệu trước: trung bình 3 tháng\n- Số liệu sau: trung bình 3 tháng liên tiếp"
	case "3":
		return "Quy trình đã được chuẩn hóa thành hướng dẫn công việc; hai xưởng khác trong doanh nghiệp và một doanh nghiệp cùng ngành đã áp dụng."
	case "4":
		return "Chi phí đầu tư thấp, chủ yếu là công lao động của nhóm cải tiến và đồ gá tự chế; thời gian hoàn vốn dưới 12 tháng."
	case "5":
		return "Kết quả được duy trì bằng đánh giá nội bộ hằng tháng, bảng theo dõi trực quan và thưởng sáng kiến."
	}
	return "Doanh nghiệp trình bày theo hướng dẫn của tiêu chí " + cr.Code + " (" + cr.Name + "), kèm tài liệu chứng minh trong hồ sơ."
}

// kpiOf is the KPI of a solution with a little noise.
func (g *contestSeed) kpiOf(s demoSolution) []contest.EntryKPI {
	f := 0.9 + g.rng.Float64()*0.2
	r := func(v float64) float64 { return math.Round(v*100) / 100 }
	return []contest.EntryKPI{{Name: s.kpi, Unit: s.unit, Before: r(s.before), After: r(s.before + (s.after-s.before)*f),
		Evidence: "Báo cáo kết quả cải tiến kèm số liệu sản xuất 6 tháng"}}
}
