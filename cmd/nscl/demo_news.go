package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"strings"
	"time"

	"nscl/internal/catalog"
	"nscl/internal/demo"
	"nscl/internal/news"
)

// demoArticle is an article of the demo: its category, title, lead, tags
// and how many days before today it was published (negative: scheduled).
type demoArticle struct {
	cat   news.Category
	title string
	lead  string
	tags  []string
	days  int
}

var demoArticles = []demoArticle{
	{news.CatProgramme, "Khởi động Chương trình năng suất chất lượng giai đoạn mới", "Bộ Công Thương tổ chức hội nghị triển khai Chương trình quốc gia nâng cao năng suất và chất lượng sản phẩm, hàng hóa ngành Công Thương đến năm 2030.", []string{"Chương trình 1322", "Năng suất"}, 540},
	{news.CatPolicy, "Hướng dẫn hỗ trợ doanh nghiệp áp dụng công cụ cải tiến năm 2025", "Văn bản hướng dẫn điều kiện, hồ sơ và mức hỗ trợ cho doanh nghiệp áp dụng 5S, Kaizen, Lean, TPM.", []string{"Chính sách", "Hỗ trợ doanh nghiệp"}, 520},
	{news.CatEvent, "Hội thảo Lean trong ngành dệt may tại Nam Định", "Hơn 120 doanh nghiệp dệt may tham dự hội thảo chia sẻ kinh nghiệm áp dụng sản xuất tinh gọn.", []string{"Lean", "Dệt may"}, 500},
	{news.CatStory, "Công ty Dệt Thành Công giảm 30% thời gian chuyển đổi mã hàng", "Nhờ áp dụng SMED và cân bằng chuyền, thời gian chuyển đổi giảm từ 90 xuống 63 phút.", []string{"SMED", "Dệt may", "Lean"}, 470},
	{news.CatNotice, "Thông báo tuyển chọn doanh nghiệp tham gia mô hình điểm năm 2025", "Các Sở Công Thương tiếp nhận hồ sơ đăng ký tham gia mô hình điểm đến hết ngày 30/6.", []string{"Mô hình điểm"}, 450},
	{news.CatProgramme, "Sơ kết 6 tháng: 1.200 doanh nghiệp được đánh giá năng suất", "Các địa phương đã hoàn thành đánh giá hiện trạng năng suất cho hơn 1.200 doanh nghiệp công nghiệp.", []string{"Chương trình 1322", "Đánh giá"}, 420},
	{news.CatEvent, "Tập huấn chuyên gia TPM khu vực phía Nam", "Khóa tập huấn 5 ngày tại TP. Hồ Chí Minh cho 40 chuyên gia tư vấn bảo trì năng suất toàn diện.", []string{"TPM", "Chuyên gia"}, 400},
	{news.CatStory, "Nhựa Bình Minh nâng OEE lên 82% sau một năm áp dụng TPM", "Hiệu suất thiết bị tổng thể tăng 14 điểm phần trăm, dừng máy ngoài kế hoạch giảm một nửa.", []string{"TPM", "Nhựa", "OEE"}, 380},
	{news.CatPolicy, "Tiêu chuẩn quốc gia mới về hệ thống quản lý năng lượng", "TCVN ISO 50001:2019 được khuyến khích áp dụng cho doanh nghiệp sử dụng năng lượng trọng điểm.", []string{"ISO 50001", "Năng lượng"}, 360},
	{news.CatProgramme, "Ra mắt cổng thông tin năng suất chất lượng ngành Công Thương", "Cổng thông tin cung cấp danh bạ chuyên gia, thư viện điển hình và công cụ tự đánh giá trực tuyến.", []string{"Chuyển đổi số"}, 340},
	{news.CatEvent, "Ngày hội 5S tại Khu công nghiệp VSIP Bình Dương", "Hơn 60 doanh nghiệp trình diễn kết quả 5S và trao đổi kinh nghiệm duy trì.", []string{"5S", "Bình Dương"}, 320},
	{news.CatStory, "Cơ khí Hà Nội: Kaizen từ những đề xuất nhỏ của công nhân", "Hơn 900 đề xuất cải tiến mỗi năm, tiết kiệm 2,1 tỷ đồng chi phí sản xuất.", []string{"Kaizen", "Cơ khí"}, 300},
	{news.CatNotice, "Lịch đánh giá Giải thưởng Chất lượng Quốc gia năm 2025", "Hội đồng sơ tuyển làm việc từ tháng 8, hội đồng quốc gia họp vào tháng 11.", []string{"GTCLQG", "Giải thưởng"}, 280},
	{news.CatProgramme, "Bộ Công Thương ký kết hợp tác với APO về nâng cao năng suất", "Hợp tác tập trung vào đào tạo chuyên gia và nhân rộng mô hình sản xuất xanh.", []string{"APO", "Hợp tác quốc tế"}, 260},
	{news.CatPolicy, "Ưu đãi tín dụng cho dự án đổi mới công nghệ nâng cao năng suất", "Doanh nghiệp có dự án đổi mới công nghệ được vay với lãi suất ưu đãi từ Quỹ phát triển khoa học và công nghệ.", []string{"Chính sách", "Tín dụng"}, 240},
	{news.CatStory, "Thực phẩm Sài Gòn giảm 18% tổn thất nhờ Six Sigma", "Dự án đai xanh giảm tỷ lệ sản phẩm lỗi đóng gói từ 2,4% xuống 0,9%.", []string{"Six Sigma", "Thực phẩm"}, 220},
	{news.CatEvent, "Diễn đàn năng suất xanh khu vực miền Trung", "Đà Nẵng đăng cai diễn đàn về sản xuất sạch hơn và tiết kiệm năng lượng.", []string{"Năng suất xanh", "Đà Nẵng"}, 200},
	{news.CatProgramme, "Nhân rộng 45 mô hình điểm ra 300 doanh nghiệp", "Các mô hình điểm đã được doanh nghiệp cùng ngành học tập và áp dụng tại 18 tỉnh.", []string{"Mô hình điểm", "Nhân rộng"}, 180},
	{news.CatNotice, "Mở đăng ký khóa Đai xanh Six Sigma quý IV", "Khóa học 40 giờ, có dự án thực tế tại doanh nghiệp; học viên đạt được cấp chứng nhận.", []string{"Six Sigma", "Đào tạo"}, 160},
	{news.CatStory, "Da giày Thái Bình: quản lý trực quan thay đổi văn hóa xưởng", "Bảng quản lý trực quan giúp tổ trưởng nắm tiến độ từng giờ, năng suất tăng 12%.", []string{"Quản lý trực quan", "Da giày"}, 140},
	{news.CatPolicy, "Sửa đổi quy chế xét tặng Giải thưởng Chất lượng Quốc gia", "Thang điểm 1000 theo 7 tiêu chí được cập nhật phù hợp với mô hình Baldrige mới.", []string{"GTCLQG", "Chính sách"}, 120},
	{news.CatEvent, "Hội nghị chuyển đổi số trong quản lý chất lượng", "Các giải pháp MES, truy xuất nguồn gốc và phân tích dữ liệu sản xuất được giới thiệu.", []string{"Chuyển đổi số", "Chất lượng"}, 100},
	{news.CatProgramme, "Kết quả đánh giá năng suất năm: tăng trưởng 6,2%", "Năng suất lao động của các doanh nghiệp tham gia Chương trình tăng bình quân 6,2%.", []string{"Năng suất", "Báo cáo"}, 80},
	{news.CatStory, "Điện tử Bắc Ninh đạt ISO 9001 sau 9 tháng", "Doanh nghiệp nhỏ 80 lao động xây dựng hệ thống quản lý chất lượng với sự hỗ trợ của chuyên gia Chương trình.", []string{"ISO 9001", "Điện tử"}, 60},
	{news.CatNotice, "Gia hạn nhận hồ sơ Cuộc thi Giải pháp năng suất", "Ban tổ chức gia hạn nhận hồ sơ thêm hai tuần theo đề nghị của nhiều địa phương.", []string{"Cuộc thi"}, 45},
	{news.CatEvent, "Tuần lễ năng suất chất lượng 2026", "Chuỗi hoạt động tại Hà Nội, Đà Nẵng và TP. Hồ Chí Minh với hội thảo, triển lãm và tham quan doanh nghiệp.", []string{"Sự kiện", "Năng suất"}, 30},
	{news.CatProgramme, "Hướng dẫn tự đánh giá năng suất trực tuyến", "Doanh nghiệp có thể tự đánh giá theo bộ chỉ số của Chương trình và nhận gợi ý công cụ phù hợp.", []string{"Tự đánh giá", "Chuyển đổi số"}, 15},
	{news.CatStory, "Thép Hòa Phát giảm tiêu hao năng lượng 7% mỗi tấn thép", "Hệ thống quản lý năng lượng ISO 50001 kết hợp bảo trì dự phòng mang lại kết quả rõ rệt.", []string{"ISO 50001", "Thép"}, 7},
	{news.CatNotice, "Lễ tôn vinh doanh nghiệp năng suất chất lượng tiêu biểu", "Lễ tôn vinh dự kiến tổ chức tại Hà Nội; danh sách doanh nghiệp được công bố trên trang Vinh danh.", []string{"Vinh danh"}, -10},
	{news.CatPolicy, "Dự thảo thông tư về hỗ trợ doanh nghiệp nâng cao năng suất (lấy ý kiến)", "Bản dự thảo đang được hoàn thiện trước khi công bố lấy ý kiến rộng rãi.", []string{"Dự thảo"}, 0},
}

