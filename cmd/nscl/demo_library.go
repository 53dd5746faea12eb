package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"nscl/internal/demo"
	"nscl/internal/fault"
	"nscl/internal/library"
	"nscl/internal/programme"
	"nscl/internal/registry"
)

// demoCase is a typed case of the demo library.
type demoCase struct {
	vsic     string // the story's VSIC code: its sector
	tools    []string
	title    string
	summary  string
	problem  string
	solution string
	lessons  string
	kpis     []library.CaseKPIInput
}

// demoCases are the typed cases: real problems of Vietnamese factories and
// what the programme's tools did for them.
var demoCases = []demoCase{
	{"1410", []string{"5s"}, "5S giúp xưởng may giảm 40% thời gian tìm dụng cụ", "Xưởng may 300 công nhân áp dụng 5S trong 3 tháng, tiết kiệm 120 m² mặt bằng.",
		"Xưởng may bề bộn: vải vụn, thùng carton và máy hỏng chiếm lối đi; công nhân mất trung bình **25 phút mỗi ca** để tìm kéo, thước, phụ liệu.",
		"- Thành lập ban 5S do phó giám đốc làm trưởng ban\n- Ngày *Sàng lọc* tổng: dán thẻ đỏ cho 1.200 vật dụng, thanh lý 60%\n- Kẻ vạch, làm bảng bóng (shadow board) cho dụng cụ\n- Đánh giá chéo 5S hằng tháng giữa các tổ",
		"Lãnh đạo phải xuống xưởng trong ngày Sàng lọc. Đánh giá chéo giữa các tổ giữ 5S tốt hơn kiểm tra từ phòng quản lý.",
		[]library.CaseKPIInput{{Name: "Thời gian tìm dụng cụ", Unit: "phút/ca", Before: 25, After: 15, LowerBetter: true}, {Name: "Diện tích giải phóng", Unit: "m²", Before: 0, After: 120}}},
	{"1410", []string{"kaizen", "qc7"}, "Nhóm Kaizen giảm tỷ lệ lỗi đường may từ 4,2% xuống 1,5%", "Mười hai nhóm Kaizen, 340 đề xuất cải tiến trong năm đầu.",
		"Tỷ lệ hàng lỗi ở công đoạn may cổ áo cao, khách hàng phạt giao chậm do phải sửa hàng.",
		"Dùng **biểu đồ Pareto** xác định 3 lỗi chiếm 78%; biểu đồ xương cá tìm nguyên nhân; gá cữ may cổ do công nhân tự thiết kế; thưởng đề xuất 200.000 đ/ý tưởng được áp dụng.",
		"Thưởng nhỏ nhưng nhanh (trong tuần) tạo phong trào đề xuất. Dữ liệu lỗi phải được ghi theo giờ, không theo ca.",
		[]library.CaseKPIInput{{Name: "Tỷ lệ lỗi đường may", Unit: "%", Before: 4.2, After: 1.5, LowerBetter: true}, {Name: "Đề xuất cải tiến", Unit: "ý tưởng/năm", Before: 15, After: 340}}},
	{"2592", []string{"lean", "vsm"}, "Lean và VSM rút ngắn thời gian giao hàng linh kiện cơ khí", "Sơ đồ chuỗi giá trị chỉ ra 92% thời gian chờ; dòng chảy liên tục cắt một nửa thời gian sản xuất.",
		"Đơn hàng linh kiện cơ khí mất 18 ngày từ phôi đến giao, trong khi thời gian gia công thực chỉ 1,5 ngày; tồn kho bán thành phẩm chất đầy xưởng.",
		"1. Vẽ **sơ đồ chuỗi giá trị** hiện trạng\n2. Bố trí lại máy theo dòng sản phẩm (cell)\n3. Kanban hai thùng cho phôi\n4. Họp 15 phút đầu ca trước bảng trực quan",
		"Đừng mua máy mới trước khi loại bỏ thời gian chờ. Bố trí theo cell cần đào tạo công nhân đa kỹ năng trước.",
		[]library.CaseKPIInput{{Name: "Thời gian sản xuất", Unit: "ngày", Before: 18, After: 8, LowerBetter: true}, {Name: "Tồn kho bán thành phẩm", Unit: "triệu đồng", Before: 2400, After: 1100, LowerBetter: true}}},
	{"2220", []string{"tpm"}, "TPM nâng OEE dây chuyền ép nhựa từ 58% lên 76%", "Bảo trì tự quản 7 bước và bảng theo dõi tổn thất tại máy.",
		"Máy ép nhựa dừng đột xuất trung bình 9 lần/tuần; thay khuôn và chỉnh máy chiếm gần 1/4 thời gian.",
		"Bảo trì tự quản: công nhân vệ sinh – kiểm tra – bôi trơn theo phiếu; bảng OEE theo ca; phân tích 6 tổn thất lớn; bảo trì kế hoạch theo giờ chạy máy.",
		"OEE phải được đo thủ công trên giấy 2 tháng trước khi tin vào số liệu tự động.",
		[]library.CaseKPIInput{{Name: "OEE", Unit: "%", Before: 58, After: 76}, {Name: "Dừng máy đột xuất", Unit: "lần/tuần", Before: 9, After: 3, LowerBetter: true}}},
	{"2591", []string{"smed"}, "SMED: thay khuôn dập từ 95 phút còn 22 phút", "Tách thao tác trong – ngoài, chuẩn hóa chiều cao khuôn, kẹp nhanh.",
		"Mỗi lần đổi mã sản phẩm mất gần 1,5 giờ nên xưởng chạy lô lớn, tồn kho thành phẩm cao.",
		"Quay video thay khuôn, phân tích từng thao tác; chuẩn bị khuôn, dụng cụ trước khi dừng máy; chêm chuẩn chiều cao; kẹp thủy lực nhanh.",
		"Video thay khuôn là công cụ đào tạo tốt nhất – công nhân tự thấy lãng phí của mình.",
		[]library.CaseKPIInput{{Name: "Thời gian thay khuôn", Unit: "phút", Before: 95, After: 22, LowerBetter: true}, {Name: "Cỡ lô", Unit: "sản phẩm", Before: 5000, After: 1200, LowerBetter: true}}},
	{"2012", []string{"six_sigma", "spc"}, "Six Sigma giảm biến động khối lượng bao bì phân bón", "Dự án DMAIC đai xanh: Cpk từ 0,7 lên 1,4.",
		"Khối lượng bao phân bón 50 kg biến động lớn: khách hàng khiếu nại thiếu, nhà máy thiệt hại vì đóng dư.",
		"**DMAIC**: đo 30 ngày dữ liệu, phân tích hệ thống cân, hiệu chuẩn lại đầu cân, biểu đồ kiểm soát X̄-R tại trạm đóng bao.",
		"Hệ thống đo phải được kiểm tra (MSA) trước khi phân tích quá trình.",
		[]library.CaseKPIInput{{Name: "Cpk khối lượng bao", Before: 0.7, After: 1.4}, {Name: "Khiếu nại thiếu khối lượng", Unit: "vụ/quý", Before: 11, After: 1, LowerBetter: true}}},
	{"1610", []string{"iso9001"}, "Xây dựng ISO 9001 gắn với cải tiến tại doanh nghiệp gỗ", "Hệ thống quản lý chất lượng tinh gọn, 28 quy trình thay vì 60.",
		"Doanh nghiệp chế biến gỗ xuất khẩu cần chứng nhận ISO 9001 để vào chuỗi cung ứng, nhưng sợ giấy tờ làm chậm sản xuất.",
		"Lập bản đồ quá trình, chỉ viết quy trình cho điểm rủi ro cao; hồ sơ điện tử; đánh giá nội bộ kết hợp đánh giá 5S.",
		"Hệ thống càng gọn càng được duy trì. Người viết quy trình phải là người làm.",
		[]library.CaseKPIInput{{Name: "Tỷ lệ hàng trả về", Unit: "%", Before: 2.8, After: 0.9, LowerBetter: true}}},
	{"1079", []string{"kpi_bsc"}, "Thẻ điểm cân bằng (BSC) cho công ty thực phẩm", "Bộ KPI 4 góc nhìn, họp giao ban theo số liệu mỗi tháng.",
		"Mục tiêu của ban giám đốc không được truyền xuống phòng ban; mỗi phòng đo một kiểu.",
		"Bản đồ chiến lược 4 góc nhìn (tài chính, khách hàng, quy trình, học hỏi); 18 KPI cấp công ty, phân bổ xuống phòng; bảng điều khiển trên bảng tính chung.",
		"Ít KPI nhưng có chủ sở hữu rõ ràng tốt hơn nhiều KPI không ai chịu trách nhiệm.",
		[]library.CaseKPIInput{{Name: "Giao hàng đúng hạn", Unit: "%", Before: 82, After: 95}}},
	{"2592", []string{"5s", "kaizen"}, "5S – Kaizen tại nhà máy cơ khí nhỏ 45 lao động", "Doanh nghiệp siêu nhỏ cải tiến bằng chi phí dưới 50 triệu đồng.",
		"Xưởng chật, phôi và thành phẩm để lẫn lộn, tai nạn lao động nhẹ xảy ra hàng tháng.",
		"5S theo từng khu vực, mỗi tuần một khu; phân luồng phôi – thành phẩm bằng vạch sơn; mỗi công nhân một đề xuất Kaizen/tháng.",
		"Doanh nghiệp nhỏ nên bắt đầu bằng 5S vì chi phí thấp, kết quả thấy ngay.",
		[]library.CaseKPIInput{{Name: "Tai nạn lao động nhẹ", Unit: "vụ/năm", Before: 14, After: 2, LowerBetter: true}}},
	{"2651", []string{"lean"}, "Cân bằng chuyền lắp ráp thiết bị điện", "Từ 14 xuống 11 công nhân trên chuyền, năng suất tăng 27%.",
		"Chuyền lắp ráp công tơ điện có công đoạn nút cổ chai, công nhân các công đoạn khác phải chờ.",
		"Bấm giờ từng công đoạn, vẽ biểu đồ Yamazumi, chia lại thao tác, gá lắp nhanh cho công đoạn vặn vít.",
		"Cân bằng chuyền phải làm lại mỗi khi thay đổi mẫu sản phẩm.",
		[]library.CaseKPIInput{{Name: "Năng suất", Unit: "sp/người/giờ", Before: 6.2, After: 7.9}}},
	{"2410", []string{"tpm", "5s"}, "Bảo trì tự quản tại nhà máy thép cán", "Công nhân vận hành tự kiểm tra 120 điểm trên máy mỗi ca.",
		"Sự cố ổ bi, dầu thủy lực rò rỉ gây dừng máy cán kéo dài; bộ phận bảo trì quá tải.",
		"Phiếu kiểm tra hằng ngày có hình ảnh; thẻ bất thường màu đỏ/xanh; đào tạo công nhân nhận biết bất thường.",
		"Hình ảnh trên phiếu kiểm tra giúp công nhân mới làm đúng ngay.",
		[]library.CaseKPIInput{{Name: "Thời gian dừng máy", Unit: "giờ/tháng", Before: 46, After: 19, LowerBetter: true}}},
	{"2392", []string{"qc7"}, "7 công cụ QC giảm phế phẩm gạch men", "Phiếu kiểm tra và biểu đồ phân tán tìm ra nhiệt độ lò là nguyên nhân chính.",
		"Phế phẩm gạch cong vênh tăng vào mùa nóng mà không rõ nguyên nhân.",
		"Phiếu kiểm tra theo vị trí trong lò; biểu đồ phân tán nhiệt độ – độ cong; điều chỉnh đường cong nung theo mùa.",
		"Ghi dữ liệu đủ lâu (qua 2 mùa) mới thấy quy luật.",
		[]library.CaseKPIInput{{Name: "Tỷ lệ phế phẩm", Unit: "%", Before: 6.5, After: 2.9, LowerBetter: true}}},
	{"", []string{"kaizen"}, "Kaizen văn phòng: rút ngắn thời gian thanh toán nhà cung cấp", "Cải tiến không chỉ ở xưởng: quy trình thanh toán từ 21 còn 7 ngày.",
		"Nhà cung cấp phàn nàn thanh toán chậm; hồ sơ đi qua 9 bước ký duyệt.",
		"Vẽ sơ đồ quy trình, bỏ 4 bước ký trùng, phân quyền duyệt theo giá trị, theo dõi trên bảng trực quan.",
		"Kaizen văn phòng cần đo thời gian như ở xưởng.",
		[]library.CaseKPIInput{{Name: "Thời gian thanh toán", Unit: "ngày", Before: 21, After: 7, LowerBetter: true}}},
	{"1520", []string{"lean", "kpi_bsc"}, "Quản lý trực quan tại xưởng da giày", "Bảng sản lượng theo giờ giúp tổ trưởng xử lý sự cố ngay trong ca.",
		"Sản lượng chỉ được biết vào cuối ngày, quá muộn để xử lý sự cố.",
		"Bảng sản lượng theo giờ ở đầu mỗi chuyền; họp đứng 10 phút; quy tắc gọi hỗ trợ bằng đèn.",
		"Bảng trực quan chỉ hiệu quả khi có người phản ứng với số liệu trong 15 phút.",
		[]library.CaseKPIInput{{Name: "Hoàn thành kế hoạch ngày", Unit: "%", Before: 84, After: 97}}},
	{"1313", []string{"iso50001"}, "Quản lý năng lượng tại nhà máy dệt nhuộm", "Đo đếm năng lượng theo khu vực, thu hồi nhiệt nước thải nhuộm.",
		"Chi phí hơi và điện chiếm 18% giá thành; không biết khu vực nào tiêu thụ nhiều nhất.",
		"Lắp công tơ phụ theo khu vực; thu hồi nhiệt nước thải nhuộm để gia nhiệt nước cấp; tắt máy nén khí giờ nghỉ.",
		"Đo trước, đầu tư sau: 30% tiết kiệm đến từ các biện pháp không tốn tiền.",
		[]library.CaseKPIInput{{Name: "Tiêu hao năng lượng", Unit: "kWh/tấn vải", Before: 2150, After: 1780, LowerBetter: true}}},
	{"2011", []string{"5s"}, "5S tại kho nguyên liệu hóa chất", "Kho an toàn hơn, kiểm kê nhanh gấp 3 lần.",
		"Kho hóa chất sắp xếp lộn xộn, nhãn mờ, kiểm kê mất 2 ngày mỗi tháng.",
		"Phân khu theo nhóm nguy hiểm, nhãn GHS, vị trí cố định có mã, nguyên tắc nhập trước – xuất trước.",
		"5S ở kho hóa chất cũng là an toàn lao động: nên làm cùng bộ phận an toàn.",
		[]library.CaseKPIInput{{Name: "Thời gian kiểm kê", Unit: "giờ/tháng", Before: 16, After: 5, LowerBetter: true}}},
	{"2610", []string{"six_sigma"}, "Giảm lỗi hàn mạch điện tử bằng DMAIC", "Thiết kế thí nghiệm tìm thông số lò hàn tối ưu.",
		"Lỗi hàn thiếc trên bo mạch gây sửa chữa thủ công tốn 3 công nhân mỗi ca.",
		"Thiết kế thí nghiệm 2³ (nhiệt độ, tốc độ băng tải, lượng kem hàn); chuẩn hóa thông số; SPC trên AOI.",
		"DOE nhỏ, làm nhanh, tốt hơn chờ dữ liệu hoàn hảo.",
		[]library.CaseKPIInput{{Name: "Lỗi hàn", Unit: "ppm", Before: 1800, After: 420, LowerBetter: true}}},
}

