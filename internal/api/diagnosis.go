package api

const tagDiagnosis = "Tự chẩn đoán (Self-diagnosis)"

// registerDiagnosis registers the diagnosis operations. (Scaffolding: the owner of
// the diagnosis area replaces this file.)
func (a *API) registerDiagnosis() {}
