package contest

// EntryStore is what the area of the entries (forms, attachments, KPI evidence, activities, completeness) (sqldb/contest_entries.go) keeps.
type EntryStore interface {
}
