package sheet

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"
)

// The XLSX reader streams the worksheet XML itself rather than going
// through excelize: excelize's Rows iterator returns cell texts only (no
// type or style, so a date serial and a number cannot be told apart), and
// GetMergeCells or GetCellType unmarshal the whole worksheet, which for a
// million rows costs gigabytes. Reading a worksheet here costs one row in
// memory plus the shared strings, the styles and the merged ranges.

const (
	maxParts       = 10000
	ratioMinPart   = 1 << 20 // parts smaller than this may compress as well as they like
	maxMetaPart    = 64 << 20
	maxMerges      = 100000
	maxColumns     = 16384
	maxSheetRowNum = 1 << 20
)

type xlsxBook struct {
	files    map[string]*zip.File // by lower-case part name
	sheets   []sheetRef
	date1904 bool
	sst      []string
	dates    []bool // by style (xf) index: the number format shows a date or time
	merges   map[string][]mergeRange

	sstPath, stylesPath string
}

type sheetRef struct{ name, path string }

type mergeRange struct{ r1, c1, r2, c2 int } // 1-based rows, 0-based columns

func unsafeArchive(vi, en string) *Error {
	return newError(CodeUnsafeArchive,
		"Tệp XLSX bị từ chối vì lý do an toàn: "+vi+".",
		"The XLSX file was refused for safety: "+en+".")
}

// openXLSX checks the zip directory for bombs, then reads the workbook,
// shared strings and styles.
func openXLSX(ra io.ReaderAt, size int64, o Options) (*xlsxBook, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, notSpreadsheet("tệp nén ZIP bị hỏng", "a damaged ZIP archive")
	}
	if len(zr.File) > maxParts {
		return nil, unsafeArchive("quá nhiều thành phần", "too many parts")
	}
	b := &xlsxBook{files: map[string]*zip.File{}, merges: map[string][]mergeRange{}}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(o.MaxUnzipBytes) {
			return nil, unsafeArchive(
				"giải nén ra hơn "+strconv.FormatInt(o.MaxUnzipBytes>>20, 10)+" MB",
				"it unpacks to more than "+strconv.FormatInt(o.MaxUnzipBytes>>20, 10)+" MB")
		}
		if f.UncompressedSize64 > ratioMinPart && f.UncompressedSize64/max(f.CompressedSize64, 1) > uint64(o.MaxZipRatio) {
			return nil, unsafeArchive(
				"thành phần "+f.Name+" nén hơn "+strconv.Itoa(o.MaxZipRatio)+" lần",
				"part "+f.Name+" is compressed more than "+strconv.Itoa(o.MaxZipRatio)+" times")
		}
		b.files[strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))] = f
	}
	if b.files["[content_types].xml"] == nil {
		return nil, notSpreadsheet("tệp ZIP không phải Office", "a ZIP archive that is not an Office file")
	}
	wbPath := "xl/workbook.xml"
	if rels, err := b.rels("_rels/.rels", ""); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/officeDocument") {
				wbPath = r.target
			}
		}
	}
	if b.files[strings.ToLower(wbPath)] == nil {
		return nil, notSpreadsheet("tệp Office không phải bảng tính Excel", "an Office file that is not an Excel workbook")
	}
	if err := b.readWorkbook(wbPath); err != nil {
		return nil, err
	}
	if err := b.readSharedStrings(); err != nil {
		return nil, err
	}
	if err := b.readStyles(); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *xlsxBook) open(name string) (io.ReadCloser, error) {
	f := b.files[strings.ToLower(name)]
	if f == nil {
		return nil, corrupt(errors.New("missing part " + name))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, corrupt(err)
	}
	return rc, nil
}

// each calls fn with every token of a part (RawToken: prefixes are kept in
// Name.Space and ignored by the callers, which compare Name.Local).
func (b *xlsxBook) each(name string, limit int64, fn func(xml.Token) error) error {
	rc, err := b.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	dec := xml.NewDecoder(bufio.NewReaderSize(io.LimitReader(rc, limit), 64<<10))
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return corrupt(err)
		}
		if err := fn(tok); err != nil {
			return err
		}
	}
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

