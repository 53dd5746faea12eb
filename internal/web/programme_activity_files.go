package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"nscl/internal/fault"
	"nscl/internal/programme"
)

func (h *Handler) handlePropUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	v, err := h.programme.Activity(r.Context(), programme.ActivityID(id))
	if err != nil {
		return err
	}
	if !v.Proposer {
		return &fault.Error{Kind: fault.Forbidden, Message: text("act.only_proposer")}
	}
	fail := func(status int, msg fault.Text) error {
		return h.actRender(w, r, status, programme.ActivityID(id), actDecideForm{},
			newFormErrors(h.lang(r), fault.Fields{"file": msg}.Err(), nil))
	}
	name, data, err := readUpload(w, r, "file", programme.MaxAttachmentSize)
	if err != nil {
		msg := text("act.choose_file")
		if errors.Is(err, errUploadTooLarge) {
			msg = text("act.file_too_large")
		}
		return fail(uploadFailStatus(err), msg)
	}
	if _, err := h.programme.AddAttachment(r.Context(), programme.ActivityID(id), name, data); err != nil {
		if !isFormError(err) {
			return err
		}
		return h.actRender(w, r, formStatus(err), programme.ActivityID(id), actDecideForm{}, newFormErrors(h.lang(r), err, nil))
	}
	h.flash(r.Context(), "success", text("act.flash_uploaded"))
	redirect(w, r, actPageHref(programme.ActivityID(id)))
	return nil
}

func (h *Handler) handlePropFile(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	fid, err := pathID(r, "fid")
	if err != nil {
		return err
	}
	f, err := h.programme.Attachment(r.Context(), programme.ActivityID(id), programme.FileID(fid))
	if err != nil {
		return err
	}
	return sendActivityFile(w, f)
}

// sendActivityFile sends a stored attachment or evidence file as a download
// (never rendered inline: its type was checked, not trusted).
func sendActivityFile(w http.ResponseWriter, f *programme.File) error {
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(f.Name))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Data)))
	_, err := w.Write(f.Data)
	return err
}

func (h *Handler) handlePropFileDelete(w http.ResponseWriter, r *http.Request) error {
	fid, err := pathID(r, "fid")
	if err != nil {
		return err
	}
	return h.actAction(w, r, text("act.flash_file_removed"), func(id programme.ActivityID) error {
		return h.programme.RemoveAttachment(r.Context(), id, programme.FileID(fid))
	})
}
