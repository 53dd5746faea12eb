package web

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/directory"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

const dirExpertPageSize = 20

// dirExpertsPage is the expert search (the directory's landing page).
type dirExpertsPage struct {
	Layout
	dirBase
	Q          string
	Tools      []option
	Levels     []option
	Sectors    []option
	Provinces  []option
	Kinds      []option
	Rows       []dirExpertRow
	Pager      Pager
	ByProvince []dirCount
	CanManage  bool
	CanOwn     bool
	ExportHref string
	Filtered   bool
}

// dirCount is the number of experts serving one province, a link that
// filters by it.
type dirCount struct {
	Label   string
	Count   int
	Href    string
	Current bool
}

type dirExpertRow struct {
	Name, Href, Title, Kind, Org, OrgHref, Provinces, Status string
	Tools                                                    []string
	Completed                                                int
	Rating                                                   string
	Unlisted                                                 bool // not in the public directory (officers see it)
}

// dirExpertFilter reads the list's query.
func dirExpertFilter(q url.Values) directory.ExpertFilter {
	f := directory.ExpertFilter{Query: q.Get("q"), Tool: catalog.ToolCode(q.Get("tool")), Sector: q.Get("sector"),
		Province: q.Get("province"), Kind: directory.Kind(q.Get("kind")), Limit: dirExpertPageSize}
	if l, err := strconv.Atoi(q.Get("level")); err == nil && l >= 1 && l <= 3 {
		f.MinLevel = directory.Level(l)
	}
	f.Offset = (pageParam(q) - 1) * dirExpertPageSize
	return f
}

func dirRating(e *directory.Expert) string {
	if e.RatingCount == 0 {
		return "—"
	}
	return vn.Decimal(e.AverageRating(), 1) + " / 5 (" + strconv.Itoa(e.RatingCount) + ")"
}

func (h *Handler) dirExpertRow(e *directory.Expert, lang string, names map[catalog.ToolCode]string) dirExpertRow {
	row := dirExpertRow{Name: e.Name, Href: dirExpertHref(e.ID), Title: e.Title, Kind: e.Kind.Label().In(lang), Org: e.OrganisationName,
		Completed: e.EngagementsCompleted, Rating: dirRating(e), Status: string(e.Status), Unlisted: !e.Listed()}
	if e.OrganisationID != 0 {
		row.OrgHref = dirOrgHref(e.OrganisationID)
	}
	for i, t := range e.Tools {
		if i == 4 {
			row.Tools = append(row.Tools, fmt.Sprintf("+%d", len(e.Tools)-4))
			break
		}
		n := names[t.Tool]
		if n == "" {
			n = string(t.Tool)
		}
		row.Tools = append(row.Tools, n+" · "+t.Level.Label().In(lang))
	}
	var ps []string
	for _, p := range e.Provinces {
		ps = append(ps, h.geo.Name(p))
	}
	row.Provinces = strings.Join(ps, ", ")
	return row
}

func (h *Handler) handleExpertList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := dirExpertFilter(q)
	es, total, err := h.directory.SearchExperts(r.Context(), f)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	tools, names := h.dirToolNames(r.Context(), lang)
	p := &dirExpertsPage{dirBase: dirBase{Tab: "experts"}, Q: q.Get("q"), CanManage: dirCanManageDirectory(r), CanOwn: dirCanOwnProfile(r)}
	for _, e := range es {
		p.Rows = append(p.Rows, h.dirExpertRow(e, lang, names))
	}
	p.Pager = newPager(r, f.Offset/dirExpertPageSize+1, dirExpertPageSize, total)
	for _, t := range tools {
		p.Tools = append(p.Tools, option{Value: string(t.Code), Label: names[t.Code], Selected: q.Get("tool") == string(t.Code)})
	}
	for _, l := range directory.Levels {
		v := strconv.Itoa(int(l))
		p.Levels = append(p.Levels, option{Value: v, Label: l.Label().In(lang), Selected: q.Get("level") == v})
	}
	p.Sectors = dirSectorOptions(lang, func(s string) bool { return q.Get("sector") == s })
	p.Provinces = h.provinceOptions(q.Get("province"))
	for _, k := range directory.Kinds {
		p.Kinds = append(p.Kinds, option{Value: string(k), Label: k.Label().In(lang), Selected: q.Get("kind") == string(k)})
	}
	for _, k := range []string{"q", "tool", "level", "sector", "province", "kind"} {
		p.Filtered = p.Filtered || q.Get(k) != ""
	}
	p.ExportHref = "/experts/export.xlsx"
	if r.URL.RawQuery != "" {
		p.ExportHref += "?" + r.URL.RawQuery
	}
	counts, err := h.directory.ListedByProvince(r.Context())
	if err != nil {
		return err
	}
	for _, pr := range h.geo.Provinces {
		if n := counts[pr.Code]; n > 0 {
			p.ByProvince = append(p.ByProvince, dirCount{Label: pr.Short, Count: n, Href: withParam("/experts", q, "province", pr.Code),
				Current: q.Get("province") == pr.Code})
		}
	}
	sort.SliceStable(p.ByProvince, func(i, j int) bool { return p.ByProvince[i].Count > p.ByProvince[j].Count })
	return h.render(w, r, http.StatusOK, "directory_experts", text("dir.experts_title"), p)
}

