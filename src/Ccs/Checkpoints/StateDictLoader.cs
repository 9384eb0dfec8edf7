using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace Ccs.Checkpoints;

/// <summary>
/// Strict loading of a checkpoint into a TorchSharp module whose parameter names are the Hugging Face state-dict
/// keys: every parameter must be found with its exact shape, and every checkpoint tensor must be used unless it
/// is a buffer or an unused head (<see cref="CheckpointKeyRules"/>). All problems are reported in one error.
/// </summary>
public static class StateDictLoader
{
    private const int ListedPerKind = 8;

    public static void Load(nn.Module module, Checkpoint checkpoint, CheckpointKeyRules rules, string modelDescription)
    {
        var parameters = module.state_dict();
        var sourceOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var unexpected = new List<string>();
        var problems = new List<string>();

        foreach (var tensor in checkpoint.Tensors.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            string? target = ParameterName(tensor.Name, parameters, rules);
            if (target is null)
            {
                // Integer buffers (position_ids, token_type_ids) are recomputed, never loaded.
                if (tensor.DType.Role != TensorRole.Buffer && !IsUnusedHead(tensor.Name, rules)) unexpected.Add(tensor.Name);
                continue;
            }
            if (!sourceOf.TryAdd(target, tensor.Name))
            {
                problems.Add($"{target} is stored twice ({sourceOf[target]} and {tensor.Name})");
                continue;
            }
            var expectedShape = parameters[target].shape;
            if (tensor.DType.Role != TensorRole.Weight)
                problems.Add($"{tensor.Name} has dtype {tensor.DType.Name}, not a float format ccs can load");
            else if (!expectedShape.SequenceEqual(tensor.Shape))
                problems.Add($"{tensor.Name} has shape {tensor.ShapeText}, the model needs [{string.Join(", ", expectedShape)}]");
        }

        var missing = parameters.Keys.Where(name => !sourceOf.ContainsKey(name)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || unexpected.Count > 0 || problems.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0) parts.Add($"missing {Listed(missing)}");
            if (unexpected.Count > 0) parts.Add($"unexpected {Listed(unexpected)}");
            if (problems.Count > 0) parts.Add($"mismatched {Listed(problems)}");
            throw new CcsException(ExitCode.BadInput,
                $"{checkpoint.Source}: the weights do not fit {modelDescription}: {string.Join("; ", parts)}");
        }

        using var noGrad = torch.no_grad();
        foreach (var (target, source) in sourceOf)
        {
            using var stored = checkpoint.Read(source);
            parameters[target].copy_(stored);   // converts dtype and moves to the parameter's device
        }
    }

    private static string? ParameterName(string key, Dictionary<string, Tensor> parameters, CheckpointKeyRules rules)
    {
        if (parameters.ContainsKey(key)) return key;
        foreach (string prefix in rules.WrapperPrefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && parameters.ContainsKey(key[prefix.Length..]))
                return key[prefix.Length..];
        }
        return null;
    }

    private static bool IsUnusedHead(string key, CheckpointKeyRules rules)
    {
        string bare = rules.WrapperPrefixes.FirstOrDefault(p => key.StartsWith(p, StringComparison.Ordinal)) is { } prefix
            ? key[prefix.Length..]
            : key;
        return rules.UnusedPrefixes.Concat(CheckpointKeyRules.CommonHeads)
                   .Any(head => key.StartsWith(head, StringComparison.Ordinal) || bare.StartsWith(head, StringComparison.Ordinal))
               || (rules.IgnoredPatterns ?? []).Any(pattern => Regex.IsMatch(bare, pattern, RegexOptions.CultureInvariant));
    }

    private static string Listed(List<string> items) =>
        $"{items.Count} ({string.Join(", ", items.Take(ListedPerKind))}{(items.Count > ListedPerKind ? ", …" : "")})";
}
