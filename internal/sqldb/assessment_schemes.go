package sqldb

// The schemes area of the assessment store (see assessment.go).
