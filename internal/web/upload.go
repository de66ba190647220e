package web

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"jixiao/internal/eval"
	"jixiao/internal/locale"
	"jixiao/internal/project"
	"jixiao/internal/report"
	"jixiao/internal/report/importer"
	"jixiao/internal/store"
	"jixiao/internal/validate"
)

// Pending uploads live on the server between the preview and the
// confirmation, keyed by a random token and bound to the user and the
// project; they expire, and their total size is bounded. Nothing of the
// file goes back to the browser but the token.
const (
	uploadTTL        = 30 * time.Minute
	uploadMaxPending = 200 << 20 // bytes of pending files in all
	uploadPerUser    = 4
)

type pendingUpload struct {
	token     string
	userID    int64
	projectID int64
	name      string
	data      []byte
	sheet     string
	rep       *eval.Report // set once the file was read completely
	version   int64        // the sheet's version the preview was based on
	expires   time.Time
}

// uploadStore keeps pending uploads in memory. The zero value is ready.
type uploadStore struct {
	mu sync.Mutex
	m  map[string]*pendingUpload
}

func (u *uploadStore) put(now time.Time, p *pendingUpload) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.m == nil {
		u.m = map[string]*pendingUpload{}
	}
	var total int64
	var mine []*pendingUpload
	for k, x := range u.m {
		switch {
		case now.After(x.expires), x.userID == p.userID && x.projectID == p.projectID:
			delete(u.m, k) // expired, or replaced by this upload
		default:
			total += int64(len(x.data))
			if x.userID == p.userID {
				mine = append(mine, x)
			}
		}
	}
	for len(mine) >= uploadPerUser {
		oldest := 0
		for i, x := range mine {
			if x.expires.Before(mine[oldest].expires) {
				oldest = i
			}
		}
		total -= int64(len(mine[oldest].data))
		delete(u.m, mine[oldest].token)
		mine = append(mine[:oldest], mine[oldest+1:]...)
	}
	for total+int64(len(p.data)) > uploadMaxPending && len(u.m) > 0 {
		var oldest *pendingUpload
		for _, x := range u.m {
			if oldest == nil || x.expires.Before(oldest.expires) {
				oldest = x
			}
		}
		total -= int64(len(oldest.data))
		delete(u.m, oldest.token)
	}
	p.expires = now.Add(uploadTTL)
	u.m[p.token] = p
}

// get returns the pending upload of a token if it belongs to the user and
// the project and has not expired.
func (u *uploadStore) get(now time.Time, token string, userID, projectID int64) *pendingUpload {
	u.mu.Lock()
	defer u.mu.Unlock()
	p := u.m[token]
	if p == nil || p.userID != userID || p.projectID != projectID || now.After(p.expires) {
		return nil
	}
	return p
}

func (u *uploadStore) drop(token string) {
	u.mu.Lock()
	delete(u.m, token)
	u.mu.Unlock()
}

func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// ImportPage is the upload form, the choice of sheet, the errors of a file
// that could not be read, or the preview of the changes.
type ImportPage struct {
	Page
	Sheet    *store.Sheet
	CanEdit  bool
	FileName string
	Token    string
	Version  int64
	// Candidates: several sheets look like a 评分表; the user picks one.
	Candidates []string
	Errors     []ErrorRow
	Notes      []report.Note
	// The preview.
	Preview   bool
	Rows      []DiffRow
	Added     int
	Changed   int
	Removed   int
	Sections  []SectionDiff
	Check     eval.Result // the engine on the uploaded sheet
	Warnings  []string
	Problems  []string // block saving
	FormError string
}

// ErrorRow is one reason a file could not be read, where it is.
type ErrorRow struct {
	Sheet  string
	Row    int
	Col    string // "G (得分)"
	Reason string
}

func errorRows(es report.Errors) []ErrorRow {
	out := make([]ErrorRow, len(es))
	for i, e := range es {
		col := report.ColName(e.Col)
		if e.Field != "" {
			col = strings.TrimSpace(col + " (" + e.Field + ")")
		}
		out[i] = ErrorRow{Sheet: e.Sheet, Row: e.Row, Col: col, Reason: e.Reason}
	}
	return out
}

// DiffRow is one indicator in the preview: added, changed, removed or the
// same, with each column's old and new value.
type DiffRow struct {
	Kind                                 string // added, changed, removed, same
	Level1, Level2, Level3               DiffCell
	Target, Actual, Weight, Score, Basis DiffCell
}

// DiffCell is a column's old and new value.
type DiffCell struct {
	Old, New string
	Changed  bool
}

