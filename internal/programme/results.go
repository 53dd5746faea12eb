package programme

// ResultStore keeps the KPI catalogue and the replications of pilot models
// (sqldb/programme_results.go).
type ResultStore interface {
}
