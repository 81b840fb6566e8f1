//go:build !unix

package untrusted

const (
	noFollow = 0
	nonBlock = 0
)
