//! The string methods textbook programs use beyond `join` / `upper` / `lower`: `split`,
//! `strip`, `replace`, `find`, `startswith`, `format`, `zfill`, `center`, `isdigit`, … — with
//! CPython's results (indices count characters, not bytes).

use super::super::value::{HeapObj, Value};
use super::*;
use std::rc::Rc;

const STR_METHODS: &[&str] = &[
    "split",
    "rsplit",
    "strip",
    "lstrip",
    "rstrip",
    "title",
    "capitalize",
    "swapcase",
    "casefold",
    "startswith",
    "endswith",
    "replace",
    "find",
    "rfind",
    "index",
    "rindex",
    "count",
    "zfill",
    "ljust",
    "rjust",
    "center",
    "isdigit",
    "isalpha",
    "isalnum",
    "isspace",
    "isupper",
    "islower",
    "isnumeric",
    "isdecimal",
    "istitle",
    "format",
    "splitlines",
    "partition",
    "rpartition",
    "removeprefix",
    "removesuffix",
];

pub(super) fn is_str_method(n: &str) -> bool {
    STR_METHODS.contains(&n)
}

/// Char index → byte offset in `s` (clamped to the end).
fn byte_at(s: &str, k: usize) -> usize {
    s.char_indices().nth(k).map_or(s.len(), |(b, _)| b)
}

fn char_count(s: &str) -> usize {
    s.chars().count()
}

