//! What every fuzz test shares: a program built from a statement soup with mostly valid
//! indentation, and the one check that whatever compiles also steps at random in every mode the
//! page offers, runs sequentially, snapshots and explores without a panic.

use super::super::*;

/// A program from `(indent, statement)` picks: a block opener (a statement ending in `:`)
/// indents the next line, any other line may dedent to its pick; an opener left last gets `pass`.
pub fn soup(lines: &[(usize, usize)], statements: &[&str]) -> String {
    let mut src = String::new();
    let mut level = 0usize;
    let mut opened = false;
    for (ind, i) in lines {
        let stmt = statements[*i];
        if opened {
            level += 1;
        } else {
            level = level.min(*ind);
        }
        src.push_str(&format!("{}{stmt}\n", "    ".repeat(level)));
        opened = stmt.ends_with(':');
    }
    if opened {
        src.push_str(&format!("{}pass\n", "    ".repeat(level + 1)));
    }
    src
}

/// A compile error names a line and column inside the source and says something; a program that
/// compiles steps at random in every mode, runs sequentially, snapshots and explores, without a panic.
pub fn never_panics(src: &str) {
    never_panics_exploring(src, "gil-3.9");
}

/// [`never_panics`], exploring in `explore_mode` (the mode an area's soup is about).
pub fn never_panics_exploring(src: &str, explore_mode: &str) {
    if std::env::var("STEPPER_FUZZ_VERBOSE").is_ok() {
        eprintln!("fuzz compiles={} {src:?}", compile_source(src).is_ok());
    }
    match compile_source(src) {
        Err(e) => {
            // `\r\n`, `\r` and `\n` all end a line, as in Python.
            let lines = src
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .split('\n')
                .count() as u32;
            assert!(e.line >= 1 && e.col >= 1, "{src:?}: {e}");
            assert!(
                e.line <= lines + 1,
                "{src:?}: {e} (source has {lines} lines)"
            );
            assert!(!e.message.is_empty(), "{src:?}: an empty message");
        }
        Ok(_) => {
            // Every mode steps at random (each has its own switching and blocking rules); the
            // sequential run and a short exploration once each, to keep the suite quick.
            for (i, mode) in vm::modes::MODE_NAMES.iter().enumerate() {
                let mut s = Session::new(src, mode, 2).expect("compiles");
                s.run_random(i as u32 + 1, 2_000);
                let _ = s.snapshot_json();
            }
            let mut s = Session::new(src, "free-threaded", 2).expect("compiles");
            s.run_sequential(2_000);
            let _ = s.snapshot_json();
            let s = Session::new(src, explore_mode, 2).expect("compiles");
            let _ = explore::explore(&s.init, 200, true);
        }
    }
}
