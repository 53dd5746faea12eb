package main

import (
	"context"
	"fmt"

	"nscl/internal/library"
)

type demoGuide struct {
	tool, title, summary, body string
	videos                     []library.GuideVideo
}

var demoGuides = []demoGuide{
	{"5s", "Triển khai 5S trong 30 ngày", "Năm bước Sàng lọc – Sắp xếp – Sạch sẽ – Săn sóc – Sẵn sàng, với lịch triển khai 4 tuần.",
		"## Vì sao bắt đầu bằng 5S?\n\n5S tốn ít chi phí, kết quả thấy ngay và tạo nền cho mọi công cụ khác.\n\n## Lịch 4 tuần\n\n1. **Tuần 1 – Sàng lọc:** dán *thẻ đỏ* cho mọi vật dụng không dùng trong 30 ngày; khu vực tạm giữ 2 tuần.\n2. **Tuần 2 – Sắp xếp:** mỗi thứ một chỗ, có nhãn; dụng cụ hay dùng đặt gần nhất; bảng bóng.\n3. **Tuần 3 – Sạch sẽ:** vệ sinh là kiểm tra; ghi các điểm rò rỉ, hỏng hóc.\n4. **Tuần 4 – Săn sóc và Sẵn sàng:** viết tiêu chuẩn bằng hình ảnh, lịch đánh giá chéo hằng tháng.\n\n## Mẹo\n\n- Chụp ảnh *trước* và *sau* ở cùng góc máy.\n- Lãnh đạo tham gia ngày Sàng lọc đầu tiên.\n- Dùng **Phiếu kiểm tra 5S** (tải về bên dưới) cho đánh giá hằng tháng.",
		[]library.GuideVideo{{URL: "https://www.youtube.com/results?search_query=5S+s%E1%BA%A3n+xu%E1%BA%A5t", Title: "Video: 5S tại nhà máy"}}},
	{"5s", "Đánh giá 5S nội bộ: thang điểm 0–4", "Cách chấm điểm 5S khách quan và dùng kết quả để cải tiến.",
		"## Thang điểm\n\n| Điểm | Ý nghĩa |\n|---|---|\n| 0 | Chưa làm |\n| 1 | Bắt đầu, còn nhiều tồn tại |\n| 2 | Đạt một phần |\n| 3 | Đạt, duy trì được |\n| 4 | Xuất sắc, là mẫu |\n\n## Cách tổ chức\n\n- Nhóm đánh giá gồm người **của tổ khác**.\n- Đánh giá cùng ngày trong tháng, không báo trước giờ.\n- Công bố điểm trên bảng tin, khen tổ tiến bộ nhất (không chỉ tổ cao điểm nhất).", nil},
	{"kaizen", "Kaizen: hệ thống đề xuất cải tiến hiệu quả", "Thiết kế hệ thống đề xuất để người lao động tham gia thật sự.",
		"## Nguyên tắc\n\n- Cải tiến nhỏ, làm ngay, do chính người đề xuất thực hiện.\n- Phản hồi trong **7 ngày**.\n- Thưởng nhanh, công khai.\n\n## Phiếu đề xuất gồm\n\n1. Hiện trạng (có ảnh)\n2. Đề xuất\n3. Kết quả dự kiến và đo được sau khi làm\n\n## Sai lầm thường gặp\n\n- Chỉ nhận ý tưởng lớn, bỏ qua cải tiến nhỏ.\n- Hộp thư góp ý không ai mở.",
		[]library.GuideVideo{{URL: "https://vimeo.com/search?q=kaizen", Title: "Kaizen trong doanh nghiệp nhỏ"}}},
	{"kaizen", "Vòng PDCA cho nhóm cải tiến", "Lập kế hoạch – Thực hiện – Kiểm tra – Điều chỉnh, với ví dụ tại xưởng.",
		"## P – Plan\nXác định vấn đề bằng số liệu, đặt mục tiêu đo được.\n\n## D – Do\nThử giải pháp ở quy mô nhỏ.\n\n## C – Check\nSo sánh kết quả với mục tiêu, dùng biểu đồ.\n\n## A – Act\nChuẩn hóa nếu đạt; nếu không, quay lại P.\n\n> Mỗi vòng PDCA nên ngắn: 2–6 tuần.", nil},
	{"lean", "Nhận diện 7 loại lãng phí (MUDA)", "Sản xuất thừa, chờ đợi, vận chuyển, gia công thừa, tồn kho, thao tác thừa, sai lỗi.",
		"## 7 lãng phí\n\n1. **Sản xuất thừa** – làm nhiều hơn, sớm hơn nhu cầu\n2. **Chờ đợi** – người chờ máy, máy chờ vật tư\n3. **Vận chuyển** – di chuyển vật tư không tạo giá trị\n4. **Gia công thừa** – làm quá yêu cầu khách hàng\n5. **Tồn kho** – vốn chết, che giấu vấn đề\n6. **Thao tác thừa** – cúi, với, tìm kiếm\n7. **Sai lỗi** – sửa chữa, phế phẩm\n\n## Bài tập đi hiện trường (Gemba walk)\nĐi dọc chuyền 30 phút, ghi mỗi lãng phí thấy được vào phiếu, xếp hạng theo chi phí.",
		[]library.GuideVideo{{URL: "https://www.youtube.com/results?search_query=lean+7+l%C3%A3ng+ph%C3%AD", Title: "7 lãng phí trong sản xuất"}}},
	{"vsm", "Vẽ sơ đồ chuỗi giá trị hiện trạng", "Các bước vẽ VSM và tính tỷ lệ thời gian tạo giá trị.",
		"## Các bước\n\n1. Chọn một dòng sản phẩm.\n2. Đi từ cuối (giao hàng) ngược về đầu (nhận vật tư).\n3. Ghi cho mỗi công đoạn: thời gian chu kỳ, thời gian chuyển đổi, số người, tồn kho trước công đoạn.\n4. Vẽ dòng thông tin (đặt hàng, kế hoạch).\n5. Tính **thời gian sản xuất** và **thời gian tạo giá trị**.\n\n## Mẹo\nVẽ bằng bút chì trên giấy A3 tại xưởng, không vẽ trên máy tính trong văn phòng.", nil},
	{"tpm", "Bảo trì tự quản 7 bước", "Chuyển việc chăm sóc máy hằng ngày cho người vận hành.",
		"## 7 bước\n\n1. Vệ sinh ban đầu\n2. Loại bỏ nguồn gây bẩn và chỗ khó vệ sinh\n3. Tiêu chuẩn vệ sinh – bôi trơn tạm thời\n4. Kiểm tra tổng quát\n5. Kiểm tra tự quản\n6. Tiêu chuẩn hóa\n7. Tự quản hoàn toàn\n\n## Đo OEE\n\nOEE = Khả dụng × Hiệu suất × Chất lượng. Bắt đầu đo thủ công theo ca.",
		[]library.GuideVideo{{URL: "https://www.youtube.com/results?search_query=TPM+b%E1%BA%A3o+tr%C3%AC+t%E1%BB%B1+qu%E1%BA%A3n", Title: "Bảo trì tự quản"}}},
	{"six_sigma", "DMAIC cho dự án Six Sigma đầu tiên", "Xác định – Đo lường – Phân tích – Cải tiến – Kiểm soát.",
		"## Chọn dự án\nMột vấn đề có dữ liệu, phạm vi hẹp, hoàn thành trong 3–4 tháng.\n\n## Các pha\n\n- **Define:** hiến chương dự án, tiếng nói khách hàng\n- **Measure:** kiểm tra hệ thống đo (MSA), đo hiện trạng\n- **Analyze:** tìm nguyên nhân gốc bằng dữ liệu\n- **Improve:** thử nghiệm giải pháp, DOE khi cần\n- **Control:** biểu đồ kiểm soát, kế hoạch kiểm soát", nil},
	{"qc7", "7 công cụ QC: khi nào dùng công cụ nào", "Phiếu kiểm tra, Pareto, xương cá, lưu đồ, tần suất, phân tán, kiểm soát.",
		"| Câu hỏi | Công cụ |\n|---|---|\n| Lỗi nào nhiều nhất? | Biểu đồ Pareto |\n| Vì sao xảy ra? | Biểu đồ nhân quả (xương cá) |\n| Số liệu phân bố thế nào? | Biểu đồ tần suất |\n| Hai yếu tố có liên quan? | Biểu đồ phân tán |\n| Quá trình có ổn định? | Biểu đồ kiểm soát |\n\nLuôn bắt đầu bằng **phiếu kiểm tra** để có dữ liệu đáng tin.", nil},
	{"smed", "SMED: giảm thời gian chuyển đổi", "Tách thao tác trong và ngoài, chuyển trong thành ngoài, tinh gọn từng thao tác.",
		"## 4 bước\n\n1. Quay video toàn bộ lần chuyển đổi.\n2. Phân loại thao tác *trong* (máy dừng) và *ngoài* (máy chạy).\n3. Chuyển thao tác trong thành ngoài: chuẩn bị trước khuôn, dụng cụ, vật tư.\n4. Tinh gọn: kẹp nhanh, chêm chuẩn, làm song song hai người.\n\nMục tiêu: dưới 10 phút (*single-minute*).", nil},
	{"kpi_bsc", "Xây dựng bộ KPI theo thẻ điểm cân bằng", "Từ chiến lược đến KPI phòng ban trong 5 bước.",
		"## 5 bước\n\n1. Viết tầm nhìn và 3–5 mục tiêu chiến lược.\n2. Bản đồ chiến lược 4 góc nhìn.\n3. Mỗi mục tiêu 1–2 KPI, có công thức, nguồn dữ liệu, tần suất.\n4. Phân bổ xuống phòng ban.\n5. Họp rà soát KPI hằng tháng.\n\n> Ít hơn 20 KPI cấp công ty.", nil},
	{"jit", "Kanban hai thùng cho vật tư tiêu hao", "Cách đơn giản nhất để bắt đầu hệ thống kéo.",
		"Mỗi vật tư có **hai thùng**. Khi thùng thứ nhất hết, thẻ Kanban trên thùng được gửi về kho để đặt hàng, trong lúc dùng thùng thứ hai.\n\n- Cỡ thùng = nhu cầu trong thời gian bổ sung + an toàn\n- Thẻ ghi mã, số lượng, vị trí, nhà cung cấp", nil},
	{"spc", "Biểu đồ kiểm soát X̄-R tại trạm sản xuất", "Lập, đọc và phản ứng với biểu đồ kiểm soát.",
		"## Lập biểu đồ\nLấy 25 nhóm mẫu, mỗi nhóm 4–5 sản phẩm liên tiếp; tính trung bình và độ rộng; vẽ giới hạn kiểm soát.\n\n## Dấu hiệu bất thường\n- Một điểm ngoài giới hạn\n- 7 điểm liên tiếp một phía đường tâm\n- 6 điểm liên tiếp tăng hoặc giảm\n\nKhi có dấu hiệu: dừng, tìm nguyên nhân, ghi vào nhật ký.", nil},
	{"poka_yoke", "Poka-Yoke: chống sai lỗi đơn giản", "Thiết kế để sai lỗi không thể xảy ra hoặc được phát hiện ngay.",
		"## Ví dụ\n\n- Đồ gá chỉ lắp được một chiều\n- Cảm biến đếm số vít trước khi cho phép chuyển công đoạn\n- Khay đựng linh kiện theo bộ\n\nBắt đầu từ lỗi lặp lại nhiều nhất trong biểu đồ Pareto.", nil},
	{"iso9001", "ISO 9001 gọn nhẹ cho doanh nghiệp nhỏ và vừa", "Những gì thật sự cần cho chứng nhận, không thừa giấy tờ.",
		"## Cần có\n\n- Chính sách và mục tiêu chất lượng đo được\n- Bản đồ quá trình và rủi ro\n- Thông tin dạng văn bản **ở nơi cần**\n- Đánh giá nội bộ và xem xét của lãnh đạo\n\n## Không bắt buộc\nSổ tay chất lượng dày, quy trình cho mọi việc.", nil},
}

// seedGuides adds the demo's tool guides, most published, with the 5S
// checklist as a downloadable template.
func (a *app) seedGuides(ctx context.Context) error {
	sheet, err := checklist5S()
	if err != nil {
		return fmt.Errorf("demo: 5S checklist: %w", err)
	}
	for i, dg := range demoGuides {
		g, err := a.library.CreateGuide(ctx, library.GuideInput{ToolCode: dg.tool, Title: dg.title, Summary: dg.summary, BodyMD: dg.body, Videos: dg.videos})
		if err != nil {
			return fmt.Errorf("demo: guide %q: %w", dg.title, err)
		}
		if dg.tool == "5s" {
			if _, err := a.library.AddFile(ctx, g.ID, "Phieu-kiem-tra-5S.xlsx", sheet); err != nil {
				return fmt.Errorf("demo: guide template: %w", err)
			}
		}
		if i == len(demoGuides)-1 {
			continue // one draft
		}
		if _, err := a.library.SetGuideStatus(ctx, g.ID, g.Version, library.StatusPublished); err != nil {
			return err
		}
	}
	return nil
}
