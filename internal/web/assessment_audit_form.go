package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
)

// The audit form, built for a phone on the factory floor: one item per
// screen (the default) or a section's items on one page. Every item of the
// assessment's own scheme version is in the item view's page, one shown
// at a time: without JavaScript the links and forms go through the server
// (a normal POST, then the next item); with static/assessment_audit.js the
// screens change in the page, each answer is saved as it is given through
// the JSON API, and answers given without a connection wait in the
// browser's storage until it returns.

// asmEnd is the pseudo item of the last screen: the summary and the
// submission.
const asmEnd = "_end"

// asmChoice is a value of an item's scale.
type asmChoice struct {
	ID      string
	Value   string
	Number  string
	Label   string
	Checked bool
}

// asmFormItem is an item of the form.
type asmFormItem struct {
	Key       string
	Anchor    string
	Section   string
	N         int // 1-based position in the version
	Text      string
	Guidance  string
	Evidence  string
	Choices   []asmChoice
	AllowNA   bool
	NAChecked bool
	NAID      string
	Note      string
	Answered  bool
	Hidden    bool
	PrevHref  string
	NextHref  string
	Next      string // where the server sends the browser after saving
	PhotoSrc  string // the findings area's photo fragment of the item
	PhotoLive bool   // the photo slot loads now (else when shown)
	Error     string
	Action    string // the page's: where the form posts
	ReadOnly  bool
	ListView  bool
}

// asmSectionLink is a section in the list view's navigation.
type asmSectionLink struct {
	Key      string
	Name     string
	Href     string
	Current  bool
	Answered int
	Items    int
}

type asmFormPage struct {
	Layout
	Tabs       []assessmentTab
	ID         assessment.AssessmentID
	Href       string
	Action     string
	API        string
	Version    int
	Enterprise string
	Scheme     string
	Site       string
	ReadOnly   bool // a viewer who does not answer (an officer): the form as it stands
	ListView   bool
	ItemHref   string // the item view
	ListHref   string // the list view (first section)
	Sections   []asmSectionLink
	Items      []asmFormItem
	Current    int // 1-based position of the item shown
	Total      int
	Answered   int
	Percent    int
	EndHidden  bool
	EndHref    string
	Missing    int
	Complete   bool
	Form       formErrors
	User       int64  // whose offline draft the browser keeps
	Lapsed     string // why the assigned assessor may no longer answer
}

// asmPosted is an answer as posted, shown again with its error.
type asmPosted struct {
	item, value, note string
	fe                formErrors
}

func (h *Handler) handleAsmForm(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.renderAsmForm(w, r, http.StatusOK, assessment.AssessmentID(id), nil)
}

