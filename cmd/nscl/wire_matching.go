package main

import (
	"context"

	"nscl/internal/catalog"
	"nscl/internal/diagnosis"
	"nscl/internal/matching"
)

// wireMatching builds the matching service over the registry, the
// catalogue and the diagnosis (when those are wired).
func (a *app) wireMatching() {
	o := matching.Options{Store: a.db.Matching(), Enterprises: a.registry, Tools: builtinTools{}, Mailer: a.mail,
		Log: a.log, BaseURL: a.cfg.BaseURL}
	if a.catalog != nil {
		o.Tools = a.catalog
	}
	if a.diagnosis != nil {
		o.Diagnoses = a.diagnosis
	}
	a.matching = matching.NewService(o)
}

// builtinTools lists the shipped tool codes when no catalogue service is
// wired (names then fall back to the codes).
type builtinTools struct{}

func (builtinTools) Tools(context.Context) ([]catalog.Tool, error) {
	out := make([]catalog.Tool, len(catalog.BuiltinTools))
	for i, c := range catalog.BuiltinTools {
		out[i] = catalog.Tool{Code: c}
	}
	return out, nil
}

var _ matching.Diagnoses = (*diagnosis.Service)(nil)
