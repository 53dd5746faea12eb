package assessment

// This file is the area of recognition, certificates, verification, the public register, expiry and revocation.

// CertificateStore is what this area keeps (sqldb/assessment_certificate.go).
type CertificateStore interface {
}

// certState is what the certificate area keeps in the Service.
type certState struct{}