func (h *Handler) renderAsmForm(w http.ResponseWriter, r *http.Request, status int, id assessment.AssessmentID, posted *asmPosted) error {
	ctx := r.Context()
	lang := h.lang(r)
	sh, err := h.assess.Sheet(ctx, id)
	if err != nil {
		return err
	}
	x, body := sh.Assessment, &sh.Version.Body
	href := assessmentHref(x.ID)
	if x.Status != assessment.StatusInProgress {
		if sh.Perms.Start {
			h.flash(ctx, "info", text("asm.start_first"))
		} else {
			h.flash(ctx, "info", text("asm.form_closed"))
		}
		redirect(w, r, href)
		return nil
	}
	qs := r.URL.Query()
	if posted != nil {
		qs = url.Values{"item": {posted.item}}
		if v := r.PostFormValue("view"); v == "list" {
			qs.Set("view", "list")
		}
	}
	base := href + "/audit"
	p := &asmFormPage{Tabs: h.withRecognitionTab(r, x, assessmentTabs(x, tabAudit, lang), lang), ID: x.ID, Href: href, Action: href + "/answers",
		API: "/api/v1/assessments/" + strconv.FormatInt(int64(x.ID), 10) + "/answers", Version: x.Version,
		Enterprise: x.EnterpriseName, Scheme: x.SchemeName.In(lang) + " · " + text("asm.version_short").In(lang) + strconv.Itoa(x.VersionNo),
		Site: x.Site, ReadOnly: !sh.Perms.Answer, ListView: qs.Get("view") == "list", ItemHref: base, Total: sh.Result.Items,
		Answered: sh.Result.Answered, EndHref: base + "?item=" + asmEnd, Complete: sh.Result.Complete}
	if p.Total > 0 {
		p.Percent = p.Answered * 100 / p.Total
	}
	p.User, p.Lapsed = int64(auth.ActorFrom(ctx).UserID), sh.Perms.Lapsed.In(lang)
	p.Missing = p.Total - p.Answered
	if posted != nil {
		p.Form = posted.fe
	}
	// The section of the list view, and the item of the item view: the one
	// asked for, else the first not answered.
	section := qs.Get("section")
	current := qs.Get("item")
	if posted == nil && current == "" {
		for _, s := range body.Sections {
			for _, it := range s.Items {
				if _, ok := sh.Answers[it.Key]; !ok && current == "" {
					current = it.Key
				}
			}
		}
		if current == "" {
			current = asmEnd
		}
	}
	if _, _, ok := body.Item(current); !ok && current != asmEnd {
		current = ""
	}
	if p.ListView && section == "" {
		for _, s := range body.Sections {
			for _, it := range s.Items {
				if it.Key == current && section == "" {
					section = s.Key
				}
			}
		}
	}
	if len(body.Sections) > 0 && (section == "" || !asmHasSection(body, section)) {
		section = body.Sections[0].Key
	}
	if len(body.Sections) > 0 {
		p.ListHref = base + "?view=list&section=" + url.QueryEscape(body.Sections[0].Key)
	}
	// Every item, in order, with its neighbours.
	var keys []string
	for _, s := range body.Sections {
		for _, it := range s.Items {
			keys = append(keys, it.Key)
		}
	}
	if current == "" && len(keys) > 0 {
		current = keys[0]
	}
	itemHref := func(k string) string { return base + "?item=" + url.QueryEscape(k) }
	n := 0
	for si, s := range body.Sections {
		link := asmSectionLink{Key: s.Key, Name: s.Name.In(lang), Href: base + "?view=list&section=" + url.QueryEscape(s.Key),
			Current: s.Key == section, Items: len(s.Items)}
		if si < len(sh.Result.Sections) {
			link.Answered = sh.Result.Sections[si].Answered
		}
		p.Sections = append(p.Sections, link)
		for _, it := range s.Items {
			n++
			if p.ListView && s.Key != section {
				continue
			}
			_, sc, _ := body.Item(it.Key)
			fi := asmFormItem{Key: it.Key, Anchor: "item-" + asmAnchor(it.Key), Section: s.Name.In(lang), N: n, Text: it.Text.In(lang),
				Guidance: it.Guidance.In(lang), Evidence: it.Evidence.In(lang), AllowNA: it.AllowNA,
				PhotoSrc: href + "/items/" + url.PathEscape(it.Key) + "/photos", Action: p.Action, ReadOnly: p.ReadOnly, ListView: p.ListView}
			fi.NAID = fi.Anchor + "-na"
			a, answered := sh.Answers[it.Key]
			fi.Answered = answered
			val := ""
			if answered {
				fi.Note, fi.NAChecked = a.Note, a.NA
				if !a.NA {
					val = strconv.Itoa(a.Value)
				}
			}
			if posted != nil && posted.item == it.Key {
				val, fi.Note, fi.NAChecked = posted.value, posted.note, posted.value == "na"
				for _, m := range posted.fe.Errors {
					fi.Error = m
				}
				if fi.Error == "" {
					fi.Error = posted.fe.Message
				}
			}
			labels := map[int]string{}
			for _, l := range sc.Labels {
				labels[l.Value] = l.Label.In(lang)
			}
			for v := sc.Min; v <= sc.Max && v-sc.Min <= 20; v++ {
				vs := strconv.Itoa(v)
				fi.Choices = append(fi.Choices, asmChoice{ID: fi.Anchor + "-v" + vs, Value: vs, Number: vs, Label: labels[v], Checked: val == vs})
			}
			if p.ListView {
				fi.PhotoLive = true
				fi.Next = base + "?view=list&section=" + url.QueryEscape(section) + "#" + fi.Anchor
			} else {
				i := n - 1
				if i > 0 {
					fi.PrevHref = itemHref(keys[i-1])
				}
				if i+1 < len(keys) {
					fi.NextHref = itemHref(keys[i+1])
				} else {
					fi.NextHref = p.EndHref
				}
				fi.Next = fi.NextHref
				fi.Hidden = it.Key != current
				fi.PhotoLive = !fi.Hidden
				if !fi.Hidden {
					p.Current = n
				}
			}
			p.Items = append(p.Items, fi)
		}
	}
	p.EndHidden = !p.ListView && current != asmEnd
	if current == asmEnd {
		p.Current = p.Total
	}
	return h.render(w, r, status, "assessment_audit", text("asm.audit_title"), p)
}

// asmAnchor makes an item key safe in an id ("s1.3" → "s1-3").
func asmAnchor(key string) string {
	b := []byte(key)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			b[i] = '-'
		}
	}
	return string(b)
}

// handleAsmAnswer saves one answer posted without JavaScript and goes
// to the next item (or shows the item again with its error).
func (h *Handler) handleAsmAnswer(w http.ResponseWriter, r *http.Request) error {
	id, err := postedID(r)
	if err != nil {
		return err
	}
	x := assessment.AssessmentID(id)
	in := assessment.AnswerInput{Item: formValue(r, "item"), Note: formValue(r, "note")}
	value := formValue(r, "value")
	switch value {
	case "na":
		in.NA = true
	case "":
	default:
		v, err := strconv.Atoi(value)
		if err != nil {
			v = -1 << 20 // refused by the scale check, with its message
		}
		in.Value = &v
	}
	if at, err := time.Parse(time.RFC3339Nano, formValue(r, "at")); err == nil {
		in.At = at
	}
	if _, err := h.assess.SaveAnswer(r.Context(), x, in); err != nil {
		switch {
		case fault.Is(err, fault.Invalid):
			return h.renderAsmForm(w, r, http.StatusUnprocessableEntity, x, &asmPosted{item: in.Item, value: value, note: in.Note,
				fe: newFormErrors(h.lang(r), err, nil)})
		case fault.Is(err, fault.Conflict):
			h.flash(r.Context(), "error", fault.MessageOf(err))
			redirect(w, r, assessmentHref(x))
			return nil
		}
		return err
	}
	redirect(w, r, asmLocalNext(x, formValue(r, "next")))
	return nil
}

// asmHasSection reports whether body has a section of key.
func asmHasSection(body *assessment.Body, key string) bool {
	for _, s := range body.Sections {
		if s.Key == key {
			return true
		}
	}
	return false
}