impl Machine {
    pub(super) fn call_str_method(
        &mut self,
        tid: u32,
        s: Rc<str>,
        name: &str,
        args: Vec<Value>,
        kwarg: &dyn Fn(&str) -> Option<Value>,
    ) -> R<Value> {
        let p = self.proc(tid) as u32;
        let arity = |lo: usize, hi: usize| -> R<()> {
            if args.len() < lo || args.len() > hi {
                return rt(format!(
                    "TypeError: str.{name}() takes {lo}..{hi} arguments ({} given)",
                    args.len()
                ));
            }
            Ok(())
        };
        let str_arg = |v: Option<&Value>, what: &str| -> R<Option<Rc<str>>> {
            match v {
                None | Some(Value::None) => Ok(None),
                Some(Value::Str(x)) => Ok(Some(x.clone())),
                Some(v) => rt(format!(
                    "TypeError: {what} must be str or None, not {}",
                    type_name(v)
                )),
            }
        };
        // Optional `start, end` (char indices, Python's clamping) → the byte range searched.
        let window = |from: usize| -> R<(usize, usize)> {
            let n = char_count(&s) as i64;
            let norm = |v: Option<&Value>, d: i64| -> R<i64> {
                let x = match v {
                    None | Some(Value::None) => return Ok(d),
                    Some(v) => int_arg(v, "slice index")?,
                };
                Ok(if x < 0 { (x + n).max(0) } else { x.min(n) })
            };
            let a = norm(args.get(from), 0)?;
            let b = norm(args.get(from + 1), n)?;
            Ok((byte_at(&s, a as usize), byte_at(&s, b.max(a) as usize)))
        };
        let v = match name {
            "split" | "rsplit" => {
                arity(0, 2)?;
                let sep = str_arg(args.first().or(kwarg("sep").as_ref()), "sep")?;
                let max = match args.get(1).cloned().or_else(|| kwarg("maxsplit")) {
                    None => -1,
                    Some(v) => int_arg(&v, "maxsplit")?,
                };
                let parts = split(&s, sep.as_deref(), max, name == "rsplit")?;
                let items = parts.into_iter().map(|x| Value::Str(x.into())).collect();
                return Ok(Value::List(self.alloc(tid, HeapObj::List(items))?));
            }
            "strip" | "lstrip" | "rstrip" => {
                arity(0, 1)?;
                let chars = str_arg(args.first(), "strip arg")?;
                let f = |c: char| match &chars {
                    None => c.is_whitespace(),
                    Some(cs) => cs.contains(c),
                };
                match name {
                    "strip" => s.trim_matches(f),
                    "lstrip" => s.trim_start_matches(f),
                    _ => s.trim_end_matches(f),
                }
                .to_string()
            }
            "title" => {
                arity(0, 0)?;
                let mut prev = false;
                s.chars()
                    .map(|c| {
                        let out: String = if prev {
                            c.to_lowercase().collect()
                        } else {
                            c.to_uppercase().collect()
                        };
                        prev = c.is_alphabetic();
                        out
                    })
                    .collect()
            }
            "capitalize" => {
                arity(0, 0)?;
                let mut cs = s.chars();
                match cs.next() {
                    None => String::new(),
                    Some(f) => f
                        .to_uppercase()
                        .chain(cs.flat_map(|c| c.to_lowercase()))
                        .collect(),
                }
            }
            "swapcase" => {
                arity(0, 0)?;
                s.chars()
                    .flat_map(|c| -> Vec<char> {
                        if c.is_uppercase() {
                            c.to_lowercase().collect()
                        } else {
                            c.to_uppercase().collect()
                        }
                    })
                    .collect()
            }
            "casefold" => {
                arity(0, 0)?;
                s.to_lowercase()
            }
            "startswith" | "endswith" => {
                arity(1, 3)?;
                let (a, b) = window(1)?;
                let hay = &s[a..b];
                let test = |x: &str| {
                    if name == "startswith" {
                        hay.starts_with(x)
                    } else {
                        hay.ends_with(x)
                    }
                };
                return match &args[0] {
                    Value::Str(x) => Ok(Value::Bool(test(x))),
                    Value::Tuple(xs) => {
                        let mut any = false;
                        for x in xs.iter() {
                            match x {
                                Value::Str(x) => any |= test(x),
                                v => {
                                    return rt(format!(
                                        "TypeError: tuple for {name} must only contain str, not {}",
                                        type_name(v)
                                    ))
                                }
                            }
                        }
                        Ok(Value::Bool(any))
                    }
                    v => rt(format!(
                        "TypeError: {name} first arg must be str or a tuple of str, not {}",
                        type_name(v)
                    )),
                };
            }
            "replace" => {
                arity(2, 3)?;
                let (Some(old), Some(new)) = (
                    str_arg(args.first(), "replace() argument 1")?,
                    str_arg(args.get(1), "replace() argument 2")?,
                ) else {
                    return rt("TypeError: replace() argument must be str, not None");
                };
                let count = match args.get(2) {
                    None => -1,
                    Some(v) => int_arg(v, "replace() count")?,
                };
                let grows = new.len().saturating_sub(old.len()) as u64;
                let hits = if old.is_empty() {
                    char_count(&s) as u64 + 1
                } else {
                    s.matches(&*old).count() as u64
                };
                if s.len() as u64 + grows * hits > limits::MAX_STR_LEN {
                    return rt("MemoryError: string too long for ThreadLab");
                }
                if count < 0 {
                    s.replace(&*old, &new)
                } else {
                    s.replacen(&*old, &new, count as usize)
                }
            }
            "find" | "rfind" | "index" | "rindex" | "count" => {
                arity(1, 3)?;
                let Some(sub) = str_arg(args.first(), "must be str")? else {
                    return rt(format!(
                        "TypeError: {name}() argument must be str, not None"
                    ));
                };
                let (a, b) = window(1)?;
                let hay = &s[a..b];
                if name == "count" {
                    let n = if sub.is_empty() {
                        char_count(hay) + 1
                    } else {
                        hay.matches(&*sub).count()
                    };
                    return Ok(Value::Int(n as i64));
                }
                let at = if name.starts_with('r') {
                    hay.rfind(&*sub)
                } else {
                    hay.find(&*sub)
                };
                return match at {
                    Some(k) => Ok(Value::Int(char_count(&s[..a + k]) as i64)),
                    None if name.ends_with("find") => Ok(Value::Int(-1)),
                    None => rt("ValueError: substring not found"),
                };
            }
            "zfill" | "ljust" | "rjust" | "center" => {
                arity(1, 2)?;
                let w = int_arg(&args[0], name)?.max(0) as u64;
                if w > limits::MAX_STR_LEN {
                    return rt("MemoryError: string too long for ThreadLab");
                }
                let w = w as usize;
                let fill = match args.get(1) {
                    None => ' ',
                    Some(Value::Str(f)) if char_count(f) == 1 => f.chars().next().unwrap_or(' '),
                    Some(_) => {
                        return rt(
                            "TypeError: The fill character must be exactly one character long",
                        )
                    }
                };
                let n = char_count(&s);
                let marg = w.saturating_sub(n);
                let f = |k: usize| fill.to_string().repeat(k);
                match name {
                    "ljust" => format!("{s}{}", f(marg)),
                    "rjust" => format!("{}{s}", f(marg)),
                    "center" => {
                        let left = marg / 2 + (marg & w & 1);
                        format!("{}{s}{}", f(left), f(marg - left))
                    }
                    _ => {
                        let (sign, rest) = match s.as_bytes().first() {
                            Some(b'+' | b'-') => s.split_at(1),
                            _ => ("", &*s),
                        };
                        format!("{sign}{}{rest}", "0".repeat(marg))
                    }
                }
            }
            "isdigit" | "isalpha" | "isalnum" | "isspace" | "isupper" | "islower" | "isnumeric"
            | "isdecimal" | "istitle" => {
                arity(0, 0)?;
                let ne = !s.is_empty();
                return Ok(Value::Bool(match name {
                    "isdigit" | "isnumeric" | "isdecimal" => {
                        ne && s.chars().all(|c| c.is_numeric())
                    }
                    "isalpha" => ne && s.chars().all(|c| c.is_alphabetic()),
                    "isalnum" => ne && s.chars().all(|c| c.is_alphanumeric()),
                    "isspace" => ne && s.chars().all(|c| c.is_whitespace()),
                    "isupper" => {
                        s.chars().any(|c| c.is_uppercase()) && !s.chars().any(|c| c.is_lowercase())
                    }
                    "islower" => {
                        s.chars().any(|c| c.is_lowercase()) && !s.chars().any(|c| c.is_uppercase())
                    }
                    _ => {
                        let mut prev = false;
                        let mut ok = false;
                        for c in s.chars() {
                            if c.is_uppercase() {
                                if prev {
                                    return Ok(Value::Bool(false));
                                }
                                prev = true;
                                ok = true;
                            } else if c.is_lowercase() {
                                if !prev {
                                    return Ok(Value::Bool(false));
                                }
                            } else {
                                prev = false;
                            }
                        }
                        ok
                    }
                }));
            }
            "format" => {
                let mut auto = Some(0);
                self.str_format(p, &s, &args, kwarg, &mut auto, 0)?
            }
            "splitlines" => {
                arity(0, 0)?;
                let items = s.lines().map(|x| Value::Str(x.into())).collect();
                return Ok(Value::List(self.alloc(tid, HeapObj::List(items))?));
            }
            "partition" | "rpartition" => {
                arity(1, 1)?;
                let Some(sep) = str_arg(args.first(), "sep")? else {
                    return rt("TypeError: must be str, not NoneType");
                };
                if sep.is_empty() {
                    return rt("ValueError: empty separator");
                }
                let at = if name == "partition" {
                    s.find(&*sep)
                } else {
                    s.rfind(&*sep)
                };
                let parts: [String; 3] = match at {
                    Some(k) => [s[..k].into(), sep.to_string(), s[k + sep.len()..].into()],
                    None if name == "partition" => [s.to_string(), String::new(), String::new()],
                    None => [String::new(), String::new(), s.to_string()],
                };
                return self.new_tuple(parts.into_iter().map(|x| Value::Str(x.into())).collect());
            }
            "removeprefix" | "removesuffix" => {
                arity(1, 1)?;
                let Some(x) = str_arg(args.first(), "argument")? else {
                    return rt("TypeError: argument must be str, not None");
                };
                let r = if name == "removeprefix" {
                    s.strip_prefix(&*x)
                } else {
                    s.strip_suffix(&*x)
                };
                r.unwrap_or(&s).to_string()
            }
            _ => {
                return rt(format!(
                    "AttributeError: 'str' object has no attribute '{name}'"
                ))
            }
        };
        self.new_str(v)
    }
}

