package sqldb

// The audit area of the assessment store (see assessment.go).
