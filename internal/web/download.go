package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"jixiao/internal/project"
	"jixiao/internal/report/export"
	"jixiao/internal/report/pdf"
	"jixiao/internal/report/xlsx"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// Batch limits: a zip holds every document of each project, the summary a
// row per project. Above them the user is asked to narrow the selection.
const (
	maxZipProjects     = 500
	maxSummaryProjects = 10000
)

// PDFMissing says why PDFs cannot be made on this server ("" when they
// can): the PDF writer needs a Chinese TrueType font from a Debian package.
func (pg Page) PDFMissing() string {
	if err := pdf.Available(); err != nil {
		return pg.T("服务器没有可用的中文字体，暂不能生成 PDF（请管理员安装 fonts-arphic-gbsn00lp，或启动时用 --font 指定 simfang.ttf 等字体）。")
	}
	return ""
}

// downloadProject answers one evaluation as .docx, .xlsx, .pdf or a
// printable HTML page (?format=, default docx).
func (s *Server) downloadProject(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadSheet(w, r)
	if !ok {
		return
	}
	name := r.URL.Query().Get("format")
	if name == "" {
		name = string(export.DOCX)
	}
	f, err := export.ParseFormat(name)
	if err != nil {
		s.badRequest(w, r, "未知的文件格式。")
		return
	}
	if f == export.PDF && s.page(r, "").PDFMissing() != "" {
		s.showError(w, r, http.StatusServiceUnavailable, s.page(r, "").PDFMissing())
		return
	}
	ev, err := project.Evaluate(sh)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ev.Report.Sign, err = s.signature(r.Context(), sh.Project); err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer // a failed export answers 500, never half a file
	if err := export.Write(f, &buf, ev.Report, ev.Result); err != nil {
		s.fail(w, r, fmt.Errorf("web: export %d as %s: %w", sh.Project.ID, f, err))
		return
	}
	disposition := "attachment"
	if f == export.HTML {
		// The printable page opens in the browser: it is self-contained,
		// with its own style sheet and no scripts.
		disposition = "inline"
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'")
	}
	setDownload(w, f.ContentType(), disposition, export.FileName(ev.Report, f))
	w.Write(buf.Bytes())
}

// setDownload sets the headers of a file answer. The name goes out twice:
// as an ASCII fallback and as the RFC 5987 UTF-8 form browsers prefer, so
// Chinese names arrive intact.
func setDownload(w http.ResponseWriter, contentType, disposition, name string) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", fmt.Sprintf(`%s; filename="%s"; filename*=UTF-8''%s`, disposition, asciiName(name), rfc5987(name)))
	h.Set("Cache-Control", "private, no-store")
}

