//! Python floats as CPython shows and parses them: the bit-wrapped [`F64`] that keeps
//! [`Value`](super::value::Value) `Eq + Hash`, `repr` with the shortest round-trip digits,
//! `float()` / `int()` of strings, correctly rounded `round(x, n)`, and float `//` / `%`.
//!
//! Everything here is pure (no machine): the VM's float operators live in `vm/float.rs`,
//! the format-spec mini-language in [`super::format`].

/// A float stored as its bits, so that states stay `Eq + Hash` (two states with the same
/// bits are the same state; Python's `==` on floats is `vm/float.rs`'s business).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct F64(pub u64);

impl F64 {
    pub fn new(x: f64) -> F64 {
        F64(x.to_bits())
    }
    pub fn get(self) -> f64 {
        f64::from_bits(self.0)
    }
}

/// The digits and decimal exponent of `x` (finite, non-zero) with `prec` significant digits
/// (`None`: the shortest that round-trip), as `("12345", 2)` for 123.45.
pub fn digits_exp(x: f64, prec: Option<usize>) -> (String, i32) {
    let s = match prec {
        None => {
            // The shortest length that round-trips, then the closest decimal of that length
            // (exact, ties to even): CPython's choice where two shortest strings tie.
            let short = format!("{:e}", x.abs());
            let n = short
                .split_once('e')
                .map_or(1, |(m, _)| m.replace('.', "").len());
            format!("{:.*e}", n - 1, x.abs())
        }
        Some(p) => format!("{:.*e}", p.saturating_sub(1), x.abs()),
    };
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    (m.replace('.', ""), e.parse().unwrap_or(0))
}

/// `d.ddde+XX` from digits and exponent, as CPython writes exponents (sign, at least two digits).
pub fn exp_form(digits: &str, exp: i32, upper: bool) -> String {
    let mut out = String::with_capacity(digits.len() + 6);
    out.push_str(&digits[..1]);
    if digits.len() > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    }
    out.push(if upper { 'E' } else { 'e' });
    out.push(if exp < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", exp.unsigned_abs()));
    out
}

/// Fixed notation from digits and exponent (`"15", 0` → `1.5`), with `.0` if no fraction.
fn fixed_form(digits: &str, exp: i32) -> String {
    if exp < 0 {
        return format!("0.{}{digits}", "0".repeat((-exp - 1) as usize));
    }
    let int_len = exp as usize + 1;
    if digits.len() <= int_len {
        format!("{digits}{}.0", "0".repeat(int_len - digits.len()))
    } else {
        format!("{}.{}", &digits[..int_len], &digits[int_len..])
    }
}

/// CPython's `repr(x)` (also `str(x)`): shortest round-trip digits, exponent form when the
/// decimal exponent is below -4 or at least 16.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0.0");
    }
    let (digits, exp) = digits_exp(x, None);
    let body = if !(-4..16).contains(&exp) {
        exp_form(&digits, exp, false)
    } else {
        fixed_form(&digits, exp)
    };
    format!("{sign}{body}")
}

/// `float(s)` of a string, as CPython parses it (spaces around, `_` between digits, `inf`,
/// `nan`, `infinity`, any case). `None` if CPython refuses it.
pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim();
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    let v = match lower.as_str() {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            if !underscores_ok(body)
                || body.is_empty()
                || !body
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-' | '_'))
                || !body.chars().any(|c| c.is_ascii_digit())
            {
                return None;
            }
            body.replace('_', "").parse::<f64>().ok()?
        }
    };
    Some(if neg { -v } else { v })
}

/// Every `_` sits between two digits.
fn underscores_ok(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().all(|(i, c)| {
        *c != b'_'
            || (i > 0
                && b[i - 1].is_ascii_hexdigit()
                && b.get(i + 1).is_some_and(|d| d.is_ascii_hexdigit()))
    })
}

/// `int(s, base)` of a string as CPython parses it; `Err(true)` if it does not fit in i64,
/// `Err(false)` if CPython refuses it.
pub fn parse_int(s: &str, base: u32) -> Result<i64, bool> {
    let t = s.trim();
    let (neg, mut body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut base = base;
    let lower = body.to_ascii_lowercase();
    let prefix = |p: &str| lower.starts_with(p);
    if (base == 16 && prefix("0x")) || (base == 8 && prefix("0o")) || (base == 2 && prefix("0b")) {
        body = &body[2..];
        body = body.strip_prefix('_').unwrap_or(body);
    } else if base == 0 {
        if prefix("0x") || prefix("0o") || prefix("0b") {
            base = match lower.as_bytes()[1] {
                b'x' => 16,
                b'o' => 8,
                _ => 2,
            };
            body = &body[2..];
            body = body.strip_prefix('_').unwrap_or(body);
        } else {
            base = 10;
            let digits = body.replace('_', "");
            if digits.len() > 1 && digits.starts_with('0') && digits.chars().any(|c| c != '0') {
                return Err(false);
            }
        }
    }
    if body.is_empty() || !underscores_ok(body) {
        return Err(false);
    }
    let mut v: i128 = 0;
    for c in body.chars().filter(|c| *c != '_') {
        let d = c.to_digit(base).ok_or(false)? as i128;
        v = v * base as i128 + d;
        if v > i64::MAX as i128 + 1 {
            return Err(true);
        }
    }
    let v = if neg { -v } else { v };
    i64::try_from(v).map_err(|_| true)
}

/// `round(x, n)` for a float, correctly rounded (half to even on the exact binary value), as
/// CPython's `float.__round__`.
pub fn round_float(x: f64, n: i64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if n > 330 {
        return x;
    }
    if n < -330 {
        return 0.0f64.copysign(x);
    }
    let r = if n >= 0 {
        format!("{:.*}", n as usize, x).parse::<f64>().unwrap_or(x)
    } else {
        // Round the exact integer digits at position -n, half to even.
        let k = (-n) as usize;
        let int = format!("{:.0}", x.abs().trunc());
        let frac_nonzero = x.fract() != 0.0;
        if int.len() < k {
            // |x| < 10^k / 10: rounds to zero (or to 10^k if above half, impossible here).
            return 0.0f64.copysign(x);
        }
        let (head, tail) = int.split_at(int.len() - k);
        let half = format!("5{}", "0".repeat(k - 1));
        let up = match tail.cmp(half.as_str()) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => {
                frac_nonzero || head.bytes().last().is_some_and(|d| (d - b'0') % 2 == 1)
            }
        };
        let mut h: f64 = if head.is_empty() {
            0.0
        } else {
            head.parse().unwrap_or(0.0)
        };
        if up {
            h += 1.0;
        }
        format!("{h:.0}{}", "0".repeat(k))
            .parse::<f64>()
            .unwrap_or(f64::INFINITY)
            .copysign(x)
    };
    r.copysign(x)
}

