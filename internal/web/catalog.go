package web

import (
	"net/http"
	"strings"

	"nscl/internal/catalog"
	"nscl/internal/fault"
)

// registerCatalog registers the catalog pages: the improvement-tool
// catalogue (/tools, the landing page of "Công cụ & tiêu chuẩn") and the
// standards (/standards), public to everyone; editing, import and export for
// auth.ActCatalogManage (the service checks it).
func (h *Handler) registerCatalog(mux Router) {
	h.handle(mux, "GET /tools", h.handleToolList)
	h.handle(mux, "GET /tools/new", h.handleToolNew)
	h.handle(mux, "POST /tools", h.handleToolCreate)
	h.handle(mux, "GET /tools/{code}", h.handleToolShow)
	h.handle(mux, "GET /tools/{code}/edit", h.handleToolEdit)
	h.handle(mux, "POST /tools/{code}", h.handleToolUpdate)
	h.handle(mux, "POST /tools/{code}/delete", h.handleToolDelete)

	h.handle(mux, "GET /standards", h.handleStandardList)
	h.handle(mux, "GET /standards/new", h.handleStandardNew)
	h.handle(mux, "POST /standards", h.handleStandardCreate)
	h.handle(mux, "GET /standards/export", h.handleStandardExport)
	// The preview of an upload is GET /standards/import?id=N: a path
	// /standards/import/{id} would overlap /standards/{id}/edit.
	h.handle(mux, "GET /standards/import", h.handleStandardImportForm)
	h.handle(mux, "POST /standards/import", h.handleStandardImportUpload)
	h.handle(mux, "POST /standards/import/{id}", h.handleStandardImportApply)
	h.handle(mux, "GET /standards/{id}", h.handleStandardShow)
	h.handle(mux, "GET /standards/{id}/edit", h.handleStandardEdit)
	h.handle(mux, "POST /standards/{id}", h.handleStandardUpdate)
}

// catalogPages are the page models of the catalog area.
func catalogPages() map[string]page {
	return map[string]page{
		"catalog_tools":         &toolListPage{},
		"catalog_tool":          &toolPage{},
		"catalog_tool_form":     &toolFormPage{},
		"catalog_standards":     &standardListPage{},
		"catalog_standard":      &standardPage{},
		"catalog_standard_form": &standardFormPage{},
		"catalog_import":        &standardImportPage{},
	}
}

// mayEditCatalog returns a Forbidden (or Unauthenticated) error unless the
// actor may edit the catalogue; the service checks again on writes.
func mayEditCatalog(r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	if !catalog.CanManage(r.Context()) {
		return fault.New(fault.Forbidden, "Bạn không có quyền sửa danh mục công cụ và tiêu chuẩn.", "You may not edit the tool catalogue and the standards.")
	}
	return nil
}

// sectorOptions lists the sectors with cur selected.
func sectorOptions(lang string, cur catalog.Sector) []option {
	out := make([]option, 0, len(catalog.Sectors))
	for _, s := range catalog.Sectors {
		out = append(out, option{Value: string(s), Label: s.Label().In(lang), Selected: s == cur})
	}
	return out
}

