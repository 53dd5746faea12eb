package auth

// Action names something an actor may do. Domains add their actions here so
// that the policy stays one table, tested role by role.
type Action string

// The actions of the foundation.
const (
	// ActSignedIn: anything any signed-in user may do on their own account
	// (change password, language, two-factor, personal API tokens, own jobs).
	ActSignedIn Action = "account.self"
	// ActUsersManage: create, edit, disable users; assign roles and scopes.
	ActUsersManage Action = "users.manage"
	// ActAuditRead: read the audit log and export it.
	ActAuditRead Action = "audit.read"
	// ActOutboxRead: read the stored outgoing mail.
	ActOutboxRead Action = "outbox.read"
	// ActJobsReadAll: see every user's background jobs.
	ActJobsReadAll Action = "jobs.read_all"
	// ActSystemStatus: see the system status page (database, migrations, jobs).
	ActSystemStatus Action = "system.status"
	// ActQualityManage: run an enterprise's quality monitoring (SPC)
	// workspace: processes, characteristics, measurements, annotations.
	ActQualityManage Action = "quality.manage"
	// ActQualityAggregate: see aggregate quality indicators of enterprises
	// (counts of processes, capability bands), never their measurements.
	ActQualityAggregate Action = "quality.aggregate"
	// ActQualityViewShared: read, without changing, the charts of an
	// enterprise that chose to share its workspace with officers.
	ActQualityViewShared Action = "quality.view_shared"

	// ActEnterpriseView: see an enterprise's full record in the registry
	// (profile, figures, history, eligibility), not just its public view.
	ActEnterpriseView Action = "enterprise.view"
	// ActEnterpriseEdit: edit an enterprise's profile, yearly figures and
	// improvement activities.
	ActEnterpriseEdit Action = "enterprise.edit"
	// ActEnterpriseManage: register enterprises and change the officer-only
	// fields (tax code, province, status, sector-specific and replicable
	// judgements).
	ActEnterpriseManage Action = "enterprise.manage"
	// ActEnterpriseClaim: ask to represent an enterprise (by tax code).
	ActEnterpriseClaim Action = "enterprise.claim"
	// ActClaimDecide: approve or reject a claim to represent an enterprise.
	ActClaimDecide Action = "enterprise.claim_decide"
	// ActSettingsManage: set programme settings (eligibility rules of the
	// tracks), with the date they take effect.
	ActSettingsManage Action = "settings.manage"

	// ActCatalogManage: edit the improvement-tool catalogue and the
	// standards (TCVN, QCVN), import standards from XLSX.
	ActCatalogManage Action = "catalog.manage"
	// ActDirectoryManage: create, edit, verify, import and export experts and
	// organisations of the directory; see every field of a profile.
	ActDirectoryManage Action = "directory.manage"
	// ActExpertProfile: keep one's own expert profile (expertise,
	// credentials, consents, public fields, data download, deletion request).
	ActExpertProfile Action = "directory.own_profile"
	// ActPrivacyRequests: see and carry out personal-data requests (deletion
	// = anonymisation) of the directory.
	ActPrivacyRequests Action = "directory.privacy_requests"
	// ActQuestionnaireManage: edit the self-diagnosis questionnaire and the
	// improvement-path rules (a new version each time it is published).
	ActQuestionnaireManage Action = "diagnosis.questionnaire"
	// ActDiagnosisTake: answer the self-diagnosis for one's enterprise.
	ActDiagnosisTake Action = "diagnosis.take"
	// ActDiagnosisView: see enterprises' diagnosis results.
	ActDiagnosisView Action = "diagnosis.view"
	// ActNeedsPublish: publish the enterprise's diagnosed needs to the needs
	// board, accept a consultant's interest, rate an engagement.
	ActNeedsPublish Action = "matching.publish"
	// ActNeedsBoard: see the needs board (anonymised needs) and express
	// interest; see one's own engagements.
	ActNeedsBoard Action = "matching.board"
	// ActMatchingView: see experts ranked for an enterprise's need and the
	// engagements of the programme.
	ActMatchingView Action = "matching.view"

	// ActProgrammeView: see the programme's plans, calls, activities of
	// every status, dashboard and reports (a provincial officer: those of
	// the province).
	ActProgrammeView Action = "programme.view"
	// ActProgrammeManage: set the programme's targets and the KPI catalogue,
	// run the ministry's plans and calls and decide their activities.
	ActProgrammeManage Action = "programme.manage"
	// ActProgrammeRun: run the plans and calls of one's scope and decide
	// their activities (screening, reviewers, approval, contract, milestones,
	// disbursements, closure). A provincial officer's scope is the province:
	// the ministry's calls (province "") need ActProgrammeManage.
	ActProgrammeRun Action = "programme.run"
	// ActProposalSubmit: propose activities for one's enterprise (or, for an
	// expert, one's organisation), report progress and results.
	ActProposalSubmit Action = "programme.propose"
	// ActActivityReview: review proposals one is assigned to (with a
	// conflict-of-interest declaration) and verify final KPIs one is
	// assigned to verify.
	ActActivityReview Action = "programme.review"
	// ActReplicationRecord: record that one's enterprise applied a pilot
	// model, with its own results.
	ActReplicationRecord Action = "programme.replicate"

	// ActSchemeManage: edit, publish, import and export assessment schemes.
	ActSchemeManage Action = "assessment.schemes"
	// ActAssessmentView: see enterprises' assessments, findings and
	// certificates (a provincial officer: the province's; an enterprise
	// user: their own).
	ActAssessmentView Action = "assessment.view"
	// ActSelfAssess: run the enterprise's self-assessments, ask for an
	// independent assessment, keep its findings' corrective actions.
	ActSelfAssess Action = "assessment.self"
	// ActAssessmentManage: assign accredited assessors to independent
	// assessments and cancel them, in one's scope.
	ActAssessmentManage Action = "assessment.manage"
	// ActAssessIndependent: carry out the independent assessments one is
	// assigned to.
	ActAssessIndependent Action = "assessment.independent"
	// ActCertificateManage: recognise independent assessments (issuing
	// certificates) and revoke certificates, in one's scope. Officers
	// only: a certificate is issued in the name of the ministry or a
	// provincial department, which the system administrator is not.
	ActCertificateManage Action = "assessment.certificates"
	// ActAccreditationManage: accredit assessors per scheme, renew,
	// suspend and withdraw accreditations.
	ActAccreditationManage Action = "assessment.accreditation"
	// ActTrainingManage: run courses and sessions (attendance, exams,
	// completion and practitioner credentials), in one's scope.
	ActTrainingManage Action = "training.manage"
	// ActTrainingEnrol: enrol in training sessions (an enterprise user: the
	// enterprise's staff; others: themselves).
	ActTrainingEnrol Action = "training.enrol"

	// ActContestManage: organise contests (the ministry's national ones; a
	// provincial officer, their province's): rules, categories, rubric,
	// timeline, completeness checks, judges, results and publication.
	ActContestManage Action = "contest.manage"
	// ActContestEnter: enter one's enterprise in contests and read its
	// feedback reports.
	ActContestEnter Action = "contest.enter"
	// ActContestJudge: score the contest entries one is assigned to and
	// declare conflicts of interest.
	ActContestJudge Action = "contest.judge"
	// ActHonourManage: record national honours on the honour roll and edit
	// the honoured stories.
	ActHonourManage Action = "contest.honours"
	// ActLibraryManage: write and publish case studies and the knowledge
	// base's guides (a provincial officer, their province's cases).
	ActLibraryManage Action = "library.manage"
	// ActNewsManage: write, schedule and publish news articles.
	ActNewsManage Action = "news.manage"
	// ActNewsletterManage: manage newsletter subscribers and segments,
	// compose and send newsletters.
	ActNewsletterManage Action = "news.newsletters"
)

