package programme

// FactsStore reads what the dashboard, the exports and the annual report
// aggregate (sqldb/programme_facts.go).
type FactsStore interface {
}

// factsCache holds the dashboard's aggregates, rebuilt when the store's
// Version moves.
type factsCache struct{}
