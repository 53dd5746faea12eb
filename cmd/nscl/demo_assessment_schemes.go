package main

import (
	"context"
	"fmt"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/fault"
)

// demoSchemeOfficer is who edits the demo's schemes: the ministry officer.
const demoSchemeOfficer = "canbo.bo@nscl.demo"

// seedSchemes fills the demo's scheme work beyond the shipped schemes
// (which every install has): the ministry officer is editing a draft
// version 2 of the improvement-tool scheme (an item added to Lean, the
// OEE item's guidance sharpened, the results weighing more), and has
// started a new scheme, "5S cho khối văn phòng", not yet published (only
// managers see it). The published versions, which the assessments of the
// later seeds use, are left as shipped. The same at every scale.
func (a *app) seedSchemes(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	u, err := a.db.Auth().FindUserByEmail(ctx, demoSchemeOfficer)
	if err != nil {
		return fmt.Errorf("demo: scheme officer: %w", err)
	}
	octx := auth.WithActor(ctx, u.Actor())
	svc := a.assessment
	st := a.db.Assessment()

	tools, err := st.FindSchemeByCode(ctx, assessment.CodeTools)
	if err != nil {
		return fmt.Errorf("demo: tools scheme: %w", err)
	}
	if tools.DraftID == 0 {
		_, d, err := svc.OpenDraft(octx, tools.ID)
		if err != nil {
			return fmt.Errorf("demo: open the tools draft: %w", err)
		}
		rev := d.Rev
		step := func(what string, f func(rev int) (*assessment.Scheme, *assessment.Version, error)) error {
			if err != nil {
				return err
			}
			_, v, ferr := f(rev)
			if ferr != nil {
				return fmt.Errorf("demo: tools draft, %s: %w", what, ferr)
			}
			rev = v.Rev
			return nil
		}
		oee, _, _ := d.Body.Item("tpm.3")
		changed := *oee
		changed.Guidance.Vi += " Mục tiêu tham chiếu: OEE từ 65 % trở lên trên thiết bị trọng yếu; thiết bị đẳng cấp thế giới khoảng 85 %."
		changed.Guidance.En += " Reference target: OEE of 65 % or more on key equipment; world class is about 85 %."
		err = step("OEE guidance", func(rev int) (*assessment.Scheme, *assessment.Version, error) {
			return svc.UpdateItem(octx, tools.ID, rev, "tpm.3", changed)
		})
		err = step("digital visual management", func(rev int) (*assessment.Scheme, *assessment.Version, error) {
			return svc.AddItem(octx, tools.ID, rev, "lean", assessment.Item{Key: "lean.8", AllowNA: true,
				Text: fault.Text{Vi: "Quản lý trực quan số: bảng điều hành điện tử, e-Kanban cập nhật theo thời gian thực",
					En: "Digital visual management: electronic dashboards and e-Kanban updated in real time"},
				Guidance: fault.Text{Vi: "Dữ liệu sản lượng, dừng máy, tồn kho được thu thập tự động và hiển thị tại hiện trường; người vận hành dùng chúng để ra quyết định trong ca.",
					En: "Output, downtime and stock data are collected automatically and shown on the floor; operators use them to decide within the shift."},
				Evidence: fault.Text{Vi: "Ảnh màn hình bảng điều hành; quan sát cách dùng tại chuyền; nhật ký sự cố được xử lý nhờ cảnh báo.",
					En: "Screenshots of the dashboards; their use observed on the line; incidents handled thanks to alerts."}})
		})
		for _, w := range []struct {
			key    string
			weight float64
		}{{"lead", 10}, {"result", 30}} {
			err = step("weight of "+w.key, func(rev int) (*assessment.Scheme, *assessment.Version, error) {
				_, cur, err := svc.Draft(octx, tools.ID)
				if err != nil {
					return nil, nil, err
				}
				for _, s := range cur.Body.Sections {
					if s.Key == w.key {
						return svc.UpdateSection(octx, tools.ID, rev, w.key, assessment.SectionInput{Key: s.Key, Name: s.Name, Weight: w.weight})
					}
				}
				return nil, nil, fmt.Errorf("no section %s", w.key)
			})
		}
		if err != nil {
			return err
		}
	}

	const officeCode = "5s-van-phong"
	if _, err := st.FindSchemeByCode(ctx, officeCode); err == nil {
		return nil
	} else if !fault.Is(err, fault.NotFound) {
		return err
	}
	sc, v, err := svc.CreateScheme(octx, assessment.SchemeInput{Code: officeCode, Kind: assessment.Kind5S, Tools: []string{"5s"}, ValidityMonths: 24,
		Name: fault.Text{Vi: "5S cho khối văn phòng", En: "5S for offices"}})
	if err != nil {
		return fmt.Errorf("demo: office scheme: %w", err)
	}
	rev := v.Rev
	sections := []struct {
		key, vi, en string
		items       [][2]string
	}{
		{"s1", "Sàng lọc", "Sort", [][2]string{
			{"Bàn làm việc chỉ có tài liệu, dụng cụ đang dùng", "Desks hold only the documents and tools in use"},
			{"Tệp điện tử cũ, trùng lặp được xóa hoặc lưu trữ theo quy định", "Old and duplicate electronic files are deleted or archived as required"}}},
		{"s2", "Sắp xếp", "Set in order", [][2]string{
			{"Tủ hồ sơ có nhãn, danh mục và người phụ trách", "Cabinets are labelled, indexed and have an owner"}}},
	}
	for _, s := range sections {
		if _, v, err = svc.AddSection(octx, sc.ID, rev, assessment.SectionInput{Key: s.key, Name: fault.Text{Vi: s.vi, En: s.en}}); err != nil {
			return fmt.Errorf("demo: office scheme section: %w", err)
		}
		rev = v.Rev
		for i, it := range s.items {
			item := assessment.Item{Key: fmt.Sprintf("%s.%d", s.key, i+1), Text: fault.Text{Vi: it[0], En: it[1]}}
			if _, v, err = svc.AddItem(octx, sc.ID, rev, s.key, item); err != nil {
				return fmt.Errorf("demo: office scheme item: %w", err)
			}
			rev = v.Rev
		}
	}
	return nil
}
