//go:build unix

package rollfile

import (
	"os"
	"syscall"
)

// mapFile maps a file read-only into memory, so that large CSV files are
// parsed in place without copying. unmap must be called when no record
// borrows the bytes any more. A file truncated while mapped would fault;
// rolls are read from files nobody is writing.
func mapFile(f *os.File, size int64) (data []byte, unmap func(), err error) {
	if size <= 0 || int64(int(size)) != size {
		return nil, nil, syscall.EINVAL
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return data, func() { syscall.Munmap(data) }, nil
}

// dropPages tells the kernel that the process no longer needs the pages
// of data[from:to] (data is a read-only file mapping from mapFile): they
// leave the resident set but stay in the page cache, and a later read
// faults the same bytes back in. Only whole pages inside the range are
// dropped.
func dropPages(data []byte, from, to int) {
	pg := os.Getpagesize()
	from = (from + pg - 1) / pg * pg
	to = min(to, len(data)) / pg * pg
	if to > from {
		syscall.Madvise(data[from:to], syscall.MADV_DONTNEED)
	}
}
