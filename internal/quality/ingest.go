package quality

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"nscl/internal/audit"
	"nscl/internal/fault"
)

// Ingested is the outcome of storing measurements.
type Ingested struct {
	Count    int      `json:"count"`
	FirstSeq int64    `json:"first_seq"`
	LastSeq  int64    `json:"last_seq"`
	Alerts   []*Alert `json:"alerts"` // alerts raised by the new points
}

// SubgroupInput is one subgroup entered on the form: the values of a
// variables chart, or the count and sample size of an attribute chart.
type SubgroupInput struct {
	Label   string
	TakenAt time.Time
	Values  []float64
	Count   float64
	Size    float64
}

// AddSubgroup stores one subgroup entered on the form.
func (s *Service) AddSubgroup(ctx context.Context, id CharacteristicID, in SubgroupInput) (*Ingested, error) {
	c, err := s.FindCharacteristicByID(ctx, id)
	if err != nil {
		return nil, err
	}
	var ms []MeasurementInput
	if c.IsAttribute() {
		ms = []MeasurementInput{{TakenAt: in.TakenAt, Subgroup: in.Label, Value: in.Count, Size: in.Size}}
	} else {
		if n := c.PointSize(); len(in.Values) != n {
			return nil, (&fault.Error{Kind: fault.Invalid, Message: fault.Text{Vi: "Dữ liệu chưa hợp lệ.", En: "The data are not valid."}}).
				Field("values", fmt.Sprintf("Cần đúng %d giá trị cho một nhóm con (có %d).", n, len(in.Values)),
					fmt.Sprintf("A subgroup needs exactly %d values (got %d).", n, len(in.Values)))
		}
		for _, v := range in.Values {
			ms = append(ms, MeasurementInput{TakenAt: in.TakenAt, Subgroup: in.Label, Value: v})
		}
	}
	if err := s.checkInputs(c, ms, 0, "values"); err != nil {
		return nil, err
	}
	return s.ingest(ctx, c, SourceForm, ms)
}

// AddBatch stores a batch of at most MaxBatch measurements pushed through
// the API. The whole batch is checked first; on any error nothing is
// stored and the error lists the first problems by index.
func (s *Service) AddBatch(ctx context.Context, id CharacteristicID, ms []MeasurementInput) (*Ingested, error) {
	c, err := s.FindCharacteristicByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 || len(ms) > MaxBatch {
		return nil, (&fault.Error{Kind: fault.Invalid, Message: fault.Text{Vi: "Số phép đo không hợp lệ.", En: "Invalid number of measurements."}}).
			Field("measurements", fmt.Sprintf("Một lô có từ 1 đến %d phép đo (có %d).", MaxBatch, len(ms)),
				fmt.Sprintf("A batch holds 1 to %d measurements (got %d).", MaxBatch, len(ms)))
	}
	if err := s.checkInputs(c, ms, 0, "measurements"); err != nil {
		return nil, err
	}
	return s.ingest(ctx, c, SourceAPI, ms)
}

// rowProblem is one bad row of an input, by its number.
type rowProblem struct {
	row    int
	vi, en string
}

// problemsError turns row problems into an Invalid error on field, listing
// at most 10 of them.
func problemsError(field string, probs []rowProblem, rowWord fault.Text) error {
	var vi, en []string
	for i, p := range probs {
		if i == 10 {
			vi = append(vi, fmt.Sprintf("… và %d lỗi khác.", len(probs)-10))
			en = append(en, fmt.Sprintf("… and %d more.", len(probs)-10))
			break
		}
		vi = append(vi, fmt.Sprintf("%s %d: %s", rowWord.Vi, p.row, p.vi))
		en = append(en, fmt.Sprintf("%s %d: %s", rowWord.En, p.row, p.en))
	}
	e := &fault.Error{Kind: fault.Invalid, Message: fault.Text{
		Vi: "Dữ liệu có lỗi, không có phép đo nào được lưu: " + strings.Join(vi, " "),
		En: "The data have errors; no measurement was stored: " + strings.Join(en, " ")}}
	return e.Field(field, strings.Join(vi, " "), strings.Join(en, " "))
}

