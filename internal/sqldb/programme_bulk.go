package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"nscl/internal/programme"
	"nscl/internal/vn"
)

// The demo's bulk path for the programme: activities with everything that
// hangs off them, and replications, in multi-row INSERTs of one
// transaction per call (the national demo writes 200,000 activities). The
// ids are given here (max(id)+1 onwards) so that children can refer to
// their parents without reading ids back; on PostgreSQL the tables are
// locked for the transaction and the identity sequences moved past them.

// BulkActivity is an activity with its reviews, milestones,
// disbursements (MilestoneID holds the milestone's Seq) and events.
type BulkActivity struct {
	*programme.Activity
	Reviews       []programme.Review
	Milestones    []programme.Milestone
	Disbursements []programme.Disbursement
	Events        []programme.Event
}

// DemoEnterprise is an enterprise the demo may make a proposer.
type DemoEnterprise struct {
	ID        int64
	Province  string
	Industry  string
	SizeClass string
}

// DemoEnterprises returns up to limit enterprises, every step-th by id
// (step ≥ 1), so that a small sample spreads over the registry (see
// demoSampleIDs).
func (s *ProgrammeStore) DemoEnterprises(ctx context.Context, limit, step int) ([]DemoEnterprise, error) {
	step = max(step, 1)
	rows, err := s.r.QueryContext(ctx, demoSampleIDs+`SELECT e.id, e.province_code, e.industry, e.size_class
		FROM k JOIN enterprises e ON e.id = k.id ORDER BY k.id LIMIT $2`, step, limit)
	if err != nil {
		return nil, translate(err, "demo enterprises")
	}
	var out []DemoEnterprise
	for rows.Next() {
		var e DemoEnterprise
		if err := rows.Scan(&e.ID, &e.Province, &e.Industry, &e.SizeClass); err != nil {
			rows.Close()
			return nil, translate(err, "scan demo enterprise")
		}
		out = append(out, e)
	}
	return out, closeRows(rows, "demo enterprises")
}

// DemoOrganisations returns up to limit organisation ids of the directory.
func (s *ProgrammeStore) DemoOrganisations(ctx context.Context, limit int) ([]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id FROM organisations ORDER BY id LIMIT $1`, limit)
	if err != nil {
		return nil, translate(err, "demo organisations")
	}
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, translate(err, "scan demo organisation")
		}
		out = append(out, id)
	}
	return out, closeRows(rows, "demo organisations")
}

// DemoCalls returns the programme's calls, by id.
func (s *ProgrammeStore) DemoCalls(ctx context.Context) ([]*programme.Call, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+callColumns+` FROM programme_calls c ORDER BY c.id`)
	if err != nil {
		return nil, translate(err, "demo calls")
	}
	var out []*programme.Call
	for rows.Next() {
		c, err := scanCall(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err, "scan demo call")
		}
		out = append(out, c)
	}
	return out, closeRows(rows, "demo calls")
}

// bulkWriter writes rows of one table in multi-row INSERTs.
type bulkWriter struct {
	ctx   context.Context
	c     conn
	d     dialect
	head  string
	table string
	cols  int
	batch int
	args  []any
	n     int
	full  *sql.Stmt
}

func newBulkWriter(ctx context.Context, c conn, d dialect, table, cols string) *bulkWriter {
	n := strings.Count(cols, ",") + 1
	return &bulkWriter{ctx: ctx, c: c, d: d, table: table, head: `INSERT INTO ` + table + ` (` + cols + `) VALUES `, cols: n,
		batch: max(1, min(500, 30000/n))}
}

func (w *bulkWriter) add(vals ...any) error {
	if len(vals) != w.cols {
		return fmt.Errorf("sqldb: bulk %s: %d values for %d columns", w.head, len(vals), w.cols)
	}
	w.args = append(w.args, vals...)
	w.n++
	if w.n == w.batch {
		return w.flush()
	}
	return nil
}

func (w *bulkWriter) flush() error {
	if w.n == 0 {
		return nil
	}
	var err error
	if w.n == w.batch {
		if w.full == nil {
			if w.full, err = w.c.tx.PrepareContext(w.ctx, bulkValues(w.d, w.head, w.batch, w.cols)); err != nil {
				return translate(err, "prepare bulk insert")
			}
		}
		_, err = w.full.ExecContext(w.ctx, w.args...)
	} else {
		_, err = w.c.tx.ExecContext(w.ctx, bulkValues(w.d, w.head, w.n, w.cols), w.args...)
	}
	w.args, w.n = w.args[:0], 0
	return translate(err, "bulk insert into "+w.table)
}

func (w *bulkWriter) close() error {
	err := w.flush()
	if w.full != nil {
		w.full.Close()
	}
	return err
}

// programmeNextIDs returns the next free id of each table and, on PostgreSQL, locks
// the tables so that no other writer takes those ids meanwhile.
func (c conn) programmeNextIDs(ctx context.Context, d dialect, tables ...string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, t := range tables {
		if d.name() == "postgres" {
			if _, err := c.w.ExecContext(ctx, `LOCK TABLE `+t+` IN SHARE ROW EXCLUSIVE MODE`); err != nil {
				return nil, translate(err, "lock "+t)
			}
		}
		var next int64
		if err := c.w.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM `+t).Scan(&next); err != nil {
			return nil, translate(err, "next id of "+t)
		}
		out[t] = next
	}
	return out, nil
}

