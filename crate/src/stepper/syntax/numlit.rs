//! Number literals as CPython's tokenizer reads them: decimal, `0x` / `0o` / `0b` ints with
//! single `_` between digits, floats (`1.5`, `.5`, `1.`, `1e-3`, `1_000.0`), and CPython's
//! SyntaxError texts for the ones it refuses (`01`, `1__0`, `0o8`, …).

use super::tokens::Tok;

/// Reads the literal starting at `chars[*i]` (a digit, or a `.` before a digit) and moves `*i`
/// past it. `Err` is the message CPython gives.
pub fn lex_number(chars: &[char], i: &mut usize) -> Result<Tok, String> {
    let at = |k: usize| chars.get(k).copied().unwrap_or('\0');
    let start = *i;
    if at(*i) == '0' && matches!(at(*i + 1), 'x' | 'X' | 'o' | 'O' | 'b' | 'B') {
        let (radix, name) = match at(*i + 1).to_ascii_lowercase() {
            'x' => (16, "hexadecimal"),
            'o' => (8, "octal"),
            _ => (2, "binary"),
        };
        *i += 2;
        let mut v: i128 = 0;
        let mut any = false;
        loop {
            let c = at(*i);
            if c == '_' && at(*i + 1).is_digit(radix) {
                *i += 1;
                continue;
            }
            if let Some(d) = c.to_digit(radix) {
                v = (v * radix as i128 + d as i128).min(i64::MAX as i128 + 1);
                any = true;
                *i += 1;
                continue;
            }
            if c.is_ascii_digit() {
                return Err(format!("invalid digit '{c}' in {name} literal"));
            }
            if !any || c.is_alphanumeric() || c == '_' {
                return Err(format!("invalid {name} literal"));
            }
            break;
        }
        return i64::try_from(v)
            .map(Tok::Int)
            .map_err(|_| "integer literal too large (ThreadLab's integers are 64-bit)".into());
    }
    let bad = || Err("invalid decimal literal".to_string());
    // digitpart: digits with single underscores between them.
    let digitpart = |i: &mut usize| -> Result<bool, String> {
        let mut any = false;
        while at(*i).is_ascii_digit() {
            *i += 1;
            any = true;
            if at(*i) == '_' {
                if !at(*i + 1).is_ascii_digit() {
                    return Err("invalid decimal literal".into());
                }
                *i += 1;
            }
        }
        Ok(any)
    };
    digitpart(i)?;
    let mut is_float = false;
    if at(*i) == '.' {
        *i += 1;
        is_float = true;
        if at(*i) == '_' {
            return bad();
        }
        digitpart(i)?;
    }
    if matches!(at(*i), 'e' | 'E') {
        *i += 1;
        if matches!(at(*i), '+' | '-') {
            *i += 1;
        }
        if !digitpart(i)? {
            return bad();
        }
        is_float = true;
    }
    if matches!(at(*i), 'j' | 'J') {
        return Err(
            "complex numbers (`j`) are not supported in ThreadLab's Python subset".to_string(),
        );
    }
    if at(*i).is_alphanumeric() || at(*i) == '_' {
        return bad();
    }
    let text: String = chars[start..*i].iter().filter(|c| **c != '_').collect();
    if is_float {
        return text.parse::<f64>().map(Tok::Float).or_else(|_| bad());
    }
    if text.len() > 1 && text.starts_with('0') && text.chars().any(|c| c != '0') {
        return Err("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers".into());
    }
    text.parse::<i64>()
        .map(Tok::Int)
        .map_err(|_| "integer literal too large (ThreadLab's integers are 64-bit)".into())
}
