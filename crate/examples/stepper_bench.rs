//! Stepper exploration benchmark (not a test): for every sample, states per
//! second of `explore()` natively, and states visited with de-duplication and
//! partial-order reduction versus naive enumeration of every interleaving.
//!
//! cargo run --release -p threadlab --example stepper_bench [state_budget] [--json]
//!
//! `--json` prints one JSON array instead of the table (for `npm run bench`,
//! which puts these native figures beside the browser's).

use std::time::Instant;
use threadlab::stepper::{
    explore::{explore, explore_with},
    Session, SAMPLES,
};

fn main() {
    let budget: u32 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(2_000_000);
    let json = std::env::args().any(|a| a == "--json");
    let mut rows = Vec::new();
    if !json {
        println!("state budget {budget} per run (naive counts stop there: `>=`)\n");
        println!(
            "{:<11} {:<9} {:>9} {:>11} {:>9} {:>12} {:>11} {:>12} {:>9} {:>8}",
            "sample",
            "mode",
            "states",
            "transitions",
            "ms",
            "states/s",
            "dedup only",
            "naive",
            "naive ms",
            "ratio"
        );
    }
    // A minimal race where naive enumeration finishes, for a like-for-like ratio.
    const MINI: &str = "import threading\nc = 0\ndef w():\n    global c\n    c += 1\nt = threading.Thread(target=w)\nt.start()\nw()\nt.join()\n";
    let extra = [("race-mini", "threads", MINI)];
    let programs = SAMPLES
        .iter()
        .map(|s| (s.id, s.mode, s.source))
        .chain(extra);
    for (id, mode, source) in programs {
        let sess = Session::new(source, mode, 3).expect("samples compile");
        let t = Instant::now();
        let r = explore(&sess.init, budget, true);
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let d = explore_with(&sess.init, budget, true, false);
        let dedup = if d.complete {
            d.states.to_string()
        } else {
            format!(">={}", d.states)
        };
        let t = Instant::now();
        let n = explore(&sess.init, budget, false);
        let nms = t.elapsed().as_secs_f64() * 1000.0;
        let naive = if n.complete {
            n.states.to_string()
        } else {
            format!(">={}", n.states)
        };
        rows.push(serde_json::json!({
            "id": id, "mode": mode, "states": r.states, "transitions": r.transitions,
            "complete": r.complete, "ms": ms, "statesPerSec": r.states as f64 / (ms / 1000.0),
            "dedupStates": d.states, "dedupComplete": d.complete,
            "naiveStates": n.states, "naiveComplete": n.complete,
        }));
        if json {
            continue;
        }
        println!(
            "{:<11} {:<9} {:>9} {:>11} {:>9.1} {:>12.0} {:>11} {:>12} {:>9.1} {:>7.1}x{}",
            id,
            mode,
            r.states,
            r.transitions,
            ms,
            r.states as f64 / (ms / 1000.0),
            dedup,
            naive,
            nms,
            n.states as f64 / r.states.max(1) as f64,
            if r.complete { "" } else { "  (budget hit)" }
        );
    }
    if json {
        println!("{}", serde_json::Value::Array(rows));
    }
}
