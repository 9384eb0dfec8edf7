namespace Ccs.Prompts.Jinja;

/// <summary>Jinja2's recursive-descent parser (jinja2/parser.py), same precedence and the same quirks (filters
/// bind tighter than unary minus's operand but apply to the negated value; <c>if</c> tests take tuples).
/// Supported statements: <c>if/elif/else</c>, <c>for</c> (with an <c>if</c> filter and <c>else</c>), <c>set</c>.
/// Filter and test names are checked at parse time, as Jinja's compiler does.</summary>
public sealed class Parser
{
    private static readonly HashSet<string> CompareOps = new(StringComparer.Ordinal) { "==", "!=", "<", "<=", ">", ">=" };
    private static readonly HashSet<string> UnsupportedTags = new(StringComparer.Ordinal)
        { "block", "extends", "print", "macro", "include", "from", "import", "with", "autoescape", "call", "filter" };

    private readonly List<Token> _tokens;
    private readonly Func<string, bool> _isFilter;
    private readonly Func<string, bool> _isTest;
    private int _pos;

    public Parser(List<Token> tokens, Func<string, bool> isFilter, Func<string, bool> isTest)
    {
        _tokens = tokens;
        _isFilter = isFilter;
        _isTest = isTest;
    }

    public IReadOnlyList<Stmt> ParseTemplate()
    {
        var body = Subparse(null);
        if (Current.Kind != TokenKind.Eof) throw Fail($"unexpected '{Current}'");
        return body;
    }

    private Token Current => _tokens[_pos];
    private Token Look => _tokens[Math.Min(_pos + 1, _tokens.Count - 1)];
    private Token Next() => _tokens[_pos++];

    private TemplateSyntaxException Fail(string message, Token? at = null) => new(message, (at ?? Current).Line);

    private Token Expect(TokenKind kind, string? text = null)
    {
        var t = Current;
        if (t.Kind != kind || (text is not null && t.Text != text))
        {
            string wanted = text ?? kind.ToString();
            throw Fail(t.Kind == TokenKind.Eof ? $"unexpected end of template, expected '{wanted}'" : $"expected token '{wanted}', got '{t}'");
        }
        _pos++;
        return t;
    }

    private bool SkipOperator(string op)
    {
        if (!Current.IsOperator(op)) return false;
        _pos++;
        return true;
    }

    private bool SkipName(string name)
    {
        if (!Current.IsName(name)) return false;
        _pos++;
        return true;
    }

    // ---- statements -------------------------------------------------------------------------------------

    private List<Stmt> Subparse(string[]? endTokens)
    {
        var body = new List<Stmt>();
        var data = new List<object>();
        int dataLine = Current.Line;
        void Flush()
        {
            if (data.Count > 0) body.Add(new OutputStmt(data.ToList(), dataLine));
            data.Clear();
        }
        while (Current.Kind != TokenKind.Eof)
        {
            var token = Current;
            if (data.Count == 0) dataLine = token.Line;
            switch (token.Kind)
            {
                case TokenKind.Data:
                    data.Add(token.Text);
                    _pos++;
                    break;
                case TokenKind.VariableBegin:
                    _pos++;
                    data.Add(ParseTuple(withCondExpr: true));
                    Expect(TokenKind.VariableEnd);
                    break;
                case TokenKind.BlockBegin:
                    Flush();
                    _pos++;
                    if (endTokens is not null && Current.Kind == TokenKind.Name && endTokens.Contains(Current.Text)) return body;
                    body.Add(ParseStatement());
                    Expect(TokenKind.BlockEnd);
                    break;
                default:
                    throw Fail("internal parsing error");
            }
        }
        Flush();
        if (endTokens is not null)
            throw Fail($"Unexpected end of template. Jinja was looking for the following tags: {string.Join(" or ", endTokens.Select(t => $"'{t}'"))}.");
        return body;
    }

    private List<Stmt> ParseStatements(params string[] endTokens)
    {
        SkipOperator(":");
        Expect(TokenKind.BlockEnd);
        return Subparse(endTokens);
    }

    private Stmt ParseStatement()
    {
        var token = Current;
        if (token.Kind != TokenKind.Name) throw Fail("tag name expected");
        return token.Text switch
        {
            "if" => ParseIf(),
            "for" => ParseFor(),
            "set" => ParseSet(),
            _ when UnsupportedTags.Contains(token.Text) => throw Fail($"the {{% {token.Text} %}} tag is not supported"),
            _ => throw Fail($"Encountered unknown tag '{token.Text}'."),
        };
    }

