package assessment

// This file is the area of assessors accredited per scheme, with renewal.

// AccreditationStore is what this area keeps (sqldb/assessment_accreditation.go).
type AccreditationStore interface {
}
