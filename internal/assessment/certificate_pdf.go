package assessment

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"nscl/internal/pdfdoc"
	"nscl/internal/vn"
)

// QRSize is the side in pixels of a certificate's QR image.
const QRSize = 320

// CertificatePDF returns the certificate id as a PDF (A4, the Decree
// 30/2020 layout) for those who may see it: the national header, the
// issuer and the number, "GIẤY CHỨNG NHẬN", the legal basis and the
// recognition decision, the enterprise, the scheme and level, the dates,
// the signer's block, and the QR code to the public verification page with
// a line saying how to verify by number.
func (s *Service) CertificatePDF(ctx context.Context, id CertificateID) ([]byte, *CertificateDetail, error) {
	c, err := s.Certificate(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	b, err := s.RenderCertificate(c, false)
	return b, c, err
}

// CertificateQR returns the PNG of a certificate's QR code (its
// verification URL), for those who may see it.
func (s *Service) CertificateQR(ctx context.Context, id CertificateID) ([]byte, error) {
	c, err := s.Certificate(ctx, id)
	if err != nil {
		return nil, err
	}
	return pdfdoc.QRPNG(s.VerifyURL(c.Code), QRSize)
}

// RenderCertificate draws a certificate's PDF (uncompressed streams for
// tests that search the text). It is always one page: the texts that
// come from people (the enterprise's, scheme's and level's names, the
// decision's number, the signer's title and name) are wrapped to a few
// lines each, in a smaller type when they are long, and cut with "…"
// beyond that.
func (s *Service) RenderCertificate(c *CertificateDetail, uncompressed bool) ([]byte, error) {
	doc, _ := s.drawCertificate(c, uncompressed)
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		return nil, fmt.Errorf("assessment: certificate %s PDF: %w", c.Number, err)
	}
	return buf.Bytes(), nil
}

// The certificate's layout bounds: at most so many lines for each text
// that comes from people, in a type from its size down to certMinSize.
const (
	certMinSize        = 10.0
	certTitleLines     = 4 // the signer's title, rendered
	certEnterpriseRows = 3
	certSchemeRows     = 2
	certLevelRows      = 2
	certBasisRows      = 3 // each paragraph of the legal basis
	certSignerRows     = 2
)

