package assessment

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"nscl/internal/fault"
	"nscl/internal/vn"
)

// The bounds of a scheme body.
const (
	MaxSections     = 50
	MaxItems        = 500  // in the whole body
	MaxLevels       = 20   //
	MaxScaleSpan    = 1000 // Max − Min of a scale
	MaxScaleAbs     = 1000 // |Min|, |Max|
	MaxWeight       = 100000
	MaxKeyLen       = 32
	MaxNameLen      = 300  // section, level and scale-label names; scheme names
	MaxItemTextLen  = 1000 // an item's text
	MaxGuidanceLen  = 4000 // an item's guidance and evidence
	MaxNoteLen      = 2000 // a version's note
	MaxCodeLen      = 40   // a scheme's code
	MaxValidityMons = 120
	// MaxFieldErrors bounds the problems an Invalid error of a body or file
	// lists; the last of them says how many more there are.
	MaxFieldErrors = 100
)

// keyPattern is the safe form of a section, item or level key and of a
// scheme code: lower-case letters and digits, with '.', '-', '_' inside.
var keyPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$`)

// ValidKey reports whether k is a safe key (of a section, item or level).
func ValidKey(k string) bool { return len(k) <= MaxKeyLen && keyPattern.MatchString(k) }

// BodyErrors collects the problems of a body (or of a file) by path
// ("sections[1].items[2].key"), each message saying where it is in words
// ("Mục 3 của phần 2: mã trùng"). It keeps the first MaxFieldErrors − 1
// problems and counts the others, which the error lists as one last entry,
// "more" ("… và 12 lỗi khác").
type BodyErrors struct {
	f     fault.Fields
	order []string
	extra int // the problems past the bound
}

// MoreField is the path of the entry that counts the problems not listed.
const MoreField = "more"

func (e *BodyErrors) add(path, vi, en string) {
	if e.f == nil {
		e.f = fault.Fields{}
	}
	if _, ok := e.f[path]; ok {
		return // the first problem of a field is enough
	}
	if len(e.f) >= MaxFieldErrors-1 {
		e.extra++
		return
	}
	e.f.Add(path, vi, en)
	e.order = append(e.order, path)
}

// addErr adds the fields of err (an Invalid error made elsewhere), in the
// order a body reads.
func (e *BodyErrors) addErr(err error) {
	fs := fault.FieldsOf(err)
	for _, p := range FieldPaths(err) {
		e.add(p, fs[p].Vi, fs[p].En)
	}
}

// count is the number of problems, listed or not.
func (e *BodyErrors) count() int { return len(e.f) + e.extra }

// fields are the listed problems with the "more" entry.
func (e *BodyErrors) fields() map[string]fault.Text {
	out := make(map[string]fault.Text, len(e.f)+1)
	for k, v := range e.f {
		out[k] = v
	}
	if e.extra > 0 {
		out[MoreField] = fault.Text{Vi: fmt.Sprintf("… và %s lỗi khác (sửa các lỗi trên rồi kiểm tra lại).", thousands(e.extra)),
			En: fmt.Sprintf("… and %s more (fix the ones above, then check again).", thousands(e.extra))}
	}
	return out
}

// Err returns the Invalid error with the problems, or nil.
func (e *BodyErrors) Err() error {
	if e.count() == 0 {
		return nil
	}
	err := fault.New(fault.Invalid, "Bộ tiêu chí có lỗi: "+thousands(e.count())+" chỗ cần sửa.",
		"The scheme has errors: "+thousands(e.count())+" to fix.")
	err.Fields = e.fields()
	return err
}

// fileErr is Err for a file: nothing was saved.
func (e *BodyErrors) fileErr() error {
	if e.count() == 0 {
		return nil
	}
	err := fault.New(fault.Invalid, fmt.Sprintf("Tệp có %s lỗi; không có gì được lưu.", thousands(e.count())),
		fmt.Sprintf("The file has %s errors; nothing was saved.", thousands(e.count())))
	err.Fields = e.fields()
	return err
}

// thousands writes n with dots between thousands (1.234.567).
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// badText reports whether s is not valid UTF-8 or holds a control
// character other than tab, line feed and carriage return (PostgreSQL
// refuses NUL and invalid bytes; the others are never text).
func badText(s string) bool { return !vn.IsText(s) }

// schemeTextProblem is the message of a text that badText refuses.
func schemeTextProblem(wVi, wEn, whatVi, whatEn string) (string, string) {
	return fmt.Sprintf("%s: %s chứa ký tự không hợp lệ (ký tự điều khiển hoặc không phải UTF-8).", wVi, whatVi),
		fmt.Sprintf("%s: the %s contains invalid characters (control characters or bytes that are not UTF-8).", wEn, whatEn)
}

// FieldPaths returns the paths of an Invalid error's fields in the order a
// body reads (sections, then their items, then levels), for listing them.
func FieldPaths(err error) []string {
	var fe *fault.Error
	if !asFault(err, &fe) {
		return nil
	}
	paths := make([]string, 0, len(fe.Fields))
	for p := range fe.Fields {
		paths = append(paths, p)
	}
	sortPaths(paths)
	return paths
}

// bodyMode says how complete a body must be.
type bodyMode int

const (
	// bodyComplete: what may be published, imported or shipped.
	bodyComplete bodyMode = iota
	// bodyDraft: a draft being edited may have a section without items
	// yet and section weights that do not add up to MaxPoints yet.
	bodyDraft
)

// ValidateBody checks a body that is to be published (or imported): safe
// and unique keys, Vietnamese names, a sane scale with its labels inside,
// finite weights ≥ 0, unique levels with thresholds 0–100, at least one
// section with items and every section with at least one, the bounds on
// items and texts, and MaxPoints equal to the sum of the section weights.
// Every problem is reported, by path.
func ValidateBody(b *Body) error { return checkBody(b, bodyComplete) }

// ValidateDraft is ValidateBody for a draft being edited: sections may be
// empty for now and the points need not add up yet.
func ValidateDraft(b *Body) error { return checkBody(b, bodyDraft) }

func checkBody(b *Body, mode bodyMode) error {
	var e BodyErrors
	checkBodyInto(&e, b, mode)
	return e.Err()
}

// checkBodyInto adds the problems of b to e.
func checkBodyInto(e *BodyErrors, b *Body, mode bodyMode) {
	checkScale(e, "scale", "Thang điểm", "The scale", &b.Scale)
	if b.MaxPoints != 0 && (!finite(b.MaxPoints) || b.MaxPoints < 0 || b.MaxPoints > MaxWeight) {
		e.add("max_points", fmt.Sprintf("Tổng điểm tối đa phải từ 0 đến %d.", MaxWeight), fmt.Sprintf("The maximum points must be 0 to %d.", MaxWeight))
	}
	if len(b.Sections) == 0 && mode == bodyComplete {
		e.add("sections", "Cần ít nhất một phần có tiêu chí.", "At least one section with items is needed.")
	}
	if len(b.Sections) > MaxSections {
		e.add("sections", fmt.Sprintf("Tối đa %d phần (tệp có %s).", MaxSections, thousands(len(b.Sections))),
			fmt.Sprintf("At most %d sections (there are %s).", MaxSections, thousands(len(b.Sections))))
	}
	keys := map[string]string{} // key → where it is first used, for "duplicate"
	items, sumW := 0, 0.0
	// The sections past the bound are not checked: one error says there are too many.
	for si := range min(len(b.Sections), MaxSections) {
		s := &b.Sections[si]
		sp := fmt.Sprintf("sections[%d]", si)
		wVi, wEn := fmt.Sprintf("Phần %d", si+1), fmt.Sprintf("Section %d", si+1)
		checkKey(e, sp+".key", wVi, wEn, s.Key, keys)
		checkName(e, sp+".name", wVi, wEn, "tên", "name", s.Name, MaxNameLen)
		checkWeight(e, sp+".weight", wVi, wEn, s.Weight)
		if finite(s.Weight) {
			sumW += s.Weight
		}
		if len(s.Items) == 0 && mode == bodyComplete {
			e.add(sp+".items", wVi+": cần ít nhất một tiêu chí.", wEn+": at least one item is needed.")
		}
		for ii := range s.Items {
			items++
			if items > MaxItems {
				if items == MaxItems+1 {
					e.add("items", fmt.Sprintf("Tối đa %d tiêu chí trong bộ tiêu chí.", MaxItems), fmt.Sprintf("At most %d items in a scheme.", MaxItems))
				}
				break
			}
			it := &s.Items[ii]
			ip := fmt.Sprintf("%s.items[%d]", sp, ii)
			iVi, iEn := fmt.Sprintf("Mục %d của phần %d", ii+1, si+1), fmt.Sprintf("Item %d of section %d", ii+1, si+1)
			checkKey(e, ip+".key", iVi, iEn, it.Key, keys)
			checkName(e, ip+".text", iVi, iEn, "nội dung", "text", it.Text, MaxItemTextLen)
			checkLen(e, ip+".guidance", iVi, iEn, "hướng dẫn", "guidance", it.Guidance, MaxGuidanceLen)
			checkLen(e, ip+".evidence", iVi, iEn, "bằng chứng", "evidence", it.Evidence, MaxGuidanceLen)
			checkWeight(e, ip+".weight", iVi, iEn, it.Weight)
			if it.Scale != nil {
				checkScale(e, ip+".scale", iVi+": thang điểm", iEn+": the scale", it.Scale)
			}
		}
	}
	if b.MaxPoints > 0 && finite(b.MaxPoints) && mode == bodyComplete && math.Abs(sumW-b.MaxPoints) > 1e-6 {
		e.add("max_points", fmt.Sprintf("Tổng trọng số các phần (%s) phải bằng tổng điểm tối đa (%s).", num(sumW), num(b.MaxPoints)),
			fmt.Sprintf("The section weights add up to %s; they must equal the maximum points (%s).", num(sumW), num(b.MaxPoints)))
	}
	if len(b.Levels) > MaxLevels {
		e.add("levels", fmt.Sprintf("Tối đa %d mức (có %s).", MaxLevels, thousands(len(b.Levels))),
			fmt.Sprintf("At most %d levels (there are %s).", MaxLevels, thousands(len(b.Levels))))
	}
	codes := map[string]string{}
	for li := range min(len(b.Levels), MaxLevels) {
		l := &b.Levels[li]
		lp := fmt.Sprintf("levels[%d]", li)
		wVi, wEn := fmt.Sprintf("Mức %d", li+1), fmt.Sprintf("Level %d", li+1)
		checkKey(e, lp+".code", wVi, wEn, l.Code, codes)
		checkName(e, lp+".name", wVi, wEn, "tên", "name", l.Name, MaxNameLen)
		if !finite(l.MinPct) || l.MinPct < 0 || l.MinPct > 100 {
			e.add(lp+".min_pct", wVi+": ngưỡng phải từ 0 đến 100 %.", wEn+": the threshold must be 0 to 100 %.")
		}
	}
}

// checkScale checks min < max within bounds, and labels inside with unique values.
func checkScale(e *BodyErrors, path, wVi, wEn string, sc *Scale) {
	switch {
	case sc.Min < -MaxScaleAbs || sc.Max > MaxScaleAbs || sc.Max < -MaxScaleAbs || sc.Min > MaxScaleAbs:
		e.add(path+".max", fmt.Sprintf("%s: giá trị phải từ −%d đến %d.", wVi, MaxScaleAbs, MaxScaleAbs),
			fmt.Sprintf("%s: values must be −%d to %d.", wEn, MaxScaleAbs, MaxScaleAbs))
	case sc.Min >= sc.Max:
		e.add(path+".max", wVi+": giá trị cao nhất phải lớn hơn giá trị thấp nhất.", wEn+": the highest value must be above the lowest.")
	case sc.Max-sc.Min > MaxScaleSpan:
		e.add(path+".max", fmt.Sprintf("%s: tối đa %d bậc.", wVi, MaxScaleSpan), fmt.Sprintf("%s: at most %d steps.", wEn, MaxScaleSpan))
	}
	if len(sc.Labels) > MaxScaleSpan+1 {
		e.add(path+".labels", wVi+": quá nhiều mô tả.", wEn+": too many labels.")
		return
	}
	seen := map[int]bool{}
	for i, l := range sc.Labels {
		lp := fmt.Sprintf("%s.labels[%d]", path, i)
		if l.Value < sc.Min || l.Value > sc.Max {
			e.add(lp+".value", fmt.Sprintf("%s: mô tả của giá trị %d nằm ngoài thang điểm %d–%d.", wVi, l.Value, sc.Min, sc.Max),
				fmt.Sprintf("%s: the label of %d is outside the scale %d–%d.", wEn, l.Value, sc.Min, sc.Max))
		} else if seen[l.Value] {
			e.add(lp+".value", fmt.Sprintf("%s: giá trị %d được mô tả hai lần.", wVi, l.Value), fmt.Sprintf("%s: value %d is labelled twice.", wEn, l.Value))
		}
		seen[l.Value] = true
		checkName(e, lp+".label", fmt.Sprintf("%s, giá trị %d", wVi, l.Value), fmt.Sprintf("%s, value %d", wEn, l.Value), "mô tả", "label", l.Label, MaxNameLen)
	}
}

// checkKey checks a key's form and that it is unique in seen.
func checkKey(e *BodyErrors, path, wVi, wEn, key string, seen map[string]string) {
	switch {
	case key == "":
		e.add(path, wVi+": thiếu mã.", wEn+": the key is missing.")
	case !ValidKey(key):
		e.add(path, wVi+": mã chỉ gồm chữ thường không dấu, chữ số và . - _ (tối đa 32 ký tự).",
			wEn+": a key is lower-case letters, digits and . - _ (at most 32 characters).")
	default:
		if first, dup := seen[key]; dup {
			e.add(path, wVi+": mã trùng ("+key+", đã dùng ở "+first+").", wEn+": duplicate key ("+key+").")
			return
		}
		seen[key] = strings.ToLower(wVi)
	}
}

// checkName checks that the Vietnamese text is present, both within max runes.
func checkName(e *BodyErrors, path, wVi, wEn, whatVi, whatEn string, t fault.Text, max int) {
	if strings.TrimSpace(t.Vi) == "" {
		e.add(path, wVi+": thiếu "+whatVi+" tiếng Việt.", wEn+": the Vietnamese "+whatEn+" is missing.")
		return
	}
	checkLen(e, path, wVi, wEn, whatVi, whatEn, t, max)
}

func checkLen(e *BodyErrors, path, wVi, wEn, whatVi, whatEn string, t fault.Text, max int) {
	if badText(t.Vi) || badText(t.En) {
		vi, en := schemeTextProblem(wVi, wEn, whatVi, whatEn)
		e.add(path, vi, en)
		return
	}
	if utf8.RuneCountInString(t.Vi) > max || utf8.RuneCountInString(t.En) > max {
		e.add(path, fmt.Sprintf("%s: %s dài quá %d ký tự.", wVi, whatVi, max), fmt.Sprintf("%s: the %s is longer than %d characters.", wEn, whatEn, max))
	}
}

func checkWeight(e *BodyErrors, path, wVi, wEn string, w float64) {
	if !finite(w) || w < 0 || w > MaxWeight {
		e.add(path, fmt.Sprintf("%s: trọng số phải từ 0 đến %d.", wVi, MaxWeight), fmt.Sprintf("%s: the weight must be 0 to %d.", wEn, MaxWeight))
	}
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// num writes a number briefly (1000, 12.5).
func num(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.4f", f), "0"), ".")
}

func asFault(err error, fe **fault.Error) bool { return errors.As(err, fe) }

// sortPaths orders paths as a body reads: the scale, the points, the
// sections with their items (by index, not by text), the levels.
func sortPaths(paths []string) {
	rank := func(p string) int {
		for i, pre := range []string{"code", "name", "kind", "tools", "validity_months", "note", "scale", "max_points", "sections", "items", "levels"} {
			if strings.HasPrefix(p, pre) {
				return i
			}
		}
		return 99
	}
	sort.SliceStable(paths, func(i, j int) bool {
		a, b := paths[i], paths[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		return naturalLess(a, b)
	})
}

// naturalLess compares strings with their digit runs as numbers.
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da > 0 && db > 0 {
			na, _ := strconv.Atoi(a[:da])
			nb, _ := strconv.Atoi(b[:db])
			if na != nb {
				return na < nb
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