    private IfStmt ParseIf()
    {
        int line = Next().Line;
        var branches = new List<(Expr, IReadOnlyList<Stmt>)>();
        IReadOnlyList<Stmt> otherwise = [];
        while (true)
        {
            var test = ParseTuple(withCondExpr: false);
            var body = ParseStatements("elif", "else", "endif");
            branches.Add((test, body));
            var token = Next();
            if (token.IsName("elif")) continue;
            if (token.IsName("else"))
            {
                otherwise = ParseStatements("endif");
                _pos++;
            }
            break;
        }
        return new IfStmt(branches, otherwise, line);
    }

    private ForStmt ParseFor()
    {
        int line = Next().Line;
        var target = ParseAssignTarget(withNamespace: false, "in");
        Expect(TokenKind.Name, "in");
        var iterable = ParseTuple(withCondExpr: false, extraEnd: "recursive");
        Expr? filter = SkipName("if") ? ParseExpression() : null;
        if (Current.IsName("recursive")) throw Fail("recursive for loops are not supported");
        var body = ParseStatements("endfor", "else");
        IReadOnlyList<Stmt> otherwise = [];
        if (Next().IsName("else"))
        {
            otherwise = ParseStatements("endfor");
            _pos++;
        }
        return new ForStmt(target, iterable, filter, body, otherwise, line);
    }

    private AssignStmt ParseSet()
    {
        int line = Next().Line;
        var target = ParseAssignTarget(withNamespace: true);
        if (!SkipOperator("=")) throw Fail("{% set %} blocks ({% set x %}...{% endset %}) are not supported");
        return new AssignStmt(target, ParseTuple(withCondExpr: true), line);
    }

    private Expr ParseAssignTarget(bool withNamespace, string? extraEnd = null)
    {
        var target = ParseTuple(withCondExpr: true, extraEnd: extraEnd, simplified: true, withNamespace: withNamespace);
        if (!CanAssign(target)) throw Fail($"can't assign to '{target.GetType().Name.Replace("Expr", "").ToLowerInvariant()}'");
        return target;
    }

    private static bool CanAssign(Expr e) => e switch
    {
        NameExpr n => n.Name is not ("true" or "false" or "none" or "True" or "False" or "None"),
        NamespaceRefExpr => true,
        TupleExpr t => t.Items.All(CanAssign),
        _ => false,
    };

    // ---- expressions ------------------------------------------------------------------------------------

    private bool IsTupleEnd(string? extraEnd) =>
        Current.Kind is TokenKind.VariableEnd or TokenKind.BlockEnd || Current.IsOperator(")")
        || (extraEnd is not null && Current.IsName(extraEnd));

    private Expr ParseTuple(bool withCondExpr, string? extraEnd = null, bool simplified = false, bool withNamespace = false, bool explicitParentheses = false)
    {
        int line = Current.Line;
        var items = new List<Expr>();
        bool isTuple = false;
        while (true)
        {
            if (items.Count > 0) Expect(TokenKind.Operator, ",");
            if (IsTupleEnd(extraEnd)) break;
            items.Add(simplified ? ParsePrimary(withNamespace) : withCondExpr ? ParseExpression() : ParseOr());
            if (Current.IsOperator(",")) isTuple = true;
            else break;
        }
        if (!isTuple)
        {
            if (items.Count > 0) return items[0];
            if (!explicitParentheses) throw Fail($"Expected an expression, got '{Current}'");
        }
        return new TupleExpr(items, line);
    }

