package reviewdesk

import (
	"fmt"
	"math/bits"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"jixiao/internal/eval"
)

// Text reuse is found with MinHash over character 5-grams of the narrative
// (one-permutation hashing: one hash per shingle, 64 bins, densified) and
// LSH banding (16 bands of 4 bins): reports whose signatures agree on a
// whole band are candidates, and a candidate whose signatures agree on at
// least reuseMinPct of the bins is a copy. Work is linear in the number of
// reports: each bucket is verified against its first member only.
const (
	shingleLen    = 5
	sigBins       = 64
	bandRows      = 4
	bands         = sigBins / bandRows
	minShingles   = 40 // narratives shorter than this are not compared
	reuseMinPct   = 50 // estimated Jaccard similarity, percent
	passagesMax   = 3  // matching passages shown per pair
	pairsShownMax = 5  // pairs with passages per cluster
	sentenceMin   = 10 // runes: shorter sentences are not matched
)

// narrativeOf is the prose compared for reuse: every section but the
// evaluation principles, which are boilerplate in every report.
func narrativeOf(r *eval.Report) []eval.Passage {
	var out []eval.Passage
	for _, sec := range r.Narrative.Sections() {
		if sec.Key == "principles" || sec.Text.Text == "" {
			continue
		}
		out = append(out, *sec.Text)
	}
	return append(out, r.Narrative.Other...)
}

// foldRune keeps Han characters and letters, maps every digit to '0' (a
// copied sentence with its numbers changed is still a copy) and drops the
// rest (punctuation, spaces). ok is false for a dropped rune.
func foldRune(r rune) (rune, bool) {
	switch {
	case r >= '0' && r <= '9', r >= '０' && r <= '９':
		return '0', true
	case unicode.Is(unicode.Han, r), unicode.IsLetter(r):
		return unicode.ToLower(r), true
	}
	return 0, false
}

func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// signature computes the densified one-permutation MinHash of the text's
// shingles; ok is false when the text is too short to compare.
func signature(passages []eval.Passage) (sig [sigBins]uint64, ok bool) {
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	var win [shingleLen]rune
	n, count := 0, 0
	for _, p := range passages {
		for _, r := range p.Text {
			f, keep := foldRune(r)
			if !keep {
				continue
			}
			win[n%shingleLen] = f
			n++
			if n < shingleLen {
				continue
			}
			var h uint64 = 0x9e3779b97f4a7c15
			for k := 0; k < shingleLen; k++ {
				h = (h ^ uint64(win[(n+k)%shingleLen])) * 0x100000001b3
			}
			h = mix64(h)
			bin, val := h>>58, h<<6
			if val < sig[bin] {
				sig[bin] = val
			}
			count++
		}
	}
	if count < minShingles {
		return sig, false
	}
	// Densify: an empty bin borrows the next non-empty bin's value, mixed
	// with the distance, so equal texts still get equal signatures.
	var filled [sigBins]uint64
	copy(filled[:], sig[:])
	for i := range sig {
		if sig[i] != ^uint64(0) {
			continue
		}
		for d := 1; d < sigBins; d++ {
			if v := sig[(i+d)%sigBins]; v != ^uint64(0) {
				filled[i] = mix64(v + uint64(d))
				break
			}
		}
	}
	return filled, true
}

func similarity(a, b *[sigBins]uint64) int {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return same * 100 / sigBins
}

// reuse finds clusters of copied narratives and names, per cluster, the
// reports of other units or years, with matching passages side by side.
func (s *scan) reuse() {
	n := len(s.items)
	sigs := make([][sigBins]uint64, n)
	okSig := make([]bool, n)
	workers := min(runtime.GOMAXPROCS(0), max(1, n/64))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += workers {
				sigs[i], okSig[i] = signature(narrativeOf(s.items[i].Report))
			}
		}(w)
	}
	wg.Wait()

	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	bucket := make(map[uint64]int32, n)
	for b := 0; b < bands; b++ {
		clear(bucket)
		for i := 0; i < n; i++ {
			if !okSig[i] {
				continue
			}
			h := uint64(b) * 0x9e3779b97f4a7c15
			for k := b * bandRows; k < (b+1)*bandRows; k++ {
				h = mix64(h ^ sigs[i][k])
			}
			first, seen := bucket[h]
			if !seen {
				bucket[h] = int32(i)
				continue
			}
			if find(first) == find(int32(i)) {
				continue
			}
			if similarity(&sigs[first], &sigs[i]) >= reuseMinPct {
				parent[find(int32(i))] = find(first)
			}
		}
	}
	clusters := map[int32][]int{}
	var roots []int32
	for i := 0; i < n; i++ {
		if !okSig[i] {
			continue
		}
		r := find(int32(i))
		if _, ok := clusters[r]; !ok {
			roots = append(roots, r)
		}
		clusters[r] = append(clusters[r], i)
	}
	for _, r := range roots {
		members := clusters[r]
		if len(members) < 2 {
			continue
		}
		s.reuseCluster(members, sigs)
	}
}

