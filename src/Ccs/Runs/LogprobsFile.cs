using System.Text.Json;
using Ccs.Metrics;
using static TorchSharp.torch;

namespace Ccs.Runs;

/// <summary>
/// <c>--save_logprobs</c> (spec 9.9, portable instead of the original's pickled <c>logprobs.pt</c>): per validation
/// dataset, the log-probability that choice 1 is correct under the reporter, the LR models and the LM, for every
/// ensembling mode, in <c>logprobs.safetensors</c>; texts and variant ids (which the original left out, 10.B14) in
/// <c>logprobs.json</c>, whose <c>format</c> field describes the keys.
/// </summary>
public sealed class LogprobsFile
{
    public const string Description =
        "logprobs.safetensors keys: '<dataset>/row_ids' (n, int64), '<dataset>/labels' (n, int64), " +
        "'<dataset>/lm/<mode>', '<dataset>/reporter/<layer>/<mode>', '<dataset>/lr/<layer>/<mode>/<inlp_iter>' (float32): " +
        "log sigmoid of choice 1's log-odds for mode 'none' (n, v), of choice 1 minus choice 0 for 'partial' (n, v), " +
        "and of their means over templates for 'full' (n). Validation split only, after --prompt_indices. " +
        "This file: per dataset the template names ('variant_ids', v) and the model inputs ('texts', n x v x 2).";

    private readonly List<(string Name, Tensor Value)> _tensors = [];
    private readonly SortedDictionary<string, object> _datasets = new(StringComparer.Ordinal);

    public void AddDataset(ExtractedSplit validation)
    {
        string ds = validation.Dataset;
        _tensors.Add(($"{ds}/row_ids", Keep(tensor(validation.Examples.Select(e => e.RowId).ToArray()))));
        _tensors.Add(($"{ds}/labels", Keep(tensor(validation.Examples.Select(e => e.Label).ToArray()))));
        if (RunInputs.LmScores(validation) is { } lm) Add($"{ds}/lm", lm);
        _datasets[ds] = new
        {
            variant_ids = validation.Examples.Count > 0 ? validation.Examples[0].VariantIds : [],
            texts = validation.Examples.Select(e => e.Texts),
        };
    }

    public void AddReporter(string dataset, int layer, ScoreGrid scores) => Add($"{dataset}/reporter/{layer}", scores);

    public void AddLogisticRegression(string dataset, int layer, int inlpIter, ScoreGrid scores)
    {
        foreach (var (mode, values) in PerMode(scores))
            _tensors.Add(($"{dataset}/lr/{layer}/{mode.CsvName()}/{inlpIter}", values));
    }

    public void Write(string folder)
    {
        TensorFileWriter.Write(Path.Combine(folder, "logprobs.safetensors"), _tensors, new Dictionary<string, string> { ["format"] = "pt" });
        File.WriteAllText(Path.Combine(folder, "logprobs.json"),
            JsonSerializer.Serialize(new { format = Description, datasets = _datasets }, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private void Add(string prefix, ScoreGrid scores)
    {
        foreach (var (mode, values) in PerMode(scores)) _tensors.Add(($"{prefix}/{mode.CsvName()}", values));
    }

    /// <summary>The three modes' log-probabilities in float32, as the original's <c>evaluate</c> pools them.</summary>
    private static IEnumerable<(Ensembling Mode, Tensor Values)> PerMode(ScoreGrid s)
    {
        int n = s.Examples, v = s.Variants;
        var none = new float[n * v];
        var partial = new float[n * v];
        var full = new float[n];
        for (int i = 0; i < n; i++)
        {
            float sum0 = 0, sum1 = 0;
            for (int t = 0; t < v; t++)
            {
                none[i * v + t] = LogSigmoid(s[i, t, 1]);
                partial[i * v + t] = LogSigmoid(s[i, t, 1] - s[i, t, 0]);
                sum0 += s[i, t, 0];
                sum1 += s[i, t, 1];
            }
            full[i] = LogSigmoid(sum1 / v - sum0 / v);
        }
        return [(Ensembling.None, Keep(tensor(none, [n, v]))), (Ensembling.Partial, Keep(tensor(partial, [n, v]))), (Ensembling.Full, Keep(tensor(full, [n])))];
    }

    /// <summary>Collected tensors live until the file is written, beyond any per-layer dispose scope.</summary>
    private static Tensor Keep(Tensor t) => t.DetachFromDisposeScope();

    /// <summary>Stable <c>log σ(z) = −(max(−z, 0) + log(1 + e^−|z|))</c>.</summary>
    private static float LogSigmoid(float z) => (float)-(Math.Max(-(double)z, 0) + Math.Log(1 + Math.Exp(-Math.Abs((double)z))));
}
