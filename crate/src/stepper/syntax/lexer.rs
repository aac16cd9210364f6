//! Source text → tokens, with Python's INDENT / DEDENT and 1-based line/column
//! (columns count characters, not bytes, so errors stay right on any UTF-8).

use super::super::Error;
pub use super::tokens::{FPart, Tok, Token};

const OPS: &[&str] = &[
    "**=", "//=", ">>=", "<<=", "...", "->", "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=",
    "/=", "%=", "&=", "|=", "^=", "<<", ">>", ":=", "+", "-", "*", "/", "%", "(", ")", "[", "]",
    "{", "}", ",", ":", ".", "=", "<", ">", "@", "&", "|", "^", "~", ";",
];

pub fn lex(src: &str) -> Result<Vec<Token>, Error> {
    let chars: Vec<char> = src.chars().collect();
    let mut toks = Vec::new();
    // Indentation as CPython's tokenizer measures it: with tabs to multiples of 8 (`indents`)
    // and with a tab as one column (`alt`); where the two disagree the indentation depends on
    // the tab size, which is CPython's `TabError`.
    let mut indents: Vec<u32> = vec![0];
    let mut alt: Vec<u32> = vec![0];
    let mut depth = 0usize; // open brackets: newlines and indentation are ignored inside
    let (mut i, mut line, mut col) = (0usize, 1u32, 1u32);
    let mut at_line_start = true;
    let mut fprefix: Option<(u32, u32)> = None;
    let err = |line, col, m: &str| Error {
        line,
        col,
        message: m.to_string(),
    };
    loop {
        if at_line_start && depth == 0 {
            // Measure indentation; skip blank and comment-only lines.
            let (mut width, mut alt_width) = (0u32, 0u32);
            while i < chars.len() && (chars[i] == ' ' || chars[i] == '\t' || chars[i] == '\x0c') {
                match chars[i] {
                    '\t' => {
                        width = (width / 8 + 1) * 8;
                        alt_width += 1;
                    }
                    // A form feed resets the count, as in CPython.
                    '\x0c' => (width, alt_width) = (0, 0),
                    _ => (width, alt_width) = (width + 1, alt_width + 1),
                }
                i += 1;
                col += 1;
            }
            let tab_error = || {
                err(
                    line,
                    col,
                    "TabError: inconsistent use of tabs and spaces in indentation",
                )
            };
            if i >= chars.len() {
                break;
            }
            if chars[i] == '#' {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            if i < chars.len() && (chars[i] == '\n' || chars[i] == '\r') {
                if chars[i] == '\r' && i + 1 < chars.len() && chars[i + 1] == '\n' {
                    i += 1;
                }
                i += 1;
                line += 1;
                col = 1;
                continue;
            }
            if i >= chars.len() {
                break;
            }
            let cur = *indents.last().unwrap_or(&0);
            let alt_cur = *alt.last().unwrap_or(&0);
            if width == cur {
                if alt_width != alt_cur {
                    return Err(tab_error());
                }
            } else if width > cur {
                if alt_width <= alt_cur {
                    return Err(tab_error());
                }
                indents.push(width);
                alt.push(alt_width);
                toks.push(Token {
                    tok: Tok::Indent,
                    line,
                    col,
                });
            } else {
                while width < *indents.last().unwrap_or(&0) {
                    indents.pop();
                    alt.pop();
                    toks.push(Token {
                        tok: Tok::Dedent,
                        line,
                        col,
                    });
                }
                if width != *indents.last().unwrap_or(&0) {
                    return Err(err(
                        line,
                        col,
                        "unindent does not match any outer indentation level",
                    ));
                }
                if alt_width != *alt.last().unwrap_or(&0) {
                    return Err(tab_error());
                }
            }
            at_line_start = false;
        }
        if i >= chars.len() {
            break;
        }
        let c = chars[i];
        let (tl, tc) = (line, col);
        if c == '\n' || c == '\r' {
            if c == '\r' && i + 1 < chars.len() && chars[i + 1] == '\n' {
                i += 1;
            }
            i += 1;
            if depth == 0 {
                toks.push(Token {
                    tok: Tok::Newline,
                    line,
                    col,
                });
                at_line_start = true;
            }
            line += 1;
            col = 1;
            continue;
        }
        if c == ' ' || c == '\t' || c == '\x0c' {
            i += 1;
            col += 1;
            continue;
        }
        if c == '#' {
            while i < chars.len() && chars[i] != '\n' && chars[i] != '\r' {
                i += 1;
                col += 1;
            }
            continue;
        }
        if c == '\\' {
            if i + 1 < chars.len() && chars[i + 1] == '\n' {
                i += 2;
                line += 1;
                col = 1;
                continue;
            }
            return Err(err(
                line,
                col,
                "unexpected character `\\` after line continuation",
            ));
        }
        if c.is_alphabetic() || c == '_' {
            let s = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
                col += 1;
            }
            let word: String = chars[s..i].iter().collect();
            if i < chars.len() && (chars[i] == '\'' || chars[i] == '"') {
                let lower = word.to_lowercase();
                if lower == "f" {
                    fprefix = Some((tl, tc));
                    continue;
                }
                if matches!(lower.as_str(), "rf" | "fr") {
                    return Err(err(
                        tl,
                        tc,
                        "raw f-strings are not supported in ThreadLab's Python subset",
                    ));
                }
                if matches!(lower.as_str(), "b" | "r" | "u" | "br" | "rb") {
                    return Err(err(tl, tc, &format!("`{word}` string prefixes are not supported in ThreadLab's Python subset")));
                }
            }
            toks.push(Token {
                tok: Tok::Name(word),
                line: tl,
                col: tc,
            });
            continue;
        }
        // numbers
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let s = i;
            let tok = super::numlit::lex_number(&chars, &mut i).map_err(|m| err(tl, tc, &m))?;
            col += (i - s) as u32;
            toks.push(Token {
                tok,
                line: tl,
                col: tc,
            });
            continue;
        }
        if c == '\'' || c == '"' {
            let triple = i + 2 < chars.len() && chars[i + 1] == c && chars[i + 2] == c;
            let q = if triple { 3 } else { 1 };
            i += q;
            col += q as u32;
            let fstr = fprefix.take();
            let (tl, tc) = fstr.unwrap_or((tl, tc));
            let mut s = String::new();
            let mut body: Vec<(char, u32, u32)> = Vec::new();
            loop {
                if i >= chars.len() {
                    return Err(err(tl, tc, "unterminated string literal"));
                }
                let d = chars[i];
                if d == c
                    && (!triple || (i + 2 < chars.len() && chars[i + 1] == c && chars[i + 2] == c))
                {
                    i += q;
                    col += q as u32;
                    break;
                }
                if d == '\n' {
                    if !triple {
                        return Err(err(tl, tc, "unterminated string literal"));
                    }
                    s.push('\n');
                    body.push(('\n', line, col));
                    i += 1;
                    line += 1;
                    col = 1;
                    continue;
                }
                if d == '\\' && i + 1 < chars.len() {
                    let e = chars[i + 1];
                    let rep = match e {
                        'n' => Some('\n'),
                        't' => Some('\t'),
                        'r' => Some('\r'),
                        '\\' => Some('\\'),
                        '\'' => Some('\''),
                        '"' => Some('"'),
                        '0' => Some('\0'),
                        '\n' => None,
                        _ => {
                            return Err(err(line, col, &format!("string escape `\\{e}` is not supported in ThreadLab's Python subset")));
                        }
                    };
                    if let Some(r) = rep {
                        s.push(r);
                        body.push((r, line, col));
                        col += 2;
                    } else {
                        line += 1;
                        col = 1;
                    }
                    i += 2;
                    continue;
                }
                s.push(d);
                body.push((d, line, col));
                i += 1;
                col += 1;
            }
            let tok = match fstr {
                Some(_) => Tok::FStr(fstring_parts(&body, tl, tc)?),
                None => Tok::Str(s),
            };
            toks.push(Token {
                tok,
                line: tl,
                col: tc,
            });
            continue;
        }
        let mut matched = None;
        for op in OPS {
            let n = op.chars().count();
            if i + n <= chars.len() && chars[i..i + n].iter().copied().eq(op.chars()) {
                matched = Some(*op);
                break;
            }
        }
        match matched {
            Some(op) => {
                let n = op.len();
                i += n;
                col += n as u32;
                match op {
                    "(" | "[" | "{" => depth += 1,
                    ")" | "]" | "}" => depth = depth.saturating_sub(1),
                    _ => {}
                }
                toks.push(Token {
                    tok: Tok::Op(op),
                    line: tl,
                    col: tc,
                });
            }
            None => {
                return Err(err(tl, tc, &format!("unexpected character `{c}`")));
            }
        }
    }
    if !matches!(
        toks.last(),
        None | Some(Token {
            tok: Tok::Newline,
            ..
        })
    ) {
        toks.push(Token {
            tok: Tok::Newline,
            line,
            col,
        });
    }
    while indents.len() > 1 {
        indents.pop();
        toks.push(Token {
            tok: Tok::Dedent,
            line,
            col,
        });
    }
    toks.push(Token {
        tok: Tok::Eof,
        line,
        col,
    });
    Ok(toks)
}

