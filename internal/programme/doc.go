// Package programme is the programme 2021–2030 (issue 5): its targets,
// annual plans and budgets, the tracks (breadth, depth, state capacity),
// calls for proposals, and the life of every supported activity (nhiệm vụ)
// from proposal through screening, review, decision, contract, milestones,
// disbursements and final evaluation to closure; the KPIs of activities and
// their improvement; the replications (nhân rộng) of pilot models and the
// spread they show; the dashboard's aggregates and the annual report.
//
// Files by area: types.go, kpi.go, status.go (shared vocabulary);
// setup.go (targets, plans, calls); activity.go (proposal to decision);
// execution.go (contract to closure, reminders); results.go (KPI
// catalogue, replications, spread); facts.go (dashboard aggregates,
// exports, report). The eligibility rules of the tracks are the registry's
// settings with their effective dates (registry.TrackRules), applied
// through the Registry interface.
package programme
