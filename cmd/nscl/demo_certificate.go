package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/demo"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// Demo officers who recognise (their issuer is their unit's).
const (
	certMinistryEmail = "canbo.bo@nscl.demo"
	certHanoiEmail    = "so.hanoi@nscl.demo"
	certHCMEmail      = "so.hcm@nscl.demo"
)

// certSigners are the signers printed on the demo's certificates, by
// issuing unit ("" the ministry): fictitious names.
var certSigners = map[string][2]string{
	"":   {"KT. BỘ TRƯỞNG – THỨ TRƯỞNG", "Lê Quang Hưng"},
	"01": {"KT. GIÁM ĐỐC – PHÓ GIÁM ĐỐC", "Đặng Minh Khoa"},
	"79": {"KT. GIÁM ĐỐC – PHÓ GIÁM ĐỐC", "Võ Thị Thanh Tâm"},
}

// certRevocations are the reasons of the demo's revocations.
var certRevocations = []string{
	"Kiểm tra đột xuất ngày 12/5 cho thấy doanh nghiệp không duy trì thực hành 5S tại xưởng sản xuất chính; điểm kiểm tra lại dưới mức Đạt.",
	"Doanh nghiệp đề nghị thu hồi do chuyển toàn bộ hoạt động sản xuất sang địa điểm mới, chưa được đánh giá lại.",
}