// seedNews fills the demo's news articles, newsletter subscribers and sent newsletters.
func (a *app) seedNews(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	if a.news == nil {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, 0x6e657773))
	now := time.Now().UTC()
	var published []int64
	for i, d := range demoArticles {
		in := news.ArticleInput{Title: d.title, Summary: d.lead, Category: d.cat, Tags: d.tags, Publish: true,
			Body: demoArticleBody(d), ImageURL: ""}
		at := now.Add(-time.Duration(d.days)*24*time.Hour + time.Duration(rng.IntN(8))*time.Hour)
		switch {
		case i == len(demoArticles)-1:
			in.Publish = false // the draft
		default:
			in.PublishAt = &at
		}
		x, err := a.news.CreateArticle(ctx, in)
		if err != nil {
			return fmt.Errorf("demo article %q: %w", d.title, err)
		}
		if x.Status == news.ArticlePublished {
			published = append(published, int64(x.ID))
		}
		if d.cat == news.CatStory || d.cat == news.CatEvent {
			if _, err := a.news.SetImage(ctx, x.ID, bytes.NewReader(demoNewsImage(i)), 0); err != nil {
				return fmt.Errorf("demo article image: %w", err)
			}
		}
	}
	if err := a.seedSubscribers(ctx, rng, now); err != nil {
		return err
	}
	// Two sent newsletters, through the outbox, and a draft.
	o := news.Options{Store: a.db.News(), Log: a.log, BaseURL: a.cfg.BaseURL, Mailer: a.mail,
		Enqueue: func(context.Context, int64, string) (int64, error) { return 0, nil }}
	var caseIDs []int64
	if a.library != nil {
		o.Cases = a.library
		cases, err := a.library.LatestCases(ctx, 3)
		if err != nil {
			return err
		}
		for _, c := range cases {
			caseIDs = append(caseIDs, c.ID)
		}
	}
	nl := news.NewService(o)
	k := len(published)
	if k < 10 {
		return fmt.Errorf("demo news: %d published articles", k)
	}
	issues := []news.NewsletterInput{
		{Subject: "Bản tin Năng suất Chất lượng số 1/2026", Intro: "Kính gửi quý doanh nghiệp,\n\nBản tin tổng hợp các hoạt động **nổi bật** của Chương trình trong quý vừa qua.",
			ArticleIDs: published[max(k-10, 0) : k-6], Segment: news.Segment{Roles: []news.SubRole{news.RoleEnterprise}}},
		{Subject: "Bản tin Năng suất Chất lượng số 2/2026", Intro: "Tuần lễ năng suất chất lượng sắp diễn ra. Mời quý vị đọc các tin mới nhất.",
			ArticleIDs: published[max(k-5, 0):], CaseIDs: caseIDs, Segment: news.Segment{Sectors: []catalog.Sector{catalog.SectorTextiles, catalog.SectorFood}}},
	}
	for _, in := range issues {
		n, err := nl.CreateNewsletter(ctx, in)
		if err != nil {
			return fmt.Errorf("demo newsletter: %w", err)
		}
		if n, err = nl.Send(ctx, n.ID, n.Version); err != nil {
			return fmt.Errorf("demo newsletter send: %w", err)
		}
		for range 20 {
			step, err := nl.RunNewsletterSend(ctx, int64(n.ID), nil)
			if err != nil {
				return fmt.Errorf("demo newsletter send: %w", err)
			}
			if step.Done {
				break
			}
		}
	}
	_, err := nl.CreateNewsletter(ctx, news.NewsletterInput{Subject: "Bản tin Năng suất Chất lượng số 3/2026 (dự thảo)",
		Intro: "Chuyên đề: **nhân rộng mô hình điểm** ở các tỉnh.", ArticleIDs: published[max(k-3, 0):]})
	return err
}

