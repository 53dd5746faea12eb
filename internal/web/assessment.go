package web

import (
	"net/http"
	"strconv"

	"nscl/internal/assessment"
	"nscl/internal/auth"
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
	// tabRecognition is the recognition form (the certificates area's),
	// for the officers who may recognise.
	tabRecognition = "/recognition"
)

// assessmentTabs returns the tabs of x's pages, current being one of the
// tab constants: the audit form while answers may be given, the findings
// once the assessment has started, the recognition on the recognition
// page itself (the other pages add it with withRecognitionTab, which
// knows the actor).
func assessmentTabs(x *assessment.Assessment, current, lang string) []assessmentTab {
	base := "/assessments/" + strconv.FormatInt(int64(x.ID), 10)
	tabs := []assessmentTab{{Href: base, Label: text("assessment.tab_overview").In(lang), Current: current == tabAssessment}}
	if x.Status == assessment.StatusInProgress || x.Status == assessment.StatusAssigned {
		tabs = append(tabs, assessmentTab{Href: base + tabAudit, Label: text("assessment.tab_audit").In(lang), Current: current == tabAudit})
	}
	if x.StartedAt != nil {
		tabs = append(tabs, assessmentTab{Href: base + tabFindings, Label: text("assessment.tab_findings").In(lang), Current: current == tabFindings})
	}
	if current == tabRecognition {
		tabs = append(tabs, assessmentTab{Href: base + tabRecognition, Label: text("assessment.tab_decision").In(lang), Current: true})
	}
	return tabs
}

// withRecognitionTab adds to tabs (of x's pages) the recognition tab for
// an officer who may recognise x now, or who decides recognitions in its
// province once x was decided (the form shows the decision).
func (h *Handler) withRecognitionTab(r *http.Request, x *assessment.Assessment, tabs []assessmentTab, lang string) []assessmentTab {
	ctx := r.Context()
	decided := x.Mode == assessment.ModeIndependent && (x.Status == assessment.StatusRecognised || x.Status == assessment.StatusNotRecognised)
	if !h.assess.MayRecognise(ctx, x) &&
		!(decided && auth.Allowed(auth.ActorFrom(ctx), auth.ActCertificateManage, auth.Scope{ProvinceCode: x.ProvinceCode})) {
		return tabs
	}
	for _, t := range tabs {
		if t.Href == assessmentHref(x.ID)+tabRecognition {
			return tabs
		}
	}
	return append(tabs, assessmentTab{Href: assessmentHref(x.ID) + tabRecognition, Label: text("assessment.tab_decision").In(lang)})
}
