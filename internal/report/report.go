// Package report holds what the document readers and writers of jixiao
// share: the position-carrying import error, notes about choices an
// importer made, the result of an import, and the limits that keep a hostile
// upload from exhausting memory.
//
// Each format lives in a package of its own:
//
//	form        the layout of the official documents, format-free (pure)
//	table       recognises a 评分表, funds block and header in a grid of cells (pure)
//	xlsx        Excel: write one evaluation, the finance summary; read a 评分表
//	docx        Word: write one evaluation; read a table and the narrative
//	pdf         PDF with an embedded TrueType Chinese font (fpdf)
//	htmlreport  a printable HTML page
//	batch       all evaluations of a unit and year as one .zip
//	importer    picks the reader by file name and content
package report

import (
	"errors"
	"fmt"
	"strings"

	"jixiao/internal/eval"
)

// Pos says where in a document something is. Zero fields are unknown.
// Row and Col count from 1, as spreadsheets show them.
type Pos struct {
	File  string
	Sheet string // sheet name, or "表格 1" for the first table of a docx
	Row   int
	Col   int
	// Field names the column's meaning, e.g. "权重".
	Field string
}

// ColName turns a 1-based column number into spreadsheet letters: 1 → A, 28 → AB.
func ColName(c int) string {
	if c <= 0 {
		return ""
	}
	s := ""
	for c > 0 {
		c--
		s = string(rune('A'+c%26)) + s
		c /= 26
	}
	return s
}

// String prints "a.xlsx: 工作表 评分表: 第 5 行: D 列 (权重)".
func (p Pos) String() string {
	var parts []string
	if p.File != "" {
		parts = append(parts, p.File)
	}
	if p.Sheet != "" {
		parts = append(parts, "工作表 "+p.Sheet)
	}
	if p.Row > 0 {
		parts = append(parts, fmt.Sprintf("第 %d 行 (row %d)", p.Row, p.Row))
	}
	if p.Col > 0 {
		c := ColName(p.Col) + " 列"
		if p.Field != "" {
			c += " (" + p.Field + ")"
		}
		parts = append(parts, c)
	} else if p.Field != "" {
		parts = append(parts, p.Field)
	}
	return strings.Join(parts, ": ")
}

// Error is one reason an import failed, with its position.
type Error struct {
	Pos
	Reason string
}

func (e *Error) Error() string {
	if s := e.Pos.String(); s != "" {
		return s + ": " + e.Reason
	}
	return e.Reason
}

// Errorf builds an Error at p.
func Errorf(p Pos, format string, args ...any) *Error {
	return &Error{Pos: p, Reason: fmt.Sprintf(format, args...)}
}

// Errors is every problem an import found; an import with any of them saves
// nothing.
type Errors []*Error

// MaxErrors bounds how many problems one import reports.
const MaxErrors = 50

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Add appends e unless MaxErrors is reached.
func (es *Errors) Add(e *Error) {
	if len(*es) < MaxErrors {
		*es = append(*es, e)
	}
}

// Err returns es as an error, or nil when empty.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// AsErrors unpacks err into positioned errors: an Errors list, one *Error,
// or any other error as a single Error without position.
func AsErrors(err error) Errors {
	if err == nil {
		return nil
	}
	var es Errors
	if errors.As(err, &es) {
		return es
	}
	var e *Error
	if errors.As(err, &e) {
		return Errors{e}
	}
	return Errors{{Reason: err.Error()}}
}

// Note is something an importer decided that the person should see before
// saving: which sheet it took, a formula whose cached value it used, a
// column it ignored.
type Note struct {
	Pos
	Message string
}

func (n Note) String() string {
	if s := n.Pos.String(); s != "" {
		return s + ": " + n.Message
	}
	return n.Message
}

// Import is what a reader found in one file.
type Import struct {
	Reports []*eval.Report
	Notes   []Note
}

// AmbiguousError is returned when a workbook or document holds several
// tables that look like a 评分表 and the caller did not choose one. The web
// page shows Candidates and asks; the CLI takes --sheet.
type AmbiguousError struct {
	File       string
	Candidates []string
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%s: 有 %d 个工作表像评分表：%s，请指定一个 (several sheets look like a score sheet; choose one)",
		e.File, len(e.Candidates), strings.Join(e.Candidates, "、"))
}

// Options steer a reader.
type Options struct {
	// Sheet chooses the sheet (xlsx) or table ("表格 2", docx) holding the
	// 评分表 when there are several candidates.
	Sheet string
	// Limits bound what is read; the zero value means DefaultLimits.
	Limits Limits
}

// Lim returns the options' limits, defaults filled in.
func (o Options) Lim() Limits { return o.Limits.orDefault() }
