package web

import (
	"html/template"
	"net/http"
	"regexp"
	"strings"

	"nscl/internal/mail"
)

const outboxPerPage = 50

// outboxPage lists stored outgoing mail.
type outboxPage struct {
	Layout
	Messages []*mail.Message
	To       string
	Pager    Pager
}

// outboxMessagePage shows one message with its links clickable.
type outboxMessagePage struct {
	Layout
	Message *mail.Message
	Body    template.HTML // escaped text with http(s) links made clickable
}

func (h *Handler) handleOutboxList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page := pageParam(q)
	p := &outboxPage{To: strings.TrimSpace(q.Get("to"))}
	msgs, total, err := h.mail.FindMessages(r.Context(), mail.Filter{To: p.To, Offset: (page - 1) * outboxPerPage, Limit: outboxPerPage})
	if err != nil {
		return err
	}
	p.Messages, p.Pager = msgs, newPager(r, page, outboxPerPage, total)
	return h.render(w, r, http.StatusOK, "outbox", text("outbox.title"), p)
}

func (h *Handler) handleOutboxShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := h.mail.FindMessageByID(r.Context(), id)
	if err != nil {
		return err
	}
	p := &outboxMessagePage{Message: m, Body: autolink(m.Body)}
	return h.render(w, r, http.StatusOK, "outbox_message", text("outbox.message_title"), p)
}

var linkRE = regexp.MustCompile(`https?://[^\s<>"'` + "`" + `]+`)

// autolink escapes s for HTML and turns each http(s) URL in it into a link.
// Everything, the URLs included, is escaped, so the result is safe.
func autolink(s string) template.HTML {
	var b strings.Builder
	last := 0
	for _, m := range linkRE.FindAllStringIndex(s, -1) {
		start, end := m[0], m[1]
		// Punctuation closing a sentence is not part of the link.
		for end > start && strings.ContainsRune(".,;:!?)]}", rune(s[end-1])) {
			end--
		}
		b.WriteString(template.HTMLEscapeString(s[last:start]))
		u := template.HTMLEscapeString(s[start:end])
		b.WriteString(`<a href="` + u + `" rel="noopener noreferrer">` + u + `</a>`)
		last = end
	}
	b.WriteString(template.HTMLEscapeString(s[last:]))
	return template.HTML(b.String())
}
