using Ccs.Caching;
using Ccs.Data;
using Ccs.Runs;
using static TorchSharp.torch;

namespace Ccs.Extraction;

/// <summary>What one split's extraction produced.</summary>
/// <param name="FromCache">The complete entry was found; the model was not needed.</param>
/// <param name="Skipped">Examples skipped in this run because an input was longer than the tokenizer allows.</param>
public sealed record SplitOutcome(CacheEntry Entry, bool FromCache, int Extracted, int Skipped);

/// <summary>
/// Extracts splits into the hidden-state cache: the original's <c>extract_hiddens</c> (spec 4.3-4.8) with
/// batched forward passes. Examples are tokenized and filtered (too-long ones skipped and not counted toward
/// max_examples), then taken in parts of <see cref="ExtractionSettings.PartSize"/> kept examples; each part's
/// sequences are length-sorted into batches, run (<see cref="ExtractionModel.Pass"/>), pooled at token_loc, scored
/// with the LM head where there is one, and written as one cache part. A complete
/// entry is returned without loading the model; an incomplete one resumes after its last finished part.
/// With several devices, one model replica per device runs the parts in waves (part i of a wave on replica i, all
/// at once), and each wave's parts are appended in stream order: the cache is the same whatever the device count.
/// The original instead ran one process per GPU on a strided shard of the stream (spec 3.5, 3.7), so its rows and
/// their order depended on the GPU count although its cache key did not.
/// </summary>
public sealed class HiddenStateExtractor(string cacheRoot, IReadOnlyList<Device> devices, Func<Device, ExtractionModel> loadReplica,
    ExtractionSettings settings, CcsConsole console) : IDisposable
{
    private ExtractionModel[]? _replicas;

    /// <summary>One model, placed wherever <paramref name="loadModel"/> puts it.</summary>
    public HiddenStateExtractor(string cacheRoot, Func<ExtractionModel> loadModel, ExtractionSettings settings, CcsConsole console)
        : this(cacheRoot, [CPU], _ => loadModel(), settings, console)
    {
    }

    public async Task<SplitOutcome> ExtractAsync(SplitJob job, CancellationToken cancellationToken = default)
    {
        if (!settings.DisableCache && CacheEntry.TryOpenComplete(cacheRoot, job.Key) is { } cached)
            return new SplitOutcome(cached, FromCache: true, Extracted: 0, Skipped: 0);

        ExtractionModel[] replicas = _replicas ??= LoadReplicas();
        ExtractionModel model = replicas[0];
        int depth = model.Model.Config.NumHiddenLayers;
        if (settings.Layers.FirstOrDefault(l => l < 0 || l > depth, -1) is var bad and >= 0)
            throw new CcsException(ExitCode.BadInput, $"layer {bad} does not exist: the model's layers go from 0 (embeddings) to {depth}");

        PromptedExample? first = job.Examples().FirstOrDefault();
        var shape = new SplitShape(settings.Layers, first?.Prompts.Length ?? 0, first?.Prompts[0].Length ?? 0,
            model.Model.Config.HiddenSize, model.ScoresAnswers);
        var entry = CacheEntry.Open(cacheRoot, job.Key, shape, settings.Storage, discard: settings.DisableCache);
        long resume = entry.ResumeStreamPosition;
        int kept = entry.RowCount;
        if (entry.Parts.Count > 0) console.Error.WriteLine($"{job.Name}: resuming after {kept} cached examples");

        var tokenizer = new PromptTokenizer(model.Tokenizer, console.Warn, model.IsEncoderDecoder);
        IChoicePass[] passes = [.. replicas.Select(r => r.Pass(settings))];
        var progress = new ExtractionProgress(job.Name, job.MaxExamples, kept, console);
        int skipped = 0, extracted = 0;
        IEnumerable<TokenizedExample> examples = job.Examples().Skip(checked((int)resume))
            .Select((example, i) => tokenizer.Tokenize(example, resume + i))
            .TakeKept(job.MaxExamples - kept, tokenizer.Fits, _ => skipped++);
        foreach (TokenizedExample[][] wave in examples.Chunk(settings.PartSize).Chunk(passes.Length))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Task<List<ExtractedExample>>[] results = passes.Length == 1
                ? [Task.FromResult(ExtractPart(wave[0], passes[0]))]
                : await RunConcurrentlyAsync(wave, passes);
            for (int i = 0; i < wave.Length; i++)
            {
                TokenizedExample[] part = wave[i];
                // Rethrows this part's failure only after the parts before it are stored.
                var rows = await results[i];
                try
                {
                    await entry.AppendPartAsync(rows, part[^1].StreamPosition + 1, cancellationToken);
                }
                catch (CcsException e)
                {
                    throw new CcsException(e.ExitCode, $"{job.Name}: {e.Message}", e);
                }
                extracted += part.Length;
                kept += part.Length;
                progress.Report(kept);
            }
        }
        entry.MarkComplete();

        if (skipped > 0)
            console.Warn($"{job.Name}: skipped {skipped} examples with an input longer than the tokenizer's maximum of {tokenizer.MaxLength} tokens");
        if (kept < job.MaxExamples)
            console.Error.WriteLine($"{job.Name}: the split ran out after {kept} usable examples (max_examples {job.MaxExamples})");
        return new SplitOutcome(entry, FromCache: false, extracted, skipped);
    }

    /// <summary>The hidden states (and LM log-odds) of one part's examples, in stream order.</summary>
    private static List<ExtractedExample> ExtractPart(TokenizedExample[] part, IChoicePass pass)
    {
        var states = pass.Run([.. part.SelectMany(e => e.Choices)]);
        var rows = new List<ExtractedExample>(part.Length);
        int offset = 0, d = pass.HiddenSize;
        foreach (TokenizedExample example in part)
        {
            int choices = example.Choices.Count;
            var hidden = new Dictionary<int, float[]>();
            for (int l = 0; l < pass.Layers.Count; l++)
            {
                var values = new float[choices * d];
                for (int c = 0; c < choices; c++) Array.Copy(states[offset + c].Pooled, l * d, values, c * d, d);
                hidden[pass.Layers[l]] = values;
            }
            // Spec 4.7/4.8: lm_log_odds is (v, k), variant-major like the choices.
            float[]? lmLogOdds = pass.ScoresAnswers ? [.. Enumerable.Range(offset, choices).Select(i => states[i].LogOdds!.Value)] : null;
            offset += choices;
            PromptedExample e = example.Example;
            rows.Add(new ExtractedExample(e.RowId, e.Label, e.TemplateNames, [.. e.Texts.Select(t => (IReadOnlyList<string>)t)], lmLogOdds, hidden));
        }
        return rows;
    }

    /// <summary>
    /// Part i of a wave on replica i, each on its own thread pool thread; returns when all have finished, so no
    /// replica is still running when a failure is rethrown. Dispose scopes and libtorch's inference mode are per
    /// thread (TorchSharp's DisposeScopeManager is [ThreadStatic], c10::InferenceMode a thread-local guard), so each
    /// worker opens its own, and every pass opens them again on the thread it runs on.
    /// </summary>
    private static async Task<Task<List<ExtractedExample>>[]> RunConcurrentlyAsync(TokenizedExample[][] wave, IChoicePass[] passes)
    {
        var tasks = new Task<List<ExtractedExample>>[wave.Length];
        for (int i = 0; i < wave.Length; i++)
        {
            TokenizedExample[] part = wave[i];
            IChoicePass pass = passes[i];
            tasks[i] = Task.Run(() =>
            {
                using var scope = NewDisposeScope();
                using var inference = inference_mode();
                return ExtractPart(part, pass);
            });
        }
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (Exception)
        {
            // Each part's own outcome is observed in order by the caller.
        }
        return tasks;
    }

    /// <summary>One replica per device, loaded once, in device order (replica 0 on the first device).</summary>
    private ExtractionModel[] LoadReplicas()
    {
        var replicas = new List<ExtractionModel>(devices.Count);
        try
        {
            foreach (Device device in devices) replicas.Add(loadReplica(device));
        }
        catch
        {
            foreach (var replica in replicas) replica.Dispose();
            throw;
        }
        return [.. replicas];
    }

    public void Dispose()
    {
        foreach (var replica in _replicas ?? []) replica.Dispose();
    }
}
