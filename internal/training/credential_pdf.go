package training

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"nscl/internal/pdfdoc"
	"nscl/internal/vn"
)

// VerifyURL is the public verification page of a sealed code.
func (s *Service) VerifyURL(code string) string { return s.baseURL + "/verify/" + code }

// CredentialPDF returns credential id as a PDF (A4, the Decree 30/2020
// layout) for those who may see it, with its file name.
func (s *Service) CredentialPDF(ctx context.Context, id CredentialID) ([]byte, string, error) {
	c, err := s.Credential(ctx, id)
	if err != nil {
		return nil, "", err
	}
	b, err := s.RenderCredential(c, false)
	if err != nil {
		return nil, "", err
	}
	return b, "chung-chi-" + strings.ToLower(c.Number) + ".pdf", nil
}

// RenderCredential draws a credential's PDF: the issuer and the national
// header, "CHỨNG CHỈ", the holder, the course (tool, level, hours), the
// validity, the signer's block and the QR code to the public verification
// page (uncompressed streams for tests that search the text).
func (s *Service) RenderCredential(c *Credential, uncompressed bool) ([]byte, error) {
	parent, issuer, place := "", "BỘ CÔNG THƯƠNG", "Hà Nội"
	if strings.HasPrefix(c.Issuer, "Sở Công Thương") {
		issuer = "SỞ CÔNG THƯƠNG"
		prov := strings.TrimSpace(strings.TrimPrefix(c.Issuer, "Sở Công Thương"))
		for _, p := range s.geo.Provinces {
			if p.Name == prov {
				parent, place = "Ủy ban nhân dân "+strings.ToLower(p.Name[:1])+p.Name[1:], p.Short
			}
		}
	}
	doc := pdfdoc.New(pdfdoc.Options{Parent: parent, Issuer: issuer, Number: c.Number, Place: place, Date: c.IssuedOn,
		Title: "CHỨNG CHỈ", Summary: "Người thực hành cải tiến năng suất, chất lượng", Subject: "Chứng chỉ số " + c.Number,
		Author: c.Issuer, Uncompressed: uncompressed})
	p := doc.PDF()
	p.SetFont(pdfdoc.Serif, "I", pdfdoc.SizeBody)
	for _, l := range []string{
		"Căn cứ Quyết định số 1322/QĐ-TTg ngày 31/8/2020 của Thủ tướng Chính phủ phê duyệt Chương trình quốc gia hỗ trợ doanh nghiệp nâng cao năng suất và chất lượng sản phẩm, hàng hóa giai đoạn 2021–2030;",
		fmt.Sprintf("Căn cứ kết quả học tập và đánh giá của khóa đào tạo “%s”.", pdfdoc.Clean(c.CourseTitle)),
	} {
		p.SetX(pdfdoc.MarginLeft)
		p.MultiCell(pdfdoc.ContentWidth, 6, l, "", "J", false)
	}
	p.Ln(5)
	center := func(style string, size, h float64, s string) {
		p.SetX(pdfdoc.MarginLeft)
		p.SetFont(pdfdoc.Serif, style, size)
		p.MultiCell(pdfdoc.ContentWidth, h, s, "", "C", false)
	}
	center("B", pdfdoc.SizeTitle, 7, strings.ToUpper(c.Issuer)+" CHỨNG NHẬN")
	p.Ln(3)
	center("", pdfdoc.SizeBody, 6.5, "Ông/Bà")
	center("B", 17, 8, strings.ToUpper(pdfdoc.Clean(c.HolderName)))
	if c.EnterpriseName != "" {
		center("", pdfdoc.SizeBody, 6.5, "Đơn vị công tác: "+pdfdoc.Clean(c.EnterpriseName))
	}
	p.Ln(3)
	center("", pdfdoc.SizeBody, 6.5, "Đã hoàn thành khóa đào tạo và đạt yêu cầu đánh giá")
	center("B", 15, 7.5, pdfdoc.Clean(c.CourseTitle))
	center("", pdfdoc.SizeBody, 6.5, fmt.Sprintf("Công cụ: %s — %s", c.ToolName.Vi, c.Level.Label().Vi))
	p.Ln(3)
	validity := fmt.Sprintf("Chứng chỉ có hiệu lực từ ngày %s", vn.Date(c.IssuedOn))
	if c.ExpiresOn != nil {
		validity += " đến ngày " + vn.Date(*c.ExpiresOn) + "."
	} else {
		validity += ", không thời hạn."
	}
	center("I", pdfdoc.SizeBody, 6.5, validity)
	if c.Status == CredRevoked {
		p.Ln(2)
		p.SetTextColor(180, 0, 0)
		at := ""
		if c.RevokedAt != nil {
			at = " ngày " + vn.Date(*c.RevokedAt)
		}
		center("B", pdfdoc.SizeBody, 6.5, "ĐÃ THU HỒI"+at+": "+pdfdoc.Clean(c.RevokedReason))
		p.SetTextColor(0, 0, 0)
	}
	p.Ln(8)

	// The signer's block on the right half, the QR code on the left.
	top := p.GetY()
	const half = pdfdoc.ContentWidth / 2
	x := pdfdoc.MarginLeft + half
	p.SetXY(x, top)
	p.SetFont(pdfdoc.Serif, "B", pdfdoc.SizeBody)
	p.MultiCell(half, 6, "THỦ TRƯỞNG ĐƠN VỊ", "", "C", false)
	p.SetX(x)
	p.SetFont(pdfdoc.Serif, "I", pdfdoc.SizeSmall)
	p.MultiCell(half, 5, "(Đã ký điện tử)", "", "C", false)
	bottom := p.GetY() + 24

	const side = 32.0
	doc.QR(s.VerifyURL(c.Code), pdfdoc.MarginLeft+4, top, side)
	p.SetXY(pdfdoc.MarginLeft, top+side+1)
	p.SetFont(pdfdoc.Serif, "I", 9)
	p.MultiCell(half-6, 4, "Quét mã QR để kiểm tra tính xác thực của chứng chỉ.", "", "L", false)
	p.SetY(max(bottom, p.GetY()) + 6)
	verify := s.baseURL + "/verify"
	doc.Note(fmt.Sprintf("Kiểm tra chứng chỉ: quét mã QR, hoặc nhập số %s tại %s. / Verify this credential by its QR code or its number at %s.",
		c.Number, verify, verify))
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		return nil, fmt.Errorf("training: credential %s PDF: %w", c.Number, err)
	}
	return buf.Bytes(), nil
}
