package contest

// HonourStore is what the area of the honour roll (sqldb/contest_honours.go) keeps.
type HonourStore interface {
}
