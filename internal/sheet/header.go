package sheet

import (
	"sort"
	"strconv"
	"strings"
)

// Field is a column the caller wants, by its key and the header texts it is
// known by.
type Field struct {
	Key      string   // the caller's name for it, e.g. "tax_code"; must be unique
	Aliases  []string // header texts in Vietnamese and English: "Mã số thuế", "MST", "Tax code"
	Required bool     // Next fails with CodeMissingColumns while it has no column
}

// Column is one column of the header as found in the file.
type Column struct {
	Index  int    // 0-based
	Letter string // spreadsheet letter: A, B, … AA
	Header string // the header text, cleaned; parent and child joined for two-row headers
	Field  string // the Field.Key it feeds, "" when unmapped
	Exact  bool   // matched an alias exactly (after folding) rather than by containment
}

// Mapping says where the header is and which column feeds which field.
type Mapping struct {
	Sheet     string   // the XLSX sheet read; "" for CSV
	HeaderRow int      // the (last) header line or row, 1-based
	Rows      int      // header rows: 1, or 2 for a parent row above child rows
	Columns   []Column // every non-empty header cell and every mapped column, in order
	Missing   []string // keys of required fields without a column
}

// Unmapped returns the header columns that feed no field (STT, Ghi chú …).
func (m Mapping) Unmapped() []Column {
	var out []Column
	for _, c := range m.Columns {
		if c.Field == "" {
			out = append(out, c)
		}
	}
	return out
}

// Column returns the column that feeds field key.
func (m Mapping) Column(key string) (Column, bool) {
	for _, c := range m.Columns {
		if c.Field == key {
			return c, true
		}
	}
	return Column{}, false
}

// ColumnLetter returns the spreadsheet letter of a 0-based column index.
func ColumnLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// Header matching. Texts are compared folded (see Fold). A column matches a
// field when its folded text equals one of the folded aliases (exact), or
// else contains the alias's words in order ("ma so thue cua doanh nghiep"
// contains "ma so thue"; "doanh thu trieu dong 2023" contains "doanh thu
// 2023"). A one-word alias therefore matches any header with that word:
// prefer aliases of two words or more. Each column feeds at most one field and each field reads one
// column: exact matches are assigned first, then containment matches with
// the longest alias first, then left to right.

type foldedField struct {
	key      string
	aliases  []string
	required bool
}

func foldFields(fs []Field) []foldedField {
	out := make([]foldedField, len(fs))
	for i, f := range fs {
		out[i] = foldedField{key: f.Key, required: f.Required}
		for _, a := range append([]string{f.Key}, f.Aliases...) {
			if fa := Fold(a); fa != "" {
				out[i].aliases = append(out[i].aliases, fa)
			}
		}
	}
	return out
}

// containsWords reports whether the words of sub appear in s in the same
// order, not necessarily next to each other: "doanh thu trieu dong 2023"
// contains "doanh thu 2023". Both are folded.
func containsWords(s, sub string) bool {
	sw, subw := strings.Fields(s), strings.Fields(sub)
	i := 0
	for _, w := range sw {
		if i < len(subw) && w == subw[i] {
			i++
		}
	}
	return len(subw) > 0 && i == len(subw)
}

type match struct {
	col, field int
	exact      bool
	strength   int // length of the matched alias
}

// matchHeader maps header texts (raw, one per column) to fields.
func matchHeader(texts []string, fields []foldedField) (cols []Column, score headerScore) {
	folded := make([]string, len(texts))
	for i, t := range texts {
		folded[i] = Fold(t)
	}
	var ms []match
	for ci, ft := range folded {
		if ft == "" {
			continue
		}
		for fi, f := range fields {
			best := match{col: ci, field: fi, strength: -1}
			for _, a := range f.aliases {
				switch {
				case ft == a:
					if !best.exact || len(a) > best.strength {
						best.exact, best.strength = true, len(a)
					}
				case !best.exact && len(a) > best.strength && containsWords(ft, a):
					best.strength = len(a)
				}
			}
			if best.strength >= 0 {
				ms = append(ms, best)
			}
		}
	}
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].exact != ms[j].exact {
			return ms[i].exact
		}
		if ms[i].strength != ms[j].strength {
			return ms[i].strength > ms[j].strength
		}
		return ms[i].col < ms[j].col
	})
	colField := make([]int, len(texts))
	for i := range colField {
		colField[i] = -1
	}
	exact := make([]bool, len(texts))
	used := make([]bool, len(fields))
	for _, m := range ms {
		if colField[m.col] >= 0 || used[m.field] {
			continue
		}
		colField[m.col], used[m.field], exact[m.col] = m.field, true, m.exact
		score.matched++
		if m.exact {
			score.exact++
		}
		if fields[m.field].required {
			score.required++
		}
	}
	for i, t := range texts {
		if folded[i] == "" && colField[i] < 0 {
			continue
		}
		c := Column{Index: i, Letter: ColumnLetter(i), Header: CleanText(t), Exact: exact[i]}
		if colField[i] >= 0 {
			c.Field = fields[colField[i]].key
		}
		cols = append(cols, c)
	}
	return cols, score
}

type headerScore struct{ required, matched, exact int }

func (s headerScore) better(t headerScore) bool {
	if s.required != t.required {
		return s.required > t.required
	}
	if s.matched != t.matched {
		return s.matched > t.matched
	}
	return s.exact > t.exact
}

// combine joins a parent header row with the child row below it, column by
// column: "Doanh thu (triệu đồng)" over "2023" gives "Doanh thu (triệu
// đồng) 2023". A cell merged over both rows appears in both and is kept once.
func combine(parent, child []string) []string {
	n := max(len(parent), len(child))
	out := make([]string, n)
	for i := range n {
		p, c := cellAt(parent, i), cellAt(child, i)
		switch {
		case p == "" || Fold(p) == Fold(c):
			out[i] = c
		case c == "":
			out[i] = p
		default:
			out[i] = p + " " + c
		}
	}
	return out
}

func cellAt(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

// expected lists the fields' first aliases, for the no-header message.
func expected(fs []Field) string {
	var names []string
	for _, f := range fs {
		n := f.Key
		if len(f.Aliases) > 0 {
			n = f.Aliases[0]
		}
		if f.Required {
			n += " (*)"
		}
		names = append(names, strconv.Quote(n))
	}
	return strings.Join(names, ", ")
}
