package enterprisefile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sheet"
	"nscl/internal/vn"
)

// DefaultBatchSize is how many rows one transaction commits.
const DefaultBatchSize = 2000

// maxKeptValues bounds how many rejected rows keep their original values
// in memory (the command line report); later ones keep line and reason.
const maxKeptValues = 200_000

// ImportOptions says how to import a file.
type ImportOptions struct {
	// FileName is shown in messages and recorded in the audit log.
	FileName string
	// Sheet is the XLSX sheet to read; "" picks the best match.
	Sheet string
	// Mapping, if set, replaces the detected header row and column
	// mapping (HeaderRow and Columns' Index and Field).
	Mapping *sheet.Mapping
	// Year is the year of figures for rows without a year column; 0: see
	// the package documentation.
	Year int
	// DryRun checks every row against the registry and counts what would
	// happen, then rolls every batch back.
	DryRun bool
	// Upload, when set, keeps the checkpoint and the rejected rows in the
	// database with each batch, so that the import resumes after a crash.
	Upload UploadID
	// Province is the province of rows whose province cell is empty or
	// that have no province column (code or name of a unit). A provincial
	// officer's own province is the default.
	Province string
	// BatchSize overrides DefaultBatchSize.
	BatchSize int
	// Progress, if set, is called after each committed batch.
	Progress func(Progress)
	// Until, if set, makes an import of an Upload stop after the first
	// batch committed at or after it, with ErrPaused; the next call
	// resumes after the checkpoint. Long imports run as a chain of short
	// job attempts this way.
	Until time.Time
}

// ErrPaused is returned by an import that stopped at ImportOptions.Until
// with its work so far committed.
var ErrPaused = errors.New("enterprisefile: import paused; run it again to continue")

// Progress is how far an import is.
type Progress struct {
	Rows      int // data rows read
	Committed int // last line committed (0 before the first batch)
	Imported  int
	Updated   int
	Rejected  int
}

// Result is the outcome of an import.
type Result struct {
	Imported int
	Updated  int
	// Rejected lists the rejected rows by line. With an Upload it is read
	// back from the store at the end.
	Rejected []Rejection
	Mapping  sheet.Mapping
	Year     int
	DryRun   bool
	// Skipped is how many non-data rows (titles, numbering, groups,
	// totals, footers) were passed over.
	Skipped int
	// ResumedAfter is the line an interrupted import resumed after, 0 for
	// a fresh start.
	ResumedAfter int
	// LastLine is the last line committed.
	LastLine int
}

// Report is the import report for scripts: exactly the fields of the
// contract in issue 3.
type Report struct {
	Imported int            `json:"imported"`
	Updated  int            `json:"updated"`
	Rejected []ReportReject `json:"rejected"`
}

// ReportReject is one rejected row of a Report; Message is "Vietnamese /
// English".
type ReportReject struct {
	Line    int           `json:"line"`
	Reason  registry.Code `json:"reason"`
	Message string        `json:"message"`
}

// Report returns the script report of r.
func (r *Result) Report() Report {
	rep := Report{Imported: r.Imported, Updated: r.Updated, Rejected: make([]ReportReject, len(r.Rejected))}
	for i, x := range r.Rejected {
		rep.Rejected[i] = ReportReject{Line: x.Line, Reason: x.Reason, Message: both(x.Message)}
	}
	return rep
}

// both writes t as "vi / en".
func both(t fault.Text) string {
	if t.En == "" || t.En == t.Vi {
		return t.Vi
	}
	return t.Vi + " / " + t.En
}

var errDryRun = errors.New("enterprisefile: dry run")

// everywhere is a scope no province matches: an actor allowed an action
// there reaches every province.
var everywhere = auth.Scope{ProvinceCode: "\x00", EnterpriseID: -1}

// importer is one import in progress.
type importer struct {
	s      *Service
	o      ImportOptions
	actor  *auth.Actor
	scope  string // the only province the actor may import, "" for all
	cv     converter
	now    time.Time
	res    *Result
	seen   map[uint64]int32 // tax code → first line
	rows   []rowData
	rejs   []Rejection
	last   int // line of the last row read
	nrows  int
	fileID string
	bulk   bool // a bulk load into an empty registry (see bulkLoad)
}

