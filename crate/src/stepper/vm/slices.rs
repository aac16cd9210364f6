//! Slices of lists, tuples and strings (`a[1:3]`, `a[::-1]`, negative bounds), and slice
//! assignment to lists (any length for step 1, the same length for an extended slice), with
//! CPython's index adjustment (`PySlice_AdjustIndices`).

use super::super::value::{HeapObj, Value};
use super::*;

/// The indices a slice selects in a sequence of `len` items.
pub(super) fn slice_indices(s: &[Value; 3], len: usize) -> R<Vec<usize>> {
    let (start, stop, step) = adjust(s, len)?;
    let mut out = vec![];
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    Ok(out)
}

/// (start, stop, step) adjusted to a sequence of `len` items.
fn adjust(s: &[Value; 3], len: usize) -> R<(i64, i64, i64)> {
    let part = |v: &Value| -> R<Option<i64>> {
        match v {
            Value::None => Ok(None),
            Value::Int(i) => Ok(Some(*i)),
            Value::Bool(b) => Ok(Some(*b as i64)),
            _ => {
                rt("TypeError: slice indices must be integers or None or have an __index__ method")
            }
        }
    };
    let step = part(&s[2])?.unwrap_or(1);
    if step == 0 {
        return rt("ValueError: slice step cannot be zero");
    }
    let len = len as i64;
    let clamp = |v: Option<i64>, dflt: i64| -> i64 {
        match v {
            None => dflt,
            Some(mut x) => {
                if x < 0 {
                    x += len;
                    if x < 0 {
                        x = if step < 0 { -1 } else { 0 };
                    }
                } else if x >= len {
                    x = if step < 0 { len - 1 } else { len };
                }
                x
            }
        }
    };
    let start = clamp(part(&s[0])?, if step < 0 { len - 1 } else { 0 });
    let stop = clamp(part(&s[1])?, if step < 0 { -1 } else { len });
    Ok((start, stop, step))
}

impl Machine {
    /// `o[start:stop:step]`.
    pub(super) fn slice_get(&mut self, tid: u32, o: &Value, s: &[Value; 3]) -> R<Value> {
        let p = self.proc(tid);
        match o {
            Value::List(id) => {
                let xs = list_items(&self.mems[p].heap, *id);
                let items = slice_indices(s, xs.len())?
                    .into_iter()
                    .map(|i| xs[i].clone())
                    .collect();
                Ok(Value::List(self.alloc(tid, HeapObj::List(items))?))
            }
            Value::Tuple(xs) => {
                let items = slice_indices(s, xs.len())?
                    .into_iter()
                    .map(|i| xs[i].clone())
                    .collect();
                self.new_tuple(items)
            }
            Value::Str(text) => {
                let chars: Vec<char> = text.chars().collect();
                let out: String = slice_indices(s, chars.len())?
                    .into_iter()
                    .map(|i| chars[i])
                    .collect();
                self.new_str(out)
            }
            Value::Range(a, b, st) => {
                let n = super::super::value::range_len(*a, *b, *st) as usize;
                let (start, stop, step) = adjust(s, n)?;
                let at = |k: i64| k.checked_mul(*st).and_then(|d| a.checked_add(d));
                match (at(start), at(stop), st.checked_mul(step)) {
                    (Some(x), Some(y), Some(z)) => Ok(Value::Range(x, y, z)),
                    _ => Err(overflow()),
                }
            }
            _ => rt(format!(
                "TypeError: '{}' object is not subscriptable",
                type_name(o)
            )),
        }
    }

    /// `o[start:stop:step] = v`.
    pub(super) fn slice_set(&mut self, tid: u32, o: &Value, s: &[Value; 3], v: &Value) -> R<()> {
        let Value::List(id) = o else {
            return rt(format!(
                "TypeError: '{}' object does not support item assignment",
                type_name(o)
            ));
        };
        let new = self.iter_items(tid, v)?;
        let p = self.proc(tid);
        let len = list_items(&self.mems[p].heap, *id).len();
        let (start, stop, step) = adjust(s, len)?;
        if step == 1 {
            let (a, b) = (start as usize, (stop.max(start)) as usize);
            if (len - (b - a) + new.len()) as u64 > limits::MAX_SEQ_LEN {
                return rt("MemoryError: list too long for ThreadLab");
            }
            self.charge(8 * new.len() as u64)?;
            if let HeapObj::List(xs) = &mut self.mems[p].heap[*id as usize] {
                xs.splice(a..b, new);
            }
            return Ok(());
        }
        let idx = slice_indices(s, len)?;
        if idx.len() != new.len() {
            return rt(format!(
                "ValueError: attempt to assign sequence of size {} to extended slice of size {}",
                new.len(),
                idx.len()
            ));
        }
        if let HeapObj::List(xs) = &mut self.mems[p].heap[*id as usize] {
            for (i, x) in idx.into_iter().zip(new) {
                xs[i] = x;
            }
        }
        Ok(())
    }

    /// `del o[start:stop:step]` (for the `del` statement).
    pub fn slice_del(&mut self, tid: u32, o: &Value, s: &[Value; 3]) -> R<()> {
        let Value::List(id) = o else {
            return rt(format!(
                "TypeError: '{}' object does not support item deletion",
                type_name(o)
            ));
        };
        let p = self.proc(tid);
        let len = list_items(&self.mems[p].heap, *id).len();
        let mut idx = slice_indices(s, len)?;
        idx.sort_unstable();
        if let HeapObj::List(xs) = &mut self.mems[p].heap[*id as usize] {
            for i in idx.into_iter().rev() {
                xs.remove(i);
            }
        }
        Ok(())
    }
}
