package catalog

import (
	"fmt"
	"math/rand/v2"
)

// demoReal are real national standards and regulations (designations,
// titles and replacements as published), for the demo data.
var demoReal = []struct {
	code, vi, en, replacedBy, issuer string
	sector                           Sector
	ics, effective                   string
}{
	{"TCVN ISO 9001:2000", "Hệ thống quản lý chất lượng – Các yêu cầu", "Quality management systems – Requirements", "TCVN ISO 9001:2008", "Bộ Khoa học và Công nghệ", SectorManagement, "03.120.10", ""},
	{"TCVN ISO 9001:2008", "Hệ thống quản lý chất lượng – Các yêu cầu", "Quality management systems – Requirements", "TCVN ISO 9001:2015", "Bộ Khoa học và Công nghệ", SectorManagement, "03.120.10", ""},
	{"TCVN ISO 9001:2015 (ISO 9001:2015)", "Hệ thống quản lý chất lượng – Các yêu cầu", "Quality management systems – Requirements", "", "Bộ Khoa học và Công nghệ", SectorManagement, "03.120.10", ""},
	{"TCVN ISO 9000:2007", "Hệ thống quản lý chất lượng – Cơ sở và từ vựng", "Quality management systems – Fundamentals and vocabulary", "TCVN ISO 9000:2015", "Bộ Khoa học và Công nghệ", SectorManagement, "01.040.03, 03.120.10", ""},
	{"TCVN ISO 9000:2015 (ISO 9000:2015)", "Hệ thống quản lý chất lượng – Cơ sở và từ vựng", "Quality management systems – Fundamentals and vocabulary", "", "Bộ Khoa học và Công nghệ", SectorManagement, "01.040.03, 03.120.10", ""},
	{"TCVN ISO 9004:2011", "Quản lý tổ chức để thành công bền vững – Phương pháp tiếp cận quản lý chất lượng", "Managing for the sustained success of an organization – A quality management approach", "TCVN ISO 9004:2018", "Bộ Khoa học và Công nghệ", SectorManagement, "03.120.10", ""},
	{"TCVN ISO 9004:2018 (ISO 9004:2018)", "Quản lý chất lượng – Chất lượng của tổ chức – Hướng dẫn để đạt được thành công bền vững", "Quality management – Quality of an organization – Guidance to achieve sustained success", "", "Bộ Khoa học và Công nghệ", SectorManagement, "03.120.10", ""},
	{"TCVN ISO 14001:2010", "Hệ thống quản lý môi trường – Các yêu cầu và hướng dẫn sử dụng", "Environmental management systems – Requirements with guidance for use", "TCVN ISO 14001:2015", "Bộ Khoa học và Công nghệ", SectorEnvironment, "13.020.10", ""},
	{"TCVN ISO 14001:2015 (ISO 14001:2015)", "Hệ thống quản lý môi trường – Các yêu cầu và hướng dẫn sử dụng", "Environmental management systems – Requirements with guidance for use", "", "Bộ Khoa học và Công nghệ", SectorEnvironment, "13.020.10", ""},
	{"TCVN ISO 45001:2018 (ISO 45001:2018)", "Hệ thống quản lý an toàn và sức khỏe nghề nghiệp – Các yêu cầu và hướng dẫn sử dụng", "Occupational health and safety management systems – Requirements with guidance for use", "", "Bộ Khoa học và Công nghệ", SectorManagement, "03.100.70, 13.100", ""},
	{"TCVN ISO 50001:2012", "Hệ thống quản lý năng lượng – Các yêu cầu và hướng dẫn sử dụng", "Energy management systems – Requirements with guidance for use", "TCVN ISO 50001:2019", "Bộ Khoa học và Công nghệ", SectorEnergy, "03.100.70, 27.015", ""},
	{"TCVN ISO 50001:2019 (ISO 50001:2018)", "Hệ thống quản lý năng lượng – Các yêu cầu và hướng dẫn sử dụng", "Energy management systems – Requirements with guidance for use", "", "Bộ Khoa học và Công nghệ", SectorEnergy, "03.100.70, 27.015", ""},
	{"TCVN ISO 22000:2007", "Hệ thống quản lý an toàn thực phẩm – Yêu cầu đối với các tổ chức trong chuỗi thực phẩm", "Food safety management systems – Requirements for any organization in the food chain", "TCVN ISO 22000:2018", "Bộ Khoa học và Công nghệ", SectorFood, "03.100.70, 67.020", ""},
	{"TCVN ISO 22000:2018 (ISO 22000:2018)", "Hệ thống quản lý an toàn thực phẩm – Yêu cầu đối với các tổ chức trong chuỗi thực phẩm", "Food safety management systems – Requirements for any organization in the food chain", "", "Bộ Khoa học và Công nghệ", SectorFood, "03.100.70, 67.020", ""},
	{"TCVN ISO/IEC 27001:2009", "Công nghệ thông tin – Hệ thống quản lý an toàn thông tin – Các yêu cầu", "Information technology – Information security management systems – Requirements", "TCVN ISO/IEC 27001:2019", "Bộ Khoa học và Công nghệ", SectorIT, "03.100.70, 35.030", ""},
	{"TCVN ISO/IEC 27001:2019 (ISO/IEC 27001:2013)", "Công nghệ thông tin – Các kỹ thuật an toàn – Hệ thống quản lý an toàn thông tin – Các yêu cầu", "Information technology – Security techniques – Information security management systems – Requirements", "", "Bộ Khoa học và Công nghệ", SectorIT, "03.100.70, 35.030", ""},
	{"TCVN ISO/IEC 17025:2005", "Yêu cầu chung về năng lực của phòng thử nghiệm và hiệu chuẩn", "General requirements for the competence of testing and calibration laboratories", "TCVN ISO/IEC 17025:2017", "Bộ Khoa học và Công nghệ", SectorManagement, "03.120.20, 19.020", ""},
	{"TCVN ISO/IEC 17025:2017 (ISO/IEC 17025:2017)", "Yêu cầu chung về năng lực của phòng thử nghiệm và hiệu chuẩn", "General requirements for the competence of testing and calibration laboratories", "", "Bộ Khoa học và Công nghệ", SectorManagement, "03.120.20, 19.020", ""},
	{"TCVN ISO 19011:2013", "Hướng dẫn đánh giá hệ thống quản lý", "Guidelines for auditing management systems", "TCVN ISO 19011:2018", "Bộ Khoa học và Công nghệ", SectorManagement, "03.120.20", ""},
	{"TCVN ISO 19011:2018 (ISO 19011:2018)", "Hướng dẫn đánh giá hệ thống quản lý", "Guidelines for auditing management systems", "", "Bộ Khoa học và Công nghệ", SectorManagement, "03.120.20", ""},
	{"TCVN ISO 31000:2011", "Quản lý rủi ro – Nguyên tắc và hướng dẫn", "Risk management – Principles and guidelines", "TCVN ISO 31000:2018", "Bộ Khoa học và Công nghệ", SectorManagement, "03.100.01", ""},
	{"TCVN ISO 31000:2018 (ISO 31000:2018)", "Quản lý rủi ro – Hướng dẫn", "Risk management – Guidelines", "", "Bộ Khoa học và Công nghệ", SectorManagement, "03.100.01", ""},
	{"TCVN ISO 26000:2013 (ISO 26000:2010)", "Hướng dẫn về trách nhiệm xã hội", "Guidance on social responsibility", "", "Bộ Khoa học và Công nghệ", SectorManagement, "03.100.02", ""},
	{"TCVN 5603:2008 (CAC/RCP 1-1969)", "Quy phạm thực hành về những nguyên tắc chung đối với vệ sinh thực phẩm", "Recommended international code of practice – General principles of food hygiene", "", "Bộ Khoa học và Công nghệ", SectorFood, "67.020", ""},
	{"TCVN 111:2006 (ISO 15:1998)", "Ổ lăn – Ổ đỡ – Kích thước bao – Sơ đồ chung", "Rolling bearings – Radial bearings – Boundary dimensions, general plan", "", "Bộ Khoa học và Công nghệ", SectorMechanical, "21.100.20", ""},
	{"TCVN 7447-7-712:2019", "Hệ thống lắp đặt điện hạ áp – Phần 7-712: Yêu cầu đối với hệ thống lắp đặt đặc biệt hoặc khu vực đặc biệt – Hệ thống nguồn quang điện mặt trời (PV)", "Low-voltage electrical installations – Part 7-712: Requirements for special installations or locations – Solar photovoltaic (PV) power supply systems", "", "Bộ Khoa học và Công nghệ", SectorEnergy, "29.020, 91.140.50", ""},
	{"TCVN 5699-1:2010 (IEC 60335-1:2006)", "Thiết bị điện gia dụng và thiết bị điện tương tự – An toàn – Phần 1: Yêu cầu chung", "Household and similar electrical appliances – Safety – Part 1: General requirements", "", "Bộ Khoa học và Công nghệ", SectorElectronics, "13.120, 97.030", ""},
	{"QCVN 01:2008/BCT", "Quy chuẩn kỹ thuật quốc gia về an toàn điện", "National technical regulation on electrical safety", "QCVN 01:2020/BCT", "Bộ Công Thương", SectorEnergy, "29.020", ""},
	{"QCVN 01:2020/BCT", "Quy chuẩn kỹ thuật quốc gia về an toàn điện", "National technical regulation on electrical safety", "", "Bộ Công Thương", SectorEnergy, "29.020", "2021-06-01"},
	{"QCVN 01:2019/BCT", "Quy chuẩn kỹ thuật quốc gia về an toàn trong sản xuất, thử nghiệm, nghiệm thu, bảo quản, vận chuyển, sử dụng, tiêu hủy vật liệu nổ công nghiệp và bảo quản tiền chất thuốc nổ", "National technical regulation on safety in the manufacture, testing, acceptance, storage, transport, use and destruction of industrial explosives and the storage of explosive precursors", "", "Bộ Công Thương", SectorMining, "71.100.30", ""},
	{"QCVN 3:2009/BKHCN", "Quy chuẩn kỹ thuật quốc gia về an toàn đồ chơi trẻ em", "National technical regulation on the safety of toys", "", "Bộ Khoa học và Công nghệ", SectorPlastics, "97.200.50", ""},
	{"QCVN 4:2009/BKHCN", "Quy chuẩn kỹ thuật quốc gia về an toàn đối với thiết bị điện và điện tử", "National technical regulation on the safety of electrical and electronic equipment", "", "Bộ Khoa học và Công nghệ", SectorElectronics, "13.120, 97.030", ""},
	{"QCVN 05:2013/BTNMT", "Quy chuẩn kỹ thuật quốc gia về chất lượng không khí xung quanh", "National technical regulation on ambient air quality", "", "Bộ Tài nguyên và Môi trường", SectorEnvironment, "13.040.20", ""},
}

