package programme

// ExecutionStore keeps contracted activities: milestones, progress reports,
// evidence, disbursements, final evaluation, closure, reminders
// (sqldb/programme_execution.go).
type ExecutionStore interface {
}
