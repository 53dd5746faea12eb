package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"nscl/internal/fault"
	"nscl/internal/library"
	"nscl/internal/vn"
)

// ---- the guides: /guides ----

type guideCard struct {
	ID        library.GuideID
	Href      string
	Title     string
	Tool      string
	ToolCode  string
	Summary   string
	Files     int
	Videos    int
	Published string
	Draft     bool
}

type guideListPage struct {
	Layout
	Tabs      []libTab
	Tools     []option
	Statuses  []option
	Query     string
	Tool      string
	Filtered  bool
	Guides    []guideCard
	Pager     Pager
	CanManage bool
}

func libGuideCard(lang string, g *library.Guide) guideCard {
	gc := guideCard{ID: g.ID, Href: fmt.Sprintf("/guides/%d", g.ID), Title: g.Title, Tool: g.ToolName.In(lang), ToolCode: g.ToolCode,
		Summary: g.Summary, Files: g.Files, Videos: len(g.Videos), Draft: g.Status != library.StatusPublished}
	if gc.Summary == "" {
		gc.Summary = libPlain(string(g.BodyMD))
	}
	if g.PublishedAt != nil {
		gc.Published = vn.Date(*g.PublishedAt)
	}
	return gc
}

func (h *Handler) handleGuideList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := h.lang(r)
	qs := r.URL.Query()
	q := library.GuideQuery{Tool: qs.Get("tool"), Status: library.Status(qs.Get("status")), Query: strings.TrimSpace(qs.Get("q")),
		Page: pageParam(qs), PerPage: 20}
	gs, total, err := h.library.Guides(ctx, q)
	if err != nil {
		return err
	}
	p := &guideListPage{Tabs: libTabs(lang, "/guides"), Query: q.Query, Tool: q.Tool, Pager: newPager(r, q.Page, q.PerPage, total),
		Filtered: q.Tool != "" || q.Query != "" || q.Status != "", CanManage: h.library.MayManage(ctx)}
	if p.Tools, _, err = h.libTools(r, q.Tool); err != nil {
		return err
	}
	if p.CanManage {
		for _, s := range library.Statuses {
			p.Statuses = append(p.Statuses, option{Value: string(s), Label: s.Label().In(lang), Selected: s == q.Status})
		}
	}
	for _, g := range gs {
		p.Guides = append(p.Guides, libGuideCard(lang, g))
	}
	p.Meta = &PageMeta{Description: text("lib.guides_intro").In(lang), URL: h.libAbsURL(r, "/guides")}
	return h.render(w, r, http.StatusOK, "guide_list", text("lib.guides_title"), p)
}

// ---- a guide ----

type guideVideo struct{ URL, Title, Host string }

type guideFileRow struct {
	Href, Name, Kind, Size, DeleteAction string
}

type guideShowPage struct {
	Layout
	Tabs        []libTab
	Guide       guideCard
	Version     int
	Status      string
	StatusBadge string
	Body        template.HTML
	Videos      []guideVideo
	Files       []guideFileRow
	CanEdit     bool
	Published   bool
	CasesHref   string
	FileForm    formErrors
}

func libFileKind(ct string) string {
	switch ct {
	case library.TypePDF:
		return "PDF"
	case library.TypeDOCX:
		return "DOCX"
	case library.TypeXLSX:
		return "XLSX"
	case library.TypePPTX:
		return "PPTX"
	}
	return ""
}

func (h *Handler) handleGuideShow(w http.ResponseWriter, r *http.Request) error {
	return h.renderGuideShow(w, r, http.StatusOK, formErrors{})
}

