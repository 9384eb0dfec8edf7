using System.Collections.Concurrent;
using Ccs.Models;
using static TorchSharp.torch;

namespace Ccs.Tests.Models;

/// <summary>Loads each model once per test run and turns its hidden states into float64 arrays.</summary>
public static class ModelRuns
{
    private static readonly ConcurrentDictionary<(string, ScalarType), Lazy<IHiddenStateModel>> Loaded = new();

    public static IHiddenStateModel Model(string folder, ScalarType dtype = ScalarType.Float32) =>
        Loaded.GetOrAdd((folder, dtype), key => new Lazy<IHiddenStateModel>(
            () => PretrainedModel.Load(key.Item1, new ModelPlacement(CPU, key.Item2)))).Value;

    /// <summary>
    /// Runs rows of equal length as one batch; result[row][layer] is the (length × hidden) float64 matrix of
    /// that row's hidden states.
    /// </summary>
    public static double[][][,] Run(IHiddenStateModel model, IReadOnlyList<long[]> ids, IReadOnlyList<long[]> masks)
    {
        using var scope = NewDisposeScope();
        int rows = ids.Count, length = ids[0].Length;
        var idTensor = tensor(ids.SelectMany(r => r).ToArray(), [rows, length]);
        var maskTensor = tensor(masks.SelectMany(r => r).ToArray(), [rows, length]);
        var states = model.HiddenStates(idTensor, maskTensor);
        Assert.Equal(model.Config.NumHiddenStates, states.Length);
        var result = new double[rows][][,];
        for (int r = 0; r < rows; r++) result[r] = new double[states.Length][,];
        for (int layer = 0; layer < states.Length; layer++)
        {
            var values = states[layer].to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
            int hidden = (int)states[layer].shape[2];
            for (int r = 0; r < rows; r++)
            {
                var matrix = new double[length, hidden];
                Buffer.BlockCopy(values, r * length * hidden * sizeof(double), matrix, 0, length * hidden * sizeof(double));
                result[r][layer] = matrix;
            }
        }
        return result;
    }

    public static double[] Row(double[,] matrix, int position) =>
        Enumerable.Range(0, matrix.GetLength(1)).Select(j => matrix[position, j]).ToArray();

    /// <summary>The mean over the positions whose mask is 1, in float64 (as the reference summaries are).</summary>
    public static double[] MaskedMean(double[,] matrix, long[] mask)
    {
        var mean = new double[matrix.GetLength(1)];
        int count = 0;
        for (int t = 0; t < mask.Length; t++)
        {
            if (mask[t] == 0) continue;
            count++;
            for (int j = 0; j < mean.Length; j++) mean[j] += matrix[t, j];
        }
        for (int j = 0; j < mean.Length; j++) mean[j] /= count;
        return mean;
    }
}
