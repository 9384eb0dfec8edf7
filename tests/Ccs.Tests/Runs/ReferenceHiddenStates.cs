using System.Collections.Concurrent;
using System.Text.Json;
using Ccs.Caching;
using Ccs.Data;
using Ccs.Options;
using Ccs.Runs;
using Ccs.Tests.Reporters;
using Ccs.Tests.Support;

namespace Ccs.Tests.Runs;

/// <summary>
/// A hidden-state source over the stored reference extraction (<c>reporter-reference/hiddens/*</c>: MiniLM on IMDB,
/// layers 0, 3, 6): what the extraction engine would hand a run, honouring <c>--max_examples</c> and <c>--layers</c>.
/// Every dataset name maps to the same stored set; <see cref="Tweak"/> changes one dataset's split for a test.
/// Texts are placeholders (the reference stores hashes only); LM log-odds are made up on request, since MiniLM has
/// no LM head.
/// </summary>
internal sealed class ReferenceHiddenStates(ExtractOptions data) : IHiddenStateSource
{
    public const string DefaultSet = "imdb-minilm-seed42";
    private static readonly ConcurrentDictionary<string, Lazy<StoredSet>> Sets = new();

    public string HiddenSet { get; init; } = DefaultSet;

    /// <summary>Adds made-up LM log-odds (a deterministic function of row, template and choice, leaning to the label).</summary>
    public bool WithLmLogOdds { get; init; }

    /// <summary>Changes a loaded split (by dataset name) before the run sees it.</summary>
    public Func<ExtractedSplit, ExtractedSplit>? Tweak { get; init; }

    public static IReadOnlyList<string> VariantIds(string set = DefaultSet) => Stored(set).VariantIds;

    public Task<ExtractedSplit> LoadAsync(string dataset, SplitRole role, CancellationToken cancellationToken)
    {
        StoredSet set = Stored(HiddenSet);
        var (reader, name, max) = role == SplitRole.Train ? (set.Train, "train", data.MaxExamplesTrain) : (set.Val, "test", data.MaxExamplesVal);
        int[] layers = [.. set.Layers.Where(l => data.Layers.Count == 0 || data.Layers.Contains(l))];
        long[] rowIds = reader.Longs("row_id"), labels = reader.Longs("label");
        int n = Math.Min(max, rowIds.Length), v = set.VariantIds.Count, k = 2, d = set.HiddenSize;
        var hidden = layers.ToDictionary(l => l, l => set.Floats(name, reader, l));
        var examples = Enumerable.Range(0, n).Select(i => new ExtractedExample(
            rowIds[i], labels[i], set.VariantIds,
            [.. Enumerable.Range(0, v).Select(t => (IReadOnlyList<string>)[.. Enumerable.Range(0, k).Select(j => $"{dataset} row {rowIds[i]} template {t} answer {j}")])],
            WithLmLogOdds ? LmLogOdds(rowIds[i], labels[i], v, k) : null,
            layers.ToDictionary(l => l, l => hidden[l][(i * v * k * d)..((i + 1) * v * k * d)]))).ToList();
        var split = new ExtractedSplit(dataset, role, name, $"{HiddenSet}-{name}-{n}",
            new SplitShape(layers, v, k, d, WithLmLogOdds), examples);
        return Task.FromResult(Tweak?.Invoke(split) ?? split);
    }

    /// <summary>Keeps the first <paramref name="d"/> dimensions of every hidden state (a model of another width).</summary>
    public static ExtractedSplit Truncate(ExtractedSplit split, int d)
    {
        int full = split.Shape.HiddenSize;
        return split with
        {
            Shape = split.Shape with { HiddenSize = d },
            Examples = [.. split.Examples.Select(e => e with
            {
                Hidden = e.Hidden.ToDictionary(kv => kv.Key,
                    kv => Enumerable.Range(0, kv.Value.Length / full).SelectMany(row => kv.Value.Skip(row * full).Take(d)).ToArray()),
            })],
        };
    }

    private static float[] LmLogOdds(long rowId, long label, int v, int k)
    {
        var values = new float[v * k];
        ulong state = (ulong)rowId * 6364136223846793005UL + 1442695040888963407UL;
        for (int i = 0; i < values.Length; i++)
        {
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            float noise = (state >> 40) / (float)(1 << 24) * 4f - 2f;
            values[i] = noise + (i % k == label ? 0.5f : 0f);
        }
        return values;
    }

    private static StoredSet Stored(string set) => Sets.GetOrAdd(set, s => new Lazy<StoredSet>(() => new StoredSet(s))).Value;

    private sealed class StoredSet
    {
        private readonly ConcurrentDictionary<(string, int), float[]> _floats = new();

        public StoredSet(string name)
        {
            string dir = SharedMaterial.Path("reporter-reference", "hiddens", name);
            using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "meta.json")));
            VariantIds = [.. meta.RootElement.GetProperty("variant_ids").EnumerateArray().Select(e => e.GetString()!)];
            Layers = [.. meta.RootElement.GetProperty("layers").EnumerateArray().Select(e => e.GetInt32())];
            HiddenSize = meta.RootElement.GetProperty("hidden_size").GetInt32();
            Train = new SafetensorsReader(Path.Combine(dir, "train.safetensors"));
            Val = new SafetensorsReader(Path.Combine(dir, "val.safetensors"));
        }

        public IReadOnlyList<string> VariantIds { get; }
        public IReadOnlyList<int> Layers { get; }
        public int HiddenSize { get; }
        public SafetensorsReader Train { get; }
        public SafetensorsReader Val { get; }

        /// <summary>A layer's F16 states widened to float32, read once.</summary>
        public float[] Floats(string split, SafetensorsReader reader, int layer) =>
            _floats.GetOrAdd((split, layer), _ => reader.Floats($"hidden_{layer}"));
    }
}