type rel struct{ id, typ, target string }

// rels reads a relationships part; targets are resolved against base.
func (b *xlsxBook) rels(name, base string) ([]rel, error) {
	var out []rel
	err := b.each(name, maxMetaPart, func(tok xml.Token) error {
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" && attr(se, "TargetMode") != "External" {
			t := attr(se, "Target")
			if strings.HasPrefix(t, "/") {
				t = t[1:]
			} else {
				t = path.Join(base, t)
			}
			out = append(out, rel{id: attr(se, "Id"), typ: attr(se, "Type"), target: t})
		}
		return nil
	})
	return out, err
}

func (b *xlsxBook) readWorkbook(wbPath string) error {
	dir := path.Dir(wbPath)
	rels, err := b.rels(path.Join(dir, "_rels", path.Base(wbPath)+".rels"), dir)
	if err != nil {
		return err
	}
	targets := map[string]rel{}
	b.sstPath, b.stylesPath = "xl/sharedStrings.xml", "xl/styles.xml"
	for _, r := range rels {
		targets[r.id] = r
		switch {
		case strings.HasSuffix(r.typ, "/sharedStrings"):
			b.sstPath = r.target
		case strings.HasSuffix(r.typ, "/styles"):
			b.stylesPath = r.target
		}
	}
	err = b.each(wbPath, maxMetaPart, func(tok xml.Token) error {
		se, ok := tok.(xml.StartElement)
		if !ok {
			return nil
		}
		switch se.Name.Local {
		case "workbookPr":
			v := attr(se, "date1904")
			b.date1904 = v == "1" || v == "true"
		case "sheet":
			var id string
			for _, a := range se.Attr {
				if a.Name.Local == "id" && a.Name.Space != "" {
					id = a.Value
				}
			}
			r, ok := targets[id]
			if ok && strings.HasSuffix(r.typ, "/worksheet") && b.files[strings.ToLower(r.target)] != nil {
				b.sheets = append(b.sheets, sheetRef{name: attr(se, "name"), path: r.target})
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(b.sheets) == 0 {
		return notSpreadsheet("bảng tính không có trang dữ liệu", "a workbook without worksheets")
	}
	return nil
}

func (b *xlsxBook) readSharedStrings() error {
	name := b.sstPath
	if b.files[strings.ToLower(name)] == nil {
		return nil
	}
	var (
		cur        []byte
		inT, inRPh bool
	)
	return b.each(name, 1<<62, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				cur = cur[:0]
			case "t":
				inT = !inRPh
			case "rPh":
				inRPh = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				b.sst = append(b.sst, string(cur))
			case "t":
				inT = false
			case "rPh":
				inRPh = false
			}
		case xml.CharData:
			if inT {
				cur = append(cur, t...)
			}
		}
		return nil
	})
}

func (b *xlsxBook) readStyles() error {
	if b.files[strings.ToLower(b.stylesPath)] == nil {
		return nil
	}
	custom := map[int]string{}
	var xfs []int
	inXfs := false
	err := b.each(b.stylesPath, maxMetaPart, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				id, _ := strconv.Atoi(attr(t, "numFmtId"))
				custom[id] = attr(t, "formatCode")
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs {
					id, _ := strconv.Atoi(attr(t, "numFmtId"))
					xfs = append(xfs, id)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
		return nil
	})
	b.dates = make([]bool, len(xfs))
	for i, id := range xfs {
		code, ok := custom[id]
		b.dates[i] = (!ok && isBuiltinDate(id)) || (ok && isDateFormat(code))
	}
	return err
}

// isBuiltinDate reports the built-in number formats that show dates or
// times (ECMA-376 18.8.30, plus the East Asian ids Excel also uses).
func isBuiltinDate(id int) bool {
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)
}

