//! CPython equivalence of the sequential run, for every sample and test program.

use super::*;

/// Every sample and every `tests/*.py` program: `runSequential` must give the
/// same output and final simple-typed globals as python3 running the file under
/// `cpython_harness.py` (the same sequential schedule on real CPython threads).
/// python3 missing is a failure, not a skip.
#[test]
fn sequential_runs_match_cpython() {
    use std::path::Path;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/stepper");
    let mut files: Vec<std::path::PathBuf> = vec![];
    for sub in ["samples", "tests"] {
        let mut fs: Vec<_> = std::fs::read_dir(dir.join(sub))
            .expect("stepper program folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "py"))
            .collect();
        fs.sort();
        files.extend(fs);
    }
    assert!(
        files.len() >= 8 + 5,
        "samples and test programs found: {files:?}"
    );
    for file in &files {
        let src = std::fs::read_to_string(file).expect("readable");
        let out = python3::run_file(file);
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        // samples: an exception that escaped the main thread (python3 exits with 1 after the others)
        let main_failed = samples::main_failure(&out, &stdout);
        assert!(
            out.status.success() || main_failed.is_some(),
            "{}: python3 failed:\n{stdout}\n{}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let Some((py_out, py_globals)) = stdout.split_once(python3::GLOBALS_MARK) else {
            panic!("{}: python3 run did not finish:\n{stdout}", file.display());
        };
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let sample_mode = SAMPLES
            .iter()
            .find(|s| s.id == stem && file.parent().is_some_and(|p| p.ends_with("samples")))
            .map(|s| s.mode);
        let mut modes = vec!["threads", "gil"];
        if src.contains("async def") {
            modes.push("asyncio");
        }
        if let Some(m) = sample_mode {
            if !modes.contains(&m) {
                modes.push(m);
            }
        }
        for mode in modes {
            for k in [1, 3, 1000] {
                let mut s = Session::new(&src, mode, k)
                    .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
                s.run_sequential(vm::MAX_STEPS + 1);
                let ctx = format!("{} in {mode} mode (k={k})", file.display());
                let want = main_failed.as_ref().map_or("finished", |f| f.0);
                assert_eq!(
                    s.cur.outcome.as_ref().map(|o| o.kind),
                    Some(want),
                    "{ctx}: {:?}",
                    s.cur.outcome
                );
                samples::check_main_failure(&s.cur, &main_failed, &ctx);
                // numbers: stderr is not compared (the harness's stderr is not captured)
                assert_eq!(explore::output_text(&s.cur), py_out, "{ctx}: output");
                assert_eq!(
                    python3::globals_text(&s.cur),
                    py_globals,
                    "{ctx}: final globals"
                );
            }
        }
    }
}
