package registry

import (
	"strings"

	"nscl/internal/fault"
)

// VSICEdition is the edition of the Vietnam Standard Industrial
// Classification a code belongs to.
type VSICEdition int

// The editions (facts.md 3a, 3b).
const (
	VSIC2018 VSICEdition = 2018 // Decision 27/2018/QĐ-TTg
	VSIC2025 VSICEdition = 2025 // Decision 36/2025/QĐ-TTg, in force 15/11/2025
)

// Valid reports whether e is a known edition.
func (e VSICEdition) Valid() bool { return e == VSIC2018 || e == VSIC2025 }

// sectionRange is a run of divisions forming a section.
type sectionRange struct {
	from, to string
	section  string
}

// Level-1 sections by division range. VSIC 2018 (facts.md 3a, 21 sections
// A–U over the 88 divisions of reference.json). VSIC 2025 (facts.md 3b, 22
// sections A–V, 87 divisions): the same division numbers except 45, removed;
// 2018's J (58–63) split into J (58–60, publishing, broadcasting, content)
// and K (61–63, telecoms, programming, information services), shifting every
// later letter by one, as in ISIC Rev.5 which the 2025 layout mirrors. The
// count checks out: 88 − 1 = 87. Divisions outside these lists (04, 34, 40,
// 44, 48, 54, 57, 67, 76, 83, 89) do not exist in either edition and are
// VSIC_UNKNOWN.
var (
	sections2018 = []sectionRange{
		{"01", "03", "A"}, {"05", "09", "B"}, {"10", "33", "C"}, {"35", "35", "D"}, {"36", "39", "E"},
		{"41", "43", "F"}, {"45", "47", "G"}, {"49", "53", "H"}, {"55", "56", "I"}, {"58", "63", "J"},
		{"64", "66", "K"}, {"68", "68", "L"}, {"69", "75", "M"}, {"77", "82", "N"}, {"84", "84", "O"},
		{"85", "85", "P"}, {"86", "88", "Q"}, {"90", "93", "R"}, {"94", "96", "S"}, {"97", "98", "T"},
		{"99", "99", "U"},
	}
	sections2025 = []sectionRange{
		{"01", "03", "A"}, {"05", "09", "B"}, {"10", "33", "C"}, {"35", "35", "D"}, {"36", "39", "E"},
		{"41", "43", "F"}, {"46", "47", "G"}, {"49", "53", "H"}, {"55", "56", "I"}, {"58", "60", "J"},
		{"61", "63", "K"}, {"64", "66", "L"}, {"68", "68", "M"}, {"69", "75", "N"}, {"77", "82", "O"},
		{"84", "84", "P"}, {"85", "85", "Q"}, {"86", "88", "R"}, {"90", "93", "S"}, {"94", "96", "T"},
		{"97", "98", "U"}, {"99", "99", "V"},
	}
)

// VSICDivisionName returns the Vietnamese name of a division in edition e
// and whether the division exists there. Names are those of VSIC 2018;
// facts.md 3c notes the 2025 names of the manufacturing divisions differ
// only in spelling, and the other 2025 names are not loaded yet.
func VSICDivisionName(e VSICEdition, division string) (string, bool) {
	name, ok := vsicDivisions2018[division]
	if !ok || (e == VSIC2025 && division == "45") {
		return "", false
	}
	return name, true
}

// VSICSection returns the level-1 section letter of a code (2–5 digits) in
// edition e, or "" if its division does not exist.
func VSICSection(e VSICEdition, code string) string {
	if len(code) < 2 {
		return ""
	}
	div := code[:2]
	if _, ok := VSICDivisionName(e, div); !ok {
		return ""
	}
	secs := sections2018
	if e == VSIC2025 {
		secs = sections2025
	}
	for _, s := range secs {
		if div >= s.from && div <= s.to {
			return s.section
		}
	}
	return ""
}

// vsicSeparators are dropped from a VSIC code as written ("22 20", "22.20").
var vsicSeparators = strings.NewReplacer(" ", "", ".", "")

// ParseVSIC checks a VSIC code: 2 to 5 digits whose division exists in the
// edition. It returns the code without spaces or dots.
func ParseVSIC(e VSICEdition, s string) (string, *Problem) {
	if !e.Valid() {
		return "", &Problem{Field: "vsic_edition", Code: CodeVSICEdition,
			Message: text("Phiên bản VSIC phải là 2018 hoặc 2025.", "The VSIC edition must be 2018 or 2025.")}
	}
	code := vsicSeparators.Replace(strings.TrimSpace(s))
	ok := len(code) >= 2 && len(code) <= 5
	for i := 0; ok && i < len(code); i++ {
		ok = code[i] >= '0' && code[i] <= '9'
	}
	if !ok || VSICSection(e, code) == "" {
		return "", &Problem{Field: "vsic", Code: CodeVSICUnknown,
			Message: text("Mã ngành VSIC không có trong hệ thống ngành kinh tế "+itoa(int(e))+" (2–5 chữ số, ngành cấp 2 phải tồn tại).",
				"The VSIC code is not in the "+itoa(int(e))+" classification (2–5 digits of an existing division).")}
	}
	return code, nil
}

