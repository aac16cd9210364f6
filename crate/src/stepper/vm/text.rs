//! Formatting values in the machine, all through [`format`](super::super::format): `format(v,
//! spec)` and f-string specs ([`Machine::format_value`]), `str.format` with auto, numbered and
//! named fields (`{0[1]}`, `{p.x}` lookups), and `%`-formatting (`%s %d %5.2f %-5s %x %r %%`,
//! a tuple, a single value or a dict with `%(name)s`).

use super::super::format::{format_float, format_int, format_str, parse_spec, Spec, MAX_WIDTH};
use super::super::value::{HeapObj, Value};
use super::float::as_f64;
use super::*;

fn val_err<T>(r: Result<T, String>) -> R<T> {
    r.or_else(rt)
}

impl Machine {
    /// `format(v, spec)`.
    pub(super) fn format_value(&self, p: u32, v: &Value, spec: &str) -> R<String> {
        match v {
            Value::Bool(b) if spec.is_empty() => Ok(if *b { "True" } else { "False" }.into()),
            Value::Int(_) | Value::Bool(_) => {
                let i = int_arg(v, "format")?;
                val_err(format_int(i, &val_err(parse_spec(spec, "int"))?))
            }
            Value::Float(x) => val_err(format_float(x.get(), &val_err(parse_spec(spec, "float"))?)),
            Value::Str(s) => val_err(format_str(s, &val_err(parse_spec(spec, "str"))?)),
            _ if spec.is_empty() => Ok(self.str_of(p, v)),
            _ => rt(format!(
                "TypeError: unsupported format string passed to {}.__format__",
                type_name(v)
            )),
        }
    }

    /// `str(v)` as `print` shows it.
    pub(super) fn str_of(&self, p: u32, v: &Value) -> String {
        match v {
            Value::Str(s) => s.to_string(),
            _ => self.repr(p, v),
        }
    }

    /// `fmt.format(*args, **kwargs)`.
    pub(super) fn str_format(
        &self,
        p: u32,
        fmt: &str,
        args: &[Value],
        kw: &dyn Fn(&str) -> Option<Value>,
        auto: &mut Option<usize>,
        depth: u32,
    ) -> R<String> {
        let c: Vec<char> = fmt.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < c.len() {
            match c[i] {
                '{' if c.get(i + 1) == Some(&'{') => {
                    out.push('{');
                    i += 2;
                }
                '}' if c.get(i + 1) == Some(&'}') => {
                    out.push('}');
                    i += 2;
                }
                '}' => return rt("ValueError: Single '}' encountered in format string"),
                '{' => {
                    // The field runs to the matching `}` (a spec may nest one level of `{…}`).
                    let (mut d, mut j, mut in_key) = (0, i + 1, false);
                    loop {
                        match c.get(j) {
                            None => return rt("ValueError: expected '}' before end of string"),
                            Some('[') => in_key = true,
                            Some(']') => in_key = false,
                            Some('{') if !in_key => d += 1,
                            Some('}') if !in_key && d == 0 => break,
                            Some('}') if !in_key => d -= 1,
                            _ => {}
                        }
                        j += 1;
                    }
                    let field: String = c[i + 1..j].iter().collect();
                    out.push_str(&self.format_field(p, &field, args, kw, auto, depth)?);
                    if out.len() as u64 > limits::MAX_STR_LEN {
                        return rt("MemoryError: string too long for ThreadLab");
                    }
                    i = j + 1;
                }
                ch => {
                    out.push(ch);
                    i += 1;
                }
            }
        }
        Ok(out)
    }

