//! The format-spec mini-language (`format(v, spec)`, f-string `{x:spec}`, `str.format`, and
//! `%`-formatting, which the VM translates into a [`Spec`]) for ints, floats and strings,
//! as CPython's `Python/formatter_unicode.c` does it: fill, align `<>^=`, sign, `z`, `#`,
//! `0`, width, grouping `,` / `_`, `.precision` and the types `d b o x X c e E f F g G % s n`.
//!
//! Pure functions: errors are CPython's message texts (`ValueError: …`).

use super::number::{digits_exp, exp_form, float_repr};

/// A parsed format spec.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spec {
    pub fill: Option<char>,
    pub align: Option<char>,
    /// `+`, `-`, ` ` or none.
    pub sign: Option<char>,
    /// `z`: a negative zero (after rounding) shows as positive.
    pub z: bool,
    /// `#`: the alternate form.
    pub alt: bool,
    /// `0`: zero padding after the sign.
    pub zero: bool,
    pub width: usize,
    /// `,` or `_`.
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub ty: Option<char>,
}

/// Widths and precisions above this are refused (a step never builds a huge string).
pub const MAX_WIDTH: usize = 100_000;

/// Parses a spec; `kind` is the value's type name, for CPython's error text.
pub fn parse_spec(s: &str, kind: &str) -> Result<Spec, String> {
    let c: Vec<char> = s.chars().collect();
    let mut sp = Spec::default();
    let mut i = 0;
    let is_align = |ch: char| matches!(ch, '<' | '>' | '=' | '^');
    if c.len() >= 2 && is_align(c[1]) {
        sp.fill = Some(c[0]);
        sp.align = Some(c[1]);
        i = 2;
    } else if !c.is_empty() && is_align(c[0]) {
        sp.align = Some(c[0]);
        i = 1;
    }
    if i < c.len() && matches!(c[i], '+' | '-' | ' ') {
        sp.sign = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == 'z' {
        sp.z = true;
        i += 1;
    }
    if i < c.len() && c[i] == '#' {
        sp.alt = true;
        i += 1;
    }
    if i < c.len() && c[i] == '0' {
        sp.zero = true;
        i += 1;
    }
    let number = |i: &mut usize| -> Result<Option<usize>, String> {
        let s0 = *i;
        while *i < c.len() && c[*i].is_ascii_digit() {
            *i += 1;
        }
        if *i == s0 {
            return Ok(None);
        }
        let t: String = c[s0..*i].iter().collect();
        match t.parse::<usize>() {
            Ok(n) if n <= MAX_WIDTH => Ok(Some(n)),
            _ => Err("ValueError: Too many decimal digits in format string".into()),
        }
    };
    sp.width = number(&mut i)?.unwrap_or(0);
    if i < c.len() && matches!(c[i], ',' | '_') {
        sp.grouping = Some(c[i]);
        i += 1;
        if i < c.len() && matches!(c[i], ',' | '_') {
            return Err("ValueError: Cannot specify both ',' and '_'.".into());
        }
    }
    if i < c.len() && c[i] == '.' {
        i += 1;
        sp.precision = Some(
            number(&mut i)?
                .ok_or_else(|| "ValueError: Format specifier missing precision".to_string())?,
        );
    }
    if c.len() - i > 1 {
        return Err(format!(
            "ValueError: Invalid format specifier '{s}' for object of type '{kind}'"
        ));
    }
    if i < c.len() {
        sp.ty = Some(c[i]);
    }
    if sp.zero {
        sp.fill.get_or_insert('0');
        if kind != "str" {
            sp.align.get_or_insert('=');
        }
    }
    if let (Some(g), Some(t)) = (sp.grouping, sp.ty) {
        let ok = match t {
            'd' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => true,
            'b' | 'o' | 'x' | 'X' => g == '_',
            _ => false,
        };
        if !ok {
            return Err(format!("ValueError: Cannot specify '{g}' with '{t}'."));
        }
    }
    Ok(sp)
}

/// Groups a run of digits from the right with `sep` every `n`, zero-padded to at least `min` chars.
fn group(digits: &str, sep: Option<char>, n: usize, min: usize) -> String {
    let Some(sep) = sep else {
        return format!("{}{digits}", "0".repeat(min.saturating_sub(digits.len())));
    };
    let mut d = digits.to_string();
    while d.len() + (d.len() - 1) / n < min {
        d.insert(0, '0');
    }
    let b = d.as_bytes();
    let mut out = String::with_capacity(b.len() + b.len() / n);
    for (k, ch) in b.iter().enumerate() {
        if k > 0 && (b.len() - k).is_multiple_of(n) {
            out.push(sep);
        }
        out.push(*ch as char);
    }
    out
}

/// Puts sign, prefix and the number's body (`int_part` grouped, then `rest`) in the width.
fn finish_number(
    sign: &str,
    prefix: &str,
    int_part: &str,
    rest: &str,
    sp: &Spec,
    n: usize,
) -> String {
    let fill = sp.fill.unwrap_or(' ');
    let align = sp.align.unwrap_or('>');
    let zero_pad = align == '=' && fill == '0';
    let min_int = if zero_pad {
        sp.width
            .saturating_sub(sign.len() + prefix.len() + rest.chars().count())
    } else {
        0
    };
    let body = format!("{}{rest}", group(int_part, sp.grouping, n, min_int));
    pad(&format!("{sign}{prefix}"), &body, fill, align, sp.width)
}

/// `head` (sign and prefix) and `body` padded to `width` with `fill`, aligned.
fn pad(head: &str, body: &str, fill: char, align: char, width: usize) -> String {
    let len = head.chars().count() + body.chars().count();
    if len >= width {
        return format!("{head}{body}");
    }
    let n = width - len;
    let f = |k: usize| fill.to_string().repeat(k);
    match align {
        '<' => format!("{head}{body}{}", f(n)),
        '^' => format!("{}{head}{body}{}", f(n / 2), f(n - n / 2)),
        '=' => format!("{head}{}{body}", f(n)),
        _ => format!("{}{head}{body}", f(n)),
    }
}

fn sign_text(negative: bool, sp: &Spec) -> &'static str {
    match (negative, sp.sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// `format(i, spec)` for an int (or a bool, as its 0 / 1, when the spec is not empty).
pub fn format_int(i: i64, sp: &Spec) -> Result<String, String> {
    let ty = sp.ty.unwrap_or('d');
    if matches!(ty, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') {
        return format_float(i as f64, sp);
    }
    if sp.precision.is_some() {
        return Err("ValueError: Precision not allowed in integer format specifier".into());
    }
    if sp.z {
        return Err(
            "ValueError: Negative zero coercion (z) not allowed in integer format specifier".into(),
        );
    }
    let mag = i.unsigned_abs();
    let (digits, prefix, n) = match ty {
        'd' | 'n' => (mag.to_string(), "", 3),
        'b' => (format!("{mag:b}"), "0b", 4),
        'o' => (format!("{mag:o}"), "0o", 4),
        'x' => (format!("{mag:x}"), "0x", 4),
        'X' => (format!("{mag:X}"), "0X", 4),
        'c' => {
            if sp.sign.is_some() {
                return Err(
                    "ValueError: Sign not allowed with integer format specifier 'c'".into(),
                );
            }
            let ch = u32::try_from(i)
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| "OverflowError: %c arg not in range(0x110000)".to_string())?;
            let fill = sp.fill.unwrap_or(' ');
            return Ok(pad(
                "",
                &ch.to_string(),
                fill,
                sp.align.unwrap_or('<'),
                sp.width,
            ));
        }
        t => {
            return Err(format!(
                "ValueError: Unknown format code '{t}' for object of type 'int'"
            ))
        }
    };
    if ty == 'n' && sp.grouping.is_some() {
        return Err(format!(
            "ValueError: Cannot specify '{}' with 'n'.",
            sp.grouping.unwrap_or(',')
        ));
    }
    let prefix = if sp.alt { prefix } else { "" };
    Ok(finish_number(
        sign_text(i < 0, sp),
        prefix,
        &digits,
        "",
        sp,
        n,
    ))
}

/// The digits of |x| for a float presentation type, before grouping and padding.
fn float_body(x: f64, ty: Option<char>, prec: Option<usize>, alt: bool) -> String {
    let a = x.abs();
    let upper = matches!(ty, Some('E' | 'F' | 'G'));
    if !a.is_finite() {
        let t = if a.is_nan() { "nan" } else { "inf" };
        return if upper { t.to_uppercase() } else { t.into() };
    }
    match ty {
        Some('f' | 'F' | '%') => {
            let p = prec.unwrap_or(6);
            let mut s = format!("{:.*}", p, a);
            if alt && p == 0 {
                s.push('.');
            }
            s
        }
        Some('e' | 'E') => {
            let p = prec.unwrap_or(6);
            let (d, e) = if a == 0.0 {
                ("0".repeat(p + 1), 0)
            } else {
                digits_exp(a, Some(p + 1))
            };
            let mut s = exp_form(&d, e, upper);
            if alt && p == 0 {
                s.insert(1, '.');
            }
            s
        }
        None if prec.is_none() => {
            let mut s = float_repr(a);
            if alt && !s.contains('.') {
                match s.find('e') {
                    Some(k) => s.insert(k, '.'),
                    None => s.push('.'),
                }
            }
            s
        }
        _ => {
            // g, G, n, and no type with a precision.
            let p = prec.unwrap_or(6).max(1);
            let (d, e) = if a == 0.0 {
                ("0".repeat(p), 0)
            } else {
                digits_exp(a, Some(p))
            };
            // With no type, CPython's `Py_DTSF_ADD_DOT_0` moves to exponents one digit sooner.
            let limit = if ty.is_none() { p as i64 - 1 } else { p as i64 };
            let (mut s, is_exp) = if -4 <= e && (e as i64) < limit {
                (
                    format!("{:.*}", (p as i64 - 1 - e as i64) as usize, a),
                    false,
                )
            } else {
                (exp_form(&d, e, upper), true)
            };
            if !alt {
                // Strip trailing zeros of the fraction (and a bare point).
                let (mant, tail) = match s.find(['e', 'E']) {
                    Some(k) => (s[..k].to_string(), s[k..].to_string()),
                    None => (s.clone(), String::new()),
                };
                let mant = if mant.contains('.') {
                    mant.trim_end_matches('0').trim_end_matches('.').to_string()
                } else {
                    mant
                };
                s = format!("{mant}{tail}");
                if ty.is_none() && !is_exp && !s.contains('.') {
                    s.push_str(".0");
                }
            } else if !s.contains('.') {
                match s.find(['e', 'E']) {
                    Some(k) => s.insert(k, '.'),
                    None => s.push('.'),
                }
            }
            s
        }
    }
}

/// `format(x, spec)` for a float.
pub fn format_float(x: f64, sp: &Spec) -> Result<String, String> {
    if let Some(t) = sp.ty {
        if !matches!(t, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') {
            return Err(format!(
                "ValueError: Unknown format code '{t}' for object of type 'float'"
            ));
        }
    }
    if sp.ty == Some('n') && sp.grouping.is_some() {
        return Err(format!(
            "ValueError: Cannot specify '{}' with 'n'.",
            sp.grouping.unwrap_or(',')
        ));
    }
    let v = if sp.ty == Some('%') { x * 100.0 } else { x };
    let mut body = float_body(v, sp.ty, sp.precision, sp.alt);
    if sp.ty == Some('%') {
        body.push('%');
    }
    let mut negative = v.is_sign_negative() && !v.is_nan();
    if sp.z && negative && body.chars().all(|c| !c.is_ascii_digit() || c == '0') {
        negative = false;
    }
    // The integer part is what grouping and zero padding apply to.
    let split = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    let (int_part, rest) = body.split_at(split);
    if int_part.is_empty() {
        // inf / nan: padded, never grouped.
        let fill = sp.fill.unwrap_or(' ');
        return Ok(pad(
            sign_text(negative, sp),
            rest,
            fill,
            sp.align.unwrap_or('>'),
            sp.width,
        ));
    }
    Ok(finish_number(
        sign_text(negative, sp),
        "",
        int_part,
        rest,
        sp,
        3,
    ))
}

/// `format(s, spec)` for a string.
pub fn format_str(s: &str, sp: &Spec) -> Result<String, String> {
    if let Some(t) = sp.ty {
        if t != 's' {
            return Err(format!(
                "ValueError: Unknown format code '{t}' for object of type 'str'"
            ));
        }
    }
    if sp.sign.is_some() {
        return Err("ValueError: Sign not allowed in string format specifier".into());
    }
    if sp.alt {
        return Err("ValueError: Alternate form (#) not allowed in string format specifier".into());
    }
    if let Some(g) = sp.grouping {
        return Err(format!("ValueError: Cannot specify '{g}' with 's'."));
    }
    if sp.align == Some('=') {
        return Err("ValueError: '=' alignment not allowed in string format specifier".into());
    }
    let body: String = match sp.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    Ok(pad(
        "",
        &body,
        sp.fill.unwrap_or(' '),
        sp.align.unwrap_or('<'),
        sp.width,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(x: f64, s: &str) -> String {
        format_float(x, &parse_spec(s, "float").unwrap()).unwrap()
    }
    fn i(x: i64, s: &str) -> String {
        format_int(x, &parse_spec(s, "int").unwrap()).unwrap()
    }

    /// Cases checked against python3.
    #[test]
    fn specs_match_cpython() {
        assert_eq!(i(1234, "010,"), "00,001,234");
        assert_eq!(i(1234, "08,"), "0,001,234");
        assert_eq!(i(-1234, "010,"), "-0,001,234");
        assert_eq!(f(1234.5, "012,.2f"), "0,001,234.50");
        assert_eq!(i(255, "#010_x"), "0x000_00ff");
        assert_eq!(i(255, "_b"), "1111_1111");
        assert_eq!(i(12345678, "_x"), "bc_614e");
        assert_eq!(i(1234, ">10,"), "     1,234");
        assert_eq!(i(-5, "=+8"), "-      5");
        assert_eq!(i(5, "<05"), "50000");
        assert_eq!(
            format_str("ab", &parse_spec("05", "str").unwrap()).unwrap(),
            "ab000"
        );
        assert_eq!(f(1.5, "*^10.3f"), "**1.500***");
        assert_eq!(f(0.0, "g"), "0");
        assert_eq!(f(1e-5, "g"), "1e-05");
        assert_eq!(f(123456789.0, "g"), "1.23457e+08");
        assert_eq!(f(1.0, ".3"), "1.0");
        assert_eq!(f(100.0, ".2"), "1e+02");
        assert_eq!(f(12345.6789, ".5"), "1.2346e+04");
        assert_eq!(f(1234.5, ".5"), "1234.5");
        assert_eq!(f(1e16, ""), "1e+16");
        assert_eq!(f(1.5, "10"), "       1.5");
        assert_eq!(f(-0.0, "z.1f"), "0.0");
        assert_eq!(f(-0.001, "z.1f"), "0.0");
        assert_eq!(f(0.5, "%"), "50.000000%");
        assert_eq!(f(0.125, ".2f"), "0.12");
        assert_eq!(f(2.5, ".0f"), "2");
        assert_eq!(f(12345.678, ",.1f"), "12,345.7");
        assert_eq!(f(f64::NAN, "+"), "+nan");
        assert_eq!(f(f64::NEG_INFINITY, "08.2f"), "-0000inf");
        assert_eq!(f(0.1, ".20f"), "0.10000000000000000555");
        assert_eq!(f(5e-324, ".3g"), "4.94e-324");
        assert_eq!(f(1.23456789e-7, ".3"), "1.23e-07");
        assert_eq!(f(123.456, "#.0f"), "123.");
        assert_eq!(f(12.0, "#g"), "12.0000");
        assert_eq!(i(1234567, "_d"), "1_234_567");
        assert_eq!(i(3, ".2%"), "300.00%");
        assert_eq!(i(65, "c"), "A");
        assert_eq!(i(0, "=#8_X"), "0X     0");
        assert_eq!(f(1e300, "#5"), "1.e+300");
    }
}
