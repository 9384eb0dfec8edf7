namespace Ccs.Prompts.Jinja;

public enum TokenKind
{
    Data, VariableBegin, VariableEnd, BlockBegin, BlockEnd, Name, String, Integer, Float, Operator, Eof,
}

/// <summary>One lexer token. <see cref="Value"/> is the literal's value (string, long, double) or the
/// operator/name text.</summary>
public sealed record Token(TokenKind Kind, object Value, int Line)
{
    public string Text => Value as string ?? "";

    public bool IsName(string name) => Kind == TokenKind.Name && Text == name;

    public bool IsOperator(string op) => Kind == TokenKind.Operator && Text == op;

    public override string ToString() => Kind switch
    {
        TokenKind.Eof => "end of template",
        TokenKind.BlockEnd => "end of statement block",
        TokenKind.VariableEnd => "end of print statement",
        TokenKind.String => PyRepr.QuoteString(Text),
        _ => Convert.ToString(Value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
