package sheet

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"regexp"
	"strings"
	"unicode"
)

// Options says what to look for and how much to accept. Zero limits take
// the defaults below.
type Options struct {
	Fields []Field
	// Sheet is the XLSX sheet to read; "" picks the sheet whose header
	// matches Fields best (the first one on a tie).
	Sheet string
	// MaxBytes refuses larger files: on the declared size before reading,
	// and while reading when the size is unknown. Default 100 MiB.
	MaxBytes int64
	// MaxRows stops with CodeTooManyRows after this many non-blank rows
	// (titles and header included). Default 1 048 576, Excel's limit.
	MaxRows int
	// MaxCellBytes marks longer cells Long. Default 4096.
	MaxCellBytes int
	// MaxUnzipBytes refuses an XLSX whose parts add up to more when
	// unpacked. Default 1 GiB.
	MaxUnzipBytes int64
	// MaxZipRatio refuses an XLSX with a part over 1 MiB unpacked that is
	// more than this many times its packed size. Default 100.
	MaxZipRatio int
}

// Defaults for Options.
const (
	DefaultMaxBytes      = 100 << 20
	DefaultMaxRows       = 1 << 20
	DefaultMaxCellBytes  = 4096
	DefaultMaxUnzipBytes = 1 << 30
	DefaultMaxZipRatio   = 100

	// headerWindow rows are read ahead to find the header and are what
	// Preview shows.
	headerWindow = 40
)

func (o *Options) defaults() {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	if o.MaxCellBytes <= 0 {
		o.MaxCellBytes = DefaultMaxCellBytes
	}
	if o.MaxUnzipBytes <= 0 {
		o.MaxUnzipBytes = DefaultMaxUnzipBytes
	}
	if o.MaxZipRatio <= 0 {
		o.MaxZipRatio = DefaultMaxZipRatio
	}
}

// Row is one data row.
type Row struct {
	Line   int             // 1-based: the CSV line the record starts on, or the XLSX row number
	Values map[string]Cell // by Field.Key, one entry for every mapped field (empty Cell when blank)
}

// Skip records a row that Next passed over, so the importer can tell the
// user ("dòng 12: tiêu đề nhóm, bỏ qua").
type Skip struct {
	Line   int
	Reason SkipReason
	Text   string // the row's non-empty cells joined, shortened
}

// SkipReason says why a row was not returned.
type SkipReason string

// Reasons for skipping rows. Blank rows are skipped silently.
const (
	SkipNumbering SkipReason = "numbering" // the (1) (2) (3) row under a header
	SkipGroup     SkipReason = "group"     // "I. KHU VỰC MIỀN BẮC"
	SkipTotal     SkipReason = "total"     // "Tổng cộng", "Cộng"
	SkipFooter    SkipReason = "footer"    // signature block and date line; reading stops here
	SkipNoData    SkipReason = "no_data"   // values only in unmapped columns (notes, STT)
)

const maxSkips = 1000

// Reader reads the data rows of one table. It is not safe for concurrent use.
type Reader struct {
	o      Options
	src    source
	fields []foldedField
	window []rawRow // the first rows, kept for header detection and Preview
	next   int      // index in window of the next row to serve, or len(window)
	m      Mapping
	cols   []int // column index → field index, -1 for none

	started, done bool
	afterHeader   int // non-blank rows seen after the header (for the numbering row)
	rows          int // rows read from the source
	skips         []Skip
	skipped       int
}

type rawRow struct {
	line  int
	cells []Cell
}

// source is a CSV or XLSX table, row by row.
type source interface {
	// read returns the next non-empty row. cells may be reused by the next
	// call. It returns io.EOF at the end.
	read() (line int, cells []Cell, err error)
	close() error
}