    private Expr ParseExpression()
    {
        int line = Current.Line;
        var expr = ParseOr();
        while (SkipName("if"))
        {
            var test = ParseOr();
            Expr? otherwise = SkipName("else") ? ParseExpression() : null;
            expr = new CondExpr(test, expr, otherwise, line);
        }
        return expr;
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsName("or")) { int line = Next().Line; left = new LogicalExpr("or", left, ParseAnd(), line); }
        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsName("and")) { int line = Next().Line; left = new LogicalExpr("and", left, ParseNot(), line); }
        return left;
    }

    private Expr ParseNot()
    {
        if (Current.IsName("not")) { int line = Next().Line; return new UnaryExpr("not", ParseNot(), line); }
        return ParseCompare();
    }

    private Expr ParseCompare()
    {
        int line = Current.Line;
        var first = ParseMath1();
        var rest = new List<CompareOperand>();
        while (true)
        {
            if (Current.Kind == TokenKind.Operator && CompareOps.Contains(Current.Text)) rest.Add(new CompareOperand(Next().Text, ParseMath1()));
            else if (SkipName("in")) rest.Add(new CompareOperand("in", ParseMath1()));
            else if (Current.IsName("not") && Look.IsName("in")) { _pos += 2; rest.Add(new CompareOperand("not in", ParseMath1())); }
            else break;
        }
        return rest.Count == 0 ? first : new CompareExpr(first, rest, line);
    }

    private Expr ParseMath1()
    {
        var left = ParseConcat();
        while (Current.IsOperator("+") || Current.IsOperator("-")) { var op = Next(); left = new BinaryExpr(op.Text, left, ParseConcat(), op.Line); }
        return left;
    }

    private Expr ParseConcat()
    {
        int line = Current.Line;
        var parts = new List<Expr> { ParseMath2() };
        while (SkipOperator("~")) parts.Add(ParseMath2());
        return parts.Count == 1 ? parts[0] : new ConcatExpr(parts, line);
    }

    private Expr ParseMath2()
    {
        var left = ParsePow();
        while (Current.Kind == TokenKind.Operator && Current.Text is "*" or "/" or "//" or "%")
        {
            var op = Next();
            left = new BinaryExpr(op.Text, left, ParsePow(), op.Line);
        }
        return left;
    }

    private Expr ParsePow()
    {
        var left = ParseUnary(withFilter: true);
        while (Current.IsOperator("**")) { var op = Next(); left = new BinaryExpr("**", left, ParseUnary(withFilter: true), op.Line); }
        return left;
    }

    private Expr ParseUnary(bool withFilter)
    {
        Expr node;
        if (Current.IsOperator("-") || Current.IsOperator("+"))
        {
            var op = Next();
            node = new UnaryExpr(op.Text, ParseUnary(withFilter: false), op.Line);
        }
        else node = ParsePrimary(withNamespace: false);
        node = ParsePostfix(node);
        return withFilter ? ParseFilterExpr(node) : node;
    }

    private Expr ParsePrimary(bool withNamespace)
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Name:
                _pos++;
                if (token.Text is "true" or "True") return new ConstExpr(true, token.Line);
                if (token.Text is "false" or "False") return new ConstExpr(false, token.Line);
                if (token.Text is "none" or "None") return new ConstExpr(null, token.Line);
                if (withNamespace && Current.IsOperator("."))
                {
                    _pos++;
                    return new NamespaceRefExpr(token.Text, Expect(TokenKind.Name).Text, token.Line);
                }
                return new NameExpr(token.Text, token.Line);
            case TokenKind.String:
                _pos++;
                string text = token.Text;
                while (Current.Kind == TokenKind.String) text += Next().Text;
                return new ConstExpr(text, token.Line);
            case TokenKind.Integer or TokenKind.Float:
                _pos++;
                return new ConstExpr(token.Value, token.Line);
            case TokenKind.Operator when token.Text == "(":
                _pos++;
                var inner = ParseTuple(withCondExpr: true, explicitParentheses: true);
                Expect(TokenKind.Operator, ")");
                return inner;
            case TokenKind.Operator when token.Text == "[":
                return ParseList();
            case TokenKind.Operator when token.Text == "{":
                return ParseDict();
            default:
                throw Fail($"unexpected '{token}'");
        }
    }

    private ListExpr ParseList()
    {
        int line = Expect(TokenKind.Operator, "[").Line;
        var items = new List<Expr>();
        while (!Current.IsOperator("]"))
        {
            if (items.Count > 0) Expect(TokenKind.Operator, ",");
            if (Current.IsOperator("]")) break;
            items.Add(ParseExpression());
        }
        Expect(TokenKind.Operator, "]");
        return new ListExpr(items, line);
    }

    private DictExpr ParseDict()
    {
        int line = Expect(TokenKind.Operator, "{").Line;
        var pairs = new List<(Expr, Expr)>();
        while (!Current.IsOperator("}"))
        {
            if (pairs.Count > 0) Expect(TokenKind.Operator, ",");
            if (Current.IsOperator("}")) break;
            var key = ParseExpression();
            Expect(TokenKind.Operator, ":");
            pairs.Add((key, ParseExpression()));
        }
        Expect(TokenKind.Operator, "}");
        return new DictExpr(pairs, line);
    }

    private Expr ParsePostfix(Expr node)
    {
        while (true)
        {
            if (Current.IsOperator(".") || Current.IsOperator("[")) node = ParseSubscript(node);
            else if (Current.IsOperator("(")) node = ParseCall(node);
            else return node;
        }
    }

    private Expr ParseFilterExpr(Expr node)
    {
        while (true)
        {
            if (Current.IsOperator("|")) node = ParseFilter(node);
            else if (Current.IsName("is")) node = ParseTest(node);
            else if (Current.IsOperator("(")) node = ParseCall(node);
            else return node;
        }
    }

    private Expr ParseSubscript(Expr node)
    {
        var token = Next();
        if (token.IsOperator("."))
        {
            var attr = Next();
            if (attr.Kind == TokenKind.Name) return new GetAttrExpr(node, attr.Text, token.Line);
            if (attr.Kind != TokenKind.Integer) throw Fail("expected name or number", attr);
            return new GetItemExpr(node, new ConstExpr(attr.Value, attr.Line), token.Line);
        }
        var args = new List<Expr>();
        while (!Current.IsOperator("]"))
        {
            if (args.Count > 0) Expect(TokenKind.Operator, ",");
            args.Add(ParseSubscribed());
        }
        Expect(TokenKind.Operator, "]");
        return new GetItemExpr(node, args.Count == 1 ? args[0] : new TupleExpr(args, token.Line), token.Line);
    }

    private Expr ParseSubscribed()
    {
        int line = Current.Line;
        Expr? start = null;
        if (!SkipOperator(":"))
        {
            var node = ParseExpression();
            if (!SkipOperator(":")) return node;
            start = node;
        }
        Expr? stop = null, step = null;
        if (!Current.IsOperator(":") && !Current.IsOperator("]") && !Current.IsOperator(",")) stop = ParseExpression();
        if (SkipOperator(":") && !Current.IsOperator("]") && !Current.IsOperator(",")) step = ParseExpression();
        return new SliceExpr(start, stop, step, line);
    }

    private (List<Expr> Args, List<KeywordArg> Kwargs) ParseCallArgs()
    {
        Expect(TokenKind.Operator, "(");
        var args = new List<Expr>();
        var kwargs = new List<KeywordArg>();
        bool requireComma = false;
        while (!Current.IsOperator(")"))
        {
            if (requireComma)
            {
                Expect(TokenKind.Operator, ",");
                if (Current.IsOperator(")")) break;
            }
            if (Current.IsOperator("*") || Current.IsOperator("**")) throw Fail("*args / **kwargs in calls are not supported");
            if (Current.Kind == TokenKind.Name && Look.IsOperator("="))
            {
                string key = Next().Text;
                _pos++;
                kwargs.Add(new KeywordArg(key, ParseExpression()));
            }
            else
            {
                if (kwargs.Count > 0) throw Fail("invalid syntax for function call expression");
                args.Add(ParseExpression());
            }
            requireComma = true;
        }
        Expect(TokenKind.Operator, ")");
        return (args, kwargs);
    }

    private CallExpr ParseCall(Expr node)
    {
        int line = Current.Line;
        var (args, kwargs) = ParseCallArgs();
        return new CallExpr(node, args, kwargs, line);
    }

    private Expr ParseFilter(Expr node)
    {
        while (SkipOperator("|"))
        {
            var token = Expect(TokenKind.Name);
            string name = token.Text;
            while (SkipOperator(".")) name += "." + Expect(TokenKind.Name).Text;
            if (!_isFilter(name)) throw Fail($"No filter named '{name}'.", token);
            var (args, kwargs) = Current.IsOperator("(") ? ParseCallArgs() : ([], []);
            node = new FilterExpr(node, name, args, kwargs, token.Line);
        }
        return node;
    }

    private Expr ParseTest(Expr node)
    {
        int line = Next().Line;
        bool negated = SkipName("not");
        var token = Expect(TokenKind.Name);
        string name = token.Text;
        while (SkipOperator(".")) name += "." + Expect(TokenKind.Name).Text;
        if (!_isTest(name)) throw Fail($"No test named '{name}'.", token);
        List<Expr> args = [];
        List<KeywordArg> kwargs = [];
        if (Current.IsOperator("(")) (args, kwargs) = ParseCallArgs();
        else if ((Current.Kind is TokenKind.Name or TokenKind.String or TokenKind.Integer or TokenKind.Float
                  || Current.IsOperator("(") || Current.IsOperator("[") || Current.IsOperator("{"))
                 && !Current.IsName("else") && !Current.IsName("or") && !Current.IsName("and"))
        {
            if (Current.IsName("is")) throw Fail("You cannot chain multiple tests with is");
            args = [ParsePostfix(ParsePrimary(withNamespace: false))];
        }
        Expr test = new TestExpr(node, name, args, kwargs, line);
        return negated ? new UnaryExpr("not", test, line) : test;
    }
}