// dirExpertPage is one expert's profile.
type dirExpertPage struct {
	Layout
	dirBase
	E         directory.Expert
	Full      bool // the officer's or the expert's own view
	CanEdit   bool
	Own       bool
	Kind      string
	Province  string
	OrgHref   string
	Tools     []dirToolLevel
	Sectors   []string
	Served    []string
	Creds     []dirCred
	Rating    string
	Consents  []string
	Public    []string
	Languages string
	// The declared relations (conflicts of interest): directory officers
	// and the expert only.
	ShowRelations bool
	Relations     []dirRelationRow
}

type dirToolLevel struct{ Name, Level string }

type dirCred struct {
	directory.Credential
	Expired bool
}

func (h *Handler) handleExpertShow(w http.ResponseWriter, r *http.Request) error {
	id, err := dirAnyID(r)
	if err != nil {
		return err
	}
	e, full, err := h.directory.Expert(r.Context(), directory.ExpertID(id))
	if err != nil {
		return err
	}
	lang := h.lang(r)
	_, names := h.dirToolNames(r.Context(), lang)
	a := dirAuth0(r)
	own := a != nil && e.UserID != 0 && e.UserID == a.UserID
	p := &dirExpertPage{dirBase: dirBase{Tab: "experts"}, E: *e, Full: full, Own: own,
		CanEdit: (dirCanManageDirectory(r) || own) && e.Status != directory.StatusAnonymised,
		Kind:    e.Kind.Label().In(lang), Rating: dirRating(e), Languages: strings.Join(e.Languages, ", ")}
	if e.ProvinceCode != "" {
		p.Province = h.geo.Name(e.ProvinceCode)
	}
	if e.OrganisationID != 0 {
		p.OrgHref = dirOrgHref(e.OrganisationID)
	}
	for _, t := range e.Tools {
		n := names[t.Tool]
		if n == "" {
			n = string(t.Tool)
		}
		p.Tools = append(p.Tools, dirToolLevel{Name: n, Level: t.Level.Label().In(lang)})
	}
	for _, s := range e.Sectors {
		p.Sectors = append(p.Sectors, dirSectorLabel(s).In(lang))
	}
	for _, s := range e.Provinces {
		p.Served = append(p.Served, h.geo.Name(s))
	}
	today := h.directory.Today()
	for _, c := range e.Credentials {
		p.Creds = append(p.Creds, dirCred{Credential: c, Expired: c.Expired(today)})
	}
	if full && (own || dirCanManageDirectory(r)) {
		rs, err := h.directory.Relations(r.Context(), e.ID)
		if err != nil {
			return err
		}
		p.ShowRelations, p.Relations = true, dirRelationRows(rs, lang)
	}
	if full {
		for _, c := range e.Consents {
			p.Consents = append(p.Consents, c.Label().In(lang))
		}
		for _, f := range e.Public {
			p.Public = append(p.Public, f.Label().In(lang))
		}
	}
	return h.render(w, r, http.StatusOK, "directory_expert", fault.Text{Vi: e.Name, En: e.Name}, p)
}

