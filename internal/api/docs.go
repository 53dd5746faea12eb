package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// The docs page is rendered on the server from the OpenAPI document: huma's
// own docs page loads JavaScript from a CDN, which the platform's
// Content-Security-Policy (script-src 'self') forbids and which would not
// work offline. This page has no script at all.

//go:embed docs.html
var docsHTML string

var docsTemplate = template.Must(template.New("docs").Funcs(template.FuncMap{
	"curl":  func(c, origin string) string { return strings.ReplaceAll(c, originMark, origin) },
	"lower": strings.ToLower,
}).Parse(docsHTML))

// originMark stands for the server's origin in the curl examples, which the
// page fills in per request.
const originMark = "\x00origin\x00"

type docsPage struct {
	Title       string
	Version     string
	OpenAPI     string
	Description string
	Tags        []docsTag
	Origin      string // per request
}

type docsTag struct {
	Name        string
	Description string
	Anchor      string
	Ops         []docsOp
}

type docsOp struct {
	ID          string
	Method      string
	Path        string
	Summary     string
	Description string
	Public      bool
	Params      []docsParam
	Body        []docsField
	BodyType    string
	Responses   []docsResponse
	Curl        string
}

type docsParam struct {
	Name        string
	In          string
	Type        string
	Required    bool
	Description string
}

type docsResponse struct {
	Status      string
	Description string
	ContentType string
	Type        string
	Fields      []docsField
}

type docsField struct {
	Name        string
	Type        string
	Required    bool
	Description string
}

func buildDocs(oapi *huma.OpenAPI) *docsPage {
	p := &docsPage{Title: oapi.Info.Title, Version: oapi.Info.Version, OpenAPI: oapi.OpenAPI, Description: oapi.Info.Description}
	reg := oapi.Components.Schemas
	byTag := map[string]*docsTag{}
	var order []string
	for _, t := range oapi.Tags {
		byTag[t.Name] = &docsTag{Name: t.Name, Description: t.Description, Anchor: "tag-" + strconv.Itoa(len(order))}
		order = append(order, t.Name)
	}
	paths := make([]string, 0, len(oapi.Paths))
	for path := range oapi.Paths {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		item := oapi.Paths[path]
		for _, op := range []*huma.Operation{item.Get, item.Post, item.Put, item.Patch, item.Delete} {
			if op == nil || op.Hidden {
				continue
			}
			tag := "Khác (Other)"
			if len(op.Tags) > 0 {
				tag = op.Tags[0]
			}
			t, ok := byTag[tag]
			if !ok {
				t = &docsTag{Name: tag, Anchor: "tag-" + strconv.Itoa(len(order))}
				byTag[tag] = t
				order = append(order, tag)
			}
			t.Ops = append(t.Ops, docsOperation(reg, path, op))
		}
	}
	for _, name := range order {
		if t := byTag[name]; len(t.Ops) > 0 {
			p.Tags = append(p.Tags, *t)
		}
	}
	return p
}

func docsOperation(reg huma.Registry, path string, op *huma.Operation) docsOp {
	d := docsOp{ID: op.OperationID, Method: op.Method, Path: path, Summary: op.Summary, Description: op.Description,
		Public: isPublic(op.Security)}
	for _, prm := range op.Parameters {
		d.Params = append(d.Params, docsParam{Name: prm.Name, In: prm.In, Type: typeName(reg, prm.Schema),
			Required: prm.Required, Description: describe(reg, prm.Description, prm.Schema)})
	}
	var body *huma.Schema
	if op.RequestBody != nil {
		if mt := op.RequestBody.Content["application/json"]; mt != nil && mt.Schema != nil {
			body = mt.Schema
			d.BodyType = typeName(reg, body)
			d.Body = fieldsOf(reg, body, "", 0)
		}
	}
	codes := make([]string, 0, len(op.Responses))
	for code := range op.Responses {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		r := op.Responses[code]
		dr := docsResponse{Status: code, Description: r.Description}
		cts := make([]string, 0, len(r.Content))
		for ct := range r.Content {
			cts = append(cts, ct)
		}
		sort.Strings(cts)
		dr.ContentType = strings.Join(cts, ", ")
		if len(cts) > 0 {
			if mt := r.Content[cts[0]]; mt.Schema != nil && strings.Contains(cts[0], "json") {
				dr.Type = typeName(reg, mt.Schema)
				dr.Fields = fieldsOf(reg, mt.Schema, "", 0)
			}
		}
		d.Responses = append(d.Responses, dr)
	}
	d.Curl = curlExample(reg, op.Method, path, d.Public, body)
	return d
}

// isPublic reports whether a security requirement lets anonymous callers in
// (an empty requirement object).
func isPublic(sec []map[string][]string) bool {
	for _, s := range sec {
		if len(s) == 0 {
			return true
		}
	}
	return len(sec) == 0
}

func resolve(reg huma.Registry, s *huma.Schema) *huma.Schema {
	for i := 0; s != nil && s.Ref != "" && i < 8; i++ {
		s = reg.SchemaFromRef(s.Ref)
	}
	return s
}

func refName(ref string) string { return ref[strings.LastIndex(ref, "/")+1:] }

// typeName is a short readable type: "string (date-time)", "UserView",
// "array of TokenView", "integer (int64)", "any".
func typeName(reg huma.Registry, s *huma.Schema) string {
	if s == nil {
		return "any"
	}
	if s.Ref != "" {
		return refName(s.Ref)
	}
	t := s.Type
	switch {
	case t == huma.TypeArray:
		t = "array of " + typeName(reg, s.Items)
	case t == "":
		t = "any (JSON)"
	case s.Format != "":
		t += " (" + s.Format + ")"
	}
	if s.Nullable {
		t += ", null"
	}
	return t
}

