package assessment

// This file is the area of the scheme editor, versions, shipped schemes, import and export.

// SchemeStore is what this area keeps (sqldb/assessment_schemes.go).
type SchemeStore interface {
}
