//! The object model: type names, operators, comparisons, subscripts, iteration and `==`.

use super::super::syntax::ast::{BinOp, CmpOp};
use super::super::value::Heap;
use super::super::value::{range_len, HeapObj, Value};
use super::*;

pub(super) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::None => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Str(_) => "str",
        Value::List(_) => "list",
        Value::Dict(_) => "dict",
        Value::Tuple(_) => "tuple",
        Value::Range(..) => "range",
        Value::Func(_) => "function",
        Value::Builtin(_) => "builtin_function_or_method",
        Value::Module(_) => "module",
        Value::Sync(_) => "sync object",
        Value::ThreadObj(_) => "Thread",
        Value::Method(_) => "method",
        Value::Coro(_) => "coroutine",
        Value::Awaitable(_) => "awaitable",
        // numbers
        Value::Float(_) => "float",
        Value::Slice(_) => "slice",
        // functions
        Value::Closure(_) => "function",
        Value::Cell(_) => "cell",
        Value::Gen(_) => "generator",
        Value::Set(_) => "set",
        // classes and exceptions (an instance names its class where the heap is at hand)
        Value::Class(_) => "type",
        Value::Instance(_) => "object",
        Value::Bound(_) => "method",
        Value::Super(_) => "super",
        _ => "iterator",
    }
}

impl Machine {
    pub(super) fn check_hashable(&self, v: &Value) -> R<()> {
        match v {
            Value::List(_) => rt("TypeError: unhashable type: 'list'"),
            Value::Dict(_) => rt("TypeError: unhashable type: 'dict'"),
            // functions
            Value::Set(_) => rt("TypeError: unhashable type: 'set'"),
            Value::Tuple(xs) => xs.iter().try_for_each(|x| self.check_hashable(x)),
            _ => Ok(()),
        }
    }

    pub(super) fn subscr(&self, tid: u32, o: &Value, i: &Value) -> R<Value> {
        let heap = &self.mems[self.proc(tid)].heap;
        let index = |len: usize| -> R<usize> {
            let Value::Int(mut k) = *i else {
                if let Value::Bool(b) = i {
                    return Ok(*b as usize).and_then(|k| {
                        if k < len {
                            Ok(k)
                        } else {
                            rt("IndexError: index out of range")
                        }
                    });
                }
                return rt(format!(
                    "TypeError: indices must be integers, not {}",
                    type_name(i)
                ));
            };
            if k < 0 {
                k += len as i64;
            }
            if k < 0 || k >= len as i64 {
                return rt(format!("IndexError: {} index out of range", type_name(o)));
            }
            Ok(k as usize)
        };
        match o {
            Value::List(id) => match &heap[*id as usize] {
                HeapObj::List(xs) => Ok(xs[index(xs.len())?].clone()),
                _ => rt("TypeError: bad list"),
            },
            Value::Tuple(xs) => Ok(xs[index(xs.len())?].clone()),
            Value::Str(s) => {
                let n = s.chars().count();
                let k = index(n)?;
                Ok(Value::Str(
                    s.chars()
                        .nth(k)
                        .map(|c| c.to_string())
                        .unwrap_or_default()
                        .into(),
                ))
            }
            Value::Dict(id) => match &heap[*id as usize] {
                HeapObj::Dict(kv) => match kv.iter().find(|(k, _)| eq(heap, k, i)) {
                    Some((_, v)) => Ok(v.clone()),
                    None => rt(format!("KeyError: {}", self.repr(self.proc(tid) as u32, i))),
                },
                _ => rt("TypeError: bad dict"),
            },
            _ => rt(format!(
                "TypeError: '{}' object is not subscriptable",
                type_name(o)
            )),
        }
    }

    pub(super) fn store_subscr(&mut self, tid: u32, o: &Value, i: Value, v: Value) -> R<()> {
        // numbers
        if let Value::Slice(s) = &i {
            return self.slice_set(tid, o, s, &v);
        }
        let p = self.proc(tid);
        match o {
            Value::List(id) => {
                let len = match &self.mems[p].heap[*id as usize] {
                    HeapObj::List(xs) => xs.len() as i64,
                    _ => 0,
                };
                let Value::Int(mut k) = i else {
                    return rt(format!(
                        "TypeError: list indices must be integers, not {}",
                        type_name(&i)
                    ));
                };
                if k < 0 {
                    k += len;
                }
                if k < 0 || k >= len {
                    return rt("IndexError: list assignment index out of range");
                }
                if let HeapObj::List(xs) = &mut self.mems[p].heap[*id as usize] {
                    xs[k as usize] = v;
                }
                Ok(())
            }
            Value::Dict(id) => {
                self.check_hashable(&i)?;
                let pos = match &self.mems[p].heap[*id as usize] {
                    HeapObj::Dict(kv) => kv.iter().position(|(k, _)| eq(&self.mems[p].heap, k, &i)),
                    _ => None,
                };
                if pos.is_none() {
                    self.charge(48)?;
                }
                if let HeapObj::Dict(kv) = &mut self.mems[p].heap[*id as usize] {
                    match pos {
                        Some(j) => kv[j].1 = v,
                        None => kv.push((i, v)),
                    }
                }
                Ok(())
            }
            _ => rt(format!(
                "TypeError: '{}' object does not support item assignment",
                type_name(o)
            )),
        }
    }