// demoSubjects are the titles of generated standards, per sector: plausible
// subjects, combined with a part ("Yêu cầu kỹ thuật", "Phương pháp thử").
var demoSubjects = []struct {
	sector Sector
	ics    string
	vi, en string
}{
	{SectorTextiles, "59.080.30", "Vải dệt thoi", "Woven fabrics"},
	{SectorTextiles, "59.080.20", "Sợi bông chải kỹ", "Combed cotton yarn"},
	{SectorTextiles, "61.020", "Quần áo bảo hộ lao động", "Protective work clothing"},
	{SectorLeather, "61.060", "Giày da nam", "Men's leather shoes"},
	{SectorLeather, "59.140.30", "Da thuộc", "Tanned leather"},
	{SectorPlastics, "23.040.20", "Ống nhựa polyetylen (PE) dùng để cấp nước", "Polyethylene (PE) pipes for water supply"},
	{SectorPlastics, "83.140.10", "Màng nhựa bao gói thực phẩm", "Plastic films for food packaging"},
	{SectorSteel, "77.140.15", "Thép cốt bê tông", "Steel for the reinforcement of concrete"},
	{SectorSteel, "77.140.50", "Thép tấm cán nóng", "Hot-rolled steel sheet"},
	{SectorChemicals, "71.060.50", "Axit sunfuric kỹ thuật", "Sulfuric acid for industrial use"},
	{SectorChemicals, "65.080", "Phân bón NPK", "NPK fertilisers"},
	{SectorMechanical, "21.060.10", "Bu lông, vít và vít cấy", "Bolts, screws and studs"},
	{SectorMechanical, "23.080", "Bơm ly tâm", "Centrifugal pumps"},
	{SectorMechanical, "27.060.30", "Nồi hơi công nghiệp", "Industrial boilers"},
	{SectorEnergy, "29.180", "Máy biến áp phân phối", "Distribution transformers"},
	{SectorEnergy, "27.160", "Mô đun quang điện", "Photovoltaic modules"},
	{SectorEnergy, "29.140.30", "Đèn LED chiếu sáng", "LED luminaires"},
	{SectorElectronics, "31.180", "Tấm mạch in", "Printed circuit boards"},
	{SectorElectronics, "33.100", "Tương thích điện từ của thiết bị gia dụng", "Electromagnetic compatibility of household appliances"},
	{SectorFood, "67.160.10", "Bia hơi", "Draught beer"},
	{SectorFood, "67.060", "Gạo trắng", "White rice"},
	{SectorFood, "67.140.20", "Cà phê rang", "Roasted coffee"},
	{SectorMining, "73.040", "Than thương phẩm", "Commercial coal"},
	{SectorBuilding, "91.100.10", "Xi măng poóc lăng", "Portland cement"},
	{SectorBuilding, "91.100.25", "Gạch bê tông", "Concrete bricks"},
	{SectorEnvironment, "13.060.30", "Nước thải công nghiệp", "Industrial waste water"},
	{SectorIT, "35.240", "Phần mềm quản lý sản xuất", "Production management software"},
	{SectorManagement, "03.120.30", "Kiểm soát quá trình bằng thống kê – Biểu đồ kiểm soát", "Statistical process control – Control charts"},
}

