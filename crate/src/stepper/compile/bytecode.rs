//! The bytecode: instructions, code objects (one per function plus `<module>`) and the program,
//! with `dis`-style names and argument text.

use super::super::syntax::ast::{BinOp, CmpOp};
use super::super::value::Value;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    LoadConst(u32),
    /// Module level: globals, then builtins.
    LoadName(u32),
    StoreName(u32),
    /// Function level, a name not assigned in the function.
    LoadGlobal(u32),
    StoreGlobal(u32),
    LoadFast(u32),
    StoreFast(u32),
    LoadAttr(u32),
    /// Stack: obj, value → obj.attr = value.
    StoreAttr(u32),
    BinarySubscr,
    /// Stack: obj, index, value → obj[index] = value.
    StoreSubscr,
    /// The bool says whether it came from an augmented assignment (shown as `+=`).
    Binary(BinOp, bool),
    Compare(CmpOp),
    UnaryNot,
    UnaryNeg,
    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    /// Positional argument count.
    Call(u32),
    /// Positional count, const index of the keyword names tuple.
    CallKw(u32, u32),
    BuildList(u32),
    BuildTuple(u32),
    BuildMap(u32),
    GetIter,
    ForIter(u32),
    PopTop,
    DupTop,
    DupTopTwo,
    RotTwo,
    ReturnValue,
    MakeFunction(u32),
    ImportName(u32),
    /// Raise AssertionError; the bool says whether a message is on the stack.
    RaiseAssert(bool),
    /// Acquire TOS (a lock, semaphore, condition), leaving it on the stack.
    WithEnter,
    /// Pop TOS and release it.
    WithExit,
    Await,
    /// `str()` of TOS (`repr()` if true), for an f-string.
    FormatValue(bool),
    /// Concatenates the top n strings.
    BuildString(u32),
    /// Replaces TOS (a sequence of n items) by its items, the first on top.
    UnpackSequence(u32),
    /// Pops TOS and appends it to the list n deep (a comprehension's result).
    ListAppend(u32),
    // numbers
    /// Stack: start, stop, step → a slice object.
    BuildSlice,
    /// Moves TOS under the next two (a chained comparison keeps its middle operand).
    RotThree,
    /// Stack: value, spec string → `format(value, spec)` (an f-string field with a spec).
    FormatSpec,
    // functions, generators and statements (see compile/funcs.rs, vm/funcs.rs)
    /// A cell or free variable (the slot holds the cell).
    LoadDeref(u32),
    StoreDeref(u32),
    /// A function with runtime defaults and/or a closure. Stack: the positional defaults
    /// (the u32), the keyword-only defaults (as `FuncInfo::kwdefault` marks them), the cells.
    MakeClosure(u32, u32),
    /// `f(*args, **kwargs)`. Stack: callee, a list of positional arguments, a dict of keyword
    /// arguments.
    CallEx,
    /// Pops TOS (an iterable) into the list n deep.
    ListExtend(u32),
    /// Pops TOS (a dict) into the dict n deep (`**d` in a call).
    DictMerge(u32),
    /// Pops value and key into the dict n deep.
    MapAdd(u32),
    /// Pops TOS into the set n deep.
    SetAdd(u32),
    BuildSet(u32),
    YieldValue,
    /// Stack: iterator, value to send. Runs the sub-iterator until it ends (the pc stays here
    /// while it yields).
    YieldFrom,
    /// `a, *b, c = …`: (items before the star, items after).
    UnpackEx(u32, u32),
    DeleteName(u32),
    DeleteGlobal(u32),
    DeleteFast(u32),
    DeleteDeref(u32),
    DeleteSubscr,
    /// A name in the prelude's code: the prelude's functions, then the builtins (never the
    /// program's globals).
    LoadLib(u32),
    /// Moves the third item to the top (a value under its target's object and index).
    PullThird,
    /// Replaces TOS (a list) by a tuple of its items (`(a, *b)`).
    ListToTuple,
    /// A set display of n ≥ 3 constants: CPython builds it from a frozenset constant, so its
    /// table (and order) is that of `set(frozenset(frozenset(items)))`.
    BuildConstSet(u32),
    // classes and exceptions
    /// Stack: the class body's function, n bases → the class (name index; the body runs as a call-back).
    BuildClass(u32, u32),
    /// A class body's end: returns its namespace (the bound locals).
    ReturnLocals,
    /// Opens a handler region: an exception raised until the matching `PopExcept` jumps to the
    /// target with the stack cut to the depth and the exception pushed. A no-op when run.
    SetupExcept(u32, u32),
    /// Closes the innermost handler region (a no-op when run).
    PopExcept,
    /// `raise` (0), `raise x` (1), `raise x from y` (2).
    Raise(u32),
    /// Re-raises the exception on TOS (the end of a `finally`/`with` handler, or no `except` matched).
    Reraise,
    /// Bare `raise` in an `except` body: re-raises the exception handled at this stack slot.
    RaiseHandled(u32),
    /// Stack: exception, class(es) → exception, whether it matches.
    ExcMatch,
    /// Unbinds a name (`except … as e` ends with `del e`): module/global name, or fast local.
    ExcDelName(u32),
    ExcDelFast(u32),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Instr {
    pub op: Op,
    pub line: u32,
}

