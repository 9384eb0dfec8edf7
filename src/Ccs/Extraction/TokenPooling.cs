using Ccs.Options;
using static TorchSharp.torch;

namespace Ccs.Extraction;

/// <summary>
/// <c>--token_loc</c> over the real (unmasked) tokens of padded rows (spec 4.4), as the original's
/// <c>h[..., 0, :]</c>, <c>h[..., -1, :]</c> and <c>h.mean(dim=-2)</c> on unpadded sequences
/// (ccs/extraction/extraction.py <c>extract_hiddens</c>).
/// </summary>
internal static class TokenPooling
{
    /// <summary>(rows, d) float32 from hidden (rows, width, d); <paramref name="first"/>/<paramref name="last"/> are each row's real-token array indices.</summary>
    public static Tensor Pool(Tensor hidden, Tensor mask, long[] first, long[] last, TokenLoc tokenLoc)
    {
        if (tokenLoc == TokenLoc.Mean) return MaskedSum(hidden, mask) / mask.sum(1, keepdim: true).to(ScalarType.Float32);
        return At(hidden, tokenLoc == TokenLoc.First ? first : last);
    }

    /// <summary>The (rows, width) 0/1 mask of sequences padded to <paramref name="width"/> on the left or the right.</summary>
    public static Tensor Mask(long[][] sequences, int width, bool leftPadded, Device device)
    {
        var mask = new long[sequences.Length * width];
        for (int r = 0; r < sequences.Length; r++)
            Array.Fill(mask, 1L, r * width + (leftPadded ? width - sequences[r].Length : 0), sequences[r].Length);
        return tensor(mask, [sequences.Length, width], device: device);
    }

    /// <summary>
    /// The float32 sum over real tokens, (rows, d). Averaged in float32 even for bf16 models (the original
    /// averages in the model's dtype): the stored value, rounded once to bf16, is then the same or one unit of the
    /// last place closer. Padded positions may hold anything (even NaN): zeroed rather than multiplied by the mask.
    /// </summary>
    public static Tensor MaskedSum(Tensor hidden, Tensor mask)
    {
        Tensor padded = mask.unsqueeze(-1).eq(0);
        return hidden.to(ScalarType.Float32).masked_fill(padded, 0).sum(1);
    }

    /// <summary>Row r's state at array index <paramref name="positions"/>[r], (rows, d) float32.</summary>
    public static Tensor At(Tensor hidden, long[] positions)
    {
        long rows = hidden.shape[0], d = hidden.shape[2];
        Tensor index = tensor(positions, device: hidden.device).view(rows, 1, 1).expand(rows, 1, d);
        return hidden.gather(1, index).squeeze(1).to(ScalarType.Float32);
    }

    /// <summary>(rows, layers, d) float32 on the CPU → one row-major (layer, d) array per row.</summary>
    public static float[][] Rows(Tensor pooled)
    {
        long rows = pooled.shape[0];
        float[] values = pooled.to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        int stride = (int)(values.Length / Math.Max(1, rows));
        var result = new float[rows][];
        for (int r = 0; r < rows; r++) result[r] = values[(r * stride)..((r + 1) * stride)];
        return result;
    }
}
