//! Programs that can run forever, as the book's polite spouses do: runs cut at the step limit
//! are one ending, and DPOR leaves the race once the program is known to loop.

use super::super::explore::{self, explore, final_globals, Dfs};
use super::super::sched;
use super::machine;

/// Two threads that print in an endless loop, with some local work between prints: every run
/// is cut at the step limit, after a different interleaving of the prints (so no state repeats:
/// the output grows). The native bench explores it too.
const PRINTING_FOREVER: &str = include_str!("endless/print_forever.py");

#[test]
fn runs_cut_at_the_step_limit_are_one_ending_with_a_witness() {
    let m = machine(PRINTING_FOREVER, "free-threaded");
    let r = explore(&m, 3_000, true);
    let cut: Vec<_> = r.outcomes.iter().filter(|o| o.kind == "budget").collect();
    assert_eq!(r.outcomes.len(), 1, "{:#?}", r.outcomes);
    assert_eq!(cut.len(), 1);
    let o = cut[0];
    // Many runs were cut, after different interleavings of the prints.
    assert!(o.count > 10, "{} runs cut", o.count);
    assert!(o.message.contains("steps"), "{}", o.message);
    // The first one found shows where it was cut, and its witness replays to it.
    let end = sched::replay(&m, &o.witness).expect("the witness replays");
    assert_eq!(end.outcome.as_ref().map(|x| x.kind), Some("budget"));
    assert_eq!(explore::ending_output(&end), o.output);
    assert_eq!(final_globals(&end), o.globals);
    assert!(o.output.contains("after you"));
}

/// Four threads turning counters round forever: the state graph has cycles, and its size is
/// far beyond the budget.
const TURNING_FOREVER: &str = "\
import threading

wheels = [0, 0, 0, 0]

def turn(i):
    while True:
        wheels[i] = (wheels[i] + 1) % 5

for i in range(4):
    threading.Thread(target=turn, args=(i,)).start()
";

#[test]
fn dpor_leaves_the_race_once_the_program_is_known_to_loop() {
    let m = machine(TURNING_FOREVER, "free-threaded");
    let mut race = Dfs::new(&m, 3_000, true, true);
    race.run(u32::MAX);
    let r = race.result();
    assert!(r.budget_hit);
    assert_eq!(r.reduction, "visited");
    assert!(
        r.outcomes.iter().any(|o| o.loop_from.is_some()),
        "a lasso: {:#?}",
        r.outcomes
    );
    // DPOR, with no visited set, would follow the cycles on every path to the step limit; it
    // used to race on and then run alone to the budget (3,000 states) once the visited-set
    // search had hit it.
    assert!(
        race.dpor_states < 200,
        "DPOR ran {} states",
        race.dpor_states
    );
}
