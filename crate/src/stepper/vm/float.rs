//! Floats in the machine: mixed int/float arithmetic, true division, comparisons (exact between
//! ints and floats, NaN unordered), ordering of tuples and lists, and the number built-ins
//! (`float`, `int`, `round`, `divmod`, `pow`, `abs`, `sum`, `hash`, `chr`, `ord`).

use super::super::compile::Op;
use super::super::number::{self, cmp_int_float, float_divmod, float_to_int, F64};
use super::super::syntax::ast::{BinOp, CmpOp};
use super::super::value::{repr_str, Builtin, Value};
use super::*;
use std::cmp::Ordering;
use std::rc::Rc;

/// A number as an f64 (ints and bools converted), if it is one.
pub(super) fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Float(x) => Some(x.get()),
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        _ => None,
    }
}

fn as_i64(v: &Value) -> Option<i64> {
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

fn zero_div(msg: &str) -> R<Value> {
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

/// Sum as CPython 3.12+ does it: ints exactly, floats with Neumaier compensation.
pub(super) fn sum_numbers(items: &[Value], start: &Value) -> R<Value> {
    let mut acc = start.clone();
    let mut comp = 0.0f64;
    for x in items {
        if let (Some(s), Value::Float(_)) = (as_i64(&acc), x) {
            acc = float(s as f64);
        }
        acc = match (&acc, x) {
            (Value::Float(s), _) => {
                let Some(v) = as_f64(x) else {
                    return rt(format!(
                        "TypeError: unsupported operand type(s) for +: 'float' and '{}'",
                        type_name(x)
                    ));
                };
                let s = s.get();
                let t = s + v;
                if t.is_finite() {
                    if s.abs() >= v.abs() {
                        comp += (s - t) + v;
                    } else {
                        comp += (v - t) + s;
                    }
                }
                float(t)
            }
            _ => match (as_i64(&acc), x) {
                (Some(s), _) => match as_i64(x) {
                    Some(v) => Value::Int(s.checked_add(v).ok_or_else(overflow)?),
                    None => {
                        return rt(format!(
                            "TypeError: unsupported operand type(s) for +: 'int' and '{}'",
                            type_name(x)
                        ))
                    }
                },
                _ => {
                    return rt(format!(
                        "TypeError: unsupported operand type(s) for +: '{}' and '{}'",
                        type_name(&acc),
                        type_name(x)
                    ))
                }
            },
        };
    }
    if let Value::Float(s) = &acc {
        if comp != 0.0 && comp.is_finite() {
            return Ok(float(s.get() + comp));
        }
    }
    Ok(acc)
}

/// The number built-ins' names.
pub(super) fn builtin_named_num(n: &str) -> Option<Builtin> {
    Some(match n {
        "float" => Builtin::Float,
        "round" => Builtin::Round,
        "divmod" => Builtin::Divmod,
        "pow" => Builtin::Pow,
        "format" => Builtin::Format,
        "hash" => Builtin::Hash,
        "chr" => Builtin::Chr,
        "ord" => Builtin::Ord,
        _ => return None,
    })
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

    /// `int(x)` / `int(s, base)`.
    pub(super) fn int_builtin(
        &self,
        args: &[Value],
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Value> {
        nargs(args, 0, 2, "int")?;
        let base = match args.get(1).cloned().or_else(|| kwarg("base")) {
            None => None,
            Some(b) => Some(int_arg(&b, "int() base")?),
        };
        if let Some(b) = base {
            if b != 0 && !(2..=36).contains(&b) {
                return rt("ValueError: int() base must be >= 2 and <= 36, or 0");
            }
        }
        Ok(match (args.first(), base) {
            (None, _) => Value::Int(0),
            (Some(Value::Str(s)), b) => {
                let b = b.unwrap_or(10) as u32;
                match number::parse_int(s, b) {
                    Ok(i) => Value::Int(i),
                    Err(true) => return Err(overflow()),
                    Err(false) => {
                        return rt(format!(
                            "ValueError: invalid literal for int() with base {b}: {}",
                            repr_str(s)
                        ))
                    }
                }
            }
            (Some(_), Some(_)) => {
                return rt("TypeError: int() can't convert non-string with explicit base")
            }
            (Some(Value::Int(i)), None) => Value::Int(*i),
            (Some(Value::Bool(b)), None) => Value::Int(*b as i64),
            (Some(Value::Float(x)), None) => {
                Value::Int(float_to_int(x.get()).or_else(rt)?)
            }
            (Some(v), None) => {
                return rt(format!(
                    "TypeError: int() argument must be a string, a bytes-like object or a real number, not '{}'",
                    type_name(v)
                ))
            }
        })
    }

    /// `float`, `round`, `divmod`, `pow`, `format`, `hash`, `chr`, `ord`, `abs`.
    pub(super) fn call_num_builtin(
        &mut self,
        tid: u32,
        b: Builtin,
        args: &[Value],
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Value> {
        let p = self.proc(tid) as u32;
        match b {
            Builtin::Float => {
                nargs(args, 0, 1, "float")?;
                Ok(match args.first() {
                    None => float(0.0),
                    Some(Value::Str(s)) => match number::parse_float(s) {
                        Some(x) => float(x),
                        None => {
                            return rt(format!(
                                "ValueError: could not convert string to float: {}",
                                repr_str(s)
                            ))
                        }
                    },
                    Some(v) => match as_f64(v) {
                        Some(x) => float(x),
                        None => {
                            return rt(format!(
                                "TypeError: float() argument must be a string or a real number, not '{}'",
                                type_name(v)
                            ))
                        }
                    },
                })
            }
            Builtin::Abs => {
                nargs(args, 1, 1, "abs")?;
                match &args[0] {
                    Value::Float(x) => Ok(float(x.get().abs())),
                    v => Ok(Value::Int(
                        int_arg(v, "abs()")?.checked_abs().ok_or_else(overflow)?,
                    )),
                }
            }
            Builtin::Round => {
                nargs(args, 1, 2, "round")?;
                let nd = match args.get(1).cloned().or_else(|| kwarg("ndigits")) {
                    None | Some(Value::None) => None,
                    Some(v) => Some(int_arg(&v, "round() ndigits")?),
                };
                match (&args[0], nd) {
                    (Value::Float(x), None) => Ok(Value::Int(
                        float_to_int(x.get().round_ties_even()).or_else(rt)?,
                    )),
                    (Value::Float(x), Some(n)) => Ok(float(number::round_float(x.get(), n))),
                    (v, nd) => {
                        let i = int_arg(v, "round()").or_else(|_| {
                            rt(format!(
                                "TypeError: type {} doesn't define __round__ method",
                                type_name(v)
                            ))
                        })?;
                        match nd {
                            Some(n) if n < 0 => Ok(Value::Int(round_int(i, n)?)),
                            _ => Ok(Value::Int(i)),
                        }
                    }
                }
            }
            Builtin::Divmod => {
                nargs(args, 2, 2, "divmod")?;
                let (a, b) = (&args[0], &args[1]);
                if let (Some(x), Some(y)) = (as_i64(a), as_i64(b)) {
                    let q = super::objects::int_op(BinOp::FloorDiv, x, y)?;
                    let r = super::objects::int_op(BinOp::Mod, x, y)?;
                    return self.new_tuple(vec![Value::Int(q), Value::Int(r)]);
                }
                match (as_f64(a), as_f64(b)) {
                    (Some(x), Some(y)) => {
                        if y == 0.0 {
                            return zero_div("float divmod()");
                        }
                        let (q, r) = float_divmod(x, y);
                        self.new_tuple(vec![float(q), float(r)])
                    }
                    _ => rt(format!(
                        "TypeError: unsupported operand type(s) for divmod(): '{}' and '{}'",
                        type_name(a),
                        type_name(b)
                    )),
                }
            }
            Builtin::Pow => {
                nargs(args, 2, 3, "pow")?;
                if let Some(m) = args.get(2) {
                    let (x, y, m) = (
                        int_arg(&args[0], "pow()")?,
                        int_arg(&args[1], "pow()")?,
                        int_arg(m, "pow()")?,
                    );
                    if m == 0 {
                        return rt("ValueError: pow() 3rd argument cannot be 0");
                    }
                    if y < 0 {
                        return rt("ValueError: ThreadLab's pow() takes no negative exponent with a modulus");
                    }
                    let (mut r, mut b, mut e, mm) =
                        (1i128, (x as i128).rem_euclid(m as i128), y, m as i128);
                    while e > 0 {
                        if e & 1 == 1 {
                            r = r * b % mm;
                        }
                        b = b * b % mm;
                        e >>= 1;
                    }
                    let r = r.rem_euclid(mm);
                    let r = if m < 0 && r != 0 { r + mm } else { r };
                    return Ok(Value::Int(r as i64));
                }
                self.binary(tid, BinOp::Pow, &args[0], &args[1])
            }
            Builtin::Format => {
                nargs(args, 1, 2, "format")?;
                let spec = match args.get(1) {
                    None => Rc::from(""),
                    Some(Value::Str(s)) => s.clone(),
                    Some(v) => {
                        return rt(format!(
                            "TypeError: format() argument 2 must be str, not {}",
                            type_name(v)
                        ))
                    }
                };
                let text = self.format_value(p, &args[0], &spec)?;
                self.new_str(text)
            }
            Builtin::Hash => {
                nargs(args, 1, 1, "hash")?;
                match &args[0] {
                    Value::Float(x) => Ok(Value::Int(number::hash_number(x.get()))),
                    Value::Int(i) => Ok(Value::Int(number::hash_int(*i))),
                    Value::Bool(b) => Ok(Value::Int(*b as i64)),
                    v => rt(format!(
                        "TypeError: ThreadLab's hash() takes numbers (string hashes are randomised per run in CPython), not '{}'",
                        type_name(v)
                    )),
                }
            }
            Builtin::Chr => {
                nargs(args, 1, 1, "chr")?;
                let i = int_arg(&args[0], "chr()")?;
                match u32::try_from(i).ok().and_then(char::from_u32) {
                    Some(c) => self.new_str(c.to_string()),
                    None => rt("ValueError: chr() arg not in range(0x110000)"),
                }
            }
            Builtin::Ord => {
                nargs(args, 1, 1, "ord")?;
                match &args[0] {
                    Value::Str(s) if s.chars().count() == 1 => {
                        Ok(Value::Int(s.chars().next().map_or(0, |c| c as i64)))
                    }
                    Value::Str(s) => rt(format!(
                        "TypeError: ord() expected a character, but string of length {} found",
                        s.chars().count()
                    )),
                    v => rt(format!(
                        "TypeError: ord() expected string of length 1, but {} found",
                        type_name(v)
                    )),
                }
            }
            _ => rt("internal error: not a number built-in"),
        }
    }

    /// `sum(iterable, start=0)`.
    pub(super) fn sum_builtin(
        &mut self,
        tid: u32,
        args: &[Value],
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Value> {
        nargs(args, 1, 2, "sum")?;
        let start = args
            .get(1)
            .cloned()
            .or_else(|| kwarg("start"))
            .unwrap_or(Value::Int(0));
        if matches!(start, Value::Str(_)) {
            return rt("TypeError: sum() can't sum strings [use ''.join(seq) instead]");
        }
        let items = self.iter_items(tid, &args[0])?;
        sum_numbers(&items, &start)
    }
}

/// `round(i, n)` for an int and a negative `n`: to a multiple of 10**-n, ties to even.
fn round_int(i: i64, n: i64) -> R<i64> {
    if n < -18 {
        return Ok(0);
    }
    let m = 10i128.pow((-n) as u32);
    let x = i as i128;
    let (q, r) = (x.div_euclid(m), x.rem_euclid(m));
    let q = match (2 * r).cmp(&m) {
        Ordering::Greater => q + 1,
        Ordering::Equal if q % 2 != 0 => q + 1,
        _ => q,
    };
    i64::try_from(q * m).map_err(|_| overflow())
}