    /// One `{name.attr[key]!conv:spec}` field of `str.format`.
    fn format_field(
        &self,
        p: u32,
        field: &str,
        args: &[Value],
        kw: &dyn Fn(&str) -> Option<Value>,
        auto: &mut Option<usize>,
        depth: u32,
    ) -> R<String> {
        // Split off `:spec` and `!conv` (outside `[…]`).
        let (mut in_key, mut name_end, mut conv, mut spec) = (false, field.len(), None, "");
        for (k, ch) in field.char_indices() {
            match ch {
                '[' => in_key = true,
                ']' => in_key = false,
                '!' | ':' if !in_key => {
                    name_end = k;
                    let rest = &field[k..];
                    if let Some(r) = rest.strip_prefix('!') {
                        let mut it = r.chars();
                        conv = it.next();
                        let after = it.as_str();
                        if !matches!(conv, Some('r' | 's' | 'a')) {
                            return rt("ValueError: Unknown conversion specifier");
                        }
                        match after.strip_prefix(':') {
                            Some(s) => spec = s,
                            None if after.is_empty() => {}
                            None => {
                                return rt("ValueError: expected ':' after conversion specifier")
                            }
                        }
                    } else {
                        spec = &rest[1..];
                    }
                    break;
                }
                _ => {}
            }
        }
        let name = &field[..name_end];
        let first_end = name.find(['.', '[']).unwrap_or(name.len());
        let (first, mut rest) = name.split_at(first_end);
        let mut v = if first.is_empty() {
            let n = match auto {
                Some(n) => *n,
                None => {
                    return rt("ValueError: cannot switch from manual field specification to automatic field numbering")
                }
            };
            *auto = Some(n + 1);
            args.get(n).cloned().ok_or_else(|| RtErr {
                msg: format!(
                    "IndexError: Replacement index {n} out of range for positional args tuple"
                ),
                assert: false,
            })?
        } else if first.chars().all(|ch| ch.is_ascii_digit()) {
            if auto.is_some_and(|n| n > 0) {
                return rt("ValueError: cannot switch from automatic field numbering to manual field specification");
            }
            *auto = None;
            let n: usize = first.parse().unwrap_or(usize::MAX);
            args.get(n).cloned().ok_or_else(|| RtErr {
                msg: format!(
                    "IndexError: Replacement index {n} out of range for positional args tuple"
                ),
                assert: false,
            })?
        } else {
            kw(first).ok_or_else(|| RtErr {
                msg: format!("KeyError: '{first}'"),
                assert: false,
            })?
        };
        // `.attr` and `[key]` lookups.
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('.') {
                let end = r.find(['.', '[']).unwrap_or(r.len());
                v = self.get_attr(&v, &r[..end])?;
                rest = &r[end..];
            } else if let Some(r) = rest.strip_prefix('[') {
                let end = r.find(']').ok_or_else(|| RtErr {
                    msg: "ValueError: Missing ']' in format string".into(),
                    assert: false,
                })?;
                let key = &r[..end];
                let k = match key.parse::<i64>() {
                    Ok(i) if key.chars().all(|ch| ch.is_ascii_digit()) => Value::Int(i),
                    _ => Value::Str(key.into()),
                };
                v = self.subscr_in(p, &v, &k)?;
                rest = &r[end + 1..];
            } else {
                return rt("ValueError: Only '.' or '[' may follow ']' in format field specifier");
            }
        }
        let v = match conv {
            Some('s') => Value::Str(self.str_of(p, &v).into()),
            Some(_) => Value::Str(self.repr(p, &v).into()),
            None => v,
        };
        let spec = if spec.contains('{') {
            if depth > 1 {
                return rt("ValueError: Max string recursion exceeded");
            }
            self.str_format(p, spec, args, kw, auto, depth + 1)?
        } else {
            spec.to_string()
        };
        self.format_value(p, &v, &spec)
    }

    /// `v[k]` in process `p` (lists, tuples, strings, dicts) for `str.format` lookups.
    fn subscr_in(&self, p: u32, v: &Value, k: &Value) -> R<Value> {
        let heap = &self.mems[p as usize].heap;
        let seq = |xs: &[Value]| match k {
            Value::Int(i) => xs.get(*i as usize).cloned().ok_or_else(|| RtErr {
                msg: "IndexError: list index out of range".into(),
                assert: false,
            }),
            _ => rt("TypeError: list indices must be integers or slices, not str"),
        };
        match v {
            Value::Tuple(xs) => seq(xs),
            Value::List(id) => seq(&list_items(heap, *id)),
            Value::Dict(id) => match &heap[*id as usize] {
                HeapObj::Dict(kv) => kv
                    .iter()
                    .find(|(x, _)| eq(heap, x, k))
                    .map(|(_, v)| v.clone())
                    .ok_or_else(|| RtErr {
                        msg: format!("KeyError: {}", self.repr(p, k)),
                        assert: false,
                    }),
                _ => rt("TypeError: bad dict"),
            },
            _ => rt(format!(
                "TypeError: '{}' object is not subscriptable",
                type_name(v)
            )),
        }
    }

    /// `fmt % values`.
    pub(super) fn percent_format(&self, p: u32, fmt: &str, values: &Value) -> R<String> {
        let heap = &self.mems[p as usize].heap;
        let (args, mapping): (Vec<Value>, Option<u32>) = match values {
            Value::Tuple(xs) => (xs.to_vec(), None),
            Value::Dict(id) => (vec![values.clone()], Some(*id)),
            v => (vec![v.clone()], None),
        };
        let c: Vec<char> = fmt.chars().collect();
        let mut out = String::new();
        let (mut i, mut next) = (0, 0usize);
        let mut take = |out_of: &[Value]| -> R<Value> {
            let v = out_of.get(next).cloned();
            next += 1;
            v.ok_or_else(|| RtErr {
                msg: "TypeError: not enough arguments for format string".into(),
                assert: false,
            })
        };
        let mut used_mapping = false;
        while i < c.len() {
            if c[i] != '%' {
                out.push(c[i]);
                i += 1;
                continue;
            }
            i += 1;
            let mut key = None;
            if c.get(i) == Some(&'(') {
                let end = c[i..].iter().position(|ch| *ch == ')').map(|k| k + i);
                let Some(end) = end else {
                    return rt("ValueError: incomplete format key");
                };
                key = Some(c[i + 1..end].iter().collect::<String>());
                i = end + 1;
            }
            let mut sp = Spec::default();
            let mut left = false;
            while let Some(&f) = c.get(i) {
                match f {
                    '-' => left = true,
                    '+' => sp.sign = Some('+'),
                    ' ' => {
                        if sp.sign.is_none() {
                            sp.sign = Some(' ')
                        }
                    }
                    '#' => sp.alt = true,
                    '0' => sp.zero = true,
                    _ => break,
                }
                i += 1;
            }
            let num =
                |i: &mut usize, take: &mut dyn FnMut(&[Value]) -> R<Value>| -> R<Option<usize>> {
                    if c.get(*i) == Some(&'*') {
                        *i += 1;
                        let v = take(&args)?;
                        let n = int_arg(&v, "* wants int")?;
                        return Ok(Some(n.unsigned_abs().min(MAX_WIDTH as u64) as usize));
                    }
                    let s0 = *i;
                    while c.get(*i).is_some_and(|ch| ch.is_ascii_digit()) {
                        *i += 1;
                    }
                    if *i == s0 {
                        return Ok(None);
                    }
                    let t: String = c[s0..*i].iter().collect();
                    Ok(Some(
                        t.parse::<usize>().unwrap_or(usize::MAX).min(MAX_WIDTH),
                    ))
                };
            sp.width = num(&mut i, &mut take)?.unwrap_or(0);
            if c.get(i) == Some(&'.') {
                i += 1;
                sp.precision = Some(num(&mut i, &mut take)?.unwrap_or(0));
            }
            while matches!(c.get(i), Some('h' | 'l' | 'L')) {
                i += 1;
            }
            let Some(&ty) = c.get(i) else {
                return rt("ValueError: incomplete format");
            };
            i += 1;
            if ty == '%' {
                out.push('%');
                continue;
            }
            let v = match &key {
                Some(k) => {
                    let Some(id) = mapping else {
                        return rt("TypeError: format requires a mapping");
                    };
                    used_mapping = true;
                    match &heap[id as usize] {
                        HeapObj::Dict(kv) => kv
                            .iter()
                            .find(|(x, _)| matches!(x, Value::Str(s) if **s == **k))
                            .map(|(_, v)| v.clone())
                            .ok_or_else(|| RtErr {
                                msg: format!("KeyError: '{k}'"),
                                assert: false,
                            })?,
                        _ => return rt("TypeError: bad dict"),
                    }
                }
                None => take(&args)?,
            };
            if left {
                sp.align = Some('<');
                sp.zero = false;
            } else {
                sp.align = Some('>');
            }
            if sp.zero {
                sp.fill = Some('0');
                sp.align = Some('=');
            }
            let text = match ty {
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                    let i = match (&v, ty) {
                        (Value::Float(x), 'd' | 'i' | 'u') => {
                            super::super::number::float_to_int(x.get()).or_else(rt)?
                        }
                        (Value::Int(_) | Value::Bool(_), _) => int_arg(&v, "%d")?,
                        _ => {
                            let what = if matches!(ty, 'd' | 'i' | 'u') {
                                "a real number"
                            } else {
                                "an integer"
                            };
                            return rt(format!(
                                "TypeError: %{ty} format: {what} is required, not {}",
                                type_name(&v)
                            ));
                        }
                    };
                    let mag = i.unsigned_abs();
                    let mut digits = match ty {
                        'x' => format!("{mag:x}"),
                        'X' => format!("{mag:X}"),
                        'o' => format!("{mag:o}"),
                        _ => mag.to_string(),
                    };
                    if let Some(pr) = sp.precision {
                        // `%.3d`: at least that many digits.
                        digits = format!("{}{digits}", "0".repeat(pr.saturating_sub(digits.len())));
                    }
                    let prefix = match (sp.alt, ty) {
                        (true, 'x') => "0x",
                        (true, 'X') => "0X",
                        (true, 'o') => "0o",
                        _ => "",
                    };
                    let sign = match (i < 0, sp.sign) {
                        (true, _) => "-",
                        (false, Some('+')) => "+",
                        (false, Some(_)) => " ",
                        _ => "",
                    };
                    let len = sign.len() + prefix.len() + digits.len();
                    if sp.zero && !left {
                        format!(
                            "{sign}{prefix}{}{digits}",
                            "0".repeat(sp.width.saturating_sub(len))
                        )
                    } else {
                        pad_plain(&format!("{sign}{prefix}{digits}"), sp.width, left)
                    }
                }
                'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                    let Some(x) = as_f64(&v) else {
                        return rt(format!(
                            "TypeError: must be real number, not {}",
                            type_name(&v)
                        ));
                    };
                    sp.ty = Some(ty);
                    if sp.precision.is_none() {
                        sp.precision = Some(6);
                    }
                    val_err(format_float(x, &sp))?
                }
                's' | 'r' | 'a' => {
                    let s = if ty == 's' {
                        self.str_of(p, &v)
                    } else {
                        self.repr(p, &v)
                    };
                    let s: String = match sp.precision {
                        Some(n) => s.chars().take(n).collect(),
                        None => s,
                    };
                    pad_plain(&s, sp.width, left)
                }
                'c' => {
                    let s = match &v {
                        Value::Str(s) if s.chars().count() == 1 => s.to_string(),
                        Value::Int(i) => u32::try_from(*i)
                            .ok()
                            .and_then(char::from_u32)
                            .map(|c| c.to_string())
                            .ok_or_else(|| RtErr {
                                msg: "OverflowError: %c arg not in range(0x110000)".into(),
                                assert: false,
                            })?,
                        _ => return rt("TypeError: %c requires int or char"),
                    };
                    pad_plain(&s, sp.width, left)
                }
                _ => {
                    return rt(format!(
                        "ValueError: unsupported format character '{ty}' (0x{:x}) at index {}",
                        ty as u32,
                        i - 1
                    ))
                }
            };
            out.push_str(&text);
            if out.len() as u64 > limits::MAX_STR_LEN {
                return rt("MemoryError: string too long for ThreadLab");
            }
        }
        if mapping.is_none() && next < args.len() {
            return rt("TypeError: not all arguments converted during string formatting");
        }
        let _ = used_mapping;
        Ok(out)
    }
}

/// `s` padded with spaces to `width` (left-aligned if `left`).
fn pad_plain(s: &str, width: usize, left: bool) -> String {
    let n = width.saturating_sub(s.chars().count());
    if left {
        format!("{s}{}", " ".repeat(n))
    } else {
        format!("{}{s}", " ".repeat(n))
    }
}
