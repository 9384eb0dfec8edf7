using Ccs.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;
using Embedding = Ccs.Models.Layers.Embedding;
using Linear = Ccs.Models.Layers.Linear;

namespace Ccs.Models.T5;

/// <summary>
/// modeling_t5.py <c>T5ForConditionalGeneration</c>: <c>shared</c> embeddings, <c>encoder</c> and <c>decoder</c>
/// stacks, and <c>lm_head</c> (untied in T5 v1.1; tied to <c>shared</c> otherwise, with the decoder output scaled by
/// d_model^-0.5 first). <see cref="IHiddenStateModel.HiddenStates"/> gives the encoder's states (what
/// <c>--use_encoder_states</c> reads); <see cref="Run"/> and <see cref="ScoreAnswers"/> the decoder's.
/// </summary>
public sealed class T5Model : HiddenStateModel, IAnswerScoringModel
{
    private readonly Embedding shared;
    private readonly T5Stack encoder;
    private readonly T5Stack decoder;
    private readonly Linear? lm_head;
    private readonly T5Config _config;

    public T5Model(T5Config config, ModelPlacement placement) : base(nameof(T5Model), config, placement)
    {
        _config = config;
        shared = new Embedding(config.VocabSize, config.HiddenSize, placement);
        encoder = new T5Stack(config, isDecoder: false, placement);
        decoder = new T5Stack(config, isDecoder: true, placement);
        lm_head = config.Head.HasOwnWeight ? new Linear(config.HiddenSize, config.VocabSize, hasBias: false, placement) : null;
        RegisterComponents();
    }

    public bool HasLanguageModelHead => _config.Head.Present;

    // Relative position buckets have no length limit.
    protected override long MaxSequenceLength => int.MaxValue;

    /// <summary>The encoder's hidden states.</summary>
    protected override Tensor[] Forward(Tensor inputIds, Tensor attentionMask)
    {
        using var embedded = shared.call(inputIds);
        return encoder.Forward(embedded, attentionMask);
    }

    /// <summary>
    /// transformers' <c>T5ForConditionalGeneration.forward</c> on padded batches: encoder and decoder hidden
    /// states, and with <paramref name="labels"/> (aligned with the decoder inputs, counted where
    /// <paramref name="decoderAttentionMask"/> is 1) each row's label log-probabilities.
    /// </summary>
    public Seq2SeqOutput Run(Tensor inputIds, Tensor attentionMask, Tensor decoderInputIds, Tensor decoderAttentionMask, Tensor? labels)
    {
        if (labels is not null && !HasLanguageModelHead)
            throw new InvalidOperationException("t5 checkpoint without an LM head: no label log-probabilities");
        using var scope = NewDisposeScope();
        var encoderStates = HiddenStates(inputIds, attentionMask);
        using var inference = torch.inference_mode();
        var decoderStates = Decode(encoderStates[^1], attentionMask, decoderInputIds, decoderAttentionMask);
        AnswerLogProb[]? logProbs = null;
        if (labels is not null)
        {
            logProbs = new AnswerLogProb[labels.shape[0]];
            for (int row = 0; row < logProbs.Length; row++)
            {
                long count = decoderAttentionMask[row].sum().item<long>();
                logProbs[row] = LogProbs(decoderStates[^1][row].narrow(0, 0, count), labels[row].narrow(0, 0, count));
            }
        }
        foreach (var state in encoderStates.Concat(decoderStates)) state.MoveToOuterDisposeScope();
        return new Seq2SeqOutput(encoderStates, decoderStates, logProbs);
    }

    /// <summary>
    /// Spec 4.3 for encoder-decoder models: the question is encoded once; each answer (target ids, end token
    /// included) is decoded from <c>[decoder_start] + answer[:-1]</c>, all answers as one right-padded batch.
    /// The hidden states are the decoder's, one row per decoder position.
    /// </summary>
    public IReadOnlyList<ScoredAnswer> ScoreAnswers(long[] question, IReadOnlyList<long[]> answers)
    {
        if (question.Length == 0) throw new ArgumentException("the question has no tokens");
        if (answers.Count == 0 || answers.Any(a => a.Length == 0)) throw new ArgumentException("every answer needs at least one token");
        using var scope = NewDisposeScope();
        var device = Placement.Device;
        var questionMask = ones(1, question.Length, ScalarType.Int64, device);
        var encoded = HiddenStates(tensor(question, [1, question.Length], device: device), questionMask)[^1];
        using var inference = torch.inference_mode();

        long width = answers.Max(a => a.Length);
        var inputs = new long[answers.Count * width];
        var mask = new long[answers.Count * width];
        for (int c = 0; c < answers.Count; c++)
        for (int t = 0; t < answers[c].Length; t++)
        {
            // _shift_right: decoder_start_token_id, then the labels without their last token.
            inputs[c * width + t] = t == 0 ? _config.DecoderStartTokenId : answers[c][t - 1];
            mask[c * width + t] = 1;
        }
        var decoderStates = Decode(encoded.expand(answers.Count, -1, -1), questionMask.expand(answers.Count, -1),
            tensor(inputs, [answers.Count, width], device: device), tensor(mask, [answers.Count, width], device: device));

        var results = new List<ScoredAnswer>(answers.Count);
        for (int c = 0; c < answers.Count; c++)
        {
            int length = answers[c].Length;
            var states = decoderStates.Select(s => s[c].narrow(0, 0, length).MoveToOuterDisposeScope()).ToArray();
            var logProb = HasLanguageModelHead ? LogProbs(states[^1], tensor(answers[c], device: device)) : null;
            results.Add(new ScoredAnswer(states, logProb));
        }
        return results;
    }

    private Tensor[] Decode(Tensor encoderStates, Tensor encoderMask, Tensor decoderInputIds, Tensor decoderMask)
    {
        using var embedded = shared.call(decoderInputIds);
        return decoder.Forward(embedded, decoderMask, encoderStates, encoderMask);
    }

    /// <summary>log_softmax of the float32-upcast LM logits of decoder outputs (rows, hidden), at the labels.</summary>
    private AnswerLogProb LogProbs(Tensor decoderOutput, Tensor labels)
    {
        using var scope = NewDisposeScope();
        // T5ForConditionalGeneration rescales before a tied head: sequence_output * model_dim ** -0.5.
        var logits = lm_head is not null
            ? lm_head.call(decoderOutput)
            : nn.functional.linear(decoderOutput * Math.Pow(_config.HiddenSize, -0.5), shared.Weight);
        var picked = logits.to(ScalarType.Float32).log_softmax(-1).gather(1, labels.to(ScalarType.Int64).unsqueeze(1)).squeeze(1);
        return new AnswerLogProb(picked.cpu().data<float>().ToArray());
    }
}

/// <summary>Encoder and decoder hidden states of padded batches, and each row's label log-probs when labels were given.</summary>
public sealed record Seq2SeqOutput(Tensor[] EncoderHiddenStates, Tensor[] DecoderHiddenStates, IReadOnlyList<AnswerLogProb>? LabelLogProbs);
