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
    /// row), each predicted from the position before it as in transformers' shifted causal-LM loss.
    /// </summary>
    public SpanScores ScoreSpans(Tensor inputIds, Tensor attentionMask, IReadOnlyList<AnswerSpan> spans)
    {
        RequireHead();
        if (spans.Count != inputIds.shape[0])
            throw new ArgumentException($"{spans.Count} answer spans for {inputIds.shape[0]} rows");
        using var scope = NewDisposeScope();
        var states = HiddenStates(inputIds, attentionMask);
        using var inference = torch.inference_mode();
        var logProbs = new AnswerLogProb[spans.Count];
        for (int row = 0; row < spans.Count; row++)
        {
            var (start, length) = spans[row];
            if (start < 1 || length < 1 || start + length > inputIds.shape[1]
                || attentionMask[row].narrow(0, start, length).min().item<long>() == 0)
                throw new ArgumentException($"row {row}: answer span [{start}, {start + length}) must follow at least one token and cover real tokens");
            var predicting = states[^1][row].narrow(0, start - 1, length);
            var targets = inputIds[row].narrow(0, start, length);
            logProbs[row] = LogProbs(predicting, targets);
        }
        foreach (var state in states) state.MoveToOuterDisposeScope();
        return new SpanScores(states, logProbs);
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
        // Dynamic NTK frequencies depend on the whole length, so a cached prompt would have used other ones.
        return Rotary?.DependsOnLength(longest) == true
            ? answers.Select(answer => ScoreAlone(question, answer)).ToList()
            : ScoreAfterCachedPrompt(question, answers);
    }

    /// <summary>
    /// The question runs once with its keys/values recorded; all answers then run as one right-padded batch
    /// attending to those keys/values (positions continue from the question's length). Hidden states are the
    /// question's followed by the answer's, as a run of the concatenated sequence gives them.
    /// </summary>
    private List<ScoredAnswer> ScoreAfterCachedPrompt(long[] question, IReadOnlyList<long[]> answers)
    {
        using var scope = NewDisposeScope();
        var device = Placement.Device;
        long promptLength = question.Length;
        var promptMask = ones(1, promptLength, ScalarType.Int64, device);
        using var cache = KeyValueCache.Recording(LayerCount);
        var prompt = Stack(tensor(question, [1, promptLength], device: device), promptMask, CausalMasks.PositionIds(promptMask), cache);

        long width = answers.Max(a => a.Length);
        var ids = new long[answers.Count * width];
        var mask = new long[answers.Count * width];
        for (int c = 0; c < answers.Count; c++)
        for (int t = 0; t < answers[c].Length; t++)
        {
            ids[c * width + t] = answers[c][t];
            mask[c * width + t] = 1;
        }
        var keyMask = cat([ones(answers.Count, promptLength, ScalarType.Int64, device), tensor(mask, [answers.Count, width], device: device)], 1);
        var positions = CausalMasks.PositionIds(keyMask).narrow(1, promptLength, width);
        using var reader = cache.Reading();
        var continued = Stack(tensor(ids, [answers.Count, width], device: device), keyMask, positions, reader);

        var results = new List<ScoredAnswer>(answers.Count);
        for (int c = 0; c < answers.Count; c++)
        {
            int length = answers[c].Length;
            var states = prompt.Zip(continued, (p, a) => cat([p[0], a[c].narrow(0, 0, length)], 0).MoveToOuterDisposeScope()).ToArray();
            AnswerLogProb? logProb = null;
            if (HasLanguageModelHead)
            {
                // The first answer token is predicted by the question's last position.
                var predicting = cat([prompt[^1][0].narrow(0, promptLength - 1, 1), continued[^1][c].narrow(0, 0, length - 1)], 0);
                logProb = LogProbs(predicting, tensor(answers[c], device: device));
            }
            results.Add(new ScoredAnswer(states, logProb));
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
        var states = Stack(ids, mask, CausalMasks.PositionIds(mask), cache: null).Select(s => s[0].MoveToOuterDisposeScope()).ToArray();
        var logProb = HasLanguageModelHead
            ? LogProbs(states[^1].narrow(0, question.Length - 1, answer.Length), ids[0].narrow(0, question.Length, answer.Length))
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

    /// <summary>log_softmax of the float32-upcast logits at each predicting position, at the target token.</summary>
    private AnswerLogProb LogProbs(Tensor predicting, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var logSoftmax = Logits(predicting).to(ScalarType.Float32).log_softmax(-1);
        var picked = logSoftmax.gather(1, targets.to(ScalarType.Int64).unsqueeze(1)).squeeze(1);
        return new AnswerLogProb(picked.cpu().data<float>().ToArray());
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
