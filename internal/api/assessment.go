package api

// The assessment's operations are in three files: assessment_schemes.go,
// assessment_audit.go, assessment_certificate.go; training's in
// training.go.

const (
	tagAssessment = "Đánh giá và chứng nhận (Assessment)"
	tagTraining   = "Đào tạo (Training)"
)
