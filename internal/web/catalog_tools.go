package web

import (
	"net/http"
	"net/url"
	"slices"

	"nscl/internal/catalog"
	"nscl/internal/fault"
)

// toolListPage is the catalogue as cards grouped by kind.
type toolListPage struct {
	Layout
	Groups    []toolGroup
	Sectors   []option
	Sector    string
	CanManage bool
}

type toolGroup struct {
	Label string
	Kind  string
	Tools []toolCard
}

type toolCard struct {
	Code    string
	Href    string
	Name    string
	Purpose string
	Sectors []string
	Hidden  bool
}

// toolPage is one tool.
type toolPage struct {
	Layout
	Tool          catalog.Tool
	Library       bool // the case library and guides are served: link them
	Name          string
	Kind          string
	Purpose       []string
	Results       []string
	Prerequisites []toolLink
	Sectors       []string
	Standard      *catalog.Standard
	StandardCode  string
	Related       []standardRow
	CanManage     bool
}

type toolLink struct {
	Href, Name string
}

// toolFormPage is the edit (or new) form of a tool.
type toolFormPage struct {
	Layout
	formErrors
	IsNew     bool
	Code      string
	Builtin   bool
	Form      catalog.ToolInput
	Kinds     []option
	Tools     []checkOption
	Sectors   []checkOption
	ActionURL string
}

type checkOption struct {
	Value, Label string
	Checked      bool
}

func toolURL(c catalog.ToolCode) string { return "/tools/" + url.PathEscape(string(c)) }

func (h *Handler) handleToolList(w http.ResponseWriter, r *http.Request) error {
	lang := h.lang(r)
	sector, ok := catalog.ParseSector(r.URL.Query().Get("sector"))
	if !ok {
		sector = ""
	}
	tools, err := h.catalog.PublicTools(r.Context(), sector)
	if err != nil {
		return err
	}
	p := &toolListPage{Sector: string(sector), Sectors: sectorOptions(lang, sector), CanManage: catalog.CanManage(r.Context())}
	for _, k := range catalog.ToolKinds {
		g := toolGroup{Label: k.Label().In(lang), Kind: string(k)}
		for _, t := range tools {
			if t.Kind != k {
				continue
			}
			c := toolCard{Code: string(t.Code), Href: toolURL(t.Code), Name: t.Name.In(lang), Purpose: firstParagraph(t.Purpose.In(lang)), Hidden: t.Hidden}
			for _, s := range t.Sectors {
				c.Sectors = append(c.Sectors, s.Label().In(lang))
			}
			g.Tools = append(g.Tools, c)
		}
		if len(g.Tools) > 0 {
			p.Groups = append(p.Groups, g)
		}
	}
	return h.render(w, r, http.StatusOK, "catalog_tools", text("cat.tools_title"), p)
}

func firstParagraph(s string) string {
	if ps := paragraphs(s); len(ps) > 0 {
		return ps[0]
	}
	return ""
}

func (h *Handler) handleToolShow(w http.ResponseWriter, r *http.Request) error {
	lang := h.lang(r)
	t, err := h.catalog.Tool(r.Context(), catalog.ToolCode(r.PathValue("code")))
	if err != nil {
		return err
	}
	all, err := h.catalog.Tools(r.Context())
	if err != nil {
		return err
	}
	names := map[catalog.ToolCode]string{}
	for _, x := range all {
		names[x.Code] = x.Name.In(lang)
	}
	p := &toolPage{Tool: *t, Name: t.Name.In(lang), Kind: t.Kind.Label().In(lang), Purpose: paragraphs(t.Purpose.In(lang)),
		Results: paragraphs(t.Results.In(lang)), CanManage: catalog.CanManage(r.Context()), StandardCode: t.Standard}
	for _, c := range t.Prerequisites {
		p.Prerequisites = append(p.Prerequisites, toolLink{Href: toolURL(c), Name: names[c]})
	}
	for _, s := range t.Sectors {
		p.Sectors = append(p.Sectors, s.Label().In(lang))
	}
	if t.Standard != "" {
		if st, err := h.catalog.StandardByCode(r.Context(), t.Standard); err == nil {
			p.Standard = st
		} else if !fault.Is(err, fault.NotFound) {
			return err
		}
		// Related: the standards of the same series and number (earlier
		// editions, parts).
		if n, err := catalog.ParseNotation("standard", t.Standard); err == nil {
			pg, err := h.catalog.SearchStandards(r.Context(), catalog.StandardFilter{Query: n.Series + " " + n.Number, Limit: 10})
			if err != nil {
				return err
			}
			for _, st := range pg.Items {
				if p.Standard == nil || st.ID != p.Standard.ID {
					p.Related = append(p.Related, newStandardRow(st, lang))
				}
			}
		}
	}
	p.Library = h.library != nil
	return h.render(w, r, http.StatusOK, "catalog_tool", fault.Text{Vi: t.Name.Vi, En: t.Name.En}, p)
}

