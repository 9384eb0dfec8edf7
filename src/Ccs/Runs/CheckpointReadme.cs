namespace Ccs.Runs;

/// <summary>The <c>reporters/README.md</c> every elicit run writes: how to use the checkpoints without ccs.</summary>
public static class CheckpointReadme
{
    public static void Write(string reportersFolder) =>
        File.WriteAllText(Path.Combine(reportersFolder, "README.md"), Text);

    public const string Text =
        """
        # Reporter checkpoints written by `ccs elicit`

        One pair of files per layer: `layer_<L>.safetensors` (float32 tensors, standard safetensors) and
        `layer_<L>.json` (what the tensors are). `../lr_models/` holds the logistic-regression baselines in the same
        way. `cfg.yaml` here is the reporter configuration of the run. Every scorer maps a hidden state `x` of
        shape `(..., d)` (float32, the layer's output at the chosen token) to the log-odds that the statement is
        true; scores of the `(example, template, answer)` states are then compared per example.

        ## Loading in Python

        ```python
        import json, torch
        from safetensors.torch import load_file

        t = load_file("reporters/layer_6.safetensors")
        cfg = json.load(open("reporters/layer_6.json"))

        def erase(x, p):  # LEACE eraser: x - ((x - bias) @ proj_right.T) @ proj_left.T
            return x - ((x - p["eraser.bias"]) @ p["eraser.proj_right"].T) @ p["eraser.proj_left"].T

        def score(x):  # x: (..., d) -> (...)
            if cfg["kind"] == "eigen":
                raw = erase(x, t) @ t["weight"].T
            elif cfg["kind"] == "ccs":
                if cfg["norm"] == "leace":
                    x = erase(x, t)
                else:  # meanonly / burns are recomputed from the batch being scored, x of shape (n, v, k, d)
                    x = x - x.mean(0)
                    if cfg["norm"] == "burns":
                        std = x.norm(dim=0) / x.shape[0] ** 0.5
                        x = x / std.mean(dim=tuple(range(1, std.dim())), keepdim=True)
                raw = x @ t["probe.0.weight"].T + t["probe.0.bias"]  # linear probe (num_layers 1, no pre_ln)
            return (t["platt_scale"] * raw + t["platt_bias"]).squeeze(-1)

        lr = load_file("lr_models/layer_6.safetensors")          # logistic regression, raw hidden states
        lr_score = (x @ lr["lr0.weight"].T + lr["lr0.bias"]).squeeze(-1)
        ```

        ## Tensors

        | kind | tensor | shape | meaning |
        |---|---|---|---|
        | all reporters | `platt_scale`, `platt_bias` | `[1]` | Platt scaling: `score = platt_scale * raw + platt_bias` |
        | `eigen` | `weight` | `[1, d]` | unit eigenvector of the largest eigenvalue (VINC/CRC direction) |
        | `eigen` | `eraser.proj_left`, `eraser.proj_right`, `eraser.bias` | `[d, c]`, `[c, d]`, `[d]` | LEACE eraser applied before the projection |
        | `eigen` | `eigenvalues` | `[d]` | all eigenvalues, ascending (diagnostic) |
        | `ccs` | `probe.<i>.weight`, `probe.<i>.bias` | | the probe as `torch.nn.Sequential` state dict: `[LayerNorm (no parameters) if pre_ln,] Linear, (activation, Linear)...` ending in one output |
        | `ccs` with `norm: leace` | `eraser.*` | as above | the LEACE normaliser fitted on the training states |
        | `logistic_regression` | `lr<i>.weight`, `lr<i>.bias` | `[1, d]`, `[1]` | model `i` (several only for `--supervised inlp`) |

        ## JSON fields

        `format` (`ccs-checkpoint-1`), `kind` (`ccs`, `eigen`, `logistic_regression`), `layer`, `hidden_size` (d).
        `ccs`: `norm`, `num_layers`, `probe_hidden_size` (absent = floor(4·d/3)), `activation`, `bias`, `pre_ln`,
        `train_loss`. `logistic_regression`: `count`, `train_losses`.

        `meanonly` and `burns` normalisation have no stored state: like the original, they are computed from the
        set of hidden states being scored (evaluation is transductive).
        """;
}
