package sqldb

// The photo and finding area of the assessment store (see assessment.go).
