//! The `math` module: constants and functions with CPython's values (the platform libm, as
//! CPython uses it) and CPython's errors (`ValueError: math domain error`, `OverflowError:
//! math range error`). `fsum` is CPython's exact (Shewchuk) sum.
//!
//! Natively the libm functions (`sin`, `exp`, `log`, …) are the C library's, as CPython's;
//! in the browser they are Rust's `libm` port of musl, which can differ in the last bit.

use super::super::syntax::ast::BinOp;
use super::super::value::{Builtin, Module, Value};
use super::float::float;
use super::math_num::{checked, domain, gcd, integer, log_of, range_err, real};
use super::*;

pub(super) use super::math_num::fsum;

/// `math` names, in `Builtin::Math(index)` order; the first five are constants.
const MATH: &[&str] = &[
    "pi",
    "e",
    "tau",
    "inf",
    "nan",
    "sqrt",
    "floor",
    "ceil",
    "trunc",
    "fabs",
    "factorial",
    "gcd",
    "isqrt",
    "prod",
    "fsum",
    "isclose",
    "log",
    "log2",
    "log10",
    "exp",
    "pow",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "atan2",
    "hypot",
    "isnan",
    "isinf",
    "isfinite",
    "degrees",
    "radians",
    "copysign",
    "lcm",
    "dist",
    "comb",
    "perm",
];
const CONSTANTS: usize = 5;

/// `sys` names, in `Builtin::Sys(index)` order (the attributes that are not functions are
/// made by `Machine::module_attr`).
pub(super) const SYS: &[&str] = &[
    "exit",
    "setswitchinterval",
    "getswitchinterval",
    "stdout",
    "stderr",
    "argv",
    "version_info",
    "maxsize",
    "version",
    "platform",
];

/// `module.attr` for `math` and `sys`, as a built-in (also the compile-time check of
/// `from math import …`).
pub fn module_fn(m: Module, attr: &str) -> Option<Builtin> {
    match m {
        Module::Math => MATH
            .iter()
            .position(|n| *n == attr)
            .map(|i| Builtin::Math(i as u8)),
        Module::Sys => SYS
            .iter()
            .position(|n| *n == attr)
            .map(|i| Builtin::Sys(i as u8)),
        _ => None,
    }
}

