package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// csvSource reads CSV records as rows of Text cells.
type csvSource struct {
	r     *csv.Reader
	cells []Cell
	rows  int
}

// magics are file signatures that are certainly not CSV.
var magics = []struct{ sig, what string }{
	{"%PDF-", "PDF"},
	{"\x89PNG", "PNG"},
	{"\xFF\xD8\xFF", "JPEG"},
	{"GIF8", "GIF"},
	{"\x1F\x8B", "gzip"},
	{"Rar!", "RAR"},
	{"7z\xBC\xAF", "7-Zip"},
	{"{\\rtf", "RTF"},
}

// openCSV sniffs the encoding and the separator and returns a source.
// br reads the file from its start; ra, when not nil, reads it again for
// the encoding check.
func openCSV(br *bufio.Reader, ra io.ReaderAt, size int64) (source, error) {
	sample, err := br.Peek(64 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, asError(err)
	}
	if len(sample) == 0 {
		return nil, notSpreadsheet("tệp rỗng", "an empty file")
	}
	for _, m := range magics {
		if bytes.HasPrefix(sample, []byte(m.sig)) {
			return nil, notSpreadsheet("tệp "+m.what, "a "+m.what+" file")
		}
	}
	var rd io.Reader = br
	var text string
	switch {
	case bytes.HasPrefix(sample, []byte("\xEF\xBB\xBF")):
		_, _ = br.Discard(3)
		text = string(sample[3:])
	case bytes.HasPrefix(sample, []byte("\xFF\xFE")), bytes.HasPrefix(sample, []byte("\xFE\xFF")):
		// "Unicode text" from Excel: UTF-16 with a BOM, tab separated.
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		rd = transform.NewReader(br, dec)
		text, _, _ = transform.String(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder(), string(sample[:len(sample)&^1]))
	case bytes.IndexByte(sample, 0) >= 0:
		return nil, notSpreadsheet("tệp nhị phân", "a binary file")
	case isUTF8(sample, ra, size):
		text = string(sample)
	default:
		// Not UTF-8: Windows-1258, the Vietnamese ANSI code page that Excel
		// uses for "CSV" on Vietnamese Windows. Its tone marks are combining
		// characters; CleanText composes them.
		rd = transform.NewReader(br, charmap.Windows1258.NewDecoder())
		text, _ = charmap.Windows1258.NewDecoder().String(string(sample))
	}
	if !looksLikeText(text) {
		return nil, notSpreadsheet("tệp nhị phân", "a binary file")
	}
	if t := strings.TrimLeft(text, " \t\r\n"); strings.HasPrefix(t, "<") {
		return nil, notSpreadsheet("trang HTML/XML, có thể là tệp .xls xuất từ phần mềm khác; hãy lưu lại dưới dạng .xlsx", "an HTML/XML page, perhaps an .xls exported by other software; save it as .xlsx")
	}
	cr := csv.NewReader(rd)
	cr.Comma = detectComma(text, len(sample) == 64<<10)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true // stray quotes in names: Công ty "Ánh Dương"
	cr.ReuseRecord = true
	return &csvSource{r: cr}, nil
}

// isUTF8 checks the whole file when it can be read again, else the sample.
func isUTF8(sample []byte, ra io.ReaderAt, size int64) bool {
	if ra == nil || size < 0 {
		// A rune may be cut at the end of the sample.
		for i := 0; i < utf8.UTFMax && len(sample) > 0 && !utf8.Valid(sample); i++ {
			sample = sample[:len(sample)-1]
		}
		return utf8.Valid(sample)
	}
	buf := make([]byte, 256<<10)
	carry := 0 // bytes of an incomplete rune kept at the start of buf
	for off := int64(0); off < size; {
		want := min(int64(len(buf)-carry), size-off)
		n, err := ra.ReadAt(buf[carry:carry+int(want)], off)
		if n == 0 && err != nil {
			return false
		}
		off += int64(n)
		chunk := buf[:carry+n]
		cut := len(chunk)
		for i := len(chunk) - 1; i >= 0 && i >= len(chunk)-utf8.UTFMax; i-- {
			if utf8.RuneStart(chunk[i]) {
				if !utf8.FullRune(chunk[i:]) {
					cut = i
				}
				break
			}
		}
		if !utf8.Valid(chunk[:cut]) {
			return false
		}
		carry = copy(buf, chunk[cut:])
	}
	return carry == 0
}

// looksLikeText rejects decoded text with many control characters.
func looksLikeText(s string) bool {
	bad, n := 0, 0
	for _, r := range s {
		n++
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7F || r == utf8.RuneError {
			bad++
		}
	}
	return n > 0 && bad*200 <= n
}

// detectComma picks the separator that splits the sample's lines most
// consistently: for each of , ; tab |, the most common number of
// separators per record (outside quotes) and how many records have it.
// Title rows exported from Excel carry the same separators, so the header
// line itself need not come first.
func detectComma(text string, truncated bool) rune {
	cands := []rune{',', ';', '\t', '|'}
	var counts [4][]int
	cur := [4]int{}
	inQuote := false
	records := 0
	for _, r := range text {
		switch {
		case r == '"':
			inQuote = !inQuote
		case inQuote:
		case r == '\n':
			for i := range cands {
				counts[i] = append(counts[i], cur[i])
				cur[i] = 0
			}
			records++
		default:
			for i, c := range cands {
				if r == c {
					cur[i]++
				}
			}
		}
		if records >= 200 {
			break
		}
	}
	if !truncated {
		for i := range cands {
			counts[i] = append(counts[i], cur[i])
		}
	}
	best, bestFreq, bestMode := ',', 0, 0
	for i, c := range cands {
		freq := map[int]int{}
		for _, n := range counts[i] {
			if n > 0 {
				freq[n]++
			}
		}
		mode, f := 0, 0
		for n, k := range freq {
			if k > f || (k == f && n > mode) {
				mode, f = n, k
			}
		}
		if f > bestFreq || (f == bestFreq && mode > bestMode) {
			best, bestFreq, bestMode = c, f, mode
		}
	}
	return best
}

func (s *csvSource) read() (int, []Cell, error) {
	for {
		rec, err := s.r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return 0, nil, io.EOF
			}
			var e *Error
			if errors.As(err, &e) {
				return 0, nil, e
			}
			return 0, nil, corrupt(err)
		}
		line, _ := s.r.FieldPos(0)
		empty := true
		for _, f := range rec {
			if strings.TrimSpace(f) != "" {
				empty = false
				break
			}
		}
		if empty {
			continue
		}
		s.cells = s.cells[:0]
		for _, f := range rec {
			s.cells = append(s.cells, Cell{Raw: f})
		}
		return line, s.cells, nil
	}
}

func (s *csvSource) close() error { return nil }