// withoutInsertTriggers runs fn with the row triggers that bump
// programme_version on insert into tables dropped, and bumps the version
// once at the end: on SQLite those triggers fire per row and double the
// cost of a bulk insert. The triggers are created again from their stored
// definition in the same transaction (SQLite's DDL is transactional and
// the transaction holds the only write lock). PostgreSQL's triggers fire
// per statement and stay.
func (c conn) withoutInsertTriggers(ctx context.Context, d dialect, tables []string, fn func() error) error {
	if d.name() != "sqlite" {
		return fn()
	}
	var defs []string
	for _, t := range tables {
		var def string
		err := c.w.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = $1`,
			"programme_v_"+t+"_insert").Scan(&def)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return translate(err, "read trigger of "+t)
		}
		if _, err := c.w.ExecContext(ctx, `DROP TRIGGER programme_v_`+t+`_insert`); err != nil {
			return translate(err, "drop trigger of "+t)
		}
		defs = append(defs, def)
	}
	if err := fn(); err != nil {
		return err
	}
	for _, def := range defs {
		if _, err := c.w.ExecContext(ctx, def); err != nil {
			return translate(err, "create trigger")
		}
	}
	_, err := c.w.ExecContext(ctx, `UPDATE programme_version SET v = v + 1 WHERE id = 1`)
	return translate(err, "bump programme version")
}

// programmeSyncSequences moves PostgreSQL's identity sequences past the ids given.
func (c conn) programmeSyncSequences(ctx context.Context, d dialect, tables ...string) error {
	if d.name() != "postgres" {
		return nil
	}
	for _, t := range tables {
		if _, err := c.w.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT COALESCE(MAX(id), 1) FROM `+t+`))`); err != nil {
			return translate(err, "sync sequence of "+t)
		}
	}
	return nil
}

const bulkActivityCols = `id, programme_id, call_id, type, track, year, title, summary, enterprise_id, organisation_id,
	province_code, industry, size_class, details, tools, status, state_budget, counterpart, approved_budget, disbursed,
	screening, review_score, decision_no, decision_date, decision_signer, decision_note, contract_no, contract_date,
	verifier_id, submitted_at, decided_at, closed_at, created_by, version, created_at, updated_at, title_folded`

// CreateActivitiesBulk inserts bs with their budget lines, KPIs, reviews,
// milestones, disbursements and events in one transaction, and fills
// their ids.
func (s *ProgrammeStore) CreateActivitiesBulk(ctx context.Context, bs []*BulkActivity) error {
	return s.createActivities(ctx, bs, nil)
}

// activityChildTables are the tables below activities that
// CreateActivitiesBulk writes; activityIDTables those whose ids it gives.
var (
	activityChildTables = []string{"activity_budget_lines", "activity_kpis", "activity_reviews", "activity_milestones",
		"activity_disbursements", "activity_events"}
	activityIDTables = []string{"activities", "activity_reviews", "activity_milestones", "activity_disbursements", "activity_events"}
)

