namespace Ccs.Prompts.Jinja;

/// <summary>jinja2.meta.find_undeclared_variables: the names a template reads from its context (row columns,
/// globals such as <c>range</c>) rather than from its own <c>set</c>/<c>for</c> assignments.</summary>
public static class UndeclaredNames
{
    public static IReadOnlySet<string> Find(JinjaTemplate template)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        Walk(template.Body, new HashSet<string>(StringComparer.Ordinal), found);
        return found;
    }

    private static void Walk(IReadOnlyList<Stmt> body, HashSet<string> declared, HashSet<string> found)
    {
        foreach (var stmt in body)
        {
            switch (stmt)
            {
                case OutputStmt o:
                    foreach (var e in o.Parts.OfType<Expr>()) Visit(e, declared, found);
                    break;
                case IfStmt i:
                    foreach (var (test, branch) in i.Branches)
                    {
                        Visit(test, declared, found);
                        Walk(branch, declared, found);
                    }
                    Walk(i.Else, declared, found);
                    break;
                case ForStmt f:
                    Visit(f.Iterable, declared, found);
                    var inner = new HashSet<string>(declared, StringComparer.Ordinal) { "loop" };
                    Declare(f.Target, inner);
                    if (f.Filter is not null) Visit(f.Filter, inner, found);
                    Walk(f.Body, inner, found);
                    Walk(f.Else, new HashSet<string>(declared, StringComparer.Ordinal), found);
                    break;
                case AssignStmt a:
                    Visit(a.Value, declared, found);
                    if (a.Target is NamespaceRefExpr r && !declared.Contains(r.Name)) found.Add(r.Name);
                    Declare(a.Target, declared);
                    break;
            }
        }
    }

    private static void Declare(Expr target, HashSet<string> declared)
    {
        if (target is NameExpr n) declared.Add(n.Name);
        else if (target is TupleExpr t) foreach (var item in t.Items) Declare(item, declared);
    }

    private static void Visit(Expr? e, HashSet<string> declared, HashSet<string> found)
    {
        switch (e)
        {
            case null or ConstExpr: return;
            case NameExpr n: if (!declared.Contains(n.Name)) found.Add(n.Name); return;
            case GetAttrExpr g: Visit(g.Target, declared, found); return;
            case GetItemExpr g: Visit(g.Target, declared, found); Visit(g.Key, declared, found); return;
            case SliceExpr s: Visit(s.Start, declared, found); Visit(s.Stop, declared, found); Visit(s.Step, declared, found); return;
            case CallExpr c: Visit(c.Callee, declared, found); VisitAll(c.Args, c.Kwargs, declared, found); return;
            case FilterExpr f: Visit(f.Value, declared, found); VisitAll(f.Args, f.Kwargs, declared, found); return;
            case TestExpr t: Visit(t.Value, declared, found); VisitAll(t.Args, t.Kwargs, declared, found); return;
            case UnaryExpr u: Visit(u.Operand, declared, found); return;
            case BinaryExpr b: Visit(b.Left, declared, found); Visit(b.Right, declared, found); return;
            case LogicalExpr l: Visit(l.Left, declared, found); Visit(l.Right, declared, found); return;
            case ConcatExpr c: foreach (var p in c.Parts) Visit(p, declared, found); return;
            case CompareExpr c: Visit(c.First, declared, found); foreach (var o in c.Rest) Visit(o.Value, declared, found); return;
            case CondExpr c: Visit(c.Test, declared, found); Visit(c.Then, declared, found); Visit(c.Otherwise, declared, found); return;
            case ListExpr l: foreach (var i in l.Items) Visit(i, declared, found); return;
            case TupleExpr t: foreach (var i in t.Items) Visit(i, declared, found); return;
            case DictExpr d: foreach (var (k, v) in d.Pairs) { Visit(k, declared, found); Visit(v, declared, found); } return;
        }
    }

    private static void VisitAll(IReadOnlyList<Expr> args, IReadOnlyList<KeywordArg> kwargs, HashSet<string> declared, HashSet<string> found)
    {
        foreach (var a in args) Visit(a, declared, found);
        foreach (var k in kwargs) Visit(k.Value, declared, found);
    }
}
