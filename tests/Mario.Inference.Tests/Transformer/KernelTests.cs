using Mario.Inference.Transformer;

namespace Mario.Inference.Tests.Transformer;

/// <summary>Each kernel against a naive double-precision loop on seeded random data.</summary>
public sealed class KernelTests
{
    private static float[] Random(int n, int seed, float scale = 1f)
    {
        var r = new Random(seed);
        var a = new float[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = (float)(r.NextDouble() * 2 - 1) * scale;
        }

        return a;
    }

    [Theory]
    [InlineData(1, 1, 1, WeightFormat.F32)]
    [InlineData(3, 5, 7, WeightFormat.F32)]
    [InlineData(5, 37, 70, WeightFormat.F32)]
    [InlineData(2, 300, 64, WeightFormat.F32)]
    [InlineData(7, 129, 520, WeightFormat.F32)]
    [InlineData(1, 9, 13, WeightFormat.BF16)]
    [InlineData(4, 300, 64, WeightFormat.BF16)]
    [InlineData(3, 129, 520, WeightFormat.BF16)]
    [InlineData(1, 37, 2061, WeightFormat.BF16)]
    [InlineData(3, 37, 2061, WeightFormat.BF16)]
    [InlineData(5, 37, 2061, WeightFormat.BF16)]
    [InlineData(1, 50, 2048, WeightFormat.F32)]
    public void MatMul_MatchesNaiveLoop(int n, int rows, int cols, WeightFormat format)
    {
        var wValues = Random(rows * cols, 1);
        var x = Random(n * cols, 2);
        using var w = WeightMatrix.FromSingle(wValues, rows, cols, format);
        var y = new float[n * rows];

        Kernels.MatMul(w, x, y, n, new ParallelOptions { MaxDegreeOfParallelism = 2 });

        var row = new float[cols];
        for (var b = 0; b < n; b++)
        {
            for (var r = 0; r < rows; r++)
            {
                w.ReadRow(r, row);
                double expected = 0;
                for (var k = 0; k < cols; k++)
                {
                    expected += (double)row[k] * x[b * cols + k];
                }

                Assert.Equal(expected, y[b * rows + r], 1e-4 * Math.Sqrt(cols));
            }
        }
    }

    [Theory]
    [InlineData(3, 5, 7, WeightFormat.F32)]
    [InlineData(5, 37, 70, WeightFormat.F32)]
    [InlineData(4, 300, 64, WeightFormat.BF16)]
    [InlineData(3, 131, 523, WeightFormat.BF16)]
    [InlineData(1, 37, 2061, WeightFormat.BF16)]
    [InlineData(2, 33, 2048, WeightFormat.F32)]
    public unsafe void MatMulKernels_256BitPath_MatchesNaiveLoop(int n, int rows, int cols, WeightFormat format)
    {
        // The AVX-512 kernels run on this machine; the 256-bit ones (AVX2 machines) are checked by asking for them.
        var wValues = Random(rows * cols, 21);
        var x = Random(n * cols, 22);
        using var w = WeightMatrix.FromSingle(wValues, rows, cols, format);
        var y = new float[n * rows];

        fixed (float* xp = x)
        fixed (float* yp = y)
        {
            MatMulKernels.Rows(w, xp, yp, n, 0, rows, use512: false);
        }

        var row = new float[cols];
        for (var b = 0; b < n; b++)
        {
            for (var r = 0; r < rows; r++)
            {
                w.ReadRow(r, row);
                var expected = 0.0;
                for (var k = 0; k < cols; k++)
                {
                    expected += (double)row[k] * x[b * cols + k];
                }

                Assert.Equal(expected, y[b * rows + r], 1e-4 * Math.Sqrt(cols));
            }
        }
    }

    [Theory]
    [InlineData(1, 1, WeightFormat.F32)]
    [InlineData(7, 37, WeightFormat.F32)]
    [InlineData(9, 48, WeightFormat.BF16)]
    [InlineData(6, 21, WeightFormat.BF16)]
    [InlineData(37, 2061, WeightFormat.F32)]
    public void WeightMatrix_ReadRow_ReturnsTheRowAsGiven(int rows, int cols, WeightFormat format)
    {
        // Values that bf16 holds exactly, so the packed layout's round trip must be exact in both formats.
        var values = Enumerable.Range(0, rows * cols).Select(i => (i - 200) * 0.5f).ToArray();
        using var w = WeightMatrix.FromSingle(values, rows, cols, format);
        var row = new float[cols];

        for (var r = 0; r < rows; r++)
        {
            w.ReadRow(r, row);
            Assert.Equal(values.AsSpan(r * cols, cols).ToArray(), row);
        }
    }

