namespace Ccs.Prompts.Jinja;

/// <summary>Jinja2's tests (jinja2/tests.py), used by <c>is</c> and by <c>select</c>/<c>reject</c>/<c>selectattr</c>.</summary>
public static class Tests
{
    public delegate bool Test(object? value, CallArgs args);

    public static Dictionary<string, Test> Builtins()
    {
        var tests = new Dictionary<string, Test>(StringComparer.Ordinal)
        {
            ["defined"] = (v, _) => v is not Undefined,
            ["undefined"] = (v, _) => v is Undefined,
            ["none"] = (v, _) => v is null,
            ["true"] = (v, _) => v is true,
            ["false"] = (v, _) => v is false,
            ["boolean"] = (v, _) => v is bool,
            ["integer"] = (v, _) => v is long,
            ["float"] = (v, _) => v is double,
            ["number"] = (v, _) => v is bool or long or double,
            ["string"] = (v, _) => v is string,
            ["mapping"] = (v, _) => v is PyDict,
            ["sequence"] = (v, _) => v is string or List<object?> or PyTuple or PyDict or PyRange or Undefined,
            ["iterable"] = (v, _) => v is string or List<object?> or PyTuple or PyDict or PyRange or PyGenerator or Undefined,
            ["callable"] = (v, _) => v is PyFunction,
            ["odd"] = (v, _) => PyOps.AsLong(v) % 2 != 0,
            ["even"] = (v, _) => PyOps.AsLong(v) % 2 == 0,
            ["divisibleby"] = (v, a) => PyOps.AsLong(v) % PyOps.AsLong(a.Required(0, "num")) == 0,
            ["lower"] = (v, _) => PyRepr.Str(v) is var s && s == PyStr.Lower(s) && s.Any(char.IsLetter),
            ["upper"] = (v, _) => PyRepr.Str(v) is var s && s == PyStr.Upper(s) && s.Any(char.IsLetter),
            ["in"] = (v, a) => PyOps.Contains(a.Required(0, "seq"), v),
        };
        Alias(tests, (v, a) => PyOps.Equal(v, a.Required(0, "other")), "==", "eq", "equalto");
        Alias(tests, (v, a) => !PyOps.Equal(v, a.Required(0, "other")), "!=", "ne");
        Alias(tests, (v, a) => PyOps.Compare(v, a.Required(0, "other"), "<") < 0, "<", "lt", "lessthan");
        Alias(tests, (v, a) => PyOps.Compare(v, a.Required(0, "other"), "<=") <= 0, "<=", "le");
        Alias(tests, (v, a) => PyOps.Compare(v, a.Required(0, "other"), ">") > 0, ">", "gt", "greaterthan");
        Alias(tests, (v, a) => PyOps.Compare(v, a.Required(0, "other"), ">=") >= 0, ">=", "ge");
        return tests;
    }

    private static void Alias(Dictionary<string, Test> tests, Test test, params string[] names)
    {
        foreach (var name in names) tests[name] = test;
    }
}
