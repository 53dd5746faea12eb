package programme

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"nscl/internal/fault"
)

func TestCheckContract(t *testing.T) {
	ok := ContractInput{No: "12/2026/HĐ-NSCL", Date: "01/06/2026", Milestones: []MilestoneInput{
		{Title: "Khảo sát hiện trạng", Due: "30/06/2026", Amount: 100_000_000},
		{Title: "Triển khai 5S", Due: "2026-08-31", Amount: 200_000_000},
	}}
	date, ms, err := CheckContract(ok, 300_000_000, "2026-05-20", "2026-06-01")
	if err != nil || date != "2026-06-01" || len(ms) != 2 || ms[1].DueDate != "2026-08-31" || ms[1].Seq != 2 || ms[0].Status != MilestonePlanned {
		t.Fatalf("ok contract = %q %+v %v", date, ms, err)
	}
	cases := []struct {
		name   string
		edit   func(in *ContractInput)
		budget int64
		field  string
		want   string
	}{
		{"sum short", func(*ContractInput) {}, 350_000_000, "milestones", "ít hơn ngân sách được duyệt 350.000.000 ₫ là 50.000.000 ₫"},
		{"sum over", func(*ContractInput) {}, 250_000_000, "milestones", "nhiều hơn"},
		{"no number", func(in *ContractInput) { in.No = " " }, 300_000_000, "contract_no", "số hợp đồng"},
		{"bad date", func(in *ContractInput) { in.Date = "31/02/2026" }, 300_000_000, "contract_date", "Ngày ký"},
		{"before the decision", func(in *ContractInput) { in.Date = "01/01/2019" }, 300_000_000, "contract_date", "trước ngày quyết định phê duyệt (20/05/2026)"},
		{"in the future", func(in *ContractInput) { in.Date = "02/06/2026" }, 300_000_000, "contract_date", "sau hôm nay"},
		{"none", func(in *ContractInput) { in.Milestones = nil }, 300_000_000, "milestones", "ít nhất một mốc"},
		{"too many", func(in *ContractInput) {
			in.Milestones = make([]MilestoneInput, 13)
		}, 300_000_000, "milestones", "Tối đa 12"},
		{"before contract", func(in *ContractInput) { in.Milestones[0].Due = "01/06/2026" }, 300_000_000, "ms.1.due", "sau ngày ký"},
		{"not increasing", func(in *ContractInput) { in.Milestones[1].Due = "15/06/2026" }, 300_000_000, "ms.2.due", "mốc trước"},
		{"zero amount", func(in *ContractInput) { in.Milestones[0].Amount = 0 }, 300_000_000, "ms.1.amount", "lớn hơn 0"},
		{"no title", func(in *ContractInput) { in.Milestones[1].Title = "" }, 300_000_000, "ms.2.title", "cần nội dung"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := ok
			in.Milestones = append([]MilestoneInput(nil), ok.Milestones...)
			c.edit(&in)
			_, _, err := CheckContract(in, c.budget, "2026-05-20", "2026-06-01")
			if !fault.Is(err, fault.Invalid) {
				t.Fatalf("err = %v, want Invalid", err)
			}
			msg := fault.FieldsOf(err)[c.field]
			if !strings.Contains(msg.Vi, c.want) || msg.En == "" {
				t.Fatalf("field %s = %+v, want %q (all: %v)", c.field, msg, c.want, fault.FieldsOf(err))
			}
		})
	}
}

func TestSniffEvidence(t *testing.T) {
	pdf := []byte("%PDF-1.4\n1 0 obj\n")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	xlsx, docx, bare := zipWith(t, "xl/workbook.xml"), zipWith(t, "word/document.xml"), zipWith(t, "readme.txt")
	for _, c := range []struct {
		name string
		data []byte
		ok   bool
	}{
		{"a.pdf", pdf, true}, {"A.PNG", png, true}, {"b.xlsx", xlsx, true}, {"c.docx", docx, true},
		{"b.docx", xlsx, false}, {"d.xlsx", bare, false},
		{"fake.pdf", []byte("hello, not a pdf"), false}, {"a.png", pdf, false}, {"a.exe", pdf, false}, {"noext", pdf, false},
	} {
		if _, ok := execSniff(EvidenceUpload{Name: c.name, Data: c.data}); ok != c.ok {
			t.Errorf("sniff %s = %v, want %v", c.name, ok, c.ok)
		}
	}
}

// TestExecActuals: KPI values are read by vn.ParseDecimal — a comma for
// decimals, dots between thousands — and "1.500" (one and a half or one
// thousand five hundred?) is refused with a field message saying how to
// write it, never stored as 1.5.
func TestExecActuals(t *testing.T) {
	a := &Activity{KPIs: []ActivityKPI{{Code: "defect_ppm"}, {Code: "output"}}}
	defs := []KPIDef{{Code: "defect_ppm", Name: text("Tỷ lệ lỗi", "Defect rate"), Unit: UnitPPM},
		{Code: "output", Name: text("Sản lượng", "Output"), Unit: UnitCount}}
	for in, want := range map[string]float64{"12,5": 12.5, "1500": 1500, "1.500,5": 1500.5, "1.500.000": 1_500_000, "0.75": 0.75} {
		f := fault.Fields{}
		got := execActuals(a, defs, map[string]string{"defect_ppm": "1", "output": in}, f)
		if len(f) != 0 || got["output"] != want {
			t.Errorf("%q = %v (%v), want %v", in, got["output"], f, want)
		}
	}
	f := fault.Fields{}
	got := execActuals(a, defs, map[string]string{"defect_ppm": "1.500", "output": "1"}, f)
	if _, ok := got["defect_ppm"]; ok || !strings.Contains(f["kpi.defect_ppm"].Vi, "Dùng dấu phẩy cho phần thập phân") ||
		!strings.Contains(f["kpi.defect_ppm"].En, "Use a comma for decimals") {
		t.Fatalf("1.500 = %v, field %+v", got, f["kpi.defect_ppm"])
	}
	f = fault.Fields{}
	if execActuals(a, defs, map[string]string{"defect_ppm": "abc", "output": "1"}, f); !strings.Contains(f["kpi.defect_ppm"].Vi, "không phải là số") {
		t.Fatalf("abc: %+v", f)
	}
}

func TestExecutionSums(t *testing.T) {
	x := &Execution{Milestones: []Milestone{{ID: 1, Status: MilestoneAccepted}, {ID: 2, Status: MilestoneReported}},
		Disbursements: []Disbursement{{MilestoneID: 1, Amount: 5}, {MilestoneID: 1, Amount: 7}, {MilestoneID: 2, Amount: 1}}}
	if x.DisbursedFor(1) != 12 || x.AllAccepted() {
		t.Fatalf("disbursed %d, all accepted %v", x.DisbursedFor(1), x.AllAccepted())
	}
	m := Milestone{DueDate: "2026-06-30", Status: MilestonePlanned}
	if m.Overdue("2026-06-30") || !m.Overdue("2026-07-01") {
		t.Fatal("overdue")
	}
	m.Status = MilestoneAccepted
	if m.Overdue("2026-07-01") {
		t.Fatal("an accepted milestone is not overdue")
	}
}

// zipWith returns a zip archive holding one empty file named name.
func zipWith(t *testing.T, name string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	if _, err := zw.Create(name); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
