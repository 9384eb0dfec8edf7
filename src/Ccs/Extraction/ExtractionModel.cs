using Ccs.Models;
using Ccs.Models.Decoding;
using Ccs.Models.T5;
using Ccs.Tokenization;

namespace Ccs.Extraction;

/// <summary>What extraction runs: the model and its tokenizer, and whether only an encoder-decoder's encoder is read.</summary>
/// <param name="UseEncoderStates"><c>--use_encoder_states</c>: an encoder-decoder model is run as its encoder alone.</param>
public sealed record ExtractionModel(IHiddenStateModel Model, Tokenizer Tokenizer, bool UseEncoderStates = false) : IDisposable
{
    /// <summary>Spec 4.3: the question goes into the encoder and the answer, as the target, into the decoder.</summary>
    public bool IsEncoderDecoder => Model is T5Model && !UseEncoderStates;

    /// <summary>
    /// Spec 4.1 <c>has_lm_preds</c>: a decoder with an LM head (<c>*CausalLM</c>, <c>*LMHeadModel</c>), or an
    /// encoder-decoder with one (<c>*ConditionalGeneration</c>) unless only its encoder is read. Encoders have none.
    /// </summary>
    public bool ScoresAnswers => Model switch
    {
        CausalLanguageModel decoder => decoder.HasLanguageModelHead,
        T5Model t5 => IsEncoderDecoder && t5.HasLanguageModelHead,
        _ => false,
    };

    public static ExtractionModel Load(string folder, ModelPlacement placement, bool useEncoderStates = false)
    {
        Tokenizer tokenizer = TokenizerLoader.FromFolder(folder);
        IHiddenStateModel model = PretrainedModel.Load(folder, placement);
        return new ExtractionModel(model, tokenizer, useEncoderStates);
    }

    /// <summary>
    /// How the choices go through this model: encoder-decoders by <see cref="EncoderDecoderStates"/>; decoders by
    /// <see cref="SharedPrefixStates"/> unless <see cref="ExtractionSettings.SharedPrefix"/> is off; everything
    /// else (and decoders with it off) as full sequences by <see cref="PooledStates"/>.
    /// </summary>
    public IChoicePass Pass(ExtractionSettings settings)
    {
        if (Model is T5Model t5 && IsEncoderDecoder)
            return new EncoderDecoderStates(t5, settings.Layers, settings.TokenLoc, settings.BatchSize, settings.TokenBudget, ScoresAnswers);
        int padId = Tokenizer.Special.Pad ?? Tokenizer.Special.Eos ?? 0;
        var full = new PooledStates(Model, settings.Layers, settings.TokenLoc, padId, settings.PaddingSide, settings.BatchSize,
            settings.TokenBudget, scoreAnswers: ScoresAnswers);
        return Model is CausalLanguageModel decoder && settings.SharedPrefix
            ? new SharedPrefixStates(decoder, settings.Layers, settings.TokenLoc, full, settings.BatchSize, settings.TokenBudget, ScoresAnswers)
            : full;
    }

    public void Dispose() => Model.Dispose();
}
