package auth_test

import (
	"context"
	"testing"

	"nscl/internal/auth"
)

// TestAllowed_RoleByAction is the permission table written out by hand: one
// row per role (plus the public visitor and a nil actor) and, in each row,
// the expected answer for every action. Adding an action to auth.Actions
// without adding it to every row fails the test.
func TestAllowed_RoleByAction(t *testing.T) {
	t.Parallel()
	const (
		self   = auth.ActSignedIn
		users  = auth.ActUsersManage
		audit  = auth.ActAuditRead
		outbox = auth.ActOutboxRead
		jobs   = auth.ActJobsReadAll
		status = auth.ActSystemStatus
		qm     = auth.ActQualityManage
		qa     = auth.ActQualityAggregate
		qv     = auth.ActQualityViewShared
		ev     = auth.ActEnterpriseView
		ee     = auth.ActEnterpriseEdit
		em     = auth.ActEnterpriseManage
		ec     = auth.ActEnterpriseClaim
		cd     = auth.ActClaimDecide
		sm     = auth.ActSettingsManage
		catm   = auth.ActCatalogManage
		dirm   = auth.ActDirectoryManage
		prof   = auth.ActExpertProfile
		priv   = auth.ActPrivacyRequests
		qnm    = auth.ActQuestionnaireManage
		dgt    = auth.ActDiagnosisTake
		dgv    = auth.ActDiagnosisView
		npub   = auth.ActNeedsPublish
		board  = auth.ActNeedsBoard
		mview  = auth.ActMatchingView
		pview  = auth.ActProgrammeView
		pman   = auth.ActProgrammeManage
		prun   = auth.ActProgrammeRun
		prop   = auth.ActProposalSubmit
		rev    = auth.ActActivityReview
		repl   = auth.ActReplicationRecord
		schm   = auth.ActSchemeManage
		asv    = auth.ActAssessmentView
		sa     = auth.ActSelfAssess
		asm    = auth.ActAssessmentManage
		asi    = auth.ActAssessIndependent
		cm     = auth.ActCertificateManage
		accm   = auth.ActAccreditationManage
		trm    = auth.ActTrainingManage
		tre    = auth.ActTrainingEnrol
		ctm    = auth.ActContestManage
		cte    = auth.ActContestEnter
		ctj    = auth.ActContestJudge
		hon    = auth.ActHonourManage
		lib    = auth.ActLibraryManage
		nwm    = auth.ActNewsManage
		nlm    = auth.ActNewsletterManage
	)
	rows := []struct {
		name  string
		actor *auth.Actor
		want  map[auth.Action]bool
	}{
		{"admin", &auth.Actor{UserID: 1, Role: auth.RoleAdmin},
			map[auth.Action]bool{self: true, users: true, audit: true, outbox: true, jobs: true, status: true, qm: false, qa: true, qv: false, ev: true, ee: true, em: true, ec: false, cd: true, sm: true, catm: true, dirm: true, prof: false, priv: true, qnm: true, dgt: false, dgv: true, npub: false, board: false, mview: true, pview: true, pman: true, prun: true, prop: false, rev: false, repl: false, schm: true, asv: true, sa: false, asm: true, asi: false, cm: false, accm: true, trm: true, tre: false, ctm: true, cte: false, ctj: false, hon: true, lib: true, nwm: true, nlm: true}},
		{"ministry", &auth.Actor{UserID: 2, Role: auth.RoleMinistry},
			map[auth.Action]bool{self: true, users: false, audit: false, outbox: false, jobs: false, status: true, qm: false, qa: true, qv: true, ev: true, ee: true, em: true, ec: false, cd: true, sm: true, catm: true, dirm: true, prof: false, priv: false, qnm: true, dgt: false, dgv: true, npub: false, board: false, mview: true, pview: true, pman: true, prun: true, prop: false, rev: false, repl: false, schm: true, asv: true, sa: false, asm: true, asi: false, cm: true, accm: true, trm: true, tre: false, ctm: true, cte: false, ctj: false, hon: true, lib: true, nwm: true, nlm: true}},
		{"province", &auth.Actor{UserID: 3, Role: auth.RoleProvince, ProvinceCode: "01"},
			map[auth.Action]bool{self: true, users: false, audit: false, outbox: false, jobs: false, status: false, qm: false, qa: true, qv: true, ev: true, ee: true, em: true, ec: false, cd: true, sm: false, catm: false, dirm: false, prof: false, priv: false, qnm: false, dgt: false, dgv: true, npub: false, board: false, mview: true, pview: true, pman: false, prun: true, prop: false, rev: false, repl: false, schm: false, asv: true, sa: false, asm: true, asi: false, cm: true, accm: false, trm: true, tre: false, ctm: true, cte: false, ctj: false, hon: false, lib: true, nwm: false, nlm: false}},
		{"enterprise", &auth.Actor{UserID: 4, Role: auth.RoleEnterprise, EnterpriseID: 9},
			map[auth.Action]bool{self: true, users: false, audit: false, outbox: false, jobs: false, status: false, qm: true, qa: false, qv: false, ev: true, ee: true, em: false, ec: true, cd: false, sm: false, catm: false, dirm: false, prof: false, priv: false, qnm: false, dgt: true, dgv: true, npub: true, board: false, mview: true, pview: false, pman: false, prun: false, prop: true, rev: false, repl: true, schm: false, asv: true, sa: true, asm: false, asi: false, cm: false, accm: false, trm: false, tre: true, ctm: false, cte: true, ctj: false, hon: false, lib: false, nwm: false, nlm: false}},
		{"enterprise-without-firm", &auth.Actor{UserID: 8, Role: auth.RoleEnterprise},
			map[auth.Action]bool{self: true, users: false, audit: false, outbox: false, jobs: false, status: false, qm: false, qa: false, qv: false, ev: false, ee: false, em: false, ec: true, cd: false, sm: false, catm: false, dirm: false, prof: false, priv: false, qnm: false, dgt: false, dgv: false, npub: false, board: false, mview: false, pview: false, pman: false, prun: false, prop: false, rev: false, repl: false, schm: false, asv: false, sa: false, asm: false, asi: false, cm: false, accm: false, trm: false, tre: false, ctm: false, cte: false, ctj: false, hon: false, lib: false, nwm: false, nlm: false}},
		{"expert", &auth.Actor{UserID: 5, Role: auth.RoleExpert},
			map[auth.Action]bool{self: true, users: false, audit: false, outbox: false, jobs: false, status: false, qm: false, qa: false, qv: false, ev: false, ee: false, em: false, ec: false, cd: false, sm: false, catm: false, dirm: false, prof: true, priv: false, qnm: false, dgt: false, dgv: false, npub: false, board: true, mview: false, pview: false, pman: false, prun: false, prop: true, rev: true, repl: false, schm: false, asv: false, sa: false, asm: false, asi: false, cm: false, accm: false, trm: false, tre: true, ctm: false, cte: false, ctj: false, hon: false, lib: false, nwm: false, nlm: false}},
		{"assessor", &auth.Actor{UserID: 6, Role: auth.RoleAssessor},
			map[auth.Action]bool{self: true, users: false, audit: false, outbox: false, jobs: false, status: false, qm: false, qa: false, qv: false, ev: false, ee: false, em: false, ec: false, cd: false, sm: false, catm: false, dirm: false, prof: true, priv: false, qnm: false, dgt: false, dgv: false, npub: false, board: false, mview: false, pview: false, pman: false, prun: false, prop: false, rev: true, repl: false, schm: false, asv: false, sa: false, asm: false, asi: true, cm: false, accm: false, trm: false, tre: true, ctm: false, cte: false, ctj: false, hon: false, lib: false, nwm: false, nlm: false}},
		{"judge", &auth.Actor{UserID: 7, Role: auth.RoleJudge},
			map[auth.Action]bool{self: true, users: false, audit: false, outbox: false, jobs: false, status: false, qm: false, qa: false, qv: false, ev: false, ee: false, em: false, ec: false, cd: false, sm: false, catm: false, dirm: false, prof: false, priv: false, qnm: false, dgt: false, dgv: false, npub: false, board: false, mview: false, pview: false, pman: false, prun: false, prop: false, rev: false, repl: false, schm: false, asv: false, sa: false, asm: false, asi: false, cm: false, accm: false, trm: false, tre: true, ctm: false, cte: false, ctj: true, hon: false, lib: false, nwm: false, nlm: false}},
		{"public", &auth.Actor{Role: auth.RolePublic},
			map[auth.Action]bool{self: false, users: false, audit: false, outbox: false, jobs: false, status: false, qm: false, qa: false, qv: false, ev: false, ee: false, em: false, ec: false, cd: false, sm: false, catm: false, dirm: false, prof: false, priv: false, qnm: false, dgt: false, dgv: false, npub: false, board: false, mview: false, pview: false, pman: false, prun: false, prop: false, rev: false, repl: false, schm: false, asv: false, sa: false, asm: false, asi: false, cm: false, accm: false, trm: false, tre: false, ctm: false, cte: false, ctj: false, hon: false, lib: false, nwm: false, nlm: false}},
		{"nil", nil,
			map[auth.Action]bool{self: false, users: false, audit: false, outbox: false, jobs: false, status: false, qm: false, qa: false, qv: false, ev: false, ee: false, em: false, ec: false, cd: false, sm: false, catm: false, dirm: false, prof: false, priv: false, qnm: false, dgt: false, dgv: false, npub: false, board: false, mview: false, pview: false, pman: false, prun: false, prop: false, rev: false, repl: false, schm: false, asv: false, sa: false, asm: false, asi: false, cm: false, accm: false, trm: false, tre: false, ctm: false, cte: false, ctj: false, hon: false, lib: false, nwm: false, nlm: false}},
	}

	t.Run("EveryRoleHasARow", func(t *testing.T) {
		have := map[auth.Role]bool{}
		for _, r := range rows {
			if r.actor != nil {
				have[r.actor.Role] = true
			}
		}
		for _, role := range append([]auth.Role{auth.RolePublic}, auth.Roles...) {
			if !have[role] {
				t.Errorf("role %q has no row in the table", role)
			}
		}
	})
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			for _, act := range auth.Actions {
				want, ok := r.want[act]
				if !ok {
					t.Errorf("action %q has no expected value for %s: add it to the table", act, r.name)
					continue
				}
				if got := auth.Allowed(r.actor, act, auth.Scope{}); got != want {
					t.Errorf("Allowed(%s, %s)=%v, want %v", r.name, act, got, want)
				}
				if got := auth.Can(r.actor, act); got != want {
					t.Errorf("Can(%s, %s)=%v, want %v", r.name, act, got, want)
				}
			}
			if len(r.want) != len(auth.Actions) {
				t.Errorf("row %s lists %d actions, auth.Actions has %d", r.name, len(r.want), len(auth.Actions))
			}
		})
	}
}

