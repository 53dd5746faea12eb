package programme

import (
	"context"
	"slices"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// --- the diffusion tree ---

// TreeNode is a node of a pilot's diffusion tree: the pilot at the root,
// each replication under the one it learnt from. Replications the viewer
// may not know are folded, per parent, into one node that only counts
// them (Others), with no id, province, status or date: a province and a
// date under a known pilot could tell who they are.
type TreeNode struct {
	ID        ReplicationID     `json:"id,omitempty" doc:"0 = mô hình điểm hoặc nút gộp (the pilot, or a folded node)"`
	Name      string            `json:"name"`
	Province  string            `json:"province,omitempty"`
	Status    ReplicationStatus `json:"status,omitempty"`
	AppliedOn string            `json:"applied_on,omitempty"`
	Others    int               `json:"others,omitempty" doc:"Nút gộp: số doanh nghiệp khác chưa được xác nhận (folded node: how many unconfirmed firms)"`
	Children  []*TreeNode       `json:"children,omitempty"`
}

// Depth is the number of levels under the node (0 for a leaf).
func (n *TreeNode) Depth() int {
	d := 0
	for _, c := range n.Children {
		d = max(d, c.Depth()+1)
	}
	return d
}

// Size counts the replications under n (a folded node counts those it
// stands for).
func (n *TreeNode) Size() int {
	s := 0
	for _, c := range n.Children {
		s += max(1, c.Others) + c.Size()
	}
	return s
}

// OthersName is the label of a folded node of n firms.
func OthersName(n int) fault.Text {
	return fault.Text{Vi: vn.Int(int64(n)) + " doanh nghiệp khác", En: vn.Int(int64(n)) + " other enterprise(s)"}
}

// BuildTree makes the diffusion tree of a pilot from its replications
// (in any order): a replication whose source is missing hangs under the
// root. name gives a replication's label and whether it may be shown at
// all; the others are folded (see TreeNode), labelled in lang.
func BuildTree(root *TreeNode, reps []ReplicationRecord, name func(*ReplicationRecord) (string, bool), lang string) *TreeNode {
	nodes := make(map[ReplicationID]*TreeNode, len(reps))
	for i := range reps {
		r := &reps[i]
		if n, ok := name(r); ok {
			nodes[r.ID] = &TreeNode{ID: r.ID, Name: n, Province: r.ProvinceCode, Status: r.Status, AppliedOn: r.AppliedOn}
		} else {
			nodes[r.ID] = &TreeNode{Others: 1}
		}
	}
	// Attach in id order, so children are listed as they were recorded.
	ids := make([]ReplicationID, 0, len(reps))
	for i := range reps {
		ids = append(ids, reps[i].ID)
	}
	slices.Sort(ids)
	src := make(map[ReplicationID]ReplicationID, len(reps))
	for i := range reps {
		src[reps[i].ID] = reps[i].SourceID
	}
	for _, id := range ids {
		parent := root
		if p, ok := nodes[src[id]]; ok && src[id] != id {
			parent = p
		}
		parent.Children = append(parent.Children, nodes[id])
	}
	foldOthers(root, lang)
	return root
}

// foldOthers merges the hidden children of n into one node (after the
// named ones), which takes over their children, and so on down the tree.
func foldOthers(n *TreeNode, lang string) {
	var kept []*TreeNode
	var other *TreeNode
	for _, c := range n.Children {
		if c.Others == 0 {
			kept = append(kept, c)
			continue
		}
		if other == nil {
			other = &TreeNode{}
		}
		other.Others += c.Others
		other.Children = append(other.Children, c.Children...)
	}
	if other != nil {
		other.Name = OthersName(other.Others).In(lang)
		kept = append(kept, other)
	}
	n.Children = kept
	for _, c := range n.Children {
		foldOthers(c, lang)
	}
}

// --- public pilot models ---

// Pilots lists the supported pilot models for everyone (anonymous too):
// what they are, who ran them, how often they were replicated.
func (s *Service) Pilots(ctx context.Context, f PilotFilter) ([]PilotSummary, int, error) {
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	f.Offset = max(f.Offset, 0)
	f.ID = 0
	if f.Tool != "" && !toolCodeRe.MatchString(f.Tool) {
		return nil, 0, nil // no tool has such a code (a comma would span two)
	}
	return s.store.ListPilots(ctx, f)
}

// PilotView is a pilot model as the public sees it: verified results only,
// the names of replicating firms only once an officer confirmed them.
type PilotView struct {
	Pilot        PilotSummary `json:"pilot"`
	KPIs         []KPIOutcome `json:"kpis" doc:"Chỉ KPI đã được xác minh (verified KPIs only)"`
	Overall      *float64     `json:"overall,omitempty"`
	Tree         *TreeNode    `json:"tree"`
	Confirmed    int          `json:"confirmed"`
	CanReplicate bool         `json:"can_replicate"`
}

// OtherFirm is the name shown for a replicating firm not yet confirmed.
var OtherFirm = fault.Text{Vi: "Doanh nghiệp khác", En: "Another enterprise"}

// Pilot returns a public pilot model; one that is not a supported pilot
// model is not found.
func (s *Service) Pilot(ctx context.Context, id ActivityID, lang string) (*PilotView, error) {
	ps, _, err := s.store.ListPilots(ctx, PilotFilter{ID: id, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, errPilotNotFound
	}
	act, err := s.store.FindActivityByID(ctx, id)
	if err != nil {
		return nil, err
	}
	defs, err := s.store.FindKPIs(ctx)
	if err != nil {
		return nil, err
	}
	dm := kpiMap(defs)
	v := &PilotView{Pilot: ps[0]}
	var imps []*float64
	for _, k := range act.KPIs {
		if k.VerifiedAt == nil || k.Actual == nil {
			continue
		}
		r := kpiResult(dm[k.Code], k)
		v.KPIs = append(v.KPIs, r)
		imps = append(imps, r.Improvement)
	}
	v.Overall = Overall(imps)
	reps, _, err := s.store.ListReplications(ctx, ReplicationFilter{PilotID: id})
	if err != nil {
		return nil, err
	}
	for _, r := range reps {
		if r.Status == ReplicationConfirmed {
			v.Confirmed++
		}
	}
	v.Tree = BuildTree(&TreeNode{Name: ps[0].EnterpriseName, Province: ps[0].ProvinceCode}, reps, func(r *ReplicationRecord) (string, bool) {
		return r.EnterpriseName, r.Status == ReplicationConfirmed
	}, lang)
	a := auth.ActorFrom(ctx)
	v.CanReplicate = auth.Can(a, auth.ActReplicationRecord) && a.EnterpriseID != ps[0].EnterpriseID
	return v, nil
}
