//! How CPython prints values (`repr` / `str`, through [`Fmt`] against one process's
//! heap), and the truth and length rules that printing shares with the VM.

use super::Heap;
use super::{HeapObj, Value};

/// Python's repr of a string: single quotes unless it holds a `'` and no `"`.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Formats values against one process's heap.
pub struct Fmt<'a> {
    pub heap: &'a Heap,
    pub func_name: &'a dyn Fn(u32) -> String,
}

/// At most this many values are shown by one `repr` (shared structure can make it exponential).
const REPR_NODES: usize = 20_000;
/// At most this many bytes of strings are shown by one `repr` (a list of 20 000 references to
/// one long string would otherwise make one step build gigabytes).
const REPR_STR_BYTES: usize = 4_000_000;

thread_local! {
    /// Bytes of strings left to show in the current `repr`.
    static REPR_LEFT: std::cell::Cell<usize> = const { std::cell::Cell::new(REPR_STR_BYTES) };
}

impl Fmt<'_> {
    /// `str(v)`, as `print` shows it.
    pub fn str(&self, v: &Value) -> String {
        match v {
            Value::Str(s) => s.to_string(),
            _ => self.repr(v),
        }
    }

    /// `repr(v)`.
    pub fn repr(&self, v: &Value) -> String {
        let budget = std::cell::Cell::new(REPR_NODES);
        REPR_LEFT.with(|c| c.set(REPR_STR_BYTES));
        self.repr_depth(v, 0, &budget)
    }

    fn repr_depth(&self, v: &Value, depth: usize, budget: &std::cell::Cell<usize>) -> String {
        if depth > 20 || budget.get() == 0 {
            return "...".into();
        }
        budget.set(budget.get() - 1);
        let items = |xs: &[Value]| -> String {
            xs.iter()
                .map(|x| self.repr_depth(x, depth + 1, budget))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match v {
            Value::None => "None".into(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Int(i) => i.to_string(),
            Value::Str(s) => {
                let left = REPR_LEFT.with(|c| c.get());
                if s.len() > left {
                    return "...".into();
                }
                REPR_LEFT.with(|c| c.set(left - s.len()));
                repr_str(s)
            }
            // collections
            Value::List(_) | Value::Dict(_)
                if crate::stepper::vm::tag_of_value(self.heap, v).is_some() =>
            {
                crate::stepper::vm::coll_repr(self, v, &|x| self.repr_depth(x, depth + 1, budget))
                    .unwrap_or_default()
            }
            Value::List(id) => match self.heap.get(*id as usize) {
                Some(HeapObj::List(xs)) => format!("[{}]", items(xs)),
                _ => "[?]".into(),
            },
            Value::Dict(id) => match self.heap.get(*id as usize) {
                Some(HeapObj::Dict(kv)) => format!(
                    "{{{}}}",
                    kv.iter()
                        .map(|(k, v)| format!(
                            "{}: {}",
                            self.repr_depth(k, depth + 1, budget),
                            self.repr_depth(v, depth + 1, budget)
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                _ => "{?}".into(),
            },
            Value::Tuple(xs) if xs.len() == 1 => format!("({},)", items(xs)),
            Value::Tuple(xs) => format!("({})", items(xs)),
            Value::Range(a, b, 1) => format!("range({a}, {b})"),
            Value::Range(a, b, c) => format!("range({a}, {b}, {c})"),
            Value::Func(f) => format!("<function {}>", (self.func_name)(*f)),
            Value::Builtin(b) if crate::stepper::vm::builtin_class_name(*b).is_some() => {
                format!(
                    "<class '{}'>",
                    crate::stepper::vm::builtin_class_name(*b).unwrap_or("")
                )
            }
            Value::Builtin(b) => format!("<built-in {b:?}>"),
            Value::Module(m) => format!("<module '{}'>", m.name()),
            Value::Sync(_) => "<sync object>".into(),
            Value::ThreadObj(_) => "<Thread>".into(),
            Value::Method(m) => format!("<bound method {}>", m.1),
            Value::Coro(_) => "<coroutine object>".into(),
            Value::Awaitable(_) => "<awaitable>".into(),
            Value::RangeIter(..) | Value::ListIter(..) | Value::TupleIter(..) => {
                "<iterator>".into()
            }
            // numbers
            Value::Float(x) => crate::stepper::number::float_repr(x.get()),
            Value::Slice(s) => format!("slice({})", items(&s[..])),
            // functions
            Value::Closure(c) => format!("<function {}>", (self.func_name)(c.code)),
            // A cell shows the variable it holds.
            Value::Cell(c) => match self.heap.get(*c as usize) {
                Some(HeapObj::Cell(Some(v))) => self.repr_depth(v, depth + 1, budget),
                _ => "<empty cell>".into(),
            },
            Value::Gen(g) => match self.heap.get(*g as usize) {
                Some(HeapObj::Gen(g)) => {
                    format!("<generator object {}>", (self.func_name)(g.code))
                }
                _ => "<generator object>".into(),
            },
            Value::Set(id) => match self.heap.get(*id as usize) {
                Some(HeapObj::Set(t)) if t.is_empty() => "set()".into(),
                Some(HeapObj::Set(t)) => format!("{{{}}}", items(&t.items())),
                _ => "{?}".into(),
            },
            // classes and exceptions
            Value::Class(_) | Value::Instance(_) | Value::Bound(_) | Value::Super(_) => {
                crate::stepper::vm::fmt_object(self, v, &|x| self.repr_depth(x, depth + 1, budget))
            }
            // multiprocessing: a pickled value shows as what it will unpickle to.
            Value::Parcel(p) => Fmt {
                heap: &p.heap,
                func_name: self.func_name,
            }
            .repr_depth(&p.root, depth, budget),
        }
    }

    /// Whether `v` is made only of ints, bools, strings, None, lists, dicts and
    /// tuples — the globals compared with CPython.
    pub fn is_simple(&self, v: &Value) -> bool {
        let budget = std::cell::Cell::new(REPR_NODES);
        self.simple_depth(v, 0, &budget)
    }

    fn simple_depth(&self, v: &Value, depth: usize, budget: &std::cell::Cell<usize>) -> bool {
        if depth > 20 || budget.get() == 0 {
            return false;
        }
        budget.set(budget.get() - 1);
        match v {
            Value::None | Value::Bool(_) | Value::Int(_) | Value::Str(_) => true,
            // numbers
            Value::Float(_) => true,
            Value::Tuple(xs) => xs.iter().all(|x| self.simple_depth(x, depth + 1, budget)),
            // collections
            Value::List(_) | Value::Instance(_)
                if crate::stepper::vm::coll_simple(self.heap, v, &|_| true).is_some() =>
            {
                crate::stepper::vm::coll_simple(self.heap, v, &|x| {
                    self.simple_depth(x, depth + 1, budget)
                })
                .unwrap_or(false)
            }
            Value::List(id) => match self.heap.get(*id as usize) {
                Some(HeapObj::List(xs)) => {
                    xs.iter().all(|x| self.simple_depth(x, depth + 1, budget))
                }
                _ => false,
            },
            Value::Dict(id) => match self.heap.get(*id as usize) {
                Some(HeapObj::Dict(kv)) => kv.iter().all(|(k, v)| {
                    self.simple_depth(k, depth + 1, budget)
                        && self.simple_depth(v, depth + 1, budget)
                }),
                _ => false,
            },
            _ => false,
        }
    }
}

/// Python truthiness.
pub fn truthy(v: &Value, heap: &Heap) -> bool {
    match v {
        Value::None => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Str(s) => !s.is_empty(),
        Value::Tuple(xs) => !xs.is_empty(),
        Value::List(id) => {
            !matches!(heap.get(*id as usize), Some(HeapObj::List(xs)) if xs.is_empty())
        }
        Value::Dict(id) => {
            !matches!(heap.get(*id as usize), Some(HeapObj::Dict(xs)) if xs.is_empty())
        }
        Value::Range(a, b, s) => range_len(*a, *b, *s) > 0,
        // numbers
        Value::Float(x) => x.get() != 0.0,
        // functions
        Value::Set(id) => !matches!(heap.get(*id as usize), Some(HeapObj::Set(t)) if t.is_empty()),
        _ => true,
    }
}

/// Number of items in `range(a, b, s)`.
pub fn range_len(a: i64, b: i64, s: i64) -> i64 {
    let (a, b, s) = (a as i128, b as i128, s as i128);
    let n = if s > 0 {
        (b - a + s - 1) / s
    } else if s < 0 {
        (a - b - s - 1) / -s
    } else {
        0
    };
    n.clamp(0, i64::MAX as i128) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn repr_matches_cpython() {
        let f = Fmt {
            heap: &Heap::new(),
            func_name: &|_| String::new(),
        };
        assert_eq!(f.repr(&Value::Str("it's".into())), "\"it's\"");
        assert_eq!(f.repr(&Value::Str("a'\"b".into())), "'a\\'\"b'");
        assert_eq!(f.repr(&Value::Bool(true)), "True");
        let t: Rc<[Value]> = vec![Value::Int(1)].into();
        assert_eq!(f.repr(&Value::Tuple(t)), "(1,)");
        let heap = Heap::from(vec![HeapObj::Dict(vec![(
            Value::Str("a".into()),
            Value::Int(1),
        )])]);
        let f = Fmt {
            heap: &heap,
            func_name: &|_| String::new(),
        };
        assert_eq!(f.repr(&Value::Dict(0)), "{'a': 1}");
    }
}