    pub(super) fn binary(&mut self, tid: u32, op: BinOp, a: &Value, b: &Value) -> R<Value> {
        let as_int = |v: &Value| match v {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(*b as i64),
            _ => None,
        };
        if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
            // numbers: `/` and a negative `**` give floats
            if op == BinOp::Div || (op == BinOp::Pow && y < 0) {
                return float::num_binary(op, a, b).unwrap_or_else(|| rt("internal error"));
            }
            return Ok(Value::Int(int_op(op, x, y)?));
        }
        // numbers
        if let Some(r) = float::num_binary(op, a, b) {
            return r;
        }
        if let (BinOp::Mod, Value::Str(f)) = (op, a) {
            let text = self.percent_format(self.proc(tid) as u32, f, b)?;
            return self.new_str(text);
        }
        let p = self.proc(tid);
        match (op, a, b) {
            // functions: set operators
            (
                BinOp::BitOr | BinOp::BitAnd | BinOp::BitXor | BinOp::Sub,
                Value::Set(x),
                Value::Set(y),
            ) => {
                let c = match op {
                    BinOp::BitOr => '|',
                    BinOp::BitAnd => '&',
                    BinOp::BitXor => '^',
                    _ => '-',
                };
                self.set_binary(tid, *x, *y, c)
            }
            (BinOp::Add, Value::Str(x), Value::Str(y)) => {
                if (x.len() + y.len()) as u64 > limits::MAX_STR_LEN {
                    return rt("MemoryError: string too long for ThreadLab");
                }
                self.new_str(format!("{x}{y}"))
            }
            (BinOp::Add, Value::Tuple(x), Value::Tuple(y)) => {
                if (x.len() + y.len()) as u64 > limits::MAX_SEQ_LEN {
                    return rt("MemoryError: tuple too long for ThreadLab");
                }
                self.new_tuple(x.iter().chain(y.iter()).cloned().collect())
            }
            (BinOp::Add, Value::List(x), Value::List(y)) => {
                let (nx, ny) = (
                    list_len(&self.mems[p].heap, *x),
                    list_len(&self.mems[p].heap, *y),
                );
                if (nx + ny) as u64 > limits::MAX_SEQ_LEN {
                    return rt("MemoryError: list too long for ThreadLab");
                }
                let mut items = list_items(&self.mems[p].heap, *x);
                items.extend(list_items(&self.mems[p].heap, *y));
                Ok(Value::List(self.alloc(tid, HeapObj::List(items))?))
            }
            (BinOp::Mul, Value::Str(s), n) | (BinOp::Mul, n, Value::Str(s))
                if as_int(n).is_some() =>
            {
                // The count is checked in 64 bits before any work (never cut to a 32-bit usize).
                let n = as_int(n).unwrap_or(0);
                let total = limits::repeat_len(s.len(), n, true, limits::MAX_STR_LEN, "string")?;
                if total == 0 {
                    return Ok(Value::Str("".into()));
                }
                self.new_str(s.repeat(total / s.len()))
            }
            (BinOp::Mul, Value::Tuple(xs), n) | (BinOp::Mul, n, Value::Tuple(xs))
                if as_int(n).is_some() =>
            {
                let n = as_int(n).unwrap_or(0);
                let total = limits::repeat_len(xs.len(), n, false, limits::MAX_SEQ_LEN, "tuple")?;
                let k = if total == 0 { 0 } else { total / xs.len() };
                self.new_tuple((0..k).flat_map(|_| xs.iter().cloned()).collect())
            }
            (BinOp::Mul, Value::List(x), n) | (BinOp::Mul, n, Value::List(x))
                if as_int(n).is_some() =>
            {
                let n = as_int(n).unwrap_or(0);
                let len = list_len(&self.mems[p].heap, *x);
                let total = limits::repeat_len(len, n, false, limits::MAX_SEQ_LEN, "list")?;
                let k = if total == 0 { 0 } else { total / len };
                let items = list_items(&self.mems[p].heap, *x);
                let all: Vec<Value> = (0..k).flat_map(|_| items.iter().cloned()).collect();
                Ok(Value::List(self.alloc(tid, HeapObj::List(all))?))
            }
            _ => rt(format!(
                "TypeError: unsupported operand type(s) for {}: '{}' and '{}'",
                op.symbol(),
                type_name(a),
                type_name(b)
            )),
        }
    }

    pub(super) fn compare(&self, tid: u32, op: CmpOp, a: &Value, b: &Value) -> R<bool> {
        // numbers: floats, and ordering of tuples and lists
        if matches!(a, Value::Float(_) | Value::Tuple(_) | Value::List(_))
            || matches!(b, Value::Float(_))
        {
            if let Some(r) = self.num_compare(tid, op, a, b) {
                return r;
            }
        }
        let heap = &self.mems[self.proc(tid)].heap;
        let ord = || -> R<std::cmp::Ordering> {
            let as_int = |v: &Value| match v {
                Value::Int(i) => Some(*i),
                Value::Bool(b) => Some(*b as i64),
                _ => None,
            };
            match (a, b) {
                (Value::Str(x), Value::Str(y)) => Ok(x.cmp(y)),
                // functions: tuples compare item by item (for min/max and key functions)
                (Value::Tuple(_), Value::Tuple(_)) if py_cmp(a, b).is_some() => {
                    Ok(py_cmp(a, b).unwrap_or(std::cmp::Ordering::Equal))
                }
                _ => match (as_int(a), as_int(b)) {
                    (Some(x), Some(y)) => Ok(x.cmp(&y)),
                    _ => rt(format!(
                        "TypeError: '{}' not supported between instances of '{}' and '{}'",
                        op.symbol(),
                        type_name(a),
                        type_name(b)
                    )),
                },
            }
        };
        Ok(match op {
            CmpOp::Eq => eq(heap, a, b),
            CmpOp::Ne => !eq(heap, a, b),
            CmpOp::Lt => ord()?.is_lt(),
            CmpOp::Le => ord()?.is_le(),
            CmpOp::Gt => ord()?.is_gt(),
            CmpOp::Ge => ord()?.is_ge(),
            CmpOp::Is => a == b,
            CmpOp::IsNot => a != b,
            CmpOp::In | CmpOp::NotIn => {
                let found = match b {
                    Value::List(id) => list_items(heap, *id).iter().any(|x| eq(heap, x, a)),
                    Value::Tuple(xs) => xs.iter().any(|x| eq(heap, x, a)),
                    Value::Dict(id) => match &heap[*id as usize] {
                        HeapObj::Dict(kv) => kv.iter().any(|(k, _)| eq(heap, k, a)),
                        _ => false,
                    },
                    // functions
                    Value::Set(id) => self.set_contains(tid, *id, a)?,
                    Value::Str(s) => match a {
                        Value::Str(x) => s.contains(&**x),
                        _ => return rt("TypeError: 'in <string>' requires string as left operand"),
                    },
                    Value::Range(lo, hi, st) => match a {
                        Value::Int(x) => {
                            let n = range_len(*lo, *hi, *st);
                            n > 0
                                && ((*st > 0 && x >= lo && x < hi)
                                    || (*st < 0 && x <= lo && x > hi))
                                && (x - lo) % st == 0
                        }
                        _ => false,
                    },
                    _ => {
                        return rt(format!(
                            "TypeError: argument of type '{}' is not iterable",
                            type_name(b)
                        ))
                    }
                };
                found == (op == CmpOp::In)
            }
        })
    }
}