#[derive(Clone, Debug)]
pub struct Code {
    pub name: String,
    pub instrs: Vec<Instr>,
    pub consts: Vec<Value>,
    pub names: Vec<Rc<str>>,
    pub varnames: Vec<Rc<str>>,
    pub nparams: u32,
    /// Default values of the last `defaults.len()` parameters.
    pub defaults: Vec<Value>,
    pub is_async: bool,
    pub is_module: bool,
    pub line: u32,
    // functions
    pub fun: super::funcs::FuncInfo,
}

#[derive(Clone, Debug)]
pub struct Program {
    /// `codes[0]` is `<module>`.
    pub codes: Vec<Code>,
    // functions
    /// The prelude's functions by name (their codes are marked `fun.lib`).
    pub prelude: std::collections::BTreeMap<Rc<str>, u32>,
}

impl Op {
    pub fn name(&self) -> &'static str {
        match self {
            Op::LoadConst(_) => "LOAD_CONST",
            Op::LoadName(_) => "LOAD_NAME",
            Op::StoreName(_) => "STORE_NAME",
            Op::LoadGlobal(_) => "LOAD_GLOBAL",
            Op::StoreGlobal(_) => "STORE_GLOBAL",
            Op::LoadFast(_) => "LOAD_FAST",
            Op::StoreFast(_) => "STORE_FAST",
            Op::LoadAttr(_) => "LOAD_ATTR",
            Op::StoreAttr(_) => "STORE_ATTR",
            Op::BinarySubscr => "BINARY_SUBSCR",
            Op::StoreSubscr => "STORE_SUBSCR",
            Op::Binary(..) => "BINARY_OP",
            Op::Compare(_) => "COMPARE_OP",
            Op::UnaryNot => "UNARY_NOT",
            Op::UnaryNeg => "UNARY_NEGATIVE",
            Op::Jump(_) => "JUMP",
            Op::PopJumpIfFalse(_) => "POP_JUMP_IF_FALSE",
            Op::PopJumpIfTrue(_) => "POP_JUMP_IF_TRUE",
            Op::JumpIfFalseOrPop(_) => "JUMP_IF_FALSE_OR_POP",
            Op::JumpIfTrueOrPop(_) => "JUMP_IF_TRUE_OR_POP",
            Op::Call(_) => "CALL",
            Op::CallKw(..) => "CALL_KW",
            Op::BuildList(_) => "BUILD_LIST",
            Op::BuildTuple(_) => "BUILD_TUPLE",
            Op::BuildMap(_) => "BUILD_MAP",
            Op::GetIter => "GET_ITER",
            Op::ForIter(_) => "FOR_ITER",
            Op::PopTop => "POP_TOP",
            Op::DupTop => "DUP_TOP",
            Op::DupTopTwo => "DUP_TOP_TWO",
            Op::RotTwo => "ROT_TWO",
            Op::ReturnValue => "RETURN_VALUE",
            Op::MakeFunction(_) => "MAKE_FUNCTION",
            Op::ImportName(_) => "IMPORT_NAME",
            Op::RaiseAssert(_) => "RAISE_ASSERTION",
            Op::WithEnter => "WITH_ENTER",
            Op::WithExit => "WITH_EXIT",
            Op::Await => "AWAIT",
            Op::FormatValue(_) => "FORMAT_VALUE",
            Op::BuildString(_) => "BUILD_STRING",
            Op::UnpackSequence(_) => "UNPACK_SEQUENCE",
            Op::ListAppend(_) => "LIST_APPEND",
            // numbers
            Op::BuildSlice => "BUILD_SLICE",
            Op::RotThree => "ROT_THREE",
            Op::FormatSpec => "FORMAT_WITH_SPEC",
            // functions
            Op::LoadDeref(_) => "LOAD_DEREF",
            Op::StoreDeref(_) => "STORE_DEREF",
            Op::MakeClosure(..) => "MAKE_FUNCTION",
            Op::CallEx => "CALL_FUNCTION_EX",
            Op::ListExtend(_) => "LIST_EXTEND",
            Op::DictMerge(_) => "DICT_MERGE",
            Op::MapAdd(_) => "MAP_ADD",
            Op::SetAdd(_) => "SET_ADD",
            Op::BuildSet(_) => "BUILD_SET",
            Op::YieldValue => "YIELD_VALUE",
            Op::YieldFrom => "YIELD_FROM",
            Op::UnpackEx(..) => "UNPACK_EX",
            Op::DeleteName(_) => "DELETE_NAME",
            Op::DeleteGlobal(_) => "DELETE_GLOBAL",
            Op::DeleteFast(_) => "DELETE_FAST",
            Op::DeleteDeref(_) => "DELETE_DEREF",
            Op::DeleteSubscr => "DELETE_SUBSCR",
            Op::LoadLib(_) => "LOAD_GLOBAL",
            Op::PullThird => "PULL_THIRD",
            Op::ListToTuple => "LIST_TO_TUPLE",
            Op::BuildConstSet(_) => "BUILD_SET",
            // classes and exceptions
            Op::BuildClass(..) => "BUILD_CLASS",
            Op::ReturnLocals => "RETURN_LOCALS",
            Op::SetupExcept(..) => "SETUP_FINALLY",
            Op::PopExcept => "POP_BLOCK",
            Op::Raise(_) => "RAISE_VARARGS",
            Op::Reraise => "RERAISE",
            Op::RaiseHandled(_) => "RERAISE",
            Op::ExcMatch => "CHECK_EXC_MATCH",
            Op::ExcDelName(_) => "DELETE_NAME",
            Op::ExcDelFast(_) => "DELETE_FAST",
        }
    }
}

