package rollfile

import (
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao/internal/cal"
	"jixiao/internal/cert"
)

const certCSV = "身份证号码,姓名,认证时间,认证方式,认证结果,数据来源\n" +
	"32068219450101123X,张三,2024-03-05 10:22:31,江苏智慧人社APP人脸识别,通过,省平台\n" +
	"320622450101123,李四,20240306,大数据比对,,省平台\n" +
	"32068219450101123X,张三,2024/4/1,线下辅助,认证不通过,如城街道\n" +
	",王五,2024-03-05,上门,,\n" +
	"32068219450101123X,赵六,2024-02-30,上门,,\n" +
	"3206821945010112,钱七,2024-03-05,上门,,\n" +
	"32068219450101123X,孙八,45356.4375,邮寄,,\n"

func collectCert(t *testing.T, path string, opt Options) ([]cert.Record, Report, error) {
	t.Helper()
	var mu sync.Mutex
	var out []cert.Record
	rep, err := ScanCertEvents(path, opt, func(w int, r *cert.Record) {
		c := *r
		c.ID, c.Name, c.Source, c.Note = strings.Clone(c.ID), strings.Clone(c.Name), strings.Clone(c.Source), strings.Clone(c.Note)
		mu.Lock()
		out = append(out, c)
		mu.Unlock()
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out, rep, err
}

func TestScanCertEvents(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(certCSV)
	for _, name := range []string{"utf8.csv", "gbk.csv"} {
		data := []byte(certCSV)
		if name == "gbk.csv" {
			data = []byte(gbk)
		}
		got, rep, err := collectCert(t, write(t, name, data), Options{Source: "默认"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 4 || rep.Rejected != 3 || rep.Rows != 7 {
			t.Fatalf("%s: %d good %+v", name, len(got), rep)
		}
		want := []struct {
			line    int
			id      string
			date    cal.Date
			ch      cert.Channel
			refused bool
		}{
			{2, "32068219450101123X", cal.DateOf(2024, 3, 5), cert.ChannelOnline, false},
			{3, "320622194501011239", cal.DateOf(2024, 3, 6), cert.ChannelBigData, false},
			{4, "32068219450101123X", cal.DateOf(2024, 4, 1), cert.ChannelOffline, true},
			{8, "32068219450101123X", cal.DateOf(2024, 3, 5), cert.ChannelOther, false},
		}
		for i, w := range want {
			g := got[i]
			if g.Line != w.line || g.ID != w.id || g.Date != w.date || g.Channel != w.ch || g.Refused != w.refused {
				t.Errorf("%s row %d: %+v, want %+v", name, i, g, w)
			}
		}
		if got[0].Source != "省平台" || got[3].Source != "默认" {
			t.Errorf("sources %q %q", got[0].Source, got[3].Source)
		}
		var lines []int
		for _, e := range rep.Errors {
			lines = append(lines, e.Line)
		}
		if len(lines) != 3 || lines[0] != 5 || lines[1] != 6 || lines[2] != 7 || rep.Errors[1].Field != "认证日期" {
			t.Errorf("%s errors %+v", name, rep.Errors)
		}
	}
	// a file without 认证日期 is rejected whole
	_, _, err := collectCert(t, write(t, "x.csv", []byte("身份证号,姓名,认证方式\n32068219450101123X,张三,上门\n")), Options{})
	if err == nil || !strings.Contains(err.Error(), "认证日期") {
		t.Errorf("missing column: %v", err)
	}
}

func TestScanCertEventsXLSX(t *testing.T) {
	f := excelize.NewFile()
	data := [][]any{
		{"证件号码", "姓名", "认证日期", "认证渠道", "备注"},
		{"32068219450101123X", "张三", 45356, "上门认证", "卧床，村干部陪同"},
		{"32068219450101123X", "张三", "2024-13-01", "上门认证", ""},
	}
	for i, r := range data {
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", ref, &r); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "c.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	got, rep, err := collectCert(t, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Date != cal.DateOf(2024, 3, 5) || got[0].Channel != cert.ChannelHome || got[0].Note != "卧床，村干部陪同" ||
		rep.Rejected != 1 || rep.Errors[0].Line != 3 {
		t.Fatalf("%+v %+v", got, rep)
	}
}

func FuzzScanCertEvents(f *testing.F) {
	f.Add([]byte(certCSV))
	f.Add([]byte("身份证号,认证日期\n32068219450101123X,2024-03-05\n"))
	f.Add([]byte("身份证号,认证日期,认证方式\n\"1\n2\",45356.5,x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := write(t, "f.csv", data)
		rep, err := ScanCertEvents(p, Options{}, func(w int, r *cert.Record) {
			if len(r.ID) != 18 || r.Date == 0 || r.Date.Month() == 0 {
				t.Fatalf("bad record delivered: %+v", r)
			}
		})
		if err == nil && rep.Good+rep.Rejected != rep.Rows {
			t.Fatalf("counts: %+v", rep)
		}
	})
}