// createActivities is CreateActivitiesBulk. With a side database (see
// ProgrammeBulkLoad) the activities and their title words go into the
// database and the children into the side database at the same time, each
// in a transaction of its own.
func (s *ProgrammeStore) createActivities(ctx context.Context, bs []*BulkActivity, side *DB) error {
	if len(bs) == 0 {
		return nil
	}
	d := s.db.dialect
	now := s.db.now()
	return s.inTx(ctx, func(c conn) error {
		next, err := c.programmeNextIDs(ctx, d, activityIDTables...)
		if err != nil {
			return err
		}
		if side == nil {
			if err := assignActivityIDs(now, next, bs); err != nil {
				return err
			}
			return c.withoutInsertTriggers(ctx, d, []string{"activities", "activity_budget_lines", "activity_kpis",
				"activity_milestones", "activity_disbursements"}, func() error {
				if err := c.writeActivities(ctx, d, bs); err != nil {
					return err
				}
				if err := c.writeActivityChildren(ctx, d, bs); err != nil {
					return err
				}
				return c.programmeSyncSequences(ctx, d, activityIDTables...)
			})
		}
		return side.conn().inTx(ctx, func(sc conn) error {
			sideNext, err := sc.programmeNextIDs(ctx, d, activityIDTables[1:]...) // the children's
			if err != nil {
				return err
			}
			maps.Copy(next, sideNext)
			if err := assignActivityIDs(now, next, bs); err != nil {
				return err
			}
			done := make(chan error, 1)
			go func() { done <- sc.writeActivityChildren(ctx, d, bs) }()
			err = c.withoutInsertTriggers(ctx, d, []string{"activities"}, func() error { return c.writeActivities(ctx, d, bs) })
			if serr := <-done; err == nil {
				err = serr
			}
			return err
		})
	})
}

// writeActivities inserts bs, whose ids are given, and their title words.
func (c conn) writeActivities(ctx context.Context, d dialect, bs []*BulkActivity) error {
	acts := newBulkWriter(ctx, c, d, "activities", bulkActivityCols)
	words := newBulkWriter(ctx, c, d, "activity_words", "word, activity_id")
	// Parents before children: the activities are flushed first, and the
	// foreign keys are checked per statement.
	for _, b := range bs {
		a := b.Activity
		details := "{}"
		if len(a.Details) > 0 {
			bs, err := json.Marshal(a.Details)
			if err != nil {
				return fmt.Errorf("sqldb: activity details: %w", err)
			}
			details = string(bs)
		}
		screening, err := marshalScreening(a.Screening)
		if err != nil {
			return err
		}
		if err := acts.add(int64(a.ID), int64(a.ProgrammeID), nullInt64(int64(a.CallID)), string(a.Type), string(a.Track), a.Year,
			a.Title, a.Summary, nullInt64(a.EnterpriseID), nullInt64(a.OrganisationID), a.ProvinceCode, a.Industry, a.SizeClass,
			details, joinList(a.Tools), string(a.Status), a.StateBudget, a.Counterpart, a.ApprovedBudget, a.Disbursed, screening,
			nullFloat(a.ReviewScore), a.DecisionNo, a.DecisionDate, a.DecisionSigner, a.DecisionNote, a.ContractNo, a.ContractDate,
			nullInt64(int64(a.VerifierID)), nullTime(a.SubmittedAt), nullTime(a.DecidedAt), nullTime(a.ClosedAt),
			nullInt64(int64(a.CreatedBy)), 1, utc(a.CreatedAt), utc(a.UpdatedAt), vn.Fold(a.Title)); err != nil {
			return err
		}
	}
	if err := acts.close(); err != nil {
		return err
	}
	for _, b := range bs {
		for _, w := range titleWords(b.Title) {
			if err := words.add(w, int64(b.ID)); err != nil {
				return err
			}
		}
	}
	return words.close()
}

