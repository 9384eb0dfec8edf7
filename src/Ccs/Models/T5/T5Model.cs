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
        using var scope = NewDisposeScope();
        var run = RunAnswers([question], new int[answers.Count], answers, HasLanguageModelHead);
        var results = new List<ScoredAnswer>(answers.Count);
        for (int c = 0; c < answers.Count; c++)
        {
            int length = answers[c].Length;
            var states = run.DecoderStates.Select(s => s[c].narrow(0, 0, length).MoveToOuterDisposeScope()).ToArray();
            results.Add(new ScoredAnswer(states, run.Answers?[c]));
        }
        return results;
    }

    /// <summary>
    /// Several questions with several answers each (spec 4.3): the questions are encoded once as one right-padded
    /// batch; every answer (target ids, end token included) is a row of one right-padded decoder batch with
    /// inputs <c>[decoder_start] + answer[:-1]</c> (<c>_shift_right</c>), cross-attending to the encoder output of
    /// question <paramref name="questionOfAnswer"/>[row]. With <paramref name="scoreAnswers"/> each answer's
    /// label log-probs come from the same pass.
    /// </summary>
    public EncoderDecoderRun RunAnswers(IReadOnlyList<long[]> questions, IReadOnlyList<int> questionOfAnswer,
        IReadOnlyList<long[]> answers, bool scoreAnswers)
    {
        if (questions.Count == 0 || questions.Any(q => q.Length == 0)) throw new ArgumentException("every question needs at least one token");
        if (answers.Count == 0 || answers.Any(a => a.Length == 0)) throw new ArgumentException("every answer needs at least one token");
        if (questionOfAnswer.Count != answers.Count || questionOfAnswer.Any(q => q < 0 || q >= questions.Count))
            throw new ArgumentException("every answer needs the index of its question");
        if (scoreAnswers && !HasLanguageModelHead)
            throw new InvalidOperationException("t5 checkpoint without an LM head: no label log-probabilities");
        using var scope = NewDisposeScope();
        var device = Placement.Device;
        int questionWidth = questions.Max(q => q.Length), width = answers.Max(a => a.Length);
        var (questionIds, questionMask) = RightPadded(questions, questionWidth, device);
        var encoderStates = HiddenStates(questionIds, questionMask);
        using var inference = torch.inference_mode();

        var rows = tensor(questionOfAnswer.Select(q => (long)q).ToArray(), device: device);
        // _shift_right: decoder_start_token_id, then the labels without their last token.
        long[][] shifted = [.. answers.Select(a => (long[])[_config.DecoderStartTokenId, .. a[..^1]])];
        var (decoderIds, decoderMask) = RightPadded(shifted, width, device);
        var decoderStates = Decode(encoderStates[^1].index_select(0, rows), questionMask.index_select(0, rows), decoderIds, decoderMask);

        AnswerLogProb[]? logProbs = null;
        if (scoreAnswers)
        {
            long[] real = [.. answers.SelectMany((a, row) => Enumerable.Range(0, a.Length).Select(t => (long)row * width + t))];
            var labels = tensor(answers.SelectMany(a => a).ToArray(), device: device);
            var flat = decoderStates[^1].reshape(-1, decoderStates[^1].shape[2]);
            var perToken = LogProbs(flat.index_select(0, tensor(real, device: device)), labels).PerToken;
            logProbs = new AnswerLogProb[answers.Count];
            for (int i = 0, offset = 0; i < answers.Count; offset += answers[i++].Length)
                logProbs[i] = new AnswerLogProb(perToken[offset..(offset + answers[i].Length)]);
        }
        foreach (var state in encoderStates.Concat(decoderStates)) state.MoveToOuterDisposeScope();
        return new EncoderDecoderRun(encoderStates, decoderStates, logProbs);
    }

    private static (Tensor Ids, Tensor Mask) RightPadded(IReadOnlyList<long[]> sequences, int width, Device device)
    {
        var ids = new long[sequences.Count * width];
        var mask = new long[sequences.Count * width];
        for (int r = 0; r < sequences.Count; r++)
        {
            Array.Copy(sequences[r], 0, ids, r * width, sequences[r].Length);
            Array.Fill(mask, 1L, r * width, sequences[r].Length);
        }
        return (tensor(ids, [sequences.Count, width], device: device), tensor(mask, [sequences.Count, width], device: device));
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

/// <summary>
/// <see cref="T5Model.RunAnswers"/>: the questions' encoder states (questions, width, hidden) and the answers' decoder
/// states (answers, width, hidden), both right-padded, and each answer's label log-probs when asked for.
/// </summary>
public sealed record EncoderDecoderRun(Tensor[] EncoderStates, Tensor[] DecoderStates, IReadOnlyList<AnswerLogProb>? Answers);

/// <summary>Encoder and decoder hidden states of padded batches, and each row's label log-probs when labels were given.</summary>
public sealed record Seq2SeqOutput(Tensor[] EncoderHiddenStates, Tensor[] DecoderHiddenStates, IReadOnlyList<AnswerLogProb>? LabelLogProbs);
