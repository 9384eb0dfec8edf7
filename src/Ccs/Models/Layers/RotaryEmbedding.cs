using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Models.Layers;

/// <summary>
/// Rotary position embeddings as transformers computes them (modeling_rope_utils.py for the inverse frequencies,
/// <c>LlamaRotaryEmbedding.forward</c> for cos/sin, <c>apply_rotary_pos_emb</c> / <c>rotate_half</c> to apply them):
/// everything in float32, cast to the model dtype last. The cos/sin table is computed once (grown when a longer
/// position appears) and rows are picked by position id, which gives the same float32 values as transformers'
/// per-call <c>inv_freq @ position_ids</c> (a single product per element).
/// </summary>
public sealed class RotaryEmbedding : IDisposable
{
    private const long InitialTablePositions = 2048;

    private readonly RopeSettings _settings;
    private readonly Device _device;
    private readonly Tensor _invFreq;
    private Tensor _cos;
    private Tensor _sin;

    public RotaryEmbedding(RopeSettings settings, Device device)
    {
        _settings = settings;
        _device = device;
        _invFreq = InverseFrequencies(settings, device, sequenceLength: null).DetachFromDisposeScope();
        (_cos, _sin) = Table(_invFreq, Math.Min(InitialTablePositions, settings.MaxPositionEmbeddings));
        _cos.DetachFromDisposeScope();
        _sin.DetachFromDisposeScope();
    }

    /// <summary>How many leading dimensions of each head are rotated (all, or GPT-NeoX's <c>rotary_pct</c> share).</summary>
    public int Dims => _settings.Dims;

    /// <summary>
    /// Whether positions up to <paramref name="sequenceLength"/> use other frequencies than shorter inputs: only
    /// dynamic NTK scaling beyond <c>max_position_embeddings</c>, where transformers recomputes the frequencies
    /// for the current length (<c>_dynamic_frequency_update</c>). Its cache state carries over between calls in
    /// transformers; here every call uses the frequencies of its own length, as a fresh transformers model does.
    /// </summary>
    public bool DependsOnLength(long sequenceLength) =>
        _settings.Type == "dynamic" && sequenceLength > _settings.MaxPositionEmbeddings;

