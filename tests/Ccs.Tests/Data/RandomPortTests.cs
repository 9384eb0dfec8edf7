using System.Numerics;
using Ccs.Data;

namespace Ccs.Tests.Data;

/// <summary>
/// The ports of Python's <c>random.Random</c> and numpy's <c>default_rng(seed).permutation</c>. Expected values come
/// from CPython 3.11.7 (<c>random.Random(seed)…</c>, run on this machine) and from numpy's published outputs for
/// <c>default_rng(42)</c> (numpy documentation: <c>default_rng(42).random(3)</c>) and
/// <c>default_rng(42).permutation(10)</c>, <c>default_rng(3).permutation(5)</c>.
/// </summary>
public sealed class RandomPortTests
{
    [Fact]
    public void Random_matches_CPython_for_seed_42()
    {
        var r = new PythonRandom(42);
        Assert.Equal([0.6394267984578837, 0.025010755222666936, 0.27502931836911926], [r.Random(), r.Random(), r.Random()]);
    }

    [Theory]
    [InlineData(0, 0.8444218515250481)]
    [InlineData(-42, 0.6394267984578837)] // the sign is dropped
    [InlineData(1099511627781, 0.5043802970418443)] // 2**40 + 5: a two-word key
    public void Seeding_uses_the_words_of_the_absolute_value(long seed, double first)
    {
        Assert.Equal(first, new PythonRandom(seed).Random());
    }

    [Fact]
    public void Large_integer_seeds_use_every_word()
    {
        Assert.Equal(0.15803717805068784, new PythonRandom(BigInteger.Parse("12345678901234567890123")).Random());
    }

    [Fact]
    public void Getrandbits_matches_CPython()
    {
        var r = new PythonRandom(42);
        Assert.Equal(2746317213, (long)r.GetRandBits(32));
        Assert.Equal(478163327, (long)r.GetRandBits(32));
        Assert.Equal(107420369, (long)r.GetRandBits(32));
        Assert.Equal(1, (long)r.GetRandBits(1));
        Assert.Equal(590620971, (long)r.GetRandBits(31));
        Assert.Equal(1051802512, (long)r.GetRandBits(33));
        Assert.Equal(BigInteger.Parse("13585496030504862185"), r.GetRandBits(64));
        Assert.Equal(BigInteger.Parse("1167876019479626170561453694887"), r.GetRandBits(100));
    }

    [Fact]
    public void The_state_regenerates_after_624_words()
    {
        var r = new PythonRandom(42);
        for (int i = 0; i < 700; i++) r.NextUInt32();
        Assert.Equal(4214005797U, r.NextUInt32());
    }

    [Fact]
    public void Randbelow_choice_shuffle_and_choices_match_CPython()
    {
        var r = new PythonRandom(42);
        Assert.Equal([654L, 114, 25, 759, 281], Enumerable.Range(0, 5).Select(_ => r.RandBelow(1000))); // randrange(1000)

        r = new PythonRandom(42);
        int[] seven = [0, 1, 2, 3, 4, 5, 6];
        Assert.Equal([5, 0, 0, 5, 2, 1, 1, 1, 5, 0], Enumerable.Range(0, 10).Select(_ => r.Choice(seven)));

        r = new PythonRandom(42);
        var list = Enumerable.Range(0, 10).ToList();
        r.Shuffle(list);
        Assert.Equal([7, 3, 2, 8, 5, 6, 9, 4, 0, 1], list);

        r = new PythonRandom(42);
        Assert.Equal([1, 0, 0, 0, 1, 1, 1, 0, 0, 0], r.Choices([0, 1], [0.5, 0.5], k: 10));

        r = new PythonRandom(42);
        Assert.Equal(["b", "a", "b", "b", "c", "b", "c", "a"], r.Choices(["a", "b", "c"], [0.2, 0.5, 0.3], k: 8));
    }

    [Fact]
    public void Permutation_matches_numpy_default_rng()
    {
        Assert.Equal([5L, 6, 0, 7, 3, 2, 4, 9, 1, 8], NumpyPermutation.Permutation(42, 10));
        Assert.Equal([4L, 2, 1, 3, 0], NumpyPermutation.Permutation(3, 5));
        Assert.Equal([0L], NumpyPermutation.Permutation(1, 1));
        Assert.Empty(NumpyPermutation.Permutation(1, 0));
    }

    [Fact]
    public void Pcg64_seeded_through_SeedSequence_matches_numpy_random()
    {
        var pcg = new Pcg64(42);
        // Generator.random(): (next_uint64 >> 11) * 2**-53
        double[] values = [.. Enumerable.Range(0, 3).Select(_ => (pcg.NextUInt64() >> 11) * (1.0 / 9007199254740992.0))];
        Assert.Equal([0.77395605, 0.43887844, 0.85859792], values.Select(v => Math.Round(v, 8)));
    }
}