// dirExpertFormPage is the profile form: an officer's new or edit form, or
// the expert's own profile.
type dirExpertFormPage struct {
	Layout
	dirBase
	formErrors
	Action    string
	IsNew     bool
	Own       bool
	ID        int64
	Name      string
	Form      dirExpertForm
	Kinds     []option
	Provinces []option
	ToolRows  []dirToolRow
	Sectors   []option
	Served    []option
	Creds     []dirExpertCredForm
	OrgName   string
	OrgLocked bool   // the organisation is shown, not edited (self-service)
	Duplicate string // the page of the existing expert a duplicate points to
}

type dirExpertForm struct {
	Name, Title, Kind, Email, IDNumber, Phone, ProvinceCode, Languages, Bio, Capacity, OrganisationID string
}

type dirToolRow struct {
	Code, Name string
	Levels     []option
}

type dirExpertCredForm struct {
	N                                  int
	Title, Issuer, IssuedOn, ExpiresOn string
}

func dirFormOfExpert(e *directory.Expert) dirExpertForm {
	f := dirExpertForm{Name: e.Name, Title: e.Title, Kind: string(e.Kind), Email: e.Email, IDNumber: e.IDNumber, Phone: e.Phone,
		ProvinceCode: e.ProvinceCode, Languages: strings.Join(e.Languages, ", "), Bio: e.Bio, Capacity: strconv.Itoa(e.Capacity)}
	if e.OrganisationID != 0 {
		f.OrganisationID = dirItoa64(int64(e.OrganisationID))
	}
	return f
}

// dirReadExpertForm reads the posted profile. Cells that do not parse give
// field errors.
func dirReadExpertForm(r *http.Request, tools []catalog.Tool) (directory.Expert, dirExpertForm, []dirExpertCredForm, error) {
	f := dirExpertForm{Name: formValue(r, "name"), Title: formValue(r, "title"), Kind: formValue(r, "kind"), Email: formValue(r, "email"),
		IDNumber: formValue(r, "id_number"), Phone: formValue(r, "phone"), ProvinceCode: formValue(r, "province_code"),
		Languages: formValue(r, "languages"), Bio: formValue(r, "bio"), Capacity: formValue(r, "capacity"), OrganisationID: formValue(r, "organisation_id")}
	e := directory.Expert{Name: f.Name, Title: f.Title, Kind: directory.Kind(f.Kind), Email: f.Email, IDNumber: f.IDNumber,
		Phone: f.Phone, ProvinceCode: f.ProvinceCode, Languages: []string{f.Languages}, Bio: f.Bio,
		Sectors: r.PostForm["sectors"], Provinces: r.PostForm["provinces"]}
	bad := fault.Fields{}
	if f.Capacity == "" {
		e.Capacity = 1
	} else if n, err := strconv.Atoi(f.Capacity); err == nil {
		e.Capacity = n
	} else {
		bad.Add("capacity", "Số việc nhận cùng lúc phải là số nguyên.", "Capacity must be a whole number.")
	}
	if f.OrganisationID != "" {
		if n, err := strconv.ParseInt(f.OrganisationID, 10, 64); err == nil && n > 0 {
			e.OrganisationID = directory.OrganisationID(n)
		} else {
			bad.Add("organisation_id", "Mã tổ chức phải là số (xem trên trang của tổ chức).", "The organisation number must be a number (see the organisation's page).")
		}
	}
	for _, t := range tools {
		v := r.PostFormValue("tool_" + string(t.Code))
		if v == "" || v == "0" {
			continue
		}
		l, err := strconv.Atoi(v)
		if err != nil {
			l = -1
		}
		e.Tools = append(e.Tools, directory.Expertise{Tool: t.Code, Level: directory.Level(l)})
	}
	titles, issuers, issued, expires := r.PostForm["cred_title"], r.PostForm["cred_issuer"], r.PostForm["cred_issued"], r.PostForm["cred_expires"]
	var creds []dirExpertCredForm
	at := func(xs []string, i int) string {
		if i < len(xs) {
			return strings.TrimSpace(xs[i])
		}
		return ""
	}
	for i := range titles {
		c := dirExpertCredForm{Title: at(titles, i), Issuer: at(issuers, i), IssuedOn: at(issued, i), ExpiresOn: at(expires, i)}
		if c.Title == "" && c.Issuer == "" && c.IssuedOn == "" && c.ExpiresOn == "" {
			continue // an empty row
		}
		creds = append(creds, c)
		e.Credentials = append(e.Credentials, directory.Credential{Title: c.Title, Issuer: c.Issuer, IssuedOn: c.IssuedOn, ExpiresOn: c.ExpiresOn})
	}
	return e, f, creds, bad.Err()
}

