package programme

// ActivityStore keeps proposals from draft to decision: edits, submission
// and screening, reviews, decisions (sqldb/programme_activity.go).
type ActivityStore interface {
}