// paragraphs splits a multi-paragraph text for the templates.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// catalogText holds the texts of the catalog pages.
var catalogText = map[string]fault.Text{
	"cat.library_link":     {Vi: "Hướng dẫn về công cụ này", En: "Guides on this tool"},
	"cat.tools_title":      {Vi: "Công cụ cải tiến năng suất, chất lượng", En: "Productivity and quality improvement tools"},
	"cat.tools_intro":      {Vi: "Danh mục các phương pháp, công cụ cải tiến và hệ thống quản lý mà doanh nghiệp có thể áp dụng, với mục đích, điều kiện tiên quyết, kết quả điển hình và ngành phù hợp.", En: "The improvement methods, tools and management systems enterprises can apply, with their purpose, prerequisites, typical results and the sectors they fit."},
	"cat.tab_tools":        {Vi: "Công cụ cải tiến", En: "Improvement tools"},
	"cat.tab_standards":    {Vi: "Tiêu chuẩn TCVN, QCVN", En: "TCVN and QCVN standards"},
	"cat.tabs":             {Vi: "Công cụ và tiêu chuẩn", En: "Tools and standards"},
	"cat.sector":           {Vi: "Ngành", En: "Sector"},
	"cat.all_sectors":      {Vi: "Mọi ngành", En: "All sectors"},
	"cat.no_tools":         {Vi: "Không có công cụ nào phù hợp với ngành này.", En: "No tool fits this sector."},
	"cat.new_tool":         {Vi: "Thêm công cụ", En: "Add a tool"},
	"cat.edit":             {Vi: "Sửa", En: "Edit"},
	"cat.hidden":           {Vi: "Đang ẩn", En: "Hidden"},
	"cat.details":          {Vi: "Xem chi tiết", En: "Details"},
	"cat.purpose":          {Vi: "Mục đích", En: "Purpose"},
	"cat.results":          {Vi: "Kết quả điển hình", En: "Typical results"},
	"cat.prerequisites":    {Vi: "Điều kiện tiên quyết", En: "Prerequisites"},
	"cat.no_prerequisites": {Vi: "Không cần công cụ nào trước.", En: "No other tool is needed first."},
	"cat.sectors":          {Vi: "Ngành phù hợp", En: "Sectors where it fits"},
	"cat.standard":         {Vi: "Tiêu chuẩn", En: "Standard"},
	"cat.related":          {Vi: "Tiêu chuẩn liên quan", En: "Related standards"},
	"cat.no_standard":      {Vi: "Công cụ này không gắn với một tiêu chuẩn quốc gia.", En: "This tool is not tied to a national standard."},
	"cat.no_related":       {Vi: "Chưa có tiêu chuẩn liên quan trong hệ thống.", En: "No related standard in the system yet."},
	"cat.code":             {Vi: "Mã", En: "Code"},
	"cat.kind":             {Vi: "Loại", En: "Kind"},
	"cat.name_vi":          {Vi: "Tên tiếng Việt", En: "Vietnamese name"},
	"cat.name_en":          {Vi: "Tên tiếng Anh", En: "English name"},
	"cat.purpose_vi":       {Vi: "Mục đích (tiếng Việt)", En: "Purpose (Vietnamese)"},
	"cat.purpose_en":       {Vi: "Mục đích (tiếng Anh)", En: "Purpose (English)"},
	"cat.results_vi":       {Vi: "Kết quả điển hình (tiếng Việt)", En: "Typical results (Vietnamese)"},
	"cat.results_en":       {Vi: "Kết quả điển hình (tiếng Anh)", En: "Typical results (English)"},
	"cat.standard_hint":    {Vi: "Số hiệu TCVN của hệ thống quản lý, ví dụ TCVN ISO 9001:2015 (để trống nếu không có).", En: "TCVN designation of the management system, e.g. TCVN ISO 9001:2015 (leave empty if none)."},
	"cat.position":         {Vi: "Thứ tự", En: "Order"},
	"cat.hide":             {Vi: "Ẩn khỏi trang công khai", En: "Hide from the public pages"},
	"cat.sectors_hint":     {Vi: "Không chọn ngành nào nghĩa là phù hợp mọi ngành.", En: "Choosing none means every sector."},
	"cat.code_hint":        {Vi: "Chữ thường không dấu, số, gạch dưới; không đổi được sau khi tạo.", En: "Lower-case letters, digits, underscores; cannot be changed later."},
	"cat.save":             {Vi: "Lưu", En: "Save"},
	"cat.cancel":           {Vi: "Hủy", En: "Cancel"},
	"cat.saved":            {Vi: "Đã lưu.", En: "Saved."},
	"cat.edit_tool":        {Vi: "Sửa công cụ", En: "Edit tool"},
	"cat.builtin_hint":     {Vi: "Công cụ có sẵn của hệ thống: không xóa được, có thể ẩn.", En: "A shipped tool: it cannot be deleted but can be hidden."},
	"cat.delete":           {Vi: "Xóa công cụ", En: "Delete the tool"},
	"cat.delete_confirm":   {Vi: "Xóa hẳn công cụ này khỏi danh mục?", En: "Delete this tool from the catalogue for good?"},
	"cat.deleted":          {Vi: "Đã xóa công cụ.", En: "The tool was deleted."},
	"cat.updated":          {Vi: "Cập nhật", En: "Updated"},

	"std.title":            {Vi: "Tiêu chuẩn quốc gia TCVN, quy chuẩn QCVN", En: "National standards (TCVN) and technical regulations (QCVN)"},
	"std.intro":            {Vi: "Tra cứu theo số hiệu hoặc tên, không cần gõ dấu (ví dụ: 9001, iso 9001, quan ly chat luong).", En: "Search by designation or title, with or without Vietnamese diacritics (e.g. 9001, iso 9001, quan ly chat luong)."},
	"std.search":           {Vi: "Số hiệu hoặc tên", En: "Designation or title"},
	"std.search_hint":      {Vi: "ví dụ: iso 9001", En: "e.g. iso 9001"},
	"std.kind":             {Vi: "Loại", En: "Kind"},
	"std.status":           {Vi: "Tình trạng", En: "Status"},
	"std.sector":           {Vi: "Lĩnh vực", En: "Sector"},
	"std.ics":              {Vi: "Mã ICS", En: "ICS code"},
	"std.ics_hint":         {Vi: "ví dụ 03.120", En: "e.g. 03.120"},
	"std.all":              {Vi: "Tất cả", En: "All"},
	"std.apply":            {Vi: "Lọc", En: "Filter"},
	"std.clear":            {Vi: "Bỏ lọc", En: "Clear"},
	"std.none":             {Vi: "Không tìm thấy tiêu chuẩn nào.", En: "No standard found."},
	"std.code":             {Vi: "Số hiệu", En: "Designation"},
	"std.name":             {Vi: "Tên tiêu chuẩn", En: "Title"},
	"std.title_vi":         {Vi: "Tên tiếng Việt", En: "Vietnamese title"},
	"std.title_en":         {Vi: "Tên tiếng Anh", En: "English title"},
	"std.replaced_by":      {Vi: "Thay thế bởi", En: "Replaced by"},
	"std.replaced_by_hint": {Vi: "Số hiệu tiêu chuẩn thay thế, bắt buộc khi tình trạng là \"bị thay thế\".", En: "Designation of the replacing standard; required when the status is \"replaced\"."},
	"std.replaces":         {Vi: "Thay thế cho", En: "Replaces"},
	"std.chain":            {Vi: "Chuỗi thay thế", En: "Replacement chain"},
	"std.issuer":           {Vi: "Cơ quan ban hành", En: "Issuing body"},
	"std.adopted":          {Vi: "Tiêu chuẩn quốc tế tương đương", En: "Adopted international standard"},
	"std.adopted_hint":     {Vi: "ví dụ ISO 15:1998 (có thể ghi luôn trong số hiệu, trong ngoặc)", En: "e.g. ISO 15:1998 (may also be written in the designation, in parentheses)"},
	"std.effective":        {Vi: "Ngày hiệu lực", En: "Effective date"},
	"std.effective_hint":   {Vi: "dd/mm/yyyy", En: "dd/mm/yyyy"},
	"std.code_hint":        {Vi: "Dạng TCVN 4980:2006, TCVN ISO 9001:2015, TCVN 7447-7-712:2019, TCVN 111:2006 (ISO 15:1998) hoặc QCVN 01:2020/BCT.", En: "As TCVN 4980:2006, TCVN ISO 9001:2015, TCVN 7447-7-712:2019, TCVN 111:2006 (ISO 15:1998) or QCVN 01:2020/BCT."},
	"std.new":              {Vi: "Thêm tiêu chuẩn", En: "Add a standard"},
	"std.edit":             {Vi: "Sửa tiêu chuẩn", En: "Edit standard"},
	"std.import":           {Vi: "Nhập từ Excel", En: "Import from Excel"},
	"std.export":           {Vi: "Xuất Excel (XLSX)", En: "Export to Excel (XLSX)"},
	"std.no_sector":        {Vi: "Chung", En: "General"},
	"std.tools":            {Vi: "Công cụ áp dụng tiêu chuẩn này", En: "Tools that apply this standard"},

	"imp.title":        {Vi: "Nhập tiêu chuẩn từ tệp Excel", En: "Import standards from an Excel file"},
	"imp.intro":        {Vi: "Tải lên tệp XLSX (hoặc CSV) có dòng tiêu đề. Cột bắt buộc: Số hiệu, Tên tiếng Việt. Cột khác: Tên tiếng Anh, Tình trạng, Thay thế bởi, Cơ quan ban hành, Lĩnh vực, Mã ICS, Tiêu chuẩn quốc tế tương đương, Ngày hiệu lực. Số hiệu đã có sẽ được cập nhật. Tệp xuất Excel có đúng các cột này.", En: "Upload an XLSX (or CSV) file with a header row. Required columns: Code, Vietnamese title. Others: English title, Status, Replaced by, Issuer, Sector, ICS code, Adopted standard, Effective date. Designations that exist are updated. The Excel export has exactly these columns."},
	"imp.file":         {Vi: "Tệp", En: "File"},
	"imp.upload":       {Vi: "Tải lên và kiểm tra", En: "Upload and check"},
	"imp.choose_file":  {Vi: "Hãy chọn tệp XLSX hoặc CSV.", En: "Choose an XLSX or CSV file."},
	"imp.preview":      {Vi: "Kiểm tra trước khi nhập", En: "Check before importing"},
	"imp.rows":         {Vi: "Số dòng", En: "Rows"},
	"imp.creates":      {Vi: "Thêm mới", En: "New"},
	"imp.updates":      {Vi: "Cập nhật", En: "Updates"},
	"imp.bad":          {Vi: "Dòng có lỗi", En: "Rows with problems"},
	"imp.line":         {Vi: "Dòng", En: "Row"},
	"imp.action":       {Vi: "Thao tác", En: "Action"},
	"imp.problems":     {Vi: "Lỗi", En: "Problems"},
	"imp.ok":           {Vi: "Hợp lệ", En: "Valid"},
	"imp.has_errors":   {Vi: "Tệp có dòng lỗi nên chưa thể nhập (nhập tất cả hoặc không nhập dòng nào). Hãy sửa tệp theo các lỗi dưới đây và tải lên lại.", En: "The file has rows with problems, so it cannot be imported (all rows or none). Fix the file as shown below and upload it again."},
	"imp.confirm":      {Vi: "Nhập tất cả", En: "Import all"},
	"imp.ready":        {Vi: "Mọi dòng đều hợp lệ. Bấm \"Nhập tất cả\" để ghi vào hệ thống.", En: "Every row is valid. Press \"Import all\" to write them."},
	"imp.applied":      {Vi: "Tệp này đã được nhập.", En: "This file has been imported."},
	"imp.done":         {Vi: "Đã nhập tiêu chuẩn", En: "Standards imported"},
	"imp.upload_fixed": {Vi: "Tải lên tệp đã sửa", En: "Upload the fixed file"},
	"imp.shown":        {Vi: "Hiển thị 500 dòng đầu; các dòng lỗi luôn được hiển thị.", En: "The first 500 rows are shown; rows with problems always are."},
}
