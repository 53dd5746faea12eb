package web

import (
	"fmt"
	"net/http"

	"nscl/internal/auth"
	"nscl/internal/fault"
)

// homePage is the public landing page, or a signed-in user's dashboard.
type homePage struct {
	Layout
	Cards []Card
	// Directory and Catalog: the public directories are served (links on
	// the public landing page).
	Directory, Catalog bool
	// Portal is the public portal's home page (anonymous visitors, when
	// the portal is served); nil shows the plain landing page.
	Portal *portalView
}

// Card is one dashboard card: a link to something the user may do.
type Card struct {
	Title string
	Text  string
	Href  string
	Link  string
	Badge string // e.g. unread alerts, shown next to the title
}

func (h *Handler) handleHome(w http.ResponseWriter, r *http.Request) error {
	a := auth.ActorFrom(r.Context())
	if a.IsAnonymous() && h.portal != nil {
		return h.servePortalHome(w, r)
	}
	p := &homePage{Directory: h.directory != nil, Catalog: h.catalog != nil}
	if !a.IsAnonymous() {
		p.Cards = h.cards(a, h.lang(r))
		h.qualityCard(r, p.Cards)
	}
	title := text("home.title")
	if !a.IsAnonymous() {
		title = text("dashboard.title")
	}
	return h.renderPublic(w, r, "home", title, p)
}

// cards lists what a may do, as dashboard cards; every card is a real link.
func (h *Handler) cards(a *auth.Actor, lang string) []Card {
	all := []dashCard{
		{text("card.account.title"), text("card.account.text"), text("card.account.link"), "/account", auth.ActSignedIn},
		{text("card.totp.title"), text("card.totp.text"), text("card.totp.link"), "/account/2fa", auth.ActSignedIn},
		{text("card.jobs.title"), text("card.jobs.text"), text("card.jobs.link"), "/jobs", auth.ActSignedIn},
		{text("card.users.title"), text("card.users.text"), text("card.users.link"), "/admin/users", auth.ActUsersManage},
		{text("card.audit.title"), text("card.audit.text"), text("card.audit.link"), "/admin/audit", auth.ActAuditRead},
		{text("card.outbox.title"), text("card.outbox.text"), text("card.outbox.link"), "/admin/outbox", auth.ActOutboxRead},
		{text("card.system.title"), text("card.system.text"), text("card.system.link"), "/admin/system", auth.ActSystemStatus},
		{text("card.quality.title"), text("card.quality.text"), text("card.quality.link"), "/quality", auth.ActQualityManage},
		{text("card.quality.title"), text("card.quality_aggregate.text"), text("card.quality.link"), "/quality", auth.ActQualityAggregate},
	}
	switch {
	case a.Role == auth.RoleEnterprise && a.EnterpriseID == 0:
		all = append(all, dashCard{text("card.claim.title"), text("card.claim.text"), text("card.claim.link"), "/enterprises", auth.ActEnterpriseClaim})
	case a.Role == auth.RoleEnterprise:
		all = append(all, dashCard{text("card.own_enterprise.title"), text("card.own_enterprise.text"), text("card.own_enterprise.link"),
			fmt.Sprintf("/enterprises/%d", a.EnterpriseID), auth.ActEnterpriseView})
	default:
		all = append(all,
			dashCard{text("card.enterprises.title"), text("card.enterprises.text"), text("card.enterprises.link"), "/enterprises", auth.ActEnterpriseView},
			dashCard{text("card.claims.title"), text("card.claims.text"), text("card.claims.link"), "/enterprises/claims", auth.ActClaimDecide},
			dashCard{text("card.settings.title"), text("card.settings.text"), text("card.settings.link"), "/admin/settings", auth.ActSettingsManage})
	}
	all = append(all, h.ecosystemCards(a)...)
	var out []Card
	for _, c := range all {
		if c.href == "/quality" && (h.quality == nil || (c.act == auth.ActQualityAggregate && auth.Can(a, auth.ActQualityManage))) {
			continue
		}
		if auth.Can(a, c.act) {
			out = append(out, Card{Title: c.title.In(lang), Text: c.text.In(lang), Link: c.link.In(lang), Href: c.href})
		}
	}
	return out
}

