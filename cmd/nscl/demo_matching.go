package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/demo"
	"nscl/internal/fault"
	"nscl/internal/matching"
	"nscl/internal/registry"
)

// Demo emails of the matching walkthrough.
const (
	demoEnterpriseEmail = "doanhnghiep@nscl.demo"
	demoExpertEmail     = "chuyengia@nscl.demo"
)

// demoNeedTools are the tools a firm of each priority industry asks for
// when it has no submitted diagnosis to take them from.
var demoNeedTools = map[registry.Industry][][]catalog.ToolCode{
	registry.IndustryTextiles:   {{"5s", "kaizen", "lean"}, {"iso9001", "qc7"}, {"smed", "vsm", "lean"}},
	registry.IndustryLeather:    {{"5s", "qc7"}, {"kaizen", "poka_yoke"}, {"iso9001", "iso14001"}},
	registry.IndustryPlastics:   {{"5s", "tpm", "smed"}, {"spc", "qc7"}, {"energy_audit", "iso50001"}},
	registry.IndustrySteel:      {{"tpm", "energy_audit"}, {"iso50001", "iso14001"}, {"six_sigma", "spc"}},
	registry.IndustryChemicals:  {{"iso14001", "iso45001"}, {"spc", "six_sigma"}, {"5s", "kaizen"}},
	registry.IndustryMechanical: {{"5s", "kaizen", "tpm"}, {"lean", "smed", "vsm"}, {"spc", "poka_yoke"}},
	registry.IndustryEnergy:     {{"iso50001", "energy_audit"}, {"tpm", "kpi_bsc"}},
	registry.IndustryElectronic: {{"six_sigma", "spc", "poka_yoke"}, {"lean", "jit"}, {"digital_mes", "kpi_bsc"}},
	"":                          {{"5s", "kaizen"}, {"iso9001", "qc7"}, {"kpi_bsc", "5s"}},
}

var demoNeedTexts = []string{
	"Xưởng sản xuất còn lộn xộn, thời gian tìm dụng cụ lâu; muốn triển khai bài bản trong 6 tháng.",
	"Tỷ lệ sản phẩm lỗi khoảng 4%, cần giảm xuống dưới 1,5% trước cuối năm.",
	"Thời gian chuyển đổi khuôn dài, năng suất dây chuyền thấp hơn kế hoạch.",
	"Cần xây dựng hệ thống quản lý để đáp ứng yêu cầu của khách hàng xuất khẩu.",
	"Chi phí năng lượng tăng nhanh; muốn đánh giá và có lộ trình tiết kiệm.",
	"Máy móc dừng đột xuất nhiều, cần chương trình bảo trì năng suất toàn diện.",
}

var demoInterestTexts = []string{
	"Tôi đã hướng dẫn công cụ này cho nhiều doanh nghiệp cùng ngành; có thể bắt đầu khảo sát trong hai tuần.",
	"Đơn vị chúng tôi có nhóm chuyên gia tại địa phương, đề xuất lộ trình 3 giai đoạn kèm đào tạo tại chỗ.",
	"Tôi quan tâm và xin được trao đổi thêm về hiện trạng sản xuất trước khi đề xuất kế hoạch.",
}