// rfc5987 percent-encodes every byte that is not an attr-char.
func rfc5987(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// asciiName is the fallback name for clients without RFC 5987: letters,
// digits and the extension survive, runs of anything else become one "_".
func asciiName(s string) string {
	var b strings.Builder
	under := false
	for _, c := range s {
		if c < 0x80 && (c == '.' || c == '-' || c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			b.WriteRune(c)
			under = false
		} else if !under {
			b.WriteByte('_')
			under = true
		}
	}
	out := strings.Trim(b.String(), "_")
	if out == "" || strings.HasPrefix(out, ".") {
		out = "jixiao" + out
	}
	return out
}

// overviewFilter reads the overview's selection (year, unit, status,
// name) from a query, within the units the user may see. A year left out
// is the newest.
func overviewFilter(q url.Values, years []int, visible []int64) store.ProjectFilter {
	f := store.ProjectFilter{UnitIDs: visible}
	f.Year, _ = strconv.Atoi(q.Get("year"))
	if q.Get("year") == "" && len(years) > 0 {
		f.Year = years[0]
	}
	if id, _ := strconv.ParseInt(q.Get("unit"), 10, 64); id > 0 && (visible == nil || contains(visible, id)) {
		f.UnitIDs = []int64{id}
	}
	if st := workflow.Status(q.Get("status")); st.Valid() {
		f.Status = st
	}
	f.Query = q.Get("q")
	if _, ok := store.ProjectSorts[q.Get("sort")]; ok {
		f.Sort = q.Get("sort")
	}
	return f
}

// downloadOverview answers the overview's selection as one file: all
// evaluations as a .zip (?what=zip) or the finance summary (?what=summary).
func (s *Server) downloadOverview(w http.ResponseWriter, r *http.Request) {
	s.downloadSelection(w, r, r.URL.Query())
}

// downloadFinance is the finance overview's batch: every unit of a year.
func (s *Server) downloadFinance(w http.ResponseWriter, r *http.Request) {
	s.downloadSelection(w, r, url.Values{"year": {r.URL.Query().Get("year")}})
}

func (s *Server) downloadSelection(w http.ResponseWriter, r *http.Request, q url.Values) {
	ctx := r.Context()
	years, err := s.st.Years(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	visible, err := s.visibleUnits(ctx, currentUser(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.downloadBatch(w, r, overviewFilter(q, years, visible))
}

func (s *Server) downloadBatch(w http.ResponseWriter, r *http.Request, f store.ProjectFilter) {
	ctx := r.Context()
	pg := s.page(r, "")
	what := r.URL.Query().Get("what")
	if what != "zip" && what != "summary" {
		s.badRequest(w, r, "下载内容无效。")
		return
	}
	n, err := s.st.CountProjects(ctx, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	limit := maxSummaryProjects
	if what == "zip" {
		limit = maxZipProjects
	}
	if n == 0 {
		s.showError(w, r, http.StatusNotFound, "没有可下载的项目。")
		return
	}
	if n > limit {
		s.showError(w, r, http.StatusUnprocessableEntity, pg.P.Tf("所选项目过多（%d 个，上限 %d 个），请按单位或状态筛选后再下载。", n, limit))
		return
	}
	ps, err := s.st.Projects(ctx, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items := make([]export.Item, 0, len(ps))
	for _, p := range ps {
		sh, err := s.st.LoadSheet(ctx, p.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		ev, err := project.Evaluate(&sh)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if ev.Report.Sign, err = s.signature(ctx, sh.Project); err != nil {
			s.fail(w, r, err)
			return
		}
		// The summary's status is always in Chinese: the file goes to the
		// finance bureau whatever language the page is in.
		items = append(items, export.Item{Report: ev.Report, Result: ev.Result, ReviewScore: ev.Summary.ReviewScore,
			HasReview: ev.Summary.HasReview, Status: statusNames[string(p.Status)]})
	}
	title, base := batchTitle(f, ps)
	tmp, err := os.CreateTemp("", "jixiao-download-*")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	var ctype, name string
	if what == "summary" {
		rows := make([]xlsx.SummaryRow, len(items))
		for i, it := range items {
			rows[i] = xlsx.SummaryRowOf(it.Report, it.Result)
			rows[i].ReviewScore, rows[i].HasReview, rows[i].Status = it.ReviewScore, it.HasReview, it.Status
		}
		err = xlsx.WriteSummary(tmp, title, rows)
		ctype, name = export.XLSX.ContentType(), export.SafeName(base+"_绩效自评汇总表")+".xlsx"
	} else {
		formats := []export.Format{export.DOCX, export.XLSX}
		if pg.PDFMissing() == "" {
			formats = append(formats, export.PDF)
		}
		err = export.WriteZip(tmp, title, items, formats)
		ctype, name = "application/zip", export.SafeName(base+"_绩效自评")+".zip"
	}
	if err != nil {
		s.fail(w, r, fmt.Errorf("web: batch %s: %w", what, err))
		return
	}
	setDownload(w, ctype, "attachment", name)
	http.ServeContent(w, r, "", time.Time{}, tmp)
}

// batchTitle is the summary's title and the download's base name: the
// year and, when the selection is one unit, the unit.
func batchTitle(f store.ProjectFilter, ps []store.Project) (title, base string) {
	unit := ""
	if len(f.UnitIDs) == 1 && len(ps) > 0 {
		unit = ps[0].UnitName
	}
	year := ""
	if f.Year != 0 {
		year = strconv.Itoa(f.Year)
	}
	title = strings.TrimSpace(unit + " " + year + " 年项目支出绩效自评汇总表")
	if year == "" {
		title = strings.TrimSpace(unit + " 项目支出绩效自评汇总表")
	}
	base = strings.Trim(year+"_"+unit, "_")
	if base == "" {
		base = "全部"
	}
	return title, base
}
