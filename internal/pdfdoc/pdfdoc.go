package pdfdoc

import (
	_ "embed"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/go-pdf/fpdf"

	"nscl/internal/vn"
)

// The embedded fonts: Liberation Serif, metric-compatible with Times New
// Roman, with the Vietnamese letters (U+1EA0–U+1EF9, ơ, ư, đ).
var (
	//go:embed fonts/LiberationSerif-Regular.ttf
	fontRegular []byte
	//go:embed fonts/LiberationSerif-Bold.ttf
	fontBold []byte
	//go:embed fonts/LiberationSerif-Italic.ttf
	fontItalic []byte
)

// Serif is the font family to pass to SetFont; styles "", "B" and "I".
const Serif = "LiberationSerif"

// Page geometry in millimetres (Decree 30/2020, Appendix I).
const (
	PageWidth    = 210.0
	PageHeight   = 297.0
	MarginTop    = 20.0
	MarginBottom = 20.0
	MarginLeft   = 30.0
	MarginRight  = 15.0
	// ContentWidth is the width between the margins.
	ContentWidth = PageWidth - MarginLeft - MarginRight
)

// Font sizes in points.
const (
	SizeBody     = 13.0
	SizeSmall    = 11.0
	SizeNational = 12.0 // line 1 of the national header and the issuer
	SizeMotto    = 13.0 // one point larger than line 1
	SizeTitle    = 14.0
)

// Fixed texts of the national header.
const (
	NationalName = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	Motto        = "Độc lập - Tự do - Hạnh phúc"
)

// lineHeight is the height of a body line: single spacing of 13 pt with a
// little leading (Decree 30 allows single to 1.5 lines).
const lineHeight = 6.0

// Options describe a document's first page and metadata.
type Options struct {
	// Parent is the governing body above the issuer (optional, upper
	// case, regular weight).
	Parent string
	// Issuer is the issuing body or enterprise (upper case, bold).
	Issuer string
	// Number is the document's number and symbol after "Số:" (optional).
	Number string
	// Place is the place name of the date line, e.g. "Hà Nội".
	Place string
	// Date is the date of the document (shown in Vietnam's zone).
	Date time.Time
	// Title is the document type name, e.g. "BÁO CÁO" (upper-cased).
	Title string
	// Summary is the summary line under the title (trích yếu), bold.
	Summary string
	// Subject and Author are metadata of the file.
	Subject, Author string
	// Uncompressed leaves the page streams readable (tests search them).
	Uncompressed bool
}

// Document is an A4 document in the Decree 30 layout. Draw on it with its
// helpers or with PDF(); check errors once, at Output.
type Document struct {
	pdf *fpdf.Fpdf
}

// New starts a document and draws the first page's header block: issuer,
// national header and motto, date line, title and summary.
func New(o Options) *Document {
	p := fpdf.New("P", "mm", "A4", "")
	d := &Document{pdf: p}
	p.SetCompression(!o.Uncompressed)
	p.SetMargins(MarginLeft, MarginTop, MarginRight)
	p.SetAutoPageBreak(true, MarginBottom)
	p.SetCellMargin(1)
	p.AddUTF8FontFromBytes(Serif, "", fontRegular)
	p.AddUTF8FontFromBytes(Serif, "B", fontBold)
	p.AddUTF8FontFromBytes(Serif, "I", fontItalic)
	date := o.Date
	if date.IsZero() {
		date = time.Now()
	}
	// A fixed creation date makes the same report the same bytes.
	p.SetCreationDate(date)
	p.SetModificationDate(date)
	p.SetCatalogSort(true)
	p.SetTitle(strings.TrimSpace(o.Title+" "+o.Summary), true)
	p.SetSubject(o.Subject, true)
	p.SetAuthor(o.Author, true)
	p.SetCreator("NSCL", true)
	p.SetProducer("NSCL (go-pdf/fpdf)", true)
	p.SetLang("vi-VN")
	p.SetHeaderFuncMode(func() {
		// Page numbers: centred in the top margin, not on page 1.
		if n := p.PageNo(); n > 1 {
			p.SetFont(Serif, "", SizeBody)
			p.SetTextColor(0, 0, 0)
			p.SetXY(MarginLeft, 10)
			p.CellFormat(ContentWidth, 6, strconv.Itoa(n), "", 0, "C", false, 0, "")
		}
	}, true)
	p.AddPage()
	d.letterhead(o, date)
	return d
}

// PDF returns the underlying fpdf document, for drawings.
func (d *Document) PDF() *fpdf.Fpdf { return d.pdf }

