package web

import "nscl/internal/fault"

// portalText holds this area's texts.
var portalText = map[string]fault.Text{
	"portal.description":   {Vi: "Cổng thông tin Chương trình nâng cao năng suất và chất lượng ngành Công Thương 2021–2030: số liệu, vinh danh doanh nghiệp, thư viện điển hình, tin tức và tra cứu chứng nhận.", En: "Portal of the industry and trade sector's productivity and quality programme 2021–2030: figures, honoured enterprises, exemplary cases, news and certificate checks."},
	"portal.figures":       {Vi: "Chương trình qua các con số", En: "The programme in figures"},
	"portal.figures_note":  {Vi: "Số liệu tổng hợp, không nêu tên doanh nghiệp; ô dựa trên dưới 5 doanh nghiệp không được hiển thị.", En: "Aggregates only, no enterprise named; a figure resting on fewer than 5 enterprises is not shown."},
	"portal.figures_all":   {Vi: "Xem toàn bộ số liệu", En: "See all the figures"},
	"portal.bars_title":    {Vi: "Doanh nghiệp được hỗ trợ theo năm", En: "Enterprises supported per year"},
	"portal.map":           {Vi: "Hoạt động theo tỉnh, thành phố", En: "Activity by province"},
	"portal.map_load":      {Vi: "Hiện bản đồ", En: "Show the map"},
	"portal.map_error":     {Vi: "Không tải được bản đồ.", En: "The map could not be loaded."},
	"portal.news":          {Vi: "Tin tức mới", En: "Latest news"},
	"portal.news_all":      {Vi: "Tất cả tin tức", En: "All news"},
	"portal.honours":       {Vi: "Vinh danh", En: "Honour roll"},
	"portal.honours_all":   {Vi: "Xem trang vinh danh", En: "See the honour roll"},
	"portal.cases":         {Vi: "Thư viện điển hình", En: "Case library"},
	"portal.cases_all":     {Vi: "Xem thư viện", En: "See the library"},
	"portal.contests":      {Vi: "Cuộc thi đang nhận hồ sơ", En: "Contests open for entries"},
	"portal.contests_all":  {Vi: "Tất cả cuộc thi", En: "All contests"},
	"portal.closes":        {Vi: "Hạn nộp", En: "Closes"},
	"portal.ministry":      {Vi: "Bộ Công Thương", En: "Ministry of Industry and Trade"},
	"portal.verify":        {Vi: "Tra cứu chứng nhận", En: "Check a certificate"},
	"portal.verify_text":   {Vi: "Nhập mã chứng nhận để kiểm tra tính hợp lệ của chứng nhận, chứng chỉ do chương trình cấp.", En: "Enter a certificate's code to check that a certificate issued by the programme is valid."},
	"portal.verify_code":   {Vi: "Mã chứng nhận", En: "Certificate code"},
	"portal.verify_go":     {Vi: "Tra cứu", En: "Check"},
	"portal.directories":   {Vi: "Danh bạ và công cụ", En: "Directories and tools"},
	"portal.none_news":     {Vi: "Chưa có tin tức.", En: "No news yet."},
	"portal.none_cases":    {Vi: "Chưa có điển hình nào được công bố.", En: "No case published yet."},
	"portal.none_honours":  {Vi: "Chưa có doanh nghiệp nào được vinh danh.", En: "No honours yet."},
	"portal.none_contests": {Vi: "Hiện không có cuộc thi nào đang nhận hồ sơ.", En: "No contest is open for entries now."},
	"portal.none_figures":  {Vi: "Chưa có số liệu công khai.", En: "No public figures yet."},
	"portal.about":         {Vi: "Về chương trình", En: "About the programme"},
}
