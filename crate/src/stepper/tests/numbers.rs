//! Numbers, text and printing: floats, format specs, slices, chained comparisons, string
//! methods, `print`'s streams and `sys` — each checked against what python3 prints.

use super::*;

/// Runs `src` sequentially in `mode`; (outcome kind, stdout+stderr text, stderr-only text).
pub(super) fn run(src: &str, mode: &str) -> (String, String, String) {
    let mut s = Session::new(src, mode, 3).unwrap_or_else(|e| panic!("{e}"));
    s.run_sequential(vm::MAX_STEPS + 1);
    let o = s.cur.outcome.clone().expect("ends");
    let err: String = s
        .cur
        .output
        .iter()
        .filter(|l| l.2 == vm::Stream::Err)
        .map(|l| l.1.as_str())
        .collect();
    let text = if o.kind == "finished" {
        output_text(&s.cur)
    } else {
        format!("{}{}", output_text(&s.cur), o.message)
    };
    (o.kind.to_string(), text, err)
}

/// The stdout chunks of a run (what python3's stdout shows).
pub(super) fn stdout_text(m: &vm::Machine) -> String {
    m.output
        .iter()
        .filter(|l| l.2 == vm::Stream::Out)
        .map(|l| l.1.as_str())
        .collect()
}

/// A scratch runner: `STEPPER_FILE=x.py cargo test -p threadlab scratch_run -- --ignored --nocapture`.
#[test]
#[ignore]
fn scratch_run() {
    let f = std::env::var("STEPPER_FILE").expect("STEPPER_FILE");
    let src = std::fs::read_to_string(f).expect("file");
    let mut s = Session::new(&src, "threads", 3).unwrap_or_else(|e| panic!("{e}"));
    s.run_sequential(vm::MAX_STEPS + 1);
    print!("{}", stdout_text(&s.cur));
    let kind = s.cur.outcome.as_ref().map_or("", |o| o.kind);
    if kind != "finished" {
        println!("{:?}", s.cur.outcome);
    }
    print!(
        "\u{1e}GLOBALS\n{}",
        explore::final_globals(&s.cur)
            .iter()
            .map(|(k, v)| format!("{k}={v}\n"))
            .collect::<String>()
    );
    println!("[{kind}]");
}
