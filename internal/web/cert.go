package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"jixiao/internal/audit"
	"jixiao/internal/auditdb"
	"jixiao/internal/auditgen"
	"jixiao/internal/auditrun"
	"jixiao/internal/cal"
	"jixiao/internal/cert"
	"jixiao/internal/certrun"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// The certification pages (待遇资格认证): the auditor runs a month on the
// uploaded roll and certification events (the towns' offline
// certifications join them), sees the status per town, sends each town its
// due list and puts the suspension list through 两上两下; a town clerk sees
// their own town's figures and lists and records offline certifications
// with evidence. The rules are internal/cert's, reached through
// internal/auditdb.

func (s *Server) certRoutes() []route {
	both := []workflow.Role{auditor, clerk}
	return []route{
		{Pattern: "GET /cert", Handler: s.certPage, Roles: both},
		{Pattern: "POST /cert/runs", Handler: s.createCertRun, Roles: []workflow.Role{auditor}},
		{Pattern: "GET /cert/runs/{id}", Handler: s.certRunPage, Roles: both},
		{Pattern: "GET /cert/runs/{id}/list", Handler: s.certListDownload, Roles: both},
		{Pattern: "GET /cert/runs/{id}/stoplist", Handler: s.certStopList, Roles: []workflow.Role{auditor}},
		{Pattern: "POST /cert/runs/{id}/suspend", Handler: s.sendCertSuspensions, Roles: []workflow.Role{auditor}},
		{Pattern: "POST /cert/offline", Handler: s.recordOffline, Roles: both},
		{Pattern: "GET /cert/offline/{id}/evidence", Handler: s.offlineEvidence, Roles: both},
	}
}

// CertTally is a tally with its rates written out.
type CertTally struct {
	Town string
	cert.Tally
}

// Rate is 资格认证率 (已认证 ÷ 应认证).
func (t CertTally) Rate() string { return cert.FormatBP(t.RateBP()) }

// BigData is 大数据比对's share of 已认证.
func (t CertTally) BigData() string { return cert.FormatBP(t.ChannelShareBP(cert.ChannelBigData)) }

// N is the count of a status by its English key (templates cannot index
// by a typed constant).
func (t CertTally) N(status string) int {
	st, _ := cert.ParseStatus(status)
	return t.ByStatus[st]
}

// CertRunRow is one run on the certification page.
type CertRunRow struct {
	store.CertRun
	Total CertTally
}

// CertPage lists the runs, offers a new one and the offline
// certifications.
type CertPage struct {
	AuditPage
	Runs      []CertRunRow
	Offline   []store.CertOffline
	Towns     []string // the towns an auditor may record for
	Channels  []string
	MyTown    string // a clerk's town
	FormError string
	AsOf      string
}

func (s *Server) certPage(w http.ResponseWriter, r *http.Request) {
	s.showCert(w, r, http.StatusOK, "")
}

