package contest

// JudgingStore is what the area of the judging and the results (judges, assignments, conflicts, scores, consensus, awards) (sqldb/contest_judging.go) keeps.
type JudgingStore interface {
}