// reuseCluster reports one cluster of similar narratives.
func (s *scan) reuseCluster(members []int, sigs [][sigBins]uint64) {
	rep := func(i int) *eval.Report { return s.items[i].Report }
	// Only copies across units or years count; a unit's projects of one
	// year written alike are its own affair.
	distinct := map[string]bool{}
	touchesScope := false
	for _, i := range members {
		distinct[fmt.Sprintf("%s\x00%d", rep(i).Unit, rep(i).Year)] = true
		touchesScope = touchesScope || s.inScope[i]
	}
	if len(distinct) < 2 || !touchesScope {
		return
	}
	// The original is the earliest report; ties keep input order.
	sort.SliceStable(members, func(a, b int) bool { return rep(members[a]).Year < rep(members[b]).Year })
	orig := members[0]
	f := Finding{Signal: SigReuse, Unit: rep(orig).Unit}
	minSim := 100
	var names []string
	for _, i := range members {
		risk := 0
		for _, j := range members {
			if j == i {
				continue
			}
			switch {
			case rep(j).Unit != rep(i).Unit && rep(j).Year <= rep(i).Year:
				risk = max(risk, 40)
			case rep(j).Unit == rep(i).Unit && rep(j).Year < rep(i).Year:
				risk = max(risk, 30)
			}
		}
		f.Reports = append(f.Reports, Ref{i, risk})
		if i != orig {
			minSim = min(minSim, similarity(&sigs[orig], &sigs[i]))
		}
		if len(names) < 8 {
			names = append(names, fmt.Sprintf("%s《%s》%d", rep(i).Unit, rep(i).Project, rep(i).Year))
		}
	}
	more := ""
	if len(members) > len(names) {
		more = fmt.Sprintf(" 等 %d 份", len(members))
	}
	f.Similarity = minSim
	f.MessageZH = fmt.Sprintf("%d 份报告的叙述高度雷同（相似度 ≥ %d%%）：%s%s", len(members), minSim, strings.Join(names, "；"), more)
	f.MessageEN = fmt.Sprintf("%d reports share their narrative (similarity ≥ %d%%): %s%s", len(members), minSim, strings.Join(names, "; "), more)
	shown := 0
	for _, i := range members[1:] {
		if shown == pairsShownMax {
			break
		}
		if rep(i).Unit == rep(orig).Unit && rep(i).Year == rep(orig).Year {
			continue
		}
		shown++
		matches := matchSentences(orig, rep(orig), i, rep(i))
		if len(matches) > passagesMax {
			f.Passages = append(f.Passages, matches[:passagesMax]...)
		} else {
			f.Passages = append(f.Passages, matches...)
		}
		s.staleFigures(orig, i, matches)
	}
	s.add(f)
}

// sentence is one sentence of a narrative with its folded form.
type sentence struct {
	text, folded string
	line         int
}

func sentencesOf(r *eval.Report) []sentence {
	var out []sentence
	for _, p := range narrativeOf(r) {
		start := 0
		text := p.Text
		for i, c := range text {
			if c == '。' || c == '；' || c == '！' || c == '？' || c == '\n' || c == ';' {
				out = appendSentence(out, text[start:i], p.Line)
				start = i + utf8.RuneLen(c)
			}
		}
		out = appendSentence(out, text[start:], p.Line)
	}
	return out
}

func appendSentence(out []sentence, t string, line int) []sentence {
	t = strings.TrimSpace(t)
	var b strings.Builder
	for _, r := range t {
		if f, ok := foldRune(r); ok {
			b.WriteRune(f)
		}
	}
	if utf8.RuneCountInString(b.String()) < sentenceMin {
		return out
	}
	return append(out, sentence{t, b.String(), line})
}

