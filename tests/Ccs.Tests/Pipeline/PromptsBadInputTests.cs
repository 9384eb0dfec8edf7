using Ccs.Tests.Data;

namespace Ccs.Tests.Pipeline;

/// <summary>Unusable input to <c>ccs prompts</c> is one line on stderr naming the thing and the problem, exit code 3.</summary>
public sealed class PromptsBadInputTests : IDisposable
{
    private const string Template = """
        templates:
          a1: !Template
            answer_choices: no ||| yes
            id: a1
            jinja: '{{ text }} Good? ||| {{ answer_choices[label] }}'
            name: plain
            reference: ''
        """;

    private readonly TempFolder _folder = new();

    public PromptsBadInputTests()
    {
        _folder.Write("good/train.jsonl", "{\"text\": \"fine\", \"label\": 1}\n{\"text\": \"poor\", \"label\": 0}\n");
        _folder.Write("good/test.jsonl", "{\"text\": \"great\", \"label\": 1}\n{\"text\": \"awful\", \"label\": 0}\n");
        _folder.Write("templates/templates.yaml", Template);
    }

    public void Dispose() => _folder.Dispose();

    private string P(string relative) => Path.Combine(_folder.Path, relative);

    private void Fails(string expected, params string[] args)
    {
        var (code, _, stderr) = PromptsOutput.Run(PipelineFixtures.Offline(P("hub")), args);
        Assert.True(code == ExitCode.BadInput, $"exit code {code}, stderr: {stderr}");
        Assert.StartsWith("ccs prompts: error: ", stderr);
        Assert.EndsWith("\n", stderr);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(expected, stderr);
    }

    [Fact]
    public void The_working_setup_succeeds() =>
        Assert.Equal(0, PromptsOutput.Run(PipelineFixtures.Offline(P("hub")), P("good"), "--template_path", P("templates")).Code);

    [Fact]
    public void Unknown_hub_dataset() =>
        Fails("dataset 'no_such_dataset' has no data files", "no_such_dataset", "--template_path", P("templates"));

    [Fact]
    public void Missing_local_path() =>
        Fails($"no such file or folder: {P("absent")}", P("absent"), "--template_path", P("templates"));

    [Fact]
    public void Missing_config_of_a_local_dataset() =>
        Fails("no config folder 'nosuch'", P("good") + ":nosuch", "--template_path", P("templates"));

    [Fact]
    public async Task Missing_config_of_a_hub_dataset()
    {
        await PipelineFixtures.AddBoolqToCache(P("hub"));
        Fails("has no data files for config 'nosuch'", "super_glue:nosuch", "--template_path", P("templates"));
    }

    [Fact]
    public void No_labelled_split()
    {
        _folder.Write("unlabelled/train.jsonl", "{\"text\": \"a\", \"label\": -1}\n");
        _folder.Write("unlabelled/test.jsonl", "{\"text\": \"b\", \"label\": -1}\n");
        Fails("no split has labels in column 'label'", P("unlabelled"), "--template_path", P("templates"));
    }

    [Fact]
    public void No_label_column()
    {
        _folder.Write("nolabel/train.jsonl", "{\"text\": \"a\"}\n");
        _folder.Write("nolabel/test.jsonl", "{\"text\": \"b\"}\n");
        Fails("Dataset has no label column", P("nolabel"), "--template_path", P("templates"));
    }

    [Fact]
    public void Empty_dataset()
    {
        _folder.Write("empty/train.jsonl", "");
        _folder.Write("empty/test.jsonl", "");
        Fails("the dataset has no rows (splits: train, test)", P("empty"), "--template_path", P("templates"));
    }

    [Fact]
    public void Template_reading_a_field_the_dataset_lacks()
    {
        string file = _folder.Write("missing-field/templates.yaml", Template.Replace("{{ text }}", "{{ review }}"));
        Fails($"{file}: template 'plain' uses the field 'review', which {P("good")} does not have (columns: text, label, row_id)",
            P("good"), "--template_path", file);
    }

    [Fact]
    public void Malformed_yaml()
    {
        string file = _folder.Write("bad-yaml/templates.yaml", "templates:\n  a1: !Template\n    name: [unclosed\n");
        Fails($"{file}: invalid YAML at line", P("good"), "--template_path", file);
    }

    [Fact]
    public void Malformed_jinja()
    {
        string file = _folder.Write("bad-jinja/templates.yaml", Template.Replace("{{ text }}", "{% if text %}{{ text }}"));
        Fails($"{file}: template 'plain': cannot be compiled", P("good"), "--template_path", file);
    }

    [Fact]
    public void Template_without_the_question_answer_separator()
    {
        string file = _folder.Write("no-sep/templates.yaml", Template.Replace(" Good? |||", " Good?"));
        Fails($"{file}: template 'plain': rendered 1 '|||'-separated parts", P("good"), "--template_path", file);
    }

    [Fact]
    public void Only_open_ended_templates()
    {
        string file = _folder.Write("open/templates.yaml", Template.Replace("    answer_choices: no ||| yes\n", ""));
        Fails("No multiple choice templates found", P("good"), "--template_path", file);
    }

    [Fact]
    public void No_template_path_and_no_built_in_templates() =>
        Fails($"{P("good")}: ccs has no built-in prompt templates for this dataset; pass --template_path", P("good"));

    [Fact]
    public void Template_path_that_does_not_exist() =>
        Fails($"--template_path {P("nowhere")}: no such file or folder", P("good"), "--template_path", P("nowhere"));

    [Fact]
    public void Template_folder_without_a_templates_file() =>
        Fails($"Expected prompt templates to exist at {P("good")}/templates.yaml", P("good"), "--template_path", P("good"));

    [Fact]
    public void Duplicate_prompts()
    {
        string file = _folder.Write("dup/templates.yaml", Template.Replace("{{ answer_choices[label] }}", "same"));
        Fails("Prompt duplicated 2 times!", P("good"), "--template_path", file);
    }

    [Fact]
    public void A_usage_error_is_exit_code_2()
    {
        var (code, _, stderr) = PromptsOutput.Run(PipelineFixtures.Offline(P("hub")), P("good"), "--num", "-1");
        Assert.Equal(ExitCode.Usage, code);
        Assert.Equal("ccs prompts: error: --num must not be negative (got -1)\n", stderr);
    }
}
