package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/project"
	"jixiao/internal/store"
)

// exportRules writes rule sets as rule-set files (eval.RuleSet.File): the
// named ones (built-in names or files, comma-separated), or with "used"
// and --db every rule set the database's projects are scored by. One set
// goes to --out FILE (standard output when --out is "" or "-"); several
// go into the directory --out, one NAME.rules each.
func exportRules(spec, db, out string, stdout, stderr io.Writer) int {
	var sets []*eval.RuleSet
	var err error
	if spec == "used" {
		sets, err = rulesInUse(db)
	} else if db != "" {
		err = fmt.Errorf("--db 只与 --rules used 同用 (--db goes with --rules used)")
	} else {
		for _, n := range strings.Split(spec, ",") {
			rs, e := project.LoadRuleSet(strings.TrimSpace(n))
			if e != nil {
				err = e
				break
			}
			sets = append(sets, rs)
		}
	}
	if err == nil && len(sets) == 0 {
		err = fmt.Errorf("没有要导出的规则 (no rule set to export)")
	}
	if err != nil {
		fmt.Fprintf(stderr, "jixiao export: %v\n", err)
		return 2
	}
	if len(sets) == 1 {
		if out == "" {
			out = "-"
		}
		return writeFile(out, stdout, stderr, "export", func(w io.Writer) error {
			_, err := w.Write(sets[0].File())
			return err
		})
	}
	if out == "" || out == "-" {
		fmt.Fprintf(stderr, "jixiao export: %d 套规则须以 --out 指定目录 (%d rule sets need --out DIR)\n", len(sets), len(sets))
		return 2
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		fmt.Fprintf(stderr, "jixiao export: %v\n", err)
		return 2
	}
	for _, rs := range sets {
		name := filepath.Join(out, safeName(rs.Name)+".rules")
		if code := writeFile(name, stdout, stderr, "export", func(w io.Writer) error {
			_, err := w.Write(rs.File())
			return err
		}); code != 0 {
			return code
		}
	}
	return 0
}

// rulesInUse returns the rule sets the database's projects name, by name
// (a project with none is scored by the default).
func rulesInUse(db string) ([]*eval.RuleSet, error) {
	if db == "" {
		return nil, fmt.Errorf("--rules used 需要 --db (needs --db)")
	}
	ctx := context.Background()
	st, err := project.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	ps, err := st.Projects(ctx, store.ProjectFilter{})
	if err != nil {
		return nil, err
	}
	byName := map[string]*eval.RuleSet{}
	for _, p := range ps {
		rs, err := project.RuleSet(p.RuleSet)
		if err != nil {
			return nil, fmt.Errorf("项目 %q: %w", p.Name, err)
		}
		byName[rs.Name] = rs
	}
	var out []*eval.RuleSet
	for _, rs := range byName {
		out = append(out, rs)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
