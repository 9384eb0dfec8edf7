using Ccs.Data;
using Ccs.Tokenization;

namespace Ccs.Extraction;

/// <summary>
/// Turns prompts into token ids as the original's <c>extract_hiddens</c> (ccs/extraction/extraction.py) does
/// (spec 4.3). The question always gets the tokenizer's special tokens (so for BERT-style models
/// <c>[CLS] question [SEP]</c>, for T5 a trailing <c>&lt;/s&gt;</c>). Decoder-only and encoder-only models (and
/// encoder-decoders read through their encoder) follow it with the ids of <c>" " + answer</c> without special
/// tokens (<see cref="Tokenizer.EncodeAnswer"/>), so the answer comes after the final <c>[SEP]</c>. With
/// <paramref name="encoderDecoder"/> the answer is the decoder's target instead: <c>answer</c> with the special
/// tokens (<c>text_target</c>: T5's trailing <c>&lt;/s&gt;</c>), no leading space. Nothing is truncated.
/// </summary>
public sealed class PromptTokenizer(Tokenizer tokenizer, Action<string> warn, bool encoderDecoder = false)
{
    private readonly Dictionary<string, int[]> _answers = new(StringComparer.Ordinal);

    public Tokenizer Tokenizer => tokenizer;

    /// <summary>
    /// Model inputs longer than this skip their whole example (the tokenizer's <c>model_max_length</c>): question
    /// + answer, or for an encoder-decoder the question alone.
    /// </summary>
    public long MaxLength => tokenizer.ModelMaxLength;

    public TokenizedExample Tokenize(PromptedExample example, long streamPosition)
    {
        var questions = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var choices = new List<ChoiceTokens>(example.Prompts.Sum(v => v.Length));
        foreach (var variant in example.Prompts)
        {
            foreach (PromptText prompt in variant)
            {
                if (!questions.TryGetValue(prompt.Question, out int[]? question))
                    questions[prompt.Question] = question = tokenizer.Encode(prompt.Question, addSpecialTokens: true);
                choices.Add(new ChoiceTokens(question, Answer(prompt.Answer)));
            }
        }
        return new TokenizedExample(example, streamPosition, choices);
    }

    public bool Fits(TokenizedExample example) => (encoderDecoder ? example.LongestQuestion : example.LongestSequence) <= MaxLength;

    /// <summary>Answers repeat across examples ("positive", "negative"): encoded once, warned about once.</summary>
    private int[] Answer(string answer)
    {
        if (_answers.TryGetValue(answer, out int[]? ids)) return ids;
        if (encoderDecoder) return _answers[answer] = tokenizer.Encode(answer, addSpecialTokens: true);
        AnswerEncoding encoding = tokenizer.EncodeAnswer(answer);
        if (encoding.Warning is { } warning) warn(warning);
        _answers[answer] = encoding.Ids;
        return encoding.Ids;
    }
}
