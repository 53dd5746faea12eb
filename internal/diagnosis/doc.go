// Package diagnosis holds the enterprise self-diagnosis: the versioned
// questionnaire, the answers (drafts and submitted diagnoses), the maturity
// level per dimension, the comparison with peers and with earlier years, and
// the recommended improvement path (rules as data).
package diagnosis
