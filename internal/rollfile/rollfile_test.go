package rollfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao/internal/audit"
	"jixiao/internal/cal"
	"jixiao/internal/money"
)

func write(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const rollCSV = "公民身份号码,姓名,性别,镇（街道）,村（社区）,险种,待遇开始年月,月发放金额,发放至,状态\n" +
	"32068219450101123X,张三,男,如城街道,大明村,居保,2010-01,327.83,2024-06,正常\n" +
	"320622450101123,李 四,男,白蒲镇,,失保,201001,781,202406,正常\n" +
	"\n" +
	",王五,男,白蒲镇,,居保,2010-01,200,2024-06,正常\n" +
	"32068219450101123X,赵六,男,白蒲镇,,居保,2010-01,abc,2024-06,正常\n" +
	"32068219450101123X,钱七,男,白蒲镇,,居保,2010-13,200,2024-06,正常\n" +
	"\"32068219450101123X\",\"孙,八\",男,白蒲镇,,居保,2010-01,\"1,200.50\",2024-06,正常\n"

func collectRoll(t *testing.T, path string, opt Options) ([]audit.Recipient, Report, error) {
	var mu sync.Mutex
	var out []audit.Recipient
	rep, err := ScanRoll(path, opt, func(w int, r *audit.Recipient) {
		c := r.Clone()
		mu.Lock()
		out = append(out, c)
		mu.Unlock()
	})
	return out, rep, err
}

func TestScanRollEncodings(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(rollCSV))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, enc string
		data      []byte
	}{
		{"utf8.csv", "utf-8", []byte(rollCSV)},
		{"bom.csv", "utf-8-bom", append([]byte{0xEF, 0xBB, 0xBF}, rollCSV...)},
		{"gbk.csv", "gb18030", gbk},
		{"crlf.csv", "utf-8", []byte(strings.ReplaceAll(rollCSV, "\n", "\r\n"))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows, rep, err := collectRoll(t, write(t, tc.name, tc.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Encoding != tc.enc {
				t.Errorf("encoding %s, want %s", rep.Encoding, tc.enc)
			}
			if rep.Rows != 6 || rep.Good != 3 || rep.Rejected != 3 || len(rows) != 3 {
				t.Fatalf("rows %d good %d rejected %d got %d: %v", rep.Rows, rep.Good, rep.Rejected, len(rows), rep.Errors)
			}
			r := rows[0]
			if r.ID != "32068219450101123X" || r.Name != "张三" || r.Town != "如城街道" || r.Monthly != 32783 ||
				r.Start != cal.MonthOf(2010, 1) || r.PaidThrough != cal.MonthOf(2024, 6) || r.Scheme != "居保" || r.Line != 2 {
				t.Errorf("row 0 = %+v", r)
			}
			if rows[1].ID != "320622450101123" || rows[1].Name != "李 四" || rows[1].Monthly != 78100 {
				t.Errorf("row 1 = %+v", rows[1])
			}
			if rows[2].Name != "孙,八" || rows[2].Monthly != 120050 {
				t.Errorf("quoted row = %+v", rows[2])
			}
			wantLines := []int{5, 6, 7}
			wantField := []string{"身份证号", "月待遇", "待遇开始年月"}
			for i, e := range rep.Errors {
				if e.Line != wantLines[i] || e.Field != wantField[i] || e.File == "" {
					t.Errorf("error %d = %v", i, e)
				}
			}
		})
	}
}

func TestRejectWholeFile(t *testing.T) {
	tests := map[string]string{
		"noheader.csv": "a,b,c\n1,2,3\n",
		"missing.csv":  "身份证号,性别\n32068219450101123X,男\n",
		"empty.csv":    "",
	}
	for name, data := range tests {
		called := false
		_, err := ScanRoll(write(t, name, []byte(data)), Options{}, func(int, *audit.Recipient) { called = true })
		var fe *FileError
		if !errors.As(err, &fe) || called {
			t.Errorf("%s: err %v called %v", name, err, called)
		}
	}
	if _, err := ScanRoll(write(t, "x.doc", []byte("x")), Options{}, func(int, *audit.Recipient) {}); err == nil {
		t.Error("doc accepted")
	}
}

