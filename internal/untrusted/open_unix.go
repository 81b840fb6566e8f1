//go:build unix

package untrusted

import (
	"os"
	"syscall"
)

// noFollow makes an open fail on a symbolic link as the last component.
const noFollow = syscall.O_NOFOLLOW

// nonBlock makes an open of a FIFO return at once instead of waiting for a
// writer.
const nonBlock = syscall.O_NONBLOCK

// openNonBlocking opens for reading without waiting for a FIFO's writer;
// O_NONBLOCK has no effect on the reads of a regular file.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
}