    [Theory]
    [InlineData(301, 203)]
    [InlineData(37, 2061)]
    public void MatMul_RowResult_DoesNotDependOnTheBatch(int rows, int cols)
    {
        using var w = WeightMatrix.FromSingle(Random(rows * cols, 3), rows, cols);
        var x = Random(5 * cols, 4);
        var batched = new float[5 * rows];
        var single = new float[rows];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 2 };

        Kernels.MatMul(w, x, batched, 5, parallel);

        for (var b = 0; b < 5; b++)
        {
            Kernels.MatMul(w, x.AsSpan(b * cols, cols), single, 1, parallel);
            Assert.Equal(single, batched.AsSpan(b * rows, rows).ToArray());
        }
    }

    [Fact]
    public void MatMulSharedInput_EqualsSeparateMatMuls()
    {
        const int cols = 96, n = 3;
        using var a = WeightMatrix.FromSingle(Random(700 * cols, 11), 700, cols, WeightFormat.BF16);
        using var b = WeightMatrix.FromSingle(Random(130 * cols, 12), 130, cols);
        using var c = WeightMatrix.FromSingle(Random(4 * cols, 13), 4, cols);
        var x = Random(n * cols, 14);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 2 };
        var (ya, yb, yc) = (new float[n * 700], new float[n * 130], new float[n * 4]);

        Kernels.MatMulSharedInput(x, n, parallel, a, ya, b, yb, c, yc);

        foreach (var (w, fused) in new[] { (a, ya), (b, yb), (c, yc) })
        {
            var alone = new float[fused.Length];
            Kernels.MatMul(w, x, alone, n, parallel);
            Assert.Equal(alone, fused);
        }
    }

    [Fact]
    public void RmsNorm_MatchesNaiveLoop()
    {
        var x = Random(64, 5, 3f);
        var w = Random(64, 6);
        var y = new float[64];

        Kernels.RmsNorm(x, w, 1e-6f, y);

        var ms = x.Sum(v => (double)v * v) / x.Length;
        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal(x[i] / Math.Sqrt(ms + 1e-6) * w[i], y[i], 1e-5);
        }
    }

    [Fact]
    public void Softmax_MatchesNaiveLoop_EvenForLargeLogits()
    {
        var x = Random(50, 7, 500f);
        var expected = x.Select(v => Math.Exp(v - x.Max())).ToArray();
        var sum = expected.Sum();

        Kernels.Softmax(x);

        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal(expected[i] / sum, x[i], 1e-6);
        }
    }

    [Fact]
    public void Rope_RotatesHalvesLikeHuggingFace()
    {
        const int hd = 8, heads = 2;
        var v = Random(hd * heads, 8);
        var original = v.ToArray();
        var inv = new[] { 1f, 0.1f, 0.01f, 0.001f };
        const int pos = 5;
        var cos = inv.Select(f => MathF.Cos(pos * f)).ToArray();
        var sin = inv.Select(f => MathF.Sin(pos * f)).ToArray();

        Kernels.Rope(v, heads, cos, sin);

        for (var h = 0; h < heads; h++)
        {
            for (var i = 0; i < hd; i++)
            {
                // q * cos + rotate_half(q) * sin, with rotate_half(q) = [-q2, q1]
                var j = i % (hd / 2);
                var rotated = i < hd / 2 ? -original[h * hd + i + hd / 2] : original[h * hd + i - hd / 2];
                var expected = original[h * hd + i] * Math.Cos(pos * inv[j]) + rotated * Math.Sin(pos * inv[j]);
                Assert.Equal(expected, v[h * hd + i], 1e-5);
            }
        }
    }

    [Fact]
    public void SwiGlu_IsSiluOfGateTimesUp()
    {
        var gate = Random(33, 9, 6f);
        var up = Random(33, 10);
        var expected = gate.Select((g, i) => g / (1 + Math.Exp(-g)) * up[i]).ToArray();

        Kernels.SwiGlu(gate, up);

        for (var i = 0; i < gate.Length; i++)
        {
            Assert.Equal(expected[i], gate[i], 1e-5);
        }
    }
}