// seedLibrary fills the demo's the case library's cases and the tool guides.
func (a *app) seedLibrary(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	if a.library == nil {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, 0x11B7A7))
	svc := a.library
	publish := func(c *library.Case) error {
		_, err := svc.SetCaseStatus(ctx, c.ID, c.Version, library.StatusPublished)
		return err
	}
	// Cases of the pilot models with verified results, first those most
	// replicated.
	n := 0
	if a.programme != nil {
		pilots, _, err := a.programme.Pilots(ctx, programme.PilotFilter{Limit: 100})
		if err != nil {
			return fmt.Errorf("demo: library pilots: %w", err)
		}
		for _, p := range pilots {
			if n >= 8 {
				break
			}
			v, err := a.programme.Pilot(ctx, p.ID, "vi")
			if err != nil || len(v.KPIs) == 0 {
				continue
			}
			e, err := a.db.Registry().FindEnterpriseByID(ctx, registry.EnterpriseID(p.EnterpriseID))
			if err != nil {
				return fmt.Errorf("demo: library pilot enterprise: %w", err)
			}
			in := library.CaseInput{Title: "Mô hình điểm: " + p.Title, EnterpriseID: p.EnterpriseID, ActivityID: int64(p.ID),
				Industry: string(e.Industry), VSIC: e.VSIC, SizeClass: string(e.SizeClass), Tools: p.Tools, Summary: p.Summary,
				ProblemMD:  "Doanh nghiệp tham gia chương trình với mô hình điểm về " + p.Title + ".\n\n" + p.Summary,
				SolutionMD: "Mô hình được chuyên gia của chương trình hỗ trợ triển khai theo kế hoạch đã duyệt; kết quả được xác minh khi nghiệm thu.",
				LessonsMD:  "- Cam kết của lãnh đạo từ ngày đầu\n- Đo hiện trạng trước khi cải tiến\n- Chia sẻ kết quả để doanh nghiệp khác học tập",
				Contact:    library.CaseContact{Name: "Phòng Quản lý chất lượng", Role: "Đầu mối tiếp đón đoàn tham quan", Phone: "024 3825 0000", Consent: n%2 == 0}}
			c, err := svc.CreateCase(ctx, in)
			if err != nil {
				return fmt.Errorf("demo: library pilot case %d: %w", p.ID, err)
			}
			if err := a.seedCasePhotos(ctx, c, rng, 2); err != nil {
				return err
			}
			if err := publish(c); err != nil {
				return err
			}
			n++
		}
	}
	// Typed cases, over enterprises of several provinces.
	provinces := []string{"01", "79", "48", "31", "24", "75", "92", "22", "38", "40"}
	var firms []*registry.Enterprise
	for _, p := range provinces {
		es, _, err := a.db.Registry().FindEnterprises(ctx, registry.Filter{ProvinceCode: p, Sort: registry.SortEmployeesDesc, Limit: 3})
		if err != nil {
			return fmt.Errorf("demo: library: %w", err)
		}
		firms = append(firms, es...)
	}
	if len(firms) == 0 {
		return nil
	}
	// The largest firms of a sample spread over the registry, for the
	// stories' sectors (a search per sector would read every firm of it).
	total, err := a.db.Registry().CountEnterprises(ctx)
	if err != nil {
		return fmt.Errorf("demo: library: %w", err)
	}
	const sampled = 20_000
	sample, err := a.db.Registry().DemoSample(ctx, sampled, total/sampled)
	if err != nil {
		return fmt.Errorf("demo: library: %w", err)
	}
	slices.SortStableFunc(sample, func(x, y *registry.Enterprise) int { return cmp.Compare(y.Employees, x.Employees) })
	phones := []string{"0912 345 678", "0903 456 789", "0987 654 321", "0236 3888 123"}
	for i, dc := range demoCases {
		// An enterprise of the story's sector where the registry has one;
		// the case's sector is the story's in any case.
		e := firms[(i*7)%len(firms)]
		if len(dc.vsic) >= 2 {
			var es []*registry.Enterprise
			for _, x := range sample {
				if strings.HasPrefix(x.VSIC, dc.vsic[:2]) {
					if es = append(es, x); len(es) == 5 {
						break
					}
				}
			}
			if len(es) > 0 {
				e = es[i%len(es)]
			}
		}
		in := library.CaseInput{Title: dc.title, EnterpriseID: int64(e.ID), Industry: string(registry.PriorityIndustry(dc.vsic)), VSIC: dc.vsic, SizeClass: string(e.SizeClass),
			Tools: dc.tools, Summary: dc.summary, ProblemMD: dc.problem, SolutionMD: dc.solution, LessonsMD: dc.lessons, KPIs: dc.kpis,
			Contact: library.CaseContact{Name: "Chị Nguyễn Thu Hà", Role: "Trưởng phòng Kỹ thuật", Phone: phones[i%len(phones)], Consent: i%3 != 2}}
		c, err := svc.CreateCase(ctx, in)
		if err != nil {
			if isUnknownTool(err) {
				continue // a tool the catalogue does not have
			}
			return fmt.Errorf("demo: library case %q: %w", dc.title, err)
		}
		if err := a.seedCasePhotos(ctx, c, rng, 1+i%3); err != nil {
			return err
		}
		if i == len(demoCases)-1 {
			continue // one draft, for the editors
		}
		if err := publish(c); err != nil {
			return err
		}
	}
	return a.seedGuides(ctx)
}

