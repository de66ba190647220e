package auditrun

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/audit"
	"jixiao/internal/auditgen"
	"jixiao/internal/cal"
	"jixiao/internal/rollfile"
	"jixiao/internal/xlsfile"
)

// The shapes in which 公安, 民政 and the province send their lists, built in
// code from one generated month; each must give the findings of the clean
// CSV, and every row of every file must be accounted for.

func readGrid(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	g, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func writeCSVGrid(t testing.TB, path string, g [][]string) {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.WriteAll(g)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeXLSXSheets writes sheets of cells; a cell may be a string or a
// float64 (a numeric cell).
func writeXLSXSheets(t testing.TB, path string, names []string, sheets [][][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range names {
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else {
			f.NewSheet(name)
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range sheets[i] {
			if len(row) == 0 {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := sw.SetRow(cell, row); err != nil {
				t.Fatal(err)
			}
		}
		sw.Flush()
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func anyRows(g [][]string) [][]any {
	out := make([][]any, len(g))
	for i, r := range g {
		for _, c := range r {
			out[i] = append(out[i], c)
		}
	}
	return out
}

// excelNumber is what Excel keeps of an ID typed into a numeric cell: a
// double rounded to 15 significant digits.
func excelNumber(id string) (float64, bool) {
	if len(id) != 18 || strings.ContainsAny(id, "Xx") {
		return 0, false
	}
	v, err := strconv.ParseFloat(id, 64)
	if err != nil {
		return 0, false
	}
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	return v, true
}

type shapeMonth struct {
	dir    string
	roll   string
	deaths string
	grid   [][]string // the clean death list, header first
	asOf   cal.Month
}

func newShapeMonth(t *testing.T) shapeMonth {
	dir := t.TempDir()
	g := auditgen.New(auditgen.Config{Seed: 3, Recipients: 3000, Deaths: 150, NoiseDeaths: 120})
	fs, _, err := g.WriteDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return shapeMonth{dir, fs.Roll, fs.Deaths, readGrid(t, fs.Deaths), g.Config().AsOf}
}

type key struct {
	id, kind, conf, date string
	months               int
	amount               int64
}

func findingKeys(fs []audit.Finding, withDate bool) []key {
	var out []key
	for _, f := range fs {
		k := key{f.Roll.ID, string(f.Kind), string(f.Confidence), "", f.OverpaidMonths, int64(f.Overpaid)}
		if withDate {
			k.date = f.Death.DeathDate.String()
		}
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b key) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
	return out
}

func (m shapeMonth) run(t *testing.T, roll, deaths string, accept bool) *Run {
	t.Helper()
	run, err := Execute(Config{Rolls: []string{roll}, Deaths: []string{deaths}, AsOf: m.asOf, AcceptDamaged: accept}, Checks{Deaths: true}, time.Now())
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(deaths), err)
	}
	for _, f := range run.Files {
		if f.Read() != f.Good+f.Rejected+f.Skipped || f.Skipped != f.SkippedAbove+f.SkippedHeader+f.SkippedBlank+f.SkippedFooter+f.SkippedSheets {
			t.Errorf("%s: rows do not add up: %+v", f.File, f)
		}
	}
	return run
}

// fileReport returns the report of the file named path.
func fileReport(run *Run, path string) rollfile.Report {
	for _, f := range run.Files {
		if f.File == path {
			return f
		}
	}
	return rollfile.Report{}
}

func TestShapesGiveTheCleanFindings(t *testing.T) {
	m := newShapeMonth(t)
	clean := m.run(t, m.roll, m.deaths, false)
	want := findingKeys(clean.Deaths, true)
	if len(want) < 150 {
		t.Fatalf("clean run found %d", len(want))
	}
	hdr, body := m.grid[0], m.grid[1:]
	n := len(body)
	half := n / 2
	title := []string{"2024年6月死亡人员信息（公安户籍注销、民政火化）"}
	rename := func(h []string, from, to string) []string {
		h = slices.Clone(h)
		for i := range h {
			if h[i] == from {
				h[i] = to
			}
		}
		return h
	}
	cat := func(parts ...[][]string) [][]string {
		var out [][]string
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	footers := [][]string{{"合计", strconv.Itoa(n) + "人"}, {"制表人：张三", "", "审核人：李四"}, {"打印日期：2024-07-01"}}
	type shape struct {
		name     string
		data     [][]string // rows as written (CSV shapes), for counting
		read     int        // rows the reader must see
		skipped  int
		header   string // HeaderSummary
		deathCol string
		withDate bool
		build    func(path string)
	}
	dir := m.dir
	twoRowUpper := make([]string, len(hdr))
	twoRowLower := make([]string, len(hdr))
	for i, h := range hdr {
		switch h {
		case "死亡日期", "数据来源":
			twoRowLower[i] = h
			if h == "死亡日期" {
				twoRowUpper[i] = "死亡信息"
			}
		default:
			twoRowUpper[i] = h
		}
	}
	xlsSheets := func(rows [][]string) [][]any { return anyRows(rows) }
	shapes := []shape{
		{name: "title.csv", data: cat([][]string{title, {}, {"单位：人"}}, [][]string{hdr}, body), header: "第4行", deathCol: "死亡日期", withDate: true},
		{name: "footers.csv", data: cat([][]string{hdr}, body, [][]string{{}}, footers), header: "第1行", deathCol: "死亡日期", withDate: true},
		{name: "wordings.csv", data: cat([][]string{rename(rename(hdr, "身份证号", "公民身份号码（18位）"), "死亡日期", "火化日期")}, body), header: "第1行", deathCol: "火化日期", withDate: true},
		{name: "wrapped.csv", data: cat([][]string{hdr}, wrapIDs(body, hdr)), header: "第1行", deathCol: "死亡日期", withDate: true},
		{name: "monthonly.csv", data: cat([][]string{hdr}, monthOnly(body, hdr)), header: "第1行", deathCol: "死亡日期"},
		{name: "tworow.xlsx", data: cat([][]string{title, twoRowUpper, twoRowLower}, body, footers), header: "工作表“死亡名单”第2–3行（两行表头）", deathCol: "死亡日期", withDate: true,
			build: func(p string) {
				writeXLSXSheets(t, p, []string{"死亡名单"}, [][][]any{anyRows(cat([][]string{title, twoRowUpper, twoRowLower}, body, footers))})
			}},
		{name: "sheets.xlsx", header: "工作表“如城”第2行、工作表“白蒲”第1行", deathCol: "死亡日期", withDate: true,
			read: 2 + half + 1 + (n - half) + 2, skipped: 2 + 1 + 2,
			build: func(p string) {
				writeXLSXSheets(t, p, []string{"说明", "如城", "白蒲"}, [][][]any{
					{{"本表由公安局提供"}, {"口径：户籍注销"}},
					anyRows(cat([][]string{title, hdr}, body[:half])),
					anyRows(cat([][]string{hdr}, body[half:])),
				})
			}},
		{name: "old.xls", header: "工作表“Sheet1”第3行", deathCol: "死亡日期", withDate: true,
			read: 1 + 1 + n + 3, skipped: 1 + 1 + 3, // the blank row is not in the file
			build: func(p string) {
				var b bytes.Buffer
				if err := xlsfile.WriteXLS(&b, []xlsfile.SheetData{{Name: "Sheet1", Rows: xlsSheets(cat([][]string{title, {}, hdr}, body, footers))}, {Name: "Sheet2"}}); err != nil {
					t.Fatal(err)
				}
				os.WriteFile(p, b.Bytes(), 0o644)
			}},
		{name: "unicode.txt", data: cat([][]string{title, hdr}, body), header: "第2行", deathCol: "死亡日期", withDate: true,
			build: func(p string) {
				var s strings.Builder
				for _, r := range cat([][]string{title, hdr}, body) {
					s.WriteString(strings.Join(r, "\t") + "\r\n")
				}
				u := utf16.Encode([]rune(s.String()))
				b := []byte{0xFF, 0xFE}
				for _, c := range u {
					b = append(b, byte(c), byte(c>>8))
				}
				os.WriteFile(p, b, 0o644)
			}},
	}
	for _, sh := range shapes {
		t.Run(sh.name, func(t *testing.T) {
			p := filepath.Join(dir, sh.name)
			if sh.build != nil {
				sh.build(p)
			} else {
				writeCSVGrid(t, p, sh.data)
			}
			run := m.run(t, m.roll, p, false)
			if got := findingKeys(run.Deaths, sh.withDate); !slices.Equal(got, findingKeys(clean.Deaths, sh.withDate)) {
				t.Errorf("findings differ from the clean CSV: %d vs %d", len(got), len(want))
			}
			rep := fileReport(run, p)
			if rep.Good != fileReport(clean, m.deaths).Good {
				t.Errorf("used %d rows, clean %d", rep.Good, fileReport(clean, m.deaths).Good)
			}
			if hs := rep.HeaderSummary(); hs != sh.header {
				t.Errorf("header found at %q, want %q", hs, sh.header)
			}
			if rep.DeathDateColumn != sh.deathCol {
				t.Errorf("death date column %q, want %q", rep.DeathDateColumn, sh.deathCol)
			}
			read, skipped := sh.read, sh.skipped
			if sh.data != nil {
				read, skipped = len(sh.data), len(sh.data)-n
			}
			if rep.Read() != read || rep.Skipped != skipped || rep.Rejected != fileReport(clean, m.deaths).Rejected {
				t.Errorf("read %d (want %d) = used %d + rejected %d + skipped %d (want %d): %+v", rep.Read(), read, rep.Good, rep.Rejected, rep.Skipped, skipped, rep)
			}
		})
	}

	t.Run("roll.xlsx with title and footer", func(t *testing.T) {
		g := readGrid(t, m.roll)
		p := filepath.Join(dir, "roll.xlsx")
		writeXLSXSheets(t, p, []string{"名册"}, [][][]any{anyRows(cat([][]string{{"如皋市城乡居民基本养老保险待遇发放名册"}, {"单位：元"}}, g, [][]string{{"合计"}, {"制表人：王五"}}))})
		run := m.run(t, p, m.deaths, false)
		if !slices.Equal(findingKeys(run.Deaths, true), want) {
			t.Errorf("roll from xlsx: findings differ")
		}
		rep := fileReport(run, p)
		if rep.Read() != len(g)+4 || rep.Good != fileReport(clean, m.roll).Good || rep.SkippedFooter != 2 || rep.SkippedAbove != 2 {
			t.Errorf("roll reconciliation %+v", rep)
		}
	})
}

func wrapIDs(body [][]string, hdr []string) [][]string {
	col := slices.Index(hdr, "身份证号")
	out := make([][]string, len(body))
	for i, r := range body {
		r = slices.Clone(r)
		switch {
		case r[col] == "":
		case i%3 == 0:
			r[col] = `="` + r[col] + `"`
		case i%3 == 1:
			r[col] = "身份证：" + r[col]
		}
		out[i] = r
	}
	return out
}

func monthOnly(body [][]string, hdr []string) [][]string {
	col := slices.Index(hdr, "死亡日期")
	out := make([][]string, len(body))
	for i, r := range body {
		r = slices.Clone(r)
		if len(r[col]) == 10 {
			y, mo := r[col][:4], r[col][5:7]
			if i%2 == 0 {
				r[col] = y + "年" + strings.TrimPrefix(mo, "0") + "月"
			} else {
				r[col] = y + "-" + mo
			}
		}
		out[i] = r
	}
	return out
}

// TestDamagedIDs: a death list whose IDs Excel kept as numbers (xlsx
// numeric cells) or that a re-saved CSV wrote as 3.20682196012087E+17 —
// the run stops unless damage is accepted; then every true death is found
// (for review) or listed as unmatched with its damaged ID.
func TestDamagedIDs(t *testing.T) {
	m := newShapeMonth(t)
	clean := m.run(t, m.roll, m.deaths, false)
	cleanRoll := map[string]audit.Finding{} // by roll ID
	for _, f := range clean.Deaths {
		cleanRoll[f.Roll.ID] = f
	}
	hdr, body := m.grid[0], m.grid[1:]
	idc := slices.Index(hdr, "身份证号")
	birth := slices.Index(hdr, "出生日期")
	// the birth date is given only for records without an ID (as 民政
	// lists do): a damaged ID's birth date must come from its digits
	numeric := [][]any{toAny(hdr)}
	sci := [][]string{hdr}
	damaged := 0
	for _, r := range body {
		var row []any
		var srow []string
		_, num := excelNumber(r[idc])
		for i, c := range r {
			if i == birth && num {
				c = ""
			}
			if i == idc {
				if v, ok := excelNumber(c); ok {
					row = append(row, v)
					srow = append(srow, strings.Replace(xlsfile.FormatNumber(v), "E+", "E+", 1))
					damaged++
					continue
				}
			}
			row = append(row, c)
			srow = append(srow, c)
		}
		numeric = append(numeric, row)
		sci = append(sci, srow)
	}
	px := filepath.Join(m.dir, "numeric.xlsx")
	writeXLSXSheets(t, px, []string{"Sheet1"}, [][][]any{numeric})
	ps := filepath.Join(m.dir, "sci.csv")
	writeCSVGrid(t, ps, sci)
	for _, p := range []string{px, ps} {
		t.Run(filepath.Base(p), func(t *testing.T) {
			_, err := Execute(Config{Rolls: []string{m.roll}, Deaths: []string{p}, AsOf: m.asOf}, Checks{Deaths: true}, time.Now())
			var td *TooDamaged
			if !errors.As(err, &td) || !errors.Is(err, ErrRejected) || td.Damaged != damaged {
				t.Fatalf("a list with %d damaged IDs was not stopped: %v", damaged, err)
			}
			run := m.run(t, m.roll, p, true)
			rep := fileReport(run, p)
			if rep.Damaged != damaged || len(rep.Warnings()) == 0 || !strings.Contains(rep.Warnings()[0], "文本") {
				t.Errorf("damaged %d of %d, warnings %q", rep.Damaged, damaged, rep.Warnings())
			}
			found := map[string]bool{}
			for _, f := range run.Deaths {
				found[f.Roll.ID] = true
				if f.Kind == audit.KindDamagedID && f.Confidence != audit.Review {
					t.Errorf("a damaged ID confirmed: %+v", f)
				}
			}
			unmatched := map[string]bool{}
			for _, d := range run.UnmatchedDamaged {
				unmatched[d.File+strconv.Itoa(d.Line)] = true
			}
			// every death the clean run found is found again or listed
			hit, listed := 0, 0
			for id, c := range cleanRoll {
				line := strconv.Itoa(c.Death.Line)
				switch {
				case found[id]:
					hit++
				case unmatched[p+line]:
					listed++
					if testing.Verbose() {
						t.Logf("unmatched: clean %s %s roll %s %s death %s %s", c.Kind, c.Reason.EN, c.Roll.ID, c.Roll.Name, c.Death.ID, c.Death.Name)
					}
				default:
					t.Errorf("death at line %s lost silently", line)
				}
			}
			recall := float64(hit) / float64(len(cleanRoll))
			t.Logf("%s: %d damaged IDs; %d of %d clean findings found again (%.1f%%), %d listed unmatched", filepath.Base(p), damaged, hit, len(cleanRoll), 100*recall, listed)
			if recall < 0.95 {
				t.Errorf("recall %.3f < 0.95", recall)
			}
		})
	}
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, c := range s {
		out[i] = c
	}
	return out
}
