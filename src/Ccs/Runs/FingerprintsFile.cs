using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Ccs.Runs;

/// <summary>
/// <c>fingerprints.yaml</c> (spec 9.4): dataset spec → split name → the cache fingerprint of that extracted split,
/// keys sorted; only the splits the run extracted.
/// </summary>
public static class FingerprintsFile
{
    public static void Write(string folder, IEnumerable<ExtractedSplit> splits) =>
        File.WriteAllText(Path.Combine(folder, "fingerprints.yaml"), Format(splits));

    public static string Format(IEnumerable<ExtractedSplit> splits)
    {
        var byDataset = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (ExtractedSplit split in splits)
        {
            if (!byDataset.TryGetValue(split.Dataset, out var entry))
                byDataset[split.Dataset] = entry = new SortedDictionary<string, string>(StringComparer.Ordinal);
            entry[split.SplitName] = split.Fingerprint;
        }
        var text = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(text, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
        foreach (var (dataset, entry) in byDataset)
        {
            Scalar(emitter, dataset);
            emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
            foreach (var (split, fingerprint) in entry)
            {
                Scalar(emitter, split);
                Scalar(emitter, fingerprint);
            }
            emitter.Emit(new MappingEnd());
        }
        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    // Fingerprints are hex strings that may read as numbers (e.g. all digits): quote those as PyYAML would.
    private static void Scalar(IEmitter emitter, string value) =>
        emitter.Emit(new Scalar(null, null, value,
            value.All(char.IsAsciiDigit) || value.Length == 0 ? ScalarStyle.SingleQuoted : ScalarStyle.Any, true, false));
}
