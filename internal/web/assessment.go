package web

// The assessment's pages are in four areas, one file (or a few) each:
// assessment_schemes*.go (the scheme editor, import and export),
// assessment_audit*.go (assessments, the audit form, photos, results,
// findings), assessment_certificate*.go (recognition, certificates, the
// public verification and register), training*.go (courses, sessions,
// enrolment, credentials, assessors' accreditations). This file has what
// they share.
