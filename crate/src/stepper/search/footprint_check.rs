//! The check of [`super::footprint`]'s predictions: which write a step made outside the footprint
//! it was given. Debug builds run it on every transition DPOR explores (`search/por.rs`), so a
//! footprint that misses a write fails the tests instead of losing endings.

use super::super::vm::Machine;
use super::footprint::{
    global, heap, sync, thread_end, Fp, ALLOC, EXTRAS, OUTPUT, THREAD_TABLE, TOBJS,
};

/// A write that a step from `before` to `after` by `tid` made outside footprint `fp`, if any
/// (a check of the predictions above, run by debug builds on every transition explored).
pub fn unexpected_write(before: &Machine, after: &Machine, tid: u32, fp: Fp) -> Option<String> {
    if fp == Fp::ALL
        || after
            .outcome
            .as_ref()
            .is_some_and(|o| !matches!(o.kind, "finished" | "deadlock"))
    {
        return None;
    }
    let w = fp.w;
    for (p, (a, b)) in before.mems.iter().zip(&after.mems).enumerate() {
        let p = p as u32;
        for (k, v) in &b.globals {
            if a.globals.get(k) != Some(v) && w & global(p, k) == 0 {
                return Some(format!("global {k}"));
            }
        }
        for k in a.globals.keys() {
            if !b.globals.contains_key(k) && w & global(p, k) == 0 {
                return Some(format!("deleted global {k}"));
            }
        }
        if b.heap.len() != a.heap.len() && w & ALLOC == 0 {
            return Some("allocation".into());
        }
        for (i, (x, y)) in a.heap.iter().zip(&b.heap).enumerate() {
            if x != y && w & heap(p, i as u32) == 0 {
                return Some(format!("heap object {i}"));
            }
        }
    }
    if before.mems.len() != after.mems.len() {
        return Some("a new process".into());
    }
    if before.syncs.len() != after.syncs.len() && w & ALLOC == 0 {
        return Some("a new sync object".into());
    }
    for (i, (x, y)) in before.syncs.iter().zip(&after.syncs).enumerate() {
        // (zip: a sync object just created is covered by ALLOC above)
        if x != y && w & sync(i as u32) == 0 {
            return Some(format!("sync object {i}"));
        }
    }
    if before.output != after.output && w & OUTPUT == 0 {
        return Some("output".into());
    }
    if before.extras != after.extras && w & EXTRAS == 0 {
        return Some("extras".into());
    }
    if before.tobjs != after.tobjs && w & TOBJS == 0 {
        return Some("thread objects".into());
    }
    if before.threads.len() != after.threads.len() && w & THREAD_TABLE == 0 {
        return Some("a new thread".into());
    }
    for (u, (x, y)) in before.threads.iter().zip(&after.threads).enumerate() {
        let u = u as u32;
        if u != tid && x != y {
            return Some(format!("thread {u}"));
        }
        if u == tid && x.state != y.state && w & thread_end(u) == 0 {
            return Some("its end".into());
        }
    }
    None
}
