//! The tokens the lexer produces and the parser reads, each with its 1-based line and column.

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Name(String),
    Int(i64),
    Str(String),
    /// An f-string: literal parts and `{expression}` parts.
    FStr(Vec<FPart>),
    Op(&'static str),
    Newline,
    Indent,
    Dedent,
    Eof,
    // numbers
    Float(f64),
}

/// A piece of an f-string.
#[derive(Clone, Debug, PartialEq)]
pub enum FPart {
    Lit(String),
    /// The expression's source, where it starts, and whether it ends in `!r`.
    Expr {
        src: String,
        line: u32,
        col: u32,
        repr: bool,
    },
    // numbers
    /// `{expr!conv:spec}`: the conversion if any, and the spec (itself literal and `{…}` parts).
    Spec {
        src: String,
        line: u32,
        col: u32,
        conv: Option<char>,
        spec: Vec<FPart>,
    },
}

#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
    pub col: u32,
}
