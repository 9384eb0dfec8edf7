using System.Collections.Concurrent;
using System.Text.Json;
using Ccs.Tests.Support;
using Ccs.Tokenization;

namespace Ccs.Tests.Tokenization;

/// <summary>One case of a <c>tokenizers/*/reference*.json</c> file.</summary>
public sealed record ReferenceCase(int Id, string Text, int[] Ids, string[] Tokens);

/// <summary>A reference file of the shared tokenizer material (format in tokenizers/README.md).</summary>
public sealed record ReferenceFile(string Path, string Family, string Pipeline, string SourceFile, bool AddSpecialTokens,
    IReadOnlyList<ReferenceCase> Cases)
{
    public string FamilyFolder => System.IO.Path.GetDirectoryName(Path)!;

    public static ReferenceFile Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var cases = root.GetProperty("cases").EnumerateArray().Select(c => new ReferenceCase(
            c.TryGetProperty("id", out var id) ? id.GetInt32() : -1,
            c.GetProperty("text").GetString()!,
            c.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray(),
            c.TryGetProperty("tokens", out var t) ? t.EnumerateArray().Select(x => x.GetString()!).ToArray() : [])).ToList();
        return new ReferenceFile(path, root.GetProperty("tokenizer").GetString()!,
            root.TryGetProperty("pipeline", out var p) ? p.GetString()! : "tokenizer.json",
            root.TryGetProperty("source_file", out var s) ? s.GetString()! : "tokenizer.json",
            root.GetProperty("add_special_tokens").GetBoolean(), cases);
    }
}

public static class TokenizerReferences
{
    private static readonly ConcurrentDictionary<string, Tokenizer> Cache = new();

    /// <summary>Every <c>tokenizers/*/reference*.json</c>, relative to the tokenizers folder.</summary>
    public static IEnumerable<string> Files()
    {
        string root = SharedMaterial.Path("tokenizers");
        var files = Directory.GetFiles(root, "reference*.json", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new FileNotFoundException($"no reference*.json under {root}");
        return files;
    }

    public static ReferenceFile Read(string relativePath) => ReferenceFile.Read(SharedMaterial.Path("tokenizers", relativePath));

    /// <summary>
    /// The implementation a reference file names: the tokenizer.json pipeline of <c>source_file</c> with the
    /// family's config (<c>tokenizer_config.&lt;variant&gt;.json</c> for a <c>tokenizer.&lt;variant&gt;.json</c>), or the
    /// SentencePiece pipeline of the model file.
    /// </summary>
    public static Tokenizer TokenizerFor(ReferenceFile reference)
    {
        string source = System.IO.Path.Combine(reference.FamilyFolder, reference.SourceFile);
        return Cache.GetOrAdd($"{reference.Pipeline}|{source}", _ => reference.Pipeline switch
        {
            "tokenizer.json" => TokenizerLoader.FromTokenizerJson(source, VariantConfig(reference)),
            "sentencepiece" => TokenizerLoader.FromSentencePieceModel(source),
            var other => throw new InvalidOperationException($"{reference.Path}: unknown pipeline '{other}'"),
        });
    }

    /// <summary>The mismatching cases of <paramref name="reference"/> as readable lines.</summary>
    public static List<string> Mismatches(ReferenceFile reference, Func<string, int[]> encode)
    {
        var failures = new List<string>();
        foreach (var c in reference.Cases)
        {
            int[] actual;
            try
            {
                actual = encode(c.Text);
            }
            catch (Exception e)
            {
                failures.Add($"case {c.Id} {JsonSerializer.Serialize(c.Text)}: threw {e.GetType().Name}: {e.Message}");
                continue;
            }
            if (!actual.SequenceEqual(c.Ids))
                failures.Add($"case {c.Id} {JsonSerializer.Serialize(c.Text)}: expected [{string.Join(",", c.Ids)}] " +
                             $"({string.Join(" ", c.Tokens)}) got [{string.Join(",", actual)}]");
        }
        return failures;
    }

    private static string? VariantConfig(ReferenceFile reference)
    {
        string name = System.IO.Path.GetFileName(reference.SourceFile);
        if (!name.StartsWith("tokenizer.", StringComparison.Ordinal)) return null;
        string variant = name["tokenizer.".Length..].Replace(".json.gz", "").Replace(".json", "");
        if (variant.Length == 0) return null;
        string config = System.IO.Path.Combine(reference.FamilyFolder, $"tokenizer_config.{variant}.json");
        return File.Exists(config) ? config : null;
    }
}
