package assessment_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"nscl/internal/assessment"
	"nscl/internal/fault"
)

// TestShippedSchemes pins the content of the three shipped schemes: valid
// under the validator, the codes, kinds and tools, the five S by their
// Vietnamese names with 5–8 items each on 0–4, the excellence framework's
// 1000 points in 120/85/85/90/85/85/450 with the Baldrige item points,
// every text in both languages and NFC, guidance and evidence on every item.
func TestShippedSchemes(t *testing.T) {
	sh := assessment.ShippedSchemes()
	if len(sh) != 3 {
		t.Fatalf("%d shipped schemes", len(sh))
	}
	byCode := map[string]assessment.Shipped{}
	for _, s := range sh {
		byCode[s.Scheme.Code] = s
		if err := assessment.ValidateBody(&s.Body); err != nil {
			t.Errorf("%s: %v %v", s.Scheme.Code, err, fieldsOf(err))
		}
		if !s.Scheme.Kind.Valid() || s.Scheme.Name.Vi == "" || s.Scheme.Name.En == "" || s.Note == "" {
			t.Errorf("%s: scheme %+v", s.Scheme.Code, s.Scheme)
		}
		texts := []fault.Text{s.Scheme.Name, {Vi: s.Note}}
		for _, l := range s.Body.Scale.Labels {
			texts = append(texts, l.Label)
		}
		for _, l := range s.Body.Levels {
			texts = append(texts, l.Name)
		}
		for _, sec := range s.Body.Sections {
			texts = append(texts, sec.Name)
			for _, it := range sec.Items {
				if it.Guidance.Vi == "" || it.Guidance.En == "" || it.Evidence.Vi == "" || it.Evidence.En == "" {
					t.Errorf("%s %s: guidance or evidence missing", s.Scheme.Code, it.Key)
				}
				texts = append(texts, it.Text, it.Guidance, it.Evidence)
			}
		}
		for _, x := range texts {
			if x.Vi == "" || (x.En == "" && x.Vi != s.Note) {
				t.Errorf("%s: a text lacks a language: %+v", s.Scheme.Code, x)
			}
			if !norm.NFC.IsNormalString(x.Vi) || !norm.NFC.IsNormalString(x.En) {
				t.Errorf("%s: not NFC: %q", s.Scheme.Code, x.Vi)
			}
		}
		if !strings.Contains(s.Note, "không phải quy định pháp luật") && s.Scheme.Kind != assessment.KindExcellence {
			t.Errorf("%s: the note does not say the thresholds are programme settings", s.Scheme.Code)
		}
	}

	five := byCode["5s"]
	if five.Scheme.Kind != assessment.Kind5S || five.Scheme.ValidityMonths != 36 || fmt.Sprint(five.Scheme.Tools) != "[5s]" {
		t.Errorf("5s scheme = %+v", five.Scheme)
	}
	if sc := five.Body.Scale; sc.Min != 0 || sc.Max != 4 || len(sc.Labels) != 5 {
		t.Errorf("5s scale = %+v", sc)
	}
	wantS := []string{"Sàng lọc", "Sắp xếp", "Sạch sẽ", "Săn sóc", "Sẵn sàng"}
	if len(five.Body.Sections) != 5 {
		t.Fatalf("5s sections = %d", len(five.Body.Sections))
	}
	na := 0
	for i, sec := range five.Body.Sections {
		if !strings.HasPrefix(sec.Name.Vi, wantS[i]) {
			t.Errorf("5s section %d = %q, want %q", i+1, sec.Name.Vi, wantS[i])
		}
		if n := len(sec.Items); n < 5 || n > 8 {
			t.Errorf("5s section %s has %d items", sec.Key, n)
		}
		for _, it := range sec.Items {
			if it.AllowNA {
				na++
			}
		}
	}
	if na == 0 {
		t.Error("5s: no item allows N/A")
	}
	if l := five.Body.LevelFor(60); l == nil || l.Code != "dat" {
		t.Errorf("5s at 60 %% = %+v", l)
	}
	if l := five.Body.LevelFor(59.9); l != nil {
		t.Errorf("5s at 59.9 %% = %+v", l)
	}

	tools := byCode["kaizen-lean-tpm"]
	if tools.Scheme.Kind != assessment.KindTools || fmt.Sprint(tools.Scheme.Tools) != "[kaizen lean tpm]" {
		t.Errorf("tools scheme = %+v", tools.Scheme)
	}
	var secKeys []string
	for _, sec := range tools.Body.Sections {
		secKeys = append(secKeys, sec.Key)
	}
	if got := strings.Join(secKeys, ","); got != "lead,kaizen,lean,tpm,result" {
		t.Errorf("tools sections = %s", got)
	}
	// An enterprise that applies only Kaizen: the Lean and TPM items are N/A
	// and leave the score; everything else at 3 of 4 is 75 %.
	ans := map[string]assessment.Answer{}
	for _, sec := range tools.Body.Sections {
		for _, it := range sec.Items {
			if sec.Key == "lean" || sec.Key == "tpm" {
				if !it.AllowNA {
					t.Errorf("tools %s: N/A not allowed", it.Key)
				}
				ans[it.Key] = assessment.Answer{NA: true}
			} else {
				ans[it.Key] = assessment.Answer{Value: 3}
			}
		}
	}
	r := assessment.Score(&tools.Body, ans)
	if !r.Complete || !near(r.Pct, 75) || r.Level == nil || r.Level.Code != "tot" {
		t.Errorf("tools, Kaizen only: %+v", r)
	}

	x := byCode["gtclqg-1000"]
	if x.Scheme.Kind != assessment.KindExcellence || x.Body.MaxPoints != 1000 {
		t.Errorf("excellence = %+v, max %v", x.Scheme, x.Body.MaxPoints)
	}
	wantW := []float64{120, 85, 85, 90, 85, 85, 450}
	wantItems := map[string]float64{"1.1": 70, "1.2": 50, "2.1": 45, "2.2": 40, "3.1": 40, "3.2": 45, "4.1": 45, "4.2": 45,
		"5.1": 40, "5.2": 45, "6.1": 45, "6.2": 40, "7.1": 120, "7.2": 80, "7.3": 80, "7.4": 80, "7.5": 90}
	wantNames := []string{"Vai trò của lãnh đạo", "Hoạch định chiến lược", "Định hướng vào khách hàng",
		"Đo lường, phân tích và quản lý tri thức", "Định hướng vào nguồn nhân lực", "Quản lý quá trình hoạt động", "Kết quả hoạt động"}
	if len(x.Body.Sections) != 7 {
		t.Fatalf("excellence sections = %d", len(x.Body.Sections))
	}
	total, items := 0.0, 0
	for i, sec := range x.Body.Sections {
		if sec.Weight != wantW[i] || sec.Name.Vi != wantNames[i] {
			t.Errorf("category %d = %v %q", i+1, sec.Weight, sec.Name.Vi)
		}
		total += sec.Weight
		sum := 0.0
		for _, it := range sec.Items {
			items++
			if it.Weight != wantItems[it.Key] {
				t.Errorf("item %s = %v points, want %v", it.Key, it.Weight, wantItems[it.Key])
			}
			sum += it.Weight
			dim := "ADLI"
			if i == 6 {
				dim = "LeTCI"
			}
			if !strings.Contains(it.Guidance.Vi, dim) {
				t.Errorf("item %s: guidance without %s", it.Key, dim)
			}
		}
		if sum != sec.Weight {
			t.Errorf("category %d: items add up to %v", i+1, sum)
		}
	}
	if total != 1000 || items != len(wantItems) {
		t.Errorf("total %v points, %d items", total, items)
	}
	// Every item at 60 % is 600 points and the award; at 80 %, 800 and the Gold eligibility.
	for _, c := range []struct {
		v      int
		points float64
		level  string
	}{{60, 600, "gtclqg"}, {80, 800, "vang"}, {55, 550, ""}} {
		ans := map[string]assessment.Answer{}
		for k := range wantItems {
			ans[k] = assessment.Answer{Value: c.v}
		}
		r := assessment.Score(&x.Body, ans)
		got := ""
		if r.Level != nil {
			got = r.Level.Code
		}
		if !near(r.Points, c.points) || got != c.level {
			t.Errorf("all at %d: %v points, level %q", c.v, r.Points, got)
		}
	}
	if l := x.Body.Level("vang"); l == nil || !strings.Contains(l.Name.Vi, "Giải Vàng") {
		t.Errorf("gold level = %+v", l)
	}
	// Each call is fresh: changing one does not change the next.
	sh[0].Body.Sections[0].Items[0].Text.Vi = "x"
	if assessment.ShippedSchemes()[0].Body.Sections[0].Items[0].Text.Vi == "x" {
		t.Error("ShippedSchemes shares its values")
	}
}

func fieldsOf(err error) map[string]fault.Text {
	var fe *fault.Error
	if e, ok := err.(*fault.Error); ok {
		fe = e
		return fe.Fields
	}
	return nil
}