func (h *Handler) renderGuideShow(w http.ResponseWriter, r *http.Request, status int, fe formErrors) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	lang := h.lang(r)
	v, err := h.library.Guide(r.Context(), library.GuideID(id))
	if err != nil {
		return err
	}
	g := v.Guide
	p := &guideShowPage{Tabs: libTabs(lang, "/guides"), Guide: libGuideCard(lang, g), Version: g.Version, Status: g.Status.Label().In(lang),
		StatusBadge: libStatusBadge(g.Status), Body: libMD(string(g.BodyMD)), CanEdit: v.CanEdit, Published: g.Status == library.StatusPublished,
		CasesHref: "/cases?tool=" + url.QueryEscape(g.ToolCode), FileForm: fe}
	for _, vd := range g.Videos {
		t := vd.Title
		if t == "" {
			t = vd.URL
		}
		p.Videos = append(p.Videos, guideVideo{URL: vd.URL, Title: t, Host: library.VideoHost(vd.URL)})
	}
	for _, f := range v.Files {
		p.Files = append(p.Files, guideFileRow{Href: fmt.Sprintf("/guides/%d/files/%d", g.ID, f.ID), Name: f.Name, Kind: libFileKind(f.ContentType),
			Size: libSize(f.Size), DeleteAction: fmt.Sprintf("/guides/%d/files/%d/delete", g.ID, f.ID)})
	}
	p.Meta = &PageMeta{Description: p.Guide.Summary, URL: h.libAbsURL(r, p.Guide.Href), Type: "article"}
	return h.render(w, r, status, "guide_show", fault.Text{Vi: g.Title, En: g.Title}, p)
}

func libSize(n int64) string {
	if n < 1<<20 {
		return vn.Int((n+1023)/1024) + " KB"
	}
	return vn.Decimal(float64(n)/(1<<20), 1) + " MB"
}

func (h *Handler) handleGuideStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	st := library.Status(formValue(r, "status"))
	if _, err := h.library.SetGuideStatus(r.Context(), library.GuideID(id), libVersion(r), st); err != nil {
		if !isFormError(err) {
			return err
		}
		h.flash(r.Context(), "error", libErrText(err))
	} else if st == library.StatusPublished {
		h.flash(r.Context(), "success", text("lib.flash_published"))
	} else {
		h.flash(r.Context(), "success", text("lib.flash_unpublished"))
	}
	redirect(w, r, fmt.Sprintf("/guides/%d", id))
	return nil
}

// ---- the guide form ----

type guideVideoInput struct {
	Index      int
	URL, Title string
	Error      string
}

type guideFormPage struct {
	Layout
	Tabs    []libTab
	New     bool
	Action  string
	Back    string
	Version int
	In      library.GuideInput
	Tools   []option
	Videos  []guideVideoInput
	Form    formErrors
}

const libGuideVideoRows = 4

func libGuideForm(r *http.Request) library.GuideInput {
	in := library.GuideInput{ToolCode: formValue(r, "tool"), Title: formValue(r, "title"), Summary: formValue(r, "summary"),
		BodyMD: r.PostFormValue("body_md")}
	urls, titles := r.PostForm["video_url"], r.PostForm["video_title"]
	for i := range min(len(urls), 20) {
		v := library.GuideVideo{URL: strings.TrimSpace(urls[i])}
		if i < len(titles) {
			v.Title = strings.TrimSpace(titles[i])
		}
		if v.URL != "" || v.Title != "" {
			in.Videos = append(in.Videos, v)
		}
	}
	return in
}

func (h *Handler) renderGuideForm(w http.ResponseWriter, r *http.Request, status int, p *guideFormPage) error {
	p.Tabs = libTabs(h.lang(r), "/guides")
	var err error
	if p.Tools, _, err = h.libTools(r, p.In.ToolCode); err != nil {
		return err
	}
	for i, v := range p.In.Videos {
		p.Videos = append(p.Videos, guideVideoInput{URL: v.URL, Title: v.Title, Error: p.Form.Errors[fmt.Sprintf("videos.%d", i)]})
	}
	for len(p.Videos) < libGuideVideoRows {
		p.Videos = append(p.Videos, guideVideoInput{})
	}
	for i := range p.Videos {
		p.Videos[i].Index = i + 1
	}
	title := text("lib.guide_new")
	if !p.New {
		title = text("lib.guide_edit")
	}
	return h.render(w, r, status, "guide_form", title, p)
}

func (h *Handler) handleGuideNew(w http.ResponseWriter, r *http.Request) error {
	if err := libEditor(r); err != nil {
		return err
	}
	return h.renderGuideForm(w, r, http.StatusOK, &guideFormPage{New: true, Action: "/guides", Back: "/guides",
		In: library.GuideInput{ToolCode: r.URL.Query().Get("tool")}})
}

