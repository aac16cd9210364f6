//! Counting what a timeline shows: do holds of different threads overlap, and
//! how many threads computed at one instant.

/// One recorded hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    /// The thread, from 0.
    pub thread: usize,
    /// µs from the run's start.
    pub start_us: u32,
    /// µs from the run's start; `>= start_us`.
    pub end_us: u32,
}

/// How many holds of `events` that belong to different threads overlap in
/// time (pairs with `a.start < b.end && b.start < a.end`). 0 under the GIL.
pub fn overlapping_pairs(events: &[Event]) -> usize {
    let mut sorted: Vec<&Event> = events.iter().collect();
    sorted.sort_by_key(|e| e.start_us);
    let mut n = 0;
    for (i, a) in sorted.iter().enumerate() {
        for b in &sorted[i + 1..] {
            if b.start_us >= a.end_us {
                break;
            }
            if a.thread != b.thread && b.start_us < a.end_us && a.start_us < b.end_us {
                n += 1;
            }
        }
    }
    n
}

/// The most holds in progress at one instant (1 under the GIL).
pub fn most_at_once(events: &[Event]) -> usize {
    let mut edges: Vec<(u32, i32)> = events
        .iter()
        .filter(|e| e.end_us > e.start_us)
        .flat_map(|e| [(e.start_us, 1), (e.end_us, -1)])
        .collect();
    // Ends before starts at the same instant: touching holds do not overlap.
    edges.sort();
    let (mut now, mut most) = (0i32, 0i32);
    for (_, d) in edges {
        now += d;
        most = most.max(now);
    }
    most as usize
}