// dashCard is a dashboard card before translation: shown when the actor may
// do act.
type dashCard struct {
	title, text, link fault.Text
	href              string
	act               auth.Action
}

// ecosystemCards are the cards of the directory, the catalogue, the
// diagnosis and matching, for the areas that are served.
func (h *Handler) ecosystemCards(a *auth.Actor) []dashCard {
	var out []dashCard
	add := func(served bool, c dashCard) {
		if served {
			out = append(out, c)
		}
	}
	if a.Role == auth.RoleEnterprise {
		add(h.diagnosis != nil, dashCard{text("card.diagnosis_take.title"), text("card.diagnosis_take.text"), text("card.diagnosis_take.link"), "/diagnosis", auth.ActDiagnosisTake})
		add(h.matching != nil, dashCard{text("card.needs_publish.title"), text("card.needs_publish.text"), text("card.needs_publish.link"), "/needs", auth.ActNeedsPublish})
	} else {
		add(h.diagnosis != nil, dashCard{text("card.diagnosis_view.title"), text("card.diagnosis_view.text"), text("card.diagnosis_view.link"), "/diagnosis", auth.ActDiagnosisView})
		add(h.matching != nil, dashCard{text("card.matching_view.title"), text("card.matching_view.text"), text("card.matching_view.link"), "/needs", auth.ActMatchingView})
	}
	add(h.directory != nil, dashCard{text("card.expert_profile.title"), text("card.expert_profile.text"), text("card.expert_profile.link"), "/experts/me", auth.ActExpertProfile})
	add(h.matching != nil, dashCard{text("card.needs_board.title"), text("card.needs_board.text"), text("card.needs_board.link"), "/needs", auth.ActNeedsBoard})
	add(h.directory != nil, dashCard{text("card.directory_manage.title"), text("card.directory_manage.text"), text("card.directory_manage.link"), "/experts", auth.ActDirectoryManage})
	add(h.catalog != nil, dashCard{text("card.catalog_manage.title"), text("card.catalog_manage.text"), text("card.catalog_manage.link"), "/tools", auth.ActCatalogManage})
	add(h.diagnosis != nil, dashCard{text("card.questionnaire.title"), text("card.questionnaire.text"), text("card.questionnaire.link"), "/admin/questionnaire", auth.ActQuestionnaireManage})
	add(h.directory != nil, dashCard{text("card.privacy.title"), text("card.privacy.text"), text("card.privacy.link"), "/admin/privacy", auth.ActPrivacyRequests})
	// Spreading the movement (issue 8).
	add(h.contest != nil, dashCard{text("card.contest_manage.title"), text("card.contest_manage.text"), text("card.open"), "/contests", auth.ActContestManage})
	add(h.contest != nil, dashCard{text("card.contest_enter.title"), text("card.contest_enter.text"), text("card.open"), "/contests", auth.ActContestEnter})
	add(h.contest != nil, dashCard{text("card.judging.title"), text("card.judging.text"), text("card.open"), "/judging", auth.ActContestJudge})
	add(h.contest != nil, dashCard{text("card.honours_manage.title"), text("card.honours_manage.text"), text("card.open"), "/vinh-danh/manage", auth.ActHonourManage})
	add(h.library != nil, dashCard{text("card.library_manage.title"), text("card.library_manage.text"), text("card.open"), "/cases", auth.ActLibraryManage})
	add(h.news != nil, dashCard{text("card.news_manage.title"), text("card.news_manage.text"), text("card.open"), "/news/manage", auth.ActNewsManage})
	add(h.news != nil, dashCard{text("card.newsletters.title"), text("card.newsletters.text"), text("card.open"), "/newsletters", auth.ActNewsletterManage})
	return out
}