func (h *Handler) handleGuideCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if err := libEditor(r); err != nil {
		return err
	}
	in := libGuideForm(r)
	g, err := h.library.CreateGuide(r.Context(), in)
	if err != nil {
		if !isFormError(err) {
			return err
		}
		return h.renderGuideForm(w, r, formStatus(err), &guideFormPage{New: true, Action: "/guides", Back: "/guides", In: in,
			Form: newFormErrors(h.lang(r), err, nil)})
	}
	h.flash(r.Context(), "success", text("lib.flash_guide_created"))
	redirect(w, r, fmt.Sprintf("/guides/%d", g.ID))
	return nil
}

func (h *Handler) guideEditPage(r *http.Request, id int64) (*guideFormPage, error) {
	if err := libEditor(r); err != nil {
		return nil, err
	}
	v, err := h.library.Guide(r.Context(), library.GuideID(id))
	if err != nil {
		return nil, err
	}
	if !v.CanEdit {
		return nil, &fault.Error{Kind: fault.Forbidden, Message: text("lib.not_yours")}
	}
	g := v.Guide
	href := fmt.Sprintf("/guides/%d", g.ID)
	return &guideFormPage{Action: href, Back: href, Version: g.Version,
		In: library.GuideInput{ToolCode: g.ToolCode, Title: g.Title, Summary: g.Summary, BodyMD: string(g.BodyMD), Videos: g.Videos}}, nil
}

func (h *Handler) handleGuideEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	p, err := h.guideEditPage(r, id)
	if err != nil {
		return err
	}
	return h.renderGuideForm(w, r, http.StatusOK, p)
}

func (h *Handler) handleGuideUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	in := libGuideForm(r)
	if _, err = h.library.UpdateGuide(r.Context(), library.GuideID(id), libVersion(r), in); err != nil {
		if !isFormError(err) {
			return err
		}
		p, perr := h.guideEditPage(r, id)
		if perr != nil {
			return perr
		}
		p.In, p.Form = in, newFormErrors(h.lang(r), err, nil)
		return h.renderGuideForm(w, r, formStatus(err), p)
	}
	h.flash(r.Context(), "success", text("lib.flash_saved"))
	redirect(w, r, fmt.Sprintf("/guides/%d", id))
	return nil
}

// ---- templates ----

func (h *Handler) handleGuideFileAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	if err := libEditor(r); err != nil {
		return err
	}
	fail := func(status int, err error) error {
		return h.renderGuideShow(w, r, status, newFormErrors(h.lang(r), err, nil))
	}
	name, data, err := readUpload(w, r, "file", library.MaxFileSize)
	if err != nil {
		msg := text("lib.choose_file")
		if errors.Is(err, errUploadTooLarge) {
			msg = text("lib.file_too_large")
		}
		return fail(uploadFailStatus(err), libFieldErr("file", msg))
	}
	if _, err := h.library.AddFile(r.Context(), library.GuideID(id), name, data); err != nil {
		if !isFormError(err) {
			return err
		}
		return fail(formStatus(err), err)
	}
	h.flash(r.Context(), "success", text("lib.flash_file_added"))
	redirect(w, r, fmt.Sprintf("/guides/%d#files", id))
	return nil
}

func (h *Handler) handleGuideFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	fid, err := pathID(r, "fid")
	if err != nil {
		return err
	}
	f, err := h.library.File(r.Context(), library.GuideID(id), library.FileID(fid))
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", f.ContentType)
	hd.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(f.Name))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Length", strconv.Itoa(len(f.Data)))
	_, err = w.Write(f.Data)
	return err
}

func (h *Handler) handleGuideFileDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	fid, err := pathID(r, "fid")
	if err != nil {
		return err
	}
	if err := h.library.RemoveFile(r.Context(), library.GuideID(id), library.FileID(fid)); err != nil {
		return err
	}
	h.flash(r.Context(), "success", text("lib.flash_file_removed"))
	redirect(w, r, fmt.Sprintf("/guides/%d#files", id))
	return nil
}
