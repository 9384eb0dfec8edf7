using Ccs.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Models.Decoding;

/// <summary>
/// What the decoder-only architectures (GPT-2, GPT-NeoX, Llama, Mistral, Qwen2) share around their layers:
/// position ids from the attention mask, the causal mask, the rotary tables, the stack loop with transformers'
/// <c>output_hidden_states</c> convention (embedding output, every layer's output, the last one after the final
/// norm), answer log-probabilities from the LM head, and a question run once with all its answers packed into
/// one row.
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
        return StackWithMask(inputIds, attentionMask, positions);
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
    /// Whether running a question once for all its answers (<see cref="RunPacked"/>) gives what full sequences of up
    /// to <paramref name="totalLength"/> tokens give: not with dynamic NTK rotary frequencies, which depend on the
    /// whole length of the row that is run.
    /// </summary>
    public bool CanSharePrefix(long totalLength) => Rotary?.DependsOnLength(totalLength) != true;

    /// <summary>
    /// Several questions, each run ONCE together with all of its answers in one row
    /// <c>[question, answer 1, …, answer k]</c> (right-padded). The mask lets a question token see the question up
    /// to itself and an answer token see the whole question and its own answer up to itself, never another answer;
    /// every answer's positions continue from its question's length. So each answer's states are those of the full
    /// sequence question + answer (up to float rounding): the tree attention of speculative decoding, one level
    /// deep. One pass with one mask, rather than a prompt pass plus a continuation over copied keys/values, keeps
    /// the matrix products large. Positions, not array indices, decide Mistral's sliding window, as in the full
    /// unpadded sequence. With <paramref name="scoreAnswers"/> each answer's token log-probs come from the same
    /// pass; the question's last position, which predicts every answer's first token, goes through the LM head once.
    /// </summary>
    /// <param name="answers">answers[q]: the answers continuing question q, in order.</param>
    public PackedRun RunPacked(IReadOnlyList<long[]> questions, IReadOnlyList<IReadOnlyList<long[]>> answers, bool scoreAnswers)
    {
        if (questions.Count == 0 || questions.Any(q => q.Length == 0)) throw new ArgumentException("every question needs at least one token");
        if (answers.Count != questions.Count || answers.Any(a => a.Count == 0 || a.Any(x => x.Length == 0)))
            throw new ArgumentException("every question needs at least one answer, and every answer at least one token");
        long longest = questions.Select((q, i) => (long)q.Length + answers[i].Max(a => a.Length)).Max();
        if (longest > MaxSequenceLength)
            throw new CcsException(ExitCode.BadInput,
                $"{Config.ModelType} model: a sequence of {longest} tokens is longer than the {MaxSequenceLength} it supports");
        if (!CanSharePrefix(longest)) throw new InvalidOperationException("dynamic rotary frequencies depend on the full length: run full sequences");
        if (scoreAnswers) RequireHead();

        var layout = PackedLayout.Of(questions, answers, SlidingWindow);
        using var scope = NewDisposeScope();
        using var inference = torch.inference_mode();
        var device = Placement.Device;
        long rows = questions.Count, width = layout.Width;
        var ids = tensor(layout.Ids, [rows, width], device: device);
        var positions = tensor(layout.Positions, [rows, width], device: device);
        var bias = CausalMasks.Additive(tensor(layout.Blocked, [rows, 1, width, width], device: device), Placement.DType);
        var states = Stack(ids, positions, bias);

        AnswerLogProb[]? logProbs = null;
        if (scoreAnswers)
        {
            var (predicting, rowOfTarget, targets, lengths) = layout.Targets();
            var flat = states[^1].reshape(rows * width, -1);
            logProbs = LogProbs(flat.index_select(0, tensor(predicting, device: device)), tensor(targets, device: device), lengths,
                tensor(rowOfTarget, device: device));
        }
        foreach (var state in states) state.MoveToOuterDisposeScope();
        return new PackedRun(states, layout.AnswerStarts, logProbs);
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
            ? ScoreAfterSharedQuestion(question, answers)
            : answers.Select(answer => ScoreAlone(question, answer)).ToList();
    }

    /// <summary>
    /// The question runs once with all its answers (<see cref="RunPacked"/>). Each answer's hidden states are the
    /// question's followed by the answer's, as a run of the concatenated sequence gives them.
    /// </summary>
    private List<ScoredAnswer> ScoreAfterSharedQuestion(long[] question, IReadOnlyList<long[]> answers)
    {
        using var scope = NewDisposeScope();
        var run = RunPacked([question], [answers], HasLanguageModelHead);
        var results = new List<ScoredAnswer>(answers.Count);
        for (int c = 0; c < answers.Count; c++)
        {
            int start = run.AnswerStarts[0][c], length = answers[c].Length;
            var states = run.States.Select(s => cat([s[0].narrow(0, 0, question.Length), s[0].narrow(0, start, length)], 0).MoveToOuterDisposeScope()).ToArray();
            results.Add(new ScoredAnswer(states, run.Answers?[c]));
        }
        return results;
    }

    private ScoredAnswer ScoreAlone(long[] question, long[] answer)
    {
        using var scope = NewDisposeScope();
        var device = Placement.Device;
        long length = question.Length + answer.Length;
        var mask = ones(1, length, ScalarType.Int64, device);
        var ids = tensor([.. question, .. answer], [1, length], device: device);
        var states = StackWithMask(ids, mask, CausalMasks.PositionIds(mask)).Select(s => s[0].MoveToOuterDisposeScope()).ToArray();
        var logProb = HasLanguageModelHead
            ? LogProbs(states[^1].narrow(0, question.Length - 1, answer.Length), ids[0].narrow(0, question.Length, answer.Length), [answer.Length])[0]
            : null;
        return new ScoredAnswer(states, logProb);
    }

    /// <summary>The stack over padded rows (batch, tokens) with their 0/1 <paramref name="attentionMask"/>.</summary>
    private Tensor[] StackWithMask(Tensor inputIds, Tensor attentionMask, Tensor positionIds)
    {
        using var scope = NewDisposeScope();
        // transformers drops the mask when it is plain causal (modeling_attn_mask_utils.py _ignore_causal_mask_sdpa: no
        // padding, no window cutting in) and lets SDPA apply is_causal, its fast unmasked kernel.
        long length = inputIds.shape[1];
        bool plainCausal = (SlidingWindow is not int window || window >= length) && !AttentionMasks.HasPadding(attentionMask);
        var bias = plainCausal ? null : CausalMasks.Bias(attentionMask, SlidingWindow, Placement.DType);
        var states = Stack(inputIds, positionIds, bias);
        foreach (var state in states) state.MoveToOuterDisposeScope();
        return states;
    }

    /// <summary>The stack with an additive <paramref name="bias"/> (batch, 1, tokens, tokens), or plain causal attention when null.</summary>
    private Tensor[] Stack(Tensor inputIds, Tensor positionIds, Tensor? bias)
    {
        using var scope = NewDisposeScope();
        Tensor? cos = null, sin = null;
        if (Rotary is { } rotary) (cos, sin) = rotary.ForPositions(positionIds, Placement.DType);
        var step = new DecoderStep(bias, cos, sin);
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
    /// in one LM-head call; split into consecutive answers of <paramref name="lengths"/> tokens. Target i is
    /// predicted by row i, or by row <paramref name="rowOfTarget"/>[i] when rows are shared between targets.
    /// </summary>
    private AnswerLogProb[] LogProbs(Tensor predicting, Tensor targets, IReadOnlyList<int> lengths, Tensor? rowOfTarget = null)
    {
        using var scope = NewDisposeScope();
        var logSoftmax = Logits(predicting).to(ScalarType.Float32).log_softmax(-1);
        var picked = rowOfTarget is null
            ? logSoftmax.gather(1, targets.to(ScalarType.Int64).unsqueeze(1)).squeeze(1)
            : logSoftmax.reshape(-1).index_select(0, rowOfTarget * logSoftmax.shape[1] + targets.to(ScalarType.Int64));
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
/// <see cref="CausalLanguageModel.RunPacked"/>: per hidden-state index, the packed rows' states (questions, width,
/// hidden); AnswerStarts[q][c] is the array index where answer c of question q begins (the question starts at 0);
/// each answer's token log-probs, question-major, when asked for.
/// </summary>
public sealed record PackedRun(Tensor[] States, int[][] AnswerStarts, IReadOnlyList<AnswerLogProb>? Answers);
