package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"jixiao/internal/audit"
	"jixiao/internal/auditdb"
	"jixiao/internal/auditgen"
	"jixiao/internal/auditrun"
	"jixiao/internal/cal"
	"jixiao/internal/store"
)

// MaxAuditUpload bounds one run's uploaded files together.
const MaxAuditUpload = 512 << 20

// RunRow is one run on the runs page with its counts.
type RunRow struct {
	store.AuditRun
	ByClass, ByScheme, ByTown []store.AuditCount
}

// AuditRunsPage lists the runs and offers a new one.
type AuditRunsPage struct {
	AuditPage
	Runs      []RunRow
	FormError string
	AsOf      string
	Rejected  []string // bad rows of a refused upload
}

func (s *Server) auditRunsPage(w http.ResponseWriter, r *http.Request) {
	s.showAuditRuns(w, r, http.StatusOK, "", nil)
}

func (s *Server) showAuditRuns(w http.ResponseWriter, r *http.Request, status int, formErr string, rejected []string) {
	ctx := r.Context()
	pg := AuditRunsPage{AuditPage: s.auditPage(r, "稽核批次"), FormError: formErr, Rejected: rejected, AsOf: r.FormValue("as_of")}
	runs, err := s.st.AuditRuns(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, run := range runs {
		row := RunRow{AuditRun: run}
		if row.ByClass, err = s.st.AuditRunCounts(ctx, run.ID, "confidence"); err == nil {
			if row.ByScheme, err = s.st.AuditRunCounts(ctx, run.ID, "scheme"); err == nil {
				row.ByTown, err = s.st.AuditRunCounts(ctx, run.ID, "town")
			}
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		pg.Runs = append(pg.Runs, row)
	}
	s.render(w, r, status, "audit_runs.html", "layout", pg)
}

// createAuditRun runs a month: on uploaded files (rolls, death lists,
// optionally other schemes' rolls) or on generated demo data.
func (s *Server) createAuditRun(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxAuditUpload)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			s.showAuditRuns(w, r, http.StatusRequestEntityTooLarge, "上传文件过大或格式有误。", nil)
			return
		}
		defer r.MultipartForm.RemoveAll()
	}
	asOf, ok := cal.ParseMonth(strings.TrimSpace(r.FormValue("as_of")))
	if !ok {
		s.showAuditRuns(w, r, http.StatusUnprocessableEntity, "请填写稽核月份（YYYY-MM）。", nil)
		return
	}
	dir, err := os.MkdirTemp("", "jixiao-audit-")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer os.RemoveAll(dir)
	var in auditdb.Input
	if r.FormValue("source") == "demo" {
		n, _ := strconv.Atoi(r.FormValue("recipients"))
		n = min(max(n, 100), 50000)
		in, err = auditdb.Demo(dir, auditgen.Config{Seed: uint64(asOf), Recipients: n, Deaths: n / 10, NoiseDeaths: n / 40, Other: n / 10, Duplicates: n / 100, AsOf: asOf})
		if err != nil {
			s.fail(w, r, err)
			return
		}
	} else {
		in = auditdb.Input{Source: "upload", AsOf: asOf, Names: map[string]string{}}
		var msg string
		if in.Rolls, msg = saveUploads(r, dir, "roll", in.Names); msg == "" {
			if in.Deaths, msg = saveUploads(r, dir, "deaths", in.Names); msg == "" {
				if in.Others, msg = saveUploads(r, dir, "other", in.Names); msg == "" {
					in.Hardship, msg = saveUploads(r, dir, "hardship", in.Names)
				}
			}
		}
		if msg == "" && (len(in.Rolls) == 0 || len(in.Deaths) == 0) {
			msg = "须上传待遇发放名册和死亡名单。"
		}
		if msg != "" {
			s.showAuditRuns(w, r, http.StatusUnprocessableEntity, msg, nil)
			return
		}
	}
	in.By = currentUser(r).ID
	in.AcceptDamaged = r.FormValue("accept_damaged") != ""
	in.ReplyDays, _ = strconv.Atoi(r.FormValue("reply_days"))
	in.ConfirmDays, _ = strconv.Atoi(r.FormValue("confirm_days"))
	id, run, err := auditdb.Execute(r.Context(), s.st, in, s.now())
	if err != nil {
		if errors.Is(err, auditrun.ErrRejected) { // a *RejectedFile or *TooDamaged: the user's file, not the server
			msg := err.Error()
			var td *auditrun.TooDamaged
			if errors.As(err, &td) {
				for _, w := range td.Report.Warnings() {
					msg += " " + strings.ReplaceAll(w, td.File, in.Names[td.File])
				}
				msg += " " + s.page(r, "").T("如确需按损坏的数据比对，请勾选“仍继续”后重新上传。")
			}
			s.showAuditRuns(w, r, http.StatusUnprocessableEntity, msg, nil)
			return
		}
		s.fail(w, r, err)
		return
	}
	sum := run.Summarize()
	redirect(w, r, fmt.Sprintf("/audit/runs/%d", id), s.page(r, "").P.Tf("稽核完成：读取 %d 行，拒绝 %d 行，疑点 %d 条。", sum.RowsRead, sum.RowsRejected, len(run.Deaths)+len(run.Duplicates)))
}