func TestScanDeathsNoID(t *testing.T) {
	data := "姓名,出生日期,死亡日期,数据来源,身份证号\n" +
		"王芳,1940年3月5日,2024/5/6,村居上报,\n" +
		"王方,,2024-05-06,民政火化,\n" +
		"李明,19400305,45356,卫健死亡证明,32068219400305123x\n"
	var got []audit.DeathRecord
	rep, err := ScanDeaths(write(t, "d.csv", []byte(data)), Options{}, func(w int, d *audit.DeathRecord) {
		c := *d
		c.ID, c.Name, c.Source = strings.Clone(c.ID), strings.Clone(c.Name), strings.Clone(c.Source)
		got = append(got, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || rep.Rejected != 1 || rep.Errors[0].Line != 3 {
		t.Fatalf("got %d rejected %d %v", len(got), rep.Rejected, rep.Errors)
	}
	if got[0].Birth != cal.DateOf(1940, 3, 5) || got[0].DeathDate != cal.DateOf(2024, 5, 6) || got[0].ID != "" {
		t.Errorf("%+v", got[0])
	}
	if got[1].DeathDate != cal.DateOf(2024, 3, 5) || got[1].ID != "32068219400305123X" {
		t.Errorf("excel serial / lower x: %+v", got[1])
	}
}

func TestScanXLSX(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"身份证号码", "姓名", "月待遇", "最后发放年月"},
		{"32068219450101123X", "张三", "215.00", "2024-06"},
		{"bad", "李四", "215", "2024-06"},
	}
	for i, r := range rows {
		cellRef, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cellRef, &r); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "r.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	got, rep, err := collectRoll(t, p, Options{Scheme: "居保"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Monthly != 21500 || got[0].Scheme != "居保" || rep.Rejected != 1 || rep.Errors[0].Line != 3 {
		t.Fatalf("%+v %+v", got, rep)
	}
}

func TestParallelMatchesSequential(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("身份证号,姓名,月待遇\n")
	for i := 0; i < 40000; i++ { // over 1 MB: the mapped reader cuts it into 16 chunks
		if i%777 == 0 {
			fmt.Fprintf(&b, "bad%d,名%d,1\n", i, i)
			continue
		}
		fmt.Fprintf(&b, "3206821945010%05d,名%d,%d.%02d\n", i, i, i, i%100)
	}
	p := write(t, "p.csv", b.Bytes())
	old, oldDrop := parallelMin, dropPagesFrom
	parallelMin, dropPagesFrom = 1, 0 // and the mapped reader drops the pages it has read
	defer func() { parallelMin, dropPagesFrom = old, oldDrop }()
	par, prep, err := collectRoll(t, p, Options{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	seq, srep, err := collectRoll(t, p, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(par) != len(seq) || prep.Rows != srep.Rows || prep.Rejected != srep.Rejected || prep.Rejected != 52 {
		t.Fatalf("parallel %d/%d/%d vs sequential %d/%d/%d", len(par), prep.Rows, prep.Rejected, len(seq), srep.Rows, srep.Rejected)
	}
	lines := map[int]string{}
	for _, r := range seq {
		lines[r.Line] = r.Name
	}
	for _, r := range par {
		if lines[r.Line] != r.Name {
			t.Fatalf("line %d: parallel %q sequential %q", r.Line, r.Name, lines[r.Line])
		}
	}
	for i := range prep.Errors {
		if prep.Errors[i].Line != srep.Errors[i].Line {
			t.Fatalf("error lines differ: %v vs %v", prep.Errors[i], srep.Errors[i])
		}
	}
}

func TestSplitRecord(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		ok   bool
	}{
		{`a,b,c`, []string{"a", "b", "c"}, true},
		{`"a,b",c`, []string{"a,b", "c"}, true},
		{`"a""b",`, []string{`a"b`, ""}, true},
		{`"open,x`, []string{"open,x"}, false},
		{`a"b,c`, []string{`a"b`, "c"}, true},
	}
	for _, tc := range tests {
		got, ok := splitRecord([]byte(tc.in), ',', nil)
		var gs []string
		for _, g := range got {
			gs = append(gs, string(g))
		}
		if ok != tc.ok || strings.Join(gs, "|") != strings.Join(tc.want, "|") {
			t.Errorf("splitRecord(%q) = %q %v", tc.in, gs, ok)
		}
	}
}

func FuzzSplitRecord(f *testing.F) {
	f.Add([]byte(`a,"b,c",d`))
	f.Add([]byte(`"",""""`))
	f.Add([]byte("32068219450101123X,张三,,居保,2010-01,327.83,,,"))
	f.Add([]byte(",,,,,,,,,,,,,,,,,,"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, _ := splitRecord(b, ',', nil)
		if bytes.IndexByte(b, '"') < 0 {
			if len(got) != bytes.Count(b, []byte{','})+1 {
				t.Fatalf("%q split into %d", b, len(got))
			}
			plain := splitPlain(b, ',', nil, 0)
			if len(plain) != len(got) {
				t.Fatalf("splitPlain(%q) = %q, splitRecord %q", b, plain, got)
			}
			for i := range plain {
				if !bytes.Equal(plain[i], got[i]) {
					t.Fatalf("splitPlain(%q) = %q, splitRecord %q", b, plain, got)
				}
			}
			for limit := 1; limit < 5; limit++ {
				part := splitPlain(b, ',', nil, limit)
				for i := 0; i < len(part)-1; i++ {
					if !bytes.Equal(part[i], got[i]) {
						t.Fatalf("splitPlain(%q, limit %d) = %q", b, limit, part)
					}
				}
			}
		}
		_ = openQuote(b, ',')
	})
}

func FuzzScanFiles(f *testing.F) {
	f.Add([]byte(rollCSV))
	f.Add([]byte("姓名,出生日期,死亡日期\n王芳,1940-03-05,2024-05-06\n"))
	f.Add([]byte("身份证号,姓名,月待遇\n\"1\n2\",x,1\n"))
	f.Add([]byte{0xEF, 0xBB, 0xBF, 0xC9, 0xED, ',', '\n'})
	f.Fuzz(func(t *testing.T, data []byte) {
		p := write(t, "f.csv", data)
		rep, err := ScanRoll(p, Options{}, func(w int, r *audit.Recipient) {
			if r.ID == "" || r.Name == "" {
				t.Fatalf("empty required field delivered: %+v", r)
			}
		})
		if err == nil && rep.Good+rep.Rejected != rep.Rows {
			t.Fatalf("counts: %+v", rep)
		}
		_, _ = ScanDeaths(p, Options{}, func(int, *audit.DeathRecord) {})
		_, _ = ScanHardship(p, Options{Group: "低保"}, func(int, *audit.HardshipMember) {})
		_, _ = ScanScheme(p, Options{Scheme: "企业职工养老"}, func(int, *audit.SchemeRow) {})
		_, _ = ScanContrib(p, Options{}, func(int, *audit.Contribution) {})
	})
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"327.83", "781", "1,200.50", "0.5", ".5", "5.", "１２", "-3", "1.234", "99999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseAmount(s)
		want, err := money.ParseYuan(s)
		if ok != (err == nil) || ok && got != want {
			t.Fatalf("parseAmount(%q) = %v %v; ParseYuan = %v %v", s, got, ok, want, err)
		}
	})
}