// Open detects the format of the file from its content (XLSX: a zip with
// [Content_Types].xml and a workbook; CSV: anything that decodes as text),
// finds the header and maps its columns to o.Fields. size is the length of
// the file, or -1 when unknown; name is only used in messages. When r is
// an io.ReaderAt (an uploaded multipart.File, an *os.File) an XLSX file is
// read in place; otherwise it is read into memory, up to MaxBytes.
//
// Errors (*Error): CodeTooLarge, CodeNotSpreadsheet, CodeUnsafeArchive,
// CodeCorrupt, CodeSheetNotFound, CodeNoHeader (with the expected headers in
// its message). Missing required columns are not an error yet: see
// Mapping.Missing, SetMapping and Next.
func Open(r io.Reader, size int64, name string, o Options) (*Reader, error) {
	o.defaults()
	if size > o.MaxBytes {
		return nil, inFile(tooLarge(size, o.MaxBytes), name)
	}
	var (
		ra   io.ReaderAt
		head []byte
		br   *bufio.Reader
	)
	if a, ok := r.(io.ReaderAt); ok && size >= 0 {
		ra = a
		head = make([]byte, min(size, 8))
		if _, err := ra.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
			return nil, inFile(corrupt(err), name)
		}
	} else {
		br = bufio.NewReaderSize(&limitReader{r: r, n: o.MaxBytes, max: o.MaxBytes}, 64<<10)
		head, _ = br.Peek(8)
	}
	var (
		src   source
		sheet string
		err   error
	)
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		if ra == nil {
			b, rerr := io.ReadAll(br)
			if rerr != nil {
				return nil, inFile(asError(rerr), name)
			}
			ra, size = bytes.NewReader(b), int64(len(b))
		}
		var book *xlsxBook
		if book, err = openXLSX(ra, size, o); err != nil {
			return nil, err
		}
		src, sheet, err = book.pick(o.Sheet, foldFields(o.Fields))
	case bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0")):
		return nil, inFile(notSpreadsheet("Excel 97–2003 (.xls) hoặc tệp Office cũ; hãy lưu lại dưới dạng .xlsx", "Excel 97–2003 (.xls) or another old Office file; save it as .xlsx"), name)
	default:
		if br == nil {
			br = bufio.NewReaderSize(io.NewSectionReader(ra, 0, size), 64<<10)
		}
		src, err = openCSV(br, ra, size)
	}
	if err != nil {
		return nil, inFile(err, name)
	}
	rd := &Reader{o: o, src: src, fields: foldFields(o.Fields)}
	rd.m.Sheet = sheet
	if err := rd.fill(); err != nil {
		_ = src.close()
		return nil, inFile(err, name)
	}
	if err := rd.detect(); err != nil {
		_ = src.close()
		return nil, inFile(err, name)
	}
	return rd, nil
}

// inFile names the file in the message of an Open error.
func inFile(err error, name string) error {
	var e *Error
	if name == "" || !errors.As(err, &e) {
		return err
	}
	c := *e
	c.Message.Vi = name + ": " + c.Message.Vi
	c.Message.En = name + ": " + c.Message.En
	return &c
}

// fill reads the header window.
func (rd *Reader) fill() error {
	for len(rd.window) < headerWindow {
		line, cells, err := rd.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return asError(err)
		}
		rd.window = append(rd.window, rawRow{line: line, cells: append([]Cell(nil), cells...)})
	}
	return nil
}

// detect finds the header row (or parent + child rows) with the best match.
func (rd *Reader) detect() error {
	m, _, ok := findHeader(rd.window, rd.src, rd.fields)
	if !ok {
		return errorf(CodeNoHeader,
			"Không tìm thấy dòng tiêu đề cột. Cần có các cột: %s ((*) là bắt buộc).",
			"No header row found. Expected columns: %s ((*) = required).", expected(rd.o.Fields))
	}
	m.Sheet = rd.m.Sheet
	rd.setMapping(m)
	return nil
}

// findHeader scores every row of the window as a header, alone and joined
// with the row above it as parent, and returns the best. ok is false when
// the best matches fewer than two fields (one if only one is wanted).
func findHeader(window []rawRow, src source, fields []foldedField) (Mapping, headerScore, bool) {
	texts := make([][]string, len(window))
	for i, row := range window {
		texts[i] = make([]string, len(row.cells))
		for j, c := range row.cells {
			texts[i][j] = c.Raw
		}
	}
	sp, merged := src.(interface{ spread([]rawRow, [][]string) })
	if merged {
		sp.spread(window, texts)
	}
	var (
		best    headerScore
		bestAt  = -1
		bestRow = 1
		cols    []Column
	)
	for i := range texts {
		c, sc := matchHeader(texts[i], fields)
		if bestAt < 0 || sc.better(best) {
			best, bestAt, bestRow, cols = sc, i, 1, c
		}
		if i == 0 {
			continue
		}
		parent := texts[i-1]
		if !merged {
			parent = fillParents(parent, texts[i])
		}
		c, sc = matchHeader(combine(parent, texts[i]), fields)
		if sc.better(best) {
			best, bestAt, bestRow, cols = sc, i, 2, c
		}
	}
	if bestAt < 0 || best.matched == 0 || best.matched < min(2, len(fields)) {
		return Mapping{}, best, false
	}
	return Mapping{HeaderRow: window[bestAt].line, Rows: bestRow, Columns: cols}, best, true
}