impl Code {
    /// The argument as `dis` would print it.
    pub fn arg_text(&self, op: &Op, codes: &[Code]) -> String {
        let name = |i: &u32| {
            self.names
                .get(*i as usize)
                .map(|s| s.to_string())
                .unwrap_or_default()
        };
        let var = |i: &u32| {
            self.varnames
                .get(*i as usize)
                .map(|s| s.to_string())
                .unwrap_or_default()
        };
        match op {
            Op::LoadConst(i) => match self.consts.get(*i as usize) {
                Some(Value::Int(v)) => v.to_string(),
                Some(Value::Bool(true)) => "True".into(),
                Some(Value::Bool(false)) => "False".into(),
                Some(Value::None) => "None".into(),
                Some(Value::Str(s)) => super::super::value::repr_str(s),
                Some(Value::Tuple(t)) => format!("{} values", t.len()),
                // numbers
                Some(Value::Float(x)) => super::super::number::float_repr(x.get()),
                _ => String::new(),
            },
            Op::LoadName(i)
            | Op::StoreName(i)
            | Op::LoadGlobal(i)
            | Op::StoreGlobal(i)
            | Op::LoadAttr(i)
            | Op::StoreAttr(i)
            | Op::ImportName(i) => name(i),
            Op::LoadFast(i) | Op::StoreFast(i) => var(i),
            // functions
            Op::LoadDeref(i) | Op::StoreDeref(i) | Op::DeleteFast(i) | Op::DeleteDeref(i) => var(i),
            Op::DeleteName(i) | Op::DeleteGlobal(i) | Op::LoadLib(i) => name(i),
            Op::MakeClosure(c, _) => codes
                .get(*c as usize)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            Op::ListExtend(n)
            | Op::DictMerge(n)
            | Op::MapAdd(n)
            | Op::SetAdd(n)
            | Op::BuildSet(n) => n.to_string(),
            Op::UnpackEx(a, b) => format!("{a}, {b}"),
            Op::Binary(b, aug) => format!("{}{}", b.symbol(), if *aug { "=" } else { "" }),
            Op::Compare(c) => c.symbol().into(),
            Op::Jump(t)
            | Op::PopJumpIfFalse(t)
            | Op::PopJumpIfTrue(t)
            | Op::JumpIfFalseOrPop(t)
            | Op::JumpIfTrueOrPop(t)
            | Op::ForIter(t) => {
                format!("to {t}")
            }
            Op::Call(n) | Op::BuildList(n) | Op::BuildTuple(n) | Op::BuildMap(n) => n.to_string(),
            Op::CallKw(n, k) => {
                let kw = match self.consts.get(*k as usize) {
                    Some(Value::Tuple(t)) => t
                        .iter()
                        .map(|v| match v {
                            Value::Str(s) => s.to_string(),
                            _ => String::new(),
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                    _ => String::new(),
                };
                format!("{n} ({kw})")
            }
            Op::MakeFunction(c) => codes
                .get(*c as usize)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            Op::RaiseAssert(_) => "AssertionError".into(),
            Op::FormatValue(true) => "!r".into(),
            Op::BuildString(n) | Op::UnpackSequence(n) | Op::ListAppend(n) => n.to_string(),
            // classes and exceptions
            Op::BuildClass(i, n) => format!("{} ({n} bases)", name(i)),
            Op::SetupExcept(t, _) => format!("to {t}"),
            Op::Raise(n) => n.to_string(),
            Op::ExcDelName(i) => name(i),
            Op::ExcDelFast(i) => var(i),
            _ => String::new(),
        }
    }
}
