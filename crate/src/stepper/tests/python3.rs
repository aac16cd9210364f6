//! Running real CPython for the differential tests: `cpython_harness.py` runs a program under
//! python3 with the stepper's sequential and virtual-clock rules and prints its stdout, then a
//! record separator, then the final simple-typed globals — what the stepper's run must match.
//! python3 missing is a failure, not a skip (CI installs it).

use super::super::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// What separates a harness run's stdout from its final globals.
pub const GLOBALS_MARK: &str = "\u{1e}GLOBALS\n";

/// The CPython harness that every differential test runs programs under.
pub fn harness() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/stepper/cpython_harness.py")
}

/// `$PYTHON`, or `python3`.
pub fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Runs the program in `file` under the harness.
pub fn run_file(file: &Path) -> Output {
    let python = python();
    Command::new(&python)
        .arg(harness())
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("this test needs `{python}` on PATH (CI installs python3): {e}"))
}

/// Runs `src` under the harness from a temporary file (removed afterwards); `tag` names the
/// test, so parallel tests never share a file.
pub fn run_source(src: &str, tag: &str) -> Output {
    let dir = std::env::temp_dir().join(format!("threadlab-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("prog.py");
    std::fs::write(&file, src).expect("write program");
    let out = run_file(&file);
    let _ = std::fs::remove_dir_all(&dir);
    out
}

/// A run that must have finished: its (stdout, globals); `what` names the program in failures.
pub fn finished(out: &Output, what: &str) -> (String, String) {
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{what}: python3 failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    match stdout.split_once(GLOBALS_MARK) {
        Some((o, g)) => (o.to_string(), g.to_string()),
        None => panic!("{what}: python3 run did not finish:\n{stdout}"),
    }
}

/// The stepper's final globals as the harness prints them: `name=repr` lines, sorted by name.
pub fn globals_text(m: &vm::Machine) -> String {
    explore::final_globals(m)
        .iter()
        .map(|(k, v)| format!("{k}={v}\n"))
        .collect()
}

/// Compares output line by line first (for a readable failure: each program line `2n` printed
/// line `n`), then as a whole.
pub fn assert_lines_match(ours: &str, py_out: &str, src: &str) {
    for (n, (a, b)) in ours.lines().zip(py_out.lines()).enumerate() {
        assert_eq!(
            a,
            b,
            "line {n} differs; program line: {}",
            src.lines().nth(2 * n).unwrap_or("")
        );
    }
    assert_eq!(ours, py_out);
}