// Actions lists every action, for the role × action test.
var Actions = []Action{ActSignedIn, ActUsersManage, ActAuditRead, ActOutboxRead, ActJobsReadAll, ActSystemStatus,
	ActQualityManage, ActQualityAggregate, ActQualityViewShared,
	ActEnterpriseView, ActEnterpriseEdit, ActEnterpriseManage, ActEnterpriseClaim, ActClaimDecide, ActSettingsManage,
	ActCatalogManage, ActDirectoryManage, ActExpertProfile, ActPrivacyRequests,
	ActQuestionnaireManage, ActDiagnosisTake, ActDiagnosisView, ActNeedsPublish, ActNeedsBoard, ActMatchingView,
	ActProgrammeView, ActProgrammeManage, ActProgrammeRun, ActProposalSubmit, ActActivityReview, ActReplicationRecord,
	ActSchemeManage, ActAssessmentView, ActSelfAssess, ActAssessmentManage, ActAssessIndependent, ActCertificateManage,
	ActAccreditationManage, ActTrainingManage, ActTrainingEnrol,
	ActContestManage, ActContestEnter, ActContestJudge, ActHonourManage, ActLibraryManage, ActNewsManage, ActNewsletterManage}

// reach is how far a role reaches for an action.
type reach int

const (
	none       reach = iota
	all              // all data
	ownProv          // objects in the actor's province
	ownEnt           // objects of the actor's enterprise
	ownAccount       // the actor's own account only
)

