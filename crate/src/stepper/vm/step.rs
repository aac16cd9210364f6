//! One step of one thread (`step_unchecked`: the bookkeeping around an instruction and how
//! its error ends the run) and the end-of-run checks.

use super::*;

impl Machine {
    /// One bytecode of thread `tid`. The caller checks it is runnable.
    pub fn step_unchecked(&mut self, tid: u32) {
        if self.current != Some(tid) {
            self.current = Some(tid);
            self.run_count = 0;
        }
        self.run_count += 1;
        self.note_eval_breaker(tid); // explore: gil-3.10's switch points
        self.steps += 1;
        if self.record_schedule {
            super::super::schedule::push_step(&mut self.schedule, tid);
        }
        let deliver = self.aio_pre_step(tid); // asyncio: a cancel reaches a suspended task
        self.threads[tid as usize].yielded = false;
        let line = self.position(tid).map(|p| p.0);
        limits::refuel();
        let at = self.step_start(tid); // classes and exceptions
        let result = match deliver {
            true => self.aio_deliver(),
            false => self.exec(tid),
        };
        if limits::out_of_fuel() {
            self.outcome = Some(Outcome {
                kind: "budget",
                message: format!(
                    "stopped at line {}: one step made more than {} comparisons (ThreadLab's per-step cost cap)",
                    line.unwrap_or(0),
                    limits::STEP_FUEL
                ),
                line,
            });
            return;
        }
        // classes and exceptions: the instruction completed, or a call-back, a caught exception,
        // or one that ends only its thread (an uncaught one keeps the line it was raised at).
        let (result, line) = match result {
            Ok(()) => {
                self.step_done(tid, at);
                (Ok(()), line)
            }
            Err(e) => match self.unwind(tid, e, at) {
                None => (Ok(()), line),
                Some((e, l)) => (Err(e), l.or(line)),
            },
        };
        if let Err(e) = result {
            let t = &mut self.threads[tid as usize];
            t.state = TState::Failed;
            let kind = if e.assert { "assert" } else { "error" };
            let name = t.name.clone();
            self.outcome = Some(Outcome {
                kind,
                message: format!("{name}, line {}: {}", line.unwrap_or(0), e.msg),
                line,
            });
            return;
        }
        self.check_end();
        self.main_exit_outcome(); // samples
    }

    pub(super) fn check_end(&mut self) {
        if self.outcome.is_some() {
            return;
        }
        // clock
        if self.end_daemons() {
            return;
        }
        if self.threads.iter().all(|t| t.state != TState::Live) {
            self.outcome = Some(Outcome {
                kind: "finished",
                message: "all threads finished".into(),
                line: None,
            });
            return;
        }
        // clock: when nothing can run, the virtual clock jumps to the next wake-up.
        // speed: `any` stops at the first thread that can run (`ready()` would check them all),
        // and the thread that just ran is asked first: it usually still can (the main thread,
        // first by id, is often blocked in a `join`, and asking costs a look at its call).
        let can_run = |t: u32| self.is_live(t) && self.blocker(t).is_none();
        let none_ready = !(self.current.is_some_and(can_run)
            || (0..self.threads.len() as u32).any(|t| Some(t) != self.current && can_run(t)));
        if none_ready && !self.clock_jump() {
            let waits: Vec<String> = (0..self.threads.len() as u32)
                .filter_map(|t| {
                    self.blocker(t).map(|b| {
                        format!(
                            "{} waits for {}",
                            self.threads[t as usize].name,
                            b.why.text(self, t)
                        )
                    })
                })
                .collect();
            self.outcome = Some(Outcome {
                kind: "deadlock",
                message: format!("deadlock: {}", waits.join("; ")),
                line: None,
            });
            return;
        }
        if self.steps >= MAX_STEPS {
            self.outcome = Some(Outcome {
                kind: "budget",
                message: format!("stopped after {MAX_STEPS} steps (an endless loop?)"),
                line: None,
            });
        }
    }
}
