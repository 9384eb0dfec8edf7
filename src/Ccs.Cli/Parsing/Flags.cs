using System.CommandLine;
using System.CommandLine.Parsing;

namespace Ccs.Cli.Parsing;

/// <summary>
/// Builds options under the original's snake_case name (<c>--max_examples</c>, so existing scripts work)
/// with a kebab-case alias (<c>--max-examples</c>).
/// </summary>
internal static class Flags
{
    public static string[] Aliases(string name)
    {
        string kebab = name.Replace('_', '-');
        return kebab == name ? [] : [kebab];
    }

    /// <summary>The MODEL argument of the verbs that extract (elicit, extract).</summary>
    public static Argument<string> ModelArgument() =>
        new("MODEL") { Description = "Hugging Face model id (org/name[@revision]) or a local model folder" };

    /// <summary>The DATASET... argument of the verbs that extract (elicit, extract).</summary>
    public static Argument<string[]> DatasetsArgument() =>
        new("DATASET")
        {
            Description = "Datasets: name, name:config, org/name[:config] or a local folder/file",
            Arity = ArgumentArity.OneOrMore,
        };

    /// <summary>A single-valued option with a default shown in help.</summary>
    public static Option<T> Value<T>(string name, string description, T defaultValue, string? helpName = null) =>
        new(name, Aliases(name))
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            HelpName = helpName,
        };

    /// <summary>An option whose value may be left out: bare <c>--out_dir</c> means "none", as the original.</summary>
    public static Option<T> Optional<T>(string name, string description, string helpName) =>
        new(name, Aliases(name))
        {
            Description = description + " [default: none]",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = helpName,
        };

    /// <summary>
    /// A boolean flag. The three spellings of the original (<c>--flag</c>, <c>--flag VALUE</c>, <c>--noflag</c>)
    /// are rewritten to <c>--flag=true|false</c> by <see cref="BooleanFlagSyntax"/> before parsing.
    /// </summary>
    public static Option<bool> Bool(string name, string description, bool defaultValue) =>
        new(name, Aliases(name))
        {
            Description = $"{description} (also --{name[2..]} VALUE, --no{name[2..]})",
            DefaultValueFactory = _ => defaultValue,
            Arity = ArgumentArity.ZeroOrOne,
        };

    /// <summary>A choice among fixed lower-case words, mapped to <typeparamref name="TEnum"/>.</summary>
    public static Option<string> Choice(string name, string description, string defaultValue, params string[] choices)
    {
        var option = Value(name, description, defaultValue, helpName: string.Join("|", choices));
        option.AcceptOnlyFromAmong(choices);
        return option;
    }

    /// <summary>Zero or more values: a bare flag gives the empty list, as the original's <c>nargs="*"</c>.</summary>
    public static Option<T[]> List<T>(string name, string description, string helpName) =>
        new(name, Aliases(name))
        {
            Description = description + " [default: empty]",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [],
            HelpName = helpName,
        };

    /// <summary>True when the option was written on the command line (not just defaulted).</summary>
    public static bool IsGiven(this ParseResult result, Option option) => result.GetResult(option) is { Implicit: false };

    public static TEnum ParseEnum<TEnum>(string value) where TEnum : struct, Enum =>
        Enum.Parse<TEnum>(value.Replace("_", ""), ignoreCase: true);
}
