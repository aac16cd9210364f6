//! The `math` module's numeric helpers: arguments as reals and integers, CPython's errors
//! (`math domain error`, `math range error`) and their checks, `gcd`, `log`, and `fsum`,
//! CPython's exact (Shewchuk) sum.

use super::super::value::Value;
use super::float::{as_f64, float};
use super::*;

pub(super) fn domain<T>() -> R<T> {
    rt("ValueError: math domain error")
}

pub(super) fn range_err<T>() -> R<T> {
    rt("OverflowError: math range error")
}

pub(super) fn real(v: &Value) -> R<f64> {
    as_f64(v).ok_or_else(|| RtErr {
        msg: format!("TypeError: must be real number, not {}", type_name(v)),
        assert: false,
    })
}

pub(super) fn integer(v: &Value) -> R<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        _ => rt(format!(
            "TypeError: '{}' object cannot be interpreted as an integer",
            type_name(v)
        )),
    }
}

/// A libm result checked as CPython's `math_1` does: NaN from a non-NaN is a domain error,
/// an infinity from a finite argument is a range error (when `can_overflow`).
pub(super) fn checked(x: f64, r: f64, can_overflow: bool) -> R<Value> {
    if r.is_nan() && !x.is_nan() {
        return domain();
    }
    if r.is_infinite() && x.is_finite() {
        return if can_overflow { range_err() } else { domain() };
    }
    Ok(float(r))
}

pub(super) fn gcd(a: i64, b: i64) -> i64 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a as i64
}

/// CPython's `math.fsum`: exact partial sums, correctly rounded at the end.
pub(super) fn fsum(xs: &[f64]) -> R<f64> {
    let mut partials: Vec<f64> = vec![];
    let (mut special, mut inf_sum) = (0.0f64, 0.0f64);
    for &x0 in xs {
        let mut x = x0;
        if !x.is_finite() {
            if x.is_infinite() {
                inf_sum += x;
            }
            special += x;
            continue;
        }
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                return rt("OverflowError: intermediate overflow in fsum");
            }
            partials.push(x);
        }
    }
    if special != 0.0 {
        if inf_sum.is_nan() {
            return rt("ValueError: -inf + inf in fsum");
        }
        return Ok(special);
    }
    let mut hi = 0.0;
    let mut n = partials.len();
    if n > 0 {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(hi)
}

/// `log(x)` with CPython's domain check.
pub(super) fn log_of(x: f64) -> R<f64> {
    if x.is_nan() {
        return Ok(x);
    }
    if x <= 0.0 {
        return domain();
    }
    Ok(x.ln())
}
