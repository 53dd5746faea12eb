package programme

// SetupStore keeps targets, plans and calls (sqldb/programme_setup.go).
type SetupStore interface {
}
