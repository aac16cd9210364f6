//! Functions, generators and the statements added with them: unit tests beside the CPython
//! comparisons of `tests/fn_*.py` and `tests/st_*.py`.

use super::*;

/// Runs a program sequentially; its outcome kind, message and output.
fn run(src: &str) -> (String, String, String) {
    let mut s = Session::new(src, "threads", 3).unwrap_or_else(|e| panic!("{e}\n{src}"));
    s.run_sequential(vm::MAX_STEPS + 1);
    let o = s.cur.outcome.clone().expect("an outcome");
    (o.kind.to_string(), o.message, output_text(&s.cur))
}

/// A scratch runner: `STEPPER_RUN=file.py cargo test -p threadlab scratch_run -- --nocapture`.
#[test]
fn scratch_run() {
    if let Ok(path) = std::env::var("STEPPER_RUN") {
        let src = std::fs::read_to_string(path).expect("readable");
        match Session::new(&src, "threads", 3) {
            Err(e) => println!("COMPILE ERROR: {e}"),
            Ok(_) => {
                let (k, m, out) = run(&src);
                println!("{out}--- {k}: {m}");
            }
        }
    }
}