// isDateFormat reports whether a custom number format shows a date or time:
// it has d, m, y, h or s outside quoted text, escapes and [brackets]
// ("[$-42A]dd/mm/yyyy" is a date; `#,##0 "đồng"` and "[Red]0.00" are not;
// "[h]:mm" durations are not).
func isDateFormat(code string) bool {
	inQuote, inBracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			inQuote = c != '"'
		case inBracket:
			inBracket = c != ']'
		case c == '"':
			inQuote = true
		case c == '[':
			inBracket = true
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == ';':
			return false // only the first section (positive numbers) counts
		default:
			switch c | 0x20 {
			case 'd', 'm', 'y', 'h', 's':
				return true
			}
		}
	}
	return false
}

// pick chooses the sheet to read: the named one, or the one whose header
// matches best.
func (b *xlsxBook) pick(name string, fields []foldedField) (source, string, error) {
	if name != "" {
		for _, s := range b.sheets {
			if Fold(s.name) == Fold(name) {
				src, err := b.openSheet(s)
				return src, s.name, err
			}
		}
		var names []string
		for _, s := range b.sheets {
			names = append(names, strconv.Quote(s.name))
		}
		return nil, "", errorf(CodeSheetNotFound, "Không có trang %q; các trang: %s.", "There is no sheet %q; the sheets are: %s.",
			name, strings.Join(names, ", "))
	}
	best, bestAt := headerScore{}, 0
	if len(b.sheets) > 1 {
		for i, s := range b.sheets {
			src, err := b.openSheet(s)
			if err != nil {
				return nil, "", err
			}
			var window []rawRow
			for len(window) < headerWindow {
				line, cells, err := src.read()
				if err != nil {
					break
				}
				window = append(window, rawRow{line: line, cells: append([]Cell(nil), cells...)})
			}
			_ = src.close()
			if _, sc, ok := findHeader(window, src, fields); ok && sc.better(best) {
				best, bestAt = sc, i
			}
		}
	}
	src, err := b.openSheet(b.sheets[bestAt])
	return src, b.sheets[bestAt].name, err
}

func (b *xlsxBook) openSheet(s sheetRef) (*xlsxSheet, error) {
	merges, ok := b.merges[s.path]
	if !ok {
		var err error
		if merges, err = b.scanMerges(s.path); err != nil {
			return nil, err
		}
		b.merges[s.path] = merges
	}
	rc, err := b.open(s.path)
	if err != nil {
		return nil, err
	}
	return &xlsxSheet{book: b, rc: rc, merges: merges,
		dec: xml.NewDecoder(bufio.NewReaderSize(rc, 64<<10))}, nil
}

// scanMerges finds the merged ranges, which the worksheet lists after its
// rows, by a byte scan of the unpacked part: cheaper than parsing the XML
// twice.
func (b *xlsxBook) scanMerges(name string) ([]mergeRange, error) {
	rc, err := b.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 64<<10)
	var out []mergeRange
	for {
		_, err := br.ReadSlice('<')
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, corrupt(err)
		}
		p, _ := br.Peek(128)
		if i := bytes.IndexByte(p, ':'); i >= 0 && i < bytes.IndexAny(p, " />") {
			p = p[i+1:]
		}
		if !bytes.HasPrefix(p, []byte("mergeCell ")) {
			continue
		}
		_, ref, ok := bytes.Cut(p, []byte(`ref="`))
		if !ok {
			continue
		}
		ref, _, _ = bytes.Cut(ref, []byte(`"`))
		from, to, _ := strings.Cut(string(ref), ":")
		c1, r1, ok1 := cellRef(from)
		c2, r2, ok2 := cellRef(to)
		if ok1 && ok2 && r2 >= r1 && c2 >= c1 && len(out) < maxMerges {
			out = append(out, mergeRange{r1: r1, c1: c1, r2: r2, c2: c2})
		}
	}
}

// cellRef parses "AB12" into column 27 (0-based) and row 12.
func cellRef(s string) (col, row int, ok bool) {
	i := 0
	for ; i < len(s) && i < 3; i++ {
		c := s[i] &^ 0x20
		if c < 'A' || c > 'Z' {
			break
		}
		col = col*26 + int(c-'A'+1)
	}
	if i == 0 {
		return 0, 0, false
	}
	row, err := strconv.Atoi(s[i:])
	if err != nil || row < 1 || row > maxSheetRowNum || col > maxColumns {
		return 0, 0, false
	}
	return col - 1, row, true
}