// expertFormPage builds the form page for e (nil for a new profile).
func (h *Handler) expertFormPage(r *http.Request, e *directory.Expert, f dirExpertForm, creds []dirExpertCredForm, tools []directory.Expertise,
	sectors, served []string) *dirExpertFormPage {
	lang := h.lang(r)
	ts, names := h.dirToolNames(r.Context(), lang)
	p := &dirExpertFormPage{dirBase: dirBase{Tab: "experts"}, Form: f, Creds: creds}
	if e != nil {
		p.ID, p.Name, p.OrgName = int64(e.ID), e.Name, e.OrganisationName
	}
	if !dirCanManageDirectory(r) {
		// Only the directory office sets an expert's organisation.
		p.OrgLocked, p.Form.OrganisationID = true, ""
		if e != nil && e.OrganisationID != 0 {
			p.Form.OrganisationID = dirItoa64(int64(e.OrganisationID))
		}
	}
	for _, k := range directory.Kinds {
		p.Kinds = append(p.Kinds, option{Value: string(k), Label: k.Label().In(lang), Selected: f.Kind == string(k)})
	}
	p.Provinces = h.provinceOptions(f.ProvinceCode)
	level := map[catalog.ToolCode]directory.Level{}
	for _, t := range tools {
		level[t.Tool] = t.Level
	}
	for _, t := range ts {
		row := dirToolRow{Code: string(t.Code), Name: names[t.Code]}
		row.Levels = append(row.Levels, option{Value: "0", Label: "—", Selected: level[t.Code] == 0})
		for _, l := range directory.Levels {
			row.Levels = append(row.Levels, option{Value: strconv.Itoa(int(l)), Label: l.Label().In(lang), Selected: level[t.Code] == l})
		}
		p.ToolRows = append(p.ToolRows, row)
	}
	in := func(xs []string) func(string) bool {
		return func(s string) bool {
			for _, x := range xs {
				if x == s {
					return true
				}
			}
			return false
		}
	}
	p.Sectors = dirSectorOptions(lang, in(sectors))
	for _, pr := range h.geo.Provinces {
		p.Served = append(p.Served, option{Value: pr.Code, Label: pr.Short, Selected: in(served)(pr.Code)})
	}
	// Two empty rows to add credentials.
	p.Creds = append(p.Creds, dirExpertCredForm{}, dirExpertCredForm{})
	for i := range p.Creds {
		p.Creds[i].N = i + 1
	}
	return p
}

func dirCredForms(cs []directory.Credential) []dirExpertCredForm {
	var out []dirExpertCredForm
	for _, c := range cs {
		out = append(out, dirExpertCredForm{Title: c.Title, Issuer: c.Issuer, IssuedOn: isoToVN(c.IssuedOn), ExpiresOn: isoToVN(c.ExpiresOn)})
	}
	return out
}

func (h *Handler) renderExpertForm(w http.ResponseWriter, r *http.Request, status int, p *dirExpertFormPage, title fault.Text) error {
	return h.render(w, r, status, "directory_expert_form", title, p)
}

// saveExpert reads the form, calls save and shows the form again on an
// error the user fixes there.
func (h *Handler) saveExpert(w http.ResponseWriter, r *http.Request, cur *directory.Expert, setup func(p *dirExpertFormPage), title fault.Text,
	save func(in directory.Expert) (*directory.Expert, error)) error {
	if err := parseForm(r); err != nil {
		return err
	}
	tools, _ := h.dirToolNames(r.Context(), h.lang(r))
	in, f, creds, err := dirReadExpertForm(r, tools)
	var saved *directory.Expert
	if err == nil {
		saved, err = save(in)
	}
	if err != nil {
		if !isFormError(err) {
			return err
		}
		p := h.expertFormPage(r, cur, f, creds, in.Tools, in.Sectors, in.Provinces)
		setup(p)
		p.formErrors = newFormErrors(h.lang(r), err, nil)
		if d := directory.DuplicateOf(err); d != nil {
			p.Duplicate = dirExpertHref(d.Existing)
		}
		return h.renderExpertForm(w, r, formStatus(err), p, title)
	}
	h.flash(r.Context(), "success", text("dir.flash_saved"))
	if p := dirAuth0(r); p != nil && saved.UserID == p.UserID && dirCanOwnProfile(r) {
		redirect(w, r, "/experts/me")
		return nil
	}
	redirect(w, r, dirExpertHref(saved.ID))
	return nil
}

