//! DPOR's place in its race with the visited-set search ([`super::super::explore::dfs`]'s
//! `DporUse::Race`): when it gives up, and how long its turns are. The search that needs fewer
//! states wins; these rules only decide how much time the other one costs meanwhile.

/// The states after which DPOR gives up (or half the budget, if less): a program whose steps
/// mostly conflict (conditions, unmodelled calls) has far more paths than states, and the search
/// with a visited set ([`super::super::explore::Dfs`]) is then the better one.
pub const GIVE_UP: u32 = 100_000;

/// DPOR also gives up once it has seen [`BLIND_AFTER`] steps it could run, if more than half of
/// them touched "everything" (`Fp::ALL`: a `Process`'s start, an unmodelled call). Such a step conflicts with every other, so DPOR degenerates
/// into a search of every interleaving without a visited set, which the visited-set search
/// always beats. Measured share of such steps: 99.9% on `poolmap` (processes), at most 19% on
/// the other samples, 1.4% on the philosophers where DPOR wins.
pub const BLIND_AFTER: u32 = 2_000;

/// And once the states it finished had [`BLIND_AFTER`] runnable steps between them, if it took
/// more than three in four of them: DPOR that prunes so little is a search of (almost) every
/// interleaving without the visited set's merging of paths that meet, so the visited-set search
/// racing it finishes first, and the rest of DPOR's turns would be lost time. Measured at that
/// point: 59% on five philosophers (where DPOR needs a tenth of the states), 74–94% on the
/// samples where the visited-set search wins (`starvation`, `processes`, `spouses`, `bank`,
/// `exceptions` above 3/4).
pub const EXPANDED_MAX: (u32, u32) = (3, 4);

/// DPOR's turns in the race shrink as it prunes less: a full turn while it explores at most 70 %
/// of the runnable threads of the states it finished (measured: five philosophers 59–68 %, the
/// three of the `deadlock` sample 62–67 %, where DPOR wins), falling linearly to an eighth at 85 %
/// and above (`bank` 82–93 %, `processes` 86–93 %, `exceptions` 92–94 %; `starvation`, `prodcons`
/// and `spouses` 73–78 %: where the visited-set search wins). A search that prunes little is unlikely
/// to win, and each turn it takes delays the one that will; shortening its turns rather than
/// stopping it keeps it in the race where the guess is wrong (and if the visited-set search then
/// runs out of budget first, DPOR runs on alone: `Dfs::run`). Percentages.
pub const TURN_SHRINKS: (u64, u64) = (70, 85);

/// And they grow as it prunes more: from a full turn at 70 % of the runnable threads explored to
/// four full turns at 60 % and below (five philosophers 59–68 %, `deadlock` 62–67 %). Equal turns
/// made the race cost twice the winner's work where DPOR wins; four to one makes it 1.25 times
/// (five philosophers natively: 146 → 74 ms), and where the guess is wrong the visited-set search
/// takes at most five times its own work instead of twice. Percentages, and the most turns.
pub const TURN_GROWS: (u64, u64, u64) = (60, 70, 4);

/// DPOR's next turn, in states, out of a full turn of `full`, after it finished states with
/// `run` runnable threads between them of which it explored `done` ([`TURN_GROWS`],
/// [`TURN_SHRINKS`]).
pub fn turn(run: u32, done: u32, full: u32) -> u32 {
    let (run, done) = (u64::from(run), u64::from(done));
    if run < 100 {
        return full; // too few states finished to tell
    }
    let (g_lo, g_hi, most) = TURN_GROWS;
    if 100 * done < g_hi * run {
        // (g_hi − explored share) × run, at most (g_hi − g_lo) × run
        let below = (g_hi * run - 100 * done).min((g_hi - g_lo) * run);
        let span = (g_hi - g_lo) * run;
        return (u64::from(full) * (span + (most - 1) * below) / span) as u32;
    }
    let (lo, hi) = TURN_SHRINKS;
    // full × (hi − explored share) / (hi − lo), explored share = done / run
    let t = u64::from(full) * (hi * run).saturating_sub(100 * done) / ((hi - lo) * run);
    (t as u32).clamp((full / 8).max(1), full)
}

#[cfg(test)]
mod tests {
    use super::turn;

    #[test]
    fn turns_grow_where_dpor_prunes_much_and_shrink_where_it_prunes_little() {
        let full = 8;
        // Explored share of the runnable threads → turn.
        for (done, want) in [
            (500, 32),
            (600, 32),
            (650, 20),
            (700, 8),
            (775, 4),
            (850, 1),
            (990, 1),
        ] {
            assert_eq!(turn(1000, done, full), want, "{done} of 1000 explored");
        }
        assert_eq!(turn(99, 10, full), full, "too few states finished to tell");
    }
}
