package contest

// SetupStore is what the area of the contests' setup (cycles, categories, rubric, timeline, eligibility) (sqldb/contest_setup.go) keeps.
type SetupStore interface {
}
