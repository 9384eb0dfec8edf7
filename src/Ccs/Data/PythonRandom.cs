using System.Numerics;

namespace Ccs.Data;

/// <summary>
/// Python's <c>random.Random</c>, bit for bit (CPython 3.10+): MT19937 seeded by <c>init_by_array</c> with the
/// 32-bit words of |seed|, and the <c>Lib/random.py</c> methods the original uses for binarization and few-shot
/// batches (<c>random</c>, <c>getrandbits</c>, <c>_randbelow</c>, <c>choice</c>, <c>choices</c>, <c>shuffle</c>).
/// Mirrors <c>Modules/_randommodule.c</c> (<c>init_genrand</c>, <c>init_by_array</c>, <c>genrand_uint32</c>,
/// <c>random_seed</c>, <c>random_random</c>, <c>_random_Random_getrandbits_impl</c>).
/// </summary>
public sealed class PythonRandom
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private readonly uint[] _mt = new uint[N];
    private int _mti = N + 1;

    /// <summary><c>random.Random(seed)</c> for an integer seed (the sign is dropped, as CPython does).</summary>
    public PythonRandom(BigInteger seed)
    {
        InitByArray(KeyWords(BigInteger.Abs(seed)));
    }

    /// <summary>The 32-bit words of a non-negative integer, least significant first; 0 gives the key [0].</summary>
    private static uint[] KeyWords(BigInteger n)
    {
        if (n.IsZero) return [0U];
        var words = new List<uint>();
        for (; !n.IsZero; n >>= 32) words.Add((uint)(n & uint.MaxValue));
        return [.. words];
    }

    private void InitGenrand(uint s)
    {
        _mt[0] = s;
        for (_mti = 1; _mti < N; _mti++)
            _mt[_mti] = 1812433253U * (_mt[_mti - 1] ^ (_mt[_mti - 1] >> 30)) + (uint)_mti;
    }

    private void InitByArray(uint[] key)
    {
        InitGenrand(19650218U);
        int i = 1, j = 0;
        for (int k = Math.Max(N, key.Length); k > 0; k--)
        {
            _mt[i] = (_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1664525U)) + key[j] + (uint)j;
            i++; j++;
            if (i >= N) { _mt[0] = _mt[N - 1]; i = 1; }
            if (j >= key.Length) j = 0;
        }
        for (int k = N - 1; k > 0; k--)
        {
            _mt[i] = (_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1566083941U)) - (uint)i;
            i++;
            if (i >= N) { _mt[0] = _mt[N - 1]; i = 1; }
        }
        _mt[0] = 0x80000000U; // MSB is 1, assuring a non-zero initial array
    }

    /// <summary>The next raw 32-bit MT19937 output (<c>genrand_uint32</c>).</summary>
    public uint NextUInt32()
    {
        if (_mti >= N)
        {
            int kk;
            for (kk = 0; kk < N - M; kk++)
            {
                uint y = (_mt[kk] & UpperMask) | (_mt[kk + 1] & LowerMask);
                _mt[kk] = _mt[kk + M] ^ (y >> 1) ^ ((y & 1U) != 0 ? MatrixA : 0U);
            }
            for (; kk < N - 1; kk++)
            {
                uint y = (_mt[kk] & UpperMask) | (_mt[kk + 1] & LowerMask);
                _mt[kk] = _mt[kk + (M - N)] ^ (y >> 1) ^ ((y & 1U) != 0 ? MatrixA : 0U);
            }
            uint last = (_mt[N - 1] & UpperMask) | (_mt[0] & LowerMask);
            _mt[N - 1] = _mt[M - 1] ^ (last >> 1) ^ ((last & 1U) != 0 ? MatrixA : 0U);
            _mti = 0;
        }
        uint v = _mt[_mti++];
        v ^= v >> 11;
        v ^= (v << 7) & 0x9d2c5680U;
        v ^= (v << 15) & 0xefc60000U;
        v ^= v >> 18;
        return v;
    }

    /// <summary><c>random()</c>: a double in [0, 1) with 53 random bits (<c>genrand_res53</c>).</summary>
    public double Random()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary><c>getrandbits(k)</c>: 32-bit words filled least significant first, the last one shifted right.</summary>
    public BigInteger GetRandBits(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k == 0) return BigInteger.Zero;
        if (k <= 32) return NextUInt32() >> (32 - k);
        BigInteger result = BigInteger.Zero;
        for (int shift = 0; k > 0; shift += 32, k -= 32)
        {
            uint r = NextUInt32();
            if (k < 32) r >>= 32 - k;
            result |= (BigInteger)r << shift;
        }
        return result;
    }

    /// <summary><c>_randbelow_with_getrandbits(n)</c>: rejection sampling on <c>getrandbits(n.bit_length())</c>.</summary>
    public long RandBelow(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        int k = 64 - BitOperations.LeadingZeroCount((ulong)n);
        long r = (long)GetRandBits(k);
        while (r >= n) r = (long)GetRandBits(k);
        return r;
    }

    /// <summary><c>choice(seq)</c> = <c>seq[_randbelow(len(seq))]</c>.</summary>
    public T Choice<T>(IReadOnlyList<T> seq)
    {
        if (seq.Count == 0) throw new InvalidOperationException("Cannot choose from an empty sequence");
        return seq[(int)RandBelow(seq.Count)];
    }

    /// <summary><c>shuffle(x)</c>: i from len-1 down to 1, swap x[i] with x[_randbelow(i + 1)].</summary>
    public void Shuffle<T>(IList<T> x)
    {
        for (int i = x.Count - 1; i > 0; i--)
        {
            int j = (int)RandBelow(i + 1);
            (x[i], x[j]) = (x[j], x[i]);
        }
    }

    /// <summary>
    /// <c>choices(population, weights, k=k)</c>: cumulative weights, then for each pick
    /// <c>bisect_right(cum_weights, random() * total, 0, n - 1)</c>.
    /// </summary>
    public IReadOnlyList<T> Choices<T>(IReadOnlyList<T> population, IReadOnlyList<double> weights, int k = 1)
    {
        int n = population.Count;
        if (weights.Count != n) throw new ArgumentException("The number of weights does not match the population");
        if (n == 0) throw new InvalidOperationException("Cannot choose from an empty population");
        var cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) cumulative[i] = sum += weights[i];
        double total = cumulative[^1];
        if (total <= 0.0) throw new ArgumentException("Total of weights must be greater than zero");
        if (!double.IsFinite(total)) throw new ArgumentException("Total of weights must be finite");
        var picks = new T[k];
        for (int p = 0; p < k; p++) picks[p] = population[BisectRight(cumulative, Random() * total, n - 1)];
        return picks;
    }

    /// <summary><c>bisect.bisect_right(a, x, 0, hi)</c>.</summary>
    private static int BisectRight(double[] a, double x, int hi)
    {
        int lo = 0;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (x < a[mid]) hi = mid; else lo = mid + 1;
        }
        return lo;
    }
}
