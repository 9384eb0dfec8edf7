namespace Ccs.Metrics;

/// <summary>
/// The draws of PyTorch's CPU generator (<c>torch.Generator().manual_seed(s)</c>, <c>torch.manual_seed(s)</c>):
/// MT19937 initialised with the standard 32-bit <c>init_genrand(s)</c>, each draw the next 32-bit output. The
/// derived distributions follow ATen's CPU kernels (<c>randint</c>: <c>r % range</c>; <c>uniform_</c> on float32:
/// 24 random bits; <c>randperm</c>: forward Fisher–Yates), so seeded streams equal the original's on CPU.
/// Implemented here rather than through libtorch so the stream does not depend on the libtorch version.
/// </summary>
public sealed class TorchCpuRandom
{
    private const int StateSize = 624;
    private const int Shift = 397;
    private readonly uint[] _state = new uint[StateSize];
    private int _next = StateSize;

    public TorchCpuRandom(ulong seed)
    {
        // torch seeds MT19937 with the low 32 bits of the seed (at::mt19937 constructor).
        _state[0] = (uint)seed;
        for (int i = 1; i < StateSize; i++)
            _state[i] = 1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30)) + (uint)i;
    }

    /// <summary>The next raw 32-bit output.</summary>
    public uint NextUInt32()
    {
        if (_next >= StateSize) Twist();
        uint y = _state[_next++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>One element of <c>torch.randint(0, n, …)</c> (ATen <c>random_from_to</c>: <c>r % n</c> for n below 2³²).</summary>
    public int NextBelow(int n) => (int)(NextUInt32() % (uint)n);

    /// <summary>
    /// One element of float32 <c>uniform_(lo, hi)</c>: <c>u = (r &amp; 0xFFFFFF)·2⁻²⁴</c>, value
    /// <c>float32(u·(hi − lo) + lo)</c> evaluated in double with float32 bounds (ATen <c>uniform_real_distribution&lt;float&gt;</c>).
    /// </summary>
    public float NextUniform(float lo, float hi)
    {
        double u = (NextUInt32() & 0xFFFFFFu) * (1.0 / (1 << 24));
        return (float)(u * ((double)hi - lo) + lo);
    }

    /// <summary><c>torch.randperm(n, generator)</c> on CPU: forward Fisher–Yates with <c>z = r % (n − i)</c>.</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = 0; i < n - 1; i++)
        {
            int z = (int)(NextUInt32() % (uint)(n - i));
            (p[i], p[i + z]) = (p[i + z], p[i]);
        }
        return p;
    }

    /// <summary>
    /// <c>torch.randn(count)</c> in float32 (ATen <c>normal_fill</c>): uniforms first, then Box–Muller on blocks of 16
    /// pairing element j with j + 8; a ragged tail recomputes the last 16 values from fresh uniforms.
    /// Tensors under 16 elements use the scalar path (pairs of uniforms per value).
    /// </summary>
    public float[] Normal(int count)
    {
        var data = new float[count];
        if (count < 16)
        {
            // at::normal_distribution<double>: Box–Muller on two 53-bit uniforms, caching nothing for tensors.
            for (int i = 0; i < count; i++)
            {
                double u1 = Next53BitUniform(), u2 = Next53BitUniform();
                data[i] = (float)(Math.Sqrt(-2.0 * Math.Log(1.0 - u2)) * Math.Cos(2.0 * Math.PI * u1));
            }
            return data;
        }
        for (int i = 0; i < count; i++) data[i] = NextUniform(0f, 1f);
        for (int i = 0; i + 16 <= count; i += 16) BoxMuller16(data, i);
        if (count % 16 != 0)
        {
            int start = count - 16;
            for (int i = 0; i < 16; i++) data[start + i] = NextUniform(0f, 1f);
            BoxMuller16(data, start);
        }
        return data;
    }

    private double Next53BitUniform()
    {
        ulong r = ((ulong)NextUInt32() << 32) | NextUInt32();
        return (r & ((1UL << 53) - 1)) * (1.0 / (1UL << 53));
    }

    private static void BoxMuller16(float[] data, int offset)
    {
        for (int j = 0; j < 8; j++)
        {
            float u1 = 1f - data[offset + j];
            float u2 = data[offset + j + 8];
            float radius = MathF.Sqrt(-2f * MathF.Log(u1));
            float theta = 2f * MathF.PI * u2;
            data[offset + j] = radius * MathF.Cos(theta);
            data[offset + j + 8] = radius * MathF.Sin(theta);
        }
    }

    private void Twist()
    {
        for (int i = 0; i < StateSize; i++)
        {
            uint y = (_state[i] & 0x80000000u) | (_state[(i + 1) % StateSize] & 0x7fffffffu);
            uint v = _state[(i + Shift) % StateSize] ^ (y >> 1);
            if ((y & 1) != 0) v ^= 0x9908b0dfu;
            _state[i] = v;
        }
        _next = 0;
    }
}
