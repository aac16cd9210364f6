//! Source text → syntax tree: [`tokens`] and the [`lexer`], the [`ast`], and the [`parser`]
//! (statements and expressions), as CPython's `Parser/` and RustPython's `parser` crate split it.

pub mod ast;
pub mod fstring;
pub mod lexer;
pub mod numlit;
pub mod parser;
pub mod tokens;
