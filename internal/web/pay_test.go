package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"jixiao/internal/cal"
	"jixiao/internal/cnid"
	"jixiao/internal/money"
	"jixiao/internal/paydb"
	"jixiao/internal/payrun"
	"jixiao/internal/store"
)

// payAllowed is the monthly cycle's part of the permission matrix: the
// auditor checks, the center's staff record receipts, the readers of the
// recovery cases read (each page then limits them by scope).
var payAllowed = map[string]string{
	"GET /pay":                "filer approver dept finance admin auditor clerk",
	"POST /pay":               "auditor",
	"GET /pay/runs/{id}":      "filer approver dept finance admin auditor clerk",
	"GET /pay/runs/{id}/fund": "filer approver dept finance admin auditor clerk",
	"GET /pay/funds":          "filer approver dept finance admin auditor clerk",
	"POST /pay/receipts":      "auditor filer",
}

func init() {
	for k, v := range payAllowed {
		allowed[k] = v
	}
}

var payRunLoc = regexp.MustCompile(`^/pay/runs/(\d+)$`)

// newPayRun checks a generated June as the auditor and returns the run.
func newPayRun(t *testing.T, e *env) store.PayRun {
	t.Helper()
	res := e.login("jihe").post("/pay", url.Values{"source": {"demo"}, "month": {"2023-06"}, "recipients": {"1500"},
		"sent_on": {"2023-06-08"}, "due_on": {"2023-06-10"}})
	m := payRunLoc.FindStringSubmatch(res.location)
	if res.code != http.StatusSeeOther || m == nil {
		t.Fatalf("demo pay run: %d %q %.400s", res.code, res.location, res.body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	run, err := e.st.PayRun(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// TestPayRun: a month checked on the web is stored with its figures; the
// auditor drills down by town and kind with full IDs; a town clerk sees
// their own town only, masked, and none of the city's money; a reader of
// another unit sees nothing; the fund request downloads; a receipt gives
// 资金到位 against the request.
func TestPayRun(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		run := newPayRun(t, e)
		if run.Read != run.Verified+run.FindingRows+run.Unverified+run.Outside+run.Rejected || run.FindingRows == 0 || !run.HasReturns {
			t.Fatalf("stored run %+v", run)
		}
		all, err := e.st.PayFindings(ctx, store.PayFindingFilter{RunID: run.ID})
		if err != nil || len(all) == 0 {
			t.Fatal(err)
		}
		var mine, other store.PayFinding
		for _, f := range all {
			if f.Town == "如城街道" && mine.ID == 0 {
				mine = f
			}
			if f.Town != "如城街道" && other.ID == 0 {
				other = f
			}
		}
		if mine.ID == 0 || other.ID == 0 {
			t.Fatalf("the generated month has no finding in 如城街道 or elsewhere")
		}
		path := fmt.Sprintf("/pay/runs/%d", run.ID)
		aud := e.login("jihe")
		aud.get("/pay").want(t, "runs", 200, "#"+strconv.FormatInt(run.ID, 10), "2023-06")
		aud.get(path).want(t, "run page", 200, "如城街道", other.Town, "资金申请", "发放率", "及时发放率")
		q := url.Values{"town": {other.Town}, "kind": {other.Kind}}
		aud.get(path+"?"+q.Encode()).want(t, "drill-down", 200, other.IDNumber, other.Formula)

		clerk := e.login("rucheng")
		body := clerk.get(path + "?town=" + url.QueryEscape(other.Town)).body
		if !strings.Contains(body, cnid.Mask(mine.IDNumber)) || strings.Contains(body, mine.IDNumber) {
			t.Error("clerk: own town's finding missing or not masked")
		}
		if strings.Contains(body, cnid.Mask(other.IDNumber)) || strings.Contains(body, ">"+other.Town+"<") || strings.Contains(body, "资金申请") {
			t.Error("clerk sees another town or the city's money")
		}
		clerk.get(path+"/fund").want(t, "clerk fund", 404)
		clerk.get("/pay/funds").want(t, "clerk funds", 404)
		e.login("jiuye").get(path).want(t, "other unit", 404)

		filer := e.login("tianbao")
		body = filer.get(path + "?" + q.Encode()).body
		if !strings.Contains(body, cnid.Mask(other.IDNumber)) || strings.Contains(body, other.IDNumber) {
			t.Error("filer: IDs not masked")
		}
		for _, f := range []string{"", "?format=docx"} {
			res := filer.get(path + "/fund" + f)
			if res.code != 200 || !strings.HasPrefix(res.body, "PK") {
				t.Errorf("fund download %q: %d", f, res.code)
			}
		}
		fr, err := paydb.Fund(run)
		if err != nil || fr == nil {
			t.Fatal(err)
		}
		var upper money.Fen
		for _, s := range fr.Source {
			if s.Source == "上级" {
				upper = s.Amount
			}
		}
		half := upper / 2
		filer.post("/pay/receipts", url.Values{"month": {"2023-07"}, "source": {"上级"}, "amount": {half.String()},
			"received_on": {"2023-07-03"}, "note": {"皋财社〔2023〕7号"}}).want(t, "receipt", 303)
		filer.post("/pay/receipts", url.Values{"month": {"2023-07"}, "source": {"上级"}, "amount": {"-5"},
			"received_on": {"2023-07-03"}}).want(t, "bad amount", 422)
		mf, _ := paydb.Funds(ctx, e.st, fr.Month)
		filer.get("/pay/funds?month=2023-07").want(t, "funds", 200, "皋财社〔2023〕7号", group(half.String()), mf.Sources[0].Rate.Percent())
		yf, err := paydb.YearFunds(ctx, e.st, 2023)
		if err != nil || len(yf) != 2 || yf[1].Month != 0 || yf[1].Sources[0].Received != half || yf[1].Sources[2].Requested != fr.Source[0].Amount+fr.Source[1].Amount {
			t.Fatalf("year funds %+v %v", yf, err)
		}
		filer.get("/pay/funds?month=2023-03").want(t, "the year beside another month", 200, `id="pay-year"`, yf[1].Sources[0].Rate.Percent())
		clerk.post("/pay/receipts", url.Values{"month": {"2023-07"}, "source": {"上级"}, "amount": {"5"}, "received_on": {"2023-07-03"}}).want(t, "clerk receipt", 403)

		// the year's evidence beside the 2023 self-evaluation: 足额发放率 is
		// written as 100% while the checked June has underpayments
		ev, err := paydb.YearEvidence(ctx, e.st, 2023)
		if err != nil {
			t.Fatal(err)
		}
		full := ""
		for _, x := range ev {
			if x.Indicator == "足额发放率" {
				full = x.Percent()
			}
		}
		if full == "" || full == "100.00%" {
			t.Fatalf("足额发放率 %q", full)
		}
		filer.get(fmt.Sprintf("/projects/%d/evaluate", e.id("财政对城乡居民养老保险的补助", 2023))).want(t, "evaluate", 200,
			"按发放核对计算", full, "与填写的实际完成值不符", fmt.Sprintf(`2023-06, #%d`, run.ID), fmt.Sprintf(`href="/pay/runs/%d"`, run.ID))
	})
}

// TestPayUpload: a month checked from uploaded files (roll, payroll, bank
// return) stores what the checker finds; a payroll the reader refuses
// stores nothing and says which uploaded file; a bad period is refused.
func TestPayUpload(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := context.Background()
	jun := cal.MonthOf(2023, 6)
	in, err := paydb.Demo(t.TempDir(), jun, 800)
	if err != nil {
		t.Fatal(err)
	}
	rules, _ := payrun.LoadRules("rugao")
	want, err := payrun.Execute(payrun.Config{Rules: rules, Rolls: in.Rolls, Payrolls: in.Payrolls, Returns: in.Returns, From: jun, To: jun})
	if err != nil {
		t.Fatal(err)
	}
	aud := e.login("jihe")
	files := map[string][]string{"roll": in.Rolls, "payroll": in.Payrolls, "returns": in.Returns}
	res := aud.auditUpload("/pay", map[string]string{"month": "2023-06", "rules": "rugao"}, files)
	m := payRunLoc.FindStringSubmatch(res.location)
	if res.code != http.StatusSeeOther || m == nil {
		t.Fatalf("upload: %d %.400s", res.code, res.body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	run, _ := e.st.PayRun(ctx, id)
	w := want.Result
	if run.Read != w.Read || run.Verified != w.Verified || run.FindingRows != w.FindingRows || run.Unverified != w.Unverified ||
		run.Outside != w.Outside || run.RetPaid != int64(w.Returns.SucceededAmount) || run.Source != "upload" ||
		strings.Join(run.Files, ",") != "roll.csv,payroll.csv,returns.csv" {
		t.Errorf("stored %+v, checker %+v", run, *w)
	}
	fs, _ := e.st.PayFindings(ctx, store.PayFindingFilter{RunID: id})
	if len(fs) != len(w.Findings) {
		t.Errorf("%d findings stored, %d found", len(fs), len(w.Findings))
	}
	before, _ := e.st.PayRuns(ctx)
	bad := filepath.Join(t.TempDir(), "发放明细.csv")
	os.WriteFile(bad, []byte("甲,乙\n1,2\n"), 0o644)
	res = aud.auditUpload("/pay", map[string]string{"month": "2023-06", "rules": "rugao"}, map[string][]string{"roll": in.Rolls, "payroll": {bad}})
	res.want(t, "refused payroll", 422, "发放明细.csv")
	if strings.Contains(res.body, os.TempDir()) {
		t.Error("the error shows a temporary path")
	}
	aud.auditUpload("/pay", map[string]string{"month": "June", "rules": "rugao"}, files).want(t, "bad month", 422)
	aud.auditUpload("/pay", map[string]string{"month": "2023-06", "rules": "rugao"}, map[string][]string{"roll": in.Rolls}).want(t, "no payroll", 422)
	if after, _ := e.st.PayRuns(ctx); len(after) != len(before) {
		t.Errorf("refused uploads stored runs: %d → %d", len(before), len(after))
	}
}

// TestPayRunFormulaEnglish: the English run page gives the findings'
// formulas in English (locale.Printer.Formula), the Chinese page as stored.
func TestPayRunFormulaEnglish(t *testing.T) {
	e := newEnv(t, "sqlite")
	run := newPayRun(t, e)
	all, err := e.st.PayFindings(t.Context(), store.PayFindingFilter{RunID: run.ID, Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	kind := ""
	for _, f := range all {
		if strings.Contains(f.Formula, "基础养老金") && strings.Contains(f.Formula, "四舍五入到分") {
			kind = f.Kind
			break
		}
	}
	if kind == "" {
		t.Fatal("no finding with a pension formula")
	}
	aud := e.login("jihe")
	path := fmt.Sprintf("/pay/runs/%d?kind=%s", run.ID, kind)
	aud.get(path).want(t, "chinese", 200, "基础养老金", "四舍五入到分")
	req, _ := http.NewRequest("GET", e.ts.URL+path, nil)
	req.AddCookie(&http.Cookie{Name: "lang", Value: "en"})
	res := aud.do(req)
	res.want(t, "english", 200, "basic pension", "total rounded to the fen")
	for _, zh := range []string{"四舍五入", "基础养老金", "应发 "} {
		if strings.Contains(res.body, zh) {
			t.Errorf("English run page holds %q", zh)
		}
	}
}
