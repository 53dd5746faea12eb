package web

import "nscl/internal/fault"

// The pages of news, the Atom feed, newsletter subscriptions and newsletters.

// registerNews registers the pages of this area.
func (h *Handler) registerNews(mux Router) {
}

// newsPages lists this area's page templates with a zero model each.
func newsPages() map[string]page {
	return map[string]page{}
}

// newsText holds this area's texts.
var newsText = map[string]fault.Text{}
