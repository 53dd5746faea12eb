// Package diagnosis holds the enterprise self-diagnosis: the versioned
// questionnaire, the answers (drafts and submitted diagnoses), the maturity
// level per dimension, the comparison with peers and with earlier years, and
// the recommended improvement path (rules as data).
//
// Versions. A questionnaire version holds dimensions (with a weight), their
// questions (each with five answer options describing maturity levels 1–5 in
// Vietnamese and English, and a weight), the path rules and the tools'
// prerequisites. Editors (auth.ActQuestionnaireManage) change a draft copied
// from the current version and publish it as the next version; a published
// version never changes. A diagnosis keeps the version it was started on, and
// its result, computed at submission, is stored with it.
//
// Scoring (Score). A dimension's score is the weighted mean of its answers;
// the overall score the weighted mean of the dimension scores; scores are
// rounded to two decimals and a level is the score rounded half up (2.49 → 2,
// 2.50 → 3), within 1–5. A diagnosis is submitted only when every question of
// its version is answered (MissingError names the others).
//
// Path (Recommend). A rule fires when its dimension's level is at most its
// MaxLevel (and the enterprise's size class, priority industry or VSIC code
// match, when the rule names them). The steps of the rules that fire are
// merged weakest dimension first, without repeats, and every tool is put
// after its prerequisites (TPM after 5S unless workplace organisation is at 4,
// ISO 50001 after an energy audit, …), which are added when missing. A
// fallback rule fires only when no other does.
//
// Peers. A submitted diagnosis is compared with the submitted diagnoses of
// the same year, sector (the priority industry, else the VSIC section) and
// size class, of other enterprises; the percentile (peers scoring lower, ties
// counted half) is shown only with at least MinPeers of them.
//
// Scope. An enterprise user answers and reads their enterprise's diagnoses;
// officers (auth.ActDiagnosisView) read submitted ones, provincial officers
// those of their province only; others get NotFound.
package diagnosis