/// `s.split(sep, max)` / `s.rsplit(sep, max)` as CPython.
fn split(s: &str, sep: Option<&str>, max: i64, right: bool) -> R<Vec<String>> {
    let max = if max < 0 { usize::MAX } else { max as usize };
    match sep {
        Some("") => rt("ValueError: empty separator"),
        Some(sep) => Ok(if right {
            let mut v: Vec<String> = s
                .rsplitn(max.saturating_add(1), sep)
                .map(String::from)
                .collect();
            v.reverse();
            v
        } else {
            s.splitn(max.saturating_add(1), sep)
                .map(String::from)
                .collect()
        }),
        None => {
            // Runs of whitespace; with a limit the rest is kept (stripped on the split side).
            let mut out = vec![];
            if right {
                let mut rest = s.trim_end();
                while !rest.is_empty() {
                    if out.len() == max {
                        out.push(rest.to_string());
                        break;
                    }
                    match rest.rfind(char::is_whitespace) {
                        Some(k) => {
                            let w = rest[k..].chars().next().map_or(1, |c| c.len_utf8());
                            out.push(rest[k + w..].to_string());
                            rest = rest[..k].trim_end();
                        }
                        None => {
                            out.push(rest.to_string());
                            break;
                        }
                    }
                }
                out.reverse();
            } else {
                let mut rest = s.trim_start();
                while !rest.is_empty() {
                    if out.len() == max {
                        out.push(rest.to_string());
                        break;
                    }
                    match rest.find(char::is_whitespace) {
                        Some(k) => {
                            out.push(rest[..k].to_string());
                            rest = rest[k..].trim_start();
                        }
                        None => {
                            out.push(rest.to_string());
                            break;
                        }
                    }
                }
            }
            Ok(out)
        }
    }
}
