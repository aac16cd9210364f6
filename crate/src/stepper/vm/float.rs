//! Floats in the machine: mixed int/float arithmetic, true division, comparisons (exact between
//! ints and floats, NaN unordered), ordering of tuples and lists. The number built-ins
//! (`float`, `int`, `round`, `divmod`, `pow`, `abs`, `sum`, `hash`, `chr`, `ord`) live in
//! `num_builtins.rs`.

use super::super::compile::Op;
use super::super::number::{cmp_int_float, float_divmod, F64};
use super::super::syntax::ast::{BinOp, CmpOp};
use super::super::value::Value;
use super::*;
use std::cmp::Ordering;
use std::rc::Rc;

pub(super) use super::num_builtins::builtin_named_num;

/// A number as an f64 (ints and bools converted), if it is one.
pub(super) fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Float(x) => Some(x.get()),
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        _ => None,
    }
}

pub(super) fn as_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

pub(super) fn float(x: f64) -> Value {
    Value::Float(F64::new(x))
}

/// Python `==` between numbers when a float is involved (`None`: not this case).
pub fn num_eq(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => Some(x.get() == y.get()),
        (Value::Float(x), o) | (o, Value::Float(x)) => {
            Some(cmp_int_float(as_i64(o)?, x.get()) == Some(Ordering::Equal))
        }
        _ => None,
    }
}

/// The order of two numbers, one a float (`Some(None)`: NaN, unordered; `None`: not numbers).
pub(super) fn num_order(a: &Value, b: &Value) -> Option<Option<Ordering>> {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => Some(x.get().partial_cmp(&y.get())),
        (Value::Float(x), o) => Some(cmp_int_float(as_i64(o)?, x.get()).map(Ordering::reverse)),
        (o, Value::Float(x)) => Some(cmp_int_float(as_i64(o)?, x.get())),
        _ => None,
    }
}

pub(super) fn zero_div(msg: &str) -> R<Value> {
    rt(format!("ZeroDivisionError: {msg}"))
}

/// `x ** y` on floats, as CPython's `float_pow`.
pub(super) fn float_pow(x: f64, y: f64) -> R<Value> {
    if y == 0.0 || x == 1.0 {
        return Ok(float(1.0));
    }
    if x == 0.0 && y < 0.0 && y.is_finite() {
        return zero_div("0.0 cannot be raised to a negative power");
    }
    if x < 0.0 && x.is_finite() && y.is_finite() && y.fract() != 0.0 {
        return rt("ValueError: a negative number to a fractional power gives a complex number, which ThreadLab's subset does not support");
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return rt("OverflowError: (34, 'Numerical result out of range')");
    }
    Ok(float(r))
}

/// An arithmetic operator where a float is involved, or an int `/` or `**` with a negative
/// exponent (`None`: not a number case; the caller goes on).
pub(super) fn num_binary(op: BinOp, a: &Value, b: &Value) -> Option<R<Value>> {
    if let (Some(x), Some(y)) = (as_i64(a), as_i64(b)) {
        return match op {
            BinOp::Div if y == 0 => Some(zero_div("division by zero")),
            BinOp::Div => Some(Ok(float(int_true_div(x, y)))),
            BinOp::Pow if y < 0 => Some(if x == 0 {
                zero_div("0.0 cannot be raised to a negative power")
            } else {
                float_pow(x as f64, y as f64)
            }),
            _ => None,
        };
    }
    if !matches!(a, Value::Float(_)) && !matches!(b, Value::Float(_)) {
        return None;
    }
    let (x, y) = (as_f64(a)?, as_f64(b)?);
    Some(match op {
        BinOp::Add => Ok(float(x + y)),
        BinOp::Sub => Ok(float(x - y)),
        BinOp::Mul => Ok(float(x * y)),
        BinOp::Div if y == 0.0 => zero_div("float division by zero"),
        BinOp::Div => Ok(float(x / y)),
        BinOp::FloorDiv if y == 0.0 => zero_div("float floor division by zero"),
        BinOp::Mod if y == 0.0 => zero_div("float modulo"),
        BinOp::FloorDiv => Ok(float(float_divmod(x, y).0)),
        BinOp::Mod => Ok(float(float_divmod(x, y).1)),
        BinOp::Pow => float_pow(x, y),
        BinOp::BitOr | BinOp::BitAnd | BinOp::BitXor => return None,
    })
}

