using System.Text;

namespace Ccs.Prompts.Jinja;

/// <summary>Executes a parsed template (what Jinja2's generated Python code does): statements write to the output,
/// expressions follow Python semantics through <see cref="PyOps"/>, <see cref="PyArithmetic"/> and
/// <see cref="PyAccess"/>.</summary>
public sealed class Evaluator(JinjaEnvironment environment)
{
    public JinjaEnvironment Environment { get; } = environment;

    public void Execute(IReadOnlyList<Stmt> body, Scope scope, StringBuilder output)
    {
        foreach (var stmt in body)
        {
            switch (stmt)
            {
                case OutputStmt o:
                    foreach (var part in o.Parts) output.Append(part is string text ? text : PyRepr.Str(Eval((Expr)part, scope)));
                    break;
                case IfStmt i:
                    var branch = i.Branches.FirstOrDefault(b => PyOps.Truthy(Eval(b.Test, scope))).Body ?? i.Else;
                    Execute(branch, scope, output);
                    break;
                case ForStmt f:
                    ExecuteFor(f, scope, output);
                    break;
                case AssignStmt a:
                    Assign(a.Target, Eval(a.Value, scope), scope);
                    break;
            }
        }
    }

    private void ExecuteFor(ForStmt f, Scope scope, StringBuilder output)
    {
        var items = PyOps.Iterate(Eval(f.Iterable, scope)).ToList();
        if (f.Filter is not null)
        {
            items = items.Where(item =>
            {
                var probe = scope.Child();
                Assign(f.Target, item, probe);
                return PyOps.Truthy(Eval(f.Filter, probe));
            }).ToList();
        }
        if (items.Count == 0)
        {
            Execute(f.Else, scope.Child(), output);
            return;
        }
        var loop = new LoopContext(items, depth0: 0);
        for (int i = 0; i < items.Count; i++)
        {
            loop.Index0 = i;
            var iteration = scope.Child();
            iteration.Set("loop", loop);
            Assign(f.Target, items[i], iteration);
            Execute(f.Body, iteration, output);
        }
    }

    private void Assign(Expr target, object? value, Scope scope)
    {
        switch (target)
        {
            case NameExpr n:
                scope.Set(n.Name, value);
                break;
            case TupleExpr t:
                var values = PyOps.Iterate(value).ToList();
                if (values.Count != t.Items.Count)
                    throw new JinjaRuntimeException(values.Count < t.Items.Count
                        ? $"ValueError: not enough values to unpack (expected {t.Items.Count}, got {values.Count})"
                        : $"ValueError: too many values to unpack (expected {t.Items.Count})");
                for (int i = 0; i < values.Count; i++) Assign(t.Items[i], values[i], scope);
                break;
            case NamespaceRefExpr r:
                if (scope.Lookup(r.Name) is not PyNamespace ns)
                    throw new JinjaRuntimeException("cannot assign attribute on non-namespace object");
                ns.Attributes[r.Attribute] = value;
                break;
        }
    }

