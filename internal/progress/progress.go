// Package progress draws one progress line — percentage, rate and remaining
// time — for the long commands (audit, gen, pay check, cert status) on a
// terminal, and nothing at all when the output is not a terminal (a file,
// a pipe, a test buffer). A nil *Bar is valid and does nothing.
package progress

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"jixiao/internal/money"
)

// Bar is one progress line. Its methods are safe for concurrent use and
// redraw at most ten times a second.
type Bar struct {
	mu    sync.Mutex
	w     io.Writer
	label string
	total int64 // 0: unknown, only the count and rate are shown
	done  int64
	start time.Time
	last  time.Time
	now   func() time.Time
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// ForTerminal returns a bar drawing on w when w is a terminal, or nil (which
// draws nothing) otherwise. total is the expected number of rows; 0 when not
// known.
func ForTerminal(w io.Writer, label string, total int64) *Bar {
	if !IsTerminal(w) {
		return nil
	}
	return New(w, label, total)
}

// New returns a bar drawing on w whatever w is.
func New(w io.Writer, label string, total int64) *Bar {
	return &Bar{w: w, label: label, total: total, start: time.Now(), now: time.Now}
}

// Set records that n rows are done.
func (b *Bar) Set(n int64) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done = n
	b.draw(false)
}

// Add records n more rows done.
func (b *Bar) Add(n int64) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done += n
	b.draw(false)
}

// Label changes what the line says is being done (a file name).
func (b *Bar) Label(s string) {
	if b == nil {
		return
	}
	b.mu.Lock()
	b.label = s
	b.mu.Unlock()
}

// Done clears the line.
func (b *Bar) Done() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	fmt.Fprint(b.w, "\r\033[K")
}

func (b *Bar) draw(force bool) {
	t := b.now()
	if !force && t.Sub(b.last) < 100*time.Millisecond {
		return
	}
	b.last = t
	fmt.Fprint(b.w, "\r"+Line(b.label, b.done, b.total, t.Sub(b.start))+"\033[K")
}

// Estimate returns the rate (rows a second) and the time remaining for done
// of total rows after elapsed, at the rate so far. ok is false when the time
// remaining cannot be told yet (nothing done, no time passed, total unknown).
// When done exceeds the estimated total the remaining time is zero.
func Estimate(done, total int64, elapsed time.Duration) (rate float64, remaining time.Duration, ok bool) {
	if done <= 0 || elapsed <= 0 {
		return 0, 0, false
	}
	rate = float64(done) / elapsed.Seconds()
	if total <= 0 {
		return rate, 0, false
	}
	if done >= total {
		return rate, 0, true
	}
	// remaining = elapsed × (total−done)/done, in integer nanoseconds.
	left := total - done
	rem := time.Duration(float64(elapsed) * float64(left) / float64(done))
	return rate, rem.Round(time.Second), true
}

// Line is the text of the bar: "读取 roll.csv  42% 1,234,567/2,900,000 行 310,000 行/秒 剩余 5s".
func Line(label string, done, total int64, elapsed time.Duration) string {
	var s strings.Builder
	s.WriteString(label)
	rate, rem, ok := Estimate(done, total, elapsed)
	if total > 0 {
		pct := done * 100 / total
		if pct > 100 {
			pct = 100
		}
		fmt.Fprintf(&s, " %3d%% %s/%s 行", pct, group(done), group(total))
	} else {
		fmt.Fprintf(&s, " %s 行", group(done))
	}
	if rate > 0 {
		fmt.Fprintf(&s, " %s 行/秒", group(int64(rate)))
	}
	if ok {
		fmt.Fprintf(&s, " 剩余 %s", rem)
	}
	return s.String()
}

// group is an integer with thousands separators, by money's one grouping rule.
func group(n int64) string { return money.Group(strconv.FormatInt(n, 10)) }

// EstimateRows guesses how many rows the files hold, from each CSV file's
// size and the mean length of its first lines; other files (xlsx) count 0,
// so a total of 0 means "unknown". The guess only feeds the percentage.
func EstimateRows(paths ...string) int64 {
	var total int64
	for _, p := range paths {
		if !strings.EqualFold(filepath.Ext(p), ".csv") && !strings.EqualFold(filepath.Ext(p), ".txt") {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		st, err := f.Stat()
		if err == nil {
			buf := make([]byte, 64<<10)
			n, _ := io.ReadFull(bufio.NewReader(f), buf)
			if lines := bytes.Count(buf[:n], []byte{'\n'}); lines > 0 {
				total += st.Size() * int64(lines) / int64(n)
			}
		}
		f.Close()
	}
	return total
}
