package fault

import "errors"

// Code is a stable, machine-readable name of a rule an input breaks.
// Importers report it per row and cell; the API returns it next to the field
// message. Each domain declares its own codes (registry, directory…); a code
// is never reused for another meaning.
type Code string

// Problem is one broken rule: which field, which code, and a message for
// people in both languages.
type Problem struct {
	Field   string `json:"field"`
	Code    Code   `json:"code"`
	Message Text   `json:"message"`
}

// Problems collects the problems of one input (a form, an imported row).
type Problems []Problem

// Add records a problem.
func (ps *Problems) Add(field string, code Code, vi, en string) {
	*ps = append(*ps, Problem{Field: field, Code: code, Message: Text{Vi: vi, En: en}})
}

// Err returns nil without problems, else an Invalid error whose Fields carry
// the first message per field and whose cause is a *ProblemError (ProblemsOf
// gives the codes back).
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	e := &Error{Kind: Invalid, Message: Text{
		Vi: "Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.",
		En: "Some fields are not valid; please check the marked fields.",
	}, Fields: map[string]Text{}, Err: &ProblemError{Problems: ps}}
	for _, p := range ps {
		if _, ok := e.Fields[p.Field]; !ok {
			e.Fields[p.Field] = p.Message
		}
	}
	return e
}

// ProblemError carries the problems of an Invalid error.
type ProblemError struct{ Problems Problems }

func (e *ProblemError) Error() string {
	s := "problems:"
	for _, p := range e.Problems {
		s += " " + p.Field + "=" + string(p.Code)
	}
	return s
}

// ProblemsOf returns the problems carried by err, or nil.
func ProblemsOf(err error) Problems {
	var pe *ProblemError
	if errors.As(err, &pe) {
		return pe.Problems
	}
	return nil
}