// saveUploads writes the files of one form field into dir, keeping their
// names (for the bad-row report) and extensions (for the reader).
func saveUploads(r *http.Request, dir, field string, names map[string]string) ([]string, string) {
	if r.MultipartForm == nil {
		return nil, ""
	}
	var out []string
	for i, fh := range r.MultipartForm.File[field] {
		if fh.Filename == "" && fh.Size == 0 {
			continue
		}
		base := filepath.Base(strings.ReplaceAll(fh.Filename, "\\", "/"))
		ext := strings.ToLower(filepath.Ext(base))
		if ext != ".csv" && ext != ".txt" && ext != ".xlsx" && ext != ".xls" {
			return nil, "只接受 .csv、.txt、.xlsx 或 .xls 文件。"
		}
		p := filepath.Join(dir, fmt.Sprintf("%s-%d%s", field, i, ext))
		if err := saveUpload(fh, p); err != nil {
			return nil, "上传文件过大或格式有误。"
		}
		names[p] = base
		out = append(out, p)
	}
	return out, ""
}

func saveUpload(fh *multipart.FileHeader, path string) error {
	src, err := fh.Open()
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// AuditRunPage is one run: counts, bad rows, progress per town, suspects.
type AuditRunPage struct {
	AuditPage
	Run                       store.AuditRun
	ByClass, ByScheme, ByTown []store.AuditCount
	ByKind                    []store.AuditCount
	Progress                  []audit.TownProgress
	States                    []string
	Suspects                  []SuspectRow
	Cells                     []SuspectCell // the table's rows in words
	Bulk                      bool          // never on the run page (the town clerks' list has it)
	Overdue                   map[int64]bool
	OverdueN                  int
	Total                     store.AuditCount
	Town, State               string
	Towns                     []string
	Mem                       RunMemory // audit_memory.go
	CanIssue                  bool
	CanWithdraw               bool                 // some suspects wait for their town to confirm the stop
	Report                    store.AuditRunReport // the input files: header, rows, damaged IDs
}

func (s *Server) auditRunPage(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	ctx := r.Context()
	run, err := s.st.AuditRun(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := AuditRunPage{AuditPage: s.auditPage(r, "稽核批次"), Run: run, Town: r.FormValue("town"), State: r.FormValue("state")}
	if pg.Report, err = s.st.AuditRunReport(ctx, id); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, c := range []struct {
		col string
		dst *[]store.AuditCount
	}{{"confidence", &pg.ByClass}, {"scheme", &pg.ByScheme}, {"town", &pg.ByTown}, {"kind", &pg.ByKind}} {
		if *c.dst, err = s.st.AuditRunCounts(ctx, id, c.col); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	for _, c := range pg.ByClass {
		pg.Total.N += c.N
		pg.Total.Overpaid += c.Overpaid
	}
	for _, c := range pg.ByTown {
		pg.Towns = append(pg.Towns, c.Key)
	}
	pg.States = []string{string(audit.StatePending), string(audit.StateTownConfirmed), string(audit.StateTownRejected),
		string(audit.StateSuspensionIssued), string(audit.StateStopped)}
	if pg.Progress, pg.Overdue, err = auditdb.Progress(ctx, s.st, run, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	pg.OverdueN = len(pg.Overdue)
	for _, p := range pg.Progress {
		if p.ByState[audit.StateTownConfirmed] > 0 {
			pg.CanIssue = true
		}
		if p.ByState[audit.StateSuspensionIssued] > 0 {
			pg.CanWithdraw = true
		}
	}
	xs, err := s.st.AuditSuspects(ctx, store.SuspectFilter{RunID: id, Town: pg.Town, State: pg.State, Limit: 2000})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, x := range xs {
		pg.Suspects = append(pg.Suspects, SuspectRow{AuditSuspect: x, Due: dueOf(run, x), Overdue: pg.Overdue[x.ID]})
	}
	pg.Cells = pg.suspectCells(pg.Suspects)
	if pg.Mem, err = s.runMemory(r, id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.show(w, r, "audit_run.html", pg)
}

// withdrawRun takes the run's stop list back, with the reason given.
func (s *Server) withdrawRun(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	n, err := auditdb.Withdraw(r.Context(), s.st, id, auditActor(currentUser(r)), r.PostFormValue("reason"), s.now())
	if err != nil {
		s.auditFail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/audit/runs/%d", id), s.page(r, "").P.Tf("已撤回停发名单 %d 人。", n))
}

// StateCount reads a town's count of one state (templates cannot index a
// map by a typed key).
func (pg AuditRunPage) StateCount(p audit.TownProgress, st string) int {
	return p.ByState[audit.SuspectState(st)]
}

// runStep is a step of the city on a whole run: the first 下 (send the
// suspects) or the second 下 (issue the suspension list).
func (s *Server) runStep(step func(context.Context, *store.Store, int64, auditdb.Actor, time.Time) (int, error), flash string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := pathID(r)
		if !ok {
			s.notFound(w, r)
			return
		}
		n, err := step(r.Context(), s.st, id, auditActor(currentUser(r)), s.now())
		if err != nil {
			s.auditFail(w, r, err)
			return
		}
		redirect(w, r, fmt.Sprintf("/audit/runs/%d", id), s.page(r, "").P.Tf(flash, n))
	}
}