// fillParents copies a parent header text to the right over empty parent
// cells whose child is set, for CSV files, which lose merged cells:
// "Doanh thu",""  over "2023","2024" reads as "Doanh thu" over both.
func fillParents(parent, child []string) []string {
	out := append([]string(nil), parent...)
	for i := 1; i < len(out); i++ {
		if strings.TrimSpace(out[i]) == "" && cellAt(child, i) != "" && cellAt(child, i-1) != "" && out[i-1] != "" {
			out[i] = out[i-1]
		}
	}
	return out
}

func (rd *Reader) setMapping(m Mapping) {
	byKey := map[string]int{}
	for i, f := range rd.fields {
		byKey[f.key] = i
	}
	n := 0
	for _, c := range m.Columns {
		n = max(n, c.Index+1)
	}
	rd.cols = make([]int, n)
	for i := range rd.cols {
		rd.cols[i] = -1
	}
	have := map[string]bool{}
	for _, c := range m.Columns {
		if c.Field != "" {
			rd.cols[c.Index] = byKey[c.Field]
			have[c.Field] = true
		}
	}
	m.Missing = nil
	for _, f := range rd.fields {
		if f.required && !have[f.key] {
			m.Missing = append(m.Missing, f.key)
		}
	}
	rd.m = m
	rd.next = len(rd.window)
	for i, row := range rd.window {
		if row.line > m.HeaderRow {
			rd.next = i
			break
		}
	}
}

// Header returns the detected (or set) mapping.
func (rd *Reader) Header() Mapping { return rd.m }

// SetMapping replaces the mapping with a user's correction, before the
// first Next. HeaderRow must be one of the rows Preview shows; Columns need
// Index and Field (other fields are informative). Errors: CodeBadMapping
// for an unknown field, a field on two columns, a negative index, a header
// row outside the preview, or a call after Next.
func (rd *Reader) SetMapping(m Mapping) error {
	bad := func(vi, en string) error { return newError(CodeBadMapping, vi, en) }
	if rd.started {
		return bad("Không thể đổi ánh xạ cột khi đã đọc dữ liệu.", "The column mapping cannot change once rows have been read.")
	}
	inWindow := false
	for _, row := range rd.window {
		inWindow = inWindow || row.line == m.HeaderRow
	}
	if !inWindow {
		return bad("Dòng tiêu đề phải nằm trong phần xem trước.", "The header row must be one of the preview rows.")
	}
	known := map[string]bool{}
	for _, f := range rd.fields {
		known[f.key] = true
	}
	seen := map[string]bool{}
	for i, c := range m.Columns {
		if c.Index < 0 || c.Index > 16383 {
			return bad("Chỉ số cột không hợp lệ.", "Invalid column index.")
		}
		if c.Field == "" {
			continue
		}
		if !known[c.Field] {
			return errorf(CodeBadMapping, "Không có trường %q.", "There is no field %q.", c.Field)
		}
		if seen[c.Field] {
			return errorf(CodeBadMapping, "Trường %q được gán cho hai cột.", "Field %q is mapped to two columns.", c.Field)
		}
		seen[c.Field] = true
		m.Columns[i].Letter = ColumnLetter(c.Index)
	}
	if m.Rows < 1 {
		m.Rows = 1
	}
	m.Sheet = rd.m.Sheet
	rd.setMapping(m)
	return nil
}

// Preview returns the first n rows of the table from its top (titles and
// header included), as text with empty rows left out, at most the 40 rows
// read ahead to find the header. PreviewLines gives their line numbers.
func (rd *Reader) Preview(n int) [][]string {
	var out [][]string
	for _, row := range rd.window[:min(n, len(rd.window))] {
		r := make([]string, len(row.cells))
		for i, c := range row.cells {
			r[i] = c.Raw
		}
		out = append(out, r)
	}
	return out
}

// PreviewLines returns the line (CSV) or row (XLSX) numbers of the rows
// Preview returns, in the same order.
func (rd *Reader) PreviewLines(n int) []int {
	var out []int
	for _, row := range rd.window[:min(n, len(rd.window))] {
		out = append(out, row.line)
	}
	return out
}

