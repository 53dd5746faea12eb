package sqldb

// The certificate area of the assessment store (see assessment.go).