// matchSentences pairs each sentence of b with the sentence of a it copies
// (same folded text, or 4-gram overlap of at least 70%), longest first.
func matchSentences(ai int, a *eval.Report, bi int, b *eval.Report) []Passage {
	sa, sb := sentencesOf(a), sentencesOf(b)
	exact := map[string]int{}
	for k, x := range sa {
		if _, ok := exact[x.folded]; !ok {
			exact[x.folded] = k
		}
	}
	var out []Passage
	for _, y := range sb {
		k, ok := exact[y.folded]
		if !ok {
			best, bestSim := -1, 0
			gy := grams(y.folded)
			for kk, x := range sa {
				if sim := overlap(gy, grams(x.folded)); sim > bestSim {
					best, bestSim = kk, sim
				}
			}
			if bestSim < 70 {
				continue
			}
			k = best
		}
		out = append(out, Passage{A: ai, B: bi, LineA: sa[k].line, LineB: y.line, TextA: sa[k].text, TextB: y.text})
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].TextB) > len(out[j].TextB) })
	return out
}

func grams(s string) map[uint64]bool {
	rs := []rune(s)
	g := make(map[uint64]bool, len(rs))
	for i := 0; i+4 <= len(rs); i++ {
		h := uint64(rs[i])<<48 ^ uint64(rs[i+1])<<32 ^ uint64(rs[i+2])<<16 ^ bits.RotateLeft64(uint64(rs[i+3]), 8)
		g[h] = true
	}
	return g
}

// overlap is |a ∩ b| ÷ |a ∪ b| in percent.
func overlap(a, b map[uint64]bool) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for k := range a {
		if b[k] {
			inter++
		}
	}
	return inter * 100 / (len(a) + len(b) - inter)
}

// countFigure is a count stated in prose: "70个", "1,200人".
var countFigure = regexp.MustCompile(`(\d[\d,]*)\s*(个|项|人|户|次|家|所|件|名|场|期)`)

// staleFigures looks, in the copied sentences of a pair, for a count that
// fits one report's sheet and not the other's: the copy kept the source's
// figure ("70个项目" where its own sheet says 17).
func (s *scan) staleFigures(ai, bi int, matches []Passage) {
	for _, dir := range [2][2]int{{ai, bi}, {bi, ai}} {
		src, cp := s.items[dir[0]].Report, s.items[dir[1]].Report
		for _, m := range matches {
			text := m.TextB
			if dir[1] == m.A {
				text = m.TextA
			}
			for _, fm := range countFigure.FindAllStringSubmatch(text, -1) {
				num := strings.ReplaceAll(fm[1], ",", "")
				unit := fm[2]
				cpRow := sheetCount(cp, unit)
				if cpRow == nil || sheetHas(cp, unit, num) || !sheetHas(src, unit, num) {
					continue
				}
				s.add(Finding{Signal: SigStaleFigure, Unit: cp.Unit, Reports: []Ref{{dir[1], 30}, {dir[0], 0}},
					MessageZH: fmt.Sprintf("《%s》叙述称“%s%s”，而本报告评分表【%s】为 %s；该句与 %s《%s》%d 年报告相同，数字与其相符",
						cp.Project, fm[1], unit, cpRow.Level3, cpRow.Actual.String(), src.Unit, src.Project, src.Year),
					MessageEN: fmt.Sprintf("%s: the narrative says %q but this sheet's %s is %s; the sentence is copied from %s %s (%d), whose sheet it fits",
						cp.Project, fm[1]+unit, cpRow.Level3, cpRow.Actual.String(), src.Unit, src.Project, src.Year),
					Passages: []Passage{m},
				})
				return
			}
		}
	}
}

// sheetCount is the first row whose actual is a count in unit.
func sheetCount(r *eval.Report, unit string) *eval.Row {
	for k := range r.Sheet.Rows {
		row := &r.Sheet.Rows[k]
		if row.Actual.Kind == eval.KindNumber && row.Actual.Unit == unit {
			return row
		}
	}
	return nil
}

// sheetHas reports whether a row's target or actual is num in unit.
func sheetHas(r *eval.Report, unit, num string) bool {
	n, err := eval.ParseNumber(num)
	if err != nil {
		return false
	}
	for _, row := range r.Sheet.Rows {
		for _, v := range []eval.Value{row.Actual, row.Target} {
			if v.Kind == eval.KindNumber && v.Unit == unit && v.Num.Cmp(n) == 0 {
				return true
			}
		}
	}
	return false
}
