package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/demo"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// demoNationalHonour is a national quality award the ministry records
// (Giải thưởng Chất lượng Quốc gia, facts.md §6: ≥ 600 of 1,000 points;
// Gold ≥ 800, in four types).
type demoNationalHonour struct {
	year     int
	province string
	award    string
	summary  string
	kpis     []contest.EntryKPI
	photo    bool
}

var demoNationalHonours = []demoNationalHonour{
	{2023, "01", "Giải Vàng Chất lượng Quốc gia — Doanh nghiệp sản xuất lớn", "Hệ thống quản lý theo mô hình TQM, năng suất lao động tăng gần một phần tư sau ba năm.",
		[]contest.EntryKPI{{Name: "Năng suất lao động", Unit: "triệu đồng/người/năm", Before: 612, After: 758}, {Name: "Tỷ lệ sản phẩm lỗi", Unit: "%", Before: 2.4, After: 0.9}}, true},
	{2023, "79", "Giải thưởng Chất lượng Quốc gia — Doanh nghiệp sản xuất vừa và nhỏ", "Áp dụng Lean và 5S toàn nhà máy, thời gian giao hàng rút ngắn một nửa.",
		[]contest.EntryKPI{{Name: "Thời gian giao hàng", Unit: "ngày", Before: 14, After: 7}, {Name: "Tồn kho bán thành phẩm", Unit: "triệu đồng", Before: 3200, After: 1850}}, true},
	{2023, "48", "Giải thưởng Chất lượng Quốc gia — Doanh nghiệp sản xuất lớn", "Chuyển đổi số quản lý chất lượng, truy xuất nguồn gốc từng lô hàng.",
		[]contest.EntryKPI{{Name: "Khiếu nại của khách hàng", Unit: "vụ/năm", Before: 41, After: 12}}, false},
	{2024, "01", "Giải Vàng Chất lượng Quốc gia — Doanh nghiệp sản xuất vừa và nhỏ", "Kaizen với sự tham gia của toàn bộ người lao động: hơn 1.200 đề xuất cải tiến mỗi năm.",
		[]contest.EntryKPI{{Name: "Đề xuất cải tiến được áp dụng", Unit: "đề xuất/năm", Before: 180, After: 1240}, {Name: "Năng suất lao động", Unit: "triệu đồng/người/năm", Before: 455, After: 561}}, true},
	{2024, "31", "Giải thưởng Chất lượng Quốc gia — Doanh nghiệp sản xuất lớn", "Bảo trì năng suất toàn diện (TPM) nâng hiệu suất thiết bị tổng thể lên trên 80 %.",
		[]contest.EntryKPI{{Name: "Hiệu suất thiết bị tổng thể (OEE)", Unit: "%", Before: 61, After: 82}}, true},
	{2024, "79", "Giải thưởng Chất lượng Quốc gia — Doanh nghiệp sản xuất vừa và nhỏ", "Hệ thống quản lý năng lượng ISO 50001 giảm 18 % điện năng trên một đơn vị sản phẩm.",
		[]contest.EntryKPI{{Name: "Điện năng tiêu thụ", Unit: "kWh/tấn sản phẩm", Before: 410, After: 336}}, false},
	{2024, "92", "Giải thưởng Chất lượng Quốc gia — Doanh nghiệp sản xuất vừa và nhỏ", "Chế biến nông sản theo HACCP và 5S, mở thêm ba thị trường xuất khẩu.",
		[]contest.EntryKPI{{Name: "Tỷ lệ lô hàng bị trả về", Unit: "%", Before: 1.8, After: 0.3}}, true},
}