// SectorGroup is the Decree 80/2021 sector group that sets the SME limits.
type SectorGroup string

// The sector groups (facts.md item 1, reference.json sme_tiers keys).
const (
	SectorAgriculture SectorGroup = "agriculture_forestry_fishery"
	SectorIndustry    SectorGroup = "industry_construction"
	SectorTrade       SectorGroup = "trade_services"
)

// Label names the sector group.
func (g SectorGroup) Label() fault.Text {
	switch g {
	case SectorAgriculture:
		return text("Nông, lâm nghiệp và thủy sản", "Agriculture, forestry and fishery")
	case SectorIndustry:
		return text("Công nghiệp và xây dựng", "Industry and construction")
	case SectorTrade:
		return text("Thương mại và dịch vụ", "Trade and services")
	}
	return fault.Text{}
}

// SectorGroupOf returns the sector group of a section: A is agriculture,
// forestry and fishery; B–F (mining, manufacturing, energy, water and waste,
// construction) industry and construction; every later section trade and
// services. The letters are edition-independent up to F.
func SectorGroupOf(section string) SectorGroup {
	switch {
	case section == "":
		return ""
	case section == "A":
		return SectorAgriculture
	case section >= "B" && section <= "F":
		return SectorIndustry
	}
	return SectorTrade
}

// Industry is one of the programme's 8 priority industries.
type Industry string

// The priority industries (facts.md 3c).
const (
	IndustryNone       Industry = ""
	IndustryTextiles   Industry = "textiles"   // dệt may
	IndustryLeather    Industry = "leather"    // da giày
	IndustryPlastics   Industry = "plastics"   // nhựa
	IndustrySteel      Industry = "steel"      // thép
	IndustryChemicals  Industry = "chemicals"  // hóa chất
	IndustryMechanical Industry = "mechanical" // cơ khí chế tạo
	IndustryEnergy     Industry = "energy"     // năng lượng
	IndustryElectronic Industry = "electronics"
)

// Industries lists the 8 priority industries in display order.
var Industries = []Industry{IndustryTextiles, IndustryLeather, IndustryPlastics, IndustrySteel, IndustryChemicals,
	IndustryMechanical, IndustryEnergy, IndustryElectronic}

var industryLabels = map[Industry]fault.Text{
	IndustryNone:       {Vi: "Ngành khác", En: "Other industries"},
	IndustryTextiles:   {Vi: "Dệt may", En: "Textiles and garments"},
	IndustryLeather:    {Vi: "Da giày", En: "Leather and footwear"},
	IndustryPlastics:   {Vi: "Nhựa", En: "Plastics"},
	IndustrySteel:      {Vi: "Thép", En: "Steel"},
	IndustryChemicals:  {Vi: "Hóa chất", En: "Chemicals"},
	IndustryMechanical: {Vi: "Cơ khí chế tạo", En: "Mechanical engineering"},
	IndustryEnergy:     {Vi: "Năng lượng", En: "Energy"},
	IndustryElectronic: {Vi: "Điện tử", En: "Electronics"},
}

// Label names the industry.
func (i Industry) Label() fault.Text { return industryLabels[i] }

// Valid reports whether i is one of the 8 (or none).
func (i Industry) Valid() bool { _, ok := industryLabels[i]; return ok }

// PriorityIndustry maps a VSIC code (2–5 digits, division numbers equal in
// both editions, facts.md 3c) to a priority industry, or IndustryNone:
//   - 13, 14 textiles and garments; 15 leather and footwear;
//   - 22 plastics, except group 221 (rubber products);
//   - 24 steel, except group 242 (precious and non-ferrous metals) and class
//     2432 (non-ferrous casting);
//   - 20 chemicals; 26, 27 electronics (27 electrical equipment); 35 energy;
//   - 25, 28 mechanical engineering, and 29, 30, 33 (motor vehicles, other
//     transport equipment, repair and installation of machinery), which
//     facts.md notes are "often also" counted as cơ khí chế tạo.
//
// A 2-digit code of a mixed division (22, 24) maps to the division's main
// priority industry.
func PriorityIndustry(code string) Industry {
	if len(code) < 2 {
		return IndustryNone
	}
	switch code[:2] {
	case "13", "14":
		return IndustryTextiles
	case "15":
		return IndustryLeather
	case "22":
		if strings.HasPrefix(code, "221") {
			return IndustryNone
		}
		return IndustryPlastics
	case "24":
		if strings.HasPrefix(code, "242") || strings.HasPrefix(code, "2432") {
			return IndustryNone
		}
		return IndustrySteel
	case "20":
		return IndustryChemicals
	case "25", "28", "29", "30", "33":
		return IndustryMechanical
	case "35":
		return IndustryEnergy
	case "26", "27":
		return IndustryElectronic
	}
	return IndustryNone
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
