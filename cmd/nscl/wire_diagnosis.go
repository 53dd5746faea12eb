package main

import (
	"context"

	"nscl/internal/diagnosis"
)

// wireDiagnosis builds the self-diagnosis service (the registry finds the
// enterprise, the catalogue checks the tools the path rules name) and makes
// sure the default questionnaire is published as version 1 on a fresh
// installation (idempotent; a database not migrated yet is left alone with
// a warning).
func (a *app) wireDiagnosis() {
	opts := diagnosis.Options{Store: a.db.Diagnosis(), Enterprises: a.registry}
	if a.catalog != nil {
		opts.Tools = a.catalog
	}
	a.diagnosis = diagnosis.NewService(opts)
	if err := a.diagnosis.EnsureDefault(context.Background()); err != nil {
		a.log.Warn("diagnosis: default questionnaire not written", "err", err)
	}
}
