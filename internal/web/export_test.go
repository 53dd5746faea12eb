package web

import (
	"io"

	"nscl/internal/fault"
)

// PageNames lists every page template (for tests in package web_test).
func PageNames() []string { return pageNames() }

// RenderZero renders page name with its zero-value model in lang.
func (h *Handler) RenderZero(w io.Writer, lang, name string) error {
	return h.renderTo(w, lang, name, pageModels()[name])
}

// Catalogue is the i18n catalogue.
func Catalogue() map[string]fault.Text { return catalogue }

// CatalogueParts are the per-area text maps.
func CatalogueParts() []map[string]fault.Text { return catalogueParts() }

// Autolink is autolink, for its table test.
var Autolink = autolink

// Attachment is attachment, for its table test.
var Attachment = attachment

// IsLocalPath is isLocalPath, for its table test.
var IsLocalPath = isLocalPath

// PageLocal is pageLocal, for TestPageLocal.
func PageLocal(page, src string) (string, []string) { return pageLocal(page, src) }
