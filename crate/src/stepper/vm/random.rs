//! `random`: CPython's Mersenne Twister (MT19937), seeded as `random.seed(n)` seeds it from an
//! int (`init_by_array` over |n|'s 32-bit words), and CPython's algorithms on top of
//! `getrandbits` (`_randbelow`, `randrange`, `randint`, `choice`, `shuffle`, `sample`), so a
//! seeded program prints CPython's numbers. An unseeded program (and `random.seed()`) is seeded
//! as `random.seed(page seed)` — the session's seed, 0 unless the page sets one (API.md).
//!
//! The 2.5 KB generator is shared (`Rc`) between cloned states and copied only on a draw; a
//! state's identity is its seed and the number of 32-bit words drawn since (which determine
//! the generator), so hashing it costs two words.

use super::super::modules::LibFn;
use super::super::value::{range_len, HeapObj, Value};
use super::*;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

const N: usize = 624;
const M: usize = 397;

#[derive(Clone, Debug)]
struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    fn by_array(key: &[u32]) -> Mt {
        let mut mt = [0u32; N];
        mt[0] = 19_650_218;
        for i in 1..N {
            mt[i] = 1_812_433_253u32
                .wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30))
                .wrapping_add(i as u32);
        }
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
        Mt {
            state: mt,
            index: N,
        }
    }

    fn next(&mut self) -> u32 {
        if self.index >= N {
            let mt = &mut self.state;
            for k in 0..N {
                let y = (mt[k] & 0x8000_0000) | (mt[(k + 1) % N] & 0x7fff_ffff);
                let mag = if y & 1 == 1 { 0x9908_b0df } else { 0 };
                mt[k] = mt[(k + M) % N] ^ (y >> 1) ^ mag;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }
}

/// The machine's `random` generator.
#[derive(Clone, Debug, Default)]
pub struct Rng {
    /// The session's seed, used until the program seeds.
    pub page_seed: u32,
    /// The int the program seeded with (`None`: the page seed).
    seeded: Option<i64>,
    draws: u64,
    mt: Option<Rc<Mt>>,
}

impl PartialEq for Rng {
    fn eq(&self, o: &Rng) -> bool {
        (self.page_seed, self.seeded, self.draws) == (o.page_seed, o.seeded, o.draws)
    }
}
impl Eq for Rng {}
impl Hash for Rng {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (self.page_seed, self.seeded, self.draws).hash(h);
    }
}

/// |n| as little-endian 32-bit words (CPython's key for `seed(n)`).
fn key_of(n: i64) -> Vec<u32> {
    let a = n.unsigned_abs();
    if a >> 32 == 0 {
        vec![a as u32]
    } else {
        vec![a as u32, (a >> 32) as u32]
    }
}

impl Rng {
    fn reseed(&mut self, n: Option<i64>) {
        self.seeded = n;
        self.draws = 0;
        self.mt = None;
    }

    fn word(&mut self) -> u32 {
        let seed = self.seeded.unwrap_or(self.page_seed as i64);
        let mt = self
            .mt
            .get_or_insert_with(|| Rc::new(Mt::by_array(&key_of(seed))));
        self.draws += 1;
        Rc::make_mut(mt).next()
    }

    /// `getrandbits(k)` for 0 ≤ k ≤ 63.
    fn bits(&mut self, k: u32) -> i64 {
        match k {
            0 => 0,
            1..=32 => (self.word() >> (32 - k)) as i64,
            _ => {
                let lo = self.word() as u64;
                let hi = (self.word() >> (64 - k)) as u64;
                (lo | (hi << 32)) as i64
            }
        }
    }

    /// CPython's `_randbelow(n)` for n > 0.
    fn below(&mut self, n: i64) -> i64 {
        let k = 64 - n.leading_zeros();
        loop {
            let r = self.bits(k);
            if r < n {
                return r;
            }
        }
    }

