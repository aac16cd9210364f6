//! Whether a function body yields (which makes it a generator), and a walk over the
//! expressions a statement holds directly.

use super::super::syntax::ast::*;

/// Whether a function body yields (not counting nested functions): a generator function.
pub(super) fn has_yield(body: &[Stmt]) -> bool {
    let mut found = false;
    for s in body {
        visit_stmt_exprs(s, &mut |e| found |= expr_yields(e));
        if found {
            return true;
        }
    }
    false
}

fn expr_yields(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => true,
        ExprKind::Lambda(_) | ExprKind::GenExp(..) => false,
        ExprKind::Bin(_, a, b)
        | ExprKind::Cmp(_, a, b)
        | ExprKind::And(a, b)
        | ExprKind::Or(a, b)
        | ExprKind::Sub(a, b) => expr_yields(a) || expr_yields(b),
        ExprKind::Neg(a)
        | ExprKind::Not(a)
        | ExprKind::Attr(a, _)
        | ExprKind::Await(a)
        | ExprKind::Star(a)
        | ExprKind::Walrus(_, a) => expr_yields(a),
        ExprKind::Call(f, args, kw) => {
            expr_yields(f) || args.iter().any(expr_yields) || kw.iter().any(|(_, x)| expr_yields(x))
        }
        ExprKind::List(xs) | ExprKind::Tuple(xs) | ExprKind::SetLit(xs) => {
            xs.iter().any(expr_yields)
        }
        ExprKind::Dict(kv) => kv.iter().any(|(k, v)| expr_yields(k) || expr_yields(v)),
        ExprKind::IfElse(a, b, c) => expr_yields(a) || expr_yields(b) || expr_yields(c),
        _ => false,
    }
}

/// Calls `f` on every expression of a statement and of the statements nested in it (not
/// inside nested functions).
pub(super) fn visit_stmt_exprs(s: &Stmt, f: &mut dyn FnMut(&Expr)) {
    let body = |b: &[Stmt], f: &mut dyn FnMut(&Expr)| b.iter().for_each(|s| visit_stmt_exprs(s, f));
    match &s.kind {
        StmtKind::Expr(x) | StmtKind::Return(Some(x)) => f(x),
        StmtKind::Assign(t, v) | StmtKind::AugAssign(t, _, v) => {
            f(t);
            f(v)
        }
        StmtKind::AssignMulti(ts, v) => {
            ts.iter().for_each(&mut *f);
            f(v)
        }
        StmtKind::If(c, a, b) | StmtKind::WhileElse(c, a, b) => {
            f(c);
            body(a, f);
            body(b, f)
        }
        StmtKind::While(c, b) => {
            f(c);
            body(b, f)
        }
        StmtKind::For(_, it, b) => {
            f(it);
            body(b, f)
        }
        StmtKind::ForX(t, it, b, o) => {
            f(t);
            f(it);
            body(b, f);
            body(o, f)
        }
        StmtKind::With(x, _, b) => {
            f(x);
            body(b, f)
        }
        StmtKind::Assert(c, m) => {
            f(c);
            if let Some(m) = m {
                f(m)
            }
        }
        _ => {}
    }
}
