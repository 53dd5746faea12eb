package catalog

import "nscl/internal/fault"

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

// Tool is one entry of the improvement-tool catalogue. Other domains read
// it through Service.Tools (they declare the one-method interface they need).
type Tool struct {
	Code ToolCode   `json:"code"`
	Name fault.Text `json:"name"` // Vietnamese and English names
}
