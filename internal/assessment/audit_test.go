package assessment

import (
	"strings"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// TestAuditCheckAnswer pins the validation of one answer against a body:
// the item's own scale, N/A only where allowed, unknown items, long notes.
func TestAuditCheckAnswer(t *testing.T) {
	body := &Body{Scale: Scale{Min: 0, Max: 4}, Sections: []Section{{Key: "s1", Items: []Item{
		{Key: "s1.1", AllowNA: true}, {Key: "s1.2", Scale: &Scale{Min: 1, Max: 3}}}}}}
	v := func(n int) *int { return &n }
	long := make([]rune, auditMaxNote+1)
	for i := range long {
		long[i] = 'ă'
	}
	for _, c := range []struct {
		name  string
		in    AnswerInput
		field string // "" when valid
	}{
		{"in scale", AnswerInput{Item: "s1.1", Value: v(4)}, ""},
		{"N/A allowed", AnswerInput{Item: "s1.1", NA: true}, ""},
		{"own scale", AnswerInput{Item: "s1.2", Value: v(3)}, ""},
		{"above the body's scale", AnswerInput{Item: "s1.1", Value: v(5)}, "value"},
		{"below the item's own scale", AnswerInput{Item: "s1.2", Value: v(0)}, "value"},
		{"above the item's own scale", AnswerInput{Item: "s1.2", Value: v(4)}, "value"},
		{"N/A not allowed", AnswerInput{Item: "s1.2", NA: true}, "na"},
		{"no value", AnswerInput{Item: "s1.2"}, "value"},
		{"unknown item", AnswerInput{Item: "s9.1", Value: v(1)}, "item"},
		{"note too long", AnswerInput{Item: "s1.1", Value: v(1), Note: string(long)}, "note"},
	} {
		bad := fault.Fields{}
		a, ok := auditCheckAnswer(body, c.in, "", bad)
		if ok != (c.field == "") {
			t.Errorf("%s: ok = %v, fields %v", c.name, ok, bad)
			continue
		}
		if c.field != "" {
			if f := bad[c.field]; f.Vi == "" || f.En == "" {
				t.Errorf("%s: fields %v, want %q in both languages", c.name, bad, c.field)
			}
			continue
		}
		if a.ItemKey != c.in.Item || a.NA != c.in.NA {
			t.Errorf("%s: answer %+v", c.name, a)
		}
	}
}

// TestAuditIneligible pins why an accreditation does not allow assigning:
// missing, suspended, withdrawn, not yet granted, expired (the expiry day
// itself still counts).
func TestAuditIneligible(t *testing.T) {
	d := func(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, vn.Zone) }
	now := time.Date(2026, 3, 10, 15, 0, 0, 0, vn.Zone)
	acc := func(st AccreditationStatus, from, to time.Time) *Accreditation {
		return &Accreditation{Status: st, GrantedOn: from, ExpiresOn: to}
	}
	for _, c := range []struct {
		name string
		acc  *Accreditation
		want string // a word of the Vietnamese reason; "" when eligible
	}{
		{"active", acc(AccreditationActive, d(2025, 1, 1), d(2027, 1, 1)), ""},
		{"expires today", acc(AccreditationActive, d(2025, 1, 1), d(2026, 3, 10)), ""},
		{"expired yesterday", acc(AccreditationActive, d(2025, 1, 1), d(2026, 3, 9)), "hết hạn"},
		{"not yet granted", acc(AccreditationActive, d(2026, 4, 1), d(2028, 1, 1)), "hiệu lực từ"},
		{"suspended", acc(AccreditationSuspended, d(2025, 1, 1), d(2027, 1, 1)), "đình chỉ"},
		{"withdrawn", acc(AccreditationWithdrawn, d(2025, 1, 1), d(2027, 1, 1)), "thu hồi"},
		{"none", nil, "Chưa được công nhận"},
	} {
		got := auditIneligible(c.acc, now)
		if c.want == "" && got != (fault.Text{}) || c.want != "" && (!strings.Contains(got.Vi, c.want) || got.En == "") {
			t.Errorf("%s: %+v, want %q", c.name, got, c.want)
		}
	}
}

// TestAuditPerms pins who may do what with an assessment.
func TestAuditPerms(t *testing.T) {
	s := &Service{}
	ent := &auth.Actor{UserID: 1, Role: auth.RoleEnterprise, EnterpriseID: 7}
	other := &auth.Actor{UserID: 2, Role: auth.RoleEnterprise, EnterpriseID: 8}
	prov := &auth.Actor{UserID: 3, Role: auth.RoleProvince, ProvinceCode: "79"}
	prov2 := &auth.Actor{UserID: 4, Role: auth.RoleProvince, ProvinceCode: "01"}
	as := &auth.Actor{UserID: 5, Role: auth.RoleAssessor}
	as2 := &auth.Actor{UserID: 6, Role: auth.RoleAssessor}
	ind := &Assessment{EnterpriseID: 7, ProvinceCode: "79", Mode: ModeIndependent, Status: StatusAssigned, AssessorID: 5}
	self := &Assessment{EnterpriseID: 7, ProvinceCode: "79", Mode: ModeSelf, Status: StatusInProgress}
	for _, c := range []struct {
		name string
		a    *auth.Actor
		x    *Assessment
		want Perms
	}{
		{"the enterprise, its request", ent, ind, Perms{Cancel: true, History: true}},
		{"the enterprise, its self-assessment", ent, self, Perms{Answer: true, Submit: true, Cancel: true, History: true}},
		{"another enterprise", other, self, Perms{}},
		{"the province's officer", prov, ind, Perms{Assign: true, Cancel: true, History: true}},
		{"another province's officer", prov2, ind, Perms{}},
		{"the assigned assessor", as, ind, Perms{Start: true}},
		{"another assessor", as2, ind, Perms{}},
	} {
		if got := s.PermsFor(auth.WithActor(t.Context(), c.a), c.x); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}
