package main

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"

	"jixiao/internal/cnid"
	"jixiao/internal/locale"
	"jixiao/internal/money"
)

// utf8BOM lets Excel on Chinese Windows open a UTF-8 CSV without garbling it.
const utf8BOM = "\uFEFF"

// peopleHeader is the header of the files for people (CSV by default and
// XLSX), in Chinese; the catalogue gives the English.
var peopleHeader = []string{"身份证号", "姓名", "险种", "镇（街道）", "死亡日期", "比对方式", "可信度", "多发月数", "多发金额（元）", "原因", "数据来源"}

// peopleCells is one finding as people read it: display names from the
// locale vocabulary, the amount by money's one formatter (thousands
// separators), the ID masked unless fullID.
func peopleCells(r outRow, p locale.Printer, fullID bool) []string {
	id := r.IDNumber
	if !fullID {
		id = cnid.Mask(id)
	}
	reason := r.ReasonZH
	if p.IsEN() {
		reason = r.ReasonEN
	}
	amount := string(r.OverpaidAmount)
	if f, err := money.ParseYuan(amount); err == nil {
		amount = f.Yuan()
	}
	return []string{id, r.Name, r.Scheme, r.Town, r.DeathDate, name(p, locale.MatchKindNames, r.MatchKind),
		name(p, locale.ConfidenceNames, r.Confidence), strconv.Itoa(r.OverpaidMonths), amount, reason, r.Sources}
}

// name is the display name of code in the printer's language, or the code.
func name(p locale.Printer, names map[string]string, code string) string {
	if n, ok := names[code]; ok {
		return p.T(n)
	}
	return code
}

// writePeopleCSV writes the findings for people: a UTF-8 BOM, then the
// header and values in the printer's language (Chinese by default).
func writePeopleCSV(w io.Writer, rows []outRow, p locale.Printer, fullID bool) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(utf8BOM)
	cw := csv.NewWriter(bw)
	header := make([]string, len(peopleHeader))
	for i, h := range peopleHeader {
		header[i] = p.T(h)
	}
	cw.Write(header)
	for _, r := range rows {
		cw.Write(peopleCells(r, p, fullID))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
