package assessment

// This file is the area of photo evidence and findings with corrective
// actions (audit_photos.go has the photos).

// FindingStore is what this area keeps (sqldb/assessment_findings.go).
type FindingStore interface {
}