// letterhead draws the header block of page 1.
func (d *Document) letterhead(o Options, date time.Time) {
	p := d.pdf
	// Box 1 is as wide as the national header's first line needs; box 2
	// takes the rest, less a gap, and wraps the issuer's name.
	p.SetFont(Serif, "B", SizeNational)
	rightW := p.GetStringWidth(NationalName) + 6
	rightX, leftW := MarginLeft+ContentWidth-rightW, ContentWidth-rightW-4
	top := p.GetY()
	p.SetTextColor(0, 0, 0)
	p.SetDrawColor(0, 0, 0)
	p.SetLineWidth(0.3)

	// Box 2: the issuing body.
	p.SetXY(MarginLeft, top)
	if s := strings.TrimSpace(o.Parent); s != "" {
		p.SetFont(Serif, "", SizeNational)
		p.MultiCell(leftW, 5.5, strings.ToUpper(s), "", "C", false)
	}
	if s := strings.TrimSpace(o.Issuer); s != "" {
		p.SetX(MarginLeft)
		p.SetFont(Serif, "B", SizeNational)
		p.MultiCell(leftW, 5.5, strings.ToUpper(s), "", "C", false)
		y := p.GetY() + 0.8
		mid := MarginLeft + leftW/2
		p.Line(mid-12, y, mid+12, y)
		p.SetY(y + 1.5)
	}
	if s := strings.TrimSpace(o.Number); s != "" {
		p.SetX(MarginLeft)
		p.SetFont(Serif, "", SizeBody)
		p.MultiCell(leftW, lineHeight, "Số: "+s, "", "C", false)
	}
	leftBottom := p.GetY()

	// Box 1: the national header, the motto with its rule, the date line.
	p.SetXY(rightX, top)
	p.SetFont(Serif, "B", SizeNational)
	p.CellFormat(rightW, 5.5, NationalName, "", 2, "C", false, 0, "")
	p.SetFont(Serif, "B", SizeMotto)
	p.CellFormat(rightW, 6, Motto, "", 2, "C", false, 0, "")
	mw := p.GetStringWidth(Motto)
	y := p.GetY() + 0.5
	p.Line(rightX+(rightW-mw)/2, y, rightX+(rightW+mw)/2, y)
	p.SetXY(rightX, y+3)
	p.SetFont(Serif, "I", SizeBody)
	p.CellFormat(rightW, lineHeight, DateLine(o.Place, date), "", 2, "C", false, 0, "")
	bottom := max(leftBottom, p.GetY())

	// The document type name and the summary.
	p.SetXY(MarginLeft, bottom+8)
	if s := strings.TrimSpace(o.Title); s != "" {
		p.SetFont(Serif, "B", SizeTitle)
		p.MultiCell(ContentWidth, 7, strings.ToUpper(s), "", "C", false)
	}
	if s := strings.TrimSpace(o.Summary); s != "" {
		p.SetFont(Serif, "B", SizeTitle)
		p.MultiCell(ContentWidth, 7, s, "", "C", false)
		y := p.GetY() + 1
		mid := MarginLeft + ContentWidth/2
		p.Line(mid-20, y, mid+20, y)
		p.SetY(y + 2)
	}
	p.Ln(4)
}

// DateLine is the place-and-date line of Decree 30: "Hà Nội, ngày 05
// tháng 3 năm 2026", with a leading zero for days below 10 and for months
// 1 and 2, in Vietnam's zone. Without a place it starts at "Ngày".
func DateLine(place string, t time.Time) string {
	t = t.In(vn.Zone)
	day := fmt.Sprintf("%02d", t.Day())
	month := strconv.Itoa(int(t.Month()))
	if t.Month() <= 2 {
		month = "0" + month
	}
	s := fmt.Sprintf("ngày %s tháng %s năm %d", day, month, t.Year())
	if place = strings.TrimSpace(place); place == "" {
		return "N" + strings.TrimPrefix(s, "n")
	}
	return place + ", " + s
}

// PlaceName shortens an official province name to the place name of a
// date line: "Thành phố Hà Nội" → "Hà Nội", "Tỉnh Ninh Bình" → "Ninh Bình".
func PlaceName(province string) string {
	s := strings.TrimSpace(province)
	for _, prefix := range []string{"Thành phố ", "Tỉnh ", "TP. ", "TP "} {
		if strings.HasPrefix(s, prefix) {
			return strings.TrimSpace(s[len(prefix):])
		}
	}
	return s
}

// Remaining is the height left above the bottom margin of the page.
func (d *Document) Remaining() float64 { return PageHeight - MarginBottom - d.pdf.GetY() }

// Ensure starts a new page unless h millimetres are left on this one.
func (d *Document) Ensure(h float64) {
	if d.Remaining() < h {
		d.pdf.AddPage()
	}
}

