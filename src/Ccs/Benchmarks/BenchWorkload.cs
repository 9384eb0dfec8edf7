using Ccs.Data;
using Ccs.Extraction;
using Ccs.Hub;
using Ccs.Models;
using Ccs.Options;
using Ccs.Runs;
using Ccs.Tokenization;
using static TorchSharp.torch;

namespace Ccs.Benchmarks;

/// <summary>
/// What <c>ccs bench</c> extracts: a model (loadable in any dtype, with its tokenizer) and the prompted examples of
/// a dataset or of <see cref="BuiltInStatements"/>, read once so every configuration gets the same ones.
/// </summary>
/// <param name="Examples">More than <see cref="ExampleCount"/> when a dataset is read, as too-long examples are skipped.</param>
public sealed record BenchWorkload(
    string ModelLabel, string DatasetLabel, string ModelFolder, bool RandomWeights, ModelConfig Config,
    IReadOnlyList<PromptedExample> Examples, int ExampleCount)
{
    public static async Task<BenchWorkload> OpenAsync(string model, string? dataset, int examples, CcsConsole console, CancellationToken cancellationToken)
    {
        bool random = RandomModels.IsRandom(model);
        string folder;
        if (random) folder = RandomModels.ConfigFolder(model);
        else
        {
            using var hub = HubFiles.FromEnvironment(console.Warn);
            folder = (await ModelLocator.LocateAsync(model, hub, cancellationToken)).Path;
        }
        var config = PretrainedModel.ReadConfig(folder);
        if (dataset is null)
            return new BenchWorkload(model, "built-in statements", folder, random, config, BuiltInStatements.Examples(examples), examples);

        var options = new ExtractOptions(model, ValueList.Of(dataset), ValueList<string>.Empty, Binarize: false, Int8: false,
            MaxExamplesTrain: examples, MaxExamplesVal: examples, NumShots: 0, NumVariants: -1, Balance: true,
            Layers: ValueList<int>.Empty, LayerStride: 1, Seed: ExtractOptions.DefaultSeed, TemplatePath: null, TokenLoc: TokenLoc.Last,
            UseEncoderStates: false);
        var source = await ExampleSource.OpenAsync(dataset, options, HubSettings.FromEnvironment(), console, cancellationToken);
        // Twice the count leaves room for examples the tokenizer's length limit skips.
        var read = source.Examples(SplitRole.Validation)().Take(2 * examples).ToList();
        return new BenchWorkload(model, dataset, folder, random, config, read, examples);
    }

    public ExtractionModel Load(ScalarType dtype)
    {
        var placement = new ModelPlacement(CPU, dtype);
        if (!RandomWeights) return ExtractionModel.Load(ModelFolder, placement);
        return new ExtractionModel(RandomModels.Create(ModelFolder, placement), TokenizerLoader.FromFolder(ModelFolder));
    }
}