// Skipped returns the rows passed over so far (the first 1000) and how
// many there were in all.
func (rd *Reader) Skipped() ([]Skip, int) { return rd.skips, rd.skipped }

// Next returns the next data row, or io.EOF after the last one (or at a
// signature block). Title, header, numbering, group, total and no-data rows
// are skipped (see Skipped); blank rows silently. Errors: CodeMissingColumns
// when required fields have no column (fix with SetMapping), CodeTooManyRows,
// CodeTooLarge, CodeCorrupt; after an error Next keeps returning it.
func (rd *Reader) Next() (Row, error) {
	if !rd.started {
		rd.started = true
		if len(rd.m.Missing) > 0 {
			rd.done = true
			return Row{}, errorf(CodeMissingColumns, "Thiếu cột bắt buộc: %s.", "Required columns are missing: %s.",
				strings.Join(rd.m.Missing, ", "))
		}
	}
	for !rd.done {
		var (
			line  int
			cells []Cell
		)
		if rd.next < len(rd.window) {
			line, cells = rd.window[rd.next].line, rd.window[rd.next].cells
			rd.next++
			rd.window[rd.next-1].cells = nil // the window is not needed twice
		} else {
			var err error
			line, cells, err = rd.read()
			if err == io.EOF {
				break
			}
			if err != nil {
				rd.done = true
				return Row{}, asError(err)
			}
		}
		if row, ok := rd.classify(line, cells); ok {
			return row, nil
		}
	}
	rd.done = true
	_ = rd.src.close()
	return Row{}, io.EOF
}

// read reads a row from the source, counting against MaxRows.
func (rd *Reader) read() (int, []Cell, error) {
	line, cells, err := rd.src.read()
	if err != nil {
		return 0, nil, err
	}
	if rd.rows++; rd.rows > rd.o.MaxRows {
		return 0, nil, errorf(CodeTooManyRows, "Tệp có hơn %d dòng.", "The file has more than %d rows.", rd.o.MaxRows).at(line)
	}
	return line, cells, nil
}

// Close releases the file. Reading to io.EOF closes it too.
func (rd *Reader) Close() error {
	rd.done = true
	return rd.src.close()
}

var (
	reHeading   = regexp.MustCompile(`^(?:[IVXLC]{1,6}|[A-Z])\s*[.):/\-]\s*\S`)
	reMarker    = regexp.MustCompile(`^(?:[IVXLC]{1,6}|[A-Z])[.)]?$`)
	reNumbering = regexp.MustCompile(`^\(?(?:\d{1,3}|[A-Z])\)?$`)
	reDateLine  = regexp.MustCompile(`(?:^|\s)ngay(?:\s\d{1,2})?\sthang(?:\s\d{1,2})?\snam(?:\s\d{4})?$`)
	footerWords = []string{
		"nguoi lap", "thu truong", "ky ho ten", "ky ghi ro ho ten", "ky va ghi ro ho ten", "ky ten",
		"ky dong dau", "xac nhan cua", "giam doc", "kt giam doc", "pho giam doc", "tm uy ban", "chu tich",
		"prepared by", "signature",
	}
	totalWords = []string{"tong cong", "tong so", "cong nhom", "cong khu vuc", "grand total"}
	totalExact = map[string]bool{"tong": true, "cong": true, "total": true, "subtotal": true, "sub total": true}
)

// classify turns a raw row into a data row, or records why it is skipped.
func (rd *Reader) classify(line int, cells []Cell) (Row, bool) {
	var nonEmpty []string
	for _, c := range cells {
		if t := strings.TrimSpace(c.Raw); t != "" {
			nonEmpty = append(nonEmpty, t)
		}
	}
	if len(nonEmpty) == 0 {
		return Row{}, false
	}
	rd.afterHeader++
	joined := strings.Join(nonEmpty, " ")
	if rd.afterHeader <= 2 && isNumbering(nonEmpty) {
		rd.skip(line, SkipNumbering, joined)
		return Row{}, false
	}
	first := Fold(nonEmpty[0])
	if len(nonEmpty) <= 3 {
		for _, t := range nonEmpty {
			ft := Fold(t)
			if hasWordPrefix(ft, footerWords) || (len(nonEmpty) <= 2 && reDateLine.MatchString(ft)) {
				rd.skip(line, SkipFooter, joined)
				rd.done = true
				_ = rd.src.close()
				return Row{}, false
			}
		}
	}
	if isTotal(first) {
		rd.skip(line, SkipTotal, joined)
		return Row{}, false
	}
	if len(nonEmpty) <= 2 && isHeading(nonEmpty) {
		rd.skip(line, SkipGroup, joined)
		return Row{}, false
	}
	row := Row{Line: line, Values: make(map[string]Cell, len(rd.fields))}
	data := false
	for ci, fi := range rd.cols {
		if fi < 0 {
			continue
		}
		var c Cell
		if ci < len(cells) {
			c = cells[ci]
		}
		if len(c.Raw) > rd.o.MaxCellBytes {
			c.Long = true
		}
		data = data || !c.IsEmpty()
		row.Values[rd.fields[fi].key] = c
	}
	if !data {
		rd.skip(line, SkipNoData, joined)
		return Row{}, false
	}
	return row, true
}

