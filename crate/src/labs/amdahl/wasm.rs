//! Every wasm export of lab `amdahl`.

use super::{consts, plan, sum_share, Params, AMDAHL, MAX_WORK_M, STEPS_PER_WORK};
use crate::wasm::{bad, layout_js, to_js};
use core::ops::Range;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The lab's memory (`{base, size, fields, consts}`) for the page's live view.
#[wasm_bindgen(js_name = amdahlLayout)]
pub fn amdahl_layout() -> Result<JsValue, JsError> {
    layout_js(&AMDAHL, &consts())
}

/// One piece of a run's work as the page gets it: steps `start..end`.
#[derive(Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl From<&Range<u64>> for Span {
    fn from(r: &Range<u64>) -> Self {
        // W ≤ MAX_WORK_M · STEPS_PER_WORK = 10⁸ < 2³²: every step index fits.
        Span {
            start: r.start as u32,
            end: r.end as u32,
        }
    }
}

/// How a run of `W` = `work` million steps is split: the serial part and one
/// share per thread (the kernel's [`plan`], for the page's process side).
#[derive(Serialize)]
pub struct PlanJs {
    pub serial: Span,
    pub shares: Vec<Span>,
}

/// The split of a run (`{serial: {start, end}, shares: [{start, end}, …]}`):
/// an isolated worker asks it for its own piece, so the page and the workers
/// split the work exactly as the threads do.
#[wasm_bindgen(js_name = amdahlPlan)]
pub fn amdahl_plan(threads: u32, serial_pct: u32, work: u32) -> Result<JsValue, JsError> {
    let p = plan(Params::new(threads as usize, serial_pct, work).map_err(bad)?);
    to_js(&PlanJs {
        serial: Span::from(&p.serial),
        shares: p.shares.iter().map(Span::from).collect(),
    })
}

/// Isolated worker (plain build): `Σ item(i)` over `start..end` (wrapping),
/// one piece of a serial part or share, as a `BigInt`.
#[wasm_bindgen(js_name = amdahlSumRange)]
pub fn amdahl_sum_range(start: u32, end: u32) -> Result<u64, JsError> {
    let max = MAX_WORK_M * STEPS_PER_WORK;
    if start > end || end > max {
        return Err(JsError::new(&format!(
            "a range must lie within 0..{max} (got {start}..{end})"
        )));
    }
    Ok(sum_share(u64::from(start)..u64::from(end)))
}

/// Threaded build: one timed run on the pool, which must have exactly
/// `threads` threads. `steps` = 0 means `work` million steps; otherwise it
/// is `W` itself (the page's short, untimed warm-up). Returns the kernel's
/// [`super::Outcome`]: `{checksum (BigInt), totalMs, serialMs, parallelMs, stopped}`.
#[cfg(feature = "threads")]
#[wasm_bindgen(js_name = amdahlRunThreads)]
pub fn amdahl_run_threads(
    threads: u32,
    serial_pct: u32,
    work: u32,
    steps: u32,
) -> Result<JsValue, JsError> {
    let p = if steps == 0 {
        Params::new(threads as usize, serial_pct, work)
    } else {
        Params::with_steps(threads as usize, serial_pct, u64::from(steps))
    }
    .map_err(bad)?;
    let pool = rayon::current_num_threads();
    if pool != p.threads {
        return Err(JsError::new(&format!(
            "the pool has {pool} threads, the run asked for {}",
            p.threads
        )));
    }
    let out = super::run_parallel(
        &AMDAHL,
        p,
        &crate::clock::now_ms,
        &crate::control::stop_requested,
    );
    to_js(&out)
}
