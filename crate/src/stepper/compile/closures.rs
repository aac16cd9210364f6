//! Scope analysis for nested functions, CPython's rules: a name a function assigns is local
//! to it (unless declared `global` or `nonlocal`); a name it only reads, that an enclosing
//! *function* binds, is a free variable reaching that binding through a cell (late binding:
//! the cell holds the variable, not its value at `def` time); anything else is global.

use super::super::syntax::ast::*;
use super::scope::assigned;
use std::collections::BTreeSet;

pub(super) use super::uses::{expr_uses, stmts_uses};
pub(super) use super::yields::has_yield;
use super::yields::visit_stmt_exprs;

pub(super) type Names = BTreeSet<String>;

/// Names a function binds (params included), its `global` and its `nonlocal` names.
pub(super) fn bound(f: &FuncDef) -> (Names, Names, Names) {
    let (mut locals, mut globals, mut nonlocals) = (Names::new(), Names::new(), Names::new());
    assigned(&f.body, &mut locals, &mut globals);
    extra_bound(&f.body, &mut locals, &mut globals, &mut nonlocals);
    locals.extend(f.params.iter().cloned());
    locals.extend(f.kwonly.iter().map(|(n, _)| n.clone()));
    locals.extend(f.varargs.iter().cloned());
    locals.extend(f.varkw.iter().cloned());
    for n in nonlocals.iter().chain(globals.iter()) {
        locals.remove(n);
    }
    (locals, globals, nonlocals)
}

/// The names bound by an assignment target.
pub(super) fn target_names(t: &Expr, out: &mut Names) {
    match &t.kind {
        ExprKind::Name(n) => {
            out.insert(n.clone());
        }
        ExprKind::Tuple(xs) | ExprKind::List(xs) => xs.iter().for_each(|x| target_names(x, out)),
        ExprKind::Star(x) => target_names(x, out),
        _ => {}
    }
}

/// What `scope::assigned` does not see: the statements added with functions, targets other
/// than names, `nonlocal`, and `:=`.
fn extra_bound(body: &[Stmt], locals: &mut Names, globals: &mut Names, nonlocals: &mut Names) {
    for s in body {
        let walrus = |e: &Expr, locals: &mut Names| walrus_names(e, locals);
        match &s.kind {
            StmtKind::Assign(t, v) => {
                target_names(t, locals);
                walrus(v, locals);
            }
            StmtKind::AssignMulti(ts, v) => {
                ts.iter().for_each(|t| target_names(t, locals));
                walrus(v, locals);
            }
            StmtKind::Expr(e) | StmtKind::Return(Some(e)) => walrus(e, locals),
            StmtKind::If(c, a, b) => {
                walrus(c, locals);
                extra_bound(a, locals, globals, nonlocals);
                extra_bound(b, locals, globals, nonlocals);
            }
            StmtKind::While(c, b) => {
                walrus(c, locals);
                extra_bound(b, locals, globals, nonlocals);
            }
            StmtKind::For(_, _, b) | StmtKind::With(_, _, b) => {
                extra_bound(b, locals, globals, nonlocals)
            }
            StmtKind::ForX(t, _, b, e) => {
                target_names(t, locals);
                // `assigned` does not look inside these bodies.
                assigned(b, locals, globals);
                assigned(e, locals, globals);
                extra_bound(b, locals, globals, nonlocals);
                extra_bound(e, locals, globals, nonlocals);
            }
            StmtKind::WhileElse(c, b, e) => {
                walrus(c, locals);
                assigned(b, locals, globals);
                assigned(e, locals, globals);
                extra_bound(b, locals, globals, nonlocals);
                extra_bound(e, locals, globals, nonlocals);
            }
            StmtKind::DefX(f) => {
                locals.insert(f.name.clone());
            }
            StmtKind::Del(xs) => xs.iter().for_each(|x| target_names(x, locals)),
            StmtKind::Nonlocal(ns) => nonlocals.extend(ns.iter().cloned()),
            _ => {}
        }
    }
}

fn walrus_names(e: &Expr, out: &mut Names) {
    let mut uses = Names::new();
    let mut w = Names::new();
    expr_uses(e, &mut uses, &mut w);
    out.extend(w);
}

/// Names a function reads or writes that it does not bind: its free-variable candidates
/// (those an enclosing function binds become cells there).
pub(super) fn free_names(f: &FuncDef) -> Names {
    let (locals, globals, nonlocals) = bound(f);
    let mut uses = Names::new();
    let mut w = Names::new();
    stmts_uses(&f.body, &mut uses, &mut w);
    uses.extend(nonlocals);
    uses.retain(|n| !locals.contains(n) && !globals.contains(n));
    uses
}

/// The free-variable candidates of a generator expression's inner part (its first iterable
/// is evaluated outside, in the enclosing scope).
pub(super) fn genexp_free(elt: &Expr, fors: &[CompFor]) -> Names {
    genexp_free_many(&[elt], fors)
}

pub(super) fn genexp_free_many(elts: &[&Expr], fors: &[CompFor]) -> Names {
    let mut uses = Names::new();
    let mut w = Names::new();
    let mut bound = Names::new();
    for (i, c) in fors.iter().enumerate() {
        target_names(&c.target, &mut bound);
        if i > 0 {
            expr_uses(&c.iter, &mut uses, &mut w);
        }
        c.conds.iter().for_each(|x| expr_uses(x, &mut uses, &mut w));
    }
    for elt in elts {
        expr_uses(elt, &mut uses, &mut w);
    }
    uses.retain(|n| !bound.contains(n));
    uses
}

