//! Tries Python programs in the stepper as a new user would (not a test): each
//! file is compiled, run with the sequential schedule, and its output compared
//! with `python3` running the same file. Prints one line per file and a tally —
//! how the stepper fares on a corpus such as a textbook's example programs.
//!
//! cargo run --release -p threadlab --example stepper_try -- [--mode M] [--show] FILE.py...
//!
//! `--show` prints both outputs when they differ.
//!
//! python3 runs each file in its own folder with a 20-second limit; a program
//! that reads the network or files will differ, which is what the tally shows.

use std::process::Command;
use threadlab::stepper::{explore::output_text, vm::MAX_STEPS, Session};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut mode = "threads".to_string();
    if let Some(i) = args.iter().position(|a| a == "--mode") {
        mode = args.get(i + 1).cloned().unwrap_or(mode);
        args.drain(i..(i + 2).min(args.len()));
    }
    let show = args.iter().any(|a| a == "--show");
    args.retain(|a| a != "--show");
    let (mut compiled, mut finished, mut same) = (0, 0, 0);
    for file in &args {
        let src = std::fs::read_to_string(file).unwrap_or_default();
        let verdict = match Session::new(&src, &mode, 100) {
            Err(e) => format!("refused: {}", e.lines().next().unwrap_or("")),
            Ok(mut s) => {
                compiled += 1;
                s.run_sequential(MAX_STEPS + 1);
                let kind = s.cur.outcome.as_ref().map(|o| o.kind).unwrap_or("budget");
                if kind != "finished" {
                    let why = s.cur.outcome.as_ref().map(|o| o.message.clone());
                    format!("ran: {kind} {}", why.unwrap_or_default())
                } else {
                    finished += 1;
                    let ours = output_text(&s.cur);
                    let py = python(file);
                    if py.as_deref() == Some(ours.as_str()) {
                        same += 1;
                        "finished, output = python3".to_string()
                    } else {
                        if show {
                            println!(
                                "--- stepper:\n{ours}--- python3:\n{}",
                                py.unwrap_or_default()
                            );
                        }
                        "finished, output differs from python3".to_string()
                    }
                }
            }
        };
        println!("{file}: {verdict}");
    }
    println!(
        "{} programs: {compiled} compile, {finished} run to the end, {same} print what python3 prints",
        args.len()
    );
}

/// python3's stdout for the file, run in its folder, or None if it failed or hung.
fn python(file: &str) -> Option<String> {
    let path = std::path::Path::new(file);
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let mut cmd = Command::new("timeout");
    cmd.arg("20").arg("python3").arg(path.file_name()?);
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
