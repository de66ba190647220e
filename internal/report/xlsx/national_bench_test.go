package xlsx

import (
	"bytes"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/reporttest"
)

// BenchmarkImportCheckNational1000 reads 1,000 national 附件1 .xlsx forms
// (merged labels, funds block, placeholders) and checks each: one op is
// the whole batch. Target: under 5 s on the 2-core machine.
func BenchmarkImportCheckNational1000(b *testing.B) {
	files := make([][]byte, 20)
	for i := range files {
		spec := reporttest.NationalForm(i%2 == 1)
		spec.Cells[3][1] = fmt.Sprintf("51068223T0000012345%02d-项目%d", i, i)
		files[i] = specBook(b, specOpts{}, spec)
	}
	rs := eval.DefaultRuleSet()
	workers := runtime.GOMAXPROCS(0)
	b.ResetTimer()
	for range b.N {
		// A batch import reads the files on every core, as CheckAll checks.
		reports := make([]*eval.Report, 1000)
		var wg sync.WaitGroup
		var failed atomic.Value
		next := make(chan int)
		for range workers {
			wg.Go(func() {
				for i := range next {
					data := files[i%len(files)]
					imp, err := Read("f.xlsx", bytes.NewReader(data), int64(len(data)), report.Options{})
					if err != nil {
						failed.Store(err)
						continue
					}
					reports[i] = imp.Reports[0]
				}
			})
		}
		for i := range reports {
			next <- i
		}
		close(next)
		wg.Wait()
		if err := failed.Load(); err != nil {
			b.Fatal(err)
		}
		eval.CheckAll(reports, rs, 0)
	}
}