/// Python's float `divmod`: (floor quotient, remainder with the divisor's sign), as CPython's
/// `float_divmod`. The caller checks `y != 0`.
pub fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let fl = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(x / y)
    };
    (fl, m)
}

/// Python's `hash()` of a number: equal numbers hash equal (`hash(1) == hash(1.0)`), as
/// CPython's modular scheme (modulus 2**61 - 1).
pub fn hash_number(x: f64) -> i64 {
    const BITS: i32 = 61;
    const MODULUS: u64 = (1 << BITS) - 1;
    if x.is_infinite() {
        return if x > 0.0 { 314159 } else { -314159 };
    }
    if x.is_nan() {
        return 0;
    }
    let (mut m, mut e) = frexp(x.abs());
    let mut h: u64 = 0;
    while m != 0.0 {
        h = ((h << 28) & MODULUS) | (h >> (BITS - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        h += y;
        if h >= MODULUS {
            h -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e % BITS
    } else {
        BITS - 1 - ((-1 - e) % BITS)
    };
    h = ((h << e) & MODULUS) | (h >> (BITS - e));
    let mut h = h as i64;
    if x < 0.0 {
        h = -h;
    }
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(i)` of an int, as CPython (the int modulo 2**61 - 1, sign kept, -1 → -2).
pub fn hash_int(i: i64) -> i64 {
    const MODULUS: i128 = (1 << 61) - 1;
    let a = (i as i128).abs() % MODULUS;
    let h = if i < 0 { -a } else { a } as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// C's `frexp`: `x = m * 2^e` with `0.5 <= m < 1`.
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(x * (1u64 << 54) as f64);
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

/// 2**63 as a float: the first float above every i64.
const TWO63: f64 = 9_223_372_036_854_775_808.0;

/// Float to int, truncating, as `int(x)`: an error text if it cannot be.
pub fn float_to_int(x: f64) -> Result<i64, &'static str> {
    if x.is_nan() {
        return Err("ValueError: cannot convert float NaN to integer");
    }
    if x.is_infinite() {
        return Err("OverflowError: cannot convert float infinity to integer");
    }
    let t = x.trunc();
    if !(-TWO63..TWO63).contains(&t) {
        return Err(
            "OverflowError: integer result does not fit in 64 bits (ThreadLab's integers are i64)",
        );
    }
    Ok(t as i64)
}

/// Exact comparison of an int with a float, as CPython's (`None` if the float is NaN).
pub fn cmp_int_float(i: i64, f: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering::*;
    if f.is_nan() {
        return None;
    }
    if f >= TWO63 {
        return Some(Less);
    }
    if f < -TWO63 {
        return Some(Greater);
    }
    let t = f.trunc();
    match i.cmp(&(t as i64)) {
        Equal => 0.0f64.partial_cmp(&(f - t)),
        o => Some(o),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_is_cpythons() {
        let cases = [
            (1e16, "1e+16"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (-0.0, "-0.0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1.5, "1.5"),
            (123456789012345.6, "123456789012345.6"),
            (1.5e16, "1.5e+16"),
            (1e100, "1e+100"),
            (2.5e-7, "2.5e-07"),
            (100.0, "100.0"),
            (f64::INFINITY, "inf"),
            (f64::NAN, "nan"),
            (-3333333333333333.0 / 4.0, "-833333333333333.2"),
        ];
        for (x, want) in cases {
            assert_eq!(float_repr(x), want);
        }
    }

    #[test]
    fn rounding_and_hashes() {
        assert_eq!(round_float(2.675, 2), 2.67);
        assert_eq!(round_float(0.125, 2), 0.12);
        assert_eq!(round_float(1250.0, -2), 1200.0);
        assert_eq!(round_float(1350.0, -2), 1400.0);
        assert_eq!(round_float(1250.5, -2), 1300.0);
        assert_eq!(hash_number(1.0), hash_int(1));
        assert_eq!(hash_number(1.5), 1152921504606846977);
        assert_eq!(hash_int(-1), -2);
        assert_eq!(float_divmod(-7.5, 2.0), (-4.0, 0.5));
        assert_eq!(parse_int("0x1f", 0), Ok(31));
        assert_eq!(parse_int("1_000", 10), Ok(1000));
        assert_eq!(parse_float(" 1_0.5 "), Some(10.5));
        assert!(parse_float("1__0").is_none());
        assert_eq!(cmp_int_float(3, 2.5), Some(std::cmp::Ordering::Greater));
    }
}
