namespace Ccs.Data;

/// <summary>
/// A dataset argument (spec 3.1): <c>NAME</c> or <c>NAME:CONFIG</c>, split at the first colon (an empty config means
/// none); <c>NAME</c> may be <c>org/name</c>. A name that is an existing file or folder, or is written as a path
/// (<c>/…</c>, <c>./…</c>, <c>../…</c>, <c>~/…</c>), is a local dataset; the whole argument is tried as a path first, so
/// a local path may itself contain a colon. <see cref="Text"/> is used verbatim in outputs.
/// </summary>
public sealed record DatasetSpec(string Text, string Name, string? Config, string? LocalPath)
{
    public bool IsLocal => LocalPath is not null;

    public override string ToString() => Text;

    public static DatasetSpec Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new CcsException(ExitCode.BadInput, "empty dataset name");
        if (Exists(text)) return new DatasetSpec(text, text, null, Path.GetFullPath(ExpandHome(text)));
        int colon = text.IndexOf(':');
        string name = colon < 0 ? text : text[..colon];
        string? config = colon < 0 || colon == text.Length - 1 ? null : text[(colon + 1)..];
        if (name.Length == 0) throw new CcsException(ExitCode.BadInput, $"{text}: the dataset name before ':' is empty");
        if (Exists(name) || LooksLikePath(name))
        {
            string full = Path.GetFullPath(ExpandHome(name));
            if (!Exists(name)) throw new CcsException(ExitCode.BadInput, $"{text}: no such file or folder: {full}");
            return new DatasetSpec(text, name, config, full);
        }
        return new DatasetSpec(text, name, config, null);
    }

    private static bool LooksLikePath(string s) =>
        s.StartsWith('/') || s.StartsWith("./", StringComparison.Ordinal) || s.StartsWith("../", StringComparison.Ordinal)
        || s.StartsWith("~/", StringComparison.Ordinal) || s is "." or "..";

    private static bool Exists(string s)
    {
        string p = ExpandHome(s);
        return File.Exists(p) || Directory.Exists(p);
    }

    private static string ExpandHome(string s) =>
        s.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), s[2..]) : s;
}