func (s *Server) showCert(w http.ResponseWriter, r *http.Request, status int, formErr string) {
	ctx := r.Context()
	u := currentUser(r)
	pg := CertPage{AuditPage: s.auditPage(r, "待遇资格认证"), FormError: formErr, AsOf: r.FormValue("as_of")}
	if u.Role == workflow.RoleTownClerk {
		pg.MyTown = u.UnitName
	}
	runs, err := s.st.CertRuns(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, run := range runs {
		row := CertRunRow{CertRun: run}
		if pg.MyTown == "" {
			v, err := auditdb.LoadCertRun(ctx, s.st, run.ID)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			row.Total = CertTally{Tally: v.Total}
		} else if t, ok, err := s.townTally(r, run.ID, pg.MyTown); err != nil {
			s.fail(w, r, err)
			return
		} else if ok {
			row.Total = t
		}
		pg.Runs = append(pg.Runs, row)
	}
	if pg.Offline, err = s.st.CertOfflines(ctx, pg.MyTown, ""); err != nil {
		s.fail(w, r, err)
		return
	}
	if pg.MyTown == "" {
		units, err := s.st.Units(ctx)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, un := range units {
			if un.Kind == store.KindTown {
				pg.Towns = append(pg.Towns, un.Name)
			}
		}
	}
	for _, c := range auditdb.OfflineChannels {
		pg.Channels = append(pg.Channels, c.String())
	}
	s.render(w, r, status, "cert.html", "layout", pg)
}

// townTally is one town's tally of a stored run.
func (s *Server) townTally(r *http.Request, runID int64, town string) (CertTally, bool, error) {
	v, err := auditdb.LoadCertRun(r.Context(), s.st, runID)
	if err != nil {
		return CertTally{}, false, err
	}
	for _, t := range v.Towns {
		if audit.NormTown(t.Town) == audit.NormTown(town) {
			return CertTally{t.Town, t.Tally}, true, nil
		}
	}
	return CertTally{Town: town}, false, nil
}

// createCertRun runs a month on uploaded files (rolls, certification
// events, optionally death lists and a rules file) or on generated data.
func (s *Server) createCertRun(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxAuditUpload)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			s.showCert(w, r, http.StatusRequestEntityTooLarge, "上传文件过大或格式有误。")
			return
		}
		defer r.MultipartForm.RemoveAll()
	}
	asOf, ok := cal.ParseMonth(strings.TrimSpace(r.FormValue("as_of")))
	if !ok {
		s.showCert(w, r, http.StatusUnprocessableEntity, "请填写认证月份（YYYY-MM）。")
		return
	}
	dir, err := os.MkdirTemp("", "jixiao-cert-")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer os.RemoveAll(dir)
	in := auditdb.CertInput{AsOf: asOf, Rules: cert.DefaultRules(), Source: "upload", By: currentUser(r).ID, Dir: dir, Names: map[string]string{}}
	if r.FormValue("source") == "demo" {
		n, _ := strconv.Atoi(r.FormValue("recipients"))
		n = min(max(n, 100), 50000)
		fs, _, err := auditgen.New(auditgen.Config{Seed: uint64(asOf), Recipients: n, Deaths: n / 20, AsOf: asOf}).WriteDir(dir)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		in.Rolls, in.Events, in.Deaths, in.Source = []string{fs.Roll}, []string{fs.Cert.Events}, []string{fs.Deaths}, "demo"
	} else {
		var msg string
		if in.Rolls, msg = saveUploads(r, dir, "roll", in.Names); msg == "" {
			if in.Events, msg = saveUploads(r, dir, "events", in.Names); msg == "" {
				in.Deaths, msg = saveUploads(r, dir, "deaths", in.Names)
			}
		}
		if msg == "" && (len(in.Rolls) == 0 || len(in.Events) == 0) {
			msg = "须上传待遇发放名册和认证记录。"
		}
		if msg == "" {
			msg = s.certRules(r, &in.Rules)
		}
		if msg != "" {
			s.showCert(w, r, http.StatusUnprocessableEntity, msg)
			return
		}
	}
	id, run, err := auditdb.ExecuteCert(r.Context(), s.st, in)
	if err != nil {
		if errors.Is(err, auditrun.ErrRejected) { // certrun wraps every reader refusal in it
			s.showCert(w, r, http.StatusUnprocessableEntity, err.Error())
			return
		}
		s.fail(w, r, err)
		return
	}
	rate, rok := run.Total.RateBP()
	redirect(w, r, fmt.Sprintf("/cert/runs/%d", id), s.page(r, "").P.Tf("认证状态已计算：名册 %d 人，即将到期 %d 人，应暂停 %d 人，资格认证率 %s。",
		run.RollRows, len(run.Due), len(run.Suspend), cert.FormatBP(rate, rok)))
}

// certRules reads the optional rules file of the form into ru; it returns
// the message for a bad file.
func (s *Server) certRules(r *http.Request, ru *cert.Rules) string {
	if r.MultipartForm == nil || len(r.MultipartForm.File["rules"]) == 0 || r.MultipartForm.File["rules"][0].Size == 0 {
		return ""
	}
	fh := r.MultipartForm.File["rules"][0]
	f, err := fh.Open()
	if err != nil {
		return "上传文件过大或格式有误。"
	}
	defer f.Close()
	got, err := cert.ParseRules(fh.Filename, f)
	if err != nil {
		return s.page(r, "").T("认证规则文件有误：") + err.Error()
	}
	*ru = got
	return ""
}

// CertRunPage is one run: the status per town, the lists to send, the
// suspension list's 两上两下.
type CertRunPage struct {
	AuditPage
	Run      auditdb.CertRunView
	Total    CertTally
	Towns    []CertTally
	RuleText string
	MyTown   string
	Lists    []CertListLink
	Stopped  int // suspensions the towns confirmed (the final list)
}

