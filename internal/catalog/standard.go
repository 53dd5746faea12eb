package catalog

import (
	"regexp"
	"strings"
	"time"

	"nscl/internal/fault"
	"nscl/internal/vn"
)

// StandardID identifies a standard in the database.
type StandardID int64

// StandardStatus is whether a standard is in force.
type StandardStatus string

// The statuses.
const (
	StatusInForce   StandardStatus = "in_force"  // còn hiệu lực
	StatusReplaced  StandardStatus = "replaced"  // bị thay thế (ReplacedBy says by which)
	StatusWithdrawn StandardStatus = "withdrawn" // hủy bỏ, hết hiệu lực
)

// StandardStatuses lists the statuses.
var StandardStatuses = []StandardStatus{StatusInForce, StatusReplaced, StatusWithdrawn}

var statusLabels = map[StandardStatus]fault.Text{
	StatusInForce:   {Vi: "Còn hiệu lực", En: "In force"},
	StatusReplaced:  {Vi: "Bị thay thế", En: "Replaced"},
	StatusWithdrawn: {Vi: "Hủy bỏ", En: "Withdrawn"},
}

// Label names the status.
func (s StandardStatus) Label() fault.Text {
	if l, ok := statusLabels[s]; ok {
		return l
	}
	return fault.Text{Vi: string(s), En: string(s)}
}

// Valid reports whether s is a known status.
func (s StandardStatus) Valid() bool { _, ok := statusLabels[s]; return ok }

// ParseStatus reads a status code or its name in either language ("Còn
// hiệu lực", "in force", "hết hiệu lực", "bị thay thế" …).
func ParseStatus(s string) (StandardStatus, bool) {
	switch foldKey(s) {
	case "", "in_force", "con hieu luc", "hieu luc", "in force", "active", "current":
		return StatusInForce, true
	case "replaced", "bi thay the", "thay the", "da thay the", "superseded":
		return StatusReplaced, true
	case "withdrawn", "huy bo", "bi huy bo", "da huy bo", "het hieu luc", "huy", "cancelled", "canceled":
		return StatusWithdrawn, true
	}
	return "", false
}

// foldKey folds s for matching words typed in a file or a filter.
func foldKey(s string) string { return strings.TrimSpace(vn.Fold(s)) }

