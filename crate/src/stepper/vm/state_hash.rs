//! The hasher behind `Machine::state_hash`: a folded multiply per 64-bit word (the mixing step
//! of foldhash and wyhash), deterministic on every platform. It replaces SipHash on the
//! explorer's hottest path (one hash of the whole state per transition); a collision would
//! merge two different states, so it keeps a full 64-bit mix of every word.

use std::hash::Hasher;

const K1: u64 = 0x243f_6a88_85a3_08d3;
const K2: u64 = 0x1319_8a2e_0370_7344;

/// `a × b` as 128 bits, its halves XORed.
fn fold(a: u64, b: u64) -> u64 {
    let m = (a as u128) * (b as u128);
    (m as u64) ^ ((m >> 64) as u64)
}

/// A deterministic 64-bit state hasher.
pub struct StateHasher(u64);

impl Default for StateHasher {
    fn default() -> StateHasher {
        StateHasher(K1)
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
        self.0 = fold(self.0 ^ x, K2).rotate_left(29) ^ x.rotate_left(7);
    }
    fn finish(&self) -> u64 {
        fold(self.0, K1 ^ K2)
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
}