/// Splits an f-string's decoded body into literal and `{expression}` parts.
pub(super) fn fstring_parts(
    body: &[(char, u32, u32)],
    tl: u32,
    tc: u32,
) -> Result<Vec<FPart>, Error> {
    let err = |line, col, m: &str| Error {
        line,
        col,
        message: m.to_string(),
    };
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut k = 0;
    let at = |j: usize| body.get(j).map(|b| b.0);
    while k < body.len() {
        let (ch, l, c) = body[k];
        if ch == '}' {
            if at(k + 1) == Some('}') {
                lit.push('}');
                k += 2;
                continue;
            }
            return Err(err(l, c, "f-string: single '}' is not allowed"));
        }
        if ch != '{' {
            lit.push(ch);
            k += 1;
            continue;
        }
        if at(k + 1) == Some('{') {
            lit.push('{');
            k += 2;
            continue;
        }
        if !lit.is_empty() {
            parts.push(FPart::Lit(std::mem::take(&mut lit)));
        }
        let start = k + 1;
        let (mut depth, mut quote, mut j) = (0u32, None::<char>, start);
        let mut found = None; // (end of expression, index of the closing brace, repr)
        let mut special = None; // numbers: where a `=`, `!conv:` or `:spec` ends the expression
        while j < body.len() {
            let cj = body[j].0;
            if let Some(q) = quote {
                if cj == q {
                    quote = None;
                }
                j += 1;
                continue;
            }
            match cj {
                '\'' | '"' => quote = Some(cj),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                '}' if depth == 0 => {
                    found = Some((j, j, false));
                    break;
                }
                '}' => depth -= 1,
                '!' if depth == 0
                    && matches!(at(j + 1), Some('r' | 's' | 'a'))
                    && at(j + 2) == Some('}') =>
                {
                    found = Some((j, j + 2, at(j + 1) != Some('s')));
                    break;
                }
                // numbers
                ':' if depth == 0 => {
                    special = Some(j);
                    break;
                }
                '!' if depth == 0 && at(j + 1) != Some('=') => {
                    special = Some(j);
                    break;
                }
                '=' if depth == 0
                    && !matches!(at(j + 1), Some('='))
                    && !matches!(j.checked_sub(1).and_then(at), Some('=' | '!' | '<' | '>'))
                    && body[j + 1..]
                        .iter()
                        .find(|b| b.0 != ' ')
                        .is_some_and(|b| matches!(b.0, '}' | '!' | ':')) =>
                {
                    special = Some(j);
                    break;
                }
                _ => {}
            }
            j += 1;
        }
        if let Some(j) = special {
            let (ps, close) = super::fstring::field_rest(body, start, j, tl, tc)?;
            if !lit.is_empty() {
                parts.push(FPart::Lit(std::mem::take(&mut lit)));
            }
            parts.extend(ps);
            k = close + 1;
            continue;
        }
        let Some((end, close, repr)) = found else {
            return Err(err(l, c, "f-string: expecting '}'"));
        };
        let src: String = body[start..end].iter().map(|b| b.0).collect();
        let (line, col) = body.get(start).map_or((tl, tc), |b| (b.1, b.2));
        if src.trim().is_empty() {
            return Err(err(l, c, "f-string: empty expression not allowed"));
        }
        parts.push(FPart::Expr {
            src,
            line,
            col,
            repr,
        });
        k = close + 1;
    }
    if !lit.is_empty() {
        parts.push(FPart::Lit(lit));
    }
    Ok(parts)
}
