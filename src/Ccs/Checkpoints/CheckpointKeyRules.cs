namespace Ccs.Checkpoints;

/// <summary>
/// How a checkpoint's tensor names relate to a bare model's parameter names, per architecture.
/// </summary>
/// <param name="WrapperPrefixes">
/// Prefixes under which task classes store the bare model (transformers' <c>base_model_prefix</c>, e.g.
/// <c>bert.</c> in a <c>BertForSequenceClassification</c> checkpoint); stripped as <c>from_pretrained</c> does
/// when it loads such a checkpoint into the base model (modeling_utils.py, <c>_load_pretrained_model</c>).
/// </param>
/// <param name="UnusedPrefixes">
/// Parts a hidden-state model does not use (pooler, LM and classification heads), named after stripping a wrapper
/// prefix; their tensors are ignored instead of being reported as unexpected.
/// </param>
/// <param name="IgnoredPatterns">
/// Regular expressions for float tensors that older checkpoints carry but the model recomputes (transformers'
/// <c>_keys_to_ignore_on_load_unexpected</c>, e.g. GPT-2's <c>attn.masked_bias</c> or a stored
/// <c>rotary_emb.inv_freq</c>, or tied copies such as T5's <c>encoder.embed_tokens.weight</c>), matched against the
/// key with any wrapper prefix removed; such tensors are ignored instead of being reported as unexpected.
/// </param>
public sealed record CheckpointKeyRules(
    IReadOnlyList<string> WrapperPrefixes,
    IReadOnlyList<string> UnusedPrefixes,
    IReadOnlyList<string>? IgnoredPatterns = null)
{
    /// <summary>
    /// Heads that any transformers task class may add beside the base model (the attribute names of
    /// <c>*ForSequenceClassification</c>, <c>*ForQuestionAnswering</c>, <c>*ForTokenClassification</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> CommonHeads = ["classifier.", "qa_outputs.", "dropout."];
}
