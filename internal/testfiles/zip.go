package testfiles

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

// OverlappingZip returns a zip archive of n entries that all point at one
// deflated stream of size zero bytes: the construction of zip bombs
// (entries that share compressed data), which inflates to n*size bytes
// from about size/1000 + 51*n bytes of archive. No zip tool writes it.
func OverlappingZip(n, size int) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	fw, err := w.CreateHeader(&zip.FileHeader{Name: "f0000", Method: zip.Deflate})
	if err != nil {
		panic(err)
	}
	zeros := make([]byte, 1<<20)
	for left := size; left > 0; left -= len(zeros) {
		fw.Write(zeros[:min(left, len(zeros))])
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	data := buf.Bytes()
	eocd := len(data) - 22
	cdSize := binary.LittleEndian.Uint32(data[eocd+12:])
	cdOffset := binary.LittleEndian.Uint32(data[eocd+16:])
	record := data[cdOffset : cdOffset+cdSize] // the one central-directory record
	out := bytes.NewBuffer(append([]byte(nil), data[:cdOffset]...))
	for i := range n {
		r := bytes.Clone(record)
		copy(r[46:51], fmt.Sprintf("f%04d", i%10000)) // same length as "f0000"
		out.Write(r)
	}
	end := make([]byte, 22)
	copy(end, data[eocd:eocd+8])
	binary.LittleEndian.PutUint16(end[8:], uint16(min(n, 0xffff)))
	binary.LittleEndian.PutUint16(end[10:], uint16(min(n, 0xffff)))
	binary.LittleEndian.PutUint32(end[12:], uint32(n)*cdSize)
	binary.LittleEndian.PutUint32(end[16:], cdOffset)
	out.Write(end)
	return out.Bytes()
}

// DeclaringZip returns a zip archive of one stored entry, name, holding
// content but declaring declared bytes uncompressed in its headers.
func DeclaringZip(name string, content []byte, declared uint64) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	fw, err := w.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(content),
		CompressedSize64: uint64(len(content)), UncompressedSize64: declared})
	if err != nil {
		panic(err)
	}
	fw.Write(content)
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Zip returns a zip archive of the files (name, content), deflated.
func Zip(files ...[2]string) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range files {
		fw, err := w.CreateHeader(&zip.FileHeader{Name: f[0], Method: zip.Deflate})
		if err != nil {
			panic(err)
		}
		fw.Write([]byte(f[1]))
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// ZerosZip returns a zip archive of n entries of size zero bytes each,
// deflated once and stored n times (each entry has its own copy: no data
// is shared), so that a test of a large archive builds it fast.
func ZerosZip(n, size int) []byte {
	var deflated bytes.Buffer
	fw, err := flate.NewWriter(&deflated, flate.BestSpeed)
	if err != nil {
		panic(err)
	}
	zeros := make([]byte, 1<<20)
	crc := crc32.NewIEEE()
	for left := size; left > 0; left -= len(zeros) {
		fw.Write(zeros[:min(left, len(zeros))])
		crc.Write(zeros[:min(left, len(zeros))])
	}
	fw.Close()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := range n {
		raw, err := w.CreateRaw(&zip.FileHeader{Name: fmt.Sprintf("zeros%d.bin", i), Method: zip.Deflate, CRC32: crc.Sum32(),
			CompressedSize64: uint64(deflated.Len()), UncompressedSize64: uint64(size)})
		if err != nil {
			panic(err)
		}
		raw.Write(deflated.Bytes())
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
