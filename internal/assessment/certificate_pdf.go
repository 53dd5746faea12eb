package assessment

import (
	"bytes"
	"context"
	"fmt"
	"strings"

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
// tests that search the text).
func (s *Service) RenderCertificate(c *CertificateDetail, uncompressed bool) ([]byte, error) {
	parent, issuer, place := "", "BỘ CÔNG THƯƠNG", "Hà Nội"
	if strings.HasPrefix(c.Issuer, "Sở Công Thương") {
		issuer = "SỞ CÔNG THƯƠNG"
		if p, ok := s.geo.Province(c.ProvinceCode); ok {
			parent, place = provinceAuthority(p.Name, p.Short), p.Short
		}
	}
	verify := s.baseURL + "/verify"
	doc := pdfdoc.New(pdfdoc.Options{Parent: parent, Issuer: issuer, Number: c.Number, Place: place, Date: c.IssuedOn,
		Title: "GIẤY CHỨNG NHẬN", Summary: c.SchemeName.Vi, Subject: "Giấy chứng nhận số " + c.Number,
		Author: c.Issuer, Uncompressed: uncompressed})
	p := doc.PDF()
	basis := []string{
		"Căn cứ Quyết định số 1322/QĐ-TTg ngày 31/8/2020 của Thủ tướng Chính phủ phê duyệt Chương trình quốc gia hỗ trợ doanh nghiệp nâng cao năng suất và chất lượng sản phẩm, hàng hóa giai đoạn 2021–2030;",
	}
	if c.DecisionNo != "" {
		d := ""
		if c.DecisionDate != nil {
			d = " ngày " + vn.Date(*c.DecisionDate)
		}
		basis = append(basis, fmt.Sprintf("Căn cứ Quyết định số %s%s của %s về việc công nhận kết quả đánh giá;", c.DecisionNo, d, c.Issuer))
	}
	basis = append(basis, fmt.Sprintf("Căn cứ kết quả đánh giá độc lập theo bộ tiêu chí %s (phiên bản %d).", c.SchemeName.Vi, c.VersionNo))
	p.SetFont(pdfdoc.Serif, "I", pdfdoc.SizeBody)
	for _, l := range basis {
		p.SetX(pdfdoc.MarginLeft)
		p.MultiCell(pdfdoc.ContentWidth, 6, l, "", "J", false)
	}
	p.Ln(10)
	center := func(style string, size, h float64, s string) {
		p.SetX(pdfdoc.MarginLeft)
		p.SetFont(pdfdoc.Serif, style, size)
		p.MultiCell(pdfdoc.ContentWidth, h, s, "", "C", false)
	}
	center("B", pdfdoc.SizeTitle, 7, strings.ToUpper(c.Issuer)+" CHỨNG NHẬN")
	p.Ln(6)
	center("B", 17, 8, strings.ToUpper(c.EnterpriseName))
	p.Ln(1)
	center("", pdfdoc.SizeBody, 6.5, "Mã số thuế: "+c.TaxCode)
	if pr, ok := s.geo.Province(c.ProvinceCode); ok {
		center("", pdfdoc.SizeBody, 6.5, "Địa bàn: "+pr.Name)
	}
	p.Ln(7)
	center("", pdfdoc.SizeBody, 6.5, "Đạt yêu cầu của bộ tiêu chí")
	center("B", 15, 7.5, c.SchemeName.Vi)
	center("", pdfdoc.SizeBody, 6.5, fmt.Sprintf("Mức: %s — kết quả %s %%", c.LevelName.Vi, vn.Decimal(c.ScorePct, 1)))
	p.Ln(7)
	validity := fmt.Sprintf("Giấy chứng nhận có hiệu lực từ ngày %s", vn.Date(c.IssuedOn))
	if c.ExpiresOn != nil {
		validity += " đến ngày " + vn.Date(*c.ExpiresOn) + "."
	} else {
		validity += ", không thời hạn."
	}
	center("I", pdfdoc.SizeBody, 6.5, validity)
	p.Ln(10)

	// The signer's block on the right half, the QR code on the left.
	top := p.GetY()
	const half = pdfdoc.ContentWidth / 2
	x := pdfdoc.MarginLeft + half
	p.SetXY(x, top)
	p.SetFont(pdfdoc.Serif, "B", pdfdoc.SizeBody)
	for _, line := range strings.Split(strings.ReplaceAll(c.SignerTitle, " – ", "\n"), "\n") {
		p.SetX(x)
		p.MultiCell(half, 6, strings.ToUpper(strings.TrimSpace(line)), "", "C", false)
	}
	p.SetX(x)
	p.SetFont(pdfdoc.Serif, "I", pdfdoc.SizeSmall)
	p.MultiCell(half, 5, "(Đã ký)", "", "C", false)
	p.SetXY(x, p.GetY()+20)
	p.SetFont(pdfdoc.Serif, "B", pdfdoc.SizeBody)
	p.MultiCell(half, 6, c.Signer, "", "C", false)
	bottom := p.GetY()

	const side = 36.0
	doc.QR(s.VerifyURL(c.Code), pdfdoc.MarginLeft+4, top, side)
	p.SetXY(pdfdoc.MarginLeft, top+side+1)
	p.SetFont(pdfdoc.Serif, "I", 9)
	p.MultiCell(half-6, 4, "Quét mã QR để kiểm tra tính xác thực của giấy chứng nhận.", "", "L", false)
	// The verification line closes the page, at its foot when there is
	// room.
	p.SetAutoPageBreak(false, 0)
	p.SetY(max(bottom, p.GetY(), pdfdoc.PageHeight-pdfdoc.MarginBottom-16) + 2)
	doc.Note(fmt.Sprintf("Kiểm tra giấy chứng nhận: quét mã QR, hoặc nhập số %s tại %s. / Verify this certificate by its QR code or its number at %s.",
		c.Number, verify, verify))
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		return nil, fmt.Errorf("assessment: certificate %s PDF: %w", c.Number, err)
	}
	return buf.Bytes(), nil
}
