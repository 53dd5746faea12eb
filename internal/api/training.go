package api

// The operations of courses, sessions, enrolment, credentials and accreditations.

// registerTraining registers this area's operations.
func (a *API) registerTraining() {
}