/// `x / y` for ints: correctly rounded while both fit in 53 bits (CPython's fast path).
pub(super) fn int_true_div(x: i64, y: i64) -> f64 {
    const EXACT: u64 = 1 << 53;
    if x.unsigned_abs() <= EXACT && y.unsigned_abs() <= EXACT {
        return x as f64 / y as f64;
    }
    // Correctly rounded: a quotient of at least 63 bits, its last bit sticky for the
    // remainder, rounds once to f64, then scales back by a power of two (exact).
    let neg = (x < 0) != (y < 0);
    let (a, b) = (x.unsigned_abs() as u128, y.unsigned_abs() as u128);
    let k = a.leading_zeros() - 1;
    let (q, r) = ((a << k) / b, (a << k) % b);
    let v = (q | (r != 0) as u128) as f64 * 2f64.powi(-(k as i32));
    if neg {
        -v
    } else {
        v
    }
}

impl Machine {
    /// `<`, `<=`, `>`, `>=`, `==`, `!=` when a float or a tuple/list pair is involved.
    pub(super) fn num_compare(&self, tid: u32, op: CmpOp, a: &Value, b: &Value) -> Option<R<bool>> {
        if let Some(o) = num_order(a, b) {
            return Some(Ok(match op {
                CmpOp::Eq => o == Some(Ordering::Equal),
                CmpOp::Ne => o != Some(Ordering::Equal),
                CmpOp::Lt => o == Some(Ordering::Less),
                CmpOp::Le => matches!(o, Some(Ordering::Less | Ordering::Equal)),
                CmpOp::Gt => o == Some(Ordering::Greater),
                CmpOp::Ge => matches!(o, Some(Ordering::Greater | Ordering::Equal)),
                _ => return None,
            }));
        }
        if !matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge) {
            return None;
        }
        let heap = &self.mems[self.proc(tid)].heap;
        let (xs, ys) = match (a, b) {
            (Value::Tuple(x), Value::Tuple(y)) => (x.to_vec(), y.to_vec()),
            (Value::List(x), Value::List(y)) => (list_items(heap, *x), list_items(heap, *y)),
            _ => return None,
        };
        // Lexicographic, as CPython: the first pair that differs decides.
        for (x, y) in xs.iter().zip(ys.iter()) {
            if !eq(heap, x, y) {
                return Some(self.compare(tid, op, x, y));
            }
        }
        let o = xs.len().cmp(&ys.len());
        Some(Ok(match op {
            CmpOp::Lt => o.is_lt(),
            CmpOp::Le => o.is_le(),
            CmpOp::Gt => o.is_gt(),
            _ => o.is_ge(),
        }))
    }

    /// `BUILD_SLICE`, `ROT_THREE`, `FORMAT_WITH_SPEC`.
    pub(super) fn exec_num_op(&mut self, tid: u32, op: &Op) -> R<()> {
        match op {
            Op::BuildSlice => {
                let c = self.pop(tid)?;
                let b = self.pop(tid)?;
                let a = self.pop(tid)?;
                self.push(tid, Value::Slice(Rc::new([a, b, c])));
            }
            Op::RotThree => {
                let f = self.frame(tid);
                let n = f.stack.len();
                if n < 3 {
                    return rt("internal error: stack underflow");
                }
                let top = f.stack.remove(n - 1);
                f.stack.insert(n - 3, top);
            }
            Op::FormatSpec => {
                let spec = self.pop(tid)?;
                let v = self.pop(tid)?;
                let Value::Str(spec) = spec else {
                    return rt("internal error: format spec is not a string");
                };
                let p = self.proc(tid) as u32;
                let text = self.format_value(p, &v, &spec)?;
                let s = self.new_str(text)?;
                self.push(tid, s);
            }
            _ => return rt("internal error: not a number op"),
        }
        Ok(())
    }
}
