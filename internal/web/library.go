package web

import (
	"html/template"
	"net/http"
	"strconv"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/library"
	"nscl/internal/markdown"
)

// The pages of the case library and the knowledge base (guides, templates).

// registerLibrary registers the pages of this area.
func (h *Handler) registerLibrary(mux Router) {
	if h.library == nil {
		return
	}
	h.handle(mux, "GET /cases", h.handleCaseList)
	h.handle(mux, "GET /cases/new", h.handleCaseNew)
	h.handle(mux, "POST /cases", h.handleCaseCreate)
	h.handle(mux, "GET /cases/{id}", h.handleCaseShow)
	h.handle(mux, "GET /cases/{id}/edit", h.handleCaseEdit)
	h.handle(mux, "POST /cases/{id}", h.handleCaseUpdate)
	h.handle(mux, "POST /cases/{id}/status", h.handleCaseStatus)
	h.handle(mux, "POST /cases/{id}/photos", h.handleCasePhotoAdd)
	h.handle(mux, "GET /cases/{id}/photos/{pid}", h.casePhoto(false))
	h.handle(mux, "GET /cases/{id}/photos/{pid}/thumb", h.casePhoto(true))
	h.handle(mux, "POST /cases/{id}/photos/{pid}/delete", h.handleCasePhotoDelete)
	h.handle(mux, "GET /guides", h.handleGuideList)
	h.handle(mux, "GET /guides/new", h.handleGuideNew)
	h.handle(mux, "POST /guides", h.handleGuideCreate)
	h.handle(mux, "GET /guides/{id}", h.handleGuideShow)
	h.handle(mux, "GET /guides/{id}/edit", h.handleGuideEdit)
	h.handle(mux, "POST /guides/{id}", h.handleGuideUpdate)
	h.handle(mux, "POST /guides/{id}/status", h.handleGuideStatus)
	h.handle(mux, "POST /guides/{id}/files", h.handleGuideFileAdd)
	h.handle(mux, "GET /guides/{id}/files/{fid}", h.handleGuideFile)
	h.handle(mux, "POST /guides/{id}/files/{fid}/delete", h.handleGuideFileDelete)
}

// libraryPages lists this area's page templates with a zero model each.
func libraryPages() map[string]page {
	return map[string]page{
		"library_cases": &caseListPage{},
		"case_show":     &caseShowPage{},
		"case_form":     &caseFormPage{},
		"guide_list":    &guideListPage{},
		"guide_show":    &guideShowPage{},
		"guide_form":    &guideFormPage{},
	}
}

// libTab is a tab of the library: the cases and the guides.
type libTab struct {
	Href, Label string
	Current     bool
}

func libTabs(lang, current string) []libTab {
	return []libTab{{Href: "/cases", Label: text("lib.tab_cases").In(lang), Current: current == "/cases"},
		{Href: "/guides", Label: text("lib.tab_guides").In(lang), Current: current == "/guides"}}
}

// toolNames maps the catalogue's tool codes to their names in lang.
func (h *Handler) libTools(r *http.Request, selected ...string) ([]option, map[string]string, error) {
	ts, err := h.library.Tools(r.Context())
	if err != nil {
		return nil, nil, err
	}
	lang := h.lang(r)
	sel := map[string]bool{}
	for _, s := range selected {
		sel[s] = true
	}
	opts := make([]option, 0, len(ts))
	names := make(map[string]string, len(ts))
	for _, t := range ts {
		opts = append(opts, option{Value: t.Code, Label: t.Name.In(lang), Selected: sel[t.Code]})
		names[t.Code] = t.Name.In(lang)
	}
	return opts, names, nil
}

func libToolLabels(codes []string, names map[string]string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		if n, ok := names[c]; ok {
			out = append(out, n)
		} else {
			out = append(out, c)
		}
	}
	return out
}

// md renders Markdown safely (goldmark + bluemonday).
func libMD(src string) template.HTML { return markdown.Render(src) }

func libStatusBadge(s library.Status) string {
	if s == library.StatusPublished {
		return "badge-ok"
	}
	return "badge-muted"
}

// absURL is the absolute URL of path for Open Graph tags.
func (h *Handler) libAbsURL(r *http.Request, path string) string {
	if h.baseURL != "" {
		return h.baseURL + path
	}
	scheme := "https"
	if r.TLS == nil && r.Header.Get("X-Forwarded-Proto") != "https" {
		scheme = "http"
	}
	return scheme + "://" + r.Host + path
}

func libEditor(r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	if !auth.Can(a, auth.ActLibraryManage) {
		return &fault.Error{Kind: fault.Forbidden, Message: text("lib.not_editor")}
	}
	return nil
}

func libVersion(r *http.Request) int {
	v, _ := strconv.Atoi(formValue(r, "version"))
	return v
}

// libPlain is a Markdown body's first words as plain text.
func libPlain(src string) string { return markdown.Plain(src, 220) }
