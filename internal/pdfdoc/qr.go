package pdfdoc

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"
)

// QRPNG returns a QR code of content as a PNG of size×size pixels, with
// medium error correction (15 %: a certificate's code still reads when a
// corner is smudged or stamped over).
func QRPNG(content string, size int) ([]byte, error) {
	b, err := qrcode.Encode(content, qrcode.Medium, size)
	if err != nil {
		return nil, fmt.Errorf("pdfdoc: QR code: %w", err)
	}
	return b, nil
}

// QR draws a QR code of content, side mm wide, with its top-left corner at
// (x, y) mm. Errors surface at Output.
func (d *Document) QR(content string, x, y, side float64) {
	png, err := QRPNG(content, 512)
	if err != nil {
		d.pdf.SetError(err)
		return
	}
	sum := sha256.Sum256([]byte(content))
	name := "qr-" + hex.EncodeToString(sum[:8])
	d.pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
	d.pdf.ImageOptions(name, x, y, side, side, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
}
