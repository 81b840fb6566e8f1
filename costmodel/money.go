package costmodel

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// Money is an amount of US dollars counted in pico-dollars (10^-12 USD).
//
// Every Lambda price is published with at most 10 decimal places, so each
// price is a whole number of pico-dollars: sums never drift as float64 sums
// do, and == compares amounts. A price times a usage is computed exactly with
// math/big and rounded once per line item to the nearest pico-dollar, ten
// orders of magnitude below a cent. The range is about ±$9.2 million;
// functions whose result would not fit return an error.
type Money int64

// Units of Money.
const (
	PicoDollar  Money = 1
	MicroDollar Money = 1_000_000
	Cent        Money = 10_000_000_000
	Dollar      Money = 1_000_000_000_000
)

const picoDigits = 12

var (
	picoPerDollar = big.NewInt(int64(Dollar))
	errOverflow   = errors.New("amount exceeds the range of Money (about ±$9.2 million)")
)

// ParseUSD reads a decimal amount of dollars such as "0.0000166667",
// "$0.20" or "2.1e-9". Digits past the 12th decimal place are rounded to the
// nearest pico-dollar, halves away from zero.
func ParseUSD(s string) (Money, error) {
	t := strings.TrimSpace(s)
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(t, "-")
	t = strings.TrimPrefix(t, "$")
	r, ok := new(big.Rat).SetString(t)
	if !ok || strings.Contains(t, "/") || strings.IndexAny(t, "+-") == 0 {
		return 0, fmt.Errorf("costmodel: %q is not a dollar amount", s)
	}
	if neg {
		r.Neg(r)
	}
	m, err := ratToMoney(r.Mul(r, new(big.Rat).SetInt(picoPerDollar)))
	if err != nil {
		return 0, fmt.Errorf("costmodel: %q: %w", s, err)
	}
	return m, nil
}

// Dollars returns m as a float64 number of dollars, for charts and ratios.
// Do not add the results: add Money values instead.
func (m Money) Dollars() float64 {
	f, _ := m.rat().Float64()
	return f
}

// String returns the exact amount, such as "$0.024533382": trailing zeros
// are dropped but at least two decimals are kept.
func (m Money) String() string {
	return m.sign() + "$" + m.decimal(picoDigits, true)
}

// Format returns the amount rounded to decimals places (0..12), halves away
// from zero, such as "$0.0245" for Format(4).
func (m Money) Format(decimals int) string {
	decimals = max(0, min(decimals, picoDigits))
	return m.sign() + "$" + m.decimal(decimals, false)
}

// MarshalJSON writes m as an exact JSON number of dollars, such as 0.0245.
func (m Money) MarshalJSON() ([]byte, error) {
	d := m.decimal(picoDigits, true)
	d = strings.TrimSuffix(strings.TrimRight(d, "0"), ".")
	if d == "" {
		d = "0"
	}
	return []byte(m.sign() + d), nil
}

// UnmarshalJSON reads a JSON number or string of dollars (see [ParseUSD]).
func (m *Money) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	v, err := ParseUSD(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}

func (m Money) sign() string {
	if m < 0 {
		return "-"
	}
	return ""
}

// decimal formats |m| with the given number of decimals; trim drops
// trailing zeros down to two decimals.
func (m Money) decimal(decimals int, trim bool) string {
	abs := new(big.Int).Abs(big.NewInt(int64(m)))
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(picoDigits-decimals)), nil)
	q, r := new(big.Int).QuoRem(abs, scale, new(big.Int))
	if r.Lsh(r, 1).Cmp(scale) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	digits := q.String()
	if decimals == 0 {
		return digits
	}
	if len(digits) <= decimals {
		digits = strings.Repeat("0", decimals-len(digits)+1) + digits
	}
	whole, frac := digits[:len(digits)-decimals], digits[len(digits)-decimals:]
	if trim {
		frac = strings.TrimRight(frac, "0")
		for len(frac) < 2 {
			frac += "0"
		}
	}
	return whole + "." + frac
}

func (m Money) rat() *big.Rat {
	return new(big.Rat).SetFrac(big.NewInt(int64(m)), picoPerDollar)
}

// ratToMoney rounds a number of pico-dollars to the nearest whole one,
// halves away from zero.
func ratToMoney(pico *big.Rat) (Money, error) {
	q, r := new(big.Int).QuoRem(pico.Num(), pico.Denom(), new(big.Int))
	if r.Abs(r).Lsh(r, 1).Cmp(pico.Denom()) >= 0 {
		if pico.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	if !q.IsInt64() {
		return 0, errOverflow
	}
	return Money(q.Int64()), nil
}
