package programme

import (
	"strconv"
	"strings"

	"nscl/internal/fault"
	"nscl/internal/vn"
)

// FieldKind is the kind of a type-specific form field.
type FieldKind string

// The field kinds.
const (
	FieldText     FieldKind = "text"
	FieldTextarea FieldKind = "textarea"
	FieldInt      FieldKind = "int" // a whole number ≥ 0
)

// Field is a form field of an activity type, kept in Activity.Details.
type Field struct {
	Key      string     `json:"key"`
	Label    fault.Text `json:"label"`
	Kind     FieldKind  `json:"kind"`
	Required bool       `json:"required"`
	Hint     fault.Text `json:"hint"`
}

// fieldsByType are the type-specific fields of each activity type.
var fieldsByType = map[ActivityType][]Field{
	TypePilotModel: {
		{"scope", text("Phạm vi áp dụng (dây chuyền, phân xưởng)", "Scope (line, workshop)"), FieldTextarea, true, text("Nơi mô hình được triển khai và số lao động tham gia.", "Where the model runs and how many workers take part.")},
		{"replication_plan", text("Kế hoạch chia sẻ, nhân rộng", "Sharing and replication plan"), FieldTextarea, true, text("Hội thảo, tham quan học tập, tài liệu hướng dẫn cho doanh nghiệp khác.", "Workshops, study visits, guides for other enterprises.")},
		{"visits_per_year", text("Số đoàn tham quan học tập đón mỗi năm", "Study visits hosted per year"), FieldInt, false, text("", "")},
	},
	TypeDepthProject: {
		{"investment_items", text("Hạng mục đầu tư", "Investment items"), FieldTextarea, true, text("Thiết bị, công nghệ, hệ thống quản lý.", "Equipment, technology, management systems.")},
		{"duration_months", text("Thời gian thực hiện (tháng)", "Duration (months)"), FieldInt, true, text("", "")},
		{"technology", text("Công nghệ áp dụng", "Technology applied"), FieldText, false, text("", "")},
	},
	TypeTraining: {
		{"audience", text("Đối tượng học viên", "Participants"), FieldText, true, text("Ví dụ: cán bộ thực hành cải tiến của doanh nghiệp ngành dệt may.", "E.g. improvement practitioners of garment enterprises.")},
		{"participants", text("Số học viên", "Number of participants"), FieldInt, true, text("", "")},
		{"hours", text("Số giờ học", "Hours"), FieldInt, true, text("", "")},
		{"location", text("Địa điểm", "Location"), FieldText, true, text("", "")},
	},
	TypeCommunication: {
		{"channels", text("Kênh truyền thông", "Channels"), FieldText, true, text("Truyền hình, báo điện tử, mạng xã hội, hội thảo…", "TV, online press, social media, workshops…")},
		{"reach", text("Lượt tiếp cận dự kiến", "Expected reach"), FieldInt, true, text("", "")},
		{"audience", text("Đối tượng", "Audience"), FieldText, false, text("", "")},
	},
	TypeContest: {
		{"scope", text("Phạm vi cuộc thi", "Scope"), FieldText, true, text("Toàn quốc, vùng, ngành.", "National, regional, sector.")},
		{"categories", text("Hạng mục giải", "Categories"), FieldText, false, text("", "")},
		{"expected_entries", text("Số bài dự thi dự kiến", "Expected entries"), FieldInt, false, text("", "")},
	},
	TypeResearch: {
		{"research_question", text("Vấn đề nghiên cứu", "Research question"), FieldTextarea, true, text("", "")},
		{"methods", text("Phương pháp", "Methods"), FieldTextarea, false, text("", "")},
		{"duration_months", text("Thời gian thực hiện (tháng)", "Duration (months)"), FieldInt, true, text("", "")},
	},
	TypeStandard: {
		{"standard_title", text("Tên tiêu chuẩn dự kiến", "Title of the standard"), FieldText, true, text("", "")},
		{"standard_kind", text("Loại (TCVN, QCVN)", "Kind (TCVN, QCVN)"), FieldText, true, text("", "")},
		{"harmonised_with", text("Hài hòa với tiêu chuẩn quốc tế", "Harmonised with"), FieldText, false, text("Ví dụ: ISO 22400-2:2014.", "E.g. ISO 22400-2:2014.")},
	},
	TypeLabUpgrade: {
		{"lab_name", text("Tên phòng thử nghiệm", "Laboratory"), FieldText, true, text("", "")},
		{"vilas_number", text("Số hiệu VILAS", "VILAS number"), FieldText, false, text("Ví dụ: VILAS 1234.", "E.g. VILAS 1234.")},
		{"equipment", text("Thiết bị đầu tư", "Equipment"), FieldTextarea, true, text("", "")},
	},
}

// Fields returns the type's own form fields.
func (t ActivityType) Fields() []Field { return fieldsByType[t] }

// maxDetail is the longest a detail value may be, in characters.
const maxDetail = 4000

// CheckDetails normalises (NFC, trimmed) the type-specific fields of d in
// place, drops keys the type does not have, and adds a message to f for each
// missing required field, number that is not a whole number ≥ 0, or value
// longer than 4,000 characters. Fields are named "details.<key>".
func CheckDetails(t ActivityType, d map[string]string, f fault.Fields) {
	known := map[string]bool{}
	for _, fd := range t.Fields() {
		known[fd.Key] = true
		name := "details." + fd.Key
		v := strings.TrimSpace(vn.NFC(d[fd.Key]))
		d[fd.Key] = v
		switch {
		case v == "" && fd.Required:
			f.Add(name, fd.Label.Vi+": bắt buộc.", fd.Label.En+": required.")
		case v == "":
		case len([]rune(v)) > maxDetail:
			f.Add(name, fd.Label.Vi+": tối đa 4.000 ký tự.", fd.Label.En+": at most 4,000 characters.")
		case fd.Kind == FieldInt:
			if n, err := strconv.Atoi(strings.ReplaceAll(v, ".", "")); err != nil || n < 0 {
				f.Add(name, fd.Label.Vi+": phải là số nguyên không âm.", fd.Label.En+": must be a whole number ≥ 0.")
			} else {
				d[fd.Key] = strconv.Itoa(n)
			}
		}
	}
	for k := range d {
		if !known[k] {
			delete(d, k)
		}
	}
}
