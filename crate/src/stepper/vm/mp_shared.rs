//! multiprocessing's shared memory: `Value(typecode, value)` and `Array(typecode,
//! size_or_items)`, shared by every process with their own `get_lock()` (an `RLock`), their
//! ctypes typecodes, and `a[i]`, `a[i] = x`, `a[:]` and the items of an Array.

use super::super::value::{SyncObj, Value};
use super::builtins::{int_arg, nargs};
use super::*;
use std::rc::Rc;

/// What a `Value` / `Array` item may hold (ints, bools, floats: ctypes numbers).
pub(super) fn shared_number(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_) | Value::Float(_))
}

impl Machine {
    /// `multiprocessing.Value(typecode, value)`: an int, bool or float shared by every process.
    pub(super) fn mp_value_new(
        &mut self,
        args: &[Value],
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Value> {
        nargs(args, 1, 2, "Value")?;
        let code = typecode(&args[0])?;
        let v = match args.get(1) {
            None => zero(&code),
            Some(v) => item(&code, v)?,
        };
        let _ = kwarg("lock");
        let lock = self.rlock();
        Ok(self.new_sync(SyncObj::MpValue { value: v, lock }))
    }

    pub(super) fn mp_array_new(
        &mut self,
        p: usize,
        args: &[Value],
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Value> {
        nargs(args, 2, 2, "Array")?;
        let _ = kwarg("lock");
        let code = typecode(&args[0])?;
        let items = match &args[1] {
            Value::Int(n) => {
                if *n < 0 || *n > 1_000_000 {
                    return rt("ValueError: Array size must be between 0 and 1000000 in ThreadLab");
                }
                vec![zero(&code); *n as usize]
            }
            other => {
                let xs = self.iter_items_of(p, other)?;
                xs.iter().map(|x| item(&code, x)).collect::<R<_>>()?
            }
        };
        let lock = self.rlock();
        Ok(self.new_sync(SyncObj::MpArray {
            typecode: code,
            items,
            lock,
        }))
    }

    pub(super) fn rlock(&mut self) -> u32 {
        match self.new_sync(SyncObj::RLock {
            owner: None,
            count: 0,
        }) {
            Value::Sync(s) => s,
            _ => 0,
        }
    }

    /// The items of a list, tuple or range (an Array's initializer).
    pub(super) fn iter_items_of(&self, p: usize, v: &Value) -> R<Vec<Value>> {
        Ok(match v {
            Value::List(id) => list_items(&self.mems[p].heap, *id),
            Value::Tuple(xs) => xs.to_vec(),
            Value::Range(a, b, s) if *s > 0 && b - a <= 1_000_000 => {
                (*a..*b).step_by(*s as usize).map(Value::Int).collect()
            }
            other => {
                return rt(format!(
                    "TypeError: Array() needs a size or a list of numbers, not '{}'",
                    type_name(other)
                ))
            }
        })
    }

    /// `arr[i]` / `arr[a:b]` on a shared Array (`None`: `o` is not one).
    pub(super) fn mp_subscr(&mut self, tid: u32, o: &Value, k: &Value) -> Option<R<Value>> {
        let Value::Sync(s) = o else { return None };
        let SyncObj::MpArray { items, .. } = self.syncs.get(*s as usize)? else {
            return None;
        };
        Some(match k {
            Value::Int(_) | Value::Bool(_) => index(items.len(), k).map(|i| items[i].clone()),
            Value::Slice(sl) => {
                let (a, b) = (sl[0].clone(), sl[1].clone());
                let n = items.len() as i64;
                let bound = |v: &Value, d: i64| match v {
                    Value::Int(i) if *i < 0 => (n + i).max(0),
                    Value::Int(i) => (*i).min(n),
                    _ => d,
                };
                let (a, b) = (bound(&a, 0), bound(&b, n));
                if !matches!(sl[2], Value::None | Value::Int(1)) {
                    return Some(rt("NotImplementedError: an Array slice with a step is not in ThreadLab's subset"));
                }
                let xs = if a < b {
                    items[a as usize..b as usize].to_vec()
                } else {
                    vec![]
                };
                self.alloc(tid, super::super::value::HeapObj::List(xs))
                    .map(Value::List)
            }
            other => rt(format!(
                "TypeError: array indices must be integers, not '{}'",
                type_name(other)
            )),
        })
    }

    /// `arr[i] = x` on a shared Array (`None`: `o` is not one).
    pub(super) fn mp_store_subscr(&mut self, o: &Value, k: &Value, v: &Value) -> Option<R<()>> {
        let Value::Sync(s) = o else { return None };
        let SyncObj::MpArray {
            items, typecode, ..
        } = self.syncs.get_mut(*s as usize)?
        else {
            return None;
        };
        Some((|| {
            let i = index(items.len(), k)?;
            items[i] = item(typecode, v)?;
            Ok(())
        })())
    }

    /// `len(arr)` and the items `for x in arr` walks (`None`: not an Array).
    pub(super) fn mp_array_items(&self, o: &Value) -> Option<Vec<Value>> {
        let Value::Sync(s) = o else { return None };
        match self.syncs.get(*s as usize)? {
            SyncObj::MpArray { items, .. } => Some(items.clone()),
            _ => None,
        }
    }
}

/// A ctypes typecode ('i', 'd', ...) or its Python type name as a string.
fn typecode(v: &Value) -> R<Rc<str>> {
    match v {
        Value::Str(s) if matches!(&**s, "i" | "l" | "q" | "h" | "b" | "I" | "L" | "Q" | "H" | "B" | "d" | "f") => {
            Ok(s.clone())
        }
        Value::Str(s) => rt(format!(
            "TypeError: ThreadLab's multiprocessing shares numbers only: typecode '{s}' is not one of 'i', 'l', 'q', 'h', 'b', 'd', 'f'"
        )),
        other => rt(format!(
            "TypeError: a typecode string such as 'i' or 'd' is needed, not '{}'",
            type_name(other)
        )),
    }
}

fn is_float(code: &str) -> bool {
    matches!(code, "d" | "f")
}

fn zero(code: &str) -> Value {
    if is_float(code) {
        Value::Float(super::super::number::F64::new(0.0))
    } else {
        Value::Int(0)
    }
}

/// `v` stored into a slot of typecode `code`, as ctypes converts it (or its TypeError).
fn item(code: &str, v: &Value) -> R<Value> {
    Ok(match (is_float(code), v) {
        (false, Value::Int(_)) => v.clone(),
        (false, Value::Bool(b)) => Value::Int(*b as i64),
        (true, Value::Float(_)) => v.clone(),
        (true, Value::Int(i)) => Value::Float(super::super::number::F64::new(*i as f64)),
        (true, Value::Bool(b)) => Value::Float(super::super::number::F64::new(*b as i64 as f64)),
        (false, other) => {
            return rt(format!(
                "TypeError: int expected instead of {}",
                type_name(other)
            ))
        }
        (true, other) => {
            return rt(format!(
                "TypeError: must be real number, not {}",
                type_name(other)
            ))
        }
    })
}

fn index(len: usize, k: &Value) -> R<usize> {
    let i = int_arg(k, "index")?;
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        return rt("IndexError: invalid index");
    }
    Ok(j as usize)
}
