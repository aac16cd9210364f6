//! The wait-for graph's cycle: what makes a deadlock visible. (The page has
//! the same finder in JS, `www/src/labs/deadlock/graph.js`, and both are
//! tested on the same cases.)

/// The wait-for graph's cycle, if it has one. `holder[f]` is 0 (fork `f` free)
/// or `p + 1` (philosopher `p` holds it); `waiting[p]` is 0 or `f + 1`
/// (philosopher `p` waits for fork `f`). Edges: philosopher → the fork it waits
/// for → the philosopher holding that fork. Every node has at most one outgoing
/// edge, so following them from each philosopher finds any cycle. Returns the
/// philosophers on the cycle in its order, starting with the lowest-numbered.
pub fn find_cycle(holder: &[u32], waiting: &[u32]) -> Option<Vec<usize>> {
    let next = |p: usize| -> Option<usize> {
        let f = (*waiting.get(p)? as usize).checked_sub(1)?;
        let h = (*holder.get(f)? as usize).checked_sub(1)?;
        (h < waiting.len()).then_some(h)
    };
    for start in 0..waiting.len() {
        let mut path = vec![start];
        let mut at = start;
        while let Some(q) = next(at) {
            if let Some(i) = path.iter().position(|&x| x == q) {
                let mut cycle = path[i..].to_vec();
                let low = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
                cycle.rotate_left(low);
                return Some(cycle);
            }
            path.push(q);
            at = q;
        }
    }
    None
}
