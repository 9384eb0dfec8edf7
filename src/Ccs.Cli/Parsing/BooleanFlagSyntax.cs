using System.CommandLine;
using System.CommandLine.Help;

namespace Ccs.Cli.Parsing;

/// <summary>
/// The original's boolean flags (simple-parsing, spec 2.0) accept <c>--flag</c> (true), <c>--flag VALUE</c> with
/// VALUE one of true/false/yes/no/t/f/y/n/1/0 (any case), and a negated twin <c>--noflag</c>. System.CommandLine
/// knows only <c>--flag[=true|false]</c>, so the command line is rewritten to that form before parsing:
/// every boolean flag then carries its value in its own token and never swallows a following positional.
/// </summary>
internal static class BooleanFlagSyntax
{
    private static readonly Dictionary<string, bool> Literals = new(StringComparer.OrdinalIgnoreCase)
    {
        ["true"] = true, ["yes"] = true, ["t"] = true, ["y"] = true, ["1"] = true,
        ["false"] = false, ["no"] = false, ["f"] = false, ["n"] = false, ["0"] = false,
    };

    public static string[] Rewrite(IReadOnlyList<string> args, Command root)
    {
        // spelling -> (canonical name, forced value or null when the value follows)
        var spellings = new Dictionary<string, (string Name, bool? Value)>(StringComparer.Ordinal);
        foreach (Option option in AllOptions(root))
        {
            if (option.ValueType != typeof(bool) || option is HelpOption || option is VersionOption) continue;
            foreach (string spelling in option.Aliases.Prepend(option.Name).Where(s => s.StartsWith("--", StringComparison.Ordinal)))
            {
                spellings[spelling] = (option.Name, null);
                string bare = spelling[2..];
                spellings["--no" + bare] = (option.Name, false);
                if (bare.Contains('-')) spellings["--no-" + bare] = (option.Name, false);
            }
        }

        var rewritten = new List<string>(args.Count);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                rewritten.AddRange(args.Skip(i));
                break;
            }
            int eq = arg.IndexOf('=');
            string flag = eq > 0 ? arg[..eq] : arg;
            if (!spellings.TryGetValue(flag, out var target))
            {
                rewritten.Add(arg);
                continue;
            }
            bool value;
            if (target.Value is bool forced)
            {
                if (eq > 0) throw new UsageException($"{flag} takes no value (got '{arg[(eq + 1)..]}')");
                value = forced;
            }
            else if (eq > 0)
            {
                value = ParseLiteral(flag, arg[(eq + 1)..]);
            }
            else if (i + 1 < args.Count && Literals.TryGetValue(args[i + 1], out bool next))
            {
                value = next;
                i++;
            }
            else
            {
                value = true;
            }
            rewritten.Add($"{target.Name}={(value ? "true" : "false")}");
        }
        return rewritten.ToArray();
    }

    private static bool ParseLiteral(string flag, string text) =>
        Literals.TryGetValue(text, out bool value)
            ? value
            : throw new UsageException($"invalid value '{text}' for {flag}: expected one of true/false/yes/no/t/f/y/n/1/0");

    private static IEnumerable<Option> AllOptions(Command command) =>
        command.Options.Concat(command.Subcommands.SelectMany(AllOptions));
}
