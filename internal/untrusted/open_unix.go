//go:build unix

package untrusted

import "syscall"

// noFollow makes an open fail on a symbolic link as the last component.
const noFollow = syscall.O_NOFOLLOW

// nonBlock opens without waiting for a FIFO's writer; it has no effect on
// the reads of a regular file.
const nonBlock = syscall.O_NONBLOCK