// xlsxSheet streams one worksheet.
type xlsxSheet struct {
	book   *xlsxBook
	rc     io.ReadCloser
	dec    *xml.Decoder
	merges []mergeRange
	cells  []Cell
	row    int
	closed bool

	col, style            int
	typ                   string
	val                   []byte
	inV, inIS, inT, inRPh bool
}

func (s *xlsxSheet) read() (int, []Cell, error) {
	for {
		tok, err := s.dec.RawToken()
		if errors.Is(err, io.EOF) {
			return 0, nil, io.EOF
		}
		if err != nil {
			return 0, nil, corrupt(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				s.cells = s.cells[:0]
				s.col = -1
				if r := attr(t, "r"); r != "" {
					n, err := strconv.Atoi(r)
					if err != nil || n < 1 || n > maxSheetRowNum {
						return 0, nil, corrupt(errors.New("bad row number " + r))
					}
					s.row = n
				} else {
					s.row++
				}
			case "c":
				s.typ, s.style, s.val = "", 0, s.val[:0]
				s.col++
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "r":
						c, _, ok := cellRef(a.Value)
						if !ok {
							return 0, nil, corrupt(errors.New("bad cell reference " + a.Value))
						}
						s.col = c
					case "t":
						s.typ = a.Value
					case "s":
						s.style, _ = strconv.Atoi(a.Value)
					}
				}
				if s.col >= maxColumns {
					return 0, nil, corrupt(errors.New("too many columns"))
				}
			case "v":
				s.inV = true
			case "is":
				s.inIS = true
			case "rPh":
				s.inRPh = true
			case "t":
				s.inT = s.inIS && !s.inRPh
			}
		case xml.CharData:
			if s.inV || s.inT {
				s.val = append(s.val, t...)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				s.inV = false
			case "t":
				s.inT = false
			case "rPh":
				s.inRPh = false
			case "is":
				s.inIS = false
			case "c":
				s.endCell()
			case "row":
				for _, c := range s.cells {
					if c.Raw != "" {
						return s.row, s.cells, nil
					}
				}
			case "sheetData":
				return 0, nil, io.EOF
			}
		}
	}
}

func (s *xlsxSheet) endCell() {
	if len(s.val) == 0 {
		return
	}
	c := Cell{date1904: s.book.date1904}
	switch s.typ {
	case "s":
		i, err := strconv.Atoi(string(s.val))
		if err != nil || i < 0 || i >= len(s.book.sst) {
			return
		}
		c.Raw = s.book.sst[i]
	case "inlineStr", "str", "d":
		c.Raw = string(s.val)
	case "b":
		c.Raw, c.Kind = string(s.val), Bool
	case "e":
		c.Raw, c.Kind = string(s.val), Failed
	default:
		c.Raw, c.Kind = string(s.val), Number
		if s.style >= 0 && s.style < len(s.book.dates) && s.book.dates[s.style] {
			c.Kind = Date
		}
	}
	for len(s.cells) < s.col {
		s.cells = append(s.cells, Cell{})
	}
	if s.col == len(s.cells) {
		s.cells = append(s.cells, c)
	} else {
		s.cells[s.col] = c
	}
}

// spread copies the text of each merged range to all its cells in the
// header window, so a parent header over several columns is seen above
// each child.
func (s *xlsxSheet) spread(window []rawRow, texts [][]string) {
	at := map[int]int{}
	for i, r := range window {
		at[r.line] = i
	}
	for _, m := range s.merges {
		top, ok := at[m.r1]
		if !ok || m.c1 >= len(texts[top]) {
			continue
		}
		v := texts[top][m.c1]
		for r := m.r1; r <= m.r2; r++ {
			i, ok := at[r]
			if !ok {
				continue
			}
			for len(texts[i]) <= m.c2 {
				texts[i] = append(texts[i], "")
			}
			for c := m.c1; c <= m.c2; c++ {
				if texts[i][c] == "" {
					texts[i][c] = v
				}
			}
		}
	}
}

func (s *xlsxSheet) close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	return s.rc.Close()
}