func (h *Handler) toolForm(r *http.Request, p *toolFormPage) error {
	lang := h.lang(r)
	for _, k := range catalog.ToolKinds {
		p.Kinds = append(p.Kinds, option{Value: string(k), Label: k.Label().In(lang), Selected: string(k) == p.Form.Kind})
	}
	all, err := h.catalog.Tools(r.Context())
	if err != nil {
		return err
	}
	for _, t := range all {
		if string(t.Code) == p.Code && !p.IsNew {
			continue
		}
		p.Tools = append(p.Tools, checkOption{Value: string(t.Code), Label: t.Name.In(lang), Checked: slices.Contains(p.Form.Prerequisites, string(t.Code))})
	}
	for _, s := range catalog.Sectors {
		p.Sectors = append(p.Sectors, checkOption{Value: string(s), Label: s.Label().In(lang), Checked: slices.Contains(p.Form.Sectors, string(s))})
	}
	return nil
}

func (h *Handler) handleToolNew(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditCatalog(r); err != nil {
		return err
	}
	p := &toolFormPage{IsNew: true, Form: catalog.ToolInput{Kind: string(catalog.KindMethod)}, ActionURL: "/tools"}
	if err := h.toolForm(r, p); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "catalog_tool_form", text("cat.new_tool"), p)
}

func (h *Handler) handleToolEdit(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditCatalog(r); err != nil {
		return err
	}
	t, err := h.catalog.Tool(r.Context(), catalog.ToolCode(r.PathValue("code")))
	if err != nil {
		return err
	}
	p := &toolFormPage{Code: string(t.Code), Builtin: t.Builtin, Form: catalog.InputOf(t), ActionURL: toolURL(t.Code)}
	if err := h.toolForm(r, p); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "catalog_tool_form", text("cat.edit_tool"), p)
}

func toolInputFrom(r *http.Request) catalog.ToolInput {
	pos, _ := parseIntField(formValue(r, "position"))
	return catalog.ToolInput{Code: formValue(r, "code"), Kind: formValue(r, "kind"), NameVi: formValue(r, "name_vi"),
		NameEn: formValue(r, "name_en"), PurposeVi: r.PostFormValue("purpose_vi"), PurposeEn: r.PostFormValue("purpose_en"),
		ResultsVi: r.PostFormValue("results_vi"), ResultsEn: r.PostFormValue("results_en"),
		Prerequisites: r.PostForm["prerequisites"], Sectors: r.PostForm["sectors"], Standard: formValue(r, "standard"),
		Position: pos, Hidden: r.PostFormValue("hidden") == "1"}
}

// parseIntField reads a whole number typed in a form ("" is 0).
func parseIntField(s string) (int, bool) {
	n := 0
	if s == "" {
		return 0, true
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' || n > 1e8 {
			return -1, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func (h *Handler) handleToolCreate(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditCatalog(r); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in := toolInputFrom(r)
	t, err := h.catalog.CreateTool(r.Context(), in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		p := &toolFormPage{IsNew: true, Form: in, ActionURL: "/tools", formErrors: newFormErrors(h.lang(r), err, nil)}
		if err := h.toolForm(r, p); err != nil {
			return err
		}
		return h.render(w, r, http.StatusUnprocessableEntity, "catalog_tool_form", text("cat.new_tool"), p)
	}
	h.flash(r.Context(), "success", text("cat.saved"))
	redirect(w, r, toolURL(t.Code))
	return nil
}

func (h *Handler) handleToolUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditCatalog(r); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	code := catalog.ToolCode(r.PathValue("code"))
	in := toolInputFrom(r)
	t, err := h.catalog.UpdateTool(r.Context(), code, in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		p := &toolFormPage{Code: string(code), Form: in, ActionURL: toolURL(code), formErrors: newFormErrors(h.lang(r), err, nil)}
		if cur, e := h.catalog.Tool(r.Context(), code); e == nil {
			p.Builtin = cur.Builtin
		}
		if err := h.toolForm(r, p); err != nil {
			return err
		}
		return h.render(w, r, http.StatusUnprocessableEntity, "catalog_tool_form", text("cat.edit_tool"), p)
	}
	h.flash(r.Context(), "success", text("cat.saved"))
	redirect(w, r, toolURL(t.Code))
	return nil
}

func (h *Handler) handleToolDelete(w http.ResponseWriter, r *http.Request) error {
	if err := mayEditCatalog(r); err != nil {
		return err
	}
	if err := h.catalog.DeleteTool(r.Context(), catalog.ToolCode(r.PathValue("code"))); err != nil {
		return err
	}
	h.flash(r.Context(), "success", text("cat.deleted"))
	redirect(w, r, "/tools")
	return nil
}
