//! queue's variants and extras: `LifoQueue` (last in, first out), `PriorityQueue` (smallest
//! first, by Python's `<`), `SimpleQueue` (unbounded, no `task_done`), `task_done()`/`join()`,
//! `put_nowait`/`get_nowait`, and the one place `queue.Empty` / `queue.Full` are raised.

use super::super::value::{QueueKind, SyncObj, Value};
use super::*;
use std::collections::VecDeque;

impl Machine {
    /// A fork copied sync objects (`map`: original → copy): their clock-area state goes with
    /// them (a BoundedSemaphore's bound, a queue's unfinished tasks).
    pub(super) fn fork_extras(&mut self, map: &std::collections::BTreeMap<u32, u32>) {
        let e = self.ex();
        for (from, to) in map {
            if let Some(b) = e.bounds.get(from).copied() {
                e.bounds.insert(*to, b);
            }
            if let Some(n) = e.unfinished.get(from).copied() {
                e.unfinished.insert(*to, n);
            }
        }
    }

    /// Raises `queue.Empty` (a get that cannot wait) or `queue.Full` (a put): the one place
    /// they are raised, catchable by `except queue.Empty:`.
    pub(super) fn queue_error(&mut self, tid: u32, op: &str) -> R<()> {
        let kind = if op == "get" {
            super::ExcKind::Empty
        } else {
            super::ExcKind::Full
        };
        let e = self.new_exception(tid, kind, vec![])?;
        self.throw(e)
    }

    /// `queue.LifoQueue(maxsize)`, `PriorityQueue(maxsize)`, `SimpleQueue()`.
    pub(super) fn make_queue_variant(
        &mut self,
        kind: QueueKind,
        args: &[Value],
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Value> {
        let maxsize = if kind == QueueKind::Simple {
            nargs(args, 0, 0, "SimpleQueue")?;
            0
        } else {
            nargs(args, 0, 1, "Queue")?;
            match args.first().cloned().or_else(|| kwarg("maxsize")) {
                None => 0,
                Some(v) => int_arg(&v, "Queue()")?,
            }
        };
        Ok(self.new_sync(SyncObj::Queue {
            items: VecDeque::new(),
            maxsize,
            kind,
        }))
    }

    /// The variants' `get`: a LifoQueue takes the newest item, a PriorityQueue the smallest.
    /// `None` for a FIFO queue (the plain rule applies).
    pub(super) fn queue_variant_get(&mut self, sid: u32) -> Option<R<Value>> {
        let SyncObj::Queue { items, kind, .. } = &mut self.syncs[sid as usize] else {
            return None;
        };
        match kind {
            QueueKind::Lifo => Some(items.pop_back().map_or_else(|| rt("_queue.Empty"), Ok)),
            // Items are kept sorted (see `queue_variant_put`): the smallest is first.
            QueueKind::Priority => Some(items.pop_front().map_or_else(|| rt("_queue.Empty"), Ok)),
            _ => None,
        }
    }

    /// The variants' `put`: a PriorityQueue keeps its items sorted (after equal ones, so the
    /// first put of equal items comes out first); every thread queue counts an unfinished task.
    pub(super) fn queue_variant_put(&mut self, sid: u32, v: &Value) -> Option<R<()>> {
        let kind = match &self.syncs[sid as usize] {
            SyncObj::Queue { kind, .. } => *kind,
            _ => return None,
        };
        if matches!(
            kind,
            QueueKind::Thread
                | QueueKind::Lifo
                | QueueKind::Priority
                | QueueKind::Process
                | QueueKind::Asyncio // futures: JoinableQueue; asyncio
        ) {
            *self.ex().unfinished.entry(sid).or_insert(0) += 1;
        }
        if kind != QueueKind::Priority {
            return None;
        }
        let SyncObj::Queue { items, .. } = &self.syncs[sid as usize] else {
            return None;
        };
        let mut at = items.len();
        for (i, x) in items.iter().enumerate() {
            match py_cmp(v, x) {
                Some(std::cmp::Ordering::Less) => {
                    at = i;
                    break;
                }
                Some(_) => {}
                None => {
                    return Some(rt(format!(
                        "TypeError: '<' not supported between instances of '{}' and '{}'",
                        type_name(v),
                        type_name(x)
                    )))
                }
            }
        }
        if let SyncObj::Queue { items, .. } = &mut self.syncs[sid as usize] {
            items.insert(at, v.clone());
        }
        Some(Ok(()))
    }

    /// The rule for `Queue.join()`: it waits while some item put is not `task_done()`.
    pub(super) fn join_queue_wait(&self, sid: u32) -> Option<Wait> {
        (self.extras.unfinished.get(&sid).copied().unwrap_or(0) > 0)
            .then_some(Wait::TaskDone { sync: sid })
    }

    /// `task_done`, `join`, `put_nowait`, `get_nowait`, and a SimpleQueue's refusals; `None`
    /// for the methods the plain queue handles.
    pub(super) fn call_queue_extra(
        &mut self,
        tid: u32,
        sid: u32,
        name: &str,
        args: &[Value],
    ) -> R<Option<Value>> {
        let SyncObj::Queue { kind, .. } = &self.syncs[sid as usize] else {
            return Ok(None);
        };
        let kind = *kind;
        if kind == QueueKind::Simple && matches!(name, "task_done" | "join" | "full") {
            return rt(format!(
                "AttributeError: '_queue.SimpleQueue' object has no attribute '{name}'"
            ));
        }
        Ok(Some(match name {
            "task_done" => {
                nargs(args, 0, 0, "task_done")?;
                let n = self.ex().unfinished.entry(sid).or_insert(0);
                if *n <= 0 {
                    return rt("ValueError: task_done() called too many times");
                }
                *n -= 1;
                if *n == 0 {
                    self.ex().unfinished.remove(&sid);
                }
                Value::None
            }
            // It runs only once nothing is unfinished (`join_queue_wait`).
            "join" => {
                nargs(args, 0, 0, "join")?;
                Value::None
            }
            "get_nowait" => {
                nargs(args, 0, 0, "get_nowait")?;
                if self.get_wait(sid).is_some() {
                    self.queue_error(tid, "get")?;
                }
                self.queue_get(sid)?
            }
            "put_nowait" => {
                nargs(args, 1, 1, "put_nowait")?;
                if self.put_wait(sid).is_some() {
                    self.queue_error(tid, "put")?;
                }
                self.queue_put(sid, args[0].clone())?;
                Value::None
            }
            _ => return Ok(None),
        }))
    }
}
