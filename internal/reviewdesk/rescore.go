package reviewdesk

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"jixiao/internal/eval"
)

// Rescore is the bureau's re-score (复核得分) of one project's year.
type Rescore struct {
	Unit, Project string
	Year          int
	Score         eval.Points
	Line          int // line in the re-score file
}

// RescoreError is a problem in a re-score file, with its line.
type RescoreError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *RescoreError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Msg)
}

// ParseRescores reads a CSV of re-scores: 单位,项目,年度,复核得分 (a header
// row naming them is skipped). Every problem is reported with its line;
// any problem rejects the whole file.
func ParseRescores(file string, data []byte) ([]Rescore, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, &RescoreError{file, 1, "编码", "不是 UTF-8 (not UTF-8)"}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var out []Rescore
	var errs []error
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			errs = append(errs, &RescoreError{file, line, "CSV", err.Error()})
			break
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(out) == 0 && len(errs) == 0 && len(rec) >= 3 && strings.Contains(rec[2], "年") {
			continue // the header row: 单位,项目,年度,复核得分
		}
		if len(rec) != 4 {
			errs = append(errs, &RescoreError{file, line, "列数", fmt.Sprintf("应为 4 列（单位,项目,年度,复核得分），实为 %d 列 (want 4 columns)", len(rec))})
			continue
		}
		rs := Rescore{Unit: strings.TrimSpace(rec[0]), Project: strings.TrimSpace(rec[1]), Line: line}
		if rs.Unit == "" {
			errs = append(errs, &RescoreError{file, line, "单位", "为空 (empty)"})
		}
		if rs.Project == "" {
			errs = append(errs, &RescoreError{file, line, "项目", "为空 (empty)"})
		}
		y, err := strconv.Atoi(strings.TrimSpace(rec[2]))
		if err != nil || y < 1900 || y > 2200 {
			errs = append(errs, &RescoreError{file, line, "年度", fmt.Sprintf("%q 不是年份 (not a year)", rec[2])})
		}
		rs.Year = y
		p, err := eval.ParsePoints(eval.Normalize(rec[3]))
		if err != nil || p < 0 || p > eval.P(1000) {
			errs = append(errs, &RescoreError{file, line, "复核得分", fmt.Sprintf("%q 不是 0–1000 的分数 (not a score)", rec[3])})
		}
		rs.Score = p
		out = append(out, rs)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}