// Standard is a TCVN or a QCVN.
type Standard struct {
	ID   StandardID   `json:"id"`
	Code string       `json:"code" doc:"Số hiệu, dạng chuẩn (canonical designation): TCVN ISO 9001:2015, QCVN 01:2020/BCT"`
	Kind StandardKind `json:"kind" enum:"TCVN,QCVN"`
	// Series, Number, Year and Body are the parts of Code (see Notation).
	Series  string         `json:"series,omitempty"`
	Number  string         `json:"number"`
	Year    int            `json:"year"`
	Body    string         `json:"body,omitempty" doc:"Bộ ban hành của QCVN (issuing ministry of a QCVN): BCT"`
	Adopted string         `json:"adopted,omitempty" doc:"Tiêu chuẩn quốc tế được chấp nhận (adopted international standard): ISO 15:1998"`
	Title   fault.Text     `json:"title"`
	Status  StandardStatus `json:"status" enum:"in_force,replaced,withdrawn"`
	// ReplacedBy is the standard that replaces this one (status replaced).
	ReplacedBy     StandardID `json:"replaced_by,omitempty"`
	ReplacedByCode string     `json:"replaced_by_code,omitempty"`
	Issuer         string     `json:"issuer,omitempty" doc:"Cơ quan ban hành/công bố (issuing body)"`
	Sector         Sector     `json:"sector,omitempty"`
	ICS            string     `json:"ics,omitempty" doc:"Mã phân loại ICS (ICS code): 03.120.10"`
	EffectiveOn    string     `json:"effective_on,omitempty" doc:"Ngày hiệu lực yyyy-mm-dd (effective date)"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// Notation returns the parts of the designation.
func (s *Standard) Notation() Notation {
	return Notation{Kind: s.Kind, Series: s.Series, Number: s.Number, Year: s.Year, Body: s.Body, Adopted: s.Adopted}
}

// Display is the designation with the adopted standard.
func (s *Standard) Display() string { return s.Notation().String() }

// Words are the distinct words a search matches: the designation (and the
// adopted one) and the titles, folded, with punctuation as spaces, so that
// "9001", "iso 9001" and "quan ly chat luong" all find TCVN ISO 9001:2015;
// then the ICS codes (ICSWord). A query word matches a word it starts.
func (s *Standard) Words() []string {
	ws := strings.Fields(searchWords(s.Display() + " " + s.Title.Vi + " " + s.Title.En))
	seen := make(map[string]bool, len(ws))
	out := ws[:0]
	for _, w := range ws {
		w = clipWord(w)
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, ics := range strings.Split(s.ICS, ", ") {
		if ics != "" {
			out = append(out, ICSWord(ics))
		}
	}
	return out
}

// ICSWord is the word under which Words files an ICS code (or under which a
// search looks for an ICS prefix): '#' never starts a folded title word.
func ICSWord(code string) string { return "#" + code }

// searchWords folds s and turns everything but letters and digits into
// single spaces.
func searchWords(s string) string {
	f := vn.Fold(s)
	var b strings.Builder
	space := true
	for _, r := range f {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r > 0x7f {
			b.WriteRune(r)
			space = false
			continue
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

// SearchTerms splits a query into the folded words a search matches as word
// prefixes (at most 8).
func SearchTerms(q string) []string {
	ws := strings.Fields(searchWords(q))
	if len(ws) > 8 {
		ws = ws[:8]
	}
	for i, w := range ws {
		ws[i] = clipWord(w)
	}
	return ws
}

// StandardInput is what an editor sends to create or change a standard.
// Code is the designation in any spelling; ReplacedBy is the designation of
// the replacing standard (or "").
type StandardInput struct {
	Code        string `json:"code" maxLength:"200" example:"TCVN ISO 9001:2015" doc:"Số hiệu, có thể kèm tiêu chuẩn quốc tế trong ngoặc (designation, optionally with the adopted standard in parentheses)"`
	TitleVi     string `json:"title_vi" maxLength:"1000"`
	TitleEn     string `json:"title_en,omitempty" maxLength:"1000"`
	Status      string `json:"status,omitempty" doc:"in_force, replaced, withdrawn (hoặc tên tiếng Việt / or the Vietnamese name)"`
	ReplacedBy  string `json:"replaced_by,omitempty" maxLength:"200" doc:"Số hiệu tiêu chuẩn thay thế (designation of the replacing standard)"`
	Issuer      string `json:"issuer,omitempty" maxLength:"300"`
	Sector      string `json:"sector,omitempty"`
	ICS         string `json:"ics,omitempty" maxLength:"200"`
	Adopted     string `json:"adopted,omitempty" maxLength:"100" doc:"Tiêu chuẩn quốc tế được chấp nhận, nếu không ghi trong số hiệu (adopted standard, if not in the code)"`
	EffectiveOn string `json:"effective_on,omitempty" doc:"yyyy-mm-dd hoặc dd/mm/yyyy"`
}

// icsPattern: ICS field (2 digits), group (3) and sub-group (2), e.g.
// 03.120.10; several codes separated by commas or semicolons.
var icsPattern = regexp.MustCompile(`^\d{2}(\.\d{3}(\.\d{2})?)?$`)

// normalizeICS checks and normalises one or more ICS codes ("03.120.10;
// 13.020") to "03.120.10, 13.020".
func normalizeICS(s string) (string, bool) {
	if strings.TrimSpace(s) == "" {
		return "", true
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
	for i, p := range parts {
		if !icsPattern.MatchString(p) {
			return "", false
		}
		parts[i] = p
	}
	return strings.Join(parts, ", "), true
}

// ValidICSPrefix reports whether p may start an ICS code ("03", "03.1",
// "03.120.1").
func ValidICSPrefix(p string) bool {
	if p == "" {
		return true
	}
	if len(p) > 9 {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !(c >= '0' && c <= '9') && !(c == '.' && (i == 2 || i == 6)) {
			return false
		}
	}
	return true
}

// StandardFilter selects standards. Empty fields do not filter.
type StandardFilter struct {
	Query     string // words matched as prefixes of the designation's and the titles' words
	Kind      StandardKind
	Status    StandardStatus
	Sector    Sector
	ICSPrefix string
	Limit     int
	Offset    int
}

// StandardPage is one page of a search.
type StandardPage struct {
	Items []*Standard `json:"items"`
	Total int         `json:"total"`
}

// maxWordRunes bounds a stored (and a searched) word.
const maxWordRunes = 60

func clipWord(w string) string {
	if len(w) <= maxWordRunes {
		return w
	}
	if r := []rune(w); len(r) > maxWordRunes {
		return string(r[:maxWordRunes])
	}
	return w
}
