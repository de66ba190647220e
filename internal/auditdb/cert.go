package auditdb

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"jixiao/internal/audit"
	"jixiao/internal/cal"
	"jixiao/internal/cert"
	"jixiao/internal/certrun"
	"jixiao/internal/cnid"
	"jixiao/internal/store"
)

// 待遇资格认证 in the database: a month's certification run (internal/certrun
// over the uploaded roll and events, plus the offline certifications the
// towns recorded) kept as evidence — the tallies behind 资格认证率 and the
// rows of its lists — and the suspension list sent through the same
// two-up-two-down cycle as the audit's suspects.

// FindingCert is the finding of a suspect on a certification run's
// suspension list (应暂停: not certified within the cycle).
const FindingCert = "cert"

// KindNotCertified is its match kind.
const KindNotCertified = "not_certified"

// CertInput is one certification run's files and rules.
type CertInput struct {
	Rolls, Events, Deaths []string          // paths; Deaths optional
	Names                 map[string]string // path → name shown
	AsOf                  cal.Month
	Rules                 cert.Rules
	Source                string // upload | demo
	By                    int64
	// Dir receives the offline certifications as one more event file.
	Dir string
}

// certLists are the lists a run keeps, by their stored names.
var certLists = []struct {
	name string
	l    certrun.List
}{{"due", certrun.ListDue}, {"suspend", certrun.ListSuspend}, {"resume", certrun.ListResume}, {"dead", certrun.ListDead}, {"review", certrun.ListReview}}

// CertListOf returns the list of a stored name (due, suspend …).
func CertListOf(name string) (certrun.List, bool) {
	for _, c := range certLists {
		if c.name == name {
			return c.l, true
		}
	}
	return 0, false
}

// ExecuteCert runs the month with certrun over the files and the offline
// certifications recorded up to the end of the month, and stores the run,
// its town tallies and its lists in one transaction. A rejected file
// stores nothing.
func ExecuteCert(ctx context.Context, st *store.Store, in CertInput) (int64, *certrun.Run, error) {
	if in.Names == nil {
		in.Names = map[string]string{}
	}
	offline, err := st.CertOfflines(ctx, "", lastDay(in.AsOf))
	if err != nil {
		return 0, nil, err
	}
	if len(offline) > 0 {
		p := filepath.Join(in.Dir, "offline-certifications.csv")
		if err := writeOffline(p, offline); err != nil {
			return 0, nil, err
		}
		in.Events = append(in.Events, p)
		in.Names[p] = "镇街线下认证录入"
	}
	ren := Input{Names: in.Names}
	run, err := certrun.Execute(certrun.Config{Rolls: in.Rolls, Events: in.Events, Deaths: in.Deaths, AsOf: in.AsOf, Rules: in.Rules}, nil)
	if err != nil {
		return 0, nil, ren.rename(err)
	}
	towns, err := townNames(ctx, st)
	if err != nil {
		return 0, nil, err
	}
	rules, _ := json.Marshal(run.Rules)
	total, _ := json.Marshal(run.Total)
	r := store.CertRun{AsOf: in.AsOf.String(), Source: in.Source, Rules: string(rules), RollRows: run.RollRows, Events: run.Events,
		Offline: len(offline), Unmatched: run.Unmatched, Tally: string(total), CreatedBy: in.By}
	for _, f := range run.Files {
		r.Files = append(r.Files, ren.name(f.File))
		r.RowsRead += f.Rows
		r.RowsRejected += f.Rejected
		for _, e := range f.Errors {
			if len(r.RowErrors) < MaxRowErrors {
				e.File = ren.name(e.File)
				r.RowErrors = append(r.RowErrors, e.Error())
			}
		}
	}
	// towns by the name of their unit (如城 = 如城街道), so that a clerk finds theirs
	byTown := map[string]*cert.Tally{}
	var order []string
	for _, t := range run.Towns {
		name := towns.canon(t.Town)
		if byTown[name] == nil {
			byTown[name] = &cert.Tally{}
			order = append(order, name)
		}
		byTown[name].Merge(&t.Tally)
	}
	var ts []store.CertTown
	for _, name := range order {
		b, _ := json.Marshal(byTown[name])
		ts = append(ts, store.CertTown{Town: name, Tally: string(b)})
	}
	var rows []store.CertRow
	for _, c := range certLists {
		for _, x := range run.Rows(c.l) {
			x.Roll.Town = towns.canon(x.Roll.Town)
			x.Roll.File = ren.name(x.Roll.File)
			b, err := json.Marshal(x)
			if err != nil {
				return 0, nil, err
			}
			rows = append(rows, store.CertRow{List: c.name, Town: x.Roll.Town, IDNumber: x.Roll.ID, Name: x.Roll.Name, Data: string(b)})
		}
	}
	id, err := st.CreateCertRun(ctx, r, ts, rows)
	return id, run, err
}