    /// <summary>
    /// cos and sin (batch, sequence, dims) for (batch, sequence) position ids, in <paramref name="dtype"/>. The
    /// sequence length of dynamic scaling is the largest position + 1, as in <c>_dynamic_frequency_update</c>.
    /// </summary>
    public (Tensor Cos, Tensor Sin) ForPositions(Tensor positionIds, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        long sequenceLength = positionIds.max().item<long>() + 1;
        Tensor cosTable, sinTable;
        if (DependsOnLength(sequenceLength))
        {
            // A table for this length only; it belongs to this call's scope.
            (cosTable, sinTable) = Table(InverseFrequencies(_settings, _device, sequenceLength), sequenceLength);
        }
        else
        {
            if (sequenceLength > _cos.shape[0]) Grow(sequenceLength);
            (cosTable, sinTable) = (_cos, _sin);
        }
        var flat = positionIds.reshape(-1);
        long[] shape = [.. positionIds.shape, Dims];
        var cos = cosTable.index_select(0, flat).reshape(shape).to(dtype);
        var sin = sinTable.index_select(0, flat).reshape(shape).to(dtype);
        return (cos.MoveToOuterDisposeScope(), sin.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// <c>apply_rotary_pos_emb</c> on (batch, heads, sequence, head_dim): <c>x·cos + rotate_half(x)·sin</c> on the
    /// first dimensions (as many as cos has), the rest passed through (GPT-NeoX's partial rotary,
    /// <c>torch.cat((q_embed, q_pass), dim=-1)</c>).
    /// </summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        long headDim = x.shape[3], dims = cos.shape[2];
        var rotated = dims == headDim ? x : x.narrow(3, 0, dims);
        var c = cos.unsqueeze(1);
        var s = sin.unsqueeze(1);
        long half = dims / 2;
        // rotate_half: cat((-x2, x1)).
        var rotatedHalf = cat([rotated.narrow(3, half, half).neg(), rotated.narrow(3, 0, half)], 3);
        var embedded = rotated * c + rotatedHalf * s;
        if (dims != headDim) embedded = cat([embedded, x.narrow(3, dims, headDim - dims)], 3);
        return embedded.MoveToOuterDisposeScope();
    }

    private void Grow(long needed)
    {
        long positions = Math.Max(needed, _cos.shape[0] * 2);
        var (cos, sin) = Table(_invFreq, positions);
        _cos.Dispose();
        _sin.Dispose();
        (_cos, _sin) = (cos.DetachFromDisposeScope(), sin.DetachFromDisposeScope());
    }

    /// <summary>cos/sin of <c>cat(freqs, freqs)</c> for positions 0..count-1, float32, in the caller's dispose scope.</summary>
    private (Tensor Cos, Tensor Sin) Table(Tensor invFreq, long count)
    {
        using var scope = NewDisposeScope();
        var positions = arange(count, ScalarType.Float32, _device).unsqueeze(1);
        var freqs = positions * invFreq.unsqueeze(0);
        var emb = cat([freqs, freqs], 1);
        // attention_scaling is 1.0 for every supported rope type.
        return (emb.cos().MoveToOuterDisposeScope(), emb.sin().MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The <c>inv_freq</c> of modeling_rope_utils.py in float32, op for op: <c>_compute_default_rope_parameters</c>
    /// (<c>1 / theta ** (arange(0, dim, 2) / dim)</c>), <c>_compute_linear_scaling_rope_parameters</c>
    /// (<c>inv_freq / factor</c>), <c>_compute_dynamic_ntk_parameters</c> (a larger base for sequences longer than
    /// <c>max_position_embeddings</c>) and <c>_compute_llama3_parameters</c> (three wavelength bands).
    /// </summary>
    private static Tensor InverseFrequencies(RopeSettings settings, Device device, long? sequenceLength)
    {
        using var scope = NewDisposeScope();
        int dim = settings.Dims;
        var exponents = arange(0, dim, 2, ScalarType.Int64, device).to(ScalarType.Float32) / (double)dim;
        Tensor theta = tensor((float)settings.Theta, ScalarType.Float32, device);
        if (settings.Type == "dynamic" && sequenceLength is long length && length > settings.MaxPositionEmbeddings)
        {
            // base * ((factor * seq_len / max_pos) - (factor - 1)) ** (dim / (dim - 2)), seq_len a tensor there.
            var grown = tensor(length, ScalarType.Int64, device) * settings.Factor / (double)settings.MaxPositionEmbeddings - (settings.Factor - 1);
            theta = grown.pow((double)dim / (dim - 2)) * settings.Theta;
        }
        var invFreq = theta.pow(exponents).reciprocal();
        if (settings.Type == "linear") invFreq = invFreq / settings.Factor;
        if (settings.Type == "llama3") invFreq = Llama3(invFreq, settings);
        return invFreq.MoveToOuterDisposeScope();
    }

    private static Tensor Llama3(Tensor invFreq, RopeSettings s)
    {
        double lowFreqWavelen = s.OriginalMaxPositions / s.LowFreqFactor;
        double highFreqWavelen = s.OriginalMaxPositions / s.HighFreqFactor;
        // Python's `scalar / tensor` is `tensor.reciprocal() * scalar`.
        var wavelen = invFreq.reciprocal() * (2 * Math.PI);
        var scaled = where(wavelen.gt(lowFreqWavelen), invFreq / s.Factor, invFreq);
        var smooth = (wavelen.reciprocal() * (double)s.OriginalMaxPositions - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
        var smoothed = (1 - smooth) * scaled / s.Factor + smooth * scaled;
        var medium = wavelen.lt(highFreqWavelen).logical_not().logical_and(wavelen.gt(lowFreqWavelen).logical_not());
        return where(medium, smoothed, scaled);
    }

    public void Dispose()
    {
        _invFreq.Dispose();
        _cos.Dispose();
        _sin.Dispose();
    }
}