// Heading writes a section heading: bold, 13 pt, left-aligned.
func (d *Document) Heading(s string) {
	// With room for a few lines after it, so it does not end a page.
	d.Ensure(5 * lineHeight)
	p := d.pdf
	p.Ln(2)
	p.SetX(MarginLeft)
	p.SetFont(Serif, "B", SizeBody)
	p.MultiCell(ContentWidth, lineHeight+0.5, s, "", "L", false)
	p.Ln(1)
}

// Paragraph writes body text, 13 pt, justified.
func (d *Document) Paragraph(s string) {
	p := d.pdf
	p.SetX(MarginLeft)
	p.SetFont(Serif, "", SizeBody)
	p.MultiCell(ContentWidth, lineHeight, s, "", "J", false)
	p.Ln(1.5)
}

// Note writes a small italic line (sources, explanations).
func (d *Document) Note(s string) {
	p := d.pdf
	p.SetX(MarginLeft)
	p.SetFont(Serif, "I", SizeSmall)
	p.MultiCell(ContentWidth, 5, s, "", "L", false)
	p.Ln(1)
}

// Pair is one row of a key–value list.
type Pair struct{ Key, Value string }

// Pairs writes a two-column list: the keys in the first third, bold.
func (d *Document) Pairs(ps []Pair) {
	p := d.pdf
	const keyW = 58.0
	for _, kv := range ps {
		p.SetFont(Serif, "", SizeBody)
		lines := len(p.SplitText(kv.Value, ContentWidth-keyW))
		p.SetFont(Serif, "B", SizeBody)
		lines = max(lines, len(p.SplitText(kv.Key, keyW)), 1)
		d.Ensure(float64(lines) * lineHeight)
		y := p.GetY()
		p.SetXY(MarginLeft, y)
		p.MultiCell(keyW, lineHeight, kv.Key, "", "L", false)
		p.SetXY(MarginLeft+keyW, y)
		p.SetFont(Serif, "", SizeBody)
		p.MultiCell(ContentWidth-keyW, lineHeight, kv.Value, "", "L", false)
		p.SetY(y + float64(lines)*lineHeight)
	}
	p.Ln(1)
}

// Column is a table column: its header, width in millimetres (the widths
// should add up to ContentWidth) and alignment ("L", "C" or "R").
type Column struct {
	Header string
	Width  float64
	Align  string
}

// Table writes a bordered table in 11 pt with a bold header row, which is
// repeated at the top of every new page. Cells wrap.
func (d *Document) Table(cols []Column, rows [][]string) {
	p := d.pdf
	const lh = 5.0
	height := func(cells []string, style string) float64 {
		p.SetFont(Serif, style, SizeSmall)
		n := 1
		for i, c := range cols {
			if i < len(cells) {
				n = max(n, len(p.SplitText(cells[i], c.Width)))
			}
		}
		return float64(n)*lh + 1
	}
	draw := func(cells []string, style string, fill bool) {
		h := height(cells, style)
		y := p.GetY()
		x := MarginLeft
		p.SetFont(Serif, style, SizeSmall)
		for i, c := range cols {
			if fill {
				p.SetFillColor(230, 236, 244)
			}
			p.Rect(x, y, c.Width, h, map[bool]string{true: "FD", false: "D"}[fill])
			text := ""
			if i < len(cells) {
				text = cells[i]
			}
			align := c.Align
			if fill || align == "" {
				align = "L"
				if fill {
					align = "C"
				}
			}
			p.SetXY(x, y+0.5)
			p.MultiCell(c.Width, lh, text, "", align, false)
			x += c.Width
		}
		p.SetXY(MarginLeft, y+h)
	}
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Header
	}
	p.SetLineWidth(0.2)
	p.SetDrawColor(0, 0, 0)
	d.Ensure(height(header, "B") + lh + 1)
	draw(header, "B", true)
	for _, r := range rows {
		if h := height(r, ""); d.Remaining() < h {
			p.AddPage()
			draw(header, "B", true)
		}
		draw(r, "", false)
	}
	p.Ln(2)
}

// StreamText returns how s appears in the page streams of a document
// written with Uncompressed: UTF-16BE code units of the embedded
// (Identity-H) fonts, with the bytes \, ( and ) escaped as in any PDF
// string (Ĩ is 0x01 0x28). Tests search documents with it.
func StreamText(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		for _, c := range []byte{byte(u >> 8), byte(u)} {
			switch c {
			case '\\', '(', ')':
				b = append(b, '\\', c)
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, c)
			}
		}
	}
	return b
}

var pageRE = regexp.MustCompile(`/Type /Page\b[^s]`)

// Pages counts the page objects of a PDF written by this package.
func Pages(pdf []byte) int { return len(pageRE.FindAll(pdf, -1)) }

// Output writes the document, or returns the first error met while
// building it.
func (d *Document) Output(w io.Writer) error {
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("pdfdoc: %w", err)
	}
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("pdfdoc: write: %w", err)
	}
	return nil
}