impl Machine {
    /// `math.<f>(args)`.
    pub(super) fn call_math(
        &mut self,
        tid: u32,
        idx: u8,
        args: &[Value],
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Value> {
        let name = MATH.get(idx as usize).copied().unwrap_or("?");
        if (idx as usize) < CONSTANTS {
            return rt(format!(
                "TypeError: 'float' object is not callable (math.{name})"
            ));
        }
        let want = |n: usize| -> R<()> {
            if args.len() != n {
                return rt(format!(
                    "TypeError: math.{name}() takes exactly {n} argument{} ({} given)",
                    if n == 1 { "" } else { "s" },
                    args.len()
                ));
            }
            Ok(())
        };
        let x = || real(&args[0]);
        Ok(match name {
            "sqrt" => {
                want(1)?;
                let x = x()?;
                if x < 0.0 {
                    return domain();
                }
                float(x.sqrt())
            }
            "floor" | "ceil" | "trunc" => {
                want(1)?;
                if let Some(i) = args[0].int_like() {
                    return Ok(Value::Int(i));
                }
                let x = x()?;
                let r = match name {
                    "floor" => x.floor(),
                    "ceil" => x.ceil(),
                    _ => x.trunc(),
                };
                Value::Int(super::super::number::float_to_int(r).or_else(rt)?)
            }
            "fabs" => {
                want(1)?;
                float(x()?.abs())
            }
            "factorial" => {
                want(1)?;
                let n = integer(&args[0])?;
                if n < 0 {
                    return rt("ValueError: factorial() not defined for negative values");
                }
                let mut r: i64 = 1;
                for k in 2..=n {
                    r = r.checked_mul(k).ok_or_else(overflow)?;
                }
                Value::Int(r)
            }
            "gcd" | "lcm" => {
                let mut acc = if name == "gcd" { 0 } else { 1 };
                for a in args {
                    let v = integer(a)?;
                    acc = if name == "gcd" {
                        gcd(acc, v)
                    } else if acc == 0 || v == 0 {
                        0
                    } else {
                        (acc / gcd(acc, v))
                            .checked_mul(v.abs())
                            .ok_or_else(overflow)?
                            .abs()
                    };
                }
                Value::Int(acc)
            }
            "isqrt" => {
                want(1)?;
                let n = integer(&args[0])?;
                if n < 0 {
                    return rt("ValueError: isqrt() argument must be nonnegative");
                }
                let mut r = (n as f64).sqrt() as i64;
                while (r as i128) * (r as i128) > n as i128 {
                    r -= 1;
                }
                while ((r + 1) as i128) * ((r + 1) as i128) <= n as i128 {
                    r += 1;
                }
                Value::Int(r)
            }
            "prod" => {
                want(1)?;
                let items = self.iter_items(tid, &args[0])?;
                let mut acc = kwarg("start").unwrap_or(Value::Int(1));
                for it in &items {
                    acc = self.binary(tid, BinOp::Mul, &acc, it)?;
                }
                acc
            }
            "fsum" => {
                want(1)?;
                let items = self.iter_items(tid, &args[0])?;
                let xs: Vec<f64> = items.iter().map(real).collect::<R<_>>()?;
                float(fsum(&xs)?)
            }
            "isclose" => {
                want(2)?;
                let (a, b) = (real(&args[0])?, real(&args[1])?);
                let rel = kwarg("rel_tol").map_or(Ok(1e-9), |v| real(&v))?;
                let abs = kwarg("abs_tol").map_or(Ok(0.0), |v| real(&v))?;
                if rel < 0.0 || abs < 0.0 {
                    return rt("ValueError: tolerances must be non-negative");
                }
                if a == b {
                    return Ok(Value::Bool(true));
                }
                if a.is_infinite() || b.is_infinite() {
                    return Ok(Value::Bool(false));
                }
                let d = (b - a).abs();
                Value::Bool(d <= (rel * b).abs() || d <= (rel * a).abs() || d <= abs)
            }
            "log" => {
                if args.is_empty() || args.len() > 2 {
                    return rt(format!(
                        "TypeError: log expected 1 or 2 arguments, got {}",
                        args.len()
                    ));
                }
                let lx = log_of(x()?)?;
                match args.get(1) {
                    None => float(lx),
                    Some(b) => {
                        let lb = log_of(real(b)?)?;
                        if lb == 0.0 {
                            return rt("ZeroDivisionError: float division by zero");
                        }
                        float(lx / lb)
                    }
                }
            }
            "log2" | "log10" => {
                want(1)?;
                let x = x()?;
                if x <= 0.0 {
                    return domain();
                }
                float(if name == "log2" { x.log2() } else { x.log10() })
            }
            "exp" => {
                want(1)?;
                let x = x()?;
                checked(x, x.exp(), true)?
            }
            "pow" => {
                want(2)?;
                let (a, b) = (x()?, real(&args[1])?);
                if a == 0.0 && b < 0.0 && b.is_finite() {
                    return domain();
                }
                if a < 0.0 && a.is_finite() && b.is_finite() && b.fract() != 0.0 {
                    return domain();
                }
                let r = a.powf(b);
                if r.is_infinite() && a.is_finite() && b.is_finite() {
                    return range_err();
                }
                float(r)
            }
            "sin" | "cos" | "tan" | "asin" | "acos" | "atan" => {
                want(1)?;
                let x = x()?;
                let r = match name {
                    "sin" => x.sin(),
                    "cos" => x.cos(),
                    "tan" => x.tan(),
                    "asin" => x.asin(),
                    "acos" => x.acos(),
                    _ => x.atan(),
                };
                checked(x, r, false)?
            }
            "atan2" | "copysign" => {
                want(2)?;
                let (a, b) = (x()?, real(&args[1])?);
                float(if name == "atan2" {
                    a.atan2(b)
                } else {
                    a.copysign(b)
                })
            }
            "hypot" => {
                let xs: Vec<f64> = args.iter().map(real).collect::<R<_>>()?;
                float(match xs.as_slice() {
                    [] => 0.0,
                    [a] => a.abs(),
                    [a, b] => a.hypot(*b),
                    _ => xs.iter().map(|v| v * v).sum::<f64>().sqrt(),
                })
            }
            "dist" => {
                want(2)?;
                let (p, q) = (
                    self.iter_items(tid, &args[0])?,
                    self.iter_items(tid, &args[1])?,
                );
                if p.len() != q.len() {
                    return rt("ValueError: both points must have the same number of dimensions");
                }
                let mut d = vec![];
                for (a, b) in p.iter().zip(&q) {
                    d.push(real(a)? - real(b)?);
                }
                float(match d.as_slice() {
                    [a] => a.abs(),
                    [a, b] => a.hypot(*b),
                    _ => d.iter().map(|v| v * v).sum::<f64>().sqrt(),
                })
            }
            "isnan" | "isinf" | "isfinite" => {
                want(1)?;
                let x = x()?;
                Value::Bool(match name {
                    "isnan" => x.is_nan(),
                    "isinf" => x.is_infinite(),
                    _ => x.is_finite(),
                })
            }
            "degrees" => {
                want(1)?;
                float(x()? * (180.0 / std::f64::consts::PI))
            }
            "radians" => {
                want(1)?;
                float(x()? * (std::f64::consts::PI / 180.0))
            }
            "comb" | "perm" => {
                if args.is_empty() || args.len() > 2 || (name == "comb" && args.len() != 2) {
                    return rt(format!(
                        "TypeError: {name} expected 2 arguments, got {}",
                        args.len()
                    ));
                }
                let n = integer(&args[0])?;
                let k = match args.get(1) {
                    Some(v) => integer(v)?,
                    None => n,
                };
                if n < 0 || k < 0 {
                    return rt(format!(
                        "ValueError: {} must be a non-negative integer",
                        if n < 0 { "n" } else { "k" }
                    ));
                }
                if k > n {
                    return Ok(Value::Int(0));
                }
                let k = if name == "comb" { k.min(n - k) } else { k };
                let mut r: i128 = 1;
                for i in 0..k {
                    r = r.checked_mul((n - i) as i128).ok_or_else(overflow)?;
                    if name == "comb" {
                        r /= (i + 1) as i128;
                    }
                    if r > i64::MAX as i128 {
                        return Err(overflow());
                    }
                }
                Value::Int(r as i64)
            }
            _ => {
                return rt(format!(
                    "AttributeError: module 'math' has no attribute '{name}'"
                ))
            }
        })
    }

    /// `math.X` / `sys.X` as a value: constants, streams, `argv`, `version_info`, or the function.
    pub(super) fn module_attr(&mut self, tid: u32, m: Module, n: &str) -> R<Value> {
        let Some(b) = module_fn(m, n) else {
            return rt(format!(
                "AttributeError: `{}.{n}` is not supported in ThreadLab's Python subset",
                m.name()
            ));
        };
        Ok(match (m, n) {
            (Module::Math, "pi") => float(std::f64::consts::PI),
            (Module::Math, "e") => float(std::f64::consts::E),
            (Module::Math, "tau") => float(std::f64::consts::TAU),
            (Module::Math, "inf") => float(f64::INFINITY),
            (Module::Math, "nan") => float(f64::NAN),
            (Module::Sys, _) => return self.sys_attr(tid, n, b),
            _ => Value::Builtin(b),
        })
    }
}

impl Value {
    /// An int or bool as i64.
    pub(super) fn int_like(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(*b as i64),
            _ => None,
        }
    }
}