// rules is the permission table: action → role → reach. A role missing from
// an action's row has no access.
var rules = map[Action]map[Role]reach{
	ActSignedIn: {RoleAdmin: ownAccount, RoleMinistry: ownAccount, RoleProvince: ownAccount, RoleEnterprise: ownAccount,
		RoleExpert: ownAccount, RoleAssessor: ownAccount, RoleJudge: ownAccount},
	ActUsersManage:  {RoleAdmin: all},
	ActAuditRead:    {RoleAdmin: all},
	ActOutboxRead:   {RoleAdmin: all},
	ActJobsReadAll:  {RoleAdmin: all},
	ActSystemStatus: {RoleAdmin: all, RoleMinistry: all},

	ActQualityManage:     {RoleEnterprise: ownEnt},
	ActQualityAggregate:  {RoleAdmin: all, RoleMinistry: all, RoleProvince: ownProv},
	ActQualityViewShared: {RoleMinistry: all, RoleProvince: ownProv},

	ActEnterpriseView:   {RoleAdmin: all, RoleMinistry: all, RoleProvince: ownProv, RoleEnterprise: ownEnt},
	ActEnterpriseEdit:   {RoleAdmin: all, RoleMinistry: all, RoleProvince: ownProv, RoleEnterprise: ownEnt},
	ActEnterpriseManage: {RoleAdmin: all, RoleMinistry: all, RoleProvince: ownProv},
	ActEnterpriseClaim:  {RoleEnterprise: ownAccount},
	ActClaimDecide:      {RoleAdmin: all, RoleMinistry: all, RoleProvince: ownProv},
	ActSettingsManage:   {RoleAdmin: all, RoleMinistry: all},

	ActCatalogManage:       {RoleAdmin: all, RoleMinistry: all},
	ActDirectoryManage:     {RoleAdmin: all, RoleMinistry: all},
	ActExpertProfile:       {RoleExpert: ownAccount, RoleAssessor: ownAccount},
	ActPrivacyRequests:     {RoleAdmin: all},
	ActQuestionnaireManage: {RoleAdmin: all, RoleMinistry: all},
	ActDiagnosisTake:       {RoleEnterprise: ownEnt},
	ActDiagnosisView:       {RoleAdmin: all, RoleMinistry: all, RoleProvince: ownProv, RoleEnterprise: ownEnt},
	ActNeedsPublish:        {RoleEnterprise: ownEnt},
	ActNeedsBoard:          {RoleExpert: ownAccount},
	ActMatchingView:        {RoleAdmin: all, RoleMinistry: all, RoleProvince: ownProv, RoleEnterprise: ownEnt},

	ActProgrammeView:     {RoleAdmin: all, RoleMinistry: all, RoleProvince: ownProv},
	ActProgrammeManage:   {RoleAdmin: all, RoleMinistry: all},
	ActProgrammeRun:      {RoleAdmin: all, RoleMinistry: all, RoleProvince: ownProv},
	ActProposalSubmit:    {RoleEnterprise: ownEnt, RoleExpert: ownAccount},
	ActActivityReview:    {RoleExpert: ownAccount, RoleAssessor: ownAccount},
	ActReplicationRecord: {RoleEnterprise: ownEnt},

	ActSchemeManage:        {RoleAdmin: all, RoleMinistry: all},
	ActAssessmentView:      {RoleAdmin: all, RoleMinistry: all, RoleProvince: ownProv, RoleEnterprise: ownEnt},
	ActSelfAssess:          {RoleEnterprise: ownEnt},
	ActAssessmentManage:    {RoleAdmin: all, RoleMinistry: all, RoleProvince: ownProv},
	ActAssessIndependent:   {RoleAssessor: ownAccount},
	ActCertificateManage:   {RoleMinistry: all, RoleProvince: ownProv}, // the state recognises: not the system administrator
	ActAccreditationManage: {RoleAdmin: all, RoleMinistry: all},
	ActTrainingManage:      {RoleAdmin: all, RoleMinistry: all, RoleProvince: ownProv},
	ActTrainingEnrol:       {RoleEnterprise: ownEnt, RoleExpert: ownAccount, RoleAssessor: ownAccount, RoleJudge: ownAccount},

	ActContestManage:    {RoleAdmin: all, RoleMinistry: all, RoleProvince: ownProv},
	ActContestEnter:     {RoleEnterprise: ownEnt},
	ActContestJudge:     {RoleJudge: ownAccount},
	ActHonourManage:     {RoleAdmin: all, RoleMinistry: all},
	ActLibraryManage:    {RoleAdmin: all, RoleMinistry: all, RoleProvince: ownProv},
	ActNewsManage:       {RoleAdmin: all, RoleMinistry: all},
	ActNewsletterManage: {RoleAdmin: all, RoleMinistry: all},
}

// Scope is the object an action touches, as far as the policy cares: its
// province and enterprise. The zero Scope means "no particular object".
type Scope struct {
	ProvinceCode string
	EnterpriseID int64
	OwnerID      UserID // for per-account objects
}

// Allowed reports whether a may do act on an object in scope s. A nil or
// anonymous actor is allowed nothing that this table lists.
func Allowed(a *Actor, act Action, s Scope) bool {
	if a.IsAnonymous() {
		return false
	}
	switch rules[act][a.Role] {
	case all:
		return true
	case ownProv:
		return a.ProvinceCode != "" && (s.ProvinceCode == "" || s.ProvinceCode == a.ProvinceCode)
	case ownEnt:
		return a.EnterpriseID != 0 && (s.EnterpriseID == 0 || s.EnterpriseID == a.EnterpriseID)
	case ownAccount:
		return s.OwnerID == 0 || s.OwnerID == a.UserID
	}
	return false
}

// Can is Allowed without a particular object: may a do act at all (on what
// its scope reaches)? Navigation uses it.
func Can(a *Actor, act Action) bool { return Allowed(a, act, Scope{}) }
