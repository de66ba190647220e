package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"jixiao/internal/cnid"
	"jixiao/internal/money"
	"jixiao/internal/paydb"
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
			"按发放核对计算", full, "与填写的实际完成值不符")
	})
}
