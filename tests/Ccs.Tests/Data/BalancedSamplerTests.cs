using System.Collections.Immutable;
using Ccs.Data;

namespace Ccs.Tests.Data;

/// <summary>The balanced sampler (spec 3.6) on small inputs whose output was worked out by hand from the spec.</summary>
public sealed class BalancedSamplerTests
{
    private static readonly DatasetSpec Spec = DatasetSpec.Parse("toy");

    private static Table Labels(params long[] labels) =>
        new(["row_id", "label"], labels.Select((l, i) => (IReadOnlyList<object?>)[(long)i, l]), DatasetFeatures.None);

    private static long[] BalancedIds(Table table, params long[] choices)
    {
        var space = new LabelSpace(Spec, new LabelColumn("label", LabelKind.ClassLabel, [.. choices.Select(c => c.ToString())], false), false);
        return [.. BalancedSampler.Balance(table.Rows, space, [.. choices.Select(c => (object)c)]).Select(r => (long)r["row_id"]!)];
    }

    [Fact]
    public void Emits_one_row_per_class_whenever_every_buffer_has_one()
    {
        // labels 1 1 0 1 0 0 0 1: (2,0) after row 2, (4,1) after row 4, (5,3) after row 5, (6,7) after row 7
        Assert.Equal([2L, 0, 4, 1, 5, 3, 6, 7], BalancedIds(Labels(1, 1, 0, 1, 0, 0, 0, 1), 0, 1));
    }

    [Fact]
    public void Rounds_of_three_classes_follow_the_label_order()
    {
        Assert.Equal([1L, 2, 0, 3, 5, 4], BalancedIds(Labels(2, 0, 1, 0, 2, 1), 0, 1, 2));
    }

    [Fact]
    public void A_full_buffer_drops_its_oldest_row()
    {
        long[] labels = [.. Enumerable.Repeat(0L, BalancedSampler.BufferSize + 1), 1];
        Assert.Equal([1L, BalancedSampler.BufferSize + 1], BalancedIds(Labels(labels), 0, 1));
    }

    [Fact]
    public void An_unlabelled_row_is_bad_input_naming_the_dataset()
    {
        var e = Assert.Throws<CcsException>(() => BalancedIds(Labels(0, -1, 1), 0, 1));
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.Equal("toy: Expected label to be one of [0, 1], got -1 (row_id 1)", e.Message);
    }
}