pub(super) fn overflow() -> RtErr {
    RtErr {
        msg: "OverflowError: integer result does not fit in 64 bits (ThreadLab's integers are i64)"
            .into(),
        assert: false,
    }
}

pub(crate) fn int_op(op: BinOp, x: i64, y: i64) -> R<i64> {
    let r = match op {
        BinOp::Add => x.checked_add(y),
        BinOp::Sub => x.checked_sub(y),
        BinOp::Mul => x.checked_mul(y),
        BinOp::FloorDiv | BinOp::Mod => {
            if y == 0 {
                return rt("ZeroDivisionError: integer division or modulo by zero");
            }
            let q = x.checked_div(y).ok_or_else(overflow)?;
            let r = x - q * y;
            let (q, r) = if r != 0 && ((r < 0) != (y < 0)) {
                (q - 1, r + y)
            } else {
                (q, r)
            };
            Some(if op == BinOp::FloorDiv { q } else { r })
        }
        // numbers: handled as floats before int_op
        BinOp::Div => return rt("internal error: int true division"),
        // functions
        BinOp::BitOr => Some(x | y),
        BinOp::BitAnd => Some(x & y),
        BinOp::BitXor => Some(x ^ y),
        BinOp::Pow => {
            if y < 0 {
                return rt("ValueError: negative exponents give floats, which ThreadLab's subset does not support");
            }
            u32::try_from(y).ok().and_then(|e| x.checked_pow(e))
        }
    };
    r.ok_or_else(overflow)
}

