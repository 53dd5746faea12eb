package web

import (
	"net/http"
	"strconv"

	"nscl/internal/directory"
	"nscl/internal/fault"
)

// The relations an expert declares with registry enterprises (conflicts of
// interest): their own sub-page of the profile; directory officers see
// them on the expert's page.

// dirRelationsPage is the expert's list of relations and the form that
// declares one.
type dirRelationsPage struct {
	Layout
	dirBase
	formErrors
	E         *directory.Expert
	Relations []dirRelationRow
	Kinds     []option
	TaxCode   string
	Note      string
}

// dirRelationRow is one relation as a table shows it.
type dirRelationRow struct {
	directory.Relation
	KindLabel string
	Href      string // the enterprise's registry page
}

func dirRelationRows(rs []directory.Relation, lang string) []dirRelationRow {
	out := make([]dirRelationRow, len(rs))
	for i, r := range rs {
		out[i] = dirRelationRow{Relation: r, KindLabel: r.Kind.Label().In(lang), Href: "/enterprises/" + strconv.FormatInt(r.EnterpriseID, 10)}
	}
	return out
}

func (h *Handler) dirRelationsPage(r *http.Request, kind string) (*dirRelationsPage, error) {
	e, err := h.directory.MyProfile(r.Context())
	if err != nil {
		return nil, err
	}
	rs, err := h.directory.MyRelations(r.Context())
	if err != nil {
		return nil, err
	}
	lang := h.lang(r)
	p := &dirRelationsPage{dirBase: dirBase{Tab: "experts"}, E: e, Relations: dirRelationRows(rs, lang)}
	p.Kinds = append(p.Kinds, option{Value: "", Label: text("dir.choose").In(lang)})
	for _, k := range directory.RelationKinds {
		p.Kinds = append(p.Kinds, option{Value: string(k), Label: k.Label().In(lang), Selected: kind == string(k)})
	}
	return p, nil
}

// renderRelations renders the page, or sends to the profile form before
// the profile exists.
func (h *Handler) renderRelations(w http.ResponseWriter, r *http.Request, status int, p *dirRelationsPage, err error) error {
	if fault.Is(err, fault.NotFound) {
		h.flash(r.Context(), "info", text("dir.profile_first"))
		redirect(w, r, "/experts/me")
		return nil
	}
	if err != nil {
		return err
	}
	return h.render(w, r, status, "directory_relations", text("dir.relations_title"), p)
}

func (h *Handler) handleMyRelations(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	p, err := h.dirRelationsPage(r, "")
	return h.renderRelations(w, r, http.StatusOK, p, err)
}

// handleMyRelationDeclare declares a relation; a bad tax code or kind
// shows the form again with the message at the field.
func (h *Handler) handleMyRelationDeclare(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in := directory.RelationInput{TaxCode: r.PostFormValue("tax_code"), Kind: directory.RelationKind(r.PostFormValue("kind")), Note: r.PostFormValue("note")}
	if _, err := h.directory.DeclareRelation(r.Context(), in); err != nil {
		if !isFormError(err) {
			return err
		}
		p, perr := h.dirRelationsPage(r, string(in.Kind))
		if perr != nil {
			return h.renderRelations(w, r, 0, nil, perr)
		}
		p.formErrors = newFormErrors(h.lang(r), err, nil)
		p.TaxCode, p.Note = in.TaxCode, in.Note
		return h.render(w, r, formStatus(err), "directory_relations", text("dir.relations_title"), p)
	}
	h.flash(r.Context(), "success", text("dir.flash_relation_declared"))
	redirect(w, r, "/experts/me/relations")
	return nil
}

// handleMyRelationRemove removes one of the expert's relations.
func (h *Handler) handleMyRelationRemove(w http.ResponseWriter, r *http.Request) error {
	if _, err := actor(r); err != nil {
		return err
	}
	id, err := pathID(r, "enterprise")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if err := h.directory.RemoveRelation(r.Context(), id); err != nil {
		return err
	}
	h.flash(r.Context(), "success", text("dir.flash_relation_removed"))
	redirect(w, r, "/experts/me/relations")
	return nil
}