// drawCertificate lays a certificate out on one page and returns the
// document and where its content ends (millimetres from the top).
func (s *Service) drawCertificate(c *CertificateDetail, uncompressed bool) (*pdfdoc.Document, float64) {
	parent, issuer, place := "", "BỘ CÔNG THƯƠNG", "Hà Nội"
	if strings.HasPrefix(c.Issuer, "Sở Công Thương") {
		issuer = "SỞ CÔNG THƯƠNG"
		if p, ok := s.geo.Province(c.ProvinceCode); ok {
			parent, place = provinceAuthority(p.Name, p.Short), p.Short
		}
	}
	verify := s.baseURL + "/verify"
	schemeName, levelName, enterprise := pdfdoc.Clean(c.SchemeName.Vi), pdfdoc.Clean(c.LevelName.Vi), pdfdoc.Clean(c.EnterpriseName)
	doc := pdfdoc.New(pdfdoc.Options{Parent: parent, Issuer: issuer, Number: c.Number, Place: place, Date: c.IssuedOn,
		Title: "GIẤY CHỨNG NHẬN", Summary: cut(schemeName, 80), Subject: "Giấy chứng nhận số " + c.Number,
		Author: pdfdoc.Clean(c.Issuer), Uncompressed: uncompressed})
	p := doc.PDF()
	// Nothing may start a second page: every block below is bounded.
	p.SetAutoPageBreak(false, 0)
	basis := []string{
		"Căn cứ Quyết định số 1322/QĐ-TTg ngày 31/8/2020 của Thủ tướng Chính phủ phê duyệt Chương trình quốc gia hỗ trợ doanh nghiệp nâng cao năng suất và chất lượng sản phẩm, hàng hóa giai đoạn 2021–2030;",
	}
	if c.DecisionNo != "" {
		d := ""
		if c.DecisionDate != nil {
			d = " ngày " + vn.Date(*c.DecisionDate)
		}
		basis = append(basis, fmt.Sprintf("Căn cứ Quyết định số %s%s của %s về việc công nhận kết quả đánh giá;", pdfdoc.Clean(c.DecisionNo), d, pdfdoc.Clean(c.Issuer)))
	}
	basis = append(basis, fmt.Sprintf("Căn cứ kết quả đánh giá độc lập theo bộ tiêu chí %s (phiên bản %d).", schemeName, c.VersionNo))
	for _, l := range basis {
		size, lines := fitLines(p, "I", pdfdoc.SizeBody, certMinSize, pdfdoc.ContentWidth, certBasisRows, l)
		p.SetFont(pdfdoc.Serif, "I", size)
		p.SetX(pdfdoc.MarginLeft)
		p.MultiCell(pdfdoc.ContentWidth, rowHeight(size), strings.Join(lines, " "), "", "J", false)
	}
	p.Ln(8)
	// center draws s centred on the content width, in at most rows lines.
	center := func(style string, size float64, rows int, s string) {
		size, lines := fitLines(p, style, size, certMinSize, pdfdoc.ContentWidth, rows, s)
		p.SetFont(pdfdoc.Serif, style, size)
		for _, l := range lines {
			p.SetX(pdfdoc.MarginLeft)
			p.CellFormat(pdfdoc.ContentWidth, rowHeight(size), l, "", 2, "C", false, 0, "")
		}
	}
	center("B", pdfdoc.SizeTitle, 2, strings.ToUpper(pdfdoc.Clean(c.Issuer))+" CHỨNG NHẬN")
	p.Ln(5)
	center("B", 17, certEnterpriseRows, strings.ToUpper(enterprise))
	p.Ln(1)
	center("", pdfdoc.SizeBody, 1, "Mã số thuế: "+pdfdoc.Clean(c.TaxCode))
	if pr, ok := s.geo.Province(c.ProvinceCode); ok {
		center("", pdfdoc.SizeBody, 1, "Địa bàn: "+pr.Name)
	}
	p.Ln(6)
	center("", pdfdoc.SizeBody, 1, "Đạt yêu cầu của bộ tiêu chí")
	center("B", 15, certSchemeRows, schemeName)
	center("", pdfdoc.SizeBody, certLevelRows, fmt.Sprintf("Mức: %s — kết quả %s %%", levelName, vn.Decimal(c.ScorePct, 1)))
	p.Ln(6)
	validity := fmt.Sprintf("Giấy chứng nhận có hiệu lực từ ngày %s", vn.Date(c.IssuedOn))
	if c.ExpiresOn != nil {
		validity += " đến ngày " + vn.Date(*c.ExpiresOn) + "."
	} else {
		validity += ", không thời hạn."
	}
	center("I", pdfdoc.SizeBody, 2, validity)
	p.Ln(8)

	// The signer's block on the right half, the QR code on the left.
	top := p.GetY()
	const half = pdfdoc.ContentWidth / 2
	x := pdfdoc.MarginLeft + half
	right := func(style string, size float64, rows int, s string) {
		size, lines := fitLines(p, style, size, certMinSize, half, rows, s)
		p.SetFont(pdfdoc.Serif, style, size)
		for _, l := range lines {
			p.SetX(x)
			p.CellFormat(half, rowHeight(size), l, "", 2, "C", false, 0, "")
		}
	}
	p.SetXY(x, top)
	// The title's lines ("–" breaks them), at most certTitleLines in
	// all: each on one line when it fits, in a smaller type if need be.
	titleLines := SignerTitleLines(pdfdoc.Clean(c.SignerTitle))
	if len(titleLines) > certTitleLines {
		titleLines = append(titleLines[:certTitleLines-1], strings.Join(titleLines[certTitleLines-1:], " – "))
	}
	left := certTitleLines
	for i, line := range titleLines {
		rows := max(1, left-(len(titleLines)-1-i))
		size, lines := fitLines(p, "B", pdfdoc.SizeBody, certMinSize, half, rows, strings.ToUpper(line))
		p.SetFont(pdfdoc.Serif, "B", size)
		for _, l := range lines {
			p.SetX(x)
			p.CellFormat(half, rowHeight(size), l, "", 2, "C", false, 0, "")
		}
		left -= len(lines)
	}
	right("I", pdfdoc.SizeSmall, 1, "(Đã ký)")
	p.SetXY(x, p.GetY()+18)
	right("B", pdfdoc.SizeBody, certSignerRows, pdfdoc.Clean(c.Signer))
	bottom := p.GetY()

	const side = 36.0
	doc.QR(s.VerifyURL(c.Code), pdfdoc.MarginLeft+4, top, side)
	p.SetXY(pdfdoc.MarginLeft, top+side+1)
	p.SetFont(pdfdoc.Serif, "I", 9)
	p.MultiCell(half-6, 4, "Quét mã QR để kiểm tra tính xác thực của giấy chứng nhận.", "", "L", false)
	// The verification line closes the page, at its foot when there is
	// room.
	p.SetY(max(bottom, p.GetY(), pdfdoc.PageHeight-pdfdoc.MarginBottom-16) + 2)
	doc.Note(fmt.Sprintf("Kiểm tra giấy chứng nhận: quét mã QR, hoặc nhập số %s tại %s. / Verify this certificate by its QR code or its number at %s.",
		c.Number, verify, verify))
	return doc, p.GetY()
}

// rowHeight is the height of a line of type size (points), in
// millimetres: 6 mm for 13 pt, as the body text.
func rowHeight(size float64) float64 { return size * 6 / pdfdoc.SizeBody }

// fitLines returns the largest type size from size down to minSize (by
// half points) at which s takes at most rows lines of width w in style,
// and its lines; at minSize the lines beyond rows are cut, the last one
// ending with "…". It leaves the font set to the size found.
func fitLines(p interface {
	SetFont(family, style string, size float64)
	SplitText(txt string, w float64) []string
	GetStringWidth(s string) float64
}, style string, size, minSize, w float64, rows int, s string) (float64, []string) {
	for sz := size; ; sz -= 0.5 {
		if sz < minSize {
			sz = minSize
		}
		p.SetFont(pdfdoc.Serif, style, sz)
		lines := p.SplitText(s, w)
		if len(lines) == 0 {
			return sz, []string{""}
		}
		if len(lines) <= rows {
			return sz, lines
		}
		if sz == minSize {
			lines = lines[:rows]
			last := []rune(strings.TrimRight(lines[rows-1], " ") + "…")
			for len(last) > 1 && p.GetStringWidth(string(last)) > w-2 {
				last = append(last[:len(last)-2], '…')
			}
			lines[rows-1] = string(last)
			return sz, lines
		}
	}
}

// cut shortens s to at most n characters, with "…".
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