/// The length of a list (0 if `id` is not one).
pub(super) fn list_len(heap: &Heap, id: u32) -> usize {
    match heap.get(id as usize) {
        Some(HeapObj::List(xs)) => xs.len(),
        _ => 0,
    }
}

pub(super) fn list_items(heap: &Heap, id: u32) -> Vec<Value> {
    match heap.get(id as usize) {
        Some(HeapObj::List(xs)) => xs.clone(),
        _ => vec![],
    }
}

/// Python's ordering for what `sorted` accepts: ints/bools, strings, tuples of them.
pub(super) fn py_cmp(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    if !limits::burn() {
        // Out of the step's comparisons: the step ends with outcome `budget` right after.
        return Some(std::cmp::Ordering::Equal);
    }
    let as_int = |v: &Value| match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    };
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
        (Value::Tuple(xs), Value::Tuple(ys)) => {
            for (x, y) in xs.iter().zip(ys.iter()) {
                match py_cmp(x, y)? {
                    std::cmp::Ordering::Equal => continue,
                    o => return Some(o),
                }
            }
            Some(xs.len().cmp(&ys.len()))
        }
        _ => {
            // numbers
            if let Some(o) = float::num_order(a, b) {
                return Some(o.unwrap_or(std::cmp::Ordering::Equal));
            }
            Some(as_int(a)?.cmp(&as_int(b)?))
        }
    }
}

/// Python `==` (a self-containing list compares unequal past depth 50 instead of recursing forever).
pub fn eq(heap: &Heap, a: &Value, b: &Value) -> bool {
    let budget = std::cell::Cell::new(limits::EQ_NODES);
    eq_depth(heap, a, b, 0, &budget)
}

pub(super) fn eq_depth(
    heap: &Heap,
    a: &Value,
    b: &Value,
    depth: u32,
    budget: &std::cell::Cell<u32>,
) -> bool {
    if !limits::burn() {
        return false; // out of the step's comparisons: the step ends with `budget`
    }
    if a == b && !matches!(a, Value::Tuple(_)) {
        return true; // the same object (or the same scalar)
    }
    if depth > 50 || budget.get() == 0 {
        return false;
    }
    budget.set(budget.get() - 1);
    let eq = |heap: &Heap, a: &Value, b: &Value| eq_depth(heap, a, b, depth + 1, budget);
    let as_int = |v: &Value| match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    };
    if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
        return x == y;
    }
    // numbers
    if let Some(r) = float::num_eq(a, b) {
        return r;
    }
    // collections
    if let Some(r) = super::dunders::coll_eq(heap, a, b, &|x, y| eq(heap, x, y)) {
        return r;
    }
    match (a, b) {
        (Value::List(x), Value::List(y)) => match (heap.get(*x as usize), heap.get(*y as usize)) {
            // Borrowed, not copied: each comparison costs only the items it visits.
            (Some(HeapObj::List(xs)), Some(HeapObj::List(ys))) => {
                xs.len() == ys.len() && xs.iter().zip(ys).all(|(p, q)| eq(heap, p, q))
            }
            _ => false,
        },
        (Value::Tuple(xs), Value::Tuple(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys.iter()).all(|(p, q)| eq(heap, p, q))
        }
        (Value::Dict(x), Value::Dict(y)) => match (heap.get(*x as usize), heap.get(*y as usize)) {
            (Some(HeapObj::Dict(a)), Some(HeapObj::Dict(b))) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.iter().any(|(k2, v2)| eq(heap, k, k2) && eq(heap, v, v2)))
            }
            _ => false,
        },
        // functions
        (Value::Set(x), Value::Set(y)) => Machine::set_eq(heap, *x, *y),
        _ => a == b,
    }
}