// describe adds the constraints a reader needs to a description.
func describe(reg huma.Registry, desc string, s *huma.Schema) string {
	s = resolve(reg, s)
	if s == nil {
		return desc
	}
	var extra []string
	if len(s.Enum) > 0 {
		vals := make([]string, len(s.Enum))
		for i, v := range s.Enum {
			vals[i] = fmt.Sprint(v)
		}
		extra = append(extra, "một trong (one of): "+strings.Join(vals, ", "))
	}
	if s.Minimum != nil {
		extra = append(extra, "≥ "+strconv.FormatFloat(*s.Minimum, 'f', -1, 64))
	}
	if s.Maximum != nil {
		extra = append(extra, "≤ "+strconv.FormatFloat(*s.Maximum, 'f', -1, 64))
	}
	if s.Default != nil {
		extra = append(extra, "mặc định (default): "+fmt.Sprint(s.Default))
	}
	if len(extra) == 0 {
		return desc
	}
	if desc != "" {
		desc += " — "
	}
	return desc + strings.Join(extra, "; ")
}

// fieldsOf flattens an object schema into rows: nested objects as
// "scope.kind", arrays of objects as "items[].email".
func fieldsOf(reg huma.Registry, s *huma.Schema, prefix string, depth int) []docsField {
	s = resolve(reg, s)
	if s == nil || depth > 4 {
		return nil
	}
	if s.Type == huma.TypeArray && prefix == "" {
		return fieldsOf(reg, s.Items, "[].", depth+1)
	}
	if s.Type != huma.TypeObject || len(s.Properties) == 0 {
		return nil
	}
	required := map[string]bool{}
	for _, r := range s.Required {
		required[r] = true
	}
	var out []docsField
	for _, name := range propertyNames(s) {
		prop := s.Properties[name]
		r := resolve(reg, prop)
		desc := prop.Description
		if r != nil && desc == "" {
			desc = r.Description
		}
		out = append(out, docsField{Name: prefix + name, Type: typeName(reg, prop), Required: required[name],
			Description: describe(reg, desc, prop)})
		switch {
		case r == nil:
		case r.Type == huma.TypeObject:
			out = append(out, fieldsOf(reg, r, prefix+name+".", depth+1)...)
		case r.Type == huma.TypeArray:
			if it := resolve(reg, r.Items); it != nil && it.Type == huma.TypeObject {
				out = append(out, fieldsOf(reg, it, prefix+name+"[].", depth+1)...)
			}
		}
	}
	return out
}

// propertyNames orders properties alphabetically with "id" first (huma
// keeps the struct order private).
func propertyNames(s *huma.Schema) []string {
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == "id") != (names[j] == "id") {
			return names[i] == "id"
		}
		return names[i] < names[j]
	})
	return names
}

// curlExample is a curl command for the operation, with originMark where
// the server's origin goes and an example body built from the schema.
func curlExample(reg huma.Registry, method, path string, public bool, body *huma.Schema) string {
	var b strings.Builder
	b.WriteString("curl")
	if method != http.MethodGet {
		b.WriteString(" -X " + method)
	}
	if !public {
		b.WriteString(` -H "Authorization: Bearer $NSCL_TOKEN"`)
	}
	if body != nil {
		ex, _ := json.Marshal(exampleOf(reg, body, 0))
		b.WriteString(` -H "Content-Type: application/json" -d '` + strings.ReplaceAll(string(ex), "'", `'\''`) + `'`)
	}
	p := strings.NewReplacer("{id}", "42").Replace(path)
	b.WriteString(` "` + originMark + p + `"`)
	return b.String()
}

// exampleOf builds an example value from a schema: its example, else its
// default, else its first allowed value, else a placeholder of its type.
func exampleOf(reg huma.Registry, s *huma.Schema, depth int) any {
	s = resolve(reg, s)
	if s == nil || depth > 4 {
		return nil
	}
	if len(s.Examples) > 0 {
		return s.Examples[0]
	}
	if s.Default != nil {
		return s.Default
	}
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	switch s.Type {
	case huma.TypeObject:
		// Required properties, and optional ones that have an example.
		m := map[string]any{}
		for name, prop := range s.Properties {
			if r := resolve(reg, prop); slices.Contains(s.Required, name) || (r != nil && len(r.Examples) > 0) {
				m[name] = exampleOf(reg, prop, depth+1)
			}
		}
		return m
	case huma.TypeArray:
		return []any{exampleOf(reg, s.Items, depth+1)}
	case huma.TypeString:
		if s.Format == "date-time" {
			return "2026-01-01T00:00:00Z"
		}
		return "…"
	case huma.TypeInteger, huma.TypeNumber:
		return 0
	case huma.TypeBoolean:
		return false
	}
	return nil
}

func (a *API) handleDocs(w http.ResponseWriter, r *http.Request) {
	page := *a.docsPage()
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	page.Origin = scheme + "://" + r.Host
	var buf strings.Builder
	if err := docsTemplate.Execute(&buf, &page); err != nil {
		a.log.ErrorContext(r.Context(), "render api docs", "err", err)
		http.Error(w, "Đã xảy ra lỗi hệ thống. / An internal error occurred.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(buf.String()))
}