// checkRow checks one measurement for c; sizes default to the subgroup
// size on p and np charts.
func checkRow(c *Characteristic, m *MeasurementInput) (vi, en string) {
	if !finite(m.Value) || !finite(m.Size) {
		return "giá trị không phải là số hữu hạn", "the value is not a finite number"
	}
	if len(m.Subgroup) > 100 {
		return "nhãn nhóm con dài quá 100 ký tự", "the subgroup label is longer than 100 characters"
	}
	if !c.IsAttribute() {
		return "", ""
	}
	if m.Size == 0 && (c.Chart == "p" || c.Chart == "np") {
		m.Size = float64(c.SubgroupSize)
	}
	switch {
	case m.Value < 0 || m.Value != float64(int64(m.Value)):
		return "số đếm phải là số nguyên không âm", "the count must be a whole number ≥ 0"
	case c.NeedsSize() && m.Size <= 0:
		return "cỡ mẫu phải lớn hơn 0", "the sample size must be greater than 0"
	case (c.Chart == "p" || c.Chart == "np") && m.Value > m.Size:
		return fmt.Sprintf("số khuyết tật (%v) lớn hơn cỡ mẫu (%v)", m.Value, m.Size),
			fmt.Sprintf("the count (%v) exceeds the sample size (%v)", m.Value, m.Size)
	case c.Chart == "np" && m.Size != float64(c.SubgroupSize):
		return fmt.Sprintf("biểu đồ np cần cỡ mẫu cố định %d", c.SubgroupSize),
			fmt.Sprintf("the np chart needs the constant sample size %d", c.SubgroupSize)
	}
	return "", ""
}

// checkInputs checks every row (numbering rows from first+1 in messages,
// or by index from 1 when first is 0).
func (s *Service) checkInputs(c *Characteristic, ms []MeasurementInput, _ int, field string) error {
	var probs []rowProblem
	for i := range ms {
		if vi, en := checkRow(c, &ms[i]); vi != "" {
			probs = append(probs, rowProblem{row: i + 1, vi: vi, en: en})
		}
	}
	if len(probs) > 0 {
		return problemsError(field, probs, fault.Text{Vi: "Phép đo", En: "Measurement"})
	}
	return nil
}

// label fills in missing subgroup labels: consecutive chunks of the
// subgroup size on grouped charts, one per value otherwise, named by the
// seq of their first value.
func fillLabels(c *Characteristic, ms []MeasurementInput, firstSeq int64, now time.Time) {
	per := c.PointSize()
	if !c.grouped() {
		per = 1
	}
	chunk := ""
	for i := range ms {
		if ms[i].TakenAt.IsZero() {
			ms[i].TakenAt = now
		}
		if i%per == 0 {
			chunk = strconv.FormatInt(firstSeq+int64(i), 10)
		}
		if ms[i].Subgroup == "" {
			ms[i].Subgroup = chunk
		} else {
			ms[i].Subgroup = strings.TrimSpace(ms[i].Subgroup)
		}
	}
}

// ingest stores checked measurements in one transaction with their batch,
// evaluates the rules on the new points (with alertContext earlier ones),
// records the alerts and the latest Cpk, and after commit emails the
// alerts to the enterprise's users.
func (s *Service) ingest(ctx context.Context, c *Characteristic, source string, ms []MeasurementInput) (*Ingested, error) {
	a, err := s.writable(ctx, c.EnterpriseID)
	if err != nil {
		return nil, err
	}
	if !c.Active {
		return nil, fault.New(fault.Conflict, "Đặc tính đã ngừng theo dõi nên không nhận thêm phép đo; hãy kích hoạt lại để nhập dữ liệu.",
			"Monitoring of this characteristic has stopped, so it takes no new measurements; reactivate it to enter data.")
	}
	now := s.now().UTC()
	out := &Ingested{Count: len(ms)}
	err = s.store.Tx(ctx, func(tx Store) error {
		last, err := tx.ReserveSeqs(ctx, c.ID, len(ms), now)
		if err != nil {
			return err
		}
		first := last - int64(len(ms)) + 1
		prev := first - 1
		out.FirstSeq, out.LastSeq = first, last
		fillLabels(c, ms, first, now)
		if _, err := tx.InsertMeasurements(ctx, c.ID, source, int64(a.UserID), first, ms, now); err != nil {
			return err
		}
		c.LastSeq = last
		alerts, cpk, err := s.evaluate(ctx, tx, c, prev, ms, now)
		if err != nil {
			return err
		}
		if err := tx.SetLastCpk(ctx, c.ID, cpk); err != nil {
			return err
		}
		if len(alerts) > 0 {
			if out.Alerts, err = tx.CreateAlerts(ctx, alerts); err != nil {
				return err
			}
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "quality.measurements.add", "quality_characteristic", fmt.Sprint(c.ID), nil,
			map[string]any{"source": source, "count": len(ms), "first_seq": first, "last_seq": last, "alerts": len(out.Alerts)}))
	})
	if err != nil {
		return nil, err
	}
	if out.Alerts == nil {
		out.Alerts = []*Alert{}
	}
	if len(out.Alerts) > 0 {
		s.mailAlerts(context.WithoutCancel(ctx), c, out.Alerts)
	}
	return out, nil
}

