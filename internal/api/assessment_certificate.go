package api

// The operations of recognition, certificates, verification and the register.

// registerCertificates registers this area's operations.
func (a *API) registerCertificates() {
}
