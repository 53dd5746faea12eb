package main

import "nscl/internal/contest"

// wireContest builds the contests' service over the registry.
func (a *app) wireContest() {
	a.contest = contest.NewService(contest.Options{Store: a.db.Contest(), Registry: a.registry, Mailer: a.mail, Geo: a.geo,
		Log: a.log, BaseURL: a.cfg.BaseURL})
}
