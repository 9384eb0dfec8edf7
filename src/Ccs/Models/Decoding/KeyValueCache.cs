using static TorchSharp.torch;

namespace Ccs.Models.Decoding;

/// <summary>
/// The keys and values (batch, key/value heads, length, head_dim; after rotary, before grouped-query repetition)
/// of a prompt, per layer: transformers' <c>DynamicCache</c> reduced to the one use here, a prompt run once
/// (<see cref="Recording"/>) and then read by continuations (<see cref="Reading"/>) that never add to it.
/// </summary>
public sealed class KeyValueCache : IDisposable
{
    private readonly (Tensor Keys, Tensor Values)?[] _layers;
    private readonly bool _recording;
    private readonly Tensor? _rows;

    private KeyValueCache((Tensor Keys, Tensor Values)?[] layers, bool recording, Tensor? rows = null)
    {
        _layers = layers;
        _recording = recording;
        _rows = rows;
    }

    /// <summary>An empty cache that keeps what every layer passes through it.</summary>
    public static KeyValueCache Recording(int layers) => new(new (Tensor, Tensor)?[layers], recording: true);

    /// <summary>The same keys and values, read-only (disposing the reader leaves them alone).</summary>
    public KeyValueCache Reading() => new(_layers, recording: false);

    /// <summary>
    /// A read-only view in which continuation row i attends to cached row <paramref name="rows"/>[i] (several
    /// prompts recorded as one batch, each continued by several rows). The index tensor stays the caller's.
    /// </summary>
    public KeyValueCache Reading(Tensor rows) => new(_layers, recording: false, rows);

    /// <summary>Cached positions per row.</summary>
    public long Length => _layers[0]?.Keys.shape[2] ?? 0;

    /// <summary>
    /// The keys and values a layer attends over: the cached ones (broadcast to the batch) followed by
    /// <paramref name="keys"/>/<paramref name="values"/>. A recording cache keeps the result.
    /// </summary>
    public (Tensor Keys, Tensor Values) Extend(int layer, Tensor keys, Tensor values)
    {
        var result = _layers[layer] is var (pastKeys, pastValues)
            ? (cat([Rows(pastKeys, keys.shape[0]), keys], 2), cat([Rows(pastValues, values.shape[0]), values], 2))
            : (keys.alias(), values.alias());
        if (_recording)
        {
            _layers[layer]?.Keys.Dispose();
            _layers[layer]?.Values.Dispose();
            _layers[layer] = (result.Item1.clone().DetachFromDisposeScope(), result.Item2.clone().DetachFromDisposeScope());
        }
        return result;
    }

    private Tensor Rows(Tensor past, long batch) => _rows is null ? past.expand(batch, -1, -1, -1) : past.index_select(0, _rows);

    public void Dispose()
    {
        if (!_recording) return;
        foreach (var entry in _layers)
        {
            entry?.Keys.Dispose();
            entry?.Values.Dispose();
        }
    }
}
