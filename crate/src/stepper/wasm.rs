//! The wasm boundary of the stepper (API.md beside this file): structured results are JSON strings.

use super::search::{Search, Strategy};
use super::{compile_source, disassembly, schedule, Session, SAMPLES};
use serde_json::json;
use wasm_bindgen::prelude::*;

/// `[{id, title, mode, source}]` for every sample.
#[wasm_bindgen(js_name = stepperSamples)]
pub fn stepper_samples() -> String {
    let v: Vec<_> = SAMPLES
        .iter()
        .map(|s| json!({"id": s.id, "title": s.title, "mode": s.mode, "source": s.source}))
        .collect();
    json!(v).to_string()
}

/// `{ok: true, code: [...]}` or `{ok: false, error: {line, col, message}}`.
#[wasm_bindgen(js_name = stepperCompile)]
pub fn stepper_compile(source: &str) -> String {
    match compile_source(source) {
        Ok(p) => json!({"ok": true, "code": disassembly(&p)}).to_string(),
        Err(e) => {
            json!({"ok": false, "error": {"line": e.line, "col": e.col, "message": e.message}})
                .to_string()
        }
    }
}

/// Explores a small sample once so the engine optimises the explorer before the learner's first
/// exploration (`Session::warm_up`); the states it explored.
#[wasm_bindgen(js_name = stepperWarmUp)]
pub fn stepper_warm_up() -> u32 {
    Session::warm_up()
}

/// The number of steps in a schedule (`0[12]1` is 3), or -1 if it is not one (see API.md).
#[wasm_bindgen(js_name = stepperScheduleSteps)]
pub fn stepper_schedule_steps(schedule: &str) -> i32 {
    schedule::parse(schedule).map_or(-1, |t| t.len() as i32)
}

/// The first `steps` steps of a schedule (`stepperSchedulePrefix("0[12]1", 2)` is `0[12]`).
#[wasm_bindgen(js_name = stepperSchedulePrefix)]
pub fn stepper_schedule_prefix(schedule: &str, steps: u32) -> String {
    schedule::prefix(schedule, steps as usize)
}

/// One program under one mode, stepped by the learner.
#[wasm_bindgen]
pub struct Stepper {
    s: Session,
    // explore: a search run a slice at a time (search/), and the milliseconds it has taken
    search: Option<(Search, f64)>,
}

#[wasm_bindgen]
impl Stepper {
    /// Compile error → JsError "line L, column C: …".
    #[wasm_bindgen(constructor)]
    pub fn new(source: &str, mode: &str, gil_interval: u32) -> Result<Stepper, JsError> {
        // k only matters in gil mode; elsewhere any value is accepted (clamped).
        if matches!(mode, "gil" | "gil-3.9") && !(1..=1000).contains(&gil_interval) {
            return Err(JsError::new(
                "the GIL interval k must be between 1 and 1000",
            ));
        }
        Session::new(source, mode, gil_interval)
            .map(|s| Stepper { s, search: None })
            .map_err(|e| JsError::new(&e))
    }

    // clock
    /// The seed `random` uses until the program calls `random.seed` (the page's Seed; API.md).
    /// Call it right after the constructor: it restarts the run from step 0.
    #[wasm_bindgen(js_name = setRandomSeed)]
    pub fn set_random_seed(&mut self, seed: u32) {
        self.s.set_random_seed(seed);
    }

    pub fn snapshot(&self) -> String {
        self.s.snapshot_json().to_string()
    }

    pub fn step(&mut self, thread: u32) -> Result<(), JsError> {
        self.s.step(thread).map_err(|e| JsError::new(&e))
    }

    #[wasm_bindgen(js_name = stepLine)]
    pub fn step_line(&mut self, thread: u32) -> Result<(), JsError> {
        self.s.step_line(thread).map_err(|e| JsError::new(&e))
    }

    #[wasm_bindgen(js_name = runRandom)]
    pub fn run_random(&mut self, seed: u32, max_steps: u32) -> u32 {
        self.s.run_random(seed, max_steps)
    }

    #[wasm_bindgen(js_name = runSequential)]
    pub fn run_sequential(&mut self, max_steps: u32) {
        self.s.run_sequential(max_steps);
    }

    pub fn replay(&mut self, schedule: &str) -> Result<(), JsError> {
        self.s.replay(schedule).map_err(|e| JsError::new(&e))
    }

    pub fn undo(&mut self, to_step: u32) {
        self.s.undo(to_step);
    }

    pub fn schedule(&self) -> String {
        self.s.cur.schedule.clone()
    }

    pub fn explore(&self, state_budget: u32) -> String {
        self.s.explore_json(state_budget).to_string()
    }

    // explore: searching a slice at a time (API.md: "Searching")

    /// Starts a search: `every` interleaving, `bounded` preemptions, or a PCT `hunt` with bug
    /// depth `depth` and `seed`, within `budget` states (a hunt: steps).
    #[wasm_bindgen(js_name = searchStart)]
    pub fn search_start(
        &mut self,
        strategy: &str,
        budget: u32,
        depth: u32,
        seed: u32,
    ) -> Result<(), JsError> {
        let st = Strategy::parse(strategy, depth, seed).map_err(|e| JsError::new(&e))?;
        self.search = Some((Search::new(&self.s.init, st, budget), 0.0));
        Ok(())
    }

    /// Runs about `slice` more states of the search; its progress as JSON.
    #[wasm_bindgen(js_name = searchRun)]
    pub fn search_run(&mut self, slice: u32) -> Result<String, JsError> {
        let (s, ms) = self
            .search
            .as_mut()
            .ok_or_else(|| JsError::new("no search was started"))?;
        let t0 = crate::clock::now_ms();
        s.run(slice);
        *ms += crate::clock::now_ms() - t0;
        Ok(serde_json::to_string(&s.progress()).unwrap_or_default())
    }

    /// Ends the search now: its report then holds what it found so far.
    #[wasm_bindgen(js_name = searchStop)]
    pub fn search_stop(&mut self) {
        if let Some((s, _)) = self.search.as_mut() {
            s.stop();
        }
    }

    /// The search's report as JSON (the shape of `explore`'s).
    #[wasm_bindgen(js_name = searchReport)]
    pub fn search_report(&self) -> Result<String, JsError> {
        let (s, ms) = self
            .search
            .as_ref()
            .ok_or_else(|| JsError::new("no search was started"))?;
        Ok(serde_json::to_string(&s.report(*ms)).unwrap_or_default())
    }
}