// demoNewsImage draws an article's illustration: a banded gradient in
// the programme's colours (a real photo is uploaded by editors).
func demoNewsImage(i int) []byte {
	const w, h = 480, 270
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	base := []color.RGBA{{0x1f, 0x5f, 0xa8, 255}, {0x0e, 0x7c, 0x66, 255}, {0xb4, 0x54, 0x09, 255}, {0x6b, 0x3f, 0xa0, 255}}[i%4]
	for y := range h {
		for x := range w {
			k := uint8((x + y + i*37) % 96)
			img.Set(x, y, color.RGBA{base.R + k/3, base.G + k/3, base.B + k/4, 255})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

func demoArticleBody(d demoArticle) string {
	var b strings.Builder
	b.WriteString(d.lead + "\n\n")
	b.WriteString("## Nội dung chính\n\n")
	b.WriteString("- Bối cảnh: Chương trình quốc gia nâng cao năng suất và chất lượng sản phẩm, hàng hóa giai đoạn 2021–2030 đặt mục tiêu tăng năng suất lao động ngành Công Thương bình quân 6,5–7%/năm.\n")
	b.WriteString("- Hoạt động: " + strings.ToLower(d.cat.Label().Vi) + " liên quan đến " + strings.Join(d.tags, ", ") + ".\n")
	b.WriteString("- Đầu mối: Vụ Khoa học và Công nghệ, Bộ Công Thương; các Sở Công Thương địa phương.\n\n")
	b.WriteString("> Năng suất không phải là làm việc vất vả hơn, mà là làm việc thông minh hơn.\n\n")
	b.WriteString("Thông tin chi tiết xin liên hệ Văn phòng Chương trình, 54 Hai Bà Trưng, Hoàn Kiếm, Hà Nội.\n")
	return b.String()
}

// seedSubscribers writes about 200 subscribers in every status, with the
// consent the form records.
func (a *app) seedSubscribers(ctx context.Context, rng *rand.Rand, now time.Time) error {
	provinces := []string{"01", "79", "31", "48", "22", "75", "92", "26"}
	given := []string{"An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Linh", "Minh", "Nam", "Ngọc", "Phương", "Quân", "Thảo", "Trang", "Tuấn", "Yến"}
	family := []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"}
	st := a.db.News()
	for i := range 200 {
		status := news.SubConfirmed
		switch r := i % 20; {
		case r == 17:
			status = news.SubPending
		case r == 18:
			status = news.SubUnsubscribed
		case r == 19 && i%40 == 19:
			status = news.SubBounced
		case r == 19:
			status = news.SubComplained
		}
		at := now.Add(-time.Duration(rng.IntN(500)+20) * 24 * time.Hour)
		x := &news.Subscriber{Email: fmt.Sprintf("docgia%03d@bantin-demo.vn", i+1), Name: family[rng.IntN(len(family))] + " " + given[rng.IntN(len(given))],
			ProvinceCode: provinces[rng.IntN(len(provinces))], Role: news.SubRoles[rng.IntN(len(news.SubRoles))], Status: status, ConsentAt: at,
			ConsentVersion: news.ConsentVersion, Salt: fmt.Sprintf("%016x", rng.Uint64()), CreatedAt: at, UpdatedAt: at}
		for _, s := range catalog.Sectors[:8] {
			if rng.IntN(4) == 0 {
				x.Sectors = append(x.Sectors, s)
			}
		}
		if status != news.SubPending {
			c := at.Add(time.Hour)
			x.ConfirmedAt = &c
		}
		if status != news.SubPending && status != news.SubConfirmed {
			l := at.Add(48 * time.Hour)
			x.LeftAt = &l
		}
		if err := st.CreateSubscriber(ctx, x); err != nil {
			return fmt.Errorf("demo subscriber: %w", err)
		}
	}
	return nil
}