    public object? Eval(Expr expr, Scope scope)
    {
        switch (expr)
        {
            case ConstExpr c: return c.Value;
            case NameExpr n: return scope.Lookup(n.Name);
            case GetAttrExpr g: return PyAccess.GetAttr(Eval(g.Target, scope), g.Attribute);
            case GetItemExpr g: return GetItem(Eval(g.Target, scope), g.Key, scope);
            case CallExpr c: return Call(Eval(c.Callee, scope), EvalArgs(c.Args, c.Kwargs, scope, "call"));
            case FilterExpr f: return Environment.Filter(f.Name, this, Eval(f.Value, scope), EvalArgs(f.Args, f.Kwargs, scope, f.Name));
            case TestExpr t: return Environment.Test(t.Name, this, Eval(t.Value, scope), EvalArgs(t.Args, t.Kwargs, scope, t.Name));
            case UnaryExpr u:
                object? operand = Eval(u.Operand, scope);
                return u.Op switch
                {
                    "not" => !PyOps.Truthy(operand),
                    "-" => PyArithmetic.Negate(operand),
                    _ => PyArithmetic.Plus(operand),
                };
            case BinaryExpr b: return PyArithmetic.Binary(b.Op, Eval(b.Left, scope), Eval(b.Right, scope));
            case LogicalExpr l:
                object? left = Eval(l.Left, scope);
                return (l.Op == "and") == PyOps.Truthy(left) ? Eval(l.Right, scope) : left;
            case ConcatExpr c: return string.Concat(c.Parts.Select(p => PyRepr.Str(Eval(p, scope))));
            case CompareExpr c: return Compare(c, scope);
            case CondExpr c:
                if (PyOps.Truthy(Eval(c.Test, scope))) return Eval(c.Then, scope);
                return c.Otherwise is null
                    ? new Undefined("the inline if-expression evaluated to false and no else section was defined.")
                    : Eval(c.Otherwise, scope);
            case ListExpr l: return l.Items.Select(i => Eval(i, scope)).ToList();
            case TupleExpr t: return new PyTuple(t.Items.Select(i => Eval(i, scope)).ToList());
            case DictExpr d:
                var dict = new PyDict();
                foreach (var (k, v) in d.Pairs) dict.Set(Eval(k, scope), Eval(v, scope));
                return dict;
            default:
                throw new JinjaRuntimeException($"cannot evaluate {expr.GetType().Name}");
        }
    }

    private object? GetItem(object? target, Expr key, Scope scope)
    {
        if (key is not SliceExpr s) return PyAccess.GetItem(target, Eval(key, scope));
        long? Bound(Expr? e) => e is null ? null : Eval(e, scope) switch
        {
            null => null,
            var v and (bool or long) => PyOps.AsLong(v),
            _ => throw new SliceIndexException(),
        };
        try
        {
            return PyAccess.GetItem(target, new PySlice(Bound(s.Start), Bound(s.Stop), Bound(s.Step)));
        }
        catch (SliceIndexException)
        {
            // Python raises TypeError for a non-integer slice bound; Jinja's getitem turns that into Undefined
            if (target is Undefined u) throw u.Fail();
            return Undefined.Missing(target, "slice");
        }
    }

    private sealed class SliceIndexException : Exception;

    private CallArgs EvalArgs(IReadOnlyList<Expr> args, IReadOnlyList<KeywordArg> kwargs, Scope scope, string callee)
    {
        var positional = args.Select(a => Eval(a, scope)).ToList();
        var keywords = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var kw in kwargs) keywords[kw.Name] = Eval(kw.Value, scope);
        return new CallArgs(callee, positional, keywords);
    }

    private static object? Call(object? callee, CallArgs args) => callee switch
    {
        PyFunction f => f.Invoke(args.Positional, args.Keywords),
        Undefined u => throw u.Fail(),
        _ => throw new JinjaRuntimeException($"TypeError: '{PyRepr.TypeName(callee)}' object is not callable"),
    };

    private bool Compare(CompareExpr c, Scope scope)
    {
        object? left = Eval(c.First, scope);
        foreach (var operand in c.Rest)
        {
            object? right = Eval(operand.Value, scope);
            bool holds = operand.Op switch
            {
                "==" => PyOps.Equal(left, right),
                "!=" => !PyOps.Equal(left, right),
                "<" => PyOps.Compare(left, right, "<") < 0,
                "<=" => PyOps.Compare(left, right, "<=") <= 0,
                ">" => PyOps.Compare(left, right, ">") > 0,
                ">=" => PyOps.Compare(left, right, ">=") >= 0,
                "in" => PyOps.Contains(right, left),
                _ => !PyOps.Contains(right, left),
            };
            if (!holds) return false;
            left = right;
        }
        return true;
    }
}
