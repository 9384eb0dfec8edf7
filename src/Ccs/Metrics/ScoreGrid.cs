namespace Ccs.Metrics;

/// <summary>
/// Per-choice log-odds of a split, <c>(examples, variants, choices)</c>, row-major float32: what a reporter, the
/// logistic-regression baseline or the LM outputs for every (example, template, answer) statement.
/// </summary>
public sealed record ScoreGrid
{
    public ScoreGrid(float[] values, int examples, int variants, int choices)
    {
        if (examples < 1 || variants < 1 || choices < 2)
            throw new ArgumentException($"score grid needs ≥ 1 example, ≥ 1 variant, ≥ 2 choices; got ({examples}, {variants}, {choices})");
        if (values.Length != examples * variants * choices)
            throw new ArgumentException($"score grid ({examples}, {variants}, {choices}) needs {examples * variants * choices} values, got {values.Length}");
        Values = values;
        Examples = examples;
        Variants = variants;
        Choices = choices;
    }

    public float[] Values { get; }
    public int Examples { get; }
    public int Variants { get; }
    public int Choices { get; }

    public float this[int example, int variant, int choice] => Values[(example * Variants + variant) * Choices + choice];

    /// <summary>A grid from a float32 tensor of shape <c>(n, v, c)</c>.</summary>
    public static ScoreGrid FromTensor(TorchSharp.torch.Tensor scores)
    {
        if (scores.dim() != 3)
            throw new ArgumentException($"scores must have shape (n, v, c); got [{string.Join(", ", scores.shape)}]");
        using var cpu = scores.detach().to(TorchSharp.torch.CPU).to_type(TorchSharp.torch.ScalarType.Float32).contiguous();
        return new ScoreGrid(cpu.data<float>().ToArray(), (int)scores.shape[0], (int)scores.shape[1], (int)scores.shape[2]);
    }
}