// BenchmarkScanRoll reads the roll named by JIXIAO_BENCH_ROLL (e.g. one
// written by jixiao gen) with a no-op callback: the reader's own cost.
func BenchmarkScanRoll(b *testing.B) {
	path := os.Getenv("JIXIAO_BENCH_ROLL")
	if path == "" {
		b.Skip("set JIXIAO_BENCH_ROLL to a roll CSV")
	}
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			for b.Loop() {
				rep, err := ScanRoll(path, Options{Workers: w}, func(int, *audit.Recipient) {})
				if err != nil || rep.Rejected != 0 {
					b.Fatal(err, rep.Rejected)
				}
				b.ReportMetric(float64(rep.Rows), "rows")
			}
		})
	}
}

func TestSchemeKeysReadBack(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("\ufeff身份证号,姓名,险种,参保地,待遇开始年月,月待遇\r\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "32068219450101%04d,名%d,企业职工养老,南通,2023-%02d,%d.50\r\n", i, i, 1+i%12, 1000+i)
	}
	p := write(t, "o.csv", b.Bytes())
	if !Seekable(p) {
		t.Fatal("UTF-8 CSV not seekable")
	}
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("身份证号,险种\n1,居保\n"))
	if Seekable(write(t, "g.csv", gbk)) {
		t.Error("GBK file seekable")
	}
	for _, min := range []int64{1 << 40, 1} { // sequential, then mapped in parallel
		old := parallelMin
		parallelMin = min
		var mu sync.Mutex
		byLine := map[int]int64{}
		_, err := ScanSchemeKeys(p, Options{Workers: 2}, func(w int, r *audit.SchemeRow, off int64) {
			if r.Name != "" || r.Scheme != "企业职工养老" {
				t.Errorf("keys-only row carries %+v", r)
			}
			mu.Lock()
			byLine[r.Line] = off
			mu.Unlock()
		})
		parallelMin = old
		if err != nil || len(byLine) != 3000 {
			t.Fatalf("min %d: %v, %d rows", min, err, len(byLine))
		}
		rows, err := ReadSchemeAt(p, Options{}, []int64{byLine[2], byLine[3001], byLine[1500]})
		if err != nil {
			t.Fatal(err)
		}
		if rows[0].Name != "名0" || rows[1].Name != "名2999" || rows[2].Name != "名1498" || rows[1].Monthly != 399950 || rows[2].Start != cal.MonthOf(2023, 1+1498%12) {
			t.Errorf("min %d: read back %+v", min, rows)
		}
	}
}

func TestValidName(t *testing.T) {
	for _, s := range []string{"", "王芳", "王 芳", "Wang", "陳國華", "𠮷田", "\xe4\xb8", "\xe4\xb8\x41", "\xe4\xc0\x80", "王\xff", "\xed\xa0\x80", "\xe0\x80\x80", "abc", "\xe9\xbf\xbf"} {
		if validName([]byte(s)) != utf8.Valid([]byte(s)) {
			t.Errorf("%q: validName %v", s, validName([]byte(s)))
		}
	}
	for i := 0; i < 1<<24; i += 7 { // every lead E4…E9 with a sample of tails
		b := []byte{0xE4 + byte(i>>16%6), byte(i >> 8), byte(i)}
		if validName(b) != utf8.Valid(b) {
			t.Fatalf("%x: validName %v", b, validName(b))
		}
	}
}
