using Ccs.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Models.Decoding;

/// <summary>
/// What the decoder-only architectures (GPT-2, GPT-NeoX, Llama, Mistral, Qwen2) share around their layers:
/// position ids from the attention mask, the causal mask, the rotary tables, the stack loop with transformers'
/// <c>output_hidden_states</c> convention (embedding output, every layer's output, the last one after the final
/// norm), answer log-probabilities from the LM head, and a prompt run once with its keys/values reused by
/// every answer.
/// </summary>
public abstract class CausalLanguageModel(string name, ModelConfig config, ModelPlacement placement)
    : HiddenStateModel(name, config, placement), IAnswerScoringModel
{
    public abstract bool HasLanguageModelHead { get; }

    protected abstract int LayerCount { get; }

    /// <summary>The rotary tables, or null for learned absolute positions (GPT-2).</summary>
    protected abstract RotaryEmbedding? Rotary { get; }

    /// <summary>Mistral's <c>sliding_window</c>; null for full causal attention.</summary>
    protected virtual int? SlidingWindow => null;

    /// <summary>Token (and, for GPT-2, position) embeddings: hidden_states[0].</summary>
    protected abstract Tensor Embed(Tensor inputIds, Tensor positionIds);

    protected abstract Tensor Layer(int index, Tensor hidden, DecoderStep step);

    protected abstract Tensor FinalNorm(Tensor hidden);

    /// <summary>LM-head logits (rows, vocab) in the model dtype for final-normed hidden states (rows, hidden).</summary>
    protected abstract Tensor Logits(Tensor hidden);

    protected override Tensor[] Forward(Tensor inputIds, Tensor attentionMask)
    {
        using var positions = CausalMasks.PositionIds(attentionMask);
        return Stack(inputIds, attentionMask, positions, cache: null);
    }

    /// <summary>
    /// The full-sequence path on padded rows: hidden states as <see cref="IHiddenStateModel.HiddenStates"/> and,
    /// per row, the log-probabilities of the answer tokens at <c>spans[row]</c> (array indices in the padded
    /// row), each predicted from the position before it as in transformers' shifted causal-LM loss. All answer
    /// tokens of the batch go through the LM head together.
    /// </summary>
    public SpanScores ScoreSpans(Tensor inputIds, Tensor attentionMask, IReadOnlyList<AnswerSpan> spans)
    {
        RequireHead();
        if (spans.Count != inputIds.shape[0])
            throw new ArgumentException($"{spans.Count} answer spans for {inputIds.shape[0]} rows");
        long width = inputIds.shape[1];
        var targets = new List<long>();
        for (int row = 0; row < spans.Count; row++)
        {
            var (start, length) = spans[row];
            if (start < 1 || length < 1 || start + length > width)
                throw new ArgumentException($"row {row}: answer span [{start}, {start + length}) must follow at least one token and lie in the row");
            for (int k = 0; k < length; k++) targets.Add(row * width + start + k);
        }
        using var scope = NewDisposeScope();
        var states = HiddenStates(inputIds, attentionMask);
        using var inference = torch.inference_mode();
        var targetIndex = tensor(targets.ToArray(), device: Placement.Device);
        if (attentionMask.reshape(-1).index_select(0, targetIndex).min().item<long>() == 0)
            throw new ArgumentException("every answer span must cover real (unpadded) tokens");
        var flat = states[^1].reshape(-1, states[^1].shape[2]);
        var logProbs = LogProbs(flat.index_select(0, targetIndex - 1), inputIds.reshape(-1).index_select(0, targetIndex),
            [.. spans.Select(s => s.Length)]);
        foreach (var state in states) state.MoveToOuterDisposeScope();
        return new SpanScores(states, logProbs);
    }

    /// <summary>
    /// Whether running a prompt once and continuing it (<see cref="RunAfterSharedQuestions"/>) gives what full
    /// sequences of up to <paramref name="totalLength"/> tokens give: not with dynamic NTK rotary frequencies,
    /// which depend on the whole length, so the prompt would have used other ones.
    /// </summary>
    public bool CanSharePrefix(long totalLength) => Rotary?.DependsOnLength(totalLength) != true;

    /// <summary>
    /// Several questions, each followed by several answers: the questions run once as one left-padded batch
    /// with their keys/values recorded; then every answer runs as a row of one right-padded batch attending to
    /// the keys/values of question <paramref name="questionOfAnswer"/>[row] (positions continue from that
    /// question's length). Left padding keeps each question's tokens and its answer's contiguous, so array-index
    /// rules (Mistral's sliding window) see what a full sequence sees. With <paramref name="scoreAnswers"/> each
    /// answer's token log-probs come from the same pass (the first token predicted by its question's last
    /// position, index width − 1).
    /// </summary>
    public PrefixRun RunAfterSharedQuestions(IReadOnlyList<long[]> questions, IReadOnlyList<int> questionOfAnswer,
        IReadOnlyList<long[]> answers, bool scoreAnswers)
    {
        if (questions.Count == 0 || questions.Any(q => q.Length == 0)) throw new ArgumentException("every question needs at least one token");
        if (answers.Count == 0 || answers.Any(a => a.Length == 0)) throw new ArgumentException("every answer needs at least one token");
        if (questionOfAnswer.Count != answers.Count || questionOfAnswer.Any(q => q < 0 || q >= questions.Count))
            throw new ArgumentException("every answer needs the index of its question");
        int questionWidth = questions.Max(q => q.Length), answerWidth = answers.Max(a => a.Length);
        long longest = answers.Select((a, i) => (long)questions[questionOfAnswer[i]].Length + a.Length).Max();
        if (longest > MaxSequenceLength)
            throw new CcsException(ExitCode.BadInput,
                $"{Config.ModelType} model: a sequence of {longest} tokens is longer than the {MaxSequenceLength} it supports");
        if (!CanSharePrefix(longest)) throw new InvalidOperationException("dynamic rotary frequencies depend on the full length: run full sequences");
        if (scoreAnswers) RequireHead();

        using var scope = NewDisposeScope();
        using var inference = torch.inference_mode();
        var device = Placement.Device;
        var (questionIds, questionMask) = Padded(questions, questionWidth, leftPadded: true, device);
        using var cache = KeyValueCache.Recording(LayerCount);
        var questionStates = Stack(questionIds, questionMask, CausalMasks.PositionIds(questionMask), cache);

        var rows = tensor(questionOfAnswer.Select(q => (long)q).ToArray(), device: device);
        var (answerIds, answerMask) = Padded(answers, answerWidth, leftPadded: false, device);
        var keyMask = cat([questionMask.index_select(0, rows), answerMask], 1);
        var positions = CausalMasks.PositionIds(keyMask).narrow(1, questionWidth, answerWidth);
        Tensor[] answerStates;
        using (var reader = cache.Reading(rows))
            answerStates = Stack(answerIds, keyMask, positions, reader);

        AnswerLogProb[]? logProbs = null;
        if (scoreAnswers)
        {
            long d = answerStates[^1].shape[2];
            var questionLast = questionStates[^1].select(1, questionWidth - 1).index_select(0, rows).unsqueeze(1);
            var predicting = cat([questionLast, answerStates[^1].narrow(1, 0, answerWidth - 1)], 1).reshape(-1, d);
            long[] real = [.. answers.SelectMany((a, row) => Enumerable.Range(0, a.Length).Select(t => (long)row * answerWidth + t))];
            var index = tensor(real, device: device);
            logProbs = LogProbs(predicting.index_select(0, index), answerIds.reshape(-1).index_select(0, index), [.. answers.Select(a => a.Length)]);
        }
        foreach (var state in questionStates.Concat(answerStates)) state.MoveToOuterDisposeScope();
        return new PrefixRun(questionStates, answerStates, logProbs);
    }

    public IReadOnlyList<ScoredAnswer> ScoreAnswers(long[] question, IReadOnlyList<long[]> answers)
    {
        if (question.Length == 0) throw new ArgumentException("the question has no tokens, so nothing predicts the first answer token");
        if (answers.Count == 0 || answers.Any(a => a.Length == 0)) throw new ArgumentException("every answer needs at least one token");
        long longest = question.Length + answers.Max(a => a.Length);
        if (longest > MaxSequenceLength)
            throw new CcsException(ExitCode.BadInput,
                $"{Config.ModelType} model: a sequence of {longest} tokens is longer than the {MaxSequenceLength} it supports");
        using var inference = torch.inference_mode();
        return CanSharePrefix(longest)
            ? ScoreAfterCachedPrompt(question, answers)
            : answers.Select(answer => ScoreAlone(question, answer)).ToList();
    }

    /// <summary>
    /// The question runs once with its keys/values recorded; all answers then run as one right-padded batch
    /// attending to those keys/values. Hidden states are the question's followed by the answer's, as a run of the
    /// concatenated sequence gives them.
    /// </summary>
    private List<ScoredAnswer> ScoreAfterCachedPrompt(long[] question, IReadOnlyList<long[]> answers)
    {
        using var scope = NewDisposeScope();
        var run = RunAfterSharedQuestions([question], new int[answers.Count], answers, HasLanguageModelHead);
        var results = new List<ScoredAnswer>(answers.Count);
        for (int c = 0; c < answers.Count; c++)
        {
            int length = answers[c].Length;
            var states = run.QuestionStates.Zip(run.AnswerStates, (q, a) => cat([q[0], a[c].narrow(0, 0, length)], 0).MoveToOuterDisposeScope()).ToArray();
            results.Add(new ScoredAnswer(states, run.Answers?[c]));
        }
        return results;
    }

    private static (Tensor Ids, Tensor Mask) Padded(IReadOnlyList<long[]> sequences, int width, bool leftPadded, Device device)
    {
        var ids = new long[sequences.Count * width];
        var mask = new long[sequences.Count * width];
        for (int r = 0; r < sequences.Count; r++)
        {
            long[] s = sequences[r];
            int offset = r * width + (leftPadded ? width - s.Length : 0);
            Array.Copy(s, 0, ids, offset, s.Length);
            Array.Fill(mask, 1L, offset, s.Length);
        }
        return (tensor(ids, [sequences.Count, width], device: device), tensor(mask, [sequences.Count, width], device: device));
    }

    private ScoredAnswer ScoreAlone(long[] question, long[] answer)
    {
        using var scope = NewDisposeScope();
        var device = Placement.Device;
        long length = question.Length + answer.Length;
        var mask = ones(1, length, ScalarType.Int64, device);
        var ids = tensor([.. question, .. answer], [1, length], device: device);
        var states = Stack(ids, mask, CausalMasks.PositionIds(mask), cache: null).Select(s => s[0].MoveToOuterDisposeScope()).ToArray();
        var logProb = HasLanguageModelHead
            ? LogProbs(states[^1].narrow(0, question.Length - 1, answer.Length), ids[0].narrow(0, question.Length, answer.Length), [answer.Length])[0]
            : null;
        return new ScoredAnswer(states, logProb);
    }

    /// <summary>
    /// The stack over <paramref name="inputIds"/> (batch, new tokens), whose keys follow the cache's:
    /// <paramref name="keyMask"/> covers cached and new keys.
    /// </summary>
    private Tensor[] Stack(Tensor inputIds, Tensor keyMask, Tensor positionIds, KeyValueCache? cache)
    {
        using var scope = NewDisposeScope();
        long cached = cache?.Length ?? 0;
        // transformers drops the mask when it is plain causal (modeling_attn_mask_utils.py _ignore_causal_mask_sdpa: no
        // padding, no cached keys, no window cutting in) and lets SDPA apply is_causal, its fast unmasked kernel.
        long length = inputIds.shape[1];
        bool plainCausal = cached == 0 && (SlidingWindow is not int window || window >= length) && !AttentionMasks.HasPadding(keyMask);
        var bias = plainCausal ? null : CausalMasks.Bias(keyMask, cached, length, SlidingWindow, Placement.DType);
        Tensor? cos = null, sin = null;
        if (Rotary is { } rotary) (cos, sin) = rotary.ForPositions(positionIds, Placement.DType);
        var step = new DecoderStep(bias, cos, sin, cache);
        var states = new Tensor[LayerCount + 1];
        states[0] = Embed(inputIds, positionIds);
        for (int i = 0; i < LayerCount; i++) states[i + 1] = Layer(i, states[i], step);
        // transformers appends the last layer's output after the final norm (e.g. LlamaModel.forward).
        states[^1] = FinalNorm(states[^1]);
        foreach (var state in states) state.MoveToOuterDisposeScope();
        return states;
    }

    /// <summary>
    /// log_softmax of the float32-upcast logits at each predicting position (rows, hidden), at the target token,
    /// in one LM-head call; split into consecutive answers of <paramref name="lengths"/> tokens.
    /// </summary>
    private AnswerLogProb[] LogProbs(Tensor predicting, Tensor targets, IReadOnlyList<int> lengths)
    {
        using var scope = NewDisposeScope();
        var logSoftmax = Logits(predicting).to(ScalarType.Float32).log_softmax(-1);
        var picked = logSoftmax.gather(1, targets.to(ScalarType.Int64).unsqueeze(1)).squeeze(1);
        float[] values = picked.cpu().data<float>().ToArray();
        var result = new AnswerLogProb[lengths.Count];
        for (int i = 0, offset = 0; i < lengths.Count; offset += lengths[i++]) result[i] = new AnswerLogProb(values[offset..(offset + lengths[i])]);
        return result;
    }

    private void RequireHead()
    {
        if (!HasLanguageModelHead)
            throw new InvalidOperationException($"{Config.ModelType} checkpoint without an LM head (architectures: {string.Join(", ", Config.Architectures)})");
    }
}

/// <summary>Answer tokens at array indices [Start, Start + Length) of a padded row.</summary>
public readonly record struct AnswerSpan(int Start, int Length);

/// <summary>Hidden states of padded rows (as <see cref="IHiddenStateModel.HiddenStates"/>) and each row's answer log-probs.</summary>
public sealed record SpanScores(Tensor[] HiddenStates, IReadOnlyList<AnswerLogProb> Answers);

/// <summary>
/// <see cref="CausalLanguageModel.RunAfterSharedQuestions"/>: per hidden-state index, the questions' states
/// (questions, question width, hidden), left-padded, and the answers' (answers, answer width, hidden),
/// right-padded; each answer's token log-probs when asked for.
/// </summary>
public sealed record PrefixRun(Tensor[] QuestionStates, Tensor[] AnswerStates, IReadOnlyList<AnswerLogProb>? Answers);