func isUnknownTool(err error) bool {
	_, ok := fault.FieldsOf(err)["tools"]
	return ok
}

// seedCasePhotos adds n generated photos (a factory floor in blocks of
// colour) to c.
func (a *app) seedCasePhotos(ctx context.Context, c *library.Case, rng *rand.Rand, n int) error {
	captions := []string{"Khu vực sản xuất sau cải tiến", "Bảng quản lý trực quan", "Nhóm cải tiến trình bày kết quả", "Kho sau khi sắp xếp"}
	for i := range n {
		m := image.NewRGBA(image.Rect(0, 0, 640, 480))
		base := color.RGBA{uint8(40 + rng.IntN(60)), uint8(90 + rng.IntN(80)), uint8(120 + rng.IntN(100)), 255}
		draw.Draw(m, m.Bounds(), &image.Uniform{base}, image.Point{}, draw.Src)
		draw.Draw(m, image.Rect(0, 360, 640, 480), &image.Uniform{color.RGBA{200, 200, 190, 255}}, image.Point{}, draw.Src)
		for k := range 6 {
			x := 30 + k*100 + rng.IntN(20)
			h := 80 + rng.IntN(160)
			col := color.RGBA{uint8(150 + rng.IntN(100)), uint8(rng.IntN(200)), uint8(rng.IntN(120)), 255}
			draw.Draw(m, image.Rect(x, 360-h, x+70, 360), &image.Uniform{col}, image.Point{}, draw.Src)
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 80}); err != nil {
			return err
		}
		if _, err := a.library.AddPhoto(ctx, c.ID, captions[(i+int(c.ID))%len(captions)], bytes.NewReader(buf.Bytes()), int64(buf.Len())); err != nil {
			return fmt.Errorf("demo: library photo: %w", err)
		}
	}
	return nil
}

// checklist5S is the "Phiếu kiểm tra 5S" template: an XLSX checklist.
func checklist5S() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sh := "Phiếu kiểm tra 5S"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return nil, err
	}
	rows := [][]any{
		{"PHIẾU KIỂM TRA 5S", "", "", ""},
		{"Khu vực:", "", "Ngày:", ""},
		{"STT", "Nội dung kiểm tra", "Điểm (0–4)", "Ghi chú"},
		{1, "Sàng lọc: không có vật dụng không cần thiết tại nơi làm việc", "", ""},
		{2, "Sắp xếp: dụng cụ có vị trí cố định, có nhãn", "", ""},
		{3, "Sạch sẽ: sàn, máy không có dầu, bụi, rác", "", ""},
		{4, "Săn sóc: có tiêu chuẩn 5S và lịch vệ sinh được tuân thủ", "", ""},
		{5, "Sẵn sàng: mọi người tự giác duy trì, không cần nhắc", "", ""},
		{"", "Tổng điểm", "=SUM(C4:C8)", ""},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sh, cell, &r); err != nil {
			return nil, err
		}
	}
	_ = f.SetColWidth(sh, "B", "B", 60)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
