package export

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/reporttest"
	"jixiao/internal/report/xlsx"
)

// BenchmarkExport1000 writes 1,000 evaluations as .xlsx and .docx (the
// issue asks for under 10 s).
func BenchmarkExport1000(b *testing.B) {
	r := reporttest.Sample()
	for b.Loop() {
		start := time.Now()
		for i := 0; i < 1000; i++ {
			if err := Write(XLSX, io.Discard, r, eval.Result{}); err != nil {
				b.Fatal(err)
			}
			if err := Write(DOCX, io.Discard, r, eval.Result{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/1000-evaluations")
	}
}

// BenchmarkImport10000Rows reads a workbook whose 评分表 has 10,000
// indicator rows (the issue asks for under 2 s).
func BenchmarkImport10000Rows(b *testing.B) {
	r := reporttest.Sample()
	var rows []eval.Row
	for i := 0; i < 10000; i++ {
		row := r.Sheet.Rows[i%len(r.Sheet.Rows)]
		row.Level1 = fmt.Sprintf("一级%d", i/50)
		row.Level2 = fmt.Sprintf("二级%d", i/10)
		row.Level3 = fmt.Sprintf("指标%d", i)
		rows = append(rows, row)
	}
	r.Sheet.Rows = rows
	r.Sheet.Shares = nil
	r.Sheet.Total = nil
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, r, eval.Result{}); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		imp, err := xlsx.Read("big.xlsx", bytes.NewReader(data), int64(len(data)), report.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if n := len(imp.Reports[0].Sheet.Rows); n != 10000 {
			b.Fatalf("read %d rows", n)
		}
	}
}
