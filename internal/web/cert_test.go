package web

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/audit"
	"jixiao/internal/auditdb"
	"jixiao/internal/cert"
	"jixiao/internal/certrun"
	"jixiao/internal/cnid"
	"jixiao/internal/store"
)

var certRunLoc = regexp.MustCompile(`^/cert/runs/(\d+)$`)

// certAllowed is the certification pages' part of the permission matrix
// (permission_test.go walks it): the auditor computes, sends and exports;
// a town clerk reads their own town and records offline certifications.
var certAllowed = map[string]string{
	"GET /cert":                       "auditor clerk",
	"POST /cert/runs":                 "auditor",
	"GET /cert/runs/{id}":             "auditor clerk",
	"GET /cert/runs/{id}/list":        "auditor clerk",
	"GET /cert/runs/{id}/stoplist":    "auditor",
	"POST /cert/runs/{id}/suspend":    "auditor",
	"POST /cert/offline":              "auditor clerk",
	"GET /cert/offline/{id}/evidence": "auditor clerk",
}

func init() {
	for k, v := range certAllowed {
		allowed[k] = v
	}
}

// newCertRun uploads a generated roll, its certification events and death
// list as the auditor and returns the stored run.
func newCertRun(t *testing.T, e *env) auditdb.CertRunView {
	t.Helper()
	fs, _ := auditFiles(t, 800)
	res := e.login("jihe").auditUpload("/cert/runs", map[string]string{"as_of": "2024-06"},
		map[string][]string{"roll": {fs.Roll}, "events": {fs.Cert.Events}, "deaths": {fs.Deaths}})
	m := certRunLoc.FindStringSubmatch(res.location)
	if res.code != http.StatusSeeOther || m == nil {
		t.Fatalf("upload: %d %q %.400s", res.code, res.location, res.body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	v, err := auditdb.LoadCertRun(t.Context(), e.st, id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// xlsxRows reads the first sheet of a workbook.
func xlsxRows(t *testing.T, body string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestCertPages: the auditor computes a month from uploaded files and sees
// the status per town with 资格认证率; a town clerk sees only their town,
// downloads only their own due list, records an offline certification with
// an evidence file; the suspension list goes through 两上两下 before the
// stop list for the platform holds anyone.
func TestCertPages(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		v := newCertRun(t, e)
		if v.Total.Recipients != 800 || v.Total.ByStatus[cert.Due] == 0 || v.Total.ByStatus[cert.ShouldSuspend] == 0 {
			t.Fatalf("run tally %+v", v.Total)
		}
		const town = "如城街道"
		var mine auditdb.CertTownTally
		for _, tt := range v.Towns {
			if tt.Town == town {
				mine = tt
			}
		}
		if mine.Recipients == 0 || len(v.Towns) < 2 {
			t.Fatalf("towns %+v", v.Towns)
		}
		city := e.login("jihe")
		page := city.get(fmt.Sprintf("/cert/runs/%d", v.ID))
		page.want(t, "run page", http.StatusOK, "各镇（街道）认证状态", v.Towns[1].Town, "id=\"send-suspend\"",
			cert.FormatBP(v.Total.RateBP())+"（"+strconv.Itoa(v.Total.Certified)+"/"+strconv.Itoa(v.Total.Required)+"）")
		city.get("/cert").want(t, "runs page", http.StatusOK, fmt.Sprintf("/cert/runs/%d", v.ID), cert.FormatBP(v.Total.RateBP()))

		// 资格认证率 beside a self-evaluation row of that name, with its basis and run
		rows := []EvalRow{{Ind: store.Indicator{Level3: "资格认证率"}}, {Ind: store.Indicator{Level3: "群众满意度"}}}
		e.srv.auditIndicatorHints(t.Context(), 2024, rows)
		if h := rows[0].Hint; h == nil || h.Value != cert.FormatBP(v.Total.RateBP()) || h.Basis != fmt.Sprintf("%d/%d", v.Total.Certified, v.Total.Required) ||
			h.Link != fmt.Sprintf("/cert/runs/%d", v.ID) || rows[1].Hint != nil {
			t.Errorf("hints %+v %+v", rows[0].Hint, rows[1].Hint)
		}

		// the clerk: own town only
		clerk := e.login("rucheng")
		cp := clerk.get(fmt.Sprintf("/cert/runs/%d", v.ID))
		cp.want(t, "clerk run page", http.StatusOK, town, cert.FormatBP(mine.RateBP()))
		if strings.Contains(cp.body, "data-town=\""+v.Towns[1].Town+"\"") || strings.Contains(cp.body, "send-suspend") {
			t.Error("clerk sees another town or the send button")
		}
		due := clerk.get(fmt.Sprintf("/cert/runs/%d/list?list=due&town=%s", v.ID, url.QueryEscape(v.Towns[1].Town)))
		due.want(t, "clerk due list", http.StatusOK)
		sheet := xlsxRows(t, due.body)
		n := 0
		for _, r := range sheet[3:] {
			if len(r) > 4 && r[0] != "" && r[0][0] >= '1' && r[0][0] <= '9' {
				n++
				if r[4] != town || !strings.Contains(r[1], "*") {
					t.Errorf("clerk's due list row %v", r)
				}
			}
		}
		if n != mine.ByStatus[cert.Due] || !strings.Contains(sheet[0][0], town) {
			t.Errorf("due list: %d rows, want %d; title %q", n, mine.ByStatus[cert.Due], sheet[0][0])
		}
		clerk.get(fmt.Sprintf("/cert/runs/%d/list?list=dead", v.ID)).want(t, "clerk dead list", http.StatusNotFound)
		clerk.get(fmt.Sprintf("/cert/runs/%d/stoplist", v.ID)).want(t, "clerk stop list", http.StatusForbidden)
		e.login("tianbao").get("/cert").want(t, "filer", http.StatusForbidden)

		// an offline certification with evidence, for someone of the town to suspend
		sus, err := auditdb.CertRows(t.Context(), e.st, v.ID, certrun.ListSuspend, town)
		if err != nil || len(sus) == 0 {
			t.Fatalf("%v: %d of %s to suspend", err, len(sus), town)
		}
		p := sus[0].Roll
		bad := clerk.multipart("/cert/offline", map[string]string{"id_number": p.ID, "name": p.Name, "date": "2024-06-20", "channel": "上门"}, "", nil)
		bad.want(t, "offline without evidence", http.StatusUnprocessableEntity, "须填写证据说明或上传证据文件")
		ok := clerk.multipart("/cert/offline", map[string]string{"id_number": p.ID, "name": p.Name, "date": "2024-06-20", "channel": "上门",
			"town": "白蒲镇"}, "入户照片.jpg", []byte("\xff\xd8photo"))
		ok.want(t, "offline", http.StatusSeeOther)
		offs, err := e.st.CertOfflines(t.Context(), "", "")
		if err != nil || len(offs) != 1 || offs[0].Town != town || offs[0].Channel != "上门" || offs[0].Date != "2024-06-20" {
			t.Fatalf("%v: stored %+v", err, offs)
		}
		clerk.get("/cert").want(t, "offline list", http.StatusOK, "入户照片.jpg", cnid.Mask(p.ID))
		ev := city.get(fmt.Sprintf("/cert/offline/%d/evidence", offs[0].ID))
		ev.want(t, "evidence", http.StatusOK)
		if ev.body != "\xff\xd8photo" {
			t.Errorf("evidence %q", ev.body)
		}

		// the suspension list through 两上两下
		res := city.post(fmt.Sprintf("/cert/runs/%d/suspend", v.ID), url.Values{"reply_days": {"7"}})
		m := runLoc.FindStringSubmatch(res.location)
		if res.code != http.StatusSeeOther || m == nil {
			t.Fatalf("send: %d %q", res.code, res.location)
		}
		aid, _ := strconv.ParseInt(m[1], 10, 64)
		city.post(fmt.Sprintf("/cert/runs/%d/suspend", v.ID), nil).want(t, "send twice", http.StatusConflict)
		xs, err := e.st.AuditSuspects(t.Context(), store.SuspectFilter{RunID: aid, Town: town})
		if err != nil || len(xs) != len(sus) {
			t.Fatalf("%v: %d suspects of %s, want %d", err, len(xs), town, len(sus))
		}
		clerk.get(fmt.Sprintf("/audit/suspects/%d", xs[0].ID)).want(t, "clerk suspect", http.StatusOK, "未按期认证")
		city.get(fmt.Sprintf("/cert/runs/%d/stoplist", v.ID)).want(t, "stop list before any stop", http.StatusOK)
		if body := city.get(fmt.Sprintf("/cert/runs/%d/stoplist", v.ID)).body; strings.Contains(body, xs[0].IDNumber) {
			t.Error("stop list holds a person nobody confirmed")
		}
		// the town confirms one, the city issues, the town confirms the stop
		now := time.Now()
		tw := auditdb.Actor{Name: "周丽", Role: audit.RoleTown, Town: town}
		if err := auditdb.Reply(t.Context(), e.st, xs[0].ID, tw, true, "多次联系未认证", "", now); err != nil {
			t.Fatal(err)
		}
		if _, err := auditdb.Issue(t.Context(), e.st, aid, auditdb.Actor{Name: "吴涛", Role: audit.RoleCity}, now); err != nil {
			t.Fatal(err)
		}
		if err := auditdb.ConfirmStop(t.Context(), e.st, xs[0].ID, tw, "已停发", now); err != nil {
			t.Fatal(err)
		}
		city.get(fmt.Sprintf("/cert/runs/%d", v.ID)).want(t, "run page after", http.StatusOK, `<span id="cert-stopped">1</span>`, "stoplist-xlsx")
		stop := city.get(fmt.Sprintf("/cert/runs/%d/stoplist", v.ID)).body
		lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(stop, "\ufeff")), "\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[0], strings.Join(certrun.StopListHeader, ",")) || !strings.HasPrefix(lines[1], xs[0].IDNumber+",") {
			t.Errorf("stop list %q", stop)
		}
	})
}

// multipart posts fields and one optional file (field "evidence").
func (c *client) multipart(path string, fields map[string]string, fileName string, data []byte) result {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if fileName != "" {
		w, _ := mw.CreateFormFile("evidence", fileName)
		w.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}