// assignActivityIDs gives bs and their reviews, milestones, events and
// disbursements ids from next, in the order of the rows, and fills the
// activities' derived fields.
func assignActivityIDs(now time.Time, next map[string]int64, bs []*BulkActivity) error {
	take := func(table string) int64 {
		id := next[table]
		next[table]++
		return id
	}
	for _, b := range bs {
		a := b.Activity
		a.ID = programme.ActivityID(take("activities"))
		if a.CreatedAt.IsZero() {
			a.CreatedAt = now
		}
		if a.UpdatedAt.IsZero() {
			a.UpdatedAt = a.CreatedAt
		}
		if a.ProgrammeID == 0 {
			a.ProgrammeID = programme.TheProgramme
		}
		a.Version = 1
		// The disbursed total is what the payment rows add up to, never
		// a figure of its own, and never more than the approved budget.
		a.Disbursed = 0
		for _, x := range b.Disbursements {
			a.Disbursed += x.Amount
		}
		if a.Disbursed > a.ApprovedBudget {
			return fmt.Errorf("sqldb: activity %q: %d đồng disbursed, above the approved budget of %d", a.Title, a.Disbursed, a.ApprovedBudget)
		}
	}
	for _, b := range bs {
		for i := range b.Reviews {
			b.Reviews[i].ID, b.Reviews[i].ActivityID = programme.ReviewID(take("activity_reviews")), b.ID
		}
		for i := range b.Milestones {
			b.Milestones[i].ID, b.Milestones[i].ActivityID = programme.MilestoneID(take("activity_milestones")), b.ID
		}
		for i := range b.Events {
			b.Events[i].ID, b.Events[i].ActivityID = programme.EventID(take("activity_events")), b.ID
		}
	}
	for _, b := range bs {
		for i := range b.Disbursements {
			x := &b.Disbursements[i]
			mid := programme.MilestoneID(0)
			for _, m := range b.Milestones {
				if m.Seq == int(x.MilestoneID) {
					mid = m.ID
				}
			}
			if mid == 0 {
				return fmt.Errorf("sqldb: disbursement of activity %d: no milestone %d", b.ID, x.MilestoneID)
			}
			x.ID, x.ActivityID, x.MilestoneID = programme.DisbursementID(take("activity_disbursements")), b.ID, mid
			if x.CreatedAt.IsZero() {
				x.CreatedAt = now
			}
		}
	}
	return nil
}

// writeActivityChildren inserts the budget lines, KPIs, reviews,
// milestones, events and disbursements of bs, whose ids are given.
func (c conn) writeActivityChildren(ctx context.Context, d dialect, bs []*BulkActivity) error {
	lines := newBulkWriter(ctx, c, d, "activity_budget_lines", "activity_id, line, item, state_amount, counterpart_amount")
	kpis := newBulkWriter(ctx, c, d, "activity_kpis", "activity_id, kpi_code, baseline, target, actual, verified_by, verified_at")
	revs := newBulkWriter(ctx, c, d, "activity_reviews", `id, activity_id, reviewer_id, status, no_conflict_at, conflict_note,
		scores, total, comment, assigned_by, assigned_at, submitted_at`)
	mss := newBulkWriter(ctx, c, d, "activity_milestones", `id, activity_id, seq, title, due_date, state_amount, status,
		progress_pct, report, reported_by, reported_at, decided_by, decided_at, decision_note`)
	dis := newBulkWriter(ctx, c, d, "activity_disbursements", "id, activity_id, milestone_id, amount, paid_on, reference, created_by, created_at")
	evs := newBulkWriter(ctx, c, d, "activity_events", "id, activity_id, from_status, to_status, actor_id, actor_email, note, at")
	for _, b := range bs {
		a := b.Activity
		for i, l := range a.Budget {
			if err := lines.add(int64(a.ID), i+1, l.Item, l.State, l.Counterpart); err != nil {
				return err
			}
		}
		for _, k := range a.KPIs {
			if err := kpis.add(int64(a.ID), k.Code, k.Baseline, k.Target, nullFloat(k.Actual), nullInt64(int64(k.VerifiedBy)),
				nullTime(k.VerifiedAt)); err != nil {
				return err
			}
		}
		for i := range b.Reviews {
			r := &b.Reviews[i]
			scores, err := json.Marshal(r.Scores)
			if err != nil {
				return fmt.Errorf("sqldb: review scores: %w", err)
			}
			if r.Scores == nil {
				scores = []byte("{}")
			}
			if err := revs.add(int64(r.ID), int64(a.ID), int64(r.ReviewerID), string(r.Status), nullTime(r.NoConflictAt), r.ConflictNote,
				string(scores), nullFloat(r.Total), r.Comment, nullInt64(int64(r.AssignedBy)), utc(r.AssignedAt), nullTime(r.SubmittedAt)); err != nil {
				return err
			}
		}
		for i := range b.Milestones {
			m := &b.Milestones[i]
			if err := mss.add(int64(m.ID), int64(a.ID), m.Seq, m.Title, m.DueDate, m.StateAmount, string(m.Status), m.ProgressPct,
				m.Report, nullInt64(int64(m.ReportedBy)), nullTime(m.ReportedAt), nullInt64(int64(m.DecidedBy)), nullTime(m.DecidedAt),
				m.DecisionNote); err != nil {
				return err
			}
		}
		for i := range b.Events {
			e := &b.Events[i]
			if err := evs.add(int64(e.ID), int64(a.ID), string(e.From), string(e.To), nullInt64(int64(e.ActorID)), e.ActorEmail,
				e.Note, utc(e.At)); err != nil {
				return err
			}
		}
	}
	for _, w := range []*bulkWriter{lines, kpis, revs, mss, evs} {
		if err := w.close(); err != nil {
			return err
		}
	}
	// The disbursements after every milestone they refer to is written.
	for _, b := range bs {
		for _, x := range b.Disbursements {
			if err := dis.add(int64(x.ID), int64(b.ID), int64(x.MilestoneID), x.Amount, x.PaidOn, x.Reference, nullInt64(int64(x.CreatedBy)),
				utc(x.CreatedAt)); err != nil {
				return err
			}
		}
	}
	return dis.close()
}

