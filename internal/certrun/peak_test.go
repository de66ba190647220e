package certrun

import (
	"runtime/metrics"
	"sync"
	"time"
)

// peakSampler samples the Go heap's live objects and the memory the
// runtime holds from the OS every 50 ms, keeping the largest of each: the
// peaks a benchmark reports beside the process's max RSS.
type peakSampler struct {
	stop        chan struct{}
	wg          sync.WaitGroup
	heap, total uint64
}

func startPeak() *peakSampler {
	p := &peakSampler{stop: make(chan struct{})}
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/total:bytes"}}
	p.wg.Go(func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			p.heap = max(p.heap, s[0].Value.Uint64())
			p.total = max(p.total, s[1].Value.Uint64())
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	})
	return p
}

// done stops sampling and returns the peaks in MiB.
func (p *peakSampler) done() (heapMiB, totalMiB float64) {
	close(p.stop)
	p.wg.Wait()
	return float64(p.heap) / (1 << 20), float64(p.total) / (1 << 20)
}
