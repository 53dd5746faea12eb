package sqldb

// The accreditation area of the assessment store (see assessment.go).