// SectionDiff is a narrative section the file changes.
type SectionDiff struct {
	Title, Old, New string
}

func (s *Server) importPage(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadEditable(w, r)
	if !ok {
		return
	}
	s.showImport(w, r, http.StatusOK, &ImportPage{Sheet: sh})
}

func (s *Server) showImport(w http.ResponseWriter, r *http.Request, status int, pg *ImportPage) {
	pg.Page = s.page(r, "导入填报文件")
	pg.CanEdit = canEdit(currentUser(r), &pg.Sheet.Project)
	s.render(w, r, status, "import.html", "layout", pg)
}

// uploadImport reads an uploaded form (or, with token and sheet, the file
// of an earlier upload after the user chose a sheet) and shows the
// preview. Nothing is saved here.
func (s *Server) uploadImport(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadEditable(w, r)
	if !ok {
		return
	}
	u := currentUser(r)
	pg := &ImportPage{Sheet: sh}
	var p *pendingUpload
	switch err := parseUpload(w, r); {
	case errors.Is(err, errTooBig):
		pg.FormError = pg.P.Tf("文件过大：上限 %d MiB。", report.DefaultLimits.MaxUpload>>20)
		s.showImport(w, r, http.StatusRequestEntityTooLarge, pg)
		return
	case err != nil:
		s.badRequest(w, r, "上传内容无效。")
		return
	}
	if tok := r.PostFormValue("token"); tok != "" {
		if p = s.uploads.get(s.now(), tok, u.ID, sh.Project.ID); p == nil {
			pg.FormError = "上传已过期，请重新选择文件。"
			s.showImport(w, r, http.StatusGone, pg)
			return
		}
		cp := *p // the stored entry is shared; put replaces it
		cp.sheet = r.PostFormValue("sheet")
		p = &cp
	} else {
		name, data, status, msg, err := uploadedFile(r, pg.P)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if msg != "" {
			pg.FormError = msg
			s.showImport(w, r, status, pg)
			return
		}
		p = &pendingUpload{token: newToken(), userID: u.ID, projectID: sh.Project.ID, name: name, data: data, sheet: r.PostFormValue("sheet")}
	}
	pg.FileName = p.name
	imp, err := importer.Read(p.name, bytes.NewReader(p.data), int64(len(p.data)), report.Options{Sheet: p.sheet})
	var amb *report.AmbiguousError
	switch {
	case errors.As(err, &amb):
		p.rep = nil
		s.uploads.put(s.now(), p)
		pg.Token, pg.Candidates = p.token, amb.Candidates
		s.showImport(w, r, http.StatusOK, pg)
		return
	case err != nil:
		s.uploads.drop(p.token)
		pg.Errors = errorRows(report.AsErrors(err))
		s.showImport(w, r, http.StatusUnprocessableEntity, pg)
		return
	}
	pg.Notes = imp.Notes
	rep, problem := pickReport(imp.Reports, sh.Project.Name)
	if rep == nil {
		s.uploads.drop(p.token)
		pg.Errors = []ErrorRow{{Reason: pg.T(problem)}}
		s.showImport(w, r, http.StatusUnprocessableEntity, pg)
		return
	}
	p.rep, p.version = rep, sh.Project.Version
	s.uploads.put(s.now(), p)
	pg.Token, pg.Version = p.token, p.version
	s.preview(pg, sh, rep)
	s.showImport(w, r, http.StatusOK, pg)
}

// parseUpload reads a multipart form of at most an upload and its fields.
// It fails with errTooBig for a file over the limit, errBadUpload for
// anything else it cannot read.
func parseUpload(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, report.DefaultLimits.MaxUpload+1<<20) // the file and the form around it
	err := r.ParseMultipartForm(8 << 20)
	if err == nil || errors.Is(err, http.ErrNotMultipart) {
		return nil
	}
	var tb *http.MaxBytesError
	if errors.As(err, &tb) {
		return errTooBig
	}
	return errBadUpload
}

var (
	errTooBig    = errors.New("web: upload too large")
	errBadUpload = errors.New("web: unreadable upload")
)

// pastedName names text pasted instead of a file.
const pastedName = "粘贴的文本.txt"

