package certrun

import (
	"testing"

	"jixiao/internal/cal"
	"jixiao/internal/cert"
)

// TestIndexRuns: the index keeps each reader's pairs as a run; a person
// whose events two readers saw gets them merged in date order, and the
// events nobody asked for are counted once per person across runs.
func TestIndexRuns(t *testing.T) {
	ev := func(y, m int) cert.Event { return cert.Event{Date: cal.DateOf(y, m, 1)} }
	a := make([]entry, 0, 64) // spare capacity: cloned to its length
	a = append(a, entry{7, ev(2023, 5)}, entry{3, ev(2024, 1)}, entry{7, ev(2021, 2)}, entry{9, ev(2022, 1)})
	b := []entry{{7, ev(2022, 8)}, {5, ev(2020, 1)}, {9, ev(2023, 3)}, {7, ev(2024, 4)}}
	ix := newIndex([][]entry{a, nil, b})
	if len(ix.runs) != 2 || cap(ix.runs[0].es) >= 64 {
		t.Fatalf("%d runs, first of capacity %d", len(ix.runs), cap(ix.runs[0].es))
	}
	got := ix.Events(7, nil)
	want := []cert.Event{ev(2021, 2), ev(2022, 8), ev(2023, 5), ev(2024, 4)}
	if len(got) != len(want) {
		t.Fatalf("events of 7: %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("events of 7: %v, want %v", got, want)
			break
		}
	}
	if got := ix.Events(3, got); len(got) != 1 || got[0] != ev(2024, 1) {
		t.Errorf("events of 3: %v", got)
	}
	if got := ix.Events(4, nil); len(got) != 0 {
		t.Errorf("events of 4: %v", got)
	}
	// asked: 7 and 3; never asked: 9 (two runs, two events) and 5
	if events, ids := ix.unmatched(); events != 3 || ids != 2 {
		t.Errorf("unmatched %d events of %d IDs, want 3 of 2", events, ids)
	}
}