func (h *Handler) handleExpertNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	if !dirCanManageDirectory(r) {
		return fault.New(fault.Forbidden, "Bạn không có quyền thêm chuyên gia.", "You may not add experts.")
	}
	p := h.expertFormPage(r, nil, dirExpertForm{Kind: string(directory.KindExpert), Capacity: "1", Languages: "vi"}, nil, nil, nil, nil)
	p.IsNew, p.Action = true, "/experts"
	return h.renderExpertForm(w, r, http.StatusOK, p, text("dir.new_expert"))
}

func (h *Handler) handleExpertCreate(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	return h.saveExpert(w, r, nil, func(p *dirExpertFormPage) { p.IsNew, p.Action = true, "/experts" }, text("dir.new_expert"),
		func(in directory.Expert) (*directory.Expert, error) { return h.directory.CreateExpert(r.Context(), in) })
}

// editable loads expert id for the edit form: its manager or the expert.
func (h *Handler) editableExpert(r *http.Request) (*directory.Expert, error) {
	id, err := signedInID(r)
	if err != nil {
		return nil, err
	}
	e, full, err := h.directory.Expert(r.Context(), directory.ExpertID(id))
	if err != nil {
		return nil, err
	}
	if !full || e.Status == directory.StatusAnonymised {
		return nil, fault.New(fault.Forbidden, "Bạn không có quyền sửa hồ sơ này.", "You may not edit this profile.")
	}
	return e, nil
}

func (h *Handler) handleExpertEdit(w http.ResponseWriter, r *http.Request) error {
	e, err := h.editableExpert(r)
	if err != nil {
		return err
	}
	p := h.expertFormPage(r, e, dirFormOfExpert(e), dirCredForms(e.Credentials), e.Tools, e.Sectors, e.Provinces)
	p.Action = dirExpertHref(e.ID)
	return h.renderExpertForm(w, r, http.StatusOK, p, text("dir.edit_expert"))
}

func (h *Handler) handleExpertUpdate(w http.ResponseWriter, r *http.Request) error {
	e, err := h.editableExpert(r)
	if err != nil {
		return err
	}
	return h.saveExpert(w, r, e, func(p *dirExpertFormPage) { p.Action = dirExpertHref(e.ID) }, text("dir.edit_expert"),
		func(in directory.Expert) (*directory.Expert, error) {
			return h.directory.UpdateExpert(r.Context(), e.ID, in)
		})
}

// handleMyProfile shows the expert's own profile form (empty the first
// time, with the account's name and email).
func (h *Handler) handleMyProfile(w http.ResponseWriter, r *http.Request) error {
	a, err := actor(r)
	if err != nil {
		return err
	}
	e, err := h.directory.MyProfile(r.Context())
	var p *dirExpertFormPage
	switch {
	case err == nil:
		p = h.expertFormPage(r, e, dirFormOfExpert(e), dirCredForms(e.Credentials), e.Tools, e.Sectors, e.Provinces)
	case fault.Is(err, fault.NotFound):
		p = h.expertFormPage(r, nil, dirExpertForm{Name: a.Name, Email: a.Email, Kind: string(directory.KindExpert), Capacity: "1", Languages: "vi"}, nil, nil, nil, nil)
		p.IsNew = true
	default:
		return err
	}
	p.Own, p.Action = true, "/experts/me"
	return h.renderExpertForm(w, r, http.StatusOK, p, text("dir.my_profile"))
}

func (h *Handler) handleMyProfileSave(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	cur, err := h.directory.MyProfile(r.Context())
	if err != nil && !fault.Is(err, fault.NotFound) {
		return err
	}
	return h.saveExpert(w, r, cur, func(p *dirExpertFormPage) { p.Own, p.Action, p.IsNew = true, "/experts/me", cur == nil }, text("dir.my_profile"),
		func(in directory.Expert) (*directory.Expert, error) {
			return h.directory.SaveMyProfile(r.Context(), in)
		})
}

// dirAuth0 returns the signed-in actor or nil.
func dirAuth0(r *http.Request) *auth.Actor {
	a, err := actor(r)
	if err != nil {
		return nil
	}
	return a
}