// uploadedFile returns the form's file "file" with a safe base name, or
// the text pasted in the field "text" as a file named pastedName; msg
// (with the HTTP status) says why there is none to read.
func uploadedFile(r *http.Request, pr locale.Printer) (name string, data []byte, status int, msg string, err error) {
	lim := report.DefaultLimits
	file, hdr, ferr := r.FormFile("file")
	if ferr != nil {
		// No file: text pasted from a web page or a PDF, read as a file.
		if text := r.PostFormValue("text"); strings.TrimSpace(text) != "" {
			if int64(len(text)) > lim.MaxUpload {
				return "", nil, http.StatusRequestEntityTooLarge, pr.Tf("文件过大：上限 %d MiB。", lim.MaxUpload>>20), nil
			}
			return pastedName, []byte(text), 0, "", nil
		}
		return "", nil, http.StatusUnprocessableEntity, "请选择要上传的文件。", nil
	}
	defer file.Close()
	data, err = io.ReadAll(io.LimitReader(file, lim.MaxUpload+1))
	if err != nil {
		return "", nil, 0, "", err
	}
	if int64(len(data)) > lim.MaxUpload {
		return "", nil, http.StatusRequestEntityTooLarge, pr.Tf("文件过大：上限 %d MiB。", lim.MaxUpload>>20), nil
	}
	name = filepath.Base(strings.ReplaceAll(hdr.Filename, `\`, "/"))
	if !utf8.ValidString(name) || len(name) > 255 {
		name = "upload"
	}
	return name, data, 0, "", nil
}

// pickReport chooses the report of a file for a project: the only one, or
// the one of the project's name (a plain-text file may hold several).
func pickReport(reps []*eval.Report, project string) (*eval.Report, string) {
	switch len(reps) {
	case 0:
		return nil, "文件中没有评分表。"
	case 1:
		return reps[0], ""
	}
	for _, r := range reps {
		if eval.Normalize(r.Project) == eval.Normalize(project) {
			return r, ""
		}
	}
	return nil, "文件包含多个项目，没有一个与本项目同名。"
}

// preview fills the page with the changes the file would make, the
// engine's findings on the uploaded sheet, and what blocks saving.
func (s *Server) preview(pg *ImportPage, sh *store.Sheet, rep *eval.Report) {
	pg.Preview = true
	next := project.Apply(sh, rep)
	pg.Rows, pg.Added, pg.Changed, pg.Removed = diffRows(sh.Rows, next.Rows)
	var n eval.Narrative
	for _, sec := range n.Sections() {
		if o, nw := sh.Narrative[sec.Key], next.Narrative[sec.Key]; o != nw {
			pg.Sections = append(pg.Sections, SectionDiff{Title: pg.Pick(sec.TitleZH, sec.TitleEN), Old: o, New: nw})
		}
	}
	rs, err := project.RuleSet(sh.Project.RuleSet)
	if err != nil {
		pg.FormError = err.Error()
		return
	}
	pg.Check = eval.Check(rep, rs)
	scored := false
	for _, row := range rep.Sheet.Rows {
		scored = scored || row.HasScore
	}
	if !scored {
		pg.Check.Grade = "" // targets only: no grade yet, as on the pages
	}
	p := sh.Project
	if rep.Project != "" && eval.Normalize(rep.Project) != eval.Normalize(p.Name) {
		pg.Warnings = append(pg.Warnings, pg.P.Tf("文件中的项目名称为“%s”，与本项目“%s”不同。", rep.Project, p.Name))
	}
	if rep.Year != 0 && rep.Year != p.Year {
		pg.Warnings = append(pg.Warnings, pg.P.Tf("文件中的年度为 %d，本项目为 %d。", rep.Year, p.Year))
	}
	pg.Problems = importProblems(pg.Page, sh, &next)
}

// importProblems lists what keeps a file's sheet from being saved: what
// the targets and self-evaluation forms refuse, and target changes after
// the targets were declared.
func importProblems(pg Page, old, next *store.Sheet) []string {
	var out []string
	rows := make([]validate.Row, len(next.Rows))
	for i, r := range next.Rows {
		rows[i] = validate.Row{Level1: r.Level1, Level2: r.Level2, Level3: r.Level3, Target: r.Target, Actual: r.Actual,
			Basis: r.Basis, Weight: r.Weight, Score: r.Score, HasScore: r.HasScore}
	}
	for _, p := range validate.Rows(rows) {
		if p.Row < 0 {
			out = append(out, pg.T(p.Msg.ZH)+"。")
			continue
		}
		out = append(out, pg.P.Tf("指标“%s”：%s。", next.Rows[p.Row].Level3, pg.T(p.Msg.ZH)))
	}
	if old.Project.TargetsDeclared && targetsChanged(old.Rows, next.Rows) {
		out = append(out, pg.T("绩效目标已申报，须先撤回申报才能修改。"))
	}
	return out
}

// targetsChanged reports whether the declared part of a sheet — its rows,
// names, targets, directions and weights — differs.
func targetsChanged(old, cur []store.Indicator) bool {
	if len(old) != len(cur) {
		return true
	}
	for i := range old {
		o, c := old[i], cur[i]
		if o.ID != c.ID || o.Level1 != c.Level1 || o.Level2 != c.Level2 || o.Level3 != c.Level3 ||
			o.Target != c.Target || o.Direction != c.Direction || o.Weight != c.Weight {
			return true
		}
	}
	return false
}

// diffRows compares the stored rows with the rows after the import: rows
// of the new sheet in order (added or changed or the same), then the
// stored rows the file no longer has.
func diffRows(old, cur []store.Indicator) (rows []DiffRow, added, changed, removed int) {
	byID := map[int64]store.Indicator{}
	for _, o := range old {
		byID[o.ID] = o
	}
	kept := map[int64]bool{}
	for _, c := range cur {
		o, ok := byID[c.ID]
		if c.ID == 0 || !ok {
			rows = append(rows, diffRow("added", store.Indicator{}, c, false, true))
			added++
			continue
		}
		kept[c.ID] = true
		d := diffRow("same", o, c, true, true)
		for _, cell := range []DiffCell{d.Level1, d.Level2, d.Level3, d.Target, d.Actual, d.Weight, d.Score, d.Basis} {
			if cell.Changed {
				d.Kind = "changed"
			}
		}
		if d.Kind == "changed" {
			changed++
		}
		rows = append(rows, d)
	}
	for _, o := range old {
		if !kept[o.ID] {
			rows = append(rows, diffRow("removed", o, store.Indicator{}, true, false))
			removed++
		}
	}
	return rows, added, changed, removed
}

func diffRow(kind string, o, c store.Indicator, hasOld, hasNew bool) DiffRow {
	cell := func(a, b string) DiffCell {
		if !hasOld {
			return DiffCell{New: b}
		}
		if !hasNew {
			return DiffCell{Old: a}
		}
		return DiffCell{Old: a, New: b, Changed: a != b}
	}
	return DiffRow{Kind: kind,
		Level1: cell(o.Level1, c.Level1), Level2: cell(o.Level2, c.Level2), Level3: cell(o.Level3, c.Level3),
		Target: cell(o.Target, c.Target), Actual: cell(o.Actual, c.Actual), Weight: cell(o.Weight.String(), c.Weight.String()),
		Score: cell(pointsText(o.Score, o.HasScore), pointsText(c.Score, c.HasScore)), Basis: cell(o.Basis, c.Basis)}
}

func pointsText(p eval.Points, ok bool) string {
	if !ok {
		return ""
	}
	return p.String()
}

// confirmImport saves a previewed upload in one transaction, under the
// optimistic lock of the version the preview showed, with every change in
// the audit trail.
func (s *Server) confirmImport(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadEditable(w, r)
	if !ok {
		return
	}
	u := currentUser(r)
	pg := &ImportPage{Sheet: sh}
	p := s.uploads.get(s.now(), r.PostFormValue("token"), u.ID, sh.Project.ID)
	if p == nil || p.rep == nil {
		pg.FormError = "上传已过期，请重新选择文件。"
		s.showImport(w, r, http.StatusGone, pg)
		return
	}
	base := "/projects/" + strconv.FormatInt(sh.Project.ID, 10)
	if r.PostFormValue("action") == "cancel" {
		s.uploads.drop(p.token)
		redirect(w, r, base+"/import", s.page(r, "").T("已取消导入，未保存任何内容。"))
		return
	}
	if formVersion(r) != p.version || sh.Project.Version != p.version {
		pg.FormError = "此表已被他人修改，请重新上传文件查看变化。"
		s.showImport(w, r, http.StatusConflict, pg)
		return
	}
	var problems []string
	_, err := s.st.Edit(r.Context(), sh.Project.ID, p.version, u.ID, store.ActionImport, p.name, func(e *store.Sheet) error {
		next := project.Apply(e, p.rep)
		if problems = importProblems(s.page(r, ""), e, &next); len(problems) > 0 {
			return errImportRefused
		}
		e.Rows, e.Narrative = next.Rows, next.Narrative
		return nil
	})
	switch {
	case isConflict(err):
		pg.FormError = "此表已被他人修改，请重新上传文件查看变化。"
		s.showImport(w, r, http.StatusConflict, pg)
		return
	case errors.Is(err, errImportRefused):
		pg.FormError, pg.Problems = "文件中的评分表不能保存，请改正后重新上传。", problems
		s.showImport(w, r, http.StatusUnprocessableEntity, pg)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.uploads.drop(p.token)
	redirect(w, r, base, s.page(r, "").P.Tf("已导入 %s。", p.name))
}

var errImportRefused = errors.New("web: import refused")