// seedCertificates fills the demo's recognitions and certificates (after
// seedAssessments): it recognises the submitted independent assessments
// that reached a level, each a few weeks after its submission, through
// the service as it would have run that day (so the numbers run by year
// and the dates are consistent), by the province's officer for Hà Nội and
// Hồ Chí Minh City firms and by the ministry's otherwise. The issue dates
// therefore span from 2022 to this month: some certificates are expired
// (marked by the expiry job's run at the end), two are issued so as to
// expire within 90 days, two valid ones are revoked with a reason, and
// the demo enterprise's is valid. The latest submissions, with one of
// Hà Nội and one of Hồ Chí Minh City, are left for the officers to
// recognise, as are those whose assessor's accreditation does not allow
// recognising them. Without a signing key (PostgreSQL without
// NSCL_SIGNING_KEY) nothing is issued.
func (a *app) seedCertificates(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	signer, err := a.signer()
	if err != nil || signer == nil {
		return err
	}
	st := a.db.Assessment()
	queue, _, err := st.FindAwaitingRecognition(ctx, nil, 0, 5000)
	if err != nil || len(queue) == 0 {
		return err
	}
	now := time.Now()
	rng := rand.New(rand.NewPCG(seed, 0xce27))
	officers := map[string]*auth.Actor{}
	for prov, email := range map[string]string{"": certMinistryEmail, "01": certHanoiEmail, "79": certHCMEmail} {
		u, err := a.db.Auth().FindUserByEmail(ctx, email)
		if err != nil {
			return fmt.Errorf("demo: certificates: %w", err)
		}
		officers[prov] = u.Actor()
	}
	var own int64
	for _, l := range sum.Logins {
		if l.Role == auth.RoleEnterprise {
			if u, err := a.db.Auth().FindUserByEmail(ctx, l.Email); err == nil && u.EnterpriseID != 0 {
				own = u.EnterpriseID
				break
			}
		}
	}

	// Left for the officers: the three latest submissions, and the latest
	// of Hà Nội and of Hồ Chí Minh City (never the demo enterprise's).
	left := map[assessment.AssessmentID]bool{}
	for i := len(queue) - 1; i >= 0 && len(left) < 3; i-- {
		if int64(queue[i].EnterpriseID) != own {
			left[queue[i].ID] = true
		}
	}
	for _, prov := range []string{"01", "79"} {
		for i := len(queue) - 1; i >= 0; i-- {
			if x := queue[i]; x.ProvinceCode == prov && int64(x.EnterpriseID) != own {
				left[x.ID] = true
				break
			}
		}
	}

	// Each recognition's day: a few weeks after the submission; two are
	// moved so that they expire within 90 days of today.
	type plan struct {
		x  *assessment.Assessment
		at time.Time
	}
	var plans []plan
	for _, x := range queue {
		if left[x.ID] || x.SubmittedAt == nil {
			continue
		}
		at := x.SubmittedAt.Add(time.Duration(10+rng.IntN(25)) * 24 * time.Hour)
		if at.After(now.Add(-2 * time.Hour)) {
			at = now.Add(-2 * time.Hour)
		}
		plans = append(plans, plan{x: x, at: at})
	}
	schemes := map[assessment.SchemeID]*assessment.Scheme{}
	validity := func(id assessment.SchemeID) int {
		if schemes[id] == nil {
			sc, err := st.FindScheme(ctx, id)
			if err != nil {
				return 0
			}
			schemes[id] = sc
		}
		return schemes[id].ValidityMonths
	}
	moved := map[int]bool{}
	for _, days := range []int{40, 75} {
		// The latest recognition that can be dated so that the certificate
		// expires in days: submitted before that issue day.
		for i := len(plans) - 1; i >= 0; i-- {
			m := validity(plans[i].x.SchemeID)
			if m == 0 || moved[i] || int64(plans[i].x.EnterpriseID) == own {
				continue
			}
			if at := now.AddDate(0, -m, days); plans[i].x.SubmittedAt.Before(at) {
				plans[i].at, moved[i] = at, true
				break
			}
		}
	}
	slices.SortStableFunc(plans, func(p, q plan) int { return p.at.Compare(q.at) })

	var clock time.Time
	svc := assessment.NewService(assessment.Options{Store: st, Registry: a.registry, Signer: signer, Geo: a.geo, Log: a.log,
		BaseURL: a.cfg.BaseURL, Clock: func() time.Time { return clock }})
	var issued []*assessment.Certificate
	seq := map[string]int{}
	for _, p := range plans {
		prov := ""
		if officers[p.x.ProvinceCode] != nil {
			prov = p.x.ProvinceCode
		}
		clock = p.at
		decided := p.at.AddDate(0, 0, -rng.IntN(4))
		seq[prov]++
		symbol := "QĐ-BCT"
		if prov != "" {
			symbol = "QĐ-SCT"
		}
		in := assessment.RecognitionInput{Version: p.x.Version,
			DecisionNo:   fmt.Sprintf("%d/%s", 100+seq[prov]*7, symbol),
			DecisionDate: vn.Date(decided), SignerTitle: certSigners[prov][0], SignerName: certSigners[prov][1],
			Note: "Căn cứ biên bản đánh giá độc lập và đề nghị của đoàn đánh giá."}
		c, err := svc.Recognise(auth.WithActor(ctx, officers[prov]), p.x.ID, in)
		if fault.Is(err, fault.Invalid) {
			// Its assessor's accreditation does not allow it (none on the
			// day of submission, or withdrawn or suspended since): left
			// for the officers, who see why and may decline.
			a.log.Info("demo: assessment left awaiting recognition", "assessment", p.x.ID, "why", fault.MessageOf(err).En)
			continue
		}
		if err != nil {
			return fmt.Errorf("demo: recognise assessment %d: %w", p.x.ID, err)
		}
		issued = append(issued, c)
	}

	// Two valid certificates (not the demo enterprise's) revoked some
	// months after their issue.
	revoked := 0
	for i := len(issued) - 1; i >= 0 && revoked < len(certRevocations); i-- {
		c := issued[i]
		at := c.IssuedOn.AddDate(0, 5, 0).Add(10 * time.Hour)
		if int64(c.EnterpriseID) == own || c.StatusOn(now) != assessment.CertValid || at.After(now) ||
			c.ExpiresOn != nil && c.ExpiresOn.Before(now.AddDate(0, 0, 120)) {
			continue
		}
		clock = at
		prov := ""
		if officers[c.ProvinceCode] != nil {
			prov = c.ProvinceCode
		}
		if _, err := svc.Revoke(auth.WithActor(ctx, officers[prov]), c.ID,
			assessment.ReasonInput{Version: c.Version, Reason: certRevocations[revoked]}); err != nil {
			return fmt.Errorf("demo: revoke certificate %s: %w", c.Number, err)
		}
		revoked++
	}

	// The expiry job's first run: the lapsed certificates are marked.
	clock = now
	for {
		_, more, err := svc.KeepCertificates(ctx, now)
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
}
