//! The number built-ins: `float`, `int`, `round`, `divmod`, `pow`, `abs`, `sum` (exact for
//! ints, compensated for floats, as CPython 3.12+), `hash`, `chr`, `ord`, and their names.

use super::super::number::{self, float_divmod, float_to_int};
use super::super::syntax::ast::BinOp;
use super::super::value::{repr_str, Builtin, Value};
use super::float::{as_f64, as_i64, float, zero_div};
use super::*;
use std::cmp::Ordering;
use std::rc::Rc;

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
