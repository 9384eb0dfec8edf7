using Ccs.Models;
using Ccs.Options;
using Ccs.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Extraction;

/// <summary>
/// Runs padded batches through a model and keeps, for every sequence and selected layer, the hidden state at
/// <c>--token_loc</c> over its real (unpadded) tokens (spec 4.4): the first, the last, or their mean. This equals
/// the original's one-sequence-at-a-time <c>h[..., 0, :]</c>, <c>h[..., -1, :]</c> and <c>h.mean(dim=-2)</c>
/// (ccs/extraction/extraction.py <c>extract_hiddens</c>) whatever the batch and the padding side.
/// </summary>
public sealed class PooledStates(IHiddenStateModel model, IReadOnlyList<int> layers, TokenLoc tokenLoc, int padId, PaddingSide paddingSide)
{
    public IReadOnlyList<int> Layers => layers;

    public int HiddenSize => model.Config.HiddenSize;

    /// <summary>result[i] is sequence i's row-major (layer, d) float32 states, layers in <see cref="Layers"/> order.</summary>
    public float[][] Run(IReadOnlyList<int[]> sequences, IReadOnlyList<int[]> batches)
    {
        var result = new float[sequences.Count][];
        foreach (int[] batch in batches)
        {
            float[][] pooled = RunBatch([.. batch.Select(i => sequences[i])]);
            for (int b = 0; b < batch.Length; b++) result[batch[b]] = pooled[b];
        }
        return result;
    }

    /// <summary>One forward pass; every tensor it makes is freed before it returns.</summary>
    public float[][] RunBatch(IReadOnlyList<int[]> sequences)
    {
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        int rows = sequences.Count, width = sequences.Max(s => s.Length), d = model.Config.HiddenSize;
        var ids = new long[rows * width];
        var mask = new long[rows * width];
        var first = new long[rows];
        var last = new long[rows];
        for (int r = 0; r < rows; r++)
        {
            int[] s = sequences[r];
            int offset = paddingSide == PaddingSide.Left ? width - s.Length : 0;
            Array.Fill(ids, padId, r * width, width);
            for (int t = 0; t < s.Length; t++)
            {
                ids[r * width + offset + t] = s[t];
                mask[r * width + offset + t] = 1;
            }
            first[r] = offset;
            last[r] = offset + s.Length - 1;
        }

        Device device = model.Placement.Device;
        Tensor maskTensor = tensor(mask, [rows, width]).to(device);
        Tensor[] states = model.HiddenStates(tensor(ids, [rows, width]).to(device), maskTensor);
        Tensor pooled = stack(layers.Select(layer => Pool(states[layer], maskTensor, first, last, device)), 1); // (rows, layers, d)
        float[] values = pooled.to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();

        int stride = layers.Count * d;
        var result = new float[rows][];
        for (int r = 0; r < rows; r++) result[r] = values[(r * stride)..((r + 1) * stride)];
        return result;
    }

    private Tensor Pool(Tensor hidden, Tensor mask, long[] first, long[] last, Device device)
    {
        long rows = hidden.shape[0], d = hidden.shape[2];
        if (tokenLoc == TokenLoc.Mean)
        {
            // Averaged in float32 even for bf16 models (the original averages in the model's dtype): the stored
            // value, rounded once to bf16, is then the same or one unit of the last place closer.
            // Padded positions may hold anything (even NaN): zero them rather than multiplying by the mask.
            Tensor real = mask.unsqueeze(-1).to(ScalarType.Bool);
            Tensor sum = hidden.to(ScalarType.Float32).masked_fill(real.logical_not(), 0).sum(1);
            return sum / mask.sum(1, keepdim: true).to(ScalarType.Float32);
        }
        long[] positions = tokenLoc == TokenLoc.First ? first : last;
        Tensor index = tensor(positions).to(device).view(rows, 1, 1).expand(rows, 1, d);
        return hidden.gather(1, index).squeeze(1).to(ScalarType.Float32);
    }
}