// demoHonourStory writes the story of an honour in Markdown.
func demoHonourStory(name, award string, kpis []contest.EntryKPI) string {
	s := fmt.Sprintf("## Hành trình cải tiến\n\n**%s** bắt đầu hành trình nâng cao năng suất và chất lượng bằng việc đánh giá hiện trạng cùng chuyên gia "+
		"của Chương trình, xác định các điểm lãng phí lớn nhất và lập kế hoạch cải tiến ba năm.\n\n"+
		"- Ban lãnh đạo trực tiếp chủ trì, mỗi phòng ban có mục tiêu đo được.\n"+
		"- Người lao động được đào tạo 5S, Kaizen và công cụ thống kê; các nhóm cải tiến họp hằng tuần.\n"+
		"- Kết quả được theo dõi trên bảng điều hành và công khai tại xưởng.\n\n"+
		"## Kết quả\n\n", name)
	for _, k := range kpis {
		verb, to := "tăng", "lên"
		if k.After < k.Before {
			verb, to = "giảm", "xuống"
		}
		s += fmt.Sprintf("- %s %s từ %s %s %s %s.\n", k.Name, verb, vn.Decimal(k.Before, 1), to, vn.Decimal(k.After, 1), k.Unit)
	}
	s += fmt.Sprintf("\nDoanh nghiệp được trao **%s**. Doanh nghiệp sẵn sàng đón các đoàn tham quan học tập kinh nghiệm.\n", award)
	return s
}

// seedHonours fills the demo's the honour roll's stories and the national honours recorded by the ministry.
func (a *app) seedHonours(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	if a.contest == nil {
		return nil
	}
	u, err := a.db.Auth().FindUserByEmail(ctx, "canbo.bo@nscl.demo")
	if err != nil {
		return fmt.Errorf("demo: honours: the ministry's officer: %w", err)
	}
	mctx := auth.WithActor(ctx, u.Actor())
	rng := rand.New(rand.NewPCG(seed, 0x40A0))
	photoOf := func(r *contest.HonourRecord, k int) error {
		b, err := demoPhoto(rng, 1200, 800, k)
		if err != nil {
			return err
		}
		_, err = a.contest.SetHonourPhoto(mctx, r.ID, r.Version, bytes.NewReader(b), int64(len(b)))
		return err
	}

	// The stories and photos of the honours of the contests (decided by
	// seedJudging).
	won, err := a.db.Contest().FindHonourRecords(ctx, contest.HonourFilter{})
	if err != nil {
		return fmt.Errorf("demo: honours: %w", err)
	}
	for i, r := range won {
		if r.EntryID == 0 {
			continue
		}
		ed := contest.HonourEdit{Title: r.Title, Award: r.Award, SummaryMD: r.SummaryMD, StoryMD: r.StoryMD, KPIs: r.KPIs}
		if ed.StoryMD == "" {
			ed.StoryMD = demoHonourStory(r.EnterpriseName, r.Award, r.KPIs)
		}
		if ed.SummaryMD == "" {
			ed.SummaryMD = fmt.Sprintf("%s — %s.", r.Title, r.Award)
		}
		id := r.ID
		if r, err = a.contest.EditHonour(mctx, id, r.Version, ed); err != nil {
			return fmt.Errorf("demo: honour %d: %w (%v)", id, err, fault.FieldsOf(err))
		}
		if i%3 != 2 {
			if err := photoOf(r, i); err != nil {
				return fmt.Errorf("demo: honour %d photo: %w", r.ID, err)
			}
		}
	}

	// National honours recorded by the ministry for 2023 and 2024, of the
	// large enterprises of a few provinces.
	used := map[registry.EnterpriseID]bool{}
	for _, r := range won {
		used[r.EnterpriseID] = true
	}
	for i, d := range demoNationalHonours {
		es, _, err := a.db.Registry().FindEnterprises(ctx, registry.Filter{ProvinceCode: d.province, Sort: registry.SortEmployeesDesc, Limit: 12})
		if err != nil {
			return fmt.Errorf("demo: honours: %w", err)
		}
		var ent *registry.Enterprise
		for _, e := range es {
			if !used[e.ID] {
				ent = e
				break
			}
		}
		if ent == nil {
			continue
		}
		used[ent.ID] = true
		in := contest.HonourInput{EnterpriseID: ent.ID, Year: d.year, Kind: contest.EntryEnterprise, Title: ent.Name, Award: d.award,
			SummaryMD: d.summary, StoryMD: demoHonourStory(ent.Name, d.award, d.kpis), KPIs: d.kpis,
			PublishedOn: time.Date(d.year, 12, 15, 0, 0, 0, 0, vn.Zone)}
		r, err := a.contest.RecordHonour(mctx, in)
		if err != nil {
			return fmt.Errorf("demo: national honour %d: %w", i, err)
		}
		if d.photo {
			if err := photoOf(r, i); err != nil {
				return fmt.Errorf("demo: national honour %d photo: %w", i, err)
			}
		}
	}
	return nil
}
