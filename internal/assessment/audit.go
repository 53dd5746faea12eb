package assessment

// This file is the area of assessments, answers, photos, results and findings.

// AuditStore is what this area keeps (sqldb/assessment_audit.go).
type AuditStore interface {
}
