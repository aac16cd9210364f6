//! The schedule format: which thread took each step, as text that fits in a link.
//!
//! One token per step: a thread id 0–9 is its digit, and any id (10 and above) may be written
//! in brackets, `[12]`. So `0011[12]0` is: thread 0, 0, 1, 1, 12, 0. Every digit-only schedule
//! (the only kind before programs could have more than ten threads) reads as it always did.
//! Ids go up to [`MAX_THREADS`]` - 1` (threads, tasks and processes share one numbering; 0 is
//! the main thread).

use super::vm::MAX_THREADS;

/// Appends the token for one step of `tid`.
pub fn push_step(s: &mut String, tid: u32) {
    if tid < 10 {
        s.push(char::from(b'0' + tid as u8));
    } else {
        s.push('[');
        s.push_str(&tid.to_string());
        s.push(']');
    }
}

/// The schedule of these steps.
pub fn format(tids: &[u32]) -> String {
    let mut s = String::with_capacity(tids.len());
    for t in tids {
        push_step(&mut s, *t);
    }
    s
}

/// The thread ids of a schedule; the error names the first bad step (1-based) and says why.
pub fn parse(schedule: &str) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    let mut chars = schedule.chars();
    while let Some(c) = chars.next() {
        let step = out.len() + 1;
        let tid = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '[' => {
                let mut digits = String::new();
                loop {
                    match chars.next() {
                        Some(']') => break,
                        Some(d @ '0'..='9') if digits.len() < 6 => digits.push(d),
                        _ => {
                            return Err(format!(
                                "position {step}: `[` must be followed by a thread id and `]` (e.g. [12])"
                            ))
                        }
                    }
                }
                match digits.parse::<u32>() {
                    Ok(t) => t,
                    Err(_) => {
                        return Err(format!("position {step}: `[]` has no thread id (e.g. [12])"))
                    }
                }
            }
            _ => {
                return Err(format!(
                    "position {step}: `{c}` is not a thread id (digits 0-9, or [n] for any id up to {})",
                    MAX_THREADS - 1
                ))
            }
        };
        if tid as usize >= MAX_THREADS {
            return Err(format!(
                "position {step}: thread {tid} cannot exist (a program has at most {MAX_THREADS} threads, ids 0-{})",
                MAX_THREADS - 1
            ));
        }
        out.push(tid);
    }
    Ok(out)
}

/// The first `n` steps of a well-formed schedule.
pub fn prefix(schedule: &str, n: usize) -> String {
    match parse(schedule) {
        Ok(tids) => format(&tids[..n.min(tids.len())]),
        Err(_) => String::new(),
    }
}