var demoParts = []struct{ vi, en string }{
	{"Yêu cầu kỹ thuật", "Specifications"},
	{"Phương pháp thử", "Test methods"},
	{"Yêu cầu an toàn", "Safety requirements"},
	{"Lấy mẫu", "Sampling"},
	{"Thuật ngữ và định nghĩa", "Terms and definitions"},
	{"Ghi nhãn, bao gói, vận chuyển và bảo quản", "Marking, packing, transport and storage"},
	{"Hiệu suất năng lượng", "Energy efficiency"},
}

// DemoStandards returns n standards for demonstrations and load tests: the
// real ones of demoReal first (with their replacement chains, which refer to
// standards earlier in the slice), then generated TCVN and QCVN with
// plausible designations and titles. The same seed gives the same data.
// ReplacedBy of the real ones is set through ReplacedByCode only: the
// caller inserts them in order and links them (see LinkDemo).
func DemoStandards(n int, seed uint64) []*Standard {
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	seen := map[string]bool{}
	var out []*Standard
	add := func(in StandardInput) {
		st, repl, fs := parseStandard(in)
		if len(fs) > 0 || seen[st.Code] {
			return
		}
		seen[st.Code] = true
		st.ReplacedByCode = repl
		out = append(out, st)
	}
	for _, d := range demoReal {
		if len(out) >= n {
			break
		}
		status := string(StatusInForce)
		if d.replacedBy != "" {
			status = string(StatusReplaced)
		}
		add(StandardInput{Code: d.code, TitleVi: d.vi, TitleEn: d.en, Status: status, ReplacedBy: d.replacedBy,
			Issuer: d.issuer, Sector: string(d.sector), ICS: d.ics, EffectiveOn: d.effective})
	}
	ministries := []string{"BCT", "BCT", "BCT", "BKHCN", "BTNMT", "BXD", "BYT"}
	issuers := map[string]string{"BCT": "Bộ Công Thương", "BKHCN": "Bộ Khoa học và Công nghệ", "BTNMT": "Bộ Tài nguyên và Môi trường",
		"BXD": "Bộ Xây dựng", "BYT": "Bộ Y tế"}
	for tries := 0; len(out) < n && tries < 10*n+1000; tries++ {
		sub := demoSubjects[r.IntN(len(demoSubjects))]
		part := demoParts[r.IntN(len(demoParts))]
		year := 2000 + r.IntN(25)
		in := StandardInput{TitleVi: sub.vi + " – " + part.vi, TitleEn: sub.en + " – " + part.en, Sector: string(sub.sector), ICS: sub.ics,
			Status: string(StatusInForce), Issuer: "Bộ Khoa học và Công nghệ"}
		switch k := r.IntN(20); {
		case k == 0: // a regulation
			m := ministries[r.IntN(len(ministries))]
			in.Code = fmt.Sprintf("QCVN %02d:%d/%s", 1+r.IntN(99), year, m)
			in.Issuer = issuers[m]
			in.TitleVi = "Quy chuẩn kỹ thuật quốc gia về " + lowerFirst(sub.vi)
			in.TitleEn = "National technical regulation on " + lowerFirst(sub.en)
		case k < 6: // a multi-part standard
			in.Code = fmt.Sprintf("TCVN %d-%d:%d", 5000+r.IntN(9000), 1+r.IntN(12), year)
		default:
			in.Code = fmt.Sprintf("TCVN %d:%d", 1000+r.IntN(13000), year)
		}
		if r.IntN(12) == 0 {
			in.Status = string(StatusWithdrawn)
		}
		add(in)
	}
	return out
}

func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) > 1 && r[1] >= 'a' && r[0] >= 'A' && r[0] <= 'Z' {
		r[0] += 'a' - 'A'
	} else if len(r) > 0 && r[0] >= 0xC0 {
		return s
	}
	return string(r)
}

// LinkDemo sets ReplacedBy of the standards in ss from their ReplacedByCode
// (for DemoStandards after insertion assigned the IDs) and returns the ones
// it changed.
func LinkDemo(ss []*Standard) []*Standard {
	ids := map[string]StandardID{}
	for _, st := range ss {
		ids[st.Code] = st.ID
	}
	var out []*Standard
	for _, st := range ss {
		if id, ok := ids[st.ReplacedByCode]; ok && st.ReplacedByCode != "" && id != 0 {
			st.ReplacedBy = id
			out = append(out, st)
		}
	}
	return out
}
