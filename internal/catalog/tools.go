package catalog

import (
	"time"

	"nscl/internal/fault"
)

// ToolCode names an improvement tool or management system. Codes are stable:
// other domains (expert expertise, diagnosis paths, programme activities)
// store them.
type ToolCode string

// The tools shipped with the platform. Admins may add more to the catalogue;
// these codes always exist.
const (
	Tool5S        ToolCode = "5s"
	ToolKaizen    ToolCode = "kaizen"
	ToolLean      ToolCode = "lean"
	ToolTPM       ToolCode = "tpm"
	ToolSixSigma  ToolCode = "six_sigma"
	ToolQC7       ToolCode = "qc7" // 7 công cụ kiểm soát chất lượng
	ToolQCC       ToolCode = "qcc" // nhóm kiểm soát chất lượng
	ToolVSM       ToolCode = "vsm"
	ToolSMED      ToolCode = "smed"
	ToolJIT       ToolCode = "jit"
	ToolKPIBSC    ToolCode = "kpi_bsc"
	ToolSPC       ToolCode = "spc"
	ToolPokaYoke  ToolCode = "poka_yoke"
	ToolISO9001   ToolCode = "iso9001"
	ToolISO14001  ToolCode = "iso14001"
	ToolISO45001  ToolCode = "iso45001"
	ToolISO50001  ToolCode = "iso50001"
	ToolISO22000  ToolCode = "iso22000"
	ToolGMPHACCP  ToolCode = "gmp_haccp"
	ToolISO27001  ToolCode = "iso27001"
	ToolDigital   ToolCode = "digital_mes" // số hóa sản xuất (MES, IoT)
	ToolEnergyAud ToolCode = "energy_audit"
)

// BuiltinTools lists the shipped codes in catalogue order.
var BuiltinTools = []ToolCode{Tool5S, ToolKaizen, ToolQC7, ToolQCC, ToolLean, ToolVSM, ToolSMED, ToolJIT, ToolTPM,
	ToolSixSigma, ToolSPC, ToolPokaYoke, ToolKPIBSC, ToolISO9001, ToolISO14001, ToolISO45001, ToolISO50001,
	ToolISO22000, ToolGMPHACCP, ToolISO27001, ToolDigital, ToolEnergyAud}

// IsBuiltin reports whether c is one of the shipped codes (which cannot be
// deleted, only hidden).
func IsBuiltin(c ToolCode) bool {
	for _, b := range BuiltinTools {
		if b == c {
			return true
		}
	}
	return false
}

// ToolKind groups the catalogue: working methods, certifiable management
// systems, and digital tools.
type ToolKind string

// The tool kinds, in the catalogue's display order.
const (
	KindMethod  ToolKind = "method"  // phương pháp, công cụ cải tiến
	KindSystem  ToolKind = "system"  // hệ thống quản lý (tiêu chuẩn chứng nhận được)
	KindDigital ToolKind = "digital" // công cụ số
)

// ToolKinds lists the kinds in display order.
var ToolKinds = []ToolKind{KindMethod, KindSystem, KindDigital}

var toolKindLabels = map[ToolKind]fault.Text{
	KindMethod:  {Vi: "Phương pháp, công cụ cải tiến", En: "Improvement methods and tools"},
	KindSystem:  {Vi: "Hệ thống quản lý", En: "Management systems"},
	KindDigital: {Vi: "Công cụ số", En: "Digital tools"},
}

// Label names the kind.
func (k ToolKind) Label() fault.Text { return toolKindLabels[k] }

// Valid reports whether k is a known kind.
func (k ToolKind) Valid() bool { _, ok := toolKindLabels[k]; return ok }

// Tool is one entry of the improvement-tool catalogue. Other domains read
// it through Service.Tools (they declare the one-method interface they need).
type Tool struct {
	Code ToolCode   `json:"code"`
	Name fault.Text `json:"name"` // Vietnamese and English names
	Kind ToolKind   `json:"kind"`
	// Purpose says what the tool is for; Results what an enterprise
	// typically gets from it. Both may hold several paragraphs.
	Purpose fault.Text `json:"purpose"`
	Results fault.Text `json:"results"`
	// Prerequisites are the tools an enterprise should have in place first
	// (TPM needs 5S), in catalogue codes.
	Prerequisites []ToolCode `json:"prerequisites"`
	// Sectors are where the tool fits best; empty means every sector.
	Sectors []Sector `json:"sectors"`
	// Standard is the national standard of a management system, in TCVN
	// notation ("TCVN ISO 9001:2015"), or "".
	Standard  string    `json:"standard,omitempty"`
	Position  int       `json:"position" doc:"Thứ tự trong danh mục (catalogue order)"`
	Hidden    bool      `json:"hidden" doc:"Ẩn khỏi trang công khai (hidden from the public pages)"`
	Builtin   bool      `json:"builtin" doc:"Công cụ có sẵn, không xóa được (shipped, cannot be deleted)"`
	UpdatedAt time.Time `json:"updated_at"`
}

// FitsSector reports whether the tool fits sector s ("" fits everything).
func (t *Tool) FitsSector(s Sector) bool {
	if s == "" || len(t.Sectors) == 0 {
		return true
	}
	for _, x := range t.Sectors {
		if x == s {
			return true
		}
	}
	return false
}
