// Package export chooses a document writer by format and writes batches:
// all evaluations of a unit and year as one .zip, with the finance
// summary beside them.
package export

import (
	"archive/zip"
	"fmt"
	"io"
	"strings"
	"time"

	"jixiao/internal/eval"
	"jixiao/internal/report/docx"
	"jixiao/internal/report/htmlreport"
	"jixiao/internal/report/pdf"
	"jixiao/internal/report/xlsx"
)

// Format is a document format jixiao writes.
type Format string

// The formats.
const (
	DOCX Format = "docx"
	XLSX Format = "xlsx"
	PDF  Format = "pdf"
	HTML Format = "html"
)

// Formats lists every format in the order menus show them.
var Formats = []Format{DOCX, XLSX, PDF, HTML}

// ParseFormat reads a format name ("docx", ".PDF").
func ParseFormat(s string) (Format, error) {
	f := Format(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "."))
	for _, k := range Formats {
		if f == k {
			return f, nil
		}
	}
	return "", fmt.Errorf("未知格式 %q，可选 docx、xlsx、pdf、html (unknown format)", s)
}

// ContentType is the MIME type for HTTP downloads.
func (f Format) ContentType() string {
	switch f {
	case DOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case PDF:
		return "application/pdf"
	}
	return "text/html; charset=utf-8"
}

// Write writes one evaluation in format f.
func Write(f Format, w io.Writer, r *eval.Report, res eval.Result) error {
	switch f {
	case DOCX:
		return docx.Write(w, r, res)
	case XLSX:
		return xlsx.Write(w, r, res)
	case PDF:
		return pdf.Write(w, r, res)
	case HTML:
		return htmlreport.Write(w, r, res)
	}
	return fmt.Errorf("未知格式 %q (unknown format)", string(f))
}

// FileName is a safe download name: "2023_稽查费_自我评价情况表.docx".
func FileName(r *eval.Report, f Format) string {
	parts := []string{}
	if r.Year != 0 {
		parts = append(parts, fmt.Sprint(r.Year))
	}
	if r.Project != "" {
		parts = append(parts, r.Project)
	}
	l := r.Layout
	if l == "" {
		l = eval.LayoutSituation
	}
	parts = append(parts, l.Title())
	return SafeName(strings.Join(parts, "_")) + "." + string(f)
}

// SafeName removes characters that file systems or zip tools reject and
// bounds the length.
func SafeName(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if r < 0x20 || strings.ContainsRune(`/\:*?"<>|`, r) {
			r = '_'
		}
		b.WriteRune(r)
		n++
		if n >= 80 {
			break
		}
	}
	out := strings.Trim(b.String(), ". ")
	if out == "" {
		out = "report"
	}
	return out
}

// Item is one evaluation in a batch: the report, its check, and the
// workflow facts the summary shows.
type Item struct {
	Report      *eval.Report
	Result      eval.Result
	ReviewScore eval.Points
	HasReview   bool
	Status      string
}

// WriteZip writes every item in each of formats into one zip, one folder
// per format, and the finance summary 汇总.xlsx at the top. Names inside are
// UTF-8 and made unique.
func WriteZip(w io.Writer, title string, items []Item, formats []Format) error {
	zw := zip.NewWriter(w)
	modified := time.Now()
	used := map[string]int{}
	create := func(name string) (io.Writer, error) {
		if n := used[name]; n > 0 {
			ext := name[strings.LastIndex(name, "."):]
			name = fmt.Sprintf("%s_%d%s", strings.TrimSuffix(name, ext), n+1, ext)
		}
		used[name]++
		return zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
	}
	rows := make([]xlsx.SummaryRow, 0, len(items))
	for _, it := range items {
		s := xlsx.SummaryRowOf(it.Report, it.Result)
		s.ReviewScore, s.HasReview, s.Status = it.ReviewScore, it.HasReview, it.Status
		rows = append(rows, s)
	}
	fw, err := create("汇总.xlsx")
	if err != nil {
		return err
	}
	if err := xlsx.WriteSummary(fw, title, rows); err != nil {
		return fmt.Errorf("汇总.xlsx: %w", err)
	}
	for _, f := range formats {
		for _, it := range items {
			name := string(f) + "/" + FileName(it.Report, f)
			fw, err := create(name)
			if err != nil {
				return err
			}
			if err := Write(f, fw, it.Report, it.Result); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	return zw.Close()
}
