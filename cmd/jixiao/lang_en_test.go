package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// TestEnglishOnly runs every command as a newcomer would — its help, a
// mistake, a real run — with --lang en, and fails on any line of its
// messages (standard error, and the text reports on standard output) that
// still holds Chinese outside the data it quotes: names in “…”, "…" or
// 【…】, and the report's own heading (== file: unit — project). The
// reports of pay check and gen are read too, with their formulas. No line
// may hold Chinese punctuation outside its data either.
func TestEnglishOnly(t *testing.T) {
	dir := genPay(t)
	roll, deaths := filepath.Join(dir, "roll.csv"), filepath.Join(dir, "deaths.csv")
	gen := t.TempDir()
	runs := [][]string{
		{"help"},
		{"nosuch"},
		{"check", "../../examples/rugao-2023.txt", "../../examples/inconsistent-2024.txt"},
		{"check", "/nowhere.txt"},
		{"score", "../../examples/rugao-2023.txt"},
		{"targets", "../../examples/rugao-2023.txt"},
		{"review", "--year", "2023", "--sample", "3", "../../examples/rugao-2023.txt", "../../examples/inconsistent-2024.txt"},
		{"import", "../../examples/rugao-2023.txt"},
		{"audit", "deaths", "--roll", roll, "--deaths", deaths, "--as-of", "2024-06", "--out", filepath.Join(t.TempDir(), "found.csv")},
		{"audit", "deaths", "--roll", roll},
		{"audit"},
		{"cert", "status", "--roll", roll, "--events", "y.csv", "--as-of", "bad"},
		{"pay"},
		{"pay", "check", "--rules", "rugao", "--roll", roll, "--payroll", filepath.Join(dir, "payroll.csv"), "--returns", filepath.Join(dir, "returns.csv"), "--year", "2023"},
		{"gen", "--out", gen, "--recipients", "2000", "--deaths", "10", "--noise", "10", "--other", "50", "--duplicates", "5", "--hardship", "20", "--payroll"},
		{"pay", "rules"},
		{"trail"},
		{"backup"},
		{"restore"},
		{"export"},
	}
	for _, c := range commands() {
		runs = append(runs, []string{c.name, "-h"})
	}
	runs = append(runs, []string{"audit", "deaths", "-h"}, []string{"audit", "duplicates", "-h"}, []string{"audit", "coverage", "-h"},
		[]string{"audit", "month", "-h"}, []string{"cert", "status", "-h"}, []string{"pay", "check", "-h"}, []string{"pay", "funds", "-h"},
		[]string{"trail", "verify", "-h"})
	for _, args := range runs {
		var out, errb bytes.Buffer
		// --lang en where the command's flags go: after the command (and
		// its sub-command)
		at := 1
		if len(args) > 1 && (args[0] == "audit" || args[0] == "cert" || args[0] == "pay") && !strings.HasPrefix(args[1], "-") {
			at = 2
		}
		a := append(append(append([]string{}, args[:at]...), "--lang", "en"), args[at:]...)
		run(a, nil, &out, &errb)
		text := errb.String()
		payReport := args[0] == "gen" || len(args) > 1 && args[0] == "pay" && args[1] == "check"
		if args[0] == "check" || args[0] == "score" || args[0] == "targets" || args[0] == "review" || args[0] == "import" ||
			payReport {
			text += out.String()
		}
		for _, l := range strings.Split(text, "\n") {
			if bad := chineseLeft(l); bad != "" || strings.ContainsAny(hanWord.ReplaceAllString(dataQuoted.ReplaceAllString(l, ""), ""), "，：（）；。") {
				t.Errorf("jixiao %s: %q", strings.Join(a, " "), l)
			}
		}
	}
}

var scoreRow = regexp.MustCompile(`^\d+\s.*?\s((?:higher-better|lower-better|equal|qualitative|unknown)\*?\s.*)$`)

// hanWord is a word holding Chinese: data a line names (a project "居（失）保业务运转"),
// whose own punctuation is kept; Chinese outside data is caught by chineseLeft.
var hanWord = regexp.MustCompile(`\S*\p{Han}\S*`)

var dataQuoted = regexp.MustCompile(`“[^”]*”|"[^"]*"|【[^】]*】|‘[^’]*’`)

// chineseLeft returns the line when, without its quoted data, it still
// holds a Han character.
func chineseLeft(l string) string {
	if strings.HasPrefix(l, "== ") {
		return ""
	}
	// a row of score's table: line, indicator, target, actual (the
	// sheet's own words), then the numbers, the direction and the formula
	if m := scoreRow.FindStringSubmatch(l); m != nil {
		l = m[1]
	}
	// a line of import's summary: file, unit, project (data), then the rest
	if f := strings.Split(l, "\t"); len(f) > 4 {
		l = strings.Join(f[3:], "\t")
	}
	s := dataQuoted.ReplaceAllString(l, "")
	if strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
		return l
	}
	return ""
}