// CertListLink is one list of the run with its size.
type CertListLink struct {
	Key, Title string
	N          int
}

func (s *Server) certRun(w http.ResponseWriter, r *http.Request) (auditdb.CertRunView, string, bool) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return auditdb.CertRunView{}, "", false
	}
	v, err := auditdb.LoadCertRun(r.Context(), s.st, id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return v, "", false
	}
	if err != nil {
		s.fail(w, r, err)
		return v, "", false
	}
	town := ""
	if u := currentUser(r); u.Role == workflow.RoleTownClerk {
		town = u.UnitName
	}
	return v, town, true
}

func (s *Server) certRunPage(w http.ResponseWriter, r *http.Request) {
	v, town, ok := s.certRun(w, r)
	if !ok {
		return
	}
	pg := CertRunPage{AuditPage: s.auditPage(r, "待遇资格认证"), Run: v, Total: CertTally{Tally: v.Total}, MyTown: town,
		RuleText: s.page(r, "").P.Pick(v.Rules.Words().ZH, v.Rules.Words().EN)}
	for _, t := range v.Towns {
		if town == "" || audit.NormTown(t.Town) == audit.NormTown(town) {
			pg.Towns = append(pg.Towns, CertTally{t.Town, t.Tally})
		}
	}
	if town != "" {
		pg.Total = CertTally{Town: town}
		if len(pg.Towns) > 0 {
			pg.Total = pg.Towns[0]
		}
	}
	lists := []string{"due", "suspend", "resume"}
	if town == "" {
		lists = append(lists, "dead", "review")
	}
	count, err := s.st.CertRunListCounts(r.Context(), v.ID, pg.Total.Town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, key := range lists {
		cl, _ := auditdb.CertListOf(key)
		pg.Lists = append(pg.Lists, CertListLink{Key: key, Title: cl.Title(), N: count[key]})
	}
	if v.AuditRunID != 0 && town == "" {
		xs, err := s.st.AuditSuspects(r.Context(), store.SuspectFilter{RunID: v.AuditRunID, State: string(audit.StateStopped)})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		pg.Stopped = len(xs)
	}
	s.show(w, r, "cert_run.html", pg)
}

// certListDownload sends one list of the run as the document to send
// down (title, month, rule, table, signature block): a town's due list, or
// the city's lists. A clerk gets their own town's due, suspension and
// resumption lists only.
func (s *Server) certListDownload(w http.ResponseWriter, r *http.Request) {
	v, town, ok := s.certRun(w, r)
	if !ok {
		return
	}
	key := r.FormValue("list")
	l, ok := auditdb.CertListOf(key)
	if !ok || town != "" && key != "due" && key != "suspend" && key != "resume" {
		s.notFound(w, r)
		return
	}
	if town == "" {
		town = r.FormValue("town")
	}
	run, err := auditdb.CertListRun(r.Context(), s.st, v, l, town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := certrun.WriteTownList(&buf, run, l, town, false); err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "").P
	scope := town
	if scope == "" {
		scope = p.T("全市")
	}
	setDownload(w, xlsxType, "attachment", fmt.Sprintf("%s_%s_%s.xlsx", p.T(l.Title()), v.AsOf, scope))
	w.Write(buf.Bytes())
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// certStopList sends the final suspension list for the provincial
// platform (身份证号, 姓名, 险种, 停发年月, 停发原因, 依据): the 应暂停 rows
// whose suspension the towns confirmed through 两上两下 — nobody else.
func (s *Server) certStopList(w http.ResponseWriter, r *http.Request) {
	v, _, ok := s.certRun(w, r)
	if !ok {
		return
	}
	if v.AuditRunID == 0 {
		s.showError(w, r, http.StatusConflict, "暂停名单尚未经两上两下确认。")
		return
	}
	ctx := r.Context()
	xs, err := s.st.AuditSuspects(ctx, store.SuspectFilter{RunID: v.AuditRunID, State: string(audit.StateStopped)})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	stopped := map[string]bool{}
	for _, x := range xs {
		stopped[x.IDNumber] = true
	}
	run, err := auditdb.CertListRun(ctx, s.st, v, certrun.ListSuspend, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	kept := run.Suspend[:0]
	for _, x := range run.Suspend {
		if stopped[x.Roll.ID] {
			kept = append(kept, x)
		}
	}
	run.Suspend = kept
	format, ctype, ext := "csv", "text/csv; charset=utf-8", "csv"
	if r.FormValue("format") == "xlsx" {
		format, ctype, ext = "xlsx", xlsxType, "xlsx"
	}
	var buf bytes.Buffer
	if err := certrun.WriteStopList(&buf, format, run.StopList()); err != nil {
		s.fail(w, r, err)
		return
	}
	setDownload(w, ctype, "attachment", s.page(r, "").P.Tf("暂停发放名单_%s.%s", v.AsOf, ext))
	w.Write(buf.Bytes())
}

// sendCertSuspensions puts the run's 应暂停 list through 两上两下: the
// towns verify each person, the city issues, the towns confirm the stop.
func (s *Server) sendCertSuspensions(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	replyDays, _ := strconv.Atoi(r.FormValue("reply_days"))
	confirmDays, _ := strconv.Atoi(r.FormValue("confirm_days"))
	aid, n, err := auditdb.SendCertSuspensions(r.Context(), s.st, id, auditActor(currentUser(r)), replyDays, confirmDays, s.now())
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
		return
	case errors.Is(err, auditdb.ErrCertSent):
		s.showError(w, r, http.StatusConflict, err.Error())
		return
	case errors.Is(err, auditdb.ErrCertEmpty):
		s.showError(w, r, http.StatusUnprocessableEntity, err.Error())
		return
	case err != nil:
		s.auditFail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/audit/runs/%d", aid), s.page(r, "").P.Tf("已向各镇（街道）下发应暂停人员 %d 人，待镇核实。", n))
}

// recordOffline stores an offline certification: a clerk for their own
// town, the auditor for any.
func (s *Server) recordOffline(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, auditdb.MaxEvidence+1<<20)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			s.showCert(w, r, http.StatusRequestEntityTooLarge, "证据文件过大（不超过 5 MB）。")
			return
		}
		defer r.MultipartForm.RemoveAll()
	}
	u := currentUser(r)
	o := store.CertOffline{Town: r.FormValue("town"), IDNumber: r.FormValue("id_number"), Name: r.FormValue("name"),
		Date: r.FormValue("date"), Channel: r.FormValue("channel"), Note: r.FormValue("note"), CreatedBy: u.ID}
	if u.Role == workflow.RoleTownClerk {
		o.Town = u.UnitName
	}
	if r.MultipartForm != nil {
		if fhs := r.MultipartForm.File["evidence"]; len(fhs) > 0 && fhs[0].Size > 0 {
			f, err := fhs[0].Open()
			if err == nil {
				o.Evidence, err = io.ReadAll(io.LimitReader(f, auditdb.MaxEvidence+1))
				f.Close()
			}
			if err != nil {
				s.fail(w, r, err)
				return
			}
			o.EvidenceName = fhs[0].Filename
		}
	}
	if _, err := auditdb.RecordOffline(r.Context(), s.st, o, s.now()); err != nil {
		s.showCert(w, r, http.StatusUnprocessableEntity, err.Error())
		return
	}
	redirect(w, r, "/cert", s.page(r, "").P.Tf("已登记 %s 的线下认证，下次计算认证状态时计入。", strings.TrimSpace(o.Name)))
}

// offlineEvidence sends an offline certification's evidence file (a
// clerk: their own town's only).
func (s *Server) offlineEvidence(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	o, err := s.st.CertOfflineEvidence(r.Context(), id)
	u := currentUser(r)
	if errors.Is(err, store.ErrNotFound) || err == nil && (!o.HasEvidence || u.Role == workflow.RoleTownClerk && !sameTown(u, o.Town)) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	setDownload(w, "application/octet-stream", "attachment", o.EvidenceName)
	w.Write(o.Evidence)
}

// ConfirmSuspend is the question before the suspension list goes down.
func (pg CertRunPage) ConfirmSuspend() string {
	towns := 0
	for _, t := range pg.Towns {
		if t.ByStatus[cert.ShouldSuspend] > 0 {
			towns++
		}
	}
	return pg.P.Tf("向 %d 个镇（街道）下发应暂停人员 %d 人核实：各镇（街道）须在截止日前核实上报，经确认后才暂停发放。", towns, pg.Total.ByStatus[cert.ShouldSuspend])
}
