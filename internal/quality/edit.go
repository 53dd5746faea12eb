package quality

import (
	"context"
	"fmt"
	"strings"
	"time"

	"nscl/internal/audit"
	"nscl/internal/fault"
)

func processInactive() error {
	msg := fault.Text{Vi: "Quá trình đã ngừng theo dõi; hãy kích hoạt lại quá trình trước.",
		En: "The process is no longer monitored; reactivate the process first."}
	return (&fault.Error{Kind: fault.Conflict, Message: msg}).Field("process", msg.Vi, msg.En)
}

// ProcessUpdate is a process's editable fields. Active, when not nil,
// also takes the process out of use or back into it (SetProcessActive).
type ProcessUpdate struct {
	Name, Description, Line string
	Active                  *bool
}

// UpdateProcess changes the name, description and line of a process the
// actor manages. NotFound when the actor may not read it, Forbidden when
// read-only, Invalid with field messages.
func (s *Service) UpdateProcess(ctx context.Context, id ProcessID, u ProcessUpdate) (*Process, error) {
	p, err := s.FindProcessByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.writable(ctx, p.EnterpriseID); err != nil {
		return nil, err
	}
	before := *p
	p.Name, p.Description, p.Line = u.Name, u.Description, u.Line
	if err := p.Validate(); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	p.UpdatedAt = now
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.UpdateProcess(ctx, p); err != nil {
			return err
		}
		if err := tx.AddAudit(ctx, audit.New(ctx, now, "quality.process.update", "quality_process", fmt.Sprint(p.ID), before, p)); err != nil {
			return err
		}
		if u.Active != nil && *u.Active != p.Active {
			return setProcessActive(ctx, tx, p, *u.Active, now)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// SetProcessActive takes a process the actor manages out of use (active
// false), deactivating its characteristics with it, or back into use; its
// characteristics are then reactivated one by one, as needed. Setting the
// current state changes nothing.
func (s *Service) SetProcessActive(ctx context.Context, id ProcessID, active bool) (*Process, error) {
	p, err := s.FindProcessByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.writable(ctx, p.EnterpriseID); err != nil {
		return nil, err
	}
	if p.Active == active {
		return p, nil
	}
	now := s.now().UTC()
	if err := s.store.Tx(ctx, func(tx Store) error { return setProcessActive(ctx, tx, p, active, now) }); err != nil {
		return nil, err
	}
	return p, nil
}

// setProcessActive sets p's state in tx, deactivating its characteristics
// with it, and audits the change.
func setProcessActive(ctx context.Context, tx Store, p *Process, active bool, now time.Time) error {
	p.Active, p.UpdatedAt = active, now
	if err := tx.UpdateProcess(ctx, p); err != nil {
		return err
	}
	var stopped []CharacteristicID
	if !active {
		cs, err := tx.FindCharacteristics(ctx, p.EnterpriseID, p.ID)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if !c.Active {
				continue
			}
			c.Active, c.UpdatedAt = false, now
			if err := tx.UpdateCharacteristic(ctx, c); err != nil {
				return err
			}
			stopped = append(stopped, c.ID)
		}
	}
	action := "quality.process.activate"
	if !active {
		action = "quality.process.deactivate"
	}
	return tx.AddAudit(ctx, audit.New(ctx, now, action, "quality_process", fmt.Sprint(p.ID),
		map[string]any{"active": !active}, map[string]any{"active": active, "characteristics_deactivated": stopped}))
}

// CharacteristicUpdate is a characteristic's editable settings; every
// field is replaced (nil limits remove them) except Active, which when not
// nil also stops or resumes monitoring (SetCharacteristicActive).
type CharacteristicUpdate struct {
	Name, Unit       string
	LSL, USL, Target *float64
	SubgroupSize     int
	Chart, Rules     string
	SamplingPlan     string
	Active           *bool
}

// chartChangeProblem says why c's stored data cannot be read as chart
// `to` with the subgroup size n, or "" when they can. Variables data
// (one value per row) read the same on every variables chart whose
// subgroup size fits; attribute data carry counts and sizes whose meaning
// depends on the chart, so an attribute chart never changes.
func chartChangeProblem(from, to string, n int) (vi, en string) {
	switch {
	case from == to:
		return "", ""
	case IsAttribute(from) || IsAttribute(to):
		return "Đã có dữ liệu đo: chỉ đổi được giữa các biểu đồ biến số (xbar-r, xbar-s, imr, ewma, cusum), không đổi được biểu đồ thuộc tính.",
			"There are measurements: only variables charts (xbar-r, xbar-s, imr, ewma, cusum) can be exchanged, never an attribute chart."
	case IsXbar(to) && n < 2, to == "imr" && n != 1:
		return fmt.Sprintf("Đã có dữ liệu đo với cỡ nhóm con %d, không phù hợp với biểu đồ %s.", n, to),
			fmt.Sprintf("The measurements have subgroups of %d, which do not fit the %s chart.", n, to)
	}
	return "", ""
}

// dataFits checks that cur's stored measurements, if any, can be read with
// next's settings: the same subgroup size, and a chart they fit.
func dataFits(cur, next *Characteristic) error {
	if cur.LastSeq == 0 {
		return nil
	}
	f := fault.Fields{}
	chart := strings.ToLower(strings.TrimSpace(next.Chart))
	if next.SubgroupSize != cur.SubgroupSize {
		f.Add("subgroup_size", fmt.Sprintf("Đã có dữ liệu đo nên không đổi được cỡ nhóm con (hiện là %d).", cur.SubgroupSize),
			fmt.Sprintf("There are measurements, so the subgroup size cannot change (it is %d).", cur.SubgroupSize))
	} else if vi, en := chartChangeProblem(cur.Chart, chart, cur.SubgroupSize); vi != "" {
		f.Add("chart", vi, en)
	}
	return f.Err()
}

// UpdateCharacteristic changes the settings of a characteristic the actor
// manages. Once it has measurements, the subgroup size is fixed and the
// chart may change only where the stored data read the same (see
// chartChangeProblem); the latest Cpk is recomputed with the new settings.
// NotFound when the actor may not read it, Forbidden when read-only,
// Invalid with field messages.
func (s *Service) UpdateCharacteristic(ctx context.Context, id CharacteristicID, u CharacteristicUpdate) (*Characteristic, error) {
	c, err := s.FindCharacteristicByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.writable(ctx, c.EnterpriseID); err != nil {
		return nil, err
	}
	before := *c
	next := *c
	next.Name, next.Unit, next.LSL, next.USL, next.Target = u.Name, u.Unit, u.LSL, u.USL, u.Target
	next.SubgroupSize, next.Chart, next.Rules, next.SamplingPlan = u.SubgroupSize, u.Chart, u.Rules, u.SamplingPlan
	// The stored data's constraints first: they explain the field errors
	// Validate would otherwise report on the subgroup size.
	if err := dataFits(c, &next); err != nil {
		return nil, err
	}
	if err := next.Validate(); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	next.UpdatedAt = now
	err = s.store.Tx(ctx, func(tx Store) error {
		// Read again in the transaction: measurements may have arrived.
		cur, err := tx.FindCharacteristicByID(ctx, id)
		if err != nil {
			return err
		}
		next.LastSeq, next.Active = cur.LastSeq, cur.Active
		if err := dataFits(cur, &next); err != nil {
			return err
		}
		if err := tx.UpdateCharacteristic(ctx, &next); err != nil {
			return err
		}
		next.LastCpk = nil
		if next.LastSeq > 0 && next.HasSpec() {
			pts, _, err := loadPoints(ctx, tx, &next, next.LastSeq, DefaultWindow)
			if err != nil {
				return err
			}
			res, _, err := analyze(&next, pts)
			if err != nil {
				return err
			}
			if res != nil && res.Capability != nil && res.Capability.Cpk != nil {
				v := res.Capability.Cpk.Value
				next.LastCpk = &v
			}
		}
		if err := tx.SetLastCpk(ctx, next.ID, next.LastCpk); err != nil {
			return err
		}
		if err := tx.AddAudit(ctx, audit.New(ctx, now, "quality.characteristic.update", "quality_characteristic", fmt.Sprint(next.ID), before, next)); err != nil {
			return err
		}
		if u.Active != nil && *u.Active != cur.Active {
			return setCharacteristicActive(ctx, tx, &next, *u.Active, now)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &next, nil
}

// SetCharacteristicActive stops monitoring a characteristic the actor
// manages (active false: its history stays, no new measurement is
// accepted) or resumes it, which needs its process to be active
// (Conflict otherwise). Setting the current state changes nothing.
func (s *Service) SetCharacteristicActive(ctx context.Context, id CharacteristicID, active bool) (*Characteristic, error) {
	c, err := s.FindCharacteristicByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.writable(ctx, c.EnterpriseID); err != nil {
		return nil, err
	}
	if c.Active == active {
		return c, nil
	}
	now := s.now().UTC()
	if err := s.store.Tx(ctx, func(tx Store) error { return setCharacteristicActive(ctx, tx, c, active, now) }); err != nil {
		return nil, err
	}
	return c, nil
}

// setCharacteristicActive sets c's state in tx (resuming needs an active
// process: Conflict otherwise) and audits the change.
func setCharacteristicActive(ctx context.Context, tx Store, c *Characteristic, active bool, now time.Time) error {
	if active {
		p, err := tx.FindProcessByID(ctx, c.ProcessID)
		if err != nil {
			return err
		}
		if !p.Active {
			return processInactive()
		}
	}
	c.Active, c.UpdatedAt = active, now
	if err := tx.UpdateCharacteristic(ctx, c); err != nil {
		return err
	}
	action := "quality.characteristic.activate"
	if !active {
		action = "quality.characteristic.deactivate"
	}
	return tx.AddAudit(ctx, audit.New(ctx, now, action, "quality_characteristic", fmt.Sprint(c.ID),
		map[string]any{"active": !active}, map[string]any{"active": active}))
}

// ChartsFor lists the charts c may change to, in menu order: every chart
// while it has no measurements, then those that read its stored data.
func ChartsFor(c *Characteristic) []string {
	if c == nil || c.LastSeq == 0 {
		return Charts
	}
	var out []string
	for _, ch := range Charts {
		if vi, _ := chartChangeProblem(c.Chart, ch, c.SubgroupSize); vi == "" {
			out = append(out, ch)
		}
	}
	return out
}
