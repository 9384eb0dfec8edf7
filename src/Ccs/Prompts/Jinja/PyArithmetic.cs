namespace Ccs.Prompts.Jinja;

/// <summary>Python's binary and unary arithmetic on template values (<c>bool</c> counts as <c>int</c>; <c>/</c> is
/// true division; <c>//</c> and <c>%</c> floor; <c>str % x</c> is printf formatting).</summary>
public static class PyArithmetic
{
    public static object? Binary(string op, object? a, object? b)
    {
        // str % x formats before anything else: "%s" % undefined gives "" (str.__mod__ calls str() on it)
        if (op == "%" && a is string format) return PyFormat.Percent(format, b);
        if (a is Undefined u) throw u.Fail();
        if (b is Undefined v) throw v.Fail();
        if (PyOps.IsNumber(a) && PyOps.IsNumber(b)) return Numeric(op, a, b);
        return (op, a, b) switch
        {
            ("+", string x, string y) => x + y,
            ("+", List<object?> x, List<object?> y) => x.Concat(y).ToList(),
            ("+", PyTuple x, PyTuple y) => new PyTuple(x.Items.Concat(y.Items).ToList()),
            ("*", string x, bool or long) => Repeat(x, PyOps.AsLong(b)),
            ("*", bool or long, string y) => Repeat(y, PyOps.AsLong(a)),
            ("*", List<object?> x, bool or long) => RepeatList(x, PyOps.AsLong(b)),
            ("*", bool or long, List<object?> y) => RepeatList(y, PyOps.AsLong(a)),
            _ => throw new JinjaRuntimeException(
                $"TypeError: unsupported operand type(s) for {op}: '{PyRepr.TypeName(a)}' and '{PyRepr.TypeName(b)}'"),
        };
    }

    private static string Repeat(string s, long n) => n <= 0 ? "" : string.Concat(Enumerable.Repeat(s, (int)n));

    private static List<object?> RepeatList(List<object?> l, long n) =>
        n <= 0 ? [] : Enumerable.Repeat(l, (int)n).SelectMany(x => x).ToList();

    private static object Numeric(string op, object? a, object? b)
    {
        bool ints = a is bool or long && b is bool or long;
        if (ints)
        {
            long x = PyOps.AsLong(a), y = PyOps.AsLong(b);
            checked
            {
                switch (op)
                {
                    case "+": return x + y;
                    case "-": return x - y;
                    case "*": return x * y;
                    case "/": return y == 0 ? throw ZeroDivision() : (double)x / y;
                    case "//": return y == 0 ? throw ZeroDivision() : FloorDiv(x, y);
                    case "%": return y == 0 ? throw ZeroDivision() : x - FloorDiv(x, y) * y;
                    case "**": return y >= 0 ? IntPow(x, y) : (object)Math.Pow(x, y);
                }
            }
        }
        double p = PyOps.AsDouble(a), q = PyOps.AsDouble(b);
        switch (op)
        {
            case "+": return p + q;
            case "-": return p - q;
            case "*": return p * q;
            case "/": return q == 0 ? throw ZeroDivision() : p / q;
            case "//": return q == 0 ? throw ZeroDivision() : Math.Floor(p / q);
            case "%":
                if (q == 0) throw ZeroDivision();
                double m = p % q; // fmod, then Python's sign rule (float_rem in CPython's floatobject.c)
                return m != 0 ? ((q < 0) != (m < 0) ? m + q : m) : Math.CopySign(0.0, q);
            case "**": return Math.Pow(p, q);
        }
        throw new JinjaRuntimeException($"unknown operator {op}");
    }

    private static long FloorDiv(long x, long y)
    {
        long q = x / y;
        return (x % y != 0 && (x < 0) != (y < 0)) ? q - 1 : q;
    }

    private static long IntPow(long x, long y)
    {
        long r = 1;
        for (long i = 0; i < y; i++) r = checked(r * x);
        return r;
    }

    private static JinjaRuntimeException ZeroDivision() => new("ZeroDivisionError: division by zero");

    public static object? Negate(object? v) => v switch
    {
        bool or long => (object)checked(-PyOps.AsLong(v)),
        double d => -d,
        Undefined u => throw u.Fail(),
        _ => throw new JinjaRuntimeException($"TypeError: bad operand type for unary -: '{PyRepr.TypeName(v)}'"),
    };

    public static object? Plus(object? v) => v switch
    {
        bool or long => (object)PyOps.AsLong(v),
        double d => d,
        Undefined u => throw u.Fail(),
        _ => throw new JinjaRuntimeException($"TypeError: bad operand type for unary +: '{PyRepr.TypeName(v)}'"),
    };
}
