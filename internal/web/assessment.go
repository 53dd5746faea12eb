package web

import (
	"strconv"

	"nscl/internal/assessment"
)

// The assessment's pages are in four areas, one file (or a few) each:
// assessment_schemes*.go (the scheme editor, import and export),
// assessment_audit*.go (assessments, the audit form, photos, results,
// findings), assessment_certificate*.go (recognition, certificates, the
// public verification and register), training*.go (courses, sessions,
// enrolment, credentials, assessors' accreditations). This file has what
// they share.

// assessmentTab is a tab of an assessment's pages.
type assessmentTab struct {
	Href    string
	Label   string
	Current bool
}

// The tabs of an assessment, by the path suffix of each.
const (
	tabAssessment = ""          // /assessments/{id}: overview, results, comparisons
	tabAudit      = "/audit"    // the audit form (while open)
	tabFindings   = "/findings" // findings and corrective actions
)

// assessmentTabs returns the tabs of x's pages, current being one of the
// tab constants: the audit form while answers may be given, the findings
// once the assessment has started.
func assessmentTabs(x *assessment.Assessment, current, lang string) []assessmentTab {
	base := "/assessments/" + strconv.FormatInt(int64(x.ID), 10)
	tabs := []assessmentTab{{Href: base, Label: text("assessment.tab_overview").In(lang), Current: current == tabAssessment}}
	if x.Status == assessment.StatusInProgress || x.Status == assessment.StatusAssigned {
		tabs = append(tabs, assessmentTab{Href: base + tabAudit, Label: text("assessment.tab_audit").In(lang), Current: current == tabAudit})
	}
	if x.StartedAt != nil {
		tabs = append(tabs, assessmentTab{Href: base + tabFindings, Label: text("assessment.tab_findings").In(lang), Current: current == tabFindings})
	}
	return tabs
}