func TestAllowed_Scope(t *testing.T) {
	t.Parallel()
	expert := &auth.Actor{UserID: 5, Role: auth.RoleExpert}
	admin := &auth.Actor{UserID: 1, Role: auth.RoleAdmin}
	system := auth.ActorFrom(auth.SystemContext(context.Background()))
	for _, tc := range []struct {
		name  string
		actor *auth.Actor
		act   auth.Action
		scope auth.Scope
		want  bool
	}{
		{"OwnAccount", expert, auth.ActSignedIn, auth.Scope{OwnerID: 5}, true},
		{"OwnAccountNoOwner", expert, auth.ActSignedIn, auth.Scope{}, true},
		{"ErrOtherAccount", expert, auth.ActSignedIn, auth.Scope{OwnerID: 6}, false},
		{"AdminOtherAccountSelfAction", admin, auth.ActSignedIn, auth.Scope{OwnerID: 6}, false},
		{"AdminAllReachesAnyProvince", admin, auth.ActUsersManage, auth.Scope{ProvinceCode: "79", EnterpriseID: 3, OwnerID: 6}, true},
		{"ErrExpertInAnyScope", expert, auth.ActUsersManage, auth.Scope{ProvinceCode: "01"}, false},
		{"SystemUsersManage", system, auth.ActUsersManage, auth.Scope{}, true},
		{"SystemAuditRead", system, auth.ActAuditRead, auth.Scope{}, true},
		{"SystemStatus", system, auth.ActSystemStatus, auth.Scope{ProvinceCode: "01"}, true},
		{"ErrSystemWithoutRole", &auth.Actor{System: true}, auth.ActUsersManage, auth.Scope{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := auth.Allowed(tc.actor, tc.act, tc.scope); got != tc.want {
				t.Fatalf("Allowed(%+v, %s, %+v)=%v, want %v", tc.actor, tc.act, tc.scope, got, tc.want)
			}
		})
	}
	t.Run("SystemIsNotAnonymous", func(t *testing.T) {
		if system == nil || !system.System || system.IsAnonymous() {
			t.Fatalf("SystemContext actor = %+v", system)
		}
	})
}
