using System.Globalization;
using System.Security.Cryptography;
using Ccs.Caching;
using Ccs.Data;
using Ccs.Hub;
using Ccs.Options;

namespace Ccs.Extraction;

/// <summary>The data an extraction reads, identified by content or by file size and modification time.</summary>
/// <param name="DatasetFiles">Every data (and features) file of the dataset.</param>
/// <param name="TemplatesSha256">Hash of the templates in use (editing a template re-extracts).</param>
public sealed record ExtractionInputs(ModelFolder Model, string DatasetSpec, IReadOnlyList<string> DatasetFiles, string TemplatesSha256);

/// <summary>
/// The cache key of one split's extraction: everything that changes the stored numbers and nothing else (not the
/// device, the batch size or the padding side, which must not change them). It covers more than the original's
/// key (spec 4.6): the model's revision or weight files, the data files and the template file's contents.
/// </summary>
public static class ExtractionCacheKey
{
    /// <summary>Bumped whenever extraction code changes what is stored for the same inputs.</summary>
    public const string FormatVersion = "2";

    /// <summary>The files of a local model folder that change its outputs: config, tokenizer and weights.</summary>
    private static readonly string[] ModelFileNames =
    [
        "config.json", "tokenizer.json", "tokenizer.json.gz", "tokenizer_config.json", "special_tokens_map.json",
        "added_tokens.json", "vocab.json", "merges.txt", "vocab.txt", "spiece.model", "tokenizer.model",
        "sentencepiece.bpe.model", "spm.model",
    ];

    public static CacheKey Build(ExtractionInputs inputs, ExtractOptions data, SplitRole role, IReadOnlyList<int> layers,
        string modelDType, HiddenStorage storage)
    {
        int maxExamples = role == SplitRole.Train ? data.MaxExamplesTrain : data.MaxExamplesVal;
        return new CacheKey(new Dictionary<string, string>
        {
            ["format"] = FormatVersion,
            ["model"] = inputs.Model.Repo?.Id ?? inputs.Model.Path,
            ["model_revision"] = inputs.Model.Commit ?? FileStamps(ModelFiles(inputs.Model.Path)),
            ["dataset"] = inputs.DatasetSpec,
            ["dataset_files"] = FileStamps(inputs.DatasetFiles),
            ["templates_sha256"] = inputs.TemplatesSha256,
            ["split"] = role == SplitRole.Train ? "train" : "val",
            ["max_examples"] = Invariant(maxExamples),
            ["seed"] = Invariant(data.Seed),
            ["binarize"] = Invariant(data.Binarize),
            ["num_shots"] = Invariant(data.NumShots),
            ["balance"] = Invariant(data.Balance),
            ["layers"] = string.Join(",", layers.Select(Invariant)),
            ["token_loc"] = data.TokenLoc.ToString().ToLowerInvariant(),
            ["use_encoder_states"] = Invariant(data.UseEncoderStates),
            ["dtype"] = modelDType,
            ["storage"] = storage.ToString().ToLowerInvariant(),
        });
    }

    private static IEnumerable<string> ModelFiles(string folder) =>
        Directory.EnumerateFiles(folder).Where(f =>
        {
            string name = Path.GetFileName(f);
            return ModelFileNames.Contains(name, StringComparer.Ordinal)
                   || name.EndsWith(".safetensors", StringComparison.Ordinal) || name.EndsWith(".bin", StringComparison.Ordinal)
                   || name.EndsWith(".index.json", StringComparison.Ordinal);
        });

    /// <summary><c>path:size:mtime</c> per file (symbolic links, as in the hub cache, followed), ordinally sorted.</summary>
    private static string FileStamps(IEnumerable<string> files) =>
        string.Join(";", files.Select(Path.GetFullPath).Distinct().Order(StringComparer.Ordinal).Select(path =>
        {
            FileSystemInfo info = new FileInfo(path);
            if (info.LinkTarget is not null) info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            long size = info is FileInfo { Exists: true } file ? file.Length : -1;
            return string.Create(CultureInfo.InvariantCulture, $"{path}:{size}:{info.LastWriteTimeUtc.Ticks}");
        }));

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(bool value) => value ? "true" : "false";
}
