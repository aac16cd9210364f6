//! The hasher behind `Machine::state_hash`: per 64-bit word, an xor, a multiply by an odd
//! constant and an xor-shift (FxHash's shape with wyhash's xor-shift), and murmur3's `fmix64`
//! to finish; deterministic on every platform. It replaces SipHash on the explorer's hottest
//! path (one hash per changed state part per transition); a collision would merge two
//! different states, so every word goes through a full 64-bit mix.
//!
//! Only 64-bit operations: an earlier folded 64×64→128-bit multiply (wyhash's mix) cost one
//! call of `__multi3` per word in wasm32, which has no widening multiply — 10.6% of the
//! browser's exploration time on the `gil` and `bank` samples, against a single instruction
//! natively. Each word's step is a bijection of the running state (xor, odd multiply and
//! xor-shift are each invertible), so two inputs that differ in one run of words and agree
//! afterwards never collide.

use super::{Machine, Mode};
use std::hash::{Hash, Hasher};

/// An odd constant (2^64 / φ), so the multiply is invertible.
const K: u64 = 0x9e37_79b9_7f4a_7c15;
const SEED: u64 = 0x243f_6a88_85a3_08d3;

/// murmur3's 64-bit finaliser: every input bit reaches every output bit.
fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// A deterministic 64-bit state hasher.
pub struct StateHasher(u64);

impl Default for StateHasher {
    fn default() -> StateHasher {
        StateHasher(SEED)
    }
}

impl Hasher for StateHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.write_u64(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 56));
        }
    }
    fn write_u8(&mut self, x: u8) {
        self.write_u64(x as u64);
    }
    fn write_u32(&mut self, x: u32) {
        self.write_u64(x as u64);
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
    fn write_u64(&mut self, x: u64) {
        let h = (self.0 ^ x).wrapping_mul(K);
        self.0 = h ^ (h >> 29);
    }
    fn finish(&self) -> u64 {
        fmix64(self.0)
    }
}

impl Machine {
    /// A hash of everything that decides the future and the outcome (not the
    /// step count, schedule or who-wrote-what), for the explorer's visited set.
    pub fn state_hash(&self) -> u64 {
        let mut h = StateHasher::default();
        if self.outcome.is_some() {
            // An end state: only what the learner sees (not whose turn it was).
            self.outcome.hash(&mut h);
            self.output.hash(&mut h);
            for m in &self.mems {
                m.globals.hash(&mut h);
                m.heap.hash(&mut h);
            }
            return h.finish();
        }
        self.threads.hash(&mut h);
        for m in &self.mems {
            m.globals.hash(&mut h);
            m.heap.hash(&mut h);
        }
        self.syncs.hash(&mut h);
        self.tobjs.hash(&mut h);
        self.coros.hash(&mut h);
        self.output.hash(&mut h);
        self.outcome.hash(&mut h);
        // numbers: `sys.setswitchinterval` changes the interval during a run.
        self.gil_interval.hash(&mut h);
        // clock
        self.extras.hash(&mut h);
        match self.mode {
            Mode::Gil | Mode::GilEval => (self.current, self.run_count).hash(&mut h),
            Mode::Asyncio => self.current.hash(&mut h),
            _ => {}
        }
        h.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::hash::Hash;

    fn h<T: Hash>(v: T) -> u64 {
        let mut s = StateHasher::default();
        v.hash(&mut s);
        s.finish()
    }

    #[test]
    fn distinct_small_structures_hash_apart() {
        // Every (a, b, c) of small ints and every short string: no two collide.
        let mut seen = HashSet::new();
        for a in 0..64u32 {
            for b in 0..64u32 {
                for c in 0..64u32 {
                    assert!(seen.insert(h((a, b, c))), "{a} {b} {c}");
                }
            }
        }
        for n in 0..2000 {
            assert!(seen.insert(h(format!("s{n}"))));
        }
        assert_ne!(h(vec![0u32]), h(vec![0u32, 0]));
        assert_ne!(h(("ab", "c")), h(("a", "bc")));
    }

    #[test]
    fn low_bits_spread_as_a_random_function_would() {
        // The visited set's table indexes by the low bits: 65,536 consecutive integers should
        // land on about 1 − 1/e of 65,536 distinct low-16-bit values (41,427), as random ones do.
        let lows: HashSet<u64> = (0..65_536u64).map(|i| h(i) & 0xffff).collect();
        assert!(lows.len() > 40_500, "{} distinct low halves", lows.len());
        let highs: HashSet<u64> = (0..65_536u64).map(|i| h(i) >> 48).collect();
        assert!(highs.len() > 40_500, "{} distinct high halves", highs.len());
    }
}