// lastDay is the last day of month m as YYYY-MM-DD text (for comparing
// stored dates).
func lastDay(m cal.Month) string { return m.String() + "-31" }

// writeOffline writes the offline certifications as an event file that
// rollfile.ScanCertEvents reads like the platform's export.
func writeOffline(path string, os_ []store.CertOffline) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString("身份证号,姓名,认证日期,认证方式,认证结果,来源,备注\n")
	for _, o := range os_ {
		fmt.Fprintf(w, "%s,%s,%s,%s,通过,%s,%s\n", csvCell(o.IDNumber), csvCell(o.Name), o.Date, csvCell(o.Channel),
			csvCell("镇街录入 "+o.Town), csvCell(o.Note))
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func csvCell(s string) string {
	if strings.ContainsAny(s, ",\"\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// CertTownTally is a stored town tally, decoded.
type CertTownTally struct {
	Town string
	cert.Tally
}

// CertRunView is a stored run, decoded: its rules, the whole roll's tally
// and each town's.
type CertRunView struct {
	store.CertRun
	AsOf  cal.Month
	Rules cert.Rules
	Total cert.Tally
	Towns []CertTownTally
}

// LoadCertRun reads a stored run.
func LoadCertRun(ctx context.Context, st *store.Store, id int64) (CertRunView, error) {
	var v CertRunView
	r, err := st.CertRun(ctx, id)
	if err != nil {
		return v, err
	}
	v.CertRun = r
	v.AsOf, _ = cal.ParseMonth(r.AsOf)
	if err := decode(r.Rules, &v.Rules); err != nil {
		return v, err
	}
	if err := decode(r.Tally, &v.Total); err != nil {
		return v, err
	}
	ts, err := st.CertRunTowns(ctx, id)
	if err != nil {
		return v, err
	}
	for _, t := range ts {
		tt := CertTownTally{Town: t.Town}
		if err := decode(t.Tally, &tt.Tally); err != nil {
			return v, err
		}
		v.Towns = append(v.Towns, tt)
	}
	return v, nil
}

func decode(s string, v any) error {
	if s == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("auditdb: stored certification run: %w", err)
	}
	return nil
}

// CertRows reads a stored run's rows of one list, of one town ("" = all).
func CertRows(ctx context.Context, st *store.Store, id int64, list certrun.List, town string) ([]certrun.Row, error) {
	name := ""
	for _, c := range certLists {
		if c.l == list {
			name = c.name
		}
	}
	xs, err := st.CertRunRows(ctx, id, name, town)
	if err != nil {
		return nil, err
	}
	out := make([]certrun.Row, len(xs))
	for i, x := range xs {
		if err := decode(x.Data, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CertListRun rebuilds as much of a certrun.Run as the list documents
// need (month, rules, the rows of one list of one town).
func CertListRun(ctx context.Context, st *store.Store, v CertRunView, list certrun.List, town string) (*certrun.Run, error) {
	rows, err := CertRows(ctx, st, v.ID, list, town)
	if err != nil {
		return nil, err
	}
	run := &certrun.Run{AsOf: v.AsOf, Rules: v.Rules}
	switch list {
	case certrun.ListDue:
		run.Due = rows
	case certrun.ListSuspend:
		run.Suspend = rows
	case certrun.ListResume:
		run.Resume = rows
	case certrun.ListDead:
		run.Dead = rows
	default:
		run.Review = rows
	}
	return run, nil
}

// ErrCertSent is returned when a run's suspension list was sent already.
var ErrCertSent = errors.New("暂停名单已下发 (the suspension list was sent already)")

// ErrCertEmpty is returned when a run has nobody to suspend.
var ErrCertEmpty = errors.New("本批次没有应暂停人员 (nobody to suspend in this run)")

// SendCertSuspensions puts a run's 应暂停 list through the two-up-two-down
// cycle: it stores a survival-audit run (source cert) whose suspects are
// the people not certified in time, links it to the certification run and
// sends it to the towns (the first 下). The towns verify (certified after
// all? the evidence), the city issues the suspension list (暂停, never
// 终止: nobody is found dead here), the towns confirm the stop — the same
// steps and pages as every other suspect. It returns the audit run.
func SendCertSuspensions(ctx context.Context, st *store.Store, certRunID int64, by Actor, replyDays, confirmDays int, now time.Time) (int64, int, error) {
	v, err := LoadCertRun(ctx, st, certRunID)
	if err != nil {
		return 0, 0, err
	}
	if v.AuditRunID != 0 {
		return 0, 0, ErrCertSent
	}
	rows, err := CertRows(ctx, st, certRunID, certrun.ListSuspend, "")
	if err != nil {
		return 0, 0, err
	}
	if len(rows) == 0 {
		return 0, 0, ErrCertEmpty
	}
	r := store.AuditRun{AsOf: v.AsOf.String(), Source: FindingCert, RollRows: v.RollRows, CreatedBy: by.UserID,
		ReplyDays: replyDays, ConfirmDays: confirmDays, Files: []string{fmt.Sprintf("资格认证批次 #%d", certRunID)}}
	if r.ReplyDays <= 0 {
		r.ReplyDays = 10
	}
	if r.ConfirmDays <= 0 {
		r.ConfirmDays = 5
	}
	sus := make([]store.AuditSuspect, len(rows))
	for i := range rows {
		x := &rows[i]
		w := x.Res.Words()
		sus[i] = store.AuditSuspect{Town: x.Roll.Town, IDNumber: x.Roll.ID, Name: x.Roll.Name, Scheme: x.Roll.Scheme,
			Finding: FindingCert, Kind: KindNotCertified, Confidence: string(audit.Confirmed), ReasonZH: w.ZH, ReasonEN: w.EN,
			EventDate: x.Res.Since.String(), Sources: "待遇资格认证", Monthly: x.Roll.Monthly}
	}
	id, err := st.CreateAuditRunForCert(ctx, certRunID, r, sus)
	if errors.Is(err, store.ErrConflict) {
		return 0, 0, ErrCertSent
	}
	if err != nil {
		return 0, 0, err
	}
	n, err := Send(ctx, st, id, by, now)
	return id, n, err
}

// LatestCertRun returns the newest stored run whose month begins with
// prefix (a month YYYY-MM or a year YYYY); ok is false when there is none.
func LatestCertRun(ctx context.Context, st *store.Store, prefix string) (CertRunView, bool, error) {
	runs, err := st.CertRuns(ctx) // newest month first
	if err != nil {
		return CertRunView{}, false, err
	}
	for _, r := range runs {
		if strings.HasPrefix(r.AsOf, prefix) {
			v, err := LoadCertRun(ctx, st, r.ID)
			return v, err == nil, err
		}
	}
	return CertRunView{}, false, nil
}

// MaxEvidence bounds an offline certification's evidence file.
const MaxEvidence = 5 << 20

// OfflineChannels are the channels a town records by hand.
var OfflineChannels = []cert.Channel{cert.ChannelOffline, cert.ChannelHome, cert.ChannelRemote}

// RecordOffline checks and stores an offline certification (线下辅助,
// 上门 or 异地) recorded by a town: a valid ID number, a name, a date not
// after today, one of OfflineChannels, and evidence — a note or a file
// (at most MaxEvidence). It joins the events of the next run.
func RecordOffline(ctx context.Context, st *store.Store, o store.CertOffline, now time.Time) (int64, error) {
	o.IDNumber = cnid.Normalize(o.IDNumber)
	o.Name, o.Town, o.Note = strings.TrimSpace(o.Name), strings.TrimSpace(o.Town), strings.TrimSpace(o.Note)
	if _, err := cnid.Parse(o.IDNumber); err != nil {
		return 0, fmt.Errorf("身份证号 %q: %w", o.IDNumber, err)
	}
	if o.Name == "" || o.Town == "" {
		return 0, errors.New("须填写姓名和镇（街道） (name and town are required)")
	}
	d, ok := cal.ParseDate(strings.TrimSpace(o.Date))
	if !ok {
		return 0, fmt.Errorf("认证日期 %q 应为 YYYY-MM-DD (the date must be YYYY-MM-DD)", o.Date)
	}
	today := cal.DateOf(now.Year(), int(now.Month()), now.Day())
	if d > today {
		return 0, fmt.Errorf("认证日期 %s 晚于今天 (the date is after today)", d)
	}
	o.Date = d.String()
	ch, ok := cert.ParseChannel(o.Channel)
	if !ok || !slices.Contains(OfflineChannels, ch) {
		return 0, fmt.Errorf("认证方式 %q 应为线下辅助、上门或异地 (the channel must be offline, home visit or remote)", o.Channel)
	}
	o.Channel = ch.String()
	if o.Note == "" && len(o.Evidence) == 0 {
		return 0, errors.New("须填写证据说明或上传证据文件 (a note or an evidence file is required)")
	}
	if len(o.Evidence) > MaxEvidence {
		return 0, fmt.Errorf("证据文件超过 %d MB (the evidence file is larger than %d MB)", MaxEvidence>>20, MaxEvidence>>20)
	}
	return st.AddCertOffline(ctx, o)
}
