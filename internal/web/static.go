package web

import (
	"net/http"
	"strings"
)

// staticHandler serves the embedded static files. A URL with the file's
// content hash (?v=, from the asset template function) is cached for a
// year; without it, for an hour.
func (h *Handler) staticHandler() http.Handler {
	files := http.StripPrefix("/static/", http.FileServerFS(h.static))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		want, ok := h.assets[name]
		if !ok {
			h.NotFound(w, r) // also directories: no listings
			return
		}
		if v := r.URL.Query().Get("v"); v != "" && strings.HasSuffix(want, "?v="+v) {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=3600")
		}
		files.ServeHTTP(w, r)
	})
}