// Import imports the enterprises of a CSV or XLSX file of size bytes (-1
// when unknown) read from r (an io.ReaderAt is read in place). The actor
// in ctx must be allowed auth.ActEnterpriseManage. Errors: Unauthenticated,
// Forbidden, Invalid (the file: not CSV/XLSX, too large, unsafe, no header,
// missing columns — a *sheet.Error), and store errors. Rows are never an
// error: they are imported or in Result.Rejected.
func (s *Service) Import(ctx context.Context, r io.Reader, size int64, o ImportOptions) (*Result, error) {
	a, scope, err := s.importer(ctx)
	if err != nil {
		return nil, err
	}
	if o.BatchSize <= 0 {
		o.BatchSize = s.batch
	}
	rd, err := sheet.Open(r, size, o.FileName, sheet.Options{Fields: Fields(), Sheet: o.Sheet, MaxBytes: s.maxBytes})
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	if o.Mapping != nil {
		err = rd.SetMapping(*o.Mapping)
	} else {
		err = adoptYearColumn(rd)
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	m := rd.Header()
	if len(m.Missing) > 0 {
		return nil, missingColumns(m.Missing)
	}
	mult, headerYear := map[string]int64{}, 0
	for _, c := range m.Columns {
		for _, k := range figureKeys {
			if c.Field == k {
				u, y := columnUnit(c.Header)
				if k != FieldEmployees && k != FieldEnergy {
					mult[k] = u
				}
				if headerYear == 0 {
					headerYear = y
				}
			}
		}
	}
	thisYear := now.In(vn.Zone).Year()
	year := o.Year
	switch {
	case year != 0:
	case headerYear != 0 && headerYear <= thisYear:
		year = headerYear
	default:
		year = thisYear - 1
	}
	province := o.Province
	if province == "" {
		province = scope
	}
	if province != "" {
		code, ok := s.geo.Resolve(province)
		if !ok {
			return nil, fault.New(fault.Invalid, "Tỉnh/thành phố mặc định không có trong danh sách 34 đơn vị.",
				"The default province is not one of the 34 units.").Field("province", "Tỉnh/thành phố không hợp lệ.", "Unknown province.")
		}
		province = code
	}
	im := &importer{s: s, o: o, actor: a, scope: scope, now: now.UTC(),
		cv: converter{geo: s.geo, today: now.In(vn.Zone).Format("2006-01-02"), thisYear: thisYear, year: year, mult: mult,
			defaultProvince: province},
		res:  &Result{Mapping: m, Year: year, DryRun: o.DryRun},
		seen: map[uint64]int32{}, fileID: o.FileName}
	var cp *Checkpoint
	if o.Upload != 0 && !o.DryRun {
		cp, err = s.store.FindCheckpoint(ctx, o.Upload)
		switch {
		case err == nil:
			im.res.Imported, im.res.Updated, im.res.ResumedAfter, im.res.LastLine = cp.Imported, cp.Updated, cp.Line, cp.Line
		case fault.Is(err, fault.NotFound):
			cp = nil
		default:
			return nil, err
		}
	}
	rejected := 0
	skipTo := 0
	if cp != nil {
		rejected, skipTo = cp.Rejected, cp.Line
	}
	if im.bulk, err = s.bulkLoad(ctx, size, o, cp != nil); err != nil {
		return nil, err
	}
	res, err := im.run(ctx, rd, skipTo, rejected)
	if im.bulk && !errors.Is(err, ErrPaused) {
		// Done, or failed: the indexes are built either way, so that the
		// registry is never left without them (a retry continues as an
		// ordinary import). The rows read are garbage by now: handing
		// their memory back first keeps the peak of the process (the
		// index build sorts in memory too) within the import's budget.
		im.seen, im.rows, im.rejs = nil, nil, nil
		debug.FreeOSMemory()
		if ferr := s.store.FinishBulkLoad(context.WithoutCancel(ctx)); ferr != nil && err == nil {
			err = ferr
		}
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// bulkLoad decides whether the import is a bulk load: a file of at least
// BulkFrom bytes into an empty registry (the first national load), whose
// rows are written without the secondary and search indexes, which are
// built once at the end — several times faster than keeping them row by
// row. A resumed import continues the bulk load its first step began.
// Searches during a bulk load are slow and incomplete until it ends.
func (s *Service) bulkLoad(ctx context.Context, size int64, o ImportOptions, resumed bool) (bool, error) {
	switch {
	case o.DryRun:
		return false, nil
	case resumed:
		return s.store.BulkLoading(ctx)
	case size < s.bulkFrom:
		return false, nil
	}
	err := s.store.BeginBulkLoad(ctx)
	if fault.Is(err, fault.Conflict) {
		return false, nil
	}
	return err == nil, err
}

// run reads, converts and writes the rows after line skipTo.
func (im *importer) run(ctx context.Context, rd *sheet.Reader, skipTo, rejected int) (*Result, error) {
	s, o := im.s, im.o
	rows, stop := im.convertAll(ctx, rd, skipTo)
	defer stop()
	for ch := range rows {
		<-ch.done
		if ch.err != nil {
			return nil, ch.err
		}
		for _, d := range ch.rows {
			im.nrows++
			if d.line <= skipTo {
				// Committed before the interruption: only the first-wins
				// rule needs to know its tax code.
				if d.e.TaxCode != "" {
					if _, dup := im.seen[taxKey(d.e.TaxCode)]; !dup {
						im.seen[taxKey(d.e.TaxCode)] = int32(d.line)
					}
				}
				continue
			}
			im.last = d.line
			im.add(d)
			if len(im.rows)+len(im.rejs) >= o.BatchSize {
				n, err := im.commit(ctx)
				if err != nil {
					return nil, err
				}
				rejected += n
				im.progress(rejected)
				if o.Upload != 0 && !o.DryRun && !o.Until.IsZero() && !s.now().Before(o.Until) {
					return nil, ErrPaused
				}
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	n, err := im.commit(ctx)
	if err != nil {
		return nil, err
	}
	rejected += n
	im.progress(rejected)
	_, im.res.Skipped = rd.Skipped()
	if o.Upload != 0 && !o.DryRun {
		im.res.Rejected = im.res.Rejected[:0]
		err := s.store.EachRejection(ctx, o.Upload, func(r Rejection) error {
			im.res.Rejected = append(im.res.Rejected, r)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return im.res, nil
}

// chunk is a run of rows converted by a worker; done is closed when rows
// (or err) are set.
type chunk struct {
	raw  []sheet.Row
	rows []rowData
	err  error
	done chan struct{}
}

// chunkRows is how many rows a conversion worker takes at once.
const chunkRows = 256

// convertAll reads rd on one goroutine and converts its rows on
// GOMAXPROCS workers (cleaning and validating text is half the work of an
// import), handing the chunks back in file order. Rows up to skipTo are
// only read for their tax code. stop ends the goroutines early.
func (im *importer) convertAll(ctx context.Context, rd *sheet.Reader, skipTo int) (<-chan *chunk, func()) {
	ctx, cancel := context.WithCancel(ctx)
	ordered := make(chan *chunk, 16)
	work := make(chan *chunk, 16)
	workers := max(1, min(runtime.GOMAXPROCS(0), 8))
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cv := im.cv // each worker has its own caches
			cv.provinces, cv.vsic2025 = map[string]string{}, map[string]bool{}
			for ch := range work {
				ch.rows = make([]rowData, len(ch.raw))
				for i, r := range ch.raw {
					if r.Line <= skipTo {
						code, _ := taxCode(r.Values[FieldTaxCode])
						ch.rows[i] = rowData{line: r.Line, e: registry.Enterprise{TaxCode: code}}
						continue
					}
					ch.rows[i] = cv.convert(r)
				}
				ch.raw = nil
				close(ch.done)
			}
		}()
	}
	go func() {
		defer close(ordered)
		defer close(work)
		for {
			ch := &chunk{done: make(chan struct{})}
			for len(ch.raw) < chunkRows {
				r, err := rd.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					ch.err = err
					break
				}
				ch.raw = append(ch.raw, r)
			}
			if len(ch.raw) == 0 && ch.err == nil {
				return
			}
			if ch.err != nil {
				close(ch.done)
			}
			select {
			case ordered <- ch:
			case <-ctx.Done():
				return
			}
			if ch.err != nil {
				return
			}
			full := len(ch.raw) == chunkRows
			select {
			case work <- ch:
			case <-ctx.Done():
				return
			}
			if !full {
				return
			}
		}
	}()
	return ordered, func() {
		cancel()
		for ch := range ordered { // let the reader finish
			_ = ch
		}
		wg.Wait()
	}
}

// importer returns the actor and the province an import is limited to.
func (s *Service) importer(ctx context.Context) (*auth.Actor, string, error) {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, "", fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	}
	if !auth.Can(a, auth.ActEnterpriseManage) {
		return nil, "", fault.New(fault.Forbidden, "Bạn không có quyền nhập danh sách doanh nghiệp.", "You may not import enterprises.")
	}
	if auth.Allowed(a, auth.ActEnterpriseManage, everywhere) {
		return a, "", nil
	}
	return a, a.ProvinceCode, nil
}

func missingColumns(keys []string) error {
	var vi, en []string
	for _, k := range keys {
		l := FieldLabel(k)
		vi, en = append(vi, l.Vi), append(en, l.En)
	}
	return fault.New(fault.Invalid, "Thiếu cột bắt buộc: "+strings.Join(vi, ", ")+". Hãy chọn cột tương ứng.",
		"Required columns are missing: "+strings.Join(en, ", ")+". Please choose their columns.")
}

func (im *importer) progress(rejected int) {
	if im.o.Progress != nil {
		im.o.Progress(Progress{Rows: im.nrows, Committed: im.res.LastLine, Imported: im.res.Imported,
			Updated: im.res.Updated, Rejected: rejected})
	}
}

// taxKey packs a tax code into a map key (13 digits fit in 64 bits; the top
// bit tells branches from head offices).
func taxKey(code string) uint64 {
	var k uint64
	for i := 0; i < len(code); i++ {
		if c := code[i]; c >= '0' && c <= '9' {
			k = k*10 + uint64(c-'0')
		}
	}
	if len(code) > 10 {
		k |= 1 << 63
	}
	return k
}

// add queues a converted row: rejected now, or for the next commit.
func (im *importer) add(d rowData) {
	if d.e.TaxCode != "" {
		k := taxKey(d.e.TaxCode)
		if first, dup := im.seen[k]; dup {
			im.reject(d, registry.Problem{Field: "tax_code", Code: registry.CodeDuplicateTaxCode, Message: fault.Text{
				Vi: fmt.Sprintf("Mã số thuế %s trùng với dòng %d của tệp (dòng đầu tiên được nhập).", d.e.TaxCode, first),
				En: fmt.Sprintf("Tax code %s repeats line %d of the file (the first line is imported).", d.e.TaxCode, first)}})
			return
		}
		im.seen[k] = int32(d.line)
	}
	if len(d.problems) > 0 {
		im.reject(d, d.problems[0])
		return
	}
	if im.scope != "" && d.e.ProvinceCode != im.scope {
		im.reject(d, outOfScope(im.scope))
		return
	}
	im.rows = append(im.rows, d)
}

func outOfScope(province string) registry.Problem {
	return registry.Problem{Field: "province_code", Code: registry.CodeProvinceOutOfScope, Message: fault.Text{
		Vi: "Doanh nghiệp không thuộc tỉnh/thành phố bạn quản lý (mã " + province + ").",
		En: "The enterprise is not in the province you manage (code " + province + ")."}}
}

func (im *importer) reject(d rowData, p registry.Problem) {
	if d.values == nil {
		d.values = map[string]string{}
	}
	im.rejs = append(im.rejs, Rejection{Line: d.line, Reason: p.Code, Message: p.Message, Values: d.values})
}

// batchOutcome is what one batch did, applied to the result once committed.
type batchOutcome struct {
	imported, updated int
	rejs              []Rejection
}

// commit writes the queued rows in one transaction and returns how many
// were rejected.
func (im *importer) commit(ctx context.Context) (int, error) {
	if len(im.rows) == 0 && len(im.rejs) == 0 {
		return 0, nil
	}
	var out batchOutcome
	err := im.s.store.Tx(ctx, func(tx Store) error {
		out = batchOutcome{rejs: append([]Rejection(nil), im.rejs...)}
		if err := im.write(ctx, tx, &out); err != nil {
			return err
		}
		if im.o.DryRun {
			return errDryRun
		}
		if im.o.Upload != 0 {
			if err := tx.AddRejections(ctx, im.o.Upload, out.rejs); err != nil {
				return err
			}
			cp := &Checkpoint{UploadID: im.o.Upload, Line: im.last, Imported: im.res.Imported + out.imported,
				Updated: im.res.Updated + out.updated, At: im.now}
			old, err := tx.FindCheckpoint(ctx, im.o.Upload)
			switch {
			case err == nil:
				cp.Rejected = old.Rejected + len(out.rejs)
			case fault.Is(err, fault.NotFound):
				cp.Rejected = len(out.rejs)
			default:
				return err
			}
			return tx.SaveCheckpoint(ctx, cp)
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return 0, err
	}
	im.res.Imported += out.imported
	im.res.Updated += out.updated
	im.res.LastLine = im.last
	if im.o.Upload == 0 || im.o.DryRun {
		for _, r := range out.rejs {
			if len(im.res.Rejected) >= maxKeptValues {
				r.Values = nil
			}
			im.res.Rejected = append(im.res.Rejected, r)
		}
	}
	im.rows, im.rejs = im.rows[:0], im.rejs[:0]
	return len(out.rejs), nil
}

// write applies the queued rows in tx.
func (im *importer) write(ctx context.Context, tx Store, out *batchOutcome) error {
	codes := make([]string, 0, len(im.rows)+8)
	for _, d := range im.rows {
		codes = append(codes, d.e.TaxCode)
		if p := registry.ParentTaxCode(d.e.TaxCode); p != "" {
			codes = append(codes, p)
		}
	}
	existing, err := tx.FindExisting(ctx, codes)
	if err != nil {
		return err
	}
	var (
		heads, branches []*registry.Enterprise
		newFigs         = map[*registry.Enterprise]registry.Figures{}
		history         []*registry.HistoryEntry
		audits          []audit.Entry
	)
	record := func(action string, id registry.EnterpriseID, before, after any) {
		e := audit.New(ctx, im.now, action, "enterprise", fmt.Sprint(int64(id)), before, after)
		history = append(history, &registry.HistoryEntry{EnterpriseID: id, Action: action, Before: e.Before, After: e.After,
			ActorID: auth.UserID(e.ActorID), ActorEmail: e.ActorEmail, At: im.now})
		audits = append(audits, e)
	}
	for i := range im.rows {
		d := &im.rows[i]
		if old, ok := existing[d.e.TaxCode]; ok {
			if im.scope != "" && old.Enterprise.ProvinceCode != im.scope {
				out.rejs = append(out.rejs, Rejection{Line: d.line, Reason: registry.CodeProvinceOutOfScope,
					Message: outOfScope(im.scope).Message, Values: map[string]string{}})
				continue
			}
			if err := im.update(ctx, tx, d, old, existing, record); err != nil {
				return err
			}
			out.updated++
			continue
		}
		e := d.e
		e.ID, e.ParentID = 0, 0
		e.CreatedAt, e.UpdatedAt = im.now, im.now
		if d.figs != nil {
			e.LatestYear, e.SizeClass, e.Employees = registry.LatestOf(e.SectorGroup(), []registry.Figures{*d.figs})
		}
		p := &e
		if d.figs != nil {
			newFigs[p] = *d.figs
		}
		if registry.IsBranchCode(e.TaxCode) {
			branches = append(branches, p)
		} else {
			heads = append(heads, p)
		}
		out.imported++
	}
	create := tx.CreateEnterprises
	if im.bulk {
		create = tx.CreateEnterprisesBulk
	}
	if err := create(ctx, heads); err != nil {
		return fmt.Errorf("enterprisefile: create enterprises: %w", err)
	}
	headID := make(map[string]registry.EnterpriseID, len(heads))
	for _, h := range heads {
		headID[h.TaxCode] = h.ID
	}
	for _, b := range branches {
		parent := registry.ParentTaxCode(b.TaxCode)
		if ex, ok := existing[parent]; ok {
			b.ParentID = ex.Enterprise.ID
		} else if id, ok := headID[parent]; ok {
			b.ParentID = id
		}
	}
	if err := create(ctx, branches); err != nil {
		return fmt.Errorf("enterprisefile: create branches: %w", err)
	}
	figs := make(map[registry.EnterpriseID][]registry.Figures, len(newFigs))
	for e, f := range newFigs {
		figs[e.ID] = []registry.Figures{f}
	}
	if err := tx.CreateFigures(ctx, figs); err != nil {
		return err
	}
	if len(heads) > 0 {
		if err := im.adopt(ctx, tx, heads, record); err != nil {
			return err
		}
	}
	if len(heads)+len(branches) > 0 {
		lo, hi := registry.EnterpriseID(0), registry.EnterpriseID(0)
		for _, es := range [][]*registry.Enterprise{heads, branches} {
			for _, e := range es {
				if lo == 0 || e.ID < lo {
					lo = e.ID
				}
				hi = max(hi, e.ID)
			}
		}
		summary := struct {
			File     string `json:"file"`
			Lines    string `json:"lines"`
			Created  int    `json:"created"`
			FirstID  int64  `json:"first_id"`
			LastID   int64  `json:"last_id"`
			Upload   int64  `json:"upload,omitempty"`
			Year     int    `json:"figures_year"`
			Rejected int    `json:"rejected"`
		}{im.fileID, fmt.Sprintf("%d–%d", firstLine(im.rows), im.last), len(heads) + len(branches), int64(lo), int64(hi),
			int64(im.o.Upload), im.cv.year, len(out.rejs)}
		audits = append(audits, audit.New(ctx, im.now, "enterprise.import", "enterprise", "", nil, summary))
	}
	if err := tx.AddHistory(ctx, history); err != nil {
		return err
	}
	for _, e := range audits {
		if err := tx.AddAudit(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

func firstLine(rows []rowData) int {
	if len(rows) == 0 {
		return 0
	}
	return rows[0].line
}

// update merges a row into an existing enterprise: the row's non-empty
// cells replace the stored values, empty cells keep them. Figures of the
// row's year are merged the same way.
func (im *importer) update(ctx context.Context, tx Store, d *rowData, old *Existing, existing map[string]*Existing,
	record func(string, registry.EnterpriseID, any, any)) error {
	before := *old.Enterprise
	n := merge(before, d)
	if n.ParentID == 0 && registry.IsBranchCode(n.TaxCode) {
		if p, ok := existing[registry.ParentTaxCode(n.TaxCode)]; ok {
			n.ParentID = p.Enterprise.ID
		}
	}
	figs := append([]registry.Figures(nil), old.Figures...)
	var figBefore, figAfter *registry.Figures
	if d.figs != nil {
		f := *d.figs
		idx := -1
		for i := range figs {
			if figs[i].Year == f.Year {
				idx = i
			}
		}
		if idx >= 0 {
			prev := figs[idx]
			figBefore = &prev
			f = mergeFigures(prev, f)
			figs[idx] = f
		} else {
			figs = append(figs, f)
		}
		if figBefore == nil || !reflect.DeepEqual(*figBefore, f) {
			figAfter = &f
		}
	}
	n.LatestYear, n.SizeClass, n.Employees = registry.LatestOf(n.SectorGroup(), figs)
	same := before
	same.UpdatedAt = n.UpdatedAt
	if !reflect.DeepEqual(same, n) {
		n.UpdatedAt = im.now
		if err := tx.UpdateEnterprise(ctx, &n); err != nil {
			return fmt.Errorf("enterprisefile: update enterprise %s: %w", n.TaxCode, err)
		}
		record("enterprise.update", n.ID, &before, &n)
	}
	if figAfter != nil {
		if err := tx.PutFigures(ctx, n.ID, *figAfter); err != nil {
			return err
		}
		var b any
		if figBefore != nil {
			b = *figBefore
		}
		record("enterprise.figures.put", n.ID, b, *figAfter)
	}
	// Later rows of the batch that are branches of this one see the update.
	old.Enterprise = &n
	old.Figures = figs
	return nil
}

// merge returns old with the fields the row gave.
func merge(old registry.Enterprise, d *rowData) registry.Enterprise {
	n := old
	r := &d.e
	set := func(key string, dst *string, v string) {
		if d.provided.has(key) {
			*dst = v
		}
	}
	set(FieldName, &n.Name, r.Name)
	set(FieldNameEN, &n.NameEN, r.NameEN)
	set(FieldShortName, &n.ShortName, r.ShortName)
	set(FieldProvince, &n.ProvinceCode, r.ProvinceCode)
	set(FieldCommune, &n.Commune, r.Commune)
	set(FieldAddress, &n.Address, r.Address)
	set(FieldFounded, &n.FoundedOn, r.FoundedOn)
	set(FieldEmail, &n.Contact.Email, r.Contact.Email)
	set(FieldPhone, &n.Contact.Phone, r.Contact.Phone)
	set(FieldWebsite, &n.Contact.Website, r.Contact.Website)
	set(FieldPerson, &n.Contact.Person, r.Contact.Person)
	if d.provided.has(FieldVSIC) || d.provided.has(FieldEdition) {
		if d.provided.has(FieldVSIC) {
			n.VSIC = r.VSIC
		}
		n.VSICEdition = r.VSICEdition
		n.Derive()
	}
	if d.provided.has(FieldOwnership) {
		n.Ownership = r.Ownership
	}
	if d.provided.has(FieldStatus) {
		n.Status = r.Status
	}
	return n
}

// mergeFigures returns old with the values f has.
func mergeFigures(old, f registry.Figures) registry.Figures {
	n := old
	for _, p := range []struct{ dst, src **int64 }{{&n.Employees, &f.Employees}, {&n.Revenue, &f.Revenue},
		{&n.Capital, &f.Capital}, {&n.ValueAdded, &f.ValueAdded}, {&n.EnergyKWh, &f.EnergyKWh}, {&n.Exports, &f.Exports}} {
		if *p.src != nil {
			*p.dst = *p.src
		}
	}
	return n
}

// adopt links the registered branches without a parent to their new head
// offices, as registry.Service.CreateEnterprise does.
func (im *importer) adopt(ctx context.Context, tx Store, heads []*registry.Enterprise, record func(string, registry.EnterpriseID, any, any)) error {
	codes := make([]string, len(heads))
	byCode := make(map[string]*registry.Enterprise, len(heads))
	for i, h := range heads {
		codes[i] = h.TaxCode
		byCode[h.TaxCode] = h
	}
	orphans, err := tx.FindOrphanBranchesOf(ctx, codes)
	if err != nil {
		return err
	}
	for _, b := range orphans {
		h, ok := byCode[registry.ParentTaxCode(b.TaxCode)]
		if !ok || b.ParentID != 0 {
			continue
		}
		before := *b
		b.ParentID, b.UpdatedAt = h.ID, im.now
		if err := tx.UpdateEnterprise(ctx, b); err != nil {
			return err
		}
		record("enterprise.link_parent", b.ID, &before, b)
	}
	return nil
}
