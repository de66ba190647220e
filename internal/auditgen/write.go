package auditgen

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"jixiao/internal/audit"
)

// Files names what WriteDir wrote.
type Files struct {
	Roll, Deaths, Other, Hardship, Enrolled, Daijiao string
	TruthDeaths, TruthDuplicates, TruthCoverage      string
	Cert                                             CertFiles // certification events and truth (cert.go)
}

// Stats counts what was written.
type Stats struct {
	Roll, DeathRecords, TrueDeaths, Other, Duplicates, Hardship int
	CertEvents                                                  int
}

// WriteDir writes the month's files into dir as UTF-8 CSV with Chinese
// headers, plus the ground truth (truth_*.csv). Large rolls are streamed.
func (g *Gen) WriteDir(dir string) (Files, Stats, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Files{}, Stats{}, err
	}
	fs := Files{
		Roll: filepath.Join(dir, "roll.csv"), Deaths: filepath.Join(dir, "deaths.csv"),
		Other: filepath.Join(dir, "other.csv"), Hardship: filepath.Join(dir, "hardship.csv"),
		Enrolled: filepath.Join(dir, "enrolled.csv"), Daijiao: filepath.Join(dir, "daijiao.csv"),
		TruthDeaths: filepath.Join(dir, "truth_deaths.csv"), TruthDuplicates: filepath.Join(dir, "truth_duplicates.csv"),
		TruthCoverage: filepath.Join(dir, "truth_coverage.csv"),
	}
	var st Stats
	err := writeCSV(fs.Roll, "身份证号,姓名,性别,出生日期,镇（街道）,村（社区）,险种,待遇开始年月,月待遇,最后发放年月,状态", func(w *bufio.Writer) {
		for i := 0; i < g.cfg.Recipients; i++ {
			r := g.Recipient(i)
			line(w, r.ID, r.Name, r.Sex, r.Birth.String(), r.Town, r.Village, r.Scheme, r.Start.String(), r.Monthly.String(), r.PaidThrough.String(), r.Status)
			st.Roll++
			g.tick()
		}
	})
	if err != nil {
		return fs, st, err
	}
	var truths []TrueDeath
	err = writeCSV(fs.Deaths, "身份证号,姓名,性别,出生日期,镇（街道）,死亡日期,数据来源", func(w *bufio.Writer) {
		for _, d := range g.DeathRecords(func(t TrueDeath) { truths = append(truths, t) }) {
			line(w, d.ID, d.Name, d.Sex, d.Birth.String(), d.Town, d.DeathDate.String(), d.Source)
			st.DeathRecords++
		}
	})
	if err != nil {
		return fs, st, err
	}
	st.TrueDeaths = len(truths)
	err = writeCSV(fs.TruthDeaths, "id_number,name,death_date,injected_error,overpaid_months,overpaid_amount", func(w *bufio.Writer) {
		for _, t := range truths {
			line(w, t.RollID, t.Name, t.DeathDate.String(), t.Errors, strconv.Itoa(t.OverpaidMonths), t.Overpaid.String())
		}
	})
	if err != nil {
		return fs, st, err
	}
	err = writeCSV(fs.Other, "身份证号,姓名,险种,参保地,待遇开始年月,月待遇", func(w *bufio.Writer) {
		for j := 0; j < g.cfg.Other; j++ {
			o := g.OtherRow(j)
			line(w, o.ID, o.Name, o.Scheme, o.Region, o.Start.String(), o.Monthly.String())
			st.Other++
			g.tick()
		}
	})
	if err != nil {
		return fs, st, err
	}
	err = writeCSV(fs.TruthDuplicates, "id_number,roll_scheme,other_scheme,excluded", func(w *bufio.Writer) {
		for j := 0; j < len(g.dupList) && j < g.cfg.Other; j++ {
			d := g.Duplicate(j)
			line(w, d.RollID, d.RollScheme, d.OtherScheme, strconv.FormatBool(d.Excluded))
			st.Duplicates++
		}
	})
	if err != nil {
		return fs, st, err
	}
	var members []audit.HardshipMember
	var enrolled []audit.Recipient
	var paid []audit.Contribution
	var truth []audit.MatchKind
	for h := 0; h < g.cfg.Hardship; h++ {
		m, e, p, t := g.Member(h)
		members = append(members, m)
		truth = append(truth, t)
		if e != nil {
			enrolled = append(enrolled, *e)
		}
		if p != nil {
			paid = append(paid, *p)
		}
	}
	st.Hardship = len(members)
	steps := []struct {
		path, header string
		body         func(w *bufio.Writer)
	}{
		{fs.Hardship, "身份证号,姓名,出生日期,镇（街道）,困难类别", func(w *bufio.Writer) {
			for _, m := range members {
				line(w, m.ID, m.Name, m.Birth.String(), m.Town, m.Group)
			}
		}},
		{fs.Enrolled, "身份证号,姓名,镇（街道）,险种,月待遇,状态", func(w *bufio.Writer) {
			for _, e := range enrolled {
				line(w, e.ID, e.Name, e.Town, e.Scheme, "0", e.Status)
			}
		}},
		{fs.Daijiao, "身份证号,姓名,年度,代缴金额", func(w *bufio.Writer) {
			for _, p := range paid {
				line(w, p.ID, p.Name, strconv.Itoa(p.Year), p.Amount.String())
			}
		}},
		{fs.TruthCoverage, "id_number,name,kind", func(w *bufio.Writer) {
			for i, m := range members {
				if truth[i] != "" {
					line(w, m.ID, m.Name, string(truth[i]))
				}
			}
		}},
	}
	for _, s := range steps {
		if err := writeCSV(s.path, s.header, s.body); err != nil {
			return fs, st, err
		}
	}
	fs.Cert, st.CertEvents, err = g.WriteCert(dir)
	return fs, st, err
}

// DeathRecords returns the month's death list: the records of deceased
// recipients (some in two sources) and the noise deaths, interleaved
// deterministically. truth, if not nil, receives each true death.
func (g *Gen) DeathRecords(truth func(TrueDeath)) []audit.DeathRecord {
	var out []audit.DeathRecord
	ni := 0
	for k := range g.deathList {
		recs, t := g.death(k)
		out = append(out, recs...)
		if truth != nil {
			truth(t)
		}
		// spread the noise evenly between true deaths
		for ni < g.cfg.NoiseDeaths && ni*len(g.deathList) < (k+1)*g.cfg.NoiseDeaths {
			out = append(out, g.noise(ni))
			ni++
		}
	}
	for ; ni < g.cfg.NoiseDeaths; ni++ {
		out = append(out, g.noise(ni))
	}
	return out
}

// TrueDeaths returns the ground truth of every deceased recipient.
func (g *Gen) TrueDeaths() []TrueDeath {
	out := make([]TrueDeath, len(g.deathList))
	for k := range g.deathList {
		_, out[k] = g.death(k)
	}
	return out
}

func writeCSV(path, header string, body func(w *bufio.Writer)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(header)
	w.WriteByte('\n')
	body(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

// line writes one CSV record; generated values never hold commas, quotes
// or newlines.
func line(w *bufio.Writer, cells ...string) {
	for i, c := range cells {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString(c)
	}
	w.WriteByte('\n')
}
