package api

const tagMatching = "Kết nối chuyên gia (Matching)"

// registerMatching registers the matching operations. (Scaffolding: the owner of
// the matching area replaces this file.)
func (a *API) registerMatching() {}