// evaluate analyses the new points with up to alertContext earlier points
// and returns the alerts of the new points that break a rule, and the Cpk
// of the latest DefaultWindow points.
func (s *Service) evaluate(ctx context.Context, tx Store, c *Characteristic, prev int64, ms []MeasurementInput, now time.Time) ([]*Alert, *float64, error) {
	var old []Measurement
	limit := c.rowsFor(alertContext)
	if prev > 0 {
		var err error
		if old, err = tx.LastMeasurements(ctx, c.ID, prev, limit); err != nil {
			return nil, nil, err
		}
	}
	all := make([]Measurement, 0, len(old)+len(ms))
	all = append(all, old...)
	for i, m := range ms {
		all = append(all, Measurement{Seq: prev + 1 + int64(i), Subgroup: m.Subgroup, TakenAt: m.TakenAt, Value: m.Value, Size: m.Size})
	}
	pts, _ := groupPoints(c, all, len(old) == limit && c.grouped(), 0)
	res, _, err := analyze(c, pts)
	if err != nil || res == nil {
		return nil, nil, err
	}
	var alerts []*Alert
	viol := violations(res)
	for i, p := range pts {
		if p.lastSeq <= prev {
			continue
		}
		for _, rule := range viol[i] {
			alerts = append(alerts, &Alert{CharacteristicID: c.ID, CharacteristicName: c.Name, EnterpriseID: c.EnterpriseID,
				Rule: rule, PointSeq: p.seq, Subgroup: p.label, Value: res.Statistics[i], CreatedAt: now})
		}
	}
	var cpk *float64
	if c.HasSpec() {
		tail := pts
		if len(tail) > DefaultWindow {
			tail = tail[len(tail)-DefaultWindow:]
		}
		r := res
		if len(tail) != len(pts) {
			r, _, err = analyze(c, tail)
			if err != nil {
				return nil, nil, err
			}
		}
		if r != nil && r.Capability != nil && r.Capability.Cpk != nil {
			v := r.Capability.Cpk.Value
			cpk = &v
		}
	}
	return alerts, cpk, nil
}

// mailAlerts emails new alerts to the enterprise's users. Failures are
// logged: the alerts are stored and shown in the application anyway.
func (s *Service) mailAlerts(ctx context.Context, c *Characteristic, alerts []*Alert) {
	if s.mailer == nil {
		return
	}
	rs, err := s.store.EnterpriseRecipients(ctx, c.EnterpriseID)
	if err != nil {
		s.log.Warn("quality: alert recipients", "enterprise", c.EnterpriseID, "err", err)
		return
	}
	link := fmt.Sprintf("%s/quality/characteristics/%d", s.baseURL, c.ID)
	subject := fmt.Sprintf("NSCL: cảnh báo SPC — %s (%d) / SPC alert", c.Name, len(alerts))
	var b strings.Builder
	fmt.Fprintf(&b, "Đặc tính %q có %d điểm mới vi phạm quy tắc kiểm soát:\n", c.Name, len(alerts))
	for i, al := range alerts {
		if i == 20 {
			fmt.Fprintf(&b, "… và %d cảnh báo khác.\n", len(alerts)-20)
			break
		}
		fmt.Fprintf(&b, "- Nhóm %s: %s (%s), giá trị %.6g\n", al.Subgroup, RuleText(al.Rule).Vi, al.Rule, al.Value)
	}
	fmt.Fprintf(&b, "\nXem biểu đồ: %s\n\n---\n", link)
	fmt.Fprintf(&b, "Characteristic %q has %d new points breaking a control rule:\n", c.Name, len(alerts))
	for i, al := range alerts {
		if i == 20 {
			fmt.Fprintf(&b, "… and %d more.\n", len(alerts)-20)
			break
		}
		fmt.Fprintf(&b, "- Subgroup %s: %s (%s), value %.6g\n", al.Subgroup, RuleText(al.Rule).En, al.Rule, al.Value)
	}
	fmt.Fprintf(&b, "\nSee the chart: %s\n", link)
	for _, r := range rs {
		if err := s.mailer.SendMail(ctx, r.Email, subject, b.String()); err != nil {
			s.log.Warn("quality: alert mail", "to", r.Email, "err", err)
		}
	}
}
