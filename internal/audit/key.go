package audit

import (
	"encoding/binary"
	"unsafe"
)

// idKey is cnid.Key for the hot paths (every row of a ten-million-row
// roll and of the other schemes' rolls): it converts the 17 body digits
// eight at a time in a 64-bit word instead of one by one.
func idKey(s string) (uint64, bool) {
	if len(s) != 18 {
		return 0, false
	}
	b := unsafe.Slice(unsafe.StringData(s), 18)
	hi, ok1 := eightDigits(binary.LittleEndian.Uint64(b[0:8]))
	lo, ok2 := eightDigits(binary.LittleEndian.Uint64(b[8:16]))
	d := uint64(b[16]) - '0'
	if !ok1 || !ok2 || d > 9 {
		return 0, false
	}
	return hi*1_000_000_000 + lo*10 + d, true
}

// eightDigits converts eight ASCII digits, the first in the low byte, to
// their value; ok is false unless all eight are '0'…'9'.
func eightDigits(x uint64) (uint64, bool) {
	// each byte must be 0x30…0x39: high nibble 3, and adding 6 must not
	// carry into the high nibble
	if x&0xF0F0F0F0F0F0F0F0|(x+0x0606060606060606)&0xF0F0F0F0F0F0F0F0>>4 != 0x3333333333333333 {
		return 0, false
	}
	x -= 0x3030303030303030
	x = x*10 + x>>8 // pairs: byte 2i holds digits 2i, 2i+1 as a number < 100
	x = (x&0x000000FF000000FF*(100+1000000<<32) + x>>16&0x000000FF000000FF*(1+10000<<32)) >> 32
	return x, true
}
