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
