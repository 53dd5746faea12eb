package web

import (
	"strconv"

	"nscl/internal/programme"
)

// The programme's pages are in five areas, one file (or a few) each:
// programme_setup*.go (programme, targets, plans, calls), programme_activity*.go
// (proposals to decisions), programme_execution*.go (contract to closure),
// programme_results*.go (KPI catalogue, results, replications, spread),
// programme_dashboard*.go (dashboard, public figures, exports, report).
// This file has what they share.

// activityTab is a tab of an activity's pages.
type activityTab struct {
	Href    string
	Label   string
	Current bool
}

// The tabs of an activity, by the path suffix of each.
const (
	tabProposal  = ""           // /activities/{id}: the proposal, screening, reviews, decision, history
	tabExecution = "/execution" // contract, milestones, reports, disbursements, final evaluation
	tabResults   = "/results"   // KPIs and their improvement; replications of a pilot model
)

// activityTabs returns the tabs of a's pages, current being one of the tab
// constants: the execution tab once the activity is approved, the results
// tab once it runs (and always for a pilot model, whose replications it
// shows).
func activityTabs(a *programme.Activity, current, lang string) []activityTab {
	base := "/activities/" + strconv.FormatInt(int64(a.ID), 10)
	tabs := []activityTab{{Href: base, Label: text("activity.tab_proposal").In(lang), Current: current == tabProposal}}
	if a.Status.Committed() {
		tabs = append(tabs, activityTab{Href: base + tabExecution, Label: text("activity.tab_execution").In(lang), Current: current == tabExecution})
	}
	if a.Status.Supported() || a.Type == programme.TypePilotModel && a.Status.Committed() {
		tabs = append(tabs, activityTab{Href: base + tabResults, Label: text("activity.tab_results").In(lang), Current: current == tabResults})
	}
	return tabs
}
