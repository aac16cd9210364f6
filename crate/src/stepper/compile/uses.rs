//! Which names code reads and writes: the uses of a body, a statement, a nested function
//! or an expression (the input to free-variable analysis).

use super::super::syntax::ast::*;
use super::closures::{as_funcdef, free_names, genexp_free, genexp_free_many, Names};

pub(super) fn stmts_uses(body: &[Stmt], uses: &mut Names, w: &mut Names) {
    for s in body {
        stmt_uses(s, uses, w);
    }
}

fn stmt_uses(s: &Stmt, u: &mut Names, w: &mut Names) {
    let e = |x: &Expr, u: &mut Names, w: &mut Names| expr_uses(x, u, w);
    match &s.kind {
        StmtKind::Expr(x) | StmtKind::Return(Some(x)) => e(x, u, w),
        StmtKind::Assign(t, v) | StmtKind::AugAssign(t, _, v) => {
            e(t, u, w);
            e(v, u, w);
        }
        StmtKind::AssignMulti(ts, v) => {
            ts.iter().for_each(|t| e(t, u, w));
            e(v, u, w);
        }
        StmtKind::If(c, a, b) | StmtKind::WhileElse(c, a, b) => {
            e(c, u, w);
            stmts_uses(a, u, w);
            stmts_uses(b, u, w);
        }
        StmtKind::While(c, b) => {
            e(c, u, w);
            stmts_uses(b, u, w);
        }
        StmtKind::For(vs, it, b) => {
            u.extend(vs.iter().cloned());
            e(it, u, w);
            stmts_uses(b, u, w);
        }
        StmtKind::ForX(t, it, b, o) => {
            e(t, u, w);
            e(it, u, w);
            stmts_uses(b, u, w);
            stmts_uses(o, u, w);
        }
        StmtKind::Def { .. } => func_uses(&as_funcdef(s), u, w),
        StmtKind::DefX(f) => func_uses(f, u, w),
        StmtKind::Assert(c, m) => {
            e(c, u, w);
            if let Some(m) = m {
                e(m, u, w);
            }
        }
        StmtKind::With(x, a, b) => {
            e(x, u, w);
            u.extend(a.iter().cloned());
            stmts_uses(b, u, w);
        }
        StmtKind::Del(xs) => xs.iter().for_each(|x| e(x, u, w)),
        StmtKind::Nonlocal(ns) | StmtKind::Global(ns) => u.extend(ns.iter().cloned()),
        _ => {}
    }
}

/// Uses of a nested `def`/`lambda` seen from outside: its defaults and decorators (evaluated
/// here) and its free names.
fn func_uses(f: &FuncDef, u: &mut Names, w: &mut Names) {
    for d in f
        .defaults
        .iter()
        .chain(f.kwonly.iter().filter_map(|(_, d)| d.as_ref()))
    {
        expr_uses(d, u, w);
    }
    f.decorators.iter().for_each(|d| expr_uses(d, u, w));
    u.extend(free_names(f));
}

/// Names an expression reads (and, in `w`, the names its `:=` binds).
pub(super) fn expr_uses(e: &Expr, u: &mut Names, w: &mut Names) {
    let go = |x: &Expr, u: &mut Names, w: &mut Names| expr_uses(x, u, w);
    match &e.kind {
        ExprKind::Name(n) => {
            u.insert(n.clone());
        }
        ExprKind::Bin(_, a, b)
        | ExprKind::Cmp(_, a, b)
        | ExprKind::And(a, b)
        | ExprKind::Or(a, b)
        | ExprKind::Sub(a, b) => {
            go(a, u, w);
            go(b, u, w);
        }
        ExprKind::Neg(a)
        | ExprKind::Not(a)
        | ExprKind::Attr(a, _)
        | ExprKind::Await(a)
        | ExprKind::Star(a)
        | ExprKind::YieldFrom(a) => go(a, u, w),
        ExprKind::Yield(a) => {
            if let Some(a) = a {
                go(a, u, w)
            }
        }
        ExprKind::Call(f, args, kw) => {
            go(f, u, w);
            args.iter().for_each(|x| go(x, u, w));
            kw.iter().for_each(|(_, x)| go(x, u, w));
        }
        ExprKind::List(xs) | ExprKind::Tuple(xs) | ExprKind::SetLit(xs) => {
            xs.iter().for_each(|x| go(x, u, w))
        }
        ExprKind::Dict(kv) => kv.iter().for_each(|(k, v)| {
            go(k, u, w);
            go(v, u, w);
        }),
        ExprKind::FString(ps) => ps.iter().for_each(|p| {
            if let FPiece::Expr(x, _) = p {
                go(x, u, w)
            }
        }),
        ExprKind::ListComp(elt, vars, it, conds) => {
            let mut inner = Names::new();
            go(elt, &mut inner, w);
            conds.iter().for_each(|c| go(c, &mut inner, w));
            inner.retain(|n| !vars.contains(n));
            u.extend(inner);
            go(it, u, w);
        }
        ExprKind::IfElse(a, b, c) => {
            go(a, u, w);
            go(b, u, w);
            go(c, u, w);
        }
        ExprKind::Lambda(f) => func_uses(f, u, w),
        // numbers
        ExprKind::Float(_) => {}
        ExprKind::Slice(a, b, c) => [a, b, c].into_iter().flatten().for_each(|x| go(x, u, w)),
        ExprKind::Chain(a, rest) => {
            go(a, u, w);
            rest.iter().for_each(|(_, x)| go(x, u, w));
        }
        ExprKind::GenExp(elt, fors)
        | ExprKind::ListCompX(elt, fors)
        | ExprKind::SetComp(elt, fors) => {
            go(&fors[0].iter, u, w);
            u.extend(genexp_free(elt, fors));
        }
        ExprKind::DictComp(k, v, fors) => {
            go(&fors[0].iter, u, w);
            u.extend(genexp_free_many(&[k, v], fors));
        }
        ExprKind::Walrus(n, v) => {
            w.insert(n.clone());
            u.insert(n.clone());
            go(v, u, w);
        }
        ExprKind::Int(_) | ExprKind::Str(_) | ExprKind::Bool(_) | ExprKind::None => {}
    }
}
