//! The end of an f-string field after its expression: the `=` of a self-documenting field,
//! the `!r` / `!s` / `!a` conversion and the `:spec` (whose `{…}` fields nest), as CPython's
//! tokenizer reads them.

use super::super::Error;
use super::lexer::fstring_parts;
use super::tokens::FPart;

/// `body[start..j]` is a field's expression and `body[j]` is `=`, `!` or `:` at bracket
/// depth 0. Returns the field's parts (a literal `x=` first for a debug field) and the index
/// of its closing `}`.
pub fn field_rest(
    body: &[(char, u32, u32)],
    start: usize,
    j: usize,
    tl: u32,
    tc: u32,
) -> Result<(Vec<FPart>, usize), Error> {
    let at = |k: usize| body.get(k).map(|b| b.0);
    let (l, c) = (body[j].1, body[j].2);
    let err = |m: &str| Error {
        line: l,
        col: c,
        message: m.to_string(),
    };
    let mut k = j;
    let mut debug = None;
    if at(k) == Some('=') {
        k += 1;
        while at(k).is_some_and(|ch| ch == ' ') {
            k += 1;
        }
        debug = Some(body[start..k].iter().map(|b| b.0).collect::<String>());
    }
    let mut conv = None;
    if at(k) == Some('!') {
        match at(k + 1) {
            Some(ch @ ('r' | 's' | 'a')) => conv = Some(ch),
            _ => {
                return Err(err(
                    "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                ))
            }
        }
        k += 2;
    }
    let mut spec = None;
    if at(k) == Some(':') {
        let s0 = k + 1;
        let mut depth = 0u32;
        k = s0;
        loop {
            match at(k) {
                None => return Err(err("f-string: expecting '}'")),
                Some('{') => depth += 1,
                Some('}') if depth == 0 => break,
                Some('}') => depth -= 1,
                _ => {}
            }
            k += 1;
        }
        spec = Some(fstring_parts(&body[s0..k], tl, tc)?);
    }
    if at(k) != Some('}') {
        return Err(err("f-string: expecting '}'"));
    }
    let src: String = body[start..j].iter().map(|b| b.0).collect();
    if src.trim().is_empty() {
        return Err(err("f-string: valid expression required before '}'"));
    }
    let (line, col) = body.get(start).map_or((tl, tc), |b| (b.1, b.2));
    let mut parts = vec![];
    if let Some(d) = &debug {
        parts.push(FPart::Lit(d.clone()));
    }
    parts.push(match spec {
        None => FPart::Expr {
            src,
            line,
            col,
            repr: matches!(conv, Some('r' | 'a')) || (debug.is_some() && conv.is_none()),
        },
        Some(spec) => FPart::Spec {
            src,
            line,
            col,
            conv,
            spec,
        },
    });
    Ok((parts, k))
}
