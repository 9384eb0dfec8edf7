namespace Ccs.Prompts.Jinja;

// The syntax tree, mirroring jinja2/nodes.py for the subset of Jinja the promptsource templates use.

public abstract record Expr(int Line);

public sealed record ConstExpr(object? Value, int Line) : Expr(Line);
public sealed record NameExpr(string Name, int Line) : Expr(Line);
/// <summary><c>ns.attr</c> as an assignment target (<c>{% set ns.attr = ... %}</c>).</summary>
public sealed record NamespaceRefExpr(string Name, string Attribute, int Line) : Expr(Line);
public sealed record GetAttrExpr(Expr Target, string Attribute, int Line) : Expr(Line);
public sealed record GetItemExpr(Expr Target, Expr Key, int Line) : Expr(Line);
public sealed record SliceExpr(Expr? Start, Expr? Stop, Expr? Step, int Line) : Expr(Line);
public sealed record KeywordArg(string Name, Expr Value);
public sealed record CallExpr(Expr Callee, IReadOnlyList<Expr> Args, IReadOnlyList<KeywordArg> Kwargs, int Line) : Expr(Line);
/// <summary><c>value | name(args)</c>; <see cref="Value"/> is null only for filter blocks, which are unsupported.</summary>
public sealed record FilterExpr(Expr Value, string Name, IReadOnlyList<Expr> Args, IReadOnlyList<KeywordArg> Kwargs, int Line) : Expr(Line);
public sealed record TestExpr(Expr Value, string Name, IReadOnlyList<Expr> Args, IReadOnlyList<KeywordArg> Kwargs, int Line) : Expr(Line);
/// <summary>Unary <c>-</c>, <c>+</c> or <c>not</c>.</summary>
public sealed record UnaryExpr(string Op, Expr Operand, int Line) : Expr(Line);
/// <summary>Arithmetic <c>+ - * / // % **</c>.</summary>
public sealed record BinaryExpr(string Op, Expr Left, Expr Right, int Line) : Expr(Line);
/// <summary><c>and</c> / <c>or</c> (Python semantics: the deciding operand is the value).</summary>
public sealed record LogicalExpr(string Op, Expr Left, Expr Right, int Line) : Expr(Line);
/// <summary><c>a ~ b ~ c</c>: string concatenation of the operands' <c>str()</c>.</summary>
public sealed record ConcatExpr(IReadOnlyList<Expr> Parts, int Line) : Expr(Line);
public sealed record CompareOperand(string Op, Expr Value);
/// <summary>A (possibly chained) comparison: <c>eq ne lt lteq gt gteq in notin</c>.</summary>
public sealed record CompareExpr(Expr First, IReadOnlyList<CompareOperand> Rest, int Line) : Expr(Line);
/// <summary><c>then if test else otherwise</c>; no else gives Undefined.</summary>
public sealed record CondExpr(Expr Test, Expr Then, Expr? Otherwise, int Line) : Expr(Line);
public sealed record ListExpr(IReadOnlyList<Expr> Items, int Line) : Expr(Line);
public sealed record TupleExpr(IReadOnlyList<Expr> Items, int Line) : Expr(Line);
public sealed record DictExpr(IReadOnlyList<(Expr Key, Expr Value)> Pairs, int Line) : Expr(Line);

public abstract record Stmt(int Line);

/// <summary>Template text and <c>{{ }}</c> expressions, printed in order.</summary>
public sealed record OutputStmt(IReadOnlyList<object> Parts, int Line) : Stmt(Line);
public sealed record IfStmt(IReadOnlyList<(Expr Test, IReadOnlyList<Stmt> Body)> Branches, IReadOnlyList<Stmt> Else, int Line) : Stmt(Line);
public sealed record ForStmt(Expr Target, Expr Iterable, Expr? Filter, IReadOnlyList<Stmt> Body, IReadOnlyList<Stmt> Else, int Line) : Stmt(Line);
public sealed record AssignStmt(Expr Target, Expr Value, int Line) : Stmt(Line);
