package main

import "nscl/internal/programme"

// wireProgramme builds the programme service over the registry.
func (a *app) wireProgramme() {
	a.programme = programme.NewService(programme.Options{Store: a.db.Programme(), Registry: a.registry, Mailer: a.mail, Geo: a.geo,
		Log: a.log, BaseURL: a.cfg.BaseURL})
}
