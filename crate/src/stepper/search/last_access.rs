//! DPOR's race analysis (`por.rs`) asks, for each thread's next step, which transition on the
//! path is the last to race with it: by another thread, conflicting, possibly co-enabled, and
//! not happening before the thread's last step. Scanning the path back for it cost O(depth) per
//! thread per state — quadratic on a deep path (two threads each adding 30,000 times: 80 % of a
//! 50,000-state search, 4 s). Here each thread keeps, per footprint bit, its last transition on
//! the path that wrote the bit and the last that read or wrote it: each other thread's last
//! conflicting transition comes from the step's own bits, and it races unless it happens before
//! (then none of that thread's earlier ones race either). An undo log restores the bits when a
//! transition leaves the path (DFS order).

use super::footprint::Fp;

/// Bits in a footprint's masks.
const BITS: usize = 128;

/// Per thread and footprint bit, the thread's last transitions on the path that touched the bit
/// (path indices; 0: none — index 0 is the initial state, never a transition): `[wrote, read or
/// wrote]`.
#[derive(Default)]
pub struct LastAccess {
    per: Vec<[[u32; 2]; BITS]>,
    /// (thread, bit, its entry) before each change, undone newest first.
    undo: Vec<(u32, u8, [u32; 2])>,
}

/// The set bits of `m`, lowest first.
fn bits(mut m: u128) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (m != 0).then(|| {
            let b = m.trailing_zeros() as usize;
            m &= m - 1;
            b
        })
    })
}

impl LastAccess {
    /// Records transition `i` of thread `t`, footprint `fp`, as the newest on the path; returns
    /// the mark that [`LastAccess::pop`] takes to forget it.
    pub fn push(&mut self, i: u32, t: u32, fp: Fp) -> usize {
        let mark = self.undo.len();
        while self.per.len() <= t as usize {
            self.per.push([[0; 2]; BITS]);
        }
        let per = &mut self.per[t as usize];
        for b in bits(fp.r | fp.w) {
            self.undo.push((t, b as u8, per[b]));
            if fp.w >> b & 1 != 0 {
                per[b][0] = i;
            }
            per[b][1] = i;
        }
        mark
    }

    /// Forgets the transitions recorded since `mark` was returned.
    pub fn pop(&mut self, mark: usize) {
        for (t, b, e) in self.undo.drain(mark..).rev() {
            self.per[t as usize][b as usize] = e;
        }
    }

    /// Thread `t`'s last transition on the path whose footprint conflicts with `g`
    /// ([`Fp::conflicts`]: one writes what the other reads or writes), or 0 if none does.
    pub fn last_conflict(&self, t: u32, g: Fp) -> u32 {
        let Some(per) = self.per.get(t as usize) else {
            return 0;
        };
        let by_write = bits(g.w).map(|b| per[b][1]).max().unwrap_or(0);
        let by_read = bits(g.r & !g.w).map(|b| per[b][0]).max().unwrap_or(0);
        by_write.max(by_read)
    }

    /// The last transition on the path (0: none) that races with thread `q`'s next step `g`:
    /// by another thread `u`, conflicting with `g`, possibly co-enabled with it, and not
    /// happening before `q`'s last step (its index above `cq[u]`, `q`'s vector clock). `at(i)`:
    /// transition `i`'s thread and footprint.
    pub fn last_race(&self, q: u32, g: Fp, cq: &[u32], at: impl Fn(usize) -> (u32, Fp)) -> usize {
        let mut best = 0;
        for u in (0..self.per.len() as u32).filter(|&u| u != q) {
            let floor = cq.get(u as usize).copied().unwrap_or(0) as usize;
            let mut c = self.last_conflict(u, g) as usize;
            // u's transitions at or below `floor` happen before q's last step.
            while c > floor.max(best) {
                if at(c).1.co_enabled(g) {
                    best = c;
                    break;
                }
                // Rare (a lock's acquire against its release, a join against the thread's end):
                // u's conflicting transition before c.
                c = (floor + 1..c)
                    .rev()
                    .find(|&i| matches!(at(i), (by, f) if by == u && f.conflicts(g)))
                    .unwrap_or(0);
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::super::footprint::Sync;
    use super::*;

    /// Against a scan of the path (the race analysis as `por.rs` first wrote it), on random
    /// footprints of random threads pushed and popped in DFS order.
    #[test]
    fn the_last_race_is_the_one_a_scan_of_the_path_finds() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut rnd = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        // Sparse masks over a few bits, so conflicts are neither always nor never.
        let mask = |rnd: &mut dyn FnMut() -> u64| -> u128 {
            let mut m = 0u128;
            for _ in 0..(rnd() % 3) {
                m |= 1 << (rnd() % 12 + if rnd().is_multiple_of(4) { 100 } else { 0 });
            }
            m
        };
        let sync = |rnd: &mut dyn FnMut() -> u64| match rnd() % 6 {
            0 => Sync::Acquire((rnd() % 2) as u32),
            1 => Sync::Release((rnd() % 2) as u32),
            2 => Sync::End((rnd() % 4) as u32),
            3 => Sync::Join((rnd() % 4) as u32),
            _ => Sync::Other,
        };
        let mut la = LastAccess::default();
        // index 0: the initial state
        let mut path: Vec<(u32, Fp, usize)> = vec![(u32::MAX, Fp::ALL, 0)];
        let (mut found, mut none) = (0, 0);
        for _ in 0..30_000 {
            if path.len() > 1 && rnd().is_multiple_of(3) {
                let (_, _, mark) = path.pop().expect("a transition");
                la.pop(mark);
            } else {
                let t = (rnd() % 4) as u32;
                let f = match rnd() % 50 {
                    0 => Fp::ALL,
                    _ => Fp {
                        r: mask(&mut rnd),
                        w: mask(&mut rnd),
                        sync: sync(&mut rnd),
                    },
                };
                let mark = la.push(path.len() as u32, t, f);
                path.push((t, f, mark));
            }
            let q = (rnd() % 4) as u32;
            let g = Fp {
                r: mask(&mut rnd),
                w: mask(&mut rnd),
                sync: sync(&mut rnd),
            };
            let cq: Vec<u32> = (0..4).map(|_| (rnd() % path.len() as u64) as u32).collect();
            let scan = (1..path.len())
                .rev()
                .find(|&i| {
                    let (by, f, _) = path[i];
                    by != q && f.conflicts(g) && f.co_enabled(g) && cq[by as usize] < i as u32
                })
                .unwrap_or(0);
            let fast = la.last_race(q, g, &cq, |i| (path[i].0, path[i].1));
            assert_eq!(fast, scan);
            (found, none) = if scan > 0 {
                (found + 1, none)
            } else {
                (found, none + 1)
            };
        }
        assert!(
            found > 1_000 && none > 1_000,
            "both answers tested: {found} races, {none} none"
        );
    }
}