func (rd *Reader) skip(line int, why SkipReason, text string) {
	rd.skipped++
	if len(rd.skips) < maxSkips {
		rd.skips = append(rd.skips, Skip{Line: line, Reason: why, Text: truncate(CleanText(text), 120)})
	}
}

func hasWordPrefix(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) && (len(s) == len(w) || s[len(w)] == ' ') {
			return true
		}
	}
	return false
}

// isNumbering reports a row of column numbers: "1" "2" "3" or "(1)" "(2)",
// or letters "A" "B" "C", at least two, all different.
func isNumbering(cells []string) bool {
	if len(cells) < 2 {
		return false
	}
	seen := map[string]bool{}
	for _, c := range cells {
		if !reNumbering.MatchString(c) || seen[c] {
			return false
		}
		seen[c] = true
	}
	return true
}

// isTotal reports a total row from its first cell, folded: "Tổng cộng",
// "Cộng", "Tổng số …", "Cộng nhóm I", "Total"; but not "Tổng công ty …",
// which is a kind of enterprise.
func isTotal(first string) bool {
	return totalExact[first] || (hasWordPrefix(first, totalWords) && !strings.HasPrefix(first, "tong cong ty"))
}

// isHeading reports a group heading from a row's one or two non-empty
// cells: a Roman numeral or capital letter marking a title ("I. KHU VỰC
// MIỀN BẮC", or "II" and "Doanh nghiệp FDI" in two cells), or a title in
// capitals ("KHU VỰC MIỀN NAM"). Rows with digits are never headings: they
// carry codes or amounts.
func isHeading(cells []string) bool {
	joined := strings.Join(cells, " ")
	if strings.ContainsFunc(joined, unicode.IsDigit) {
		return false
	}
	if reHeading.MatchString(joined) || (len(cells) == 2 && reMarker.MatchString(cells[0])) {
		return true
	}
	letters := 0
	for _, r := range joined {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsLetter(r):
			letters++
		}
	}
	return letters >= 3
}

// limitReader fails with CodeTooLarge past max bytes.
type limitReader struct {
	r      io.Reader
	n, max int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, tooLarge(-1, l.max)
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		return n, tooLarge(-1, l.max)
	}
	return n, err
}

func tooLarge(size, limit int64) *Error {
	mb := func(n int64) float64 { return float64(n) / (1 << 20) }
	if size < 0 {
		return errorf(CodeTooLarge, "Tệp lớn hơn giới hạn %.0f MB.", "The file is larger than the %.0f MB limit.", mb(limit))
	}
	return errorf(CodeTooLarge, "Tệp %.0f MB lớn hơn giới hạn %.0f MB.", "The file is %.0f MB, over the %.0f MB limit.", mb(size), mb(limit))
}

func notSpreadsheet(vi, en string) *Error {
	msg := newError(CodeNotSpreadsheet, "Tệp không phải CSV hoặc XLSX", "The file is not CSV or XLSX")
	if vi != "" {
		msg.Message.Vi += " (" + vi + ")"
		msg.Message.En += " (" + en + ")"
	}
	msg.Message.Vi += "."
	msg.Message.En += "."
	return msg
}

func corrupt(err error) *Error {
	e := newError(CodeCorrupt, "Tệp bị hỏng hoặc không đọc được.", "The file is damaged or cannot be read.")
	e.Err = err
	return e
}

// asError keeps *Error as it is and makes anything else CodeCorrupt.
func asError(err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return corrupt(err)
}