// seedMatching publishes needs for demo firms (from their submitted
// diagnosis when there is one, else from tools typical of their industry),
// adds interests from demo experts and a few accepted, completed and rated
// engagements. The demo enterprise user's firm has a need with interests;
// the demo expert, when the directory has a profile for the account, has a
// pending interest and an accepted engagement. Without experts in the
// directory only the needs are published.
func (a *app) seedMatching(ctx context.Context, scale demo.Scale, seed uint64, sum *demo.Summary) error {
	nNeeds := 36
	if scale == demo.National {
		nNeeds = 2_000
	}
	st := a.db.Matching()
	rng := rand.New(rand.NewPCG(seed, 4))
	ents, _, err := a.db.Registry().FindEnterprises(ctx, registry.Filter{Sort: registry.SortEmployeesDesc, Limit: nNeeds})
	if err != nil {
		return fmt.Errorf("demo: matching: %w", err)
	}
	owner, err := a.db.Auth().FindUserByEmail(ctx, demoEnterpriseEmail)
	if err != nil {
		return fmt.Errorf("demo: matching: %w", err)
	}
	// The demo enterprise user's firm first.
	if own, err := a.db.Registry().FindEnterpriseByID(ctx, registry.EnterpriseID(owner.EnterpriseID)); err == nil {
		ents = append([]*registry.Enterprise{own}, ents...)
	}
	profiles, err := st.LoadProfiles(ctx)
	if err != nil {
		return fmt.Errorf("demo: matching: %w", err)
	}
	byTool := map[catalog.ToolCode][]matching.ExpertID{}
	for _, p := range profiles {
		for t := range p.Tools {
			byTool[t] = append(byTool[t], p.ID)
		}
	}
	var demoExpert *matching.Expert
	if u, err := a.db.Auth().FindUserByEmail(ctx, demoExpertEmail); err == nil {
		if ex, err := st.FindExpertByUser(ctx, u.ID); err == nil {
			demoExpert = ex
		} else if !fault.Is(err, fault.NotFound) {
			return err
		}
	}
	now := time.Now().UTC()
	seen := map[registry.EnterpriseID]bool{}
	return st.Tx(ctx, func(tx matching.Store) error {
		made := 0
		for _, e := range ents {
			if seen[e.ID] || made >= nNeeds {
				continue
			}
			seen[e.ID] = true
			n, err := a.demoNeed(ctx, rng, e, now.Add(-60*24*time.Hour-time.Duration(made)*7*time.Hour))
			if err != nil {
				return err
			}
			if e.ID == registry.EnterpriseID(owner.EnterpriseID) {
				n.PublishedBy, n.ContactEmail = owner.ID, owner.Email
			}
			if err := tx.CreateNeed(ctx, n); err != nil {
				return fmt.Errorf("demo: need: %w", err)
			}
			made++
			// Interests from experts of the need's first tool; the demo
			// expert on the demo firm's need (pending) and on the second
			// need (accepted).
			var interested []matching.ExpertID
			if demoExpert != nil && made <= 2 {
				interested = append(interested, demoExpert.ID)
			}
			pool := byTool[n.Tools[0]]
			for k := 0; k < 3 && len(pool) > 0; k++ {
				id := pool[rng.IntN(len(pool))]
				if !containsExpert(interested, id) && (demoExpert == nil || id != demoExpert.ID) {
					interested = append(interested, id)
				}
			}
			var is []*matching.Interest
			for k, id := range interested {
				i := &matching.Interest{NeedID: n.ID, ExpertID: id, Message: demoInterestTexts[(made+k)%len(demoInterestTexts)],
					Status: matching.InterestPending, CreatedAt: n.PublishedAt.Add(time.Duration(k+1) * time.Hour)}
				if err := tx.CreateInterest(ctx, i); err != nil {
					return fmt.Errorf("demo: interest: %w", err)
				}
				is = append(is, i)
			}
			// Every third need (and the second) was filled; some are done and rated.
			if len(is) == 0 || made == 1 || (made != 2 && made%3 != 0) {
				continue
			}
			at := n.PublishedAt.Add(48 * time.Hour)
			g := &matching.Engagement{NeedID: n.ID, EnterpriseID: n.EnterpriseID, ExpertID: is[0].ExpertID, InterestID: is[0].ID,
				Status: matching.EngagementActive, AcceptedAt: at}
			if err := tx.CreateEngagement(ctx, g); err != nil {
				return fmt.Errorf("demo: engagement: %w", err)
			}
			if err := tx.SetInterestStatus(ctx, is[0].ID, matching.InterestAccepted, at); err != nil {
				return err
			}
			for _, o := range is[1:] {
				if err := tx.SetInterestStatus(ctx, o.ID, matching.InterestFilled, at); err != nil {
					return err
				}
			}
			if err := tx.SetNeedStatus(ctx, n.ID, matching.NeedFilled, at); err != nil {
				return err
			}
			d := matching.TrackDelta{Active: 1}
			if made != 2 && made%2 == 1 {
				done := at.Add(30 * 24 * time.Hour)
				before := *g
				g.Status, g.CompletedAt = matching.EngagementCompleted, &done
				d = matching.TrackDelta{Completed: 1}
				if made%5 != 0 {
					g.Rating, g.RatingComment, g.RatedAt = 3+rng.IntN(3), "Chuyên gia nhiệt tình, đúng tiến độ.", &done
					d.RatingSum, d.RatingCount = g.Rating, 1
				}
				if err := tx.UpdateEngagement(ctx, &before, g); err != nil {
					return err
				}
			}
			if err := tx.AddTrackRecord(ctx, g.ExpertID, d, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// demoNeed builds the need of firm e: from its latest submitted diagnosis
// when there is one, else from its industry's typical tools.
func (a *app) demoNeed(ctx context.Context, rng *rand.Rand, e *registry.Enterprise, at time.Time) (*matching.Need, error) {
	n := &matching.Need{EnterpriseID: int64(e.ID), Status: matching.NeedOpen, Industry: string(e.Industry), ProvinceCode: e.ProvinceCode,
		SizeClass: string(e.SizeClass), Levels: []matching.Level{}, Description: demoNeedTexts[rng.IntN(len(demoNeedTexts))],
		ContactEmail: e.Contact.Email, PublishedAt: at, UpdatedAt: at}
	if a.diagnosis != nil {
		sum, err := a.diagnosis.LatestSummary(auth.SystemContext(ctx), int64(e.ID))
		switch {
		case err == nil:
			n.DiagnosisID = sum.DiagnosisID
			for _, l := range sum.Levels {
				n.Levels = append(n.Levels, matching.Level{Code: l.Code, Name: l.Name, Level: l.Level})
			}
			for _, p := range sum.Path {
				if len(n.Tools) < matching.MaxNeedTools && !containsTool(n.Tools, p.Tool) {
					n.Tools = append(n.Tools, p.Tool)
				}
			}
		case !fault.Is(err, fault.NotFound):
			return nil, err
		}
	}
	if len(n.Tools) == 0 {
		opts := demoNeedTools[e.Industry]
		if opts == nil {
			opts = demoNeedTools[""]
		}
		n.Tools = opts[rng.IntN(len(opts))]
	}
	return n, nil
}

func containsExpert(ids []matching.ExpertID, id matching.ExpertID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func containsTool(ts []catalog.ToolCode, t catalog.ToolCode) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}