/// The free-variable candidates of the functions nested directly in `body` (the names that
/// become cells if `body`'s function binds them).
pub(super) fn inner_free(body: &[Stmt]) -> Names {
    let mut out = Names::new();
    for s in body {
        // This statement's own expressions (its blocks are walked below, once).
        let shallow = Stmt {
            kind: match &s.kind {
                StmtKind::If(c, _, _) | StmtKind::While(c, _) | StmtKind::WhileElse(c, _, _) => {
                    StmtKind::Expr(c.clone())
                }
                StmtKind::For(_, it, _)
                | StmtKind::ForX(_, it, _, _)
                | StmtKind::With(it, _, _) => StmtKind::Expr(it.clone()),
                StmtKind::Def { .. } | StmtKind::DefX(_) => StmtKind::Pass,
                k => k.clone(),
            },
            line: s.line,
            col: s.col,
        };
        visit_stmt_exprs(&shallow, &mut |e| expr_nested_free(e, &mut out));
        match &s.kind {
            StmtKind::Def { .. } | StmtKind::DefX(_) => {
                out.extend(free_names(&as_funcdef(s)));
            }
            _ => {}
        }
        for b in sub_bodies(s) {
            out.extend(inner_free(b));
        }
    }
    out
}

/// The blocks nested in a compound statement.
fn sub_bodies(s: &Stmt) -> Vec<&[Stmt]> {
    match &s.kind {
        StmtKind::If(_, a, b) | StmtKind::WhileElse(_, a, b) | StmtKind::ForX(_, _, a, b) => {
            vec![a, b]
        }
        StmtKind::While(_, b) | StmtKind::For(_, _, b) | StmtKind::With(_, _, b) => vec![b],
        _ => vec![],
    }
}

/// A `def` statement as a [`FuncDef`].
pub(super) fn as_funcdef(s: &Stmt) -> FuncDef {
    match &s.kind {
        StmtKind::DefX(f) => (**f).clone(),
        StmtKind::Def {
            name,
            params,
            defaults,
            body,
            is_async,
        } => FuncDef {
            name: name.clone(),
            params: params.clone(),
            defaults: defaults.clone(),
            varargs: None,
            kwonly: vec![],
            varkw: None,
            body: body.clone(),
            decorators: vec![],
            is_async: *is_async,
            line: s.line,
            col: s.col,
        },
        _ => FuncDef {
            name: String::new(),
            params: vec![],
            defaults: vec![],
            varargs: None,
            kwonly: vec![],
            varkw: None,
            body: vec![],
            decorators: vec![],
            is_async: false,
            line: s.line,
            col: s.col,
        },
    }
}

/// Free names of the lambdas and generator expressions inside an expression.
fn expr_nested_free(e: &Expr, out: &mut Names) {
    match &e.kind {
        ExprKind::Lambda(f) => {
            out.extend(free_names(f));
            for d in f
                .defaults
                .iter()
                .chain(f.kwonly.iter().filter_map(|(_, d)| d.as_ref()))
            {
                expr_nested_free(d, out);
            }
        }
        ExprKind::GenExp(elt, fors) => {
            out.extend(genexp_free(elt, fors));
            expr_nested_free(&fors[0].iter, out);
        }
        _ => each_child(e, &mut |c| expr_nested_free(c, out)),
    }
}

/// Calls `f` on each direct sub-expression.
fn each_child(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    match &e.kind {
        ExprKind::Bin(_, a, b)
        | ExprKind::Cmp(_, a, b)
        | ExprKind::And(a, b)
        | ExprKind::Or(a, b)
        | ExprKind::Sub(a, b) => {
            f(a);
            f(b)
        }
        ExprKind::Neg(a)
        | ExprKind::Not(a)
        | ExprKind::Attr(a, _)
        | ExprKind::Await(a)
        | ExprKind::Star(a)
        | ExprKind::YieldFrom(a)
        | ExprKind::Walrus(_, a) => f(a),
        ExprKind::Yield(Some(a)) => f(a),
        ExprKind::Call(g, args, kw) => {
            f(g);
            args.iter().for_each(&mut *f);
            kw.iter().for_each(|(_, x)| f(x));
        }
        ExprKind::List(xs) | ExprKind::Tuple(xs) | ExprKind::SetLit(xs) => xs.iter().for_each(f),
        ExprKind::Dict(kv) => kv.iter().for_each(|(k, v)| {
            f(k);
            f(v)
        }),
        ExprKind::FString(ps) => ps.iter().for_each(|p| {
            if let FPiece::Expr(x, _) = p {
                f(x)
            }
        }),
        ExprKind::ListComp(elt, _, it, conds) => {
            f(elt);
            f(it);
            conds.iter().for_each(f);
        }
        ExprKind::IfElse(a, b, c) => {
            f(a);
            f(b);
            f(c)
        }
        ExprKind::ListCompX(elt, fors) | ExprKind::SetComp(elt, fors) => {
            f(elt);
            for c in fors {
                f(&c.iter);
                c.conds.iter().for_each(&mut *f);
            }
        }
        ExprKind::DictComp(k, v, fors) => {
            f(k);
            f(v);
            for c in fors {
                f(&c.iter);
                c.conds.iter().for_each(&mut *f);
            }
        }
        _ => {}
    }
}