// CreateReplicationsBulk inserts rs with their KPIs in one transaction and
// fills their ids. A negative SourceID -k refers to rs[k-1], which must
// come before it: the edges of the diffusion tree within the batch.
func (s *ProgrammeStore) CreateReplicationsBulk(ctx context.Context, rs []*programme.Replication) error {
	if len(rs) == 0 {
		return nil
	}
	d := s.db.dialect
	now := s.db.now()
	return s.inTx(ctx, func(c conn) error {
		next, err := c.programmeNextIDs(ctx, d, "replications")
		if err != nil {
			return err
		}
		return c.withoutInsertTriggers(ctx, d, []string{"replications", "replication_kpis"}, func() error {
			reps := newBulkWriter(ctx, c, d, "replications", `id, pilot_id, enterprise_id, source_id, applied_on, tools, description,
				province_code, industry, size_class, status, created_by, created_at, updated_at`)
			kpis := newBulkWriter(ctx, c, d, "replication_kpis", "replication_id, kpi_code, baseline, actual")
			for i, r := range rs {
				r.ID = programme.ReplicationID(next["replications"])
				next["replications"]++
				if r.SourceID < 0 {
					k := int(-r.SourceID) - 1
					if k >= i {
						return fmt.Errorf("sqldb: replication %d: source %d comes later", i, k)
					}
					r.SourceID = rs[k].ID
				}
				if r.CreatedAt.IsZero() {
					r.CreatedAt = now
				}
				if r.UpdatedAt.IsZero() {
					r.UpdatedAt = r.CreatedAt
				}
				if r.Status == "" {
					r.Status = programme.ReplicationReported
				}
				if err := reps.add(int64(r.ID), int64(r.PilotID), r.EnterpriseID, nullInt64(int64(r.SourceID)), r.AppliedOn,
					joinList(r.Tools), r.Description, r.ProvinceCode, r.Industry, r.SizeClass, string(r.Status),
					nullInt64(int64(r.CreatedBy)), utc(r.CreatedAt), utc(r.UpdatedAt)); err != nil {
					return err
				}
			}
			if err := reps.close(); err != nil {
				return err
			}
			for _, r := range rs {
				for _, k := range r.KPIs {
					if err := kpis.add(int64(r.ID), k.Code, k.Baseline, k.Actual); err != nil {
						return err
					}
				}
			}
			if err := kpis.close(); err != nil {
				return err
			}
			return c.programmeSyncSequences(ctx, d, "replications")
		})
	})
}
