namespace Ccs.Data;

/// <summary>
/// <c>numpy.random.default_rng(seed).permutation(n)</c>, which is what Hugging Face <c>Dataset.shuffle(seed=…)</c>
/// and <c>Dataset.train_test_split(seed=…)</c> use (<c>datasets/arrow_dataset.py</c>). Ports numpy's
/// <c>SeedSequence</c> (<c>bit_generator.pyx</c>), PCG64 with its 32-bit output buffering (<c>pcg64.h</c>),
/// <c>Generator.shuffle</c>'s Fisher–Yates pass (<c>_generator.pyx</c> <c>_shuffle_raw</c>) and the masked rejection
/// sampling of <c>random_interval</c> (<c>distributions.c</c>).
/// </summary>
public static class NumpyPermutation
{
    /// <summary>The permutation of 0..n-1 that <c>default_rng(seed).permutation(n)</c> returns.</summary>
    public static long[] Permutation(long seed, long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var perm = new long[n];
        for (long i = 0; i < n; i++) perm[i] = i;
        var rng = new Pcg64(seed);
        for (long i = n - 1; i >= 1; i--)
        {
            long j = (long)RandomInterval(rng, (ulong)i);
            (perm[i], perm[j]) = (perm[j], perm[i]);
        }
        return perm;
    }

    /// <summary>A uniform value in [0, max]: smallest all-ones mask ≥ max, redraw while the masked value exceeds max.</summary>
    internal static ulong RandomInterval(Pcg64 rng, ulong max)
    {
        if (max == 0) return 0;
        ulong mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        ulong value;
        if (max <= 0xffffffffUL)
            while ((value = rng.NextUInt32() & mask) > max) { }
        else
            while ((value = rng.NextUInt64() & mask) > max) { }
        return value;
    }
}

/// <summary>numpy's PCG64 bit generator (XSL-RR 128/64) seeded through <see cref="NumpySeedSequence"/>.</summary>
internal sealed class Pcg64
{
    private static readonly UInt128 Multiplier = new(2549297995355413924UL, 4865540595714422341UL);

    private UInt128 _state;
    private readonly UInt128 _inc;
    private bool _hasUInt32;
    private uint _uinteger;

    public Pcg64(long seed)
    {
        // PCG64.__init__: generate_state(4, uint64) -> (state high, state low, inc high, inc low)
        ulong[] words = NumpySeedSequence.GenerateState64(seed, 4);
        var initState = new UInt128(words[0], words[1]);
        var initSeq = new UInt128(words[2], words[3]);
        // pcg_setseq_128_srandom_r
        _state = UInt128.Zero;
        _inc = (initSeq << 1) | UInt128.One;
        Step();
        _state += initState;
        Step();
    }

    private void Step() => _state = _state * Multiplier + _inc;

    /// <summary><c>pcg64_next64</c>: advance, then output rotr(high ^ low, high >> 58).</summary>
    public ulong NextUInt64()
    {
        Step();
        ulong high = (ulong)(_state >> 64), low = (ulong)_state;
        return ulong.RotateRight(high ^ low, (int)(high >> 58));
    }

    /// <summary><c>pcg64_next32</c>: the low half of a 64-bit output now, its high half on the next call.</summary>
    public uint NextUInt32()
    {
        if (_hasUInt32)
        {
            _hasUInt32 = false;
            return _uinteger;
        }
        ulong next = NextUInt64();
        _hasUInt32 = true;
        _uinteger = (uint)(next >> 32);
        return (uint)(next & 0xffffffffUL);
    }
}

/// <summary>numpy's <c>SeedSequence(seed)</c> with the default pool of four 32-bit words (no spawn key).</summary>
internal static class NumpySeedSequence
{
    private const uint InitA = 0x43b0d7e5, MultA = 0x931e8875, InitB = 0x8b51f9dd, MultB = 0x58f38ded;
    private const uint MixMultL = 0xca01f9dd, MixMultR = 0x4973f715;
    private const int PoolSize = 4;

    /// <summary><c>generate_state(nWords, np.uint64)</c>: 2·nWords 32-bit words read as little-endian pairs.</summary>
    public static ulong[] GenerateState64(long seed, int nWords)
    {
        uint[] pool = Pool(seed);
        var result = new ulong[nWords];
        uint hashConst = InitB;
        for (int i = 0; i < 2 * nWords; i++)
        {
            uint value = pool[i % PoolSize];
            value ^= hashConst;
            hashConst *= MultB;
            value *= hashConst;
            value ^= value >> 16;
            result[i / 2] |= (ulong)value << (32 * (i % 2));
        }
        return result;
    }

    private static uint[] Pool(long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seed); // numpy: "expected non-negative integer"
        // _int_to_uint32_array: 32-bit words, least significant first; 0 -> [0]
        var entropy = new List<uint>();
        ulong s = (ulong)seed;
        if (s == 0) entropy.Add(0);
        for (; s > 0; s >>= 32) entropy.Add((uint)s);

        var pool = new uint[PoolSize];
        uint hashConst = InitA;
        for (int i = 0; i < PoolSize; i++)
            pool[i] = HashMix(i < entropy.Count ? entropy[i] : 0U, ref hashConst);
        for (int src = 0; src < PoolSize; src++)
            for (int dst = 0; dst < PoolSize; dst++)
                if (src != dst) pool[dst] = Mix(pool[dst], HashMix(pool[src], ref hashConst));
        for (int src = PoolSize; src < entropy.Count; src++)
            for (int dst = 0; dst < PoolSize; dst++)
                pool[dst] = Mix(pool[dst], HashMix(entropy[src], ref hashConst));
        return pool;
    }

    private static uint HashMix(uint value, ref uint hashConst)
    {
        value ^= hashConst;
        hashConst *= MultA;
        value *= hashConst;
        value ^= value >> 16;
        return value;
    }

    private static uint Mix(uint x, uint y)
    {
        uint result = MixMultL * x - MixMultR * y;
        result ^= result >> 16;
        return result;
    }
}