    /// `random.random()`'s 53-bit float.
    fn unit(&mut self) -> f64 {
        let a = (self.word() >> 5) as f64;
        let b = (self.word() >> 6) as f64;
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }
}

/// A float result (`random.random()`, `uniform`). **The one place** `random` makes a float:
/// the lead returns `Value::Float` here once floats land; until then it is refused.
fn float_value(x: f64) -> R<Value> {
    Ok(super::float::float(x))
}

impl Machine {
    /// The session's seed for unseeded programs (set before the first step).
    pub fn set_random_seed(&mut self, seed: u32) {
        self.ex().rng.page_seed = seed;
    }

    pub(super) fn call_random(
        &mut self,
        tid: u32,
        f: LibFn,
        args: Vec<Value>,
        _kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Done> {
        use LibFn as F;
        let p = self.proc(tid);
        let v = match f {
            F::Seed => {
                nargs(&args, 0, 1, "seed")?;
                match args.first() {
                    None | Some(Value::None) => self.ex().rng.reseed(None),
                    Some(Value::Int(n)) => self.ex().rng.reseed(Some(*n)),
                    Some(Value::Bool(b)) => self.ex().rng.reseed(Some(*b as i64)),
                    Some(v) => {
                        return rt(format!(
                            "TypeError: ThreadLab's random.seed() takes an int, not '{}'",
                            type_name(v)
                        ))
                    }
                }
                Value::None
            }
            F::Random => {
                nargs(&args, 0, 0, "random")?;
                let x = self.ex().rng.unit();
                float_value(x)?
            }
            F::Uniform => {
                nargs(&args, 2, 2, "uniform")?;
                let a = int_arg(&args[0], "uniform()")? as f64;
                let b = int_arg(&args[1], "uniform()")? as f64;
                let x = self.ex().rng.unit();
                float_value(a + (b - a) * x)?
            }
            F::Getrandbits => {
                nargs(&args, 1, 1, "getrandbits")?;
                let k = int_arg(&args[0], "getrandbits()")?;
                if k < 0 {
                    return rt("ValueError: number of bits must be non-negative");
                }
                if k > 63 {
                    return rt("OverflowError: ThreadLab's ints are 64-bit: getrandbits() takes at most 63 bits");
                }
                Value::Int(self.ex().rng.bits(k as u32))
            }
            F::Randint => {
                nargs(&args, 2, 2, "randint")?;
                let a = int_arg(&args[0], "randint()")?;
                let b = int_arg(&args[1], "randint()")?;
                let stop = b.checked_add(1).ok_or_else(overflow)?;
                Value::Int(self.randrange(a, Some(stop), 1)?)
            }
            F::Randrange => {
                nargs(&args, 1, 3, "randrange")?;
                let xs: Vec<i64> = args
                    .iter()
                    .map(|a| int_arg(a, "randrange()"))
                    .collect::<R<_>>()?;
                Value::Int(match xs.len() {
                    1 => self.randrange(xs[0], None, 1)?,
                    2 => self.randrange(xs[0], Some(xs[1]), 1)?,
                    _ => self.randrange(xs[0], Some(xs[1]), xs[2])?,
                })
            }
            F::Choice => {
                nargs(&args, 1, 1, "choice")?;
                let n = self.seq_len(p, &args[0])?;
                if n == 0 {
                    return rt("IndexError: Cannot choose from an empty sequence");
                }
                let i = self.ex().rng.below(n);
                self.seq_item(tid, &args[0], i)?
            }
            F::Shuffle => {
                nargs(&args, 1, 1, "shuffle")?;
                let Value::List(id) = args[0] else {
                    return rt(format!(
                        "TypeError: ThreadLab's shuffle() takes a list, not '{}'",
                        type_name(&args[0])
                    ));
                };
                let n = list_items(&self.mems[p].heap, id).len();
                for i in (1..n).rev() {
                    let j = self.ex().rng.below(i as i64 + 1) as usize;
                    if let HeapObj::List(xs) = &mut self.mems[p].heap[id as usize] {
                        xs.swap(i, j);
                    }
                }
                Value::None
            }
            F::Sample => {
                nargs(&args, 2, 2, "sample")?;
                if matches!(args[0], Value::Dict(_)) {
                    return rt("TypeError: Population must be a sequence.  For dicts or sets, use sorted(d).");
                }
                let pop = self.iter_items(tid, &args[0])?;
                let k = int_arg(&args[1], "sample()")?;
                let n = pop.len() as i64;
                if !(0..=n).contains(&k) {
                    return rt("ValueError: Sample larger than population or is negative");
                }
                let mut setsize = 21i64;
                if k > 5 {
                    let e = ((k * 3) as f64).ln() / 4f64.ln();
                    setsize += 4i64.saturating_pow(e.ceil() as u32);
                }
                let mut out = Vec::with_capacity(k as usize);
                if n <= setsize {
                    let mut pool = pop;
                    for i in 0..k {
                        let j = self.ex().rng.below(n - i) as usize;
                        out.push(pool[j].clone());
                        pool[j] = pool[(n - i - 1) as usize].clone();
                    }
                } else {
                    let mut selected = std::collections::HashSet::new();
                    for _ in 0..k {
                        let mut j = self.ex().rng.below(n);
                        while selected.contains(&j) {
                            j = self.ex().rng.below(n);
                        }
                        selected.insert(j);
                        out.push(pop[j as usize].clone());
                    }
                }
                Value::List(self.alloc(tid, HeapObj::List(out))?)
            }
            _ => return rt("internal error: not a random function"),
        };
        Ok(Done::Value(v))
    }

    /// CPython's `randrange(start, stop, step)`.
    fn randrange(&mut self, start: i64, stop: Option<i64>, step: i64) -> R<i64> {
        let Some(stop) = stop else {
            if start > 0 {
                return Ok(self.ex().rng.below(start));
            }
            return rt("ValueError: empty range for randrange()");
        };
        let width = stop as i128 - start as i128;
        let n = match step {
            1 => width,
            0 => return rt("ValueError: zero step for randrange()"),
            s if s > 0 => (width + s as i128 - 1).div_euclid(s as i128),
            s => (width + s as i128 + 1).div_euclid(s as i128),
        };
        if n <= 0 {
            return rt(format!(
                "ValueError: empty range in randrange({start}, {stop}, {step})"
            ));
        }
        let n = i64::try_from(n).map_err(|_| overflow())?;
        let r = self.ex().rng.below(n) as i128;
        i64::try_from(start as i128 + step as i128 * r).map_err(|_| overflow())
    }

    fn seq_len(&self, p: usize, v: &Value) -> R<i64> {
        Ok(match v {
            Value::List(id) => list_items(&self.mems[p].heap, *id).len() as i64,
            Value::Tuple(t) => t.len() as i64,
            Value::Str(s) => s.chars().count() as i64,
            Value::Range(a, b, s) => range_len(*a, *b, *s),
            _ => {
                return rt(format!(
                    "TypeError: object of type '{}' has no len()",
                    type_name(v)
                ))
            }
        })
    }

    fn seq_item(&mut self, tid: u32, v: &Value, i: i64) -> R<Value> {
        Ok(match v {
            Value::Range(a, _, s) => Value::Int(a + s * i),
            Value::Str(s) => {
                let c = s.chars().nth(i as usize).unwrap_or(' ');
                self.new_str(c.to_string())?
            }
            _ => self.iter_items(tid, v)?.swap_remove(i as usize),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mersenne_twister_matches_cpython() {
        // python3 -c "import random; random.seed(42); print([random.getrandbits(32) for _ in range(3)])"
        let mut r = Rng::default();
        r.reseed(Some(42));
        let got: Vec<i64> = (0..3).map(|_| r.bits(32)).collect();
        assert_eq!(got, vec![2746317213, 478163327, 107420369]);
    }
}
